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
    ("heavy traffic", "congestions", "The ", " were bad.", "", "congestion", ("heavy traffic was", 0, 5)),
    # a singular rewrite of a plural does not pull the verb back to the singular
    ("database search", "SQL queries", "The ", " are slow.", "", "SQL query", ("database searches", 0, 0)),
    # a/an before the span follows the rewrite's first word
    ("urgent fix", "hotfix", "We are going to push a ", " asap.", "", "hotfix", ("an urgent fix", 2, 0)),
    ("urgent fix", "hotfix", "A ", " is on its way.", "", "hotfix", ("An urgent fix", 2, 0)),
    ("service agreement", "SLA", "It is an ", " issue.", "", "SLA", ("a service agreement", 3, 0)),
    ("service agreement", "SLA", "It is a ", " issue.", "", "SLA", ("service agreement", 0, 0)),
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
