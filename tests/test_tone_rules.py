"""The tone pack judges kinds of remark, not listed phrases: sarcasm, over-simplifying,
exasperated reminders, blame by cause, stonewalling, deflection, challenge questions and
remarks about one's own company, with the sense respected. Sentences here are not the rules'
own examples; they run through the real engine, spaCy model and every shipped pack."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from commlint.sources.plain import text_document

_PACK = Path(__file__).resolve().parents[1] / "rules" / "tone.yaml"
TONE_RULES = frozenset(rule["id"] for rule in yaml.safe_load(_PACK.read_text(encoding="utf-8"))["rules"])


def _tone(linter, text: str, kind: str = "reply", channel: str = "email") -> list[tuple[str, str]]:
    document = text_document(text).with_settings(kind=kind, channel=channel)
    return [(f.rule_id, f.match) for f in linter.lint_document(document) if f.rule_id in TONE_RULES]


FLAGGED = [
    # sarcasm and mock praise
    ("T121", "Well done, you've deleted the entire shared drive."),
    ("T121", "Nice work breaking the integration again."),
    ("T121", "Thanks a lot for wasting an hour of my afternoon."),
    ("T121", "Thanks for your 6th message this morning."),
    ("T121", "Brilliant, you paid the same invoice twice."),
    ("T122", "Customer swears the parcel never came 🙄 asked for a photo."),
    # condescension and over-simplifying
    ("T123", "It's honestly super easy, you tap Settings and then Export."),
    ("T123", "As any driver should know, the toll is charged per axle."),
    ("T123", "Any customer would know that the code expires."),
    # exasperation and repetition
    ("T118", "As mentioned in our previous emails, the fee stands."),
    ("T118", "As I've explained several times, we cannot refund a used ticket."),
    ("T118", "We have already told you three times that the parcel is in customs."),
    ("T118", "For the last time, the account is closed."),
    ("T128", "Again, the warranty ended in March."),
    ("T120", "We warned you this would happen."),
    # blame by implication
    ("T119", "Your booking was cancelled because you didn't pay the deposit."),
    ("T119", "That's because you unplugged the router during the update."),
    ("T119", "Since you ignored our reminders, the policy lapsed."),
    ("T119", "The parcel was returned because you gave the wrong postcode."),
    ("T102", "Had you read the email, you would know the store was closed."),
    # stonewalling
    ("T125", "This matter is now closed."),
    ("T125", "We will not be responding to further emails about this."),
    ("T125", "We do not make exceptions."),
    ("T108", "There is nothing further we can do."),
    # deflection
    ("T126", "That's the airline's problem."),
    ("T126", "You will have to take it up with your bank."),
    ("T126", "It's the courier's fault, not ours."),
    ("T108", "Not our department, sorry."),
    # challenge questions
    ("T124", "Have you actually looked at the invoice?"),
    ("T124", "Why would anyone do that?"),
    ("T124", "Is it really that hard to follow three steps?"),
    # the company itself
    ("T127", "Our website is rubbish, I know."),
    ("T127", "Management doesn't care about this stuff."),
    ("T127", "I'm not supposed to tell you this, but the sale starts Friday."),
]


@pytest.mark.parametrize(("rule_id", "text"), FLAGGED)
def test_kinds_of_tone_problem_are_flagged(linter, rule_id: str, text: str) -> None:
    assert rule_id in {r for r, _ in _tone(linter, text)}


NOT_FLAGGED = [
    # the sense respected
    "You changed the setting, so now the sync runs hourly.",
    "Since you updated the app, the new menu should appear on the left.",
    "Because you paid annually, you get two months free.",
    "The payment failed because the card expired last month.",
    "Nothing further is needed from you.",
    "There's nothing further you need to do.",
    "As mentioned in the guide, exports are limited to 10,000 rows.",
    "As mentioned in our privacy policy, we never sell your data.",
    "Please read the file I attached and check the totals.",
    "Have you tried reading the log file with a different encoding?",
    "The guarantee period for the repair is twelve months.",
    # praise and thanks that mean what they say
    "Congratulations on your new account! You can start by inviting your team.",
    "Well done for spotting that, you were right about the missing invoice.",
    "Thank you for your third payment this year; your plan is now fully paid.",
    "Thanks for your many kind words about our team!",
    # ease, repetition and refusals that are ordinary
    "It's easy to mix these two settings up, so here's how to tell them apart.",
    "I know this isn't easy, and I'm sorry for the stress it has caused.",
    "We tried calling you three times yesterday but couldn't get through.",
    "For the first time, you can pay in instalments.",
    "The decision is final for this billing cycle, but you can request a review next month.",
    "This ticket is closed now, but replying will reopen it.",
    "We can't make an exception to the 30-day rule, but I can offer you store credit instead.",
    "We won't be sending any more reminders now that the invoice is paid.",
    "Once you unsubscribe, we'll stop emailing you straight away.",
    # third parties named helpfully
    "Your bank handles chargebacks, so I've attached the letter they will ask for.",
    "If you'd like to take this up with the regulator, their details are below.",
    "It's not the courier's fault, the parcel was mislabelled on our side.",
    "The charge is from your bank, not from us, so they can explain it.",
    # questions that ask
    "Did you receive the reset email? If not, check the spam folder.",
    "Why would the sync stop? Usually an expired token causes it.",
    "What are you actually trying to build? Then I can suggest the right API.",
    "Is it really that easy? Yes, it is just one click.",
    # the company, described plainly
    "Our system is down for maintenance until 3 pm.",
    "The management team never shares customer data with third parties.",
    "Anyone can join the webinar; the link is below.",
    "If you can open the app, you can do this from Settings too.",
    "We warn you by email before any price change.",
    "You were told the wrong date by our agent, and I'm sorry.",
    "All sorted, enjoy your trip! 😊",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_ordinary_support_sentences_are_not_flagged(linter, text: str) -> None:
    assert _tone(linter, text) == []


def test_again_is_a_reminder_in_a_reply_but_not_in_an_article(linter) -> None:
    text = "Again, the export runs once a night."
    assert [r for r, _ in _tone(linter, text)] == ["T128"]
    assert _tone(linter, text, kind="article", channel="kb") == []


def test_defensive_disclaimers_in_articles_are_legal_text(linter) -> None:
    text = "The seller cannot be held responsible for delays caused by the carrier."
    assert [r for r, _ in _tone(linter, text)] == ["T109"]
    assert _tone(linter, text, kind="article", channel="kb") == []


def test_blame_by_cause_points_at_the_cause_clause(linter) -> None:
    assert _tone(linter, "The shared calendar stopped updating because you changed the sync settings.") == [
        ("T119", "because you changed"),
    ]
