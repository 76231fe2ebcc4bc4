"""A validation set for jargon precision, written apart from the lexicons: short support
replies in each of the 26 lexicon domains that use the everyday words of their trade (what
is printed on the customer's own bills, tickets, contracts, screens and packaging), which
must get no jargon finding, and replies that lean on insider terms a customer would not
know, which must get at least one. Used to find kinds of over-eager terms, not tuned on one
by one."""
from __future__ import annotations

import pytest

from commlint import Config, Linter, data
from commlint.sources.plain import text_document

CLEAN = [
    # automotive
    "Your excess waiver covers the scratch on the rental car, so there is nothing more to pay.",
    "The car is booked in for its MOT on Friday; we will call you if it needs any work.",
    "The MOT advisories on your certificate mention the front tyres, so we checked them and they are fine for now.",
    "Your service interval is every 12,000 miles, and the next one is due in March.",
    "You will find the vehicle identification number on your V5C and at the bottom of the windscreen.",
    "We replaced both front brake calipers and the pads, as agreed on the phone.",
    "Your PCP agreement ends in June; you can hand the car back, pay the optional final payment or part-exchange it.",
    "The charging point supports both CCS and CHAdeMO, so your car will charge there.",
    # banking
    "Your savings account pays 4.1% AER, and interest is added on the first of each month.",
    "The payment went out by CHAPS, so it should reach the solicitor today.",
    "Checking your eligibility is a soft search and will not affect your credit score.",
    "Your fixed rate ends in May, after which the mortgage moves to our standard variable rate unless you choose a new deal.",
    "An early repayment charge of 2% applies if you pay off the mortgage before 2027.",
    "We have sent the redemption statement to your solicitor by email.",
    "Your escrow account covers property taxes and insurance, and this year's escrow analysis is attached.",
    "The cleared balance is what you can spend now; the cheque you paid in will clear tomorrow.",
    "You can set up a standing order in the app under Payments.",
    # billing
    "You moved to the annual plan mid-cycle, so the invoice shows a prorated charge for the rest of this month.",
    "Our invoices are due within 30 days; you will find the terms as net 30 on each one.",
    "We have issued a credit memo for the duplicate charge, and it will come off your next invoice.",
    "Please send the remittance advice to our accounts receivable team so we can match your payment.",
    "Your subscription renews on 3 April, and you can cancel any time before then from the billing page.",
    "We can add your cost center and PO number to future invoices; just reply with them.",
    "Extra usage above your plan's 10,000 messages is billed as overage at the end of the month.",
    "You're grandfathered on the old price, so the increase will not apply to your account.",
    # cloud
    "Your VPS has been restarted and the website is loading again.",
    "We took a snapshot of the server before the upgrade, so we can go back if anything looks wrong.",
    "Your files are stored in our London data centre and never leave the UK.",
    "You can choose the cloud region closest to your customers when you create the server.",
    "The backup ran at 2am as scheduled and completed without errors.",
    # databases
    "We exported your contacts to a spreadsheet and attached it to this email.",
    "The report now includes orders from last week; please refresh the page to see them.",
    "Our data migration to the new system finished overnight, and your records are all there.",
    "The backup software offers incremental backups, which only copy files that changed since the last run.",
    "The name was too long for the field, so we shortened it to fit the label.",
    # devices
    "A firmware update for your speaker is ready; open the app and tap Update.",
    "The laptop has a 512GB SSD and 16GB of memory, so it will handle your photo editing easily.",
    "Please hold the power button for ten seconds to do a hard reset, then switch it back on.",
    "You can find the IMEI on the box or by dialling *#06#.",
    "The monitor has a 144Hz refresh rate and comes with an HDMI cable and a DisplayPort cable.",
    "Turn on NFC in your phone's settings, then hold it near the reader to pair.",
    "The printer driver for your model is on our downloads page, under Support.",
    "Your phone supports eSIM, so you can add the new plan without waiting for a SIM card.",
    # ecommerce
    "The blue jacket is on backorder and will ship on 12 March; we will email you the tracking number.",
    "Your order arrived in two parcels because it shipped from two warehouses.",
    "The item left our fulfilment centre this morning and should reach you on Thursday.",
    "We have refunded the return to your original payment method; please allow five working days.",
    "Please include the SKU from the packing slip when you send the exchange form.",
    "Your order was sent in a split shipment; the second box will arrive tomorrow.",
    # education
    "The rubric for the essay is on the course page, next to the assignment brief.",
    "Your viva is booked for 14 May at 10am, in room 2.04.",
    "The add/drop period ends on Friday, so you can still switch modules until then.",
    "Your similarity report is ready in the submission area; you can view it before the deadline.",
    "The school is closed to pupils on Monday for an INSET day.",
    "We have updated your child's EHCP after the review meeting, and the SENCO will call you this week.",
    # email
    "The email bounced because the address had a typo; please check the spelling and send it again.",
    "Please check your spam folder, and add our address to your contacts so future emails reach your inbox.",
    "You can set up an email alias so messages to sales@ go to your inbox too.",
    "Your mailbox is nearly full; deleting old attachments will free up space.",
    "Google now needs an app password for older mail apps; you can create one under Security.",
    "We added everyone on the team to the distribution list, so they will get the newsletter.",
    # gaming
    "We've fixed the rubber-banding that some players saw in ranked matches last night.",
    "The server wipe happens on the first Thursday of each month, as announced in the patch notes.",
    "Your in-app purchase was refunded to your Apple account; it can take up to 48 hours to show.",
    "The game compiles shaders the first time you launch it, so the first load takes a few minutes.",
    "Cross-save is now on for your account, so your progress carries over between console and PC.",
    "Your account was caught in a ban wave by mistake, and we have lifted the ban.",
    "Set this console as your primary console so your family can play your games offline.",
    # general IT
    "Please clear your browser's cache and cookies, then sign in again.",
    "The page timed out while loading; please try again in a few minutes.",
    "Copy the URL from the address bar and paste it into your reply.",
    "You can download the report as a CSV file and open it in Excel.",
    "Please send us a screenshot of the error message and tell us which browser you use.",
    "The file extension should be .pdf; if it shows .tmp, the download did not finish.",
    # government
    "Your Universal Credit assessment period runs from the 5th to the 4th of each month.",
    "If you disagree with the decision, you can ask for a mandatory reconsideration within one month.",
    "Your claimant commitment is in your online journal; please accept it by Friday.",
    "You can pay the penalty charge notice online within 14 days at the reduced rate.",
    "Please have your National Insurance number and your UTR ready when you call.",
    "Your BRP shows your indefinite leave to remain, so you do not need a new visa.",
    # hardware repair
    "We replaced the logic board, and your MacBook is now charging and starting up normally.",
    "The phone has an IP68 rating, but water damage is not covered by the warranty.",
    "Our technician fixed the stick drift on your controller and tested it for an hour.",
    "We cleaned the fan and replaced the thermal paste, so the laptop runs much cooler now.",
    "The screen repair includes a new bezel and a free screen protector.",
    "Your printer needs a new drum unit; the part number is on the front of the old one.",
    # healthcare admin
    "Your repeat prescription has been sent to your nominated pharmacy and will be ready tomorrow.",
    "Your GP has made a two-week wait referral, and the hospital will contact you with an appointment.",
    "Your insurer needs a prior authorization before the MRI; we have sent the request today.",
    "The EOB from your insurer shows the allowed amount, and your share is $40.",
    "Your procedure is a day case, so you should be home the same evening.",
    "Please bring your medication list to your pre-op assessment on Tuesday.",
    # hospitality
    "We take a card for incidentals at check-in, and release it when you check out.",
    "Your room includes breakfast, and room service is available until midnight.",
    "The prix fixe menu is £35 for three courses, and there is a £15 corkage fee if you bring your own wine.",
    "Your booking is guaranteed with your card, so the room is held even if you arrive late.",
    "The rate is per night based on double occupancy, including taxes.",
    "Blackout dates apply to the voucher over Christmas and New Year.",
    # insurance
    "Your policy has a £250 compulsory excess and a £100 voluntary excess, so you would pay £350 towards a claim.",
    "Your no-claims discount is protected, so this claim will not change it.",
    "The sum insured for your contents is £40,000; you can raise it in your account.",
    "Your policy schedule lists the cover and the excess, and we have emailed you a copy.",
    "The claim is recorded as a non-fault claim because the other driver admitted liability.",
    "Escape of water is covered, so we will pay to repair the ceiling once the plumber has fixed the leak.",
    "Your premium for next year is £412, and your renewal documents are attached.",
    # networking
    "Your router's Wi-Fi name and password are printed on the sticker on the back.",
    "Please restart the router and check whether the light turns white again.",
    "Your static IP address has been added to your broadband plan from today.",
    "Our app works over any VPN, so you can keep yours switched on.",
    "Plug the computer into one of the yellow LAN ports on the router with the cable in the box.",
    "Press the WPS button on the router and then on the extender to connect them.",
    "Your mesh Wi-Fi kit has three units; place one in each room where the signal is weak.",
    # office IT
    "Your new laptop is ready to collect from the IT desk; it has your files and apps already set up.",
    "You can reset your password yourself from the sign-in page by choosing Forgot password.",
    "Please read the asset tag number from the sticker under the laptop and reply with it.",
    "We have shared the team folder with you, and it will appear in OneDrive within an hour.",
    "The office printer is back online, so you can print from your laptop again.",
    # payments
    "Please enter the three-digit CVV from the back of your card to finish the payment.",
    "The hotel placed a pre-authorisation of £100 on your card, which will drop off after you check out.",
    "Your direct debit mandate is set up, and the first payment will be taken on the 1st.",
    "To receive the transfer, please send us your IBAN and SWIFT code.",
    "The refund is on its way and should show on your statement in five to ten working days.",
    "Customers can pay by card, Apple Pay or bank transfer at checkout.",
    # property
    "Your landlord has served a section 21 notice, so please read our guide on what it means for you.",
    "The check-in inventory is attached; please tell us within seven days if anything is missing from it.",
    "Your deposit is protected with the government-backed scheme, and the certificate is attached.",
    "The EPC rating for the flat is C, and the gas safety certificate is valid until August.",
    "Your tenancy has a break clause at six months, so you can give two months' notice from then.",
    "Normal wear and tear is not taken from your deposit, only damage beyond that.",
    # security
    "Please turn on two-factor authentication in your account settings to keep it safe.",
    "Enter the one-time code we sent to your phone; it expires in ten minutes.",
    "You can use an authenticator app such as Google Authenticator for the six-digit code.",
    "We have added passkeys, so you can sign in with your fingerprint instead of a password.",
    "The email you received is a phishing attempt; please delete it and do not click the link.",
    "Our scan found no malware on your computer, so you can keep using it as normal.",
    # shipping and customs
    "Your parcel is waiting at customs; the courier will text you when the duty is paid.",
    "Please fill in the CN22 form at the Post Office counter for parcels going outside the UK.",
    "The tracking page shows a delivery exception because nobody was home; the courier will try again tomorrow.",
    "Your parcel arrived at the sorting facility this morning and is on schedule.",
    "Large boxes are priced on volumetric weight, so the quote is based on the size, not just the weight.",
    # software
    "We released an update this morning that fixes the crash when you open a saved file.",
    "The beta channel gets new features a week early; you can join it in Settings.",
    "The app will be unavailable during a maintenance window on Sunday from 2am to 4am.",
    "Please download the latest version from the App Store and try again.",
    "You can undo the update by choosing Restore previous version in Settings.",
    # telecom
    "Text PAC to 65075 and we will send you a code to keep your number when you switch.",
    "Your PUK code is on the card your SIM came in, or you can find it in the app.",
    "We have unlocked your phone, so it will now work with a SIM from any network.",
    "Your new data bolt-on gives you an extra 10GB until the end of the month.",
    "Wi-Fi Calling is now switched on for your line, so you can make calls on your home Wi-Fi.",
    "Your full fibre (FTTP) installation is booked for Tuesday morning.",
    # travel
    "Your booking reference is on your e-ticket, and you can check in online 24 hours before departure.",
    "The flight is a codeshare operated by our partner, so you will check in at their desk.",
    "Your boarding pass is in the app, and your bag allowance is 23kg.",
    "Please complete the advance passenger information before you fly; it takes about five minutes.",
    "Your package holiday is ATOL protected, and the certificate is attached to this email.",
    "The hotel is half board, so breakfast and dinner are included.",
    # utilities
    "We have updated your account with the meter reading you sent, and your next bill will use it.",
    "Your smart meter sends readings automatically, so you no longer need to send them.",
    "Your new tariff starts on 1 March, and your direct debit will change to £96 a month.",
    "You are now on our Priority Services Register, so we will call before any planned supply cut.",
    "Your solar panels earn payments under the Smart Export Guarantee for the energy you send to the grid.",
    "A boil water notice is in place for your street, so please boil tap water before drinking it.",
]

