"""The plain-language pack beyond its examples: ordinary support sentences that use an entry
are flagged with the right rewrite, plain sentences with look-alike words are not, and
applying a fix leaves a grammatical sentence with no doubled word."""
from __future__ import annotations

import re

import pytest

from commlint import data
from commlint.packs.loader import load_lexicons

CATEGORY = "plain-language"

#: (sentence, words the finding must quote, the rewrite it must offer, or None for no rewrite)
FLAGGED = [
    # wordy phrases (L101)
    ("In order to change your plan, open Billing and choose a new tier.", "In order to", "To"),
    ("We can't refund the fee at this point in time.", "at this point in time", "now"),
    ("Let us know in the event that the charger overheats again.", "in the event that", "if"),
    ("The card was declined due to the fact that it had expired.", "due to the fact that", "because"),
    ("A large number of users saw the same message this morning.", "A large number of", "Many"),
    ("Please restart the router prior to running the speed test.", "prior to", "before"),
    ("We have a question with regard to your last invoice.", "with regard to", "about"),
    ("The app syncs your notes on a daily basis.", "on a daily basis", "daily"),
    ("The warehouse has the ability to ship on Saturdays.", "has the ability to", "can"),
    ("We are not in a position to change the booking.", "in a position to", "able to"),
    ("The team made a decision to extend your trial.", "made a decision", "decided"),
    ("You can make use of the template gallery to start faster.", "make use of", "use"),
    ("Please reply at your earliest convenience with the serial number.", "at your earliest convenience", "as soon as you can"),
    ("The majority of orders arrive within two days.", "The majority of", "Most"),
    ("We will give consideration to your request for a partial refund.", "give consideration to", "consider"),
    ("The outage had an impact on payouts in Europe.", "had an impact on", "affected"),
    ("Despite the fact that the order shipped late, the courier charged full price.", "Despite the fact that", "Although"),
    ("The courier is going to conduct an investigation into the missing parcel.", "conduct an investigation into", "investigate"),
    ("Your data is stored for a period of 30 days.", "for a period of", "for"),
    ("The technician will be in close proximity to your building at noon.", "in close proximity to", "near"),
    ("We are happy to provide assistance with the migration.", "provide assistance with", "help with"),
    ("It would be appreciated if you could send a photo of the damage.", "It would be appreciated if you could", "Please"),
    ("The installer failed for the reason that the disk was full.", "for the reason that", "because"),
    ("Until such time as the part arrives, you can use the loan device.", "Until such time as", "Until"),
    ("Refunds are handled on a case-by-case basis.", "on a case-by-case basis", "case by case"),
    ("The update ran in a timely manner across all stores.", "in a timely manner", "promptly"),
    ("We charged your card on two separate occasions last month.", "on two separate occasions", "twice"),
    ("The fee is in excess of what the plan allows.", "in excess of", "more than"),
    # formal words (L102)
    ("You can utilise the bulk editor to change many prices at once.", "utilise", "use"),
    ("The engineers utilised a spare board to test your unit.", "utilised", "used"),
    ("Your new contract will commence on the first of the month.", "commence", "start"),
    ("We are still trying to ascertain why the sync stopped.", "ascertain", "find out"),
    ("We will endeavour to ship the replacement this week.", "endeavour to", "try to"),
    ("Kindly revert with the tracking number.", "Kindly revert", "Please reply"),
    ("Kindly send the receipt to our billing address.", "Kindly send", "Please send"),
    ("We have rectified the duplicate charge on your card.", "rectified", "fixed"),
    ("Please retain the receipt until the warranty ends.", "retain", "keep"),
    ("You will need sufficient credit on the account to renew.", "sufficient", "enough"),
    ("The refund was issued in accordance with our returns policy.", "in accordance with", "in line with"),
    ("Pursuant to the terms of service, the account was closed.", "Pursuant to", "Under"),
    ("We noticed a discrepancy between the invoice and the order.", "discrepancy", "difference"),
    ("The patch was released subsequently to fix the crash.", "subsequently", "later"),
    ("Numerous customers have asked for a dark mode.", "Numerous", "Many"),
    ("Upon arrival, the courier will call you.", "Upon", "On"),
    ("Please obtain a quote from the repair partner first.", "obtain", "get"),
    ("We inadvertently sent you the wrong size.", "inadvertently", "accidentally"),
    ("We will terminate your subscription at the end of the term.", "terminate your subscription", "end your subscription"),
    ("The engineer demonstrated the new checkout on the call.", "demonstrated", "showed"),
    # redundancy (L103)
    ("The end result is a shorter delivery time.", "end result", "result"),
    ("Never tell anyone your PIN number.", "PIN number", "PIN"),
    ("The ATM machine kept your card, so we blocked it.", "ATM machine", "ATM"),
    ("Please reply back with the order number.", "reply back", "reply"),
    ("The fee applies to each and every transfer.", "each and every", "every"),
    ("We have no past history of payments on this card.", "past history", "history"),
    ("The warning still persists after the update.", "still persists", "persists"),
    ("The reason is because the label was printed twice.", "The reason is because", "The reason is that"),
    ("Your order includes a free gift.", "free gift", "gift"),
    ("We will merge together the two accounts tonight.", "merge together", "merge"),
    # corporate speak (L104)
    ("I'll circle back with you once billing has checked the charge.", "circle back", "follow up"),
    ("Let's touch base tomorrow about the rollout.", "touch base", "check in"),
    ("You can leverage saved filters to find tickets faster.", "leverage", "use"),
    ("Customers impacted by the outage will get a credit.", "impacted", "affected"),
    ("I'll loop in our shipping team.", "I'll loop in", "I'll bring in"),
    ("We have looped in the courier's claims team.", "looped in", "brought in"),
    ("We'd love to hear about your pain points with the editor.", "pain points", "problems"),
    # cliches (L105)
    ("At the end of the day, the printer needs a new drum.", "At the end of the day", "In the end"),
    ("Cleaning the cache is the low-hanging fruit here.", "low-hanging fruit", "easy wins"),
    ("Let's make sure we are on the same page about the credit.", "on the same page", "in agreement"),
    ("We're back to square one with the login issue.", "back to square one", "back to the start"),
    # throat-clearing (L106)
    ("Please be advised that your plan renews tomorrow.", "Please be advised that", None),
    ("We regret to inform you that the item is out of stock.", "We regret to inform you that", "Unfortunately,"),
    ("It should be noted that backups cover only 30 days.", "It should be noted that", None),
    ("I would like to take this opportunity to thank you for your patience.", "I would like to take this opportunity to", None),
    ("Please find attached the corrected invoice.", "Please find attached", "I've attached"),
    ("It has come to our attention that your card was used abroad.", "It has come to our attention that", "We noticed that"),
    # redundancy, wider (issue 7)
    ("The adapter is rectangular in shape, with two pins.", "rectangular in shape", "rectangular"),
    ("As the old adage goes, back up before you update.", "old adage", "adage"),
    ("The mistake was blatantly obvious once we saw the log.", "blatantly obvious", "obvious"),
    ("In my past experience, a reset clears this error.", "past experience", "experience"),
    ("The refund will be refunded back to your card.", "refunded back", "refunded"),
    ("Please retry again after ten minutes.", "retry again", "retry"),
    ("Both items arrived at 9 a.m. in the morning.", "a.m. in the morning", "a.m."),
    ("You can download the invoice in PDF format from Billing.", "PDF format", "PDF"),
    ("We need your IBAN number to send the refund.", "IBAN number", "IBAN"),
    ("The old and new accounts will join together on Friday.", "join together", "join"),
    ("The two workspaces were merged together overnight.", "merged together", "merged"),
    ("Your plan was completely finished migrating at noon.", "completely finished", "finished"),
    ("The new plan includes an added bonus: free delivery.", "added bonus", "bonus"),
    ("Those are the true facts of the case, as far as we can see.", "true facts", "facts"),
    ("We used various different couriers last year.", "various different", "various"),
    # cliches, wider (issue 7)
    ("Getting the courier to call back has been an uphill battle.", "uphill battle", "struggle"),
    ("I know I sound like a broken record, but please restart the router.", "like a broken record", "over and over"),
    ("When the update went out, all hell broke loose in the queue.", "all hell broke loose", "everything went wrong"),
    ("I have my hands full today, so I'll reply tomorrow morning.", "my hands full", None),
    ("Setting up the scanner is a piece of cake.", "a piece of cake", "easy"),
    ("Let's cut to the chase: the card was declined by your bank.", "cut to the chase", "get to the point"),
    ("The payment went through without a hitch.", "without a hitch", "smoothly"),
    ("Your ticket fell through the cracks, and I am sorry.", "fell through the cracks", "got missed"),
    ("We dropped the ball on your order, and I am sorry.", "dropped the ball", "made a mistake"),
    ("Please sit tight while we check with the warehouse.", "sit tight", "wait"),
    ("The error came out of the blue after the update.", "out of the blue", "unexpectedly"),
    # hedging (L108)
    ("I would argue that the annual plan suits you better.", "I would argue that", None),
    ("The upload is, so to speak, stuck in the queue.", "so to speak", None),
    ("It might be the case that your bank blocked the transfer.", "It might be the case that", None),
    ("The settings are more or less the same on both phones.", "more or less", None),
    ("I tend to think the cable is at fault.", "I tend to think", None),
    ("It seems to me that the printer needs a new drum.", "It seems to me that", None),
    ("The archive is, in a manner of speaking, your backup.", "in a manner of speaking", None),
    ("It could be said that the fee covers the courier.", "It could be said that", None),
    # throat-clearing, any continuation (issue 7)
    ("We regret to inform you of a delay with your order.", "We regret to inform you", None),
    ("I am writing to inform you about a change to your plan.", "I am writing to inform you", None),
    ("Please be informed the office is closed on Monday.", "Please be informed", None),
    ("We wish to advise you of a change in our fees.", "We wish to advise", None),
    ("Kindly note that the refund takes five days.", "Kindly note that", "Note that"),
    ("I hope the new date meets with your approval.", "meets with your approval", "works for you"),
    ("The updated invoice is attached for your kind information.", "for your kind information", None),
    ("The council will not enter into any further correspondence about the fee.", "enter into any further correspondence", None),
]

