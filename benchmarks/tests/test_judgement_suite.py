"""The judgement suite is well formed, and its sealed half is the one that was sealed."""
from __future__ import annotations

import re

import pytest

import judgement

SEALED_DIGEST = re.search(r"Sealed digest: `([0-9a-f]{64})`", (judgement.SUITE / "README.md").read_text()).group(1)


def test_the_sealed_half_is_unchanged() -> None:
    assert judgement.digest("sealed") == SEALED_DIGEST


@pytest.mark.parametrize("half", judgement.HALVES)
def test_cases_are_well_formed(half: str) -> None:
    cases = judgement.load(half)
    assert len(cases) >= 150
    assert len({c.id for c in cases}) == len(cases)
    for case in cases:
        assert set(case.expect) <= set(judgement.CATEGORIES), case.id
        assert set(case.forbid) <= set(judgement.CATEGORIES), case.id
        assert not set(case.expect) & set(case.forbid), case.id
        assert case.kind in ("reply", "macro", "article") and case.channel in ("email", "chat", "ticket", "kb")
    assert sum(1 for c in cases if not c.expect) >= len(cases) // 4  # at least a quarter clean


def test_the_sealed_half_is_never_printed(capsys) -> None:
    with pytest.raises(SystemExit):
        judgement.main(["--half", "sealed", "--show-misses"])
    assert "never read" in capsys.readouterr().err
