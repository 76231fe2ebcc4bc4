"""Backticked code in plain text and chat is masked as code: rules about wording leave it
alone, privacy rules still read it."""
from __future__ import annotations

from commlint.sources.plain import text_document


def test_backticked_code_is_a_code_mask_with_its_text_kept() -> None:
    text = "Pass `payment_method_types` when you create it.\n"
    (segment,) = text_document(text).segments
    (mask,) = segment.masks
    assert mask.kind == "code" and segment.text[mask.start:mask.end] == "`payment_method_types`"


def test_code_in_backticks_is_not_jargon_but_a_secret_in_it_is_still_found(linter) -> None:
    chat = dict(kind="reply", channel="chat")
    assert not [f for f in linter.lint_text("Use the `client_secret` from the response.", **chat) if f.category == "jargon"]
    assert [f.rule_id for f in linter.lint_text("Use the client_secret from the response.", **chat) if f.category == "jargon"]
    found = linter.lint_text("Your new key is `sk_live_4eC39HqLyjWDarjtT1zdp7dc` now.", **chat)
    assert any(f.category == "privacy" for f in found)
