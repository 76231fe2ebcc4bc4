"""Acronyms by shape (A101) and code-like tokens in replies (J120), on the shipped packs."""
from __future__ import annotations

import pytest

from commlint import Config, Linter
from commlint.sources.markdown import markdown_document
from commlint.sources.plain import text_document


def _acronyms(linter: Linter, text: str, **settings) -> list[str]:
    document = text_document(text).with_settings(**settings) if settings else text_document(text)
    return [f.match for f in linter.lint_document(document) if f.rule_id == "A101"]


def _code(linter: Linter, text: str, **settings) -> list[str]:
    document = text_document(text).with_settings(**settings) if settings else text_document(text)
    return [f.match for f in linter.lint_document(document) if f.rule_id == "J120"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I have raised an RMA so you can send the drive back.", ["RMA"]),
        ("Please use 2FA on your account from now on.", ["2FA"]),  # digits lead
        ("We support B2B and P2P payments.", ["B2B", "P2P"]),  # a digit inside
        ("The refund goes through ACH-X, or by SEPA-DD.", ["ACH-X", "SEPA-DD"]),  # a hyphenated tail
        ("Install an EV-SSL certificate on the shop.", ["EV-SSL"]),
        ("Check the SLAs and the RMAs on your plan.", ["SLAs", "RMAs"]),  # plurals
        ("The SLA-based price applies.", ["SLA"]),  # a lower-case tail is another word
        ("This is a P1 incident, so I moved it to L2.", ["P1", "L2"]),  # one letter: only the ones support coins
        ("Sign in with SSO, then check the DNS records.", ["SSO", "DNS"]),  # a jargon lexicon's acronyms too
        ("Your router does not support WPA2 yet.", ["WPA2"]),
        ("Use HTTP or HTTPS for the link.", ["HTTP", "HTTPS"]),  # no vowel: not an English word
        ("Send the RMA, a photo and the receipt.", ["RMA"]),  # a list after a comma is no gloss
        ("Check the FPS for the Portenta Vision Shield.", ["FPS"]),  # a name after small words is not its name
        ("Your DNS Records tab shows it.", ["DNS"]),  # one capitalised word after it may be a label
    ],
)
def test_acronyms_by_shape(linter, text: str, expected: list[str]) -> None:
    assert _acronyms(linter, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Your phone supports 4G and 5G, and the 3D view works on an A4 page.",  # one letter and digits
        "Your ticket INC0012345 and case CS-1042 are open.",  # ids
        "Read our ISO27001 report; the ESP32 and the CH340 chip are fine.",  # standards, chips, part numbers
        "The BQ24195L charger sits next to the SARA-R410M-02B modem.",
        "The RTX 4090 and the XPS 13 both work with it.",  # model numbers
        "Your COVID-19 test result and the W-2 form are attached.",
        "Connect the pins A0-A3 to the sensor.",
        "The fee is 50 CHF, or CHF 50, and the file is 20 KB.",  # units and currencies by a number
        "We open at 9 am EST and close at 17:00 UTC.",  # time zones after a time
        "Our office is in Austin, TX 78701, and another in Portland, OR.",  # a state after a city
        "See Part II and Phase IV of the guide.",  # roman numerals
        "Please fill in the [NAME] and <ACCOUNT> fields.",  # slots to fill in
        "Press CTRL+ALT+DEL, then ESC.",  # keys
        "Do NOT restart it, and turn it OFF first.",  # emphasis
        "DON'T restart it yet.",
        "PLEASE DO NOT RESTART THE SERVER NOW.",  # shouting
        "Type the new name and press ENTER, then click RESET.",
        "Your booking reference is KQZPAX.",  # a code after the word that introduces it
        "Find the reset button (labeled RST) on the board.",  # printed on the product
        "Enter your date of birth as DD/MM/YYYY.",
        "Ship it with DHL or UPS, whichever is cheaper.",  # names, not shorthand
        "Use the Q&A page, and the USB-C cable that came with it.",
        "Please send the PDF to our office in the UK.",
        "Swap the SIM and restart the phone.",
        "Install the Arduino IDE, then sign in to Azure AD.",  # product names
        "It went to 22 Birchwood Close, Reading RG4 7TT, not to SW1A 1AA.",  # both halves of a postcode
        "Our Dutch office is at Keizersgracht 1, 1015 CJ Amsterdam; the Ottawa one is at K1A 0B6.",
        "HM Revenue & Customs wrote to you, and the MV Isle of Arran sails at 2 pm.",  # the start of a name
        "The DJ, the MC and the BBQ are booked; call your GP or go to A&E.",  # everyday words in capitals
        "Bands and DJs must use the sound limiter.",  # and their plurals
    ],
)
def test_acronyms_shapes_that_are_not_acronyms(linter, text: str) -> None:
    assert _acronyms(linter, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We will meet the service level agreement (SLA) for your ticket.",
        "We will meet the SLA (service level agreement) for your ticket.",
        "The SLA stands for service level agreement; we will meet it.",
        "Our service level agreement covers this. The SLA gives us a day to reply.",  # spelled out before
        "Turn on two-factor authentication, then 2FA will ask for a code.",  # a number word for the digit
        "We pay by bank transfer, peer-to-peer. P2P has no fees.",
        "The board has a DIP (Dual In-line Package) chip.",  # a hyphenated word gives one letter
        "That model has an OLED (organic LED) screen.",  # another acronym gives its letters
        "SCA (the extra check your bank may ask for) applies to this card.",  # a gloss, not a spelling
        "Enter your Wi-Fi Name (SSID) and the password.",  # the short name of what the words say
        "Our Real Time Clock keeps the time.\n\nSet the RTC after a reset.",  # capitalised, anywhere
        "I'll send the form by end of day. EOD here is 6 pm.",  # the lexicon's expansion
        "We can print it in PLA, a plant-based plastic that is stiff and light.",  # an appositive gloss
        "Your aid is a RIC, which is the kind with the speaker in your ear.",  # a relative clause
    ],
)
def test_acronyms_explained_anywhere_in_the_message(linter, text: str) -> None:
    assert _acronyms(linter, text) == []


