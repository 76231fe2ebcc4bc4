"""Has the writer spelled an acronym out? With or without its small words."""
from __future__ import annotations

import pytest

from commlint.ruletypes.definitions import defined, explained, glossed


@pytest.mark.parametrize(
    "acronym, text, expected",
    [
        ("SLA", "Our service level agreement (SLA) covers it.", True),
        ("OOBE", "It runs in the Out of the Box Experience (OOBE) screen.", True),  # "of" gives its O
        ("TOS", "Read the Terms of Service (TOS) first.", True),
        ("SLA", "SLA (service level agreement) terms apply.", True),
        ("DNS", "Check the domain (DNS) settings.", False),
        ("OOBE", "It runs in the Out of Box (OOBE) screen.", False),
    ],
)
def test_definitions_small_words_may_count(acronym: str, text: str, expected: bool) -> None:
    assert defined(acronym, text) is expected


@pytest.mark.parametrize(
    "acronym, text, expected",
    [
        ("SLA", "Read our service level agreement first. The SLA gives us a day.", True),  # spelled out before it
        ("SLA", "The SLA gives us a day; see the service level agreement.", True),  # or after it
        ("SLA", "The SLA gives us a day." + " Nothing more to say here." * 14 + " See the service level agreement.", False),
        ("RTC", "A Real Time Clock is fitted." + " Nothing more to say here." * 14 + " Set the RTC.", True),  # capitalised: anywhere
        ("2FA", "Turn on two-factor authentication; 2FA asks for a code.", True),
        ("P2P", "Payments go peer-to-peer. P2P has no fee.", True),
        ("TOTP", "Use a time-based one-time password (TOTP) app.", True),
        ("SCA", "SCA (the extra check your bank asks for) applies.", True),  # a gloss of three words or more
        ("SCA", "SCA (see below) applies.", False),
        ("UNO", "The UNO (R3 and older revisions) is fine.", False),  # a gloss starts in lower case
        ("SSID", "Enter the Wi-Fi Name (SSID) now.", True),  # what the words before the bracket describe
        ("COPI", "It uses the SPI interface (COPI, CIPO and SCK signals).", False),  # a list, not a name
        ("SWD", "The sketch was developed with the SWD port.", False),  # function words give no letter
        ("AA", "All Arduino boards take AA batteries.", False),  # two letters: capitalised, not a sentence's first
        ("AP", "Set it up as an Access Point (see below). The AP is on.", True),
        ("SLA", "Check the SLAs on the SLA page.", False),  # the acronym does not spell itself
        # nor do the pieces of one written with "&", "/" or "-" ("F" and "B" of "F&B")
        ("F&B", "We checked the F&B today.", False),
        ("S/MIME", "We support S/MIME and PGP.", False),
        ("C-TPAT", "We use C-TPAT.", False),
        ("W-2", "A W-2 form is attached.", False),
        ("F&B", "Our Food and Beverage (F&B) team will call.", True),
    ],
)
def test_definitions_explained_anywhere(acronym: str, text: str, expected: bool) -> None:
    assert explained(acronym, text) is expected


def test_definitions_a_lexicon_expansion_counts() -> None:
    assert explained("EOD", "I'll send it by end of day; EOD is 6 pm here.", "end of day")
    assert explained("P1", "A priority 1 ticket is a P1.", "priority 1 (most urgent)")  # the note in brackets aside
    assert not explained("EOD", "I'll send it by EOD.", "end of day")


def test_definitions_explained_is_linear_in_the_text() -> None:
    import time

    text = "service level " * 20000 + "SLA"
    started = time.monotonic()
    assert not explained("SLA", text)
    assert time.monotonic() - started < 2.0


def test_definitions_asking_at_every_occurrence_stays_linear() -> None:
    import time

    text = "Our service level agreement applies. " + "The SLA holds. " * 20000
    started = time.monotonic()
    assert all(explained("SLA", text) for _ in range(20000))
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(("text", "term", "expected"), [
    ("The noise comes from the bottom bracket, which is the bearing your pedals turn on.", "bracket", True),
    ("Print it in PLA, a plant-based plastic that stays stiff.", "PLA", True),
    ("Send the RMA, a photo and the receipt to us.", "RMA", False),  # a list, not a gloss
    ("The cassette, which is worn, needs replacing.", "cassette", False),
    ("Reset the router (the box your internet comes through) first.", "router", True),
])
def test_definitions_a_term_glossed_right_after_it(text: str, term: str, expected: bool) -> None:
    assert glossed(text, text.index(term) + len(term)) is expected
    if term.isupper():  # an acronym: the same answer through ``explained``, the acronym rule's test
        assert explained(term, text) is expected