#: ordinary, plain sentences that contain look-alike words
PLAIN = [
    "Your tickets are sorted in order of priority.",
    "Please put the cables back in order before closing the case.",
    "The order to the warehouse went out at noon.",
    "Thank you kindly for the quick reply.",
    "The update reverts the app to the previous version.",
    "If the install fails, revert the change and try again.",
    "We expedited your order, so it arrives tomorrow.",
    "Your order is going forward to the packing team today.",
    "Before going forward, make a backup of your files.",
    "The outage had a real impact on your week, and I'm sorry.",
    "Pull the lever on the side of the tray to open it.",
    "The end of the cable should click into place.",
    "Your result is ready to download.",
    "Please reply with a photo of the label.",
    "I'll call you back this afternoon.",
    "The PIN is the four-digit code you chose at sign-up.",
    "We found a gift card balance of $20 on your account.",
    "The reason is that the courier could not reach your building.",
    "Every transfer abroad has a small fee.",
    "We will use the spare board to test your unit.",
    "The repair will start as soon as the part arrives.",
    "Most orders arrive within two days.",
    "Many customers asked for a dark mode.",
    "To change your plan, open Billing and choose a new tier.",
    "We can help with the migration this week.",
    "If the charger overheats again, unplug it and tell us.",
    "Because the card expired, the payment did not go through.",
    "Restart the router before you run the speed test.",
    "The courier will look into the missing parcel.",
    "Please advise your team that the office is closed on Monday.",
    "The loop in the cable stops it from pulling loose.",
    "Mail routing loops in the log show a wrong connector.",
    "This is a time-limited offer, and the price goes up on Friday.",
    "The box at the end of the form is for your order number.",
    "Click the box in the top right corner, then choose Export.",
    "The fruit basket arrived damaged, so we're sending a new one.",
    "We are on the second page of the setup guide.",
    "You can keep the receipt in the app.",
    "You need enough credit on the account to renew.",
    "The individual settings for each user are on the next page.",
    "Take the adapter out of the box and plug it in.",
    "The team decided to extend your trial by a week.",
    "If you need additional licences, we can assist you with the order.",  # L107 is off by default
    # look-alikes of the wider families (issue 7): literal senses, estimates, honest uncertainty
    "The upload takes more or less 5 minutes on a home connection.",
    "Copying a full phone takes more or less an hour.",
    "The new plan costs no more or less than the old one.",
    "The battery might be worn out; a new one costs $30.",
    "Your bank probably blocked the payment, so please call them.",
    "It may take a day for the refund to show on your statement.",
    "Please tell us if you will be away when the courier comes.",
    "Let us know if you will need a loan device during the repair.",
    "We will ask the courier to speak to your neighbour.",
    "Our crash course on webhooks is on the developer site.",
    "Out-of-pocket expenses for the repair are covered by your policy.",
    "Keep the receipt for any out of pocket costs.",
    "The score on the leaderboard updates every hour.",
    "Your hands should be dry before you touch the charger.",
    "The bottom line of the invoice shows the total with tax.",
    "Add ice to the cooler bag before the delivery arrives.",
    "The towel rail ships in two boxes.",
    "The dog bowl in your order is out of stock.",
    "The ball joint on the chair is covered by the warranty.",
    "Click the bell icon to turn on notifications.",
    "The doorbell will ring a bell tone when someone presses it.",
    "The cable runs along the wall behind the desk.",
    "Place the router on a shelf, not in a cupboard.",
    "Soak the filter in warm water for ten minutes.",
    "The app shows the weather for your area.",
    "The new invoice template is in Settings.",
    "The final invoice will arrive at the end of the month.",
    "Your past orders are listed under Account.",
    "Your future invoices will go to the new address.",
    "The old password stops working once you set a new one.",
    "We found an exact match for your serial number.",
    "The duplicate charge was refunded to your card.",
    "The two files are exact duplicates, so you can delete one.",
    "Each user gets their own login.",
    "Each individual seat on the plan has its own licence.",
    "Join the call from the link in the invitation.",
    "We can merge the two accounts if you reply with both email addresses.",
    "Please repeat the steps on the second laptop.",
    "The error returned after the restart.",
    "The report shows the results for the last 30 days.",
    "You can plan your deliveries from the calendar page.",
    "The lid is round, so it fits either way.",
    "The box is small enough to fit through a letterbox.",
    "The screen is larger in the Pro model.",
    "Connect to a WiFi or LAN network that is not metered.",
    "Your VPN is connected, so the network is private.",
    "Please send the PDF of the signed form.",
    "The VAT on the invoice is 20 %.",
    "Your PIN code arrives in a separate letter.",
    "We are sorry for the delay with your order.",
    "I am writing down the serial number for the engineer.",
    "Please note the new opening hours on our contact page.",
    "We'd like to know how the repair went.",
    "The courier will inform the depot when the parcel is ready.",
    "Thank you for your approval of the quote.",
    "The manager approved the refund this morning.",
    "The guide covers the setup step by step.",
    "It seems the card was declined by your bank; please check with them.",
    "It might help to restart the app before trying again.",
    "The protests outside the depot delayed some deliveries.",
    "Retained earnings carry over to the new balance sheet.",
]


