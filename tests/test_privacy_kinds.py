"""Privacy by kind, on sentences written for this test (not taken from the judgement suite):
a national identity, health or tax number named by its label in any country, a date of
birth however it is joined to its label, another person's name with their address or phone
number, a licence or product key of any shape, and a password a few words after the word.
What must stay quiet: masks showing the last digits, order and ticket references, advice
about numbers and keys, and the company's own phone numbers and addresses."""
from __future__ import annotations

import pytest

from commlint.sources.plain import text_document

#: (text, the words that must be reported); each is a reply by email unless it says
LEAKS = [
    # identity, health and tax numbers after their label, whatever the country
    ("Her PPS number is 8812345KA, so payroll can pay her this week.", "8812345KA"),
    ("I've noted Medicare no. 3312 55821 4 against the booking.", "3312 55821 4"),
    ("The referral needs NHS number 401 023 2137, which I have added.", "401 023 2137"),
    ("Your TFN: 876 543 219 is now linked to the account.", "876 543 219"),
    ("Aadhaar number 4021 8876 1190 was used for the check.", "4021 8876 1190"),
    ("The ITIN we have on file is 912-70-1234.", "912-70-1234"),
    ("His SSN# 402771865 is on the form.", "402771865"),
    ("National ID: 7703215800081 for the second tenant.", "7703215800081"),
    ("The health card number is 5566-778-899-KT, valid until May.", "5566-778-899-KT"),
    ("NRIC S7712345J is the one on the lease.", "S7712345J"),
    ("Her tax ID is 98-7654321 and the return is ready.", "98-7654321"),
    ("BSN 111222333 belongs to the new starter.", "111222333"),
    # a date of birth, however the label leads to it
    ("The file gives his DOB, 19/09/1958, and an old address.", "19/09/1958"),
    ("Her date of birth (7 January 1993) is wrong on the ticket.", "7 January 1993"),
    ("The lead guest was born on the 30th of June 1971.", "30th of June 1971"),
    ("The date of birth on file is 02/12/1980, so I fixed it.", "02/12/1980"),
    ("Birth date listed as 1966-04-23 on the policy.", "1966-04-23"),
    # another person's name with their address or phone number
    ("Your parcel went to another customer, Mr Ravi Menon at 17 Alder Grove, by mistake.", "Mr Ravi Menon at 17 Alder Grove"),
    ("The couple in the next room, Ms Grete Lund (07700 900617), asked about it too.", "Ms Grete Lund (07700 900617"),
    ("The key is with Mrs Nora Quinn, who lives at 5 Beech Terrace.", "Mrs Nora Quinn, who lives at 5 Beech Terrace"),
    ("I believe Tariq Aziz's number is 07700 900248, if you want to swap.", "Tariq Aziz's number is 07700 900248"),
    ("The owner before you, Mr Bram Visser, mobile 07700 900935, kept the spare.", "Mr Bram Visser, mobile 07700 900935"),
    # licence, product and activation keys, whatever their shape
    ("ur licence key is PLM4-77QA-ZX12-KK09, just paste it in", "PLM4-77QA-ZX12-KK09"),
    ("Product key: 9KQ2T-WW7PX-3MN8R-YH6DC-BB4JF", "9KQ2T-WW7PX-3MN8R-YH6DC-BB4JF"),
    ("Your activation code is rt7pq2mz, it works once.", "rt7pq2mz"),
    ("Licence key ORCHARD-5520 is now on your second laptop.", "ORCHARD-5520"),
    # a password a few words after the word
    ("She spelled her password out for me so I could check it: Harbour9!Mist, and it worked.", "Harbour9!Mist"),
]

#: what a support lead would not flag
QUIET = [
    "The card ending 4821 was charged and the account ending 6619 was refunded.",
    "Your order ORD-2291-7734 has shipped and ticket #448812 is closed.",
    "Your booking reference is HX7-29KQ-PL0 and your policy number is PL-4471-220.",
    "Your NHS number is 10 digits long and is printed on any letter from the hospital.",
    "Please never send your PPS number or your SSN by email.",
    "Please confirm the last four digits of your social security number.",
    "Your Medicare claim number 1234567 is still being processed.",
    "Call NHS 111 if you need advice tonight.",
    "Our tax ID is 12-3456789, if you need it for your receipt.",
    "Please confirm your date of birth on the secure form.",
    "Customers born in 1990 or later get the student rate.",
    "Your licence key is in the confirmation email.",
    "The licence key is 25 characters long, in five groups.",
    "Product key: XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
    "The key is to restart the router before anything else.",
    "Your password must have a capital, a digit and a symbol, such as Abcdef1!",
    "Our engineer, Tom Reed, will call you from 07700 900111 on the day.",
    "If the van is late, please contact Jo Banks at 0113 496 0002 in our billing team.",
    "You can reach our Leeds office at 22 Wellington Street, Leeds LS1 4DL, or call 0113 496 0000.",
    "We'll post the part back from Hove Clinic at 3 Church Road.",
    "Hi Dana,\n\nYour order has shipped.\n\nKind regards,\nTom Reed\nBrightline Removals\n14 Dock Street, Leith EH6 6QQ\n0131 496 0123",
]

#: knowledge-base text: worked examples and the company's own details are not leaks
KB_QUIET = [
    "An NHS number has ten digits, for example 485 777 3456.",
    "Enter the product key printed on the card, for example ABCDE-12345-FGHIJ-67890-KLMNO.",
    "Visit our store at 22 Wellington Street, Leeds, or call 0113 496 0000 between 9 and 5.",
    "Say your friend's date of birth is 15/11/1967: the form shows their age as 57.",
]


def _privacy(linter, text: str, kind: str = "reply", channel: str = "email") -> list[tuple[str, str]]:
    document = text_document(text).with_settings(kind=kind, channel=channel)
    (findings,) = linter.lint_many([document])
    return [(f.rule_id, text[f.start : f.end]) for f in findings if f.category == "privacy"]


@pytest.mark.parametrize("text,secret", LEAKS)
def test_each_kind_is_found_at_its_words(linter, text: str, secret: str) -> None:
    found = _privacy(linter, text)
    assert [words for _, words in found] == [secret], found


@pytest.mark.parametrize("text,secret", LEAKS)
def test_a_leak_is_masked_whole(linter, text: str, secret: str) -> None:
    document = text_document(text).with_settings(kind="reply", channel="email")
    (findings,) = linter.lint_many([document])
    (finding,) = [f for f in findings if f.category == "privacy"]
    assert finding.match == "\u2022\u2022\u2022\u2022"
    assert secret not in finding.message and not any(secret in s for s in finding.suggestions)


@pytest.mark.parametrize("text", QUIET)
def test_references_masks_advice_and_the_company_s_own_details_are_quiet(linter, text: str) -> None:
    assert _privacy(linter, text) == []


@pytest.mark.parametrize("text", KB_QUIET)
def test_knowledge_base_examples_are_quiet(linter, text: str) -> None:
    assert _privacy(linter, text, kind="article", channel="kb") == []


def test_internal_note_on_a_ticket_is_judged_too(linter) -> None:
    note = "Rang the patient back. Her NHS no. 401 023 2137 and DOB 02/12/1980 are now on the referral."
    found = _privacy(linter, note, kind="reply", channel="ticket")
    assert sorted(words for _, words in found) == ["02/12/1980", "401 023 2137"]
