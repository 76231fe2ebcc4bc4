"""The seed documents' own examples of poor and good support phrasing, run through the
default rules: the poor ones are flagged (by the category the seed warns about), the good
ones are not flagged at all. The sentences are short quotations used as test cases, read
as chat turns: they are phrasings, not whole emails owing a greeting and a sign-off."""
from __future__ import annotations

import pytest

POOR = [
    ("We need to optimize the SQL queries to reduce latency.", "jargon", "SQL queries"),
    ("We need to optimize the SQL queries to reduce latency.", "jargon", "latency"),
    ("We promise quick fixes and guaranteed solutions.", "overpromise", "guaranteed solutions"),
    ("Our 99.99% uptime guarantee means it will never go down.", "overpromise", "will never go down"),
    ("Let me check the server and I will get back to you soon.", "timeline", "soon"),
    ("Per our SLA, a Pri 3 ticket gets an answer within one business day.", "acronym", "SLA"),
    ("Sounds like a PEBKAC issue to me, lol.", "slang", "PEBKAC"),
    ("Sounds like a PEBKAC issue to me, lol.", "slang", "lol"),
]

GOOD = [
    "We can make the system respond faster by improving how it searches for information. "
    "This means your employees won't be waiting around, and customers will have a better experience.",
    "I'm going to check your server logs first, then test the database connections. "
    "This should take about 15 minutes, and I'll update you with what I find.",
    "I understand this is preventing your team from processing orders. Let me take a look right away.",
    "The connection between your computer and the server got corrupted. I'm rebuilding that connection now.",
    "This type of repair usually takes 30-45 minutes.",
    "The migration is 60% complete, on schedule for Friday.",
    "How is everything working? Any other issues I can help with?",
    "Do you have any questions about what caused this or the steps we took to fix it?",
    "I will get you an update by the end of the day.",
    "We have a Service Level Agreement (SLA) that sets when we answer; under the SLA, urgent issues get a reply within 4 hours.",
    "This type of network issue usually takes 2-3 visits to fully resolve. "
    "We'll start with the most likely causes, but I want you to know we might need to dig deeper.",
]


@pytest.mark.parametrize(("text", "category", "words"), POOR, ids=[f"{c}-{w}" for _, c, w in POOR])
def test_seeds_poor_phrasing_is_flagged(linter, text: str, category: str, words: str) -> None:
    hits = [(f.category, f.match) for f in linter.lint_text(text, channel="chat")]
    assert (category, words) in hits, hits


@pytest.mark.parametrize("text", GOOD, ids=[t[:40] for t in GOOD])
def test_seeds_good_phrasing_is_not_flagged(linter, text: str) -> None:
    assert [(f.rule_id, f.match) for f in linter.lint_text(text, channel="chat")] == []