JARGON = [
    "Your claim is subject to subrogation against the third party's insurer.",
    "We have appointed a loss adjuster, and the underwriting review is still open.",
    "The charge failed on the interchange fee tier, so the acquirer has put the funds on hold.",
    "The dispute is in pre-arbitration after the representment was rejected.",
    "The goods are held until we receive the original bill of lading and the telex release.",
    "Your shipment is stuck because the HS code on the commercial invoice does not match the ISF.",
    "We need the MPAN from your bill to fix the erroneous transfer.",
    "Your bill used a deemed read because your reading was outside the tolerance band.",
    "The logic board needed reballing on the GPU, so the repair will take a week.",
    "There was a cold solder joint on the charging IC, which caused a shorted rail.",
    "The outage was caused by DNS propagation delays and a misconfigured CNAME record.",
    "We see high latency and packet loss on your line during the evening.",
    "The sync issue comes from a deadlock on the database table during replication.",
    "The import failed on a foreign key constraint and the upsert was rolled back.",
    "The load balancer failed over to another availability zone during the incident.",
    "Our autoscaling group hit its limit, so the pods were evicted from the node pool.",
    "Your certificate failed the TLS handshake because the intermediate chain was missing.",
    "We found signs of credential stuffing and have enforced key rotation on your account.",
    "The SMTP relay rejected the message because your SPF record and DKIM do not align.",
    "Your domain's DMARC policy is set to quarantine, so the messages go to spam.",
    "The webhook payload failed to parse because of a race condition on our side.",
    "The page breaks because the iframe loses its session after a hard refresh in the browser console.",
    "We will ship a hotfix once the regression is confirmed on the staging environment.",
    "The crash shows in the stack trace, and the feature flag has been turned off.",
    "Your PAC code failed because the firm order commitment had not been returned.",
    "The line's SNR margin is low, so dynamic line management has capped the sync speed.",
    "Your fare basis does not allow a reissue, only a refund of the residual value.",
    "The PNR was cancelled because the ticketing time limit passed.",
    "The dunning process starts after smart retries fail, and the account moves to involuntary churn.",
    "We will apply a true-up at the end of the term for your committed spend.",
    "The order is stuck in pick and pack because of a stockout in the WMS.",
    "Your listing was suppressed from the buy box after the GTIN check failed.",
    "The SCORM package does not report completion tracking to the LMS.",
    "Your marks went through grade moderation and the summative assessment was condoned.",
    "The game stalls because of an entitlement sync failure on the purchase token.",
    "Your receipt validation failed, so the consumable purchase was not delivered.",
    "Your device failed Intune enrollment because conditional access blocked it.",
    "The group policy object did not apply, so please run gpupdate and reboot.",
    "The claim was denied with a CARC for unbundling, so please ask for a corrected claim.",
    "Your prescription is non-formulary, so step therapy applies before we can dispense it.",
    "The night audit posted the billback to the city ledger instead of your folio.",
    "The group resume and the BEO are attached for your sign-off.",
    "The DPF regeneration failed, so the car went into limp mode.",
    "We need to do an ADAS recalibration after the windscreen was replaced.",
    "Your mortgage has negative amortization, and forbearance was applied last quarter.",
    "The payment is showing as uncleared funds pending the clearing cycle and a CoP check.",
    "The landlord must serve prescribed information and the dilapidations schedule first.",
    "The lease extension premium includes marriage value because the unexpired term is under 80 years.",
    "Your claim is under supersession, and the taper rate applies to the earnings disregard.",
    "The decision went to adjudication, and notional income was counted.",
]


@pytest.fixture(scope="module")
def jargon_linter() -> Linter:
    """The jargon pack alone: the only pack whose findings are in the jargon category."""
    return Linter(Config(default_packs=False, packs=(str(data.packs_dir() / "jargon.yaml"),)))


def jargon_findings(linter: Linter, text: str) -> list[tuple[str, str]]:
    document = text_document(text).with_settings(kind="reply", channel="email")
    return [(f.rule_id, f.match) for f in linter.lint_document(document) if f.category == "jargon"]


def test_the_set_is_the_size_it_says() -> None:
    assert len(CLEAN) >= 150 and len(JARGON) >= 50


@pytest.mark.parametrize("text", CLEAN)
def test_everyday_trade_words_are_not_jargon(jargon_linter: Linter, text: str) -> None:
    assert not jargon_findings(jargon_linter, text), text


@pytest.mark.parametrize("text", JARGON)
def test_insider_terms_are_jargon(jargon_linter: Linter, text: str) -> None:
    assert jargon_findings(jargon_linter, text), text
