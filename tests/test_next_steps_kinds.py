"""Next steps judged by what a reply does, on replies written for this test (not taken from
the judgement suite): every kind of next step passes, at any length; a reply that only
reports status, explains, or offers more help in general does not. Email replies are
judged by N101, chat turns by N102."""
from __future__ import annotations

import pytest

HAS_NEXT_STEP = [
    # an instruction
    "Hi Omar, the code expired after ten minutes. Request a new one from the sign-in page and use it straight away.",
    "Thanks Lena. If the label still prints blank, switch the printer off at the wall for a minute and try once more.",
    "Hello, to stop the weekly emails, untick Newsletter under Profile > Notifications.",
    "Dear Mr Ito, could you send us a photo of the serial number on the back of the unit?",
    # a link or pointer to a guide
    "Hi Jess, the pairing steps for the new hub are in our guide: https://help.example.com/hub-pairing",
    "Hi Ana, you can find the steps for moving your number in the attached leaflet.",
    # a question to the customer
    "Hi Paul, we can see two accounts under your email address. Which one would you like us to keep?",
    "Is the error on every page, or only when you check out?",
    # an offer with a choice
    "Hi Mina, I can either refund the delivery charge or send a voucher for your next order. Let me know which you prefer.",
    "We can move the appointment to Thursday morning or Friday afternoon, whichever suits you.",
    # a commitment with a time
    "Hi Tom, I'm calling the depot this afternoon and will update you by 5 pm today.",
    "Your replacement will be posted tomorrow and should arrive by Saturday.",
    "The refund has been approved and will reach your card within 3-5 working days.",
    # told what to expect, or that nothing is needed
    "Hi Sara, we've cancelled the second order and refunded it in full. No further action is needed from you.",
    "You'll get a text with the driver's arrival window on the morning of delivery.",
    "The installer's visit is booked for Monday 9 March between 8 am and noon.",
]

NO_NEXT_STEP = [
    "Hi Ben, your request has been received and passed to the relevant team.",
    "Hello, we have escalated your complaint to a manager.",
    "Dear Ms Fox, we are looking into the problem with your last bill. Thank you for your patience.",
    "Hi Raj, the delay was caused by a fault at our warehouse, which has now been fixed on our side. "
    "Let me know if you need anything else.",
    "Thanks for getting in touch. Your case has been logged under reference 55812.",
    "Hi Kim, the payment failed because the card on the account expired in October. "
    "Please don't hesitate to contact us if you have any other questions.",
]

CHAT_STATUS_ONLY = [
    "passed this to billing",
    "Ok, I've raised it with the delivery team.",
    "Your order is on hold at the moment.",
    "It's being reviewed now.",
]

CHAT_FINE = [
    "That button only shows for admins, so ask your account owner to add you as one.",
    "Logged it. Can you tell me roughly what time the payment failed?",
    "The charge is the annual plan renewing; it was due on the 3rd.",
    "I've raised it with the team and they'll reply here within two hours.",
]


def _next_step_findings(linter, text: str, channel: str) -> list[str]:
    return [f.rule_id for f in linter.lint_text(text, kind="reply", channel=channel) if f.category == "next-steps"]


@pytest.mark.parametrize("text", HAS_NEXT_STEP, ids=[t[:40] for t in HAS_NEXT_STEP])
def test_a_reply_with_a_next_step_passes(linter, text: str) -> None:
    assert _next_step_findings(linter, text, "email") == []


@pytest.mark.parametrize("text", NO_NEXT_STEP, ids=[t[:40] for t in NO_NEXT_STEP])
def test_a_reply_without_one_is_flagged_at_any_length(linter, text: str) -> None:
    assert _next_step_findings(linter, text, "email") == ["N101"]


@pytest.mark.parametrize("text", CHAT_STATUS_ONLY, ids=[t[:40] for t in CHAT_STATUS_ONLY])
def test_a_chat_turn_that_only_reports_status_is_flagged(linter, text: str) -> None:
    assert _next_step_findings(linter, text, "chat") == ["N102"]


@pytest.mark.parametrize("text", CHAT_FINE, ids=[t[:40] for t in CHAT_FINE])
def test_a_chat_turn_that_answers_or_commits_passes(linter, text: str) -> None:
    assert _next_step_findings(linter, text, "chat") == []
