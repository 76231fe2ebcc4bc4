"""On-screen labels are recognised by their frame and protected from word-level rules."""
from __future__ import annotations

import pytest

from commlint.sources.labels import label_spans


@pytest.mark.parametrize(
    "text, labels",
    [
        ("To fix it, select Clear Sync Cache and restart.", ["Clear Sync Cache"]),
        ("Tap “Forgot password” on the sign-in screen.", ["Forgot password"]),
        ("Go to Settings > Privacy > Location Services.", ["Settings > Privacy > Location Services"]),
        ("Click the Save button.", ["Save"]),
        ("Open the File menu and choose Export as PDF.", ["File", "Export as PDF"]),
        ("click OK to continue", ["OK"]),
        ("Please check the DNS settings.", []),  # capitals before a noun name a thing, not a label
        ("We will look at it on Monday.", []),
        ("Click here to open it.", []),
    ],
)
def test_labels_found_by_their_frame(text: str, labels: list[str]) -> None:
    assert [text[a:b] for a, b in label_spans(text)] == labels


def test_labels_hide_jargon_but_not_the_sentence(linter) -> None:
    text = "Select Clear Sync Cache, then flush the DNS cache on your router."
    findings = linter.lint_text(text)
    assert [f.match for f in findings if f.category == "jargon"] == ["DNS cache"]


def test_shouting_and_a_switched_feature_are_not_labels() -> None:
    from commlint.sources.labels import label_spans

    assert label_spans("PLEASE STOP OPENING NEW TICKETS") == []
    assert label_spans("Please enable 2FA on your account.") == []
    text = "Press OK, then turn on Dark Mode."
    assert [text[a:b] for a, b in label_spans(text)] == ["OK", "Dark Mode"]