def test_acronyms_link_text_explains(linter) -> None:
    text = "Read our [service level agreement](https://example.com/terms).\n\nThe SLA gives us one day to reply.\n"
    document = markdown_document(text).with_settings(kind="reply", channel="email")
    assert [f for f in linter.lint_document(document) if f.rule_id == "A101"] == []
    html = "<p>Read our <a href='/terms'>service level agreement</a>. The SLA gives us one day.</p>"
    from commlint.sources.html import html_document

    assert [f for f in linter.lint_document(html_document(html).with_settings(kind="reply")) if f.rule_id == "A101"] == []


@pytest.mark.parametrize(
    "acronym, text",
    [
        ("SWD", "The sketch was developed last year, and the SWD port is on the back."),  # function words give nothing
        ("GND", "Give a name to the Device, then connect GND."),  # never two small words in a row
        ("AA", "All Arduino boards run on two AA batteries."),  # a sentence's first word is capitalised anyway
        ("RMA", "Return my application form. " + "Nothing else is needed here. " * 15 + "Your RMA is ready."),  # too far
    ],
)
def test_acronyms_chance_initials_are_no_definition(linter, acronym: str, text: str) -> None:
    assert acronym in _acronyms(linter, text)


def test_acronyms_signing_initials_and_chat_names(linter) -> None:
    assert _acronyms(linter, "Your RMA is ready.\n\n– MK") == ["RMA"]
    assert _acronyms(linter, "Your RMA is ready.\n\nCheers, JD") == ["RMA"]
    assert _acronyms(linter, "It is fixed now.\n\nGG,\nRook, Community Support") == []
    assert _acronyms(linter, "JP: can you tell me the order number?", channel="chat") == []
    assert _acronyms(linter, "SSO: sign in again, please.", channel="email") == ["SSO"]


def test_acronyms_reported_once_and_with_a_suggestion(linter) -> None:
    findings = [f for f in linter.lint_text("The RMA is open. Send the RMA form back.") if f.rule_id == "A101"]
    assert [f.match for f in findings] == ["RMA"]
    assert any("return merchandise authorization (RMA)" in s for s in findings[0].suggestions)


def test_acronyms_and_jargon_on_one_word_are_both_kept(linter) -> None:
    findings = linter.lint_text("Please sign in with SSO again.")
    assert {f.category for f in findings if f.match == "SSO"} == {"jargon", "acronym"}


def test_acronyms_not_for_technical_readers() -> None:
    text = "Sign in with SSO, then renew the RMA."
    assert Linter(Config(select=("acronym",), audience="technical")).lint_text(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I switched off user.settings.sync_enabled for you.", ["user.settings.sync_enabled"]),
        ("The update failed with 0x80070005 again.", ["0x80070005"]),
        ("Your browser showed ERR_CONNECTION_RESET, then E_ACCESSDENIED.", ["ERR_CONNECTION_RESET", "E_ACCESSDENIED"]),
        ("The payment came back as card_declined.", ["card_declined"]),
        ("The app hit a NullPointerException and a TypeError.", ["NullPointerException", "TypeError"]),
        ("I reset the retryCount and called refreshToken() on it.", ["retryCount", "refreshToken()"]),
        ("Delete mso.dll and com.example.sync.plist, then edit config.yaml.", ["mso.dll", "com.example.sync.plist", "config.yaml"]),
        ("Create a PaymentIntent and then call mount() on it.", ["PaymentIntent", "mount()"]),
    ],
)
def test_code_like_tokens_in_replies(linter, text: str, expected: list[str]) -> None:
    assert _code(linter, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Pay with PayPal, or from your iPhone, in the YouTube app on a MacBook.",  # brands: one inner capital
        "Save it in PowerPoint, OneDrive, QuickBooks or WordPress; see it on LinkedIn or eBay, on macOS or iOS.",
        "Write to support@example.com, or see example.com and help.example.co.uk.",  # addresses, domains
        "Version 2.4.1 is out, and we open at 10.30 tomorrow; e.g. at 9 a.m.",  # versions, times
        "Please attach report.pdf, photo.jpg and debug.log, and run setup.exe again.",  # files customers handle
        "Please type `sync_enabled` in the box.",  # a code span
        'In the search box, type "card_declined" to find them.',  # quoted as text to copy
        "Hi {{ticket.requester.first_name}}, your order is on its way.",  # a placeholder
        "See https://example.com/help/sync_settings for the steps.",  # a URL
        "Use :thumbs_up: to vote, and fill in [FIRST_NAME].",
    ],
)
def test_code_like_tokens_left_alone(linter, text: str) -> None:
    assert _code(linter, text) == []


def test_code_like_tokens_in_replies_and_macros_only(linter) -> None:
    text = "Set user.settings.sync_enabled to false."
    assert _code(linter, text, kind="macro") == ["user.settings.sync_enabled"]
    assert _code(linter, text, kind="article", channel="kb") == []
    assert _code(linter, "fs_anders: the card_declined code is expected.", channel="chat") == ["card_declined"]
    assert Linter(Config(select=("J120",), audience="technical")).lint_text(text) == []
