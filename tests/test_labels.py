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


def test_a_clause_that_contains_a_label_is_still_judged(linter) -> None:
    # The blame spans the label "Place Order"; most of it is the writer's prose, so the
    # label does not hide it (before, any touch of a label dropped the finding).
    from commlint.sources.plain import text_document

    text = "The fee is shown when you tap Place Order and in every confirmation email. The fee stands."
    assert [text[m.start:m.end] for s in text_document(text).segments for m in s.masks] == ["Place Order"]
    found = [f.match for f in linter.lint_text(text, kind="reply", channel="chat") if f.rule_id == "T194"]
    assert found == ["shown when you tap Place Order and in every confirmation email"]


def test_a_finding_mostly_inside_a_label_is_hidden(linter) -> None:
    # "Sync Cache" is jargon-shaped, but here it is the words on the button
    text = "Select Clear Sync Cache and restart the app."
    assert not [f for f in linter.lint_text(text) if f.category == "jargon"]
