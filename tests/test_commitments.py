"""Overpromise and timeline judgement beyond the rule examples: the kinds of promise and
hedge the packs must catch in any wording, and the hard negatives that look like them
(a guarantee as a policy, a rule about passwords, a hedge a concrete time anchors, a
request to the customer)."""
from __future__ import annotations

import pytest

from commlint import Linter


def _categories(linter: Linter, text: str) -> set[str]:
    return {f.category for f in linter.lint_text(text, kind="reply", channel="email")}


OVERPROMISE = [
    "We swapped the router, so this won't happen again.",
    "After the patch you’ll never see this error again.",
    "The disk is replaced now, it can't happen again.",
    "We won't let this happen again.",
    "With the new login you'll never get locked out again.",
    "We tested everything, so nothing can go wrong during the move.",
    "The new release fixes every issue you had with the sync.",
    "This upgrade will solve all your problems with the printer.",
    "Your account is 100% fixed.",
    "The sync is fixed 100% now.",
    "Rest assured, the refund is on its way.",
    "You have nothing to worry about, the card is blocked.",
    "There is zero risk to your data during the migration.",
    "The new storage is completely safe.",
    "I guarantee the parcel arrives tomorrow.",
    "The replacement is guaranteed to work with your model.",
]

NOT_OVERPROMISE = [
    "Your laptop is covered by the 2-year guarantee period, so the repair is free.",
    "Every order comes with our 30-day money-back guarantee.",
    "The warranty covers the screen and the battery.",
    "We can't guarantee a delivery date during the strike, but we'll update you on Friday.",
    "Never share your password with anyone, including our staff.",
    "We will never ask for your password by email.",
    "We can't promise it won't happen again, but the new alert warns us first.",
    "It's safe to restart the router now.",
    "Set the discount to 100% for the first month.",
    "If nothing goes wrong, the move finishes by 6 pm.",
    "Once you save the card, you won't have to type it again.",
    "I've cancelled the subscription, so you won't be charged again.",
    "This update fixes the issues listed below.",
    "The error never happened again after we changed the cable.",
]

TIMELINE = [
    "We'll send the corrected invoice in due course.",
    "The part should arrive before long.",
    "The engineer will be with you any day now.",
    "We'll call you Friday-ish.",
    "I'll ring you at 5ish.",
    "We've raised a trace with the carrier. Updates to follow ASAP.",
    "We'll fix this as soon as possible.",
    "Kindly revert with the documents at the earliest.",
    "We'll look at it when we get a chance.",
    "I'll check the settings in a bit.",
    "Our meter team will visit at some point next week.",
    "We'll do the repair sometime next week.",
    "The refund will reach you in the near future.",
    "We will add this feature at some point.",
    "Waiting on the vendor for the dock, ETA TBC.",
    "Our courier team will be in touch.",
    "The new firmware is coming soon.",
]

NOT_TIMELINE = [
    "Shortly, by 3 pm today, you'll get the confirmation email.",
    "Soon: the engineer arrives at 10 am.",
    "I'll update you as soon as the parcel is scanned.",
    "We'll ship the replacement next week.",
    "Please reply as soon as possible so we can book the courier.",
    "Could you send the invoice soon?",
    "It's too soon to say whether the update helped.",
    "Thanks for your patience, talk soon!",
    "The page reloads shortly after you save the form.",
    "The refund reaches you on Monday at the earliest.",
    "At some point yesterday the sync stopped.",
    "I'll call you back within 2 hours.",
    "The courier will be in touch once the parcel clears customs.",
    "The sync eventually failed with a timeout.",
    "You can pay the balance later from the Billing page.",
]


@pytest.mark.parametrize("text", OVERPROMISE)
def test_overpromise_is_found(linter: Linter, text: str) -> None:
    assert "overpromise" in _categories(linter, text)


@pytest.mark.parametrize("text", NOT_OVERPROMISE)
def test_not_an_overpromise(linter: Linter, text: str) -> None:
    assert "overpromise" not in _categories(linter, text)


@pytest.mark.parametrize("text", TIMELINE)
def test_vague_time_is_found(linter: Linter, text: str) -> None:
    assert "timeline" in _categories(linter, text)


@pytest.mark.parametrize("text", NOT_TIMELINE)
def test_anchored_or_requested_time_is_not_a_hedge(linter: Linter, text: str) -> None:
    assert "timeline" not in _categories(linter, text)


def test_both_apostrophes_are_one(linter: Linter) -> None:
    straight = [f.match for f in linter.lint_text("It won't happen again.") if f.category == "overpromise"]
    curly = [f.match for f in linter.lint_text("It won’t happen again.") if f.category == "overpromise"]
    assert straight == ["won't happen again"] and curly == ["won’t happen again"]


def test_only_the_hedge_is_reported(linter: Linter) -> None:
    text = "Our meter team will visit at some point next week."
    assert [f.match for f in linter.lint_text(text) if f.category == "timeline"] == ["at some point"]
