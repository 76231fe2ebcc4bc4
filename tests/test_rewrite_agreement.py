"""Rewrites that agree with the sentence they land in (issue 9): a plural head noun keeps
its number in the rewrite, also for a hand-listed variant ("SQL queries" of "SQL query"),
and "a"/"an" before the span follows the rewrite's first word, or the fix is not offered.
"""
from __future__ import annotations

import pytest

from commlint import Config, Linter
from commlint.ruletypes.rewrite import fit, kept_tail


@pytest.mark.parametrize("replacement, matched, before, after, tag, term, expected", [
    # a plural head noun told by the matched variant, not by the tagger (exact terms give no tag)
    ("database search", "SQL queries", "obviously the ", " time out", "", "SQL query", ("database searches", 0, 0)),
    ("database search", "SQL Queries", "", " are slow.", "", "SQL query", ("Database searches", 0, 0)),
    ("database search", "SQL queries", "The ", " are slow.", "NNPS", "SQL query", ("database searches", 0, 0)),
    ("urgent fix", "hotfixes", "We shipped two ", " today.", "", "hotfix", ("urgent fixes", 0, 0)),
    ("combined lookup across tables", "SQL joins", "The ", " are slow.", "", "SQL join",
     ("combined lookups across tables", 0, 0)),
    # no plural where the match is the term itself, or the replacement cannot take one
    ("database search", "SQL query", "The ", " is slow.", "", "SQL query", ("database search", 0, 0)),
    ("moving goods straight from delivery to dispatch", "cross-docking", "We use ", " for this.", "NNS",
     "cross-docking", ("moving goods straight from delivery to dispatch", 0, 0)),  # the tagger's NNS is wrong
    ("heavy traffic", "congestions", "The ", " were bad.", "", "congestion", ("heavy traffic was", 0, 5)),
    # a singular rewrite of a plural does not pull the verb back to the singular
    ("database search", "SQL queries", "The ", " are slow.", "", "SQL query", ("database searches", 0, 0)),
    # a/an before the span follows the rewrite's first word
    ("urgent fix", "hotfix", "We are going to push a ", " asap.", "", "hotfix", ("an urgent fix", 2, 0)),
    ("urgent fix", "hotfix", "A ", " is on its way.", "", "hotfix", ("An urgent fix", 2, 0)),
    ("service agreement", "SLA", "It is an ", " issue.", "", "SLA", ("a service agreement", 3, 0)),
    ("service agreement", "SLA", "It is a ", " issue.", "", "SLA", ("service agreement", 0, 0)),
    # agreement: after a determiner an "-ing" first word is a modifier; the plural head decides
    ("billing date", "billing anchors", "The ", " are ready now.", "NNS", "billing anchor", ("billing dates", 0, 0)),
    ("operating system core", "kernels", "The ", " are ready now.", "NNS", "kernel", ("operating system cores", 0, 0)),
    ("reading unsaved changes", "dirty reads", "The ", " are ready now.", "NNS", "dirty read",
     ("reading unsaved changes", 0, 0)),
    ("guessing passwords from a word list", "dictionary attack", "", " is over.", "", "dictionary attack",
     ("Guessing passwords from a word list", 0, 0)),  # no determiner: a gerund, one activity
    ("picking shelf", "pick faces", "The ", " are ready now.", "NNS", "pick face", ("picking shelves", 0, 0)),
    # relative clause: a plural head takes a plural verb
    ("layout that fits any screen", "responsive designs", "The ", " are ready.", "NNS", "responsive design",
     ("layouts that fit any screen", 0, 0)),
    ("person who manages your calendar", "calendar delegates", "We checked the ", " today.", "NNS",
     "calendar delegate", ("persons who manage your calendar", 0, 0)),
    ("layout that fits any screen", "responsive design", "The ", " is ready.", "", "responsive design",
     ("layout that fits any screen", 0, 0)),
    # superlative: "the", not "a"
    ("lowest price allowed in ads", "minimum advertised price", "We found a ", " today.", "", "minimum advertised price",
     ("the lowest price allowed in ads", 2, 0)),
    ("earliest covered date", "retroactive date", "A ", " applies.", "", "retroactive date",
     ("The earliest covered date", 2, 0)),
    # article: no "a" before a plural or uncountable head with a modifier after it, or a number
    ("bags counted by number", "piece concept", "We found a ", " today.", "", "piece concept", ("bags counted by number", 2, 0)),
    ("extra bags left beside the bin", "side waste", "We found a ", " today.", "", "side waste",
     ("extra bags left beside the bin", 2, 0)),
    ("water lost from the network", "NRW", "We found an ", " today.", "", "NRW", ("water lost from the network", 3, 0)),
    ("players online at once", "CCU", "We found a ", " today.", "", "CCU", ("players online at once", 2, 0)),
    ("security monitoring team", "security operations centers", "The ", " are ready.", "NNS", "security operations center",
     ("security monitoring teams", 0, 0)),
    ("health record system", "EHR", "We found an ", " today.", "", "EHR", ("a health record system", 3, 0)),
    ("bookings so far", "pickup report", "We found a ", " today.", "", "pickup report", ("bookings so far", 2, 0)),
    ("Windows installer file", "MSI packages", "The ", " are ready.", "NNS", "MSI package", ("Windows installer files", 0, 0)),
    ("loading content as needed", "lazy loadings", "The ", " are ready.", "NNS", "lazy loading",
     ("loading content as needed is", 0, 4)),
    ("three times a day", "TID", "We found a ", " today.", "", "TID", ("three times a day", 2, 0)),
    ("three times a day", "TID", "", " is enough.", "", "TID", ("Three times a day", 0, 0)),
    ("two step check", "2FA", "We use a ", " now.", "", "2FA", ("two step check", 0, 0)),
    ("billing date", "billing anchor", "We found a ", " today.", "", "billing anchor", ("billing date", 0, 0)),
    # case: a name keeps its capitals mid-sentence
    ("Google's hosting service", "GCP", "We checked the ", " today.", "", "GCP", ("Google's hosting service", 4, 0)),
    ("Outlook account settings", "Outlook profile", "We checked the ", " today.", "", "Outlook profile",
     ("Outlook account settings", 0, 0)),
    ("By the way", "BTW", "I checked, ", ", the router.", "", "BTW", ("by the way", 0, 0)),
    # inflection: a hyphenated match ("re-sent", split at the hyphen) keeps its tense
    ("resend", "re-sent again", "We have ", " the form.", "", "resend again", ("re-sent", 0, 0)),
    ("resend", "re-sending again", "We are ", " the form.", "", "resend again", ("re-sending", 0, 0)),
])
def test_fit_agrees(replacement, matched, before, after, tag, term, expected):
    got = fit(replacement, matched, before, after, tag, term)
    assert (got.text, got.before, got.after) == expected and got.whole


