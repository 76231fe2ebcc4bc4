"""A validation set for the tone pack, written apart from the rules and never tuned on one by
one: short support sentences for each kind of tone problem in issue 7 (sarcasm and mock
praise, condescension, exasperation, blame by implication, stonewalling, deflection,
challenge questions, remarks about one's own company), phrased as differently as possible,
and hard negatives that share their words but are neutral or kind. A change for one kind
of remark should help its kind here without flagging the negatives."""
from __future__ import annotations

import pytest

from commlint.sources.plain import text_document

SARCASM = [
    "Oh fantastic, another password reset request from you this week.",
    "Sure, I'll just drop everything and rebuild your website tonight.",
    "Wonderful, so the boiler you installed yourself is now leaking.",
    "Lovely, the cheque bounced again.",
    "What a surprise, the tracking number you gave us doesn't exist.",
    "Great idea to pour coffee on the keyboard, that always helps.",
    "Thanks so much for waiting until the last day to tell us.",
    "Impressive how you managed to book three rooms for the wrong month.",
    "Sure, because we have nothing better to do than chase your paperwork.",
    "Well, that worked out brilliantly for you, didn't it?",
    "Nice of you to finally reply after six weeks.",
    "Yeah, right, the dog ate the invoice.",
    "Oh good, you've found yet another way to lock yourself out.",
    "I'm sure the airline will be thrilled to hear you missed the flight again.",
    "Bravo on ignoring every reminder we sent.",
]
CONDESCENSION = [
    "It's really not that complicated: you plug the cable in.",
    "Let me explain this slowly so it's clear.",
    "Even a child could set up this printer.",
    "Most people manage to find the cancel button without help.",
    "This is basic stuff that every account holder should understand.",
    "I'll try to keep this simple for you.",
    "Just read the words on the screen, they tell you what to do.",
    "Literally all you have to do is click the big green button.",
    "Not sure how else to put it, but the parcel is in the van.",
    "Perhaps you're not familiar with how invoices work, so here's a primer.",
    "Anyone with a smartphone can figure this out.",
    "This is Banking 101: a pending charge isn't a final charge.",
    "In simple terms, since you seem confused: the plan renews monthly.",
    "You do know what a browser is, right?",
    "There is nothing difficult about filling in a form.",
]
EXASPERATION = [
    "I've now answered this same question four times.",
    "Once more, and I hope this is the last time: the store opens at 9.",
    "As I keep telling you, the warranty doesn't cover drops.",
    "I'm repeating myself here, but the deadline was Friday.",
    "We've been over this already: no refunds on sale items.",
    "Like I said yesterday, the technician comes on Tuesday.",
    "How many times do I need to say that the booking is confirmed?",
    "I honestly don't know how to make this any clearer.",
    "To repeat what I wrote last week, the fee is non-refundable.",
    "Please re-read my last three emails before writing again.",
    "This has been explained to you more than once.",
    "As I already said in my earlier reply, the parts are on order.",
    "I'm getting tired of explaining the same policy.",
    "Yet again, I have to point out that the form needs a signature.",
    "We keep going round in circles on this.",
]
BLAME = [
    "The screen cracked because the phone was dropped without a case.",
    "Your order was delayed since you entered the wrong address.",
    "After you switched off auto-pay, the bill went overdue.",
    "The engine warning came on because the service was skipped.",
    "The transfer bounced as a result of you typing the wrong IBAN.",
    "Your data was lost when you reset the device without a backup.",
    "Due to the incorrect details you provided, the visa application was rejected.",
    "The plant died because it was overwatered at home against our care instructions.",
    "Had the form been filled in properly, this wouldn't have happened.",
    "The account was locked after you kept guessing the password.",
    "Your tickets were voided because you resold them.",
    "Thanks to your late payment, the service was suspended.",
    "The update failed because you interrupted it halfway.",
    "None of this would have happened if you'd read the confirmation.",
    "Since you chose not to insure the parcel, we can't cover the loss.",
]
STONEWALLING = [
    "There's really nothing more I can tell you.",
    "I'm not able to tell you when the engineer will come.",
    "That's completely outside our control.",
    "We won't be commenting on this any further.",
    "I can't help you with that.",
    "It is what it is.",
    "Our position hasn't changed and won't change.",
    "We have no further information to give.",
    "That's just how the system works, I'm afraid.",
    "I don't have an answer for you.",
    "Rules are rules.",
    "No, we can't do that.",
    "There is no way around it.",
    "This is not up for negotiation.",
    "I've nothing else to add on this.",
]
DEFLECTION = [
    "You'll need to sort that out with the courier yourself.",
    "Not really our concern once the goods are shipped.",
    "Speak to your phone provider about it, we can't help.",
    "Ask the seller, they're the ones who listed it.",
    "That's a matter for your insurer.",
    "We just process the payment; anything else is down to the merchant.",
    "Blame the manufacturer, not us.",
    "The landlord is responsible for that, so contact them.",
    "That's on the airline's side, nothing to do with us.",
    "Your IT department set this up, so it's their job to fix it.",
    "Go back to the shop where you bought it.",
    "That's for the bank to explain, not me.",
    "We're just the booking platform, the hotel handles complaints.",
    "Our partner handles deliveries, so any issues go to them.",
    "That's a different team, you'll need to email them.",
]
CHALLENGE = [
    "Did you even bother reading the instructions?",
    "What exactly did you expect to happen?",
    "Why didn't you contact us sooner?",
    "Are you sure you typed the right email address?",
    "How could you not notice the charge for three months?",
    "Is there a reason you ignored the warning?",
    "Do you really think we'd send money to a stranger?",
    "Seriously, who pays a bill twice?",
    "Did you not see the big red banner?",
    "What part of 'non-refundable' is unclear?",
    "Why on earth would you unplug it during the update?",
    "Have you tried actually turning it on?",
    "Can you not read the label?",
    "Didn't you check the size chart before ordering?",
    "Who told you that would work?",
]
OWN_COMPANY = [
    "Our website is honestly a mess, don't blame yourself.",
    "The warehouse is so understaffed that who knows when it'll ship.",
    "It's chaos here at the moment, so no idea when you'll hear back.",
    "Billing is a total shambles this month.",
    "Our IT team couldn't fix a flat tyre.",
    "Yeah the app crashes all the time, it's awful.",
    "Our managers make these rules up as they go.",
    "The other agent clearly didn't know what they were doing.",
    "Head office never tells us anything.",
    "Honestly the returns process here is a nightmare.",
    "Our engineers are useless with this kind of fault.",
    "Nobody here seems to know how the new system works.",
    "I wouldn't trust our delivery estimates if I were you.",
    "This place is falling apart, to be honest.",
    "Don't ask me, I just work here.",
]
POSITIVES = {
    "sarcasm": SARCASM,
    "condescension": CONDESCENSION,
    "exasperation": EXASPERATION,
    "blame": BLAME,
    "stonewalling": STONEWALLING,
    "deflection": DEFLECTION,
    "challenge": CHALLENGE,
    "own-company": OWN_COMPANY,
}
NEGATIVES = [
    "Please read the file I attached; it lists every step.",
    "As mentioned in the guide, the export takes about a minute.",
    "Your bank may ask you to confirm the payment in their app.",
    "The courier handles deliveries in your area; here is their number: 0800 123 456.",
    "Because you added a second user, the plan changed to Team.",
    "Great job on the migration, it all looks right.",
    "Thanks for your patience while we looked into this.",
    "Again, thank you for bearing with us.",
    "The warranty ended in March, but I can offer a repair at cost.",
    "Since you upgraded to Premium, you now get free returns.",
    "Because you paid before noon, the order ships today.",
    "Your card was declined by the bank, so I've sent a payment link you can try again.",
    "We don't have a date yet, but I'll email you on Thursday with an update.",
    "The insurer sets the excess, and I've attached their claim form for you.",
    "If the parcel hasn't arrived by Friday, reply here and I'll open a claim.",
    "It's easy to miss that setting, so here's a screenshot.",
    "You can simply reply to this email to reopen the ticket.",
    "The fix is simple: restart the router and wait two minutes.",
    "The engineer will call you between 8 and 10 tomorrow.",
    "Did you receive the code we sent to your phone?",
    "Could you tell me which browser you're using?",
    "Have you had a chance to try the new link?",
    "Why not try the mobile app? It has the same features.",
    "Our system was down for an hour this morning, which is why the payment failed; I've retried it.",
    "Our team is working through a backlog and I'll update you by 5 pm.",
    "The hotel manages room upgrades, so I've emailed them your request and copied you in.",
    "Your landlord is responsible for boiler repairs; I've included their repair line below.",
    "That decision is final, but you can appeal within 28 days.",
    "We can't refund the ticket, but we can move it to another date for free.",
    "I can't see the order on my screen; could you send the order number?",
    "Nice to hear the new plan is working well for you.",
    "Brilliant news: your visa has been approved.",
    "Congratulations on opening your first store with us!",
    "Well done on finishing the course, your certificate is attached.",
    "You were right, the charge was a mistake on our side.",
    "I've explained the change to the billing team and they've approved it.",
    "As I said on the phone, I'll post the forms today.",
    "For the first time this year, shipping is free over £20.",
    "Once again, sorry for the delay.",
    "The delivery was attempted twice, and the parcel is now at the depot.",
    "The update failed because the server ran out of space; we've fixed that.",
    "Since you asked about the fees, here's the full list.",
    "Because you booked with points, the taxes are paid separately.",
    "You changed the address on Monday, so the new card will go there.",
    "The account locked after three attempts, which is a safety feature; I've unlocked it.",
    "Your data is safe because you turned on backups last month.",
    "Because you'd already delivered the first draft, you're entitled to part of the payment.",
    "The seller sets the return window, and for this item it's 30 days.",
    "Please check the label on the back of the router for the password.",
    "It might help to look at the invoice again; the fee is on line 3.",
    "Let me explain how the billing cycle works.",
    "To keep it simple, I've put the three steps in a list.",
    "Here's a simple way to check: open Settings and look under Storage.",
    "Anyone on your team can open the shared folder.",
    "Most people find the dark mode easier on the eyes.",
    "Just a quick note to say your order has shipped.",
    "I know this has been frustrating, and I'm sorry it took so long.",
    "Between 9 and 5, you can reach us by phone.",
    "Off the top of my head it's the second menu, but I'll double-check.",
    "It's outside our opening hours now, so the team will reply tomorrow morning.",
    "I'm not able to see card details, so please call the number on your card if you think it's fraud.",
    "The airline decides on compensation; I've filed the claim with them for you and will follow up on Monday.",
    "Which part of the form is causing trouble?",
    "What did you expect the report to show? I can adjust the filter.",
    "Are you sure you'd like to cancel? Your data will be kept for 30 days.",
    "Did the technician leave a card?",
    "Sure, I'll send the receipt again right now.",
    "Sure thing, I've updated your delivery address.",
    "Wonderful, your booking is confirmed for Saturday.",
    "Happy to repeat the steps: first, open the app.",
    "As mentioned in your contract, the notice period is one month.",
    "This is the third reminder the system sends automatically, so you can ignore it if you've paid.",
    "Your phone provider can unlock the SIM; they usually do it within a day.",
    "The pharmacy prepares the order, and we bring it to your door.",
    "Since you're travelling abroad, your card may need a travel notice.",
    "We know the new portal has been slow, and the fix goes live on Tuesday.",
    "Our checkout had a bug last night that charged some customers twice; the refunds went out this morning.",
    "Nothing can be changed once the print run starts, so please approve the proof by Thursday.",
    "Once you've read the terms, tick the box to continue.",
    "There's nothing else you need to do; the refund is on its way.",
]


