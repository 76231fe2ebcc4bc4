"""Findings whose fixes are right (issue 9): one finding per problem across categories
where a pack declares it (``supersedes``), spans that stop where the words stop, chat
shorthand with two meanings never fixed automatically, and Harper's "it's monday"."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLES, run_cli

from commlint import Config, Linter
from commlint.errors import PackError
from commlint.findings.filters import merge_superseded
from commlint.findings.model import Applicability, Finding, Fix, Severity
from commlint.packs.loader import load_ruleset
from commlint.sources import read_documents

HARPER = Config(grammar="harper")


@pytest.fixture(scope="module")
def harper() -> Linter:
    return Linter(HARPER)


def _ids(linter: Linter, text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.start : f.end]) for f in linter.lint_text(text)]


# -- "!!!": one finding, the tone one, with the safe fix ----------------------------------


def test_repeated_marks_are_one_tone_finding_that_carries_the_safe_fix(harper: Linter) -> None:
    text = "The problem is on your end!!! We checked."
    found = [f for f in harper.lint_text(text) if text[f.start : f.end] == "!!!"]
    assert [f.rule_id for f in found] == ["T116"]
    assert found[0].fix == Fix(26, 29, "!", Applicability.SAFE)


def test_without_the_tone_finding_the_mechanics_one_stays(harper: Linter) -> None:
    text = "Thanks so much for your patience!!!"  # friendly: T116 is cancelled, GM102 reports it
    assert [f.rule_id for f in harper.lint_text(text) if text[f.start : f.end] == "!!!"] == ["GM102"]
    ignored = Linter(Config(grammar="harper", ignore=("tone",)))
    assert [f.rule_id for f in ignored.lint_text("The problem is on your end!!!") if f.category in ("tone", "grammar")] == ["GM102"]


def test_jargon_and_acronym_on_one_word_stay_two_findings(harper: Linter) -> None:
    text = (EXAMPLES / "poor-reply.txt").read_text()
    found = {rule for rule, words in _ids(harper, text) if words in ("DNS", "DNS cache")}
    assert {"A101", "J101"} <= found


def _finding(rule: str, start: int, end: int, fix: Fix | None = None) -> Finding:
    return Finding(
        rule_id=rule, rule_name="x.y", category="x", severity=Severity.WARNING, message="m", rationale="r",
        match="", start=start, end=end, line=1, column=start + 1, fix=fix,
    )


def test_merge_superseded_drops_only_declared_rules_inside_the_span() -> None:
    safe = Fix(5, 8, "!", Applicability.SAFE)
    tone, mark, other, outside = _finding("T116", 5, 8), _finding("GM102", 5, 8, safe), _finding("S101", 5, 8), _finding("GM102", 9, 12)
    merged = merge_superseded([tone, mark, other, outside], {"T116": frozenset({"GM102"})})
    assert [f.rule_id for f in merged] == ["T116", "S101", "GM102"]
    assert merged[0].fix == safe and merged[2] is outside
    shown = _finding("T116", 5, 8, Fix(5, 8, "!", Applicability.UNSAFE))
    assert merge_superseded([shown, mark], {"T116": frozenset({"GM102"})})[0].fix is shown.fix  # its own fix stays


def test_a_pack_naming_an_unknown_rule_to_supersede_is_one_error(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\ndescription: d\nrules:\n  - id: Z101\n    name: tone.z\n    category: tone\n    severity: info\n"
        "    type: phrase\n    message: m\n    rationale: r\n    suggestions: [s]\n    supersedes: [Q999]\n"
        "    matcher: {phrases: [zork]}\n    examples: {bad: ['[[zork]]'], good: [fine]}\n"
    )
    with pytest.raises(PackError, match="supersedes.*no rule has the id 'Q999'"):
        load_ruleset([pack], [])


# -- S110: the span stops at the link text -------------------------------------------------


def test_u_before_a_full_stop_is_reported_without_it(linter: Linter) -> None:
    assert ("S110", "u") in _ids(linter, "Thanks, I'll call u.")
    text = "See [the guide for u](https://example.com/u)."
    (document,) = read_documents(text.encode(), "a.md")
    (finding,) = [f for f in linter.lint_document(document) if f.rule_id == "S110"]
    assert text[finding.start : finding.end] == "u" and finding.fix.replacement == "you"


# -- S101 and S114: shorthand with two meanings is never fixed ----------------------------


@pytest.mark.parametrize("text, words", [
    ("The refund went through, so you're gtg.", "gtg"),
    ("The timesheet for w/e 14 June is attached.", "w/e"),
])
def test_shorthand_with_two_meanings_is_a_suggestion_only(linter: Linter, text: str, words: str) -> None:
    (finding,) = [f for f in linter.lint_text(text) if f.category == "slang"]
    assert (finding.rule_id, text[finding.start : finding.end]) == ("S114", words)
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY


def test_ngl_keeps_its_meaning_and_its_safe_fix(linter: Linter) -> None:
    (finding,) = [f for f in linter.lint_text("ngl the new dashboard is slower.") if f.rule_id == "S101"]
    assert finding.fix.replacement == "To be honest" and finding.fix.applicability is Applicability.SAFE


def test_fix_leaves_ambiguous_shorthand_alone() -> None:
    draft = b"Hi Sam,\n\nThe refund went through, so you're gtg. Did u get the email?\n\nBest,\nAlex\n"
    result = run_cli(["--no-cache", "--grammar", "harper", "--fix", "--unsafe-fixes", "--stdin-filename", "r.txt", "-"], stdin=draft)
    assert result.stdout_bytes == draft.replace(b" u ", b" you ")


# -- Harper: "it's monday" is "it is" --------------------------------------------------------


@pytest.mark.parametrize("text", [
    "hey Sam, it's monday, so the office is open.",
    "It's Monday, we will call you then.",
    "I know it's noon. We will call you at one.",
])
def test_its_before_a_day_or_time_is_not_a_possessive(harper: Linter, text: str) -> None:
    assert not [f for f in harper.lint_text(text) if f.rule_id == "GR.harper.ItsPossessive"]


def test_a_real_its_slip_is_still_reported(harper: Linter) -> None:
    text = "The app lost it's settings after the update."
    assert [text[f.start : f.end] for f in harper.lint_text(text) if f.rule_id == "GR.harper.ItsPossessive"] == ["it's"]


def test_its_monday_in_a_chat_turn() -> None:  # the case reported: a lower-case chat turn
    result = run_cli(["--no-cache", "--grammar", "harper", "--channel", "chat", "--select", "grammar",
                      "--stdin-filename", "chat.txt", "-"], stdin=b"hey Sam, it's monday, so the office is open\n")
    assert "ItsPossessive" not in result.stdout
