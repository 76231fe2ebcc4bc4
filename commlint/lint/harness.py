"""Run rule examples and check the invariants every rule must keep.

Used by the test suite (one parametrized test per example) and usable by pack authors.
"""
from __future__ import annotations

import re

from commlint.lint.engine import Linter
from commlint.findings import Applicability
from commlint.packs.loader import RuleSet
from commlint.ruletypes.base import Example, Rule

_UNFILLED = re.compile(r"\{[a-z_]+\}")


def example_problems(rule: Rule, example: Example, bad: bool, linter: Linter) -> list[str]:
    """What is wrong with ``rule`` on ``example``; empty when the example holds.

    A bad example must be reported at exactly its marked spans; a good one not at all.
    Every finding's message and suggestions are fully filled in, and applying a safe fix
    makes that finding go away.
    """
    solo = Linter(linter.config, RuleSet((rule,)))
    findings = [f for f in _lint(solo, example, example.text) if _of(rule, f.rule_id)]
    problems = []
    got = sorted((f.start, f.end) for f in findings)
    if bad and got != sorted(example.spans):
        problems.append(f"expected spans {_show(example.text, example.spans)}, got {_show(example.text, got)}")
    if not bad and findings:
        problems.append(f"expected no finding, got {_show(example.text, got)}")
    for finding in findings:
        if _UNFILLED.search(finding.message) or not finding.message.strip():
            problems.append(f"message not filled in: {finding.message!r}")
        if not finding.suggestions:
            problems.append(f"no suggestion for {finding.match!r}")
        if finding.fix and finding.fix.applicability is Applicability.SAFE:
            fixed = example.text[: finding.fix.start] + finding.fix.replacement + example.text[finding.fix.end :]
            if any(_of(rule, f.rule_id) for f in _lint(solo, example, fixed) if f.start == finding.start):
                problems.append(f"safe fix {finding.fix.replacement!r} does not silence the rule")
    return problems


def _of(rule: Rule, rule_id: str) -> bool:
    """Is ``rule_id`` the rule's, or one of its engine rules' (``GR.harper.SpellCheck``)?"""
    return rule_id == rule.meta.id or (rule.sub_ids and rule_id.startswith(rule.meta.id + "."))


def _lint(linter: Linter, example: Example, text: str):
    return linter.lint_text(text, kind=example.kind, channel=example.channel)


def _show(text: str, spans) -> str:
    return "[" + ", ".join(repr(text[a:b]) for a, b in spans) + "]"
