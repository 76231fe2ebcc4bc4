"""rules/mechanics.yaml: a doubled word and a run of marks, each with a safe fix that keeps
the meaning; and the ``replace`` option of regex rules that gives them their rewrite."""
from __future__ import annotations

from pathlib import Path

import pytest

from commlint import data
from commlint.errors import PackError
from commlint.findings import Applicability
from commlint.packs.loader import load_ruleset


def _fixes(linter, text: str, rule_id: str) -> list[tuple[str, str]]:
    return [(text[f.fix.start : f.fix.end], f.fix.replacement) for f in linter.lint_text(text)
            if f.rule_id == rule_id and f.fix is not None]


@pytest.mark.parametrize(("text", "expected"), [
    ("Please tick the the box.", [("the the", "the")]),
    ("The the invoice is attached.", [("The the", "The")]),
    ("Please tick the\r\nthe box.", [("the\r\nthe", "the")]),  # across a line break
    ("Send it to your   your bank.", [("your   your", "your")]),
    ("I told you you would get a refund.", []),  # good English: left alone
    ("Ask the person you spoke to to check it.", []),
    ("The problem we had had nothing to do with it.", []),
    ("Use AND and OR in the formula.", []),
])
def test_doubled_word_fix(linter, text: str, expected) -> None:
    assert _fixes(linter, text, "GM101") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Thank you for waiting!!!", [("!!!", "!")]),
    ("Did the email arrive?????", [("?????", "?")]),
    ("Is it confirmed?! I see two charges.", []),
    ("Great, that worked!!", []),
    ("Block numbers such as 0x028????.", []),
])
def test_repeated_punctuation_fix(linter, text: str, expected) -> None:
    # where the marks also read as shouting, T116 (tone) supersedes GM102 and carries its fix
    assert _fixes(linter, text, "GM102") + _fixes(linter, text, "T116") == expected


def test_mechanics_fixes_are_safe(ruleset) -> None:
    for rule_id in ("GM101", "GM102"):
        assert ruleset.get(rule_id).meta.fix is Applicability.SAFE


def test_no_rewrite_across_markup(linter) -> None:
    from commlint.sources import read_documents

    [document] = read_documents("Tick **the** the box, then tick the the box.\n".encode(), "a.md")
    found = {f.match: f.fix for f in linter.lint_document(document) if f.rule_id == "GM101"}
    assert set(found) == {"the** the", "the the"}
    assert found["the the"] is not None and found["the** the"] is None  # markup inside: never rewritten


def test_regex_replace_must_name_a_group(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "pack: bad\ndescription: a bad template\nrules:\n"
        "  - id: Z101\n    name: grammar.bad\n    category: grammar\n    severity: info\n    type: regex\n"
        "    message: \"“{match}”\"\n    rationale: x\n    suggestions: [\"{replacement}\"]\n    fix: safe\n"
        "    matcher: {regex: \"(?P<w>a)a\", replace: \"\\\\g<word>\"}\n"
        "    examples: {bad: [\"[[aa]]\"], good: [\"a\"]}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError, match=r"rule Z101: field 'matcher.replace': the regex has no group 'word'"):
        load_ruleset([pack], [data.lexicons_dir()])