@pytest.mark.parametrize("replacement, matched, before, after, term, text, whole", [
    # markup between the article and the match: the rewrite cannot reach the article
    ("urgent fix", "hotfix", "We push a ", " today.", "hotfix", "urgent fix", False),
    ("saved address lookups", "DNS cache", "The ", " is stale.", "DNS cache", "saved address lookups", False),
    # ... which is fine when the article already fits, or a doubled one is left out
    ("delay", "latency", "We saw a ", " spike.", "latency", "delay", True),
    ("the internet's address book", "DNS", "Check the ", " now.", "DNS", "internet's address book", True),
])
def test_fit_without_reach_says_when_the_sentence_needs_more(replacement, matched, before, after, term, text, whole):
    got = fit(replacement, matched, before, after, "", term, extend=False)
    assert (got.text, got.before, got.after, got.whole) == (text, 0, 0, whole)


@pytest.mark.parametrize("matched, replacement, tail", [
    ("u.", "you.", 1), ("going forward,", "from now on,", 1), ("u", "you", 0), ("!!!", "!", 0), ("SLA", "", 0),
])
def test_kept_tail(matched, replacement, tail):
    assert kept_tail(matched, replacement) == tail


@pytest.fixture(scope="module")
def jargon() -> Linter:
    return Linter(Config(select=("jargon",)))


def _fixed(linter: Linter, text: str, unsafe: bool = True) -> str:
    out = text
    for finding in sorted((f for f in linter.lint_text(text) if f.fix), key=lambda f: -f.fix.start):
        out = out[: finding.fix.start] + finding.fix.replacement + out[finding.fix.end :]
    return out


def test_the_example_sentence_keeps_its_agreement(jargon: Linter) -> None:
    text = "Obviously the SQL queries time out, so we will push a hotfix today."
    assert _fixed(jargon, text) == "Obviously the database searches time out, so we will push an urgent fix today."


def test_a_rewrite_that_cannot_reach_its_article_is_a_suggestion_only(jargon: Linter) -> None:
    from commlint.sources import read_documents

    (document,) = read_documents(b"We will push a **hotfix** today.\n", "a.md")
    (finding,) = [f for f in jargon.lint_document(document) if f.rule_id == "J108"]
    assert finding.fix is None and "an urgent fix" in finding.suggestions[0]
