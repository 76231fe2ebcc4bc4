"""N101 recognises next steps however they are phrased, and still flags replies without one."""
from __future__ import annotations

import pytest

from commlint import Linter

WITH_NEXT_STEP = [
    # conditional instructions
    "Thanks for the photo. Should the light stay red, hold the reset button for ten seconds.",
    "If the charger still gets warm, unplug it and send us the serial number from the base.",
    "In case the page stays blank, clear your browser cache and sign in again.",
    "Were the parcel to arrive damaged, refuse it at the door and we will send a new one.",
    "If the code does not arrive within five minutes, request a new one from the login screen.",
    "Where the meter shows a fault code, switch it off at the wall for a minute before reading it again.",
    "Should you want to keep the old plan, simply ignore the renewal notice.",
    "Unless you tell us otherwise, the replacement ships to the address on your account.",
    # passive requests
    "The signed form needs to be returned by Friday so we can release the funds.",
    "Your passport details must be entered before check-in opens.",
    "The old router should be posted back in the prepaid bag within 14 days.",
    "The claim form has to be signed by both policy holders.",
    "Your meter reading is needed by the end of the month to avoid an estimated bill.",
    "Proof of address is required before we can raise the limit on the card.",
    # all you need to do / the next step is
    "All you need to do is restart the app once the update finishes.",
    "The only thing left is to confirm your new email address from the message we sent.",
    "The next step is a short call with our onboarding team; pick any slot that suits you.",
    "What happens now is that a technician reviews the photos and phones you with a quote.",
    "From here, our billing team will refund the duplicate charge by Thursday.",
    "Next, our warehouse repacks the order and it leaves on Monday.",
    "Your part is simple: sign the lease online and we handle the rest.",
    "The last step on your side is to verify the bank account with the two small deposits.",
    # customer deadlines
    "Please pay the outstanding balance by 5 March to keep the account open.",
    "Kindly settle the invoice before the end of the week.",
    "We'll need the completed survey back by 12 June.",
    "Remember to cancel before your trial ends on the 20th if you don't want to be charged.",
    "Make sure the boiler is accessible on the morning of the visit.",
    # expectations with a date
    "Expect a call from our engineer on Tuesday morning.",
    "You should receive the new card within five working days.",
    "You'll get a confirmation email as soon as the booking is changed, usually within the hour.",
    "You will hear from the claims handler by Wednesday.",
    "Look out for a text from the driver an hour before delivery.",
    "A refund of 40 euros will reach your card in 3 to 5 business days.",
    "Your new password reset email is on its way and should land in the next few minutes.",
    # third parties acting with a time
    "The courier collects between 9 and 12 tomorrow.",
    "Our plumber arrives on Thursday between 8 and 10.",
    "The bank will release the hold on 3 April.",
    "The fitter is booked for Saturday morning at your address.",
    "Our partner lab will email your results on Friday.",
    "The airline is rebooking you on the 7:40 flight and will send the new ticket tonight.",
    # I've asked X to
    "I've asked Priya from our accounts team to call you this afternoon.",
    "I have arranged for a replacement handset to be sent out today.",
    "I've booked an engineer visit for Monday 10 am.",
    "I've told the store to hold the jacket for you until Saturday.",
    "I've scheduled the migration for tonight at 11 pm and will email you when it's done.",
    "I'll ring you tomorrow at 3 pm to walk through the settings.",
    "I'll check the logs again first thing Monday and update this ticket by noon.",
    # reply / tap / click
    "Reply YES to confirm the new delivery date.",
    "Tap the link in the text we just sent to track your order.",
    "Click the button in the email to verify your account.",
    "Just reply to this email with the order number and I'll take it from there.",
    "Text STOP to 60060 to stop these alerts.",
    "Scan the QR code on the box to register your warranty.",
    "Drop us a line with a photo of the label.",
    "Send us a screenshot of the error and we'll take a look.",
    # bring / go / visit
    "Bring your receipt to any store and they will swap the item.",
    "Take the device to your nearest service centre; the repair is covered.",
    "Head to Settings, then Privacy, and turn off location sharing.",
    "Visit the returns portal to print a free label.",
    "Pop into the branch with photo ID and they can unlock the card on the spot.",
    "Call the number on the back of your card to activate it.",
    # offers with alternatives
    "We can either refund the order or send a replacement; which would you prefer?",
    "You can keep the item at a 20% discount or return it for a full refund.",
    "Would you like us to move the booking to Friday, or cancel it?",
    "If you'd rather have store credit, just say and I'll switch it.",
    "If you prefer a call instead, let me know a good time.",
    "Happy to send a paper copy if that's easier; just tell me the address.",
    "Choose between the standard and the express slot when you check out.",
    "I can set up the payment plan for you, or you can do it yourself from the billing page.",
    # numbered steps in prose
    "First, sign out of the app; then sign back in with your new password.",
    "Start by unplugging the hub, wait thirty seconds, then plug it back in.",
    "Step one: open the invoice. Step two: press Pay now.",
    "Begin with a fresh browser window, and after that paste the link again.",
    "Once you've received the box, pack the laptop and book a pickup online.",
    "After the firmware update finishes, pair the speaker again from the app.",
    "When the email arrives, follow the link to choose a new password.",
    "As soon as the parcel is back with us, we'll issue the refund.",
    # links and placeholders
    "You can track the repair here: {{help_center_url}}",
    "Our guide at {{guide_url}} walks you through moving your contacts.",
    "The steps are in this article: https://help.example.com/reset-pin",
    "See {{returns_policy_url}} for how to book a free collection.",
    "Here is the form to request a copy of your statement: {{form_link}}",
    # questions to the customer
    "Could you tell me which browser you were using when it happened?",
    "Which address should the replacement go to?",
    "Does the error appear on every device, or only on your phone?",
    "Can you confirm the last four digits of the card that was charged?",
    "What time suits you for the installation next week?",
    # various voices and industries
    "Good news: your appeal was accepted, so go ahead and rebook the test online.",
    "Feel free to use the code WELCOME10 at checkout.",
    "Go ahead and restart the server; the patch is already live.",
    "It's worth trying a different cable first, as that fixes most of these cases.",
    "Try logging in from a private window and see whether the banner still shows.",
    "Simply forward the original invoice to billing@example.com.",
    "Don't forget to bring the vaccination record to the appointment.",
    "You're welcome to pick the order up from the depot after 2 pm today.",
    "Your next move is to accept the quote in the portal, and the work starts Monday.",
    "To finish the transfer, enter the six-digit code from your authenticator.",
    "To claim the voucher, use it before 31 December.",
    "There's a prepaid label in the box, so you just need to drop the parcel at a post office.",
    "Our team will call you back within two hours.",
]

