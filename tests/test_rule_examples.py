"""Every example of every shipped rule, as its own test: bad ones are flagged at the marked
span, good ones are not."""
from __future__ import annotations

import pytest

from commlint import Config
from commlint.lint.rules import build_ruleset
from commlint.lint.harness import example_problems

_RULES = build_ruleset(Config()).rules
_CASES = [
    pytest.param(rule.meta.id, kind == "bad", index, id=f"{rule.meta.id}-{rule.meta.name}-{kind}{index}")
    for rule in _RULES
    for kind, examples in (("bad", rule.meta.bad), ("good", rule.meta.good))
    for index in range(len(examples))
]


@pytest.mark.parametrize(("rule_id", "bad", "index"), _CASES)
def test_rule_example(rule_id: str, bad: bool, index: int, ruleset, linter) -> None:
    rule = ruleset.get(rule_id)
    example = (rule.meta.bad if bad else rule.meta.good)[index]
    assert example_problems(rule, example, bad, linter) == []


def test_rules_exist_in_every_category(ruleset) -> None:
    categories = {rule.meta.category for rule in ruleset.rules}
    expected = {"jargon", "acronym", "slang", "tone", "overpromise", "timeline", "next-steps", "readability", "privacy", "courtesy", "grammar"}
    assert expected <= categories
