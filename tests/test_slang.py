"""Slang: chat shorthand, current slang, swearing and jokes about users, without the look-alikes."""
from __future__ import annotations

import pytest


def _slang(linter, text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.start : f.end]) for f in linter.lint_text(text) if f.category == "slang"]


@pytest.mark.parametrize("text,rule,words", [
    ("ok [[u]] can retry now", "S110", "u"),
    ("Is [[ur]] order still pending?", "S105", "ur"),
    ("It failed [[bc]] the token expired.", "S101", "bc"),
    ("I'm checking the logs [[rn]].", "S101", "rn"),
    ("Choose [[w/e]] date works for you.", "S114", "w/e"),
    ("That refund request looks [[sus]] to me.", "S111", "sus"),
    ("The new plan is [[lowkey]] cheaper.", "S111", "lowkey"),
    ("[[No cap]], this release is faster.", "S111", "No cap"),
    ("Sorry, [[my bad]], wrong file.", "S105", "my bad"),
    ("[[Bruh]], that's the wrong port.", "S106", "Bruh"),
    ("The [[damn]] form reset again.", "S112", "damn"),
    ("This is a [[hell of a]] bug.", "S112", "hell of a"),
    ("The old app was [[shitty]].", "S113", "shitty"),
    ("Classic [[PEBKAC]], the cable was out.", "S108", "PEBKAC"),
    ("Probably a [[layer 8 issue]].", "S108", "layer 8 issue"),
    ("Honestly, the [[user is the problem]] here.", "S108", "user is the problem"),
])
def test_slang_is_found(linter, text: str, rule: str, words: str) -> None:
    clean = text.replace("[[", "").replace("]]", "")
    assert (rule, words) in _slang(linter, clean)


@pytest.mark.parametrize("text", [
    "The U-boat museum is open on Sundays.",
    "The u-boat replica ships in a separate box.",
    "Ur of the Chaldees is on the tour itinerary.",
    "Hello {ur}, thanks for your order.",
    "Play Gsus4, then sus2, then the sus chord again.",
    "The coin dates from 400 BC.",
    "Ask the RN on the ward about your discharge papers.",
    "The nearest ATM is by the main entrance.",
    "Our Vancouver office, BC, is closed on Monday.",
    "Press U to open the user list.",
    "The dam is part of the regional water authority.",
    "The user is the account owner, so only they can cancel.",
    "A low-key launch is planned for spring.",
    "The Afrikaans locale (af) ships next week.",
])
def test_look_alikes_are_not_slang(linter, text: str) -> None:
    assert _slang(linter, text) == []


def test_every_slang_phrase_with_a_rewrite_offers_it(linter) -> None:
    (finding,) = [f for f in linter.lint_text("I'll check rn.") if f.rule_id == "S101"]
    assert finding.fix is not None and finding.fix.replacement == "right now"


def test_profanity_is_an_error_and_mild_swearing_a_warning(linter) -> None:
    found = {f.rule_id: f.severity.label for f in linter.lint_text("Damn, the fucking export broke.")}
    assert found["S113"] == "error" and found["S112"] == "warning"