#: still missed after round 2 (strict: the test fails once a rule finds them, so remove them then)
KNOWN_MISSES = frozenset({
    "Oh good, you've found yet another way to lock yourself out.",
    "I'm sure the airline will be thrilled to hear you missed the flight again.",
    "Your data was lost when you reset the device without a backup.",
    "Your tickets were voided because you resold them.",
    "Our IT team couldn't fix a flat tyre.",
})


def _positive(kind: str, i: int, text: str):
    marks = [pytest.mark.xfail(strict=True, reason="known miss")] if text in KNOWN_MISSES else []
    return pytest.param(text, id=f"{kind}-{i}", marks=marks)


def tone_findings(linter, text: str) -> list[tuple[str, str]]:
    """The tone findings of `text` read as an email reply."""
    document = text_document(text).with_settings(kind="reply", channel="email")
    return [(f.rule_id, f.match) for f in linter.lint_document(document) if f.category == "tone"]


@pytest.mark.parametrize(
    "text", [_positive(kind, i, text) for kind, texts in POSITIVES.items() for i, text in enumerate(texts)]
)
def test_tone_problem_is_flagged(linter, text: str) -> None:
    assert tone_findings(linter, text), text


@pytest.mark.parametrize("text", [pytest.param(text, id=f"neg-{i}") for i, text in enumerate(NEGATIVES)])
def test_hard_negative_is_not_flagged(linter, text: str) -> None:
    assert not tone_findings(linter, text), text
