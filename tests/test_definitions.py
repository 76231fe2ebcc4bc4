"""Has the writer spelled an acronym out? With or without its small words."""
from __future__ import annotations

import pytest

from commlint.ruletypes.definitions import defined


@pytest.mark.parametrize(
    "acronym, text, expected",
    [
        ("SLA", "Our service level agreement (SLA) covers it.", True),
        ("OOBE", "It runs in the Out of the Box Experience (OOBE) screen.", True),  # "of" gives its O
        ("TOS", "Read the Terms of Service (TOS) first.", True),
        ("SLA", "SLA (service level agreement) terms apply.", True),
        ("DNS", "Check the domain (DNS) settings.", False),
        ("OOBE", "It runs in the Out of Box (OOBE) screen.", False),
    ],
)
def test_definitions_small_words_may_count(acronym: str, text: str, expected: bool) -> None:
    assert defined(acronym, text) is expected