def _plain(linter, text: str):
    return [f for f in linter.lint_text(text, kind="reply", channel="email") if f.category == CATEGORY]


@pytest.mark.parametrize(("text", "words", "rewrite"), FLAGGED, ids=[w for _, w, _ in FLAGGED])
def test_plain_language_ordinary_sentence_is_flagged_with_its_rewrite(linter, text, words, rewrite) -> None:
    found = [f for f in _plain(linter, text) if f.match == words]
    assert found, f"{words!r} not flagged in {text!r}: {[f.match for f in _plain(linter, text)]}"
    fix = found[0].fix
    if rewrite is None:
        assert fix is None
    else:
        # the fix may take in the article before the words ("an added bonus" -> "a bonus")
        assert fix is not None and fix.replacement.split(" ")[-len(rewrite.split(" ")):] == rewrite.split(" ")


@pytest.mark.parametrize("text", PLAIN)
def test_plain_language_plain_sentence_is_not_flagged(linter, text) -> None:
    assert [f.match for f in _plain(linter, text)] == []


def test_plain_language_fixes_leave_no_doubled_word(linter) -> None:
    doubled = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
    for text, _, _ in FLAGGED:
        fixed = text
        for finding in sorted(_plain(linter, text), key=lambda f: -f.start):
            if finding.fix is not None:
                fixed = fixed[: finding.fix.start] + finding.fix.replacement + fixed[finding.fix.end :]
        assert not doubled.search(fixed), fixed


def test_plain_language_safe_fixes_only_for_exact_equivalents(ruleset) -> None:
    rules = {r.meta.name: r for r in ruleset.rules if r.meta.category == CATEGORY}
    safe = {name for name, r in rules.items() if r.meta.fix.value == "safe"}
    assert safe == {"plain-language.wordy-phrase", "plain-language.redundancy"}


def test_plain_language_has_at_least_400_entries_of_its_own(ruleset) -> None:
    lexicon = load_lexicons([data.lexicons_dir()])["plain_words"]
    assert all(t.plain and t.plain.lower() != t.term.lower() for t in lexicon.terms)
    inline = [
        term
        for rule in ruleset.rules
        if rule.meta.category == CATEGORY
        for term in rule.detector.terms
        if term not in lexicon.terms
    ]
    assert len(lexicon.terms) + len(inline) >= 400
    keys = [t.term.lower() for t in lexicon.terms] + [t.term.lower() for t in inline]
    assert len(keys) == len(set(keys)), "an entry is listed twice in the pack"
