"""Phrases say "not" once and find it written either way: "do not hesitate" also finds
"don't hesitate", "cannot" finds "can't", and a phrase that starts with "not" finds the
contraction with its verb ("not my job" finds "isn't my job", reported as whole words)."""
from __future__ import annotations

from pathlib import Path

from commlint import Config, Linter

PACK = """\
pack: testpack
description: d
rules:
  - id: T951
    name: tone.t-contractions
    category: tone
    severity: warning
    type: phrase
    message: "m {match}"
    rationale: r
    suggestions: ["s"]
    matcher:
      inflect: false
      phrases:
        - "do not hesitate"
        - "we cannot help"
        - "not my job"
        - {text: "not our problem", replace: "outside what we can change"}
    examples:
      bad: ["Please [[do not hesitate]] to call."]
      good: ["Please call us."]
"""


def _linter(tmp_path: Path) -> Linter:
    (tmp_path / "testpack.yaml").write_text(PACK, encoding="utf-8")
    return Linter(Config(default_packs=False, packs=(str(tmp_path / "testpack.yaml"),)))


def _matches(linter: Linter, text: str) -> list[str]:
    return [f.match for f in linter.lint_text(text)]


def test_a_contracted_not_matches_a_phrase_written_in_full(tmp_path: Path) -> None:
    linter = _linter(tmp_path)
    assert _matches(linter, "Please don't hesitate to call.") == ["don't hesitate"]
    assert _matches(linter, "Please don’t hesitate to call.") == ["don’t hesitate"]
    assert _matches(linter, "Sorry, we can't help with that.") == ["we can't help"]
    assert _matches(linter, "Please do not hesitate to call.") == ["do not hesitate"]


def test_a_leading_not_takes_its_verb(tmp_path: Path) -> None:
    linter = _linter(tmp_path)
    assert _matches(linter, "It really isn't my job to explain it.") == ["isn't my job"]
    assert _matches(linter, "That is not my job.") == ["not my job"]


def test_a_phrase_with_a_rewrite_keeps_to_its_own_words(tmp_path: Path) -> None:
    # the rewrite replaces "not our problem"; "isn't our problem" would lose its verb
    linter = _linter(tmp_path)
    assert _matches(linter, "That isn't our problem.") == []
    assert _matches(linter, "That is not our problem.") == ["not our problem"]
