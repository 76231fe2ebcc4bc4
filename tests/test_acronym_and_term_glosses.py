"""Terms and acronyms the writer explains in passing, or uses as a name or a field label, are
not reported (J119, the condition the jargon term rules share, and A101); the same words
bare still are. Also: an acronym variant is matched in capitals only, so "ILL" (inter-library
loan) does not find "ill", "worse" or "worst"."""
from __future__ import annotations

import pytest

from commlint import Config, Linter
from commlint.lint.harness import example_problems
from commlint.lint.rules import build_ruleset
from commlint.sources.plain import text_document


def _findings(linter: Linter, text: str, category: str) -> list[str]:
    document = text_document(text).with_settings(kind="reply", channel="email")
    return [f.match for f in linter.lint_document(document) if f.category == category]


@pytest.mark.parametrize(
    "text",
    [
        "The rattle is the bottom bracket, which is the bearing your pedals turn on.",  # a relative clause
        "We can print the case in PETG, a tough plastic that copes with heat.",  # an appositive
        "Please fill in the Property Irregularity Report (PIR) form within 21 days.",  # a form's own name
        "Enter these details in your till:\nAPI key: sk_live_51Hq7TfL2\nMerchant number: 771203",  # field labels
        "The captain waited for the worst of the swell to pass; two passengers felt ill.",  # everyday words
    ],
)
def test_terms_explained_named_or_labelled_are_not_jargon(linter, text: str) -> None:
    assert _findings(linter, text, "jargon") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The rattle is the bottom bracket, so it needs replacing.", ["bottom bracket"]),
        ("The cassette, which is worn, needs replacing.", ["cassette"]),  # "which is" + a description: no gloss
        ("Please send your API key and the PIR form.", ["API key"]),
        ("We found a DNS leak, a photo of the test and a log.", ["DNS leak"]),  # a list, not an appositive
        ("The book came by ILL from another library.", ["ILL"]),
    ],
)
def test_the_same_terms_bare_are_jargon(linter, text: str, expected: list[str]) -> None:
    assert _findings(linter, text, "jargon") == expected


def test_the_helper_rule_examples_hold() -> None:
    """J119 is off by default (a named condition), so the shared example test never sees it."""
    config = Config(select=("J119",))
    ruleset = build_ruleset(config)
    rule = ruleset.get("J119")
    assert rule is not None and not rule.meta.enabled
    linter = Linter(config, ruleset)
    for bad, examples in ((True, rule.meta.bad), (False, rule.meta.good)):
        for example in examples:
            assert example_problems(rule, example, bad, linter) == [], example.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Your printer uses PLA, a plant-based plastic that is stiff.", []),
        ("Your printer uses PLA, so it prints at a low temperature.", ["PLA"]),
        ("HM Land Registry has your deeds; the RMA Return Label is attached.", []),
        ("Deliver it to Reading RG4 7TT today.", []),
        ("Check the RMA for the Portenta Vision Shield.", ["RMA"]),
    ],
)
def test_acronyms_glossed_named_or_in_an_address(linter, text: str, expected: list[str]) -> None:
    assert _findings(linter, text, "acronym") == expected