WITHOUT_NEXT_STEP = [
    "Thanks for your email. We have received your request.",
    "Your ticket has been logged with our team.",
    "I've passed your message on to the billing department.",
    "This has been escalated to our engineers.",
    "Your complaint is under review.",
    "We are investigating the issue.",
    "The case has now been closed.",
    "Thank you for contacting us. Your feedback has been noted.",
    "Let us know if you have any questions.",
    "We hope this helps. Please don't hesitate to reach out if you need anything else.",
    "Thanks for getting in touch. Our team is looking into it.",
    "The outage was caused by a faulty network switch in one of our data centres.",
    "Refunds are processed according to our standard policy.",
    "Your order was dispatched from our warehouse.",
    "We apologise for the inconvenience this has caused.",
    "The delay happened because the supplier ran out of stock.",
    "I understand how frustrating this must be. The matter is with the relevant team.",
    "Your account was suspended after three failed payment attempts.",
    "The app does not support that feature at the moment.",
    "Our records show the parcel was delivered to a neighbour.",
    "Thanks for flagging this. It has been forwarded to the right people.",
    "We appreciate your patience while this is being looked at.",
    "Your request is being processed.",
    "This is a known issue that affects some older devices.",
    "We have noted your comments about the new design.",
    "Unfortunately the promotion ended last month.",
    "Our systems were updated overnight, which caused the login errors.",
    "Thank you for your patience. Your case is still open with us.",
    "I've added a note to your account.",
    "Happy to help with anything else you need.",
    "We're sorry to hear about your experience with the courier.",
    "Your refund request has been submitted to the finance team.",
    "The technician's report has been attached to your case.",
    "Thanks for reaching out. We've received your documents.",
    "The product you mentioned has been discontinued.",
    "Your feedback helps us improve our service. Thanks again for writing.",
    "The issue has been raised with our development team.",
    "It looks like the payment failed on our side.",
    "Any further questions, feel free to ask.",
]


#: answers that only inform: nothing is pending and nothing is asked of the customer, so they
#: owe no next step (a status report, a problem left there, an apology or a bare offer of
#: more help does)
ANSWERS = [
    "The charge you see is a temporary authorisation from the hotel.",
    "Hi Tom,\n\nThe pool is open from 7 am to 9 pm, and lockers take a one-pound coin.\n\nBest,\nAnna",
    "Dear Ms Grant,\n\nThe amount is lower than last month because the annual discount now applies.\n\nKind regards,\nBilling",
    "Cardboard goes in the green box, and the lids can go in with it.",
]


@pytest.mark.parametrize("text", ANSWERS)
def test_an_answer_that_only_informs_is_not_flagged(linter: Linter, text: str) -> None:
    ids = {f.rule_id for f in linter.lint_text(text, kind="reply", channel="email")}
    assert "N101" not in ids


@pytest.mark.parametrize("text", WITH_NEXT_STEP)
def test_reply_with_next_step_is_not_flagged(linter: Linter, text: str) -> None:
    ids = {f.rule_id for f in linter.lint_text(text, kind="reply", channel="email")}
    assert "N101" not in ids


@pytest.mark.parametrize("text", WITHOUT_NEXT_STEP)
def test_reply_without_next_step_is_flagged(linter: Linter, text: str) -> None:
    ids = {f.rule_id for f in linter.lint_text(text, kind="reply", channel="email")}
    assert "N101" in ids
