"""Privacy: passwords of any shape, card numbers with any separator, and masks that never leak."""
from __future__ import annotations

import json

import pytest

from commlint.cli import main
from commlint.errors import PackError
from commlint.packs.loader import load_pack
from commlint.ruletypes.base import mask
from commlint.ruletypes.validators import iban_mod97, luhn, sin

LEAKS = [
    ("Your password is meadow, so sign in and change it.", "meadow"),
    ("Hi Sam, the passphrase is velvet otter lantern quarry.", "velvet otter lantern quarry"),
    ("Passcode is lighthouse", "lighthouse"),
    ("Your password has been reset to Pumpernickel.", "Pumpernickel"),
    ("The password for the lab printer is kestrel", "kestrel"),
    ("Your temporary password is Gr4nite!Path, please change it.", "Gr4nite!Path"),
]

ADVICE = [
    "Never share your password, not even with our support team.",
    "Your password is case-sensitive.",
    "The password is the one you set at sign-up.",
    "Your password is incorrect.",
    "Your password is expired.",
    "Your password is too short.",
    "Your password is not stored anywhere in plain text.",
    "Your password is managed by your IT team.",
    "The password is different for each device.",
    "Your password is being reset now.",
    "The password is valid for 24 hours.",
    "Your password is something only you should know.",
    "Password: see the welcome email",
    "Your password is weak and easy to guess.",
    "Please choose a temporary password and tell the user by phone.",
    "Your password reset link expires in an hour.",
]


def _privacy(linter, text: str) -> list:
    return [f for f in linter.lint_text(text) if f.category == "privacy"]


@pytest.mark.parametrize("text,secret", LEAKS)
def test_a_password_is_found_whatever_its_shape(linter, text: str, secret: str) -> None:
    found = _privacy(linter, text)
    assert [text[f.start : f.end] for f in found] == [secret]
    assert found[0].match == "\u2022\u2022\u2022\u2022"
    assert secret not in found[0].message and not any(secret in s for s in found[0].suggestions)


@pytest.mark.parametrize("text", ADVICE)
def test_advice_about_passwords_is_not_a_leak(linter, text: str) -> None:
    assert _privacy(linter, text) == []


@pytest.mark.parametrize("sep", [" ", "\u00a0", "\u2007", "\u202f", "\u2009", "-", "\u2013", "\u2014", "\u2011", " - "])
def test_card_numbers_with_any_space_or_dash(linter, sep: str) -> None:
    visa = sep.join(["4111", "1111", "1111", "1111"])
    amex = sep.join(["3782", "822463", "10005"])
    found = _privacy(linter, f"Card one is {visa} and card two is {amex}.")
    assert [f.rule_id for f in found] == ["P101", "P101"]
    assert [f.match for f in found] == ["\u2022\u2022\u2022\u2022 1111", "\u2022\u2022\u2022\u2022 0005"]


def test_a_number_failing_luhn_or_mixing_separators_is_not_a_card(linter) -> None:
    assert _privacy(linter, "Reference 4111\u00a01111\u00a01111\u00a01112 is on the invoice.") == []
    assert _privacy(linter, "Try 4111\u00a01111-1111 1111 again.") == []


def test_mask_hides_secrets_whole_and_keeps_a_card_s_last_four() -> None:
    assert mask("hunter2") == mask("correct horse battery staple") == "\u2022\u2022\u2022\u2022"
    assert mask("sk_live_u8jzPde0IgxLd6GncfBAepfJ") == "\u2022\u2022\u2022\u2022"
    assert mask("4111\u20131111\u20131111\u20131111", keep_last4=True) == "\u2022\u2022\u2022\u2022 1111"
    assert mask("4821", keep_last4=True) == "\u2022\u2022\u2022\u2022"  # a PIN keeps nothing


def test_a_key_or_token_shows_no_part_of_itself(linter) -> None:
    key = "sk_live_u8jzPde0IgxLd6GncfBAepfJ"
    (found,) = _privacy(linter, f"Your server is calling the API with {key} right now.")
    assert found.match == "\u2022\u2022\u2022\u2022" and key[-4:] not in found.message


def _pack(tmp_path, redact: str):
    path = tmp_path / "privacy.yaml"
    path.write_text(
        "pack: privacy\ndescription: d\nrules:\n"
        "  - {id: P901, name: privacy.x, category: privacy, severity: error, type: regex, redact: " + redact + ",\n"
        "     message: m, rationale: r, suggestions: [s], matcher: {regex: 'x'},\n"
        "     examples: {bad: ['[[x]]'], good: ['y']}}\n"
    )
    return path


@pytest.mark.parametrize("raw,meta", [("true", "all"), ("false", ""), ("last4", "last4"), ("all", "all")])
def test_redact_values(tmp_path, raw: str, meta: str) -> None:
    (rule,) = load_pack(_pack(tmp_path, raw), {})
    assert rule.meta.redact == meta


def test_redact_rejects_other_values(tmp_path) -> None:
    with pytest.raises(PackError, match="redact"):
        load_pack(_pack(tmp_path, "first4"), {})


SECRETS = "The password is tamarind and the card is 4111\u00a01111\u00a01111\u00a01111.\n"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_reports_show_only_the_masked_form(tmp_path, capsys, fmt: str) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(SECRETS, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["check", "--no-cache", "--format", fmt, "--select", "privacy", str(path)])
    out = capsys.readouterr().out
    assert "tamarind" not in out and "4111" not in out and "\u2022\u2022\u2022\u2022 1111" in out
    if fmt == "json":
        matches = sorted(f["match"] for f in json.loads(out)["findings"])
        assert matches == ["\u2022\u2022\u2022\u2022", "\u2022\u2022\u2022\u2022 1111"]


# --- secrets by kind: each found at its value, masked so that nothing of it shows ---------

KINDS = [
    # (text, rule, the secret as written, its masked form)
    ("Refund sent to GB82 WEST 1234 5698 7654 32 today.", "P113", "GB82 WEST 1234 5698 7654 32", "\u2022\u2022\u2022\u2022 5432"),
    ("IBAN: DE89-3704-0044-0532-0130-00", "P113", "DE89-3704-0044-0532-0130-00", "\u2022\u2022\u2022\u2022 3000"),
    ("Bank details: sort code 40-47-84, account 70872490.", "P114", "70872490", "\u2022\u2022\u2022\u2022"),
    ("Account 70872490, sort code 40-47-84, is the one on file.", "P114", "70872490", "\u2022\u2022\u2022\u2022"),
    ("ABA routing 011000015 and account number 000123456789.", "P114", "000123456789", "\u2022\u2022\u2022\u2022 6789"),
    ("Her checking account is 4417223190.", "P114", "4417223190", "\u2022\u2022\u2022\u2022"),
    ("National Insurance number: JG 10 37 59 A", "P104", "JG 10 37 59 A", "\u2022\u2022\u2022\u2022"),
    ("NI number QQ 12 34 56 C is what we hold.", "P104", "QQ 12 34 56 C", "\u2022\u2022\u2022\u2022"),
    ("SIN: 130 692 544", "P115", "130 692 544", "\u2022\u2022\u2022\u2022"),
    ("The SSN is 512-44-8391.", "P103", "512-44-8391", "\u2022\u2022\u2022\u2022"),
    ("Passport number 532148976 is on the booking.", "P105", "532148976", "\u2022\u2022\u2022\u2022"),
    ("Driving licence no. MORGA 753116 SM9IJ", "P116", "MORGA 753116 SM9IJ", "\u2022\u2022\u2022\u2022"),
    ("Jan Novak, DOB 14/03/1987, 4 High Street.", "P117", "14/03/1987", "\u2022\u2022\u2022\u2022"),
    ("Date of birth: 14 March 1987", "P117", "14 March 1987", "\u2022\u2022\u2022\u2022"),
    ("Your code is 482913.", "P118", "482913", "\u2022\u2022\u2022\u2022"),
    ("OTP 4829", "P118", "4829", "\u2022\u2022\u2022\u2022"),
    ("Your sign-in code: 771 204", "P118", "771 204", "\u2022\u2022\u2022\u2022"),
    ("The key safe code is 4821.", "P119", "4821", "\u2022\u2022\u2022\u2022"),
    ("Side gate code 2580, then ring the bell.", "P119", "2580", "\u2022\u2022\u2022\u2022"),
    ("Your mother\u2019s maiden name is Harrow, so you passed.", "P120", "Harrow", "\u2022\u2022\u2022\u2022"),
    ("Memorable word: periwinkle", "P120", "periwinkle", "\u2022\u2022\u2022\u2022"),
    ("Wi-Fi: Guest / password sunshine22", "P121", "sunshine22", "\u2022\u2022\u2022\u2022"),
    ("Use postgres://app:Vn8!qL2x@db.internal/shop to connect.", "P122", "Vn8!qL2x", "\u2022\u2022\u2022\u2022"),
    ("The key rk_live_51Hx9aT2eZvKYlo2CqPwR4sTn is in the log.", "P106", "rk_live_51Hx9aT2eZvKYlo2CqPwR4sTn", "\u2022\u2022\u2022\u2022"),
    ("Token github_pat_11ABCDEFG0abcdefghijklmnopqrstuv was pushed.", "P106", "github_pat_11ABCDEFG0abcdefghijklmnopqrstuv", "\u2022\u2022\u2022\u2022"),
    ("AWS key AKIA2OGYBAH6TVXWZ4QR leaked in the build.", "P106", "AKIA2OGYBAH6TVXWZ4QR", "\u2022\u2022\u2022\u2022"),
    ("Card 5555 5555 5555 4444, CVV 123.", "P111", "123", "\u2022\u2022\u2022\u2022"),
]


@pytest.mark.parametrize("text,rule,secret,masked", KINDS)
def test_each_kind_of_secret_is_found_and_masked(linter, text: str, rule: str, secret: str, masked: str) -> None:
    found = [f for f in _privacy(linter, text) if f.rule_id == rule]
    assert [text[f.start : f.end] for f in found] == [secret]
    assert found[0].match == masked
    hidden = secret if rule != "P113" else secret[:-4]  # an IBAN may keep its last digits
    assert hidden not in found[0].message and not any(hidden in s for s in found[0].suggestions)


LOOK_ALIKES = [
    "Refund sent to GB82 WEST 1234 5698 7654 33 today.",  # fails mod 97
    "Order AB12 3456 7890 ships Friday.",
    "Your account 31926819 is now verified.",  # an account id, no bank details
    "The refund goes to the account ending 6819.",
    "Account number: xxxx-xxxx-6819",
    "Your customer account number is 100234567.",
    "SIN 130 692 545 is not a valid number.",  # fails Luhn
    "The error code is 1603 and the installer stopped.",
    "Use status code 404 for a missing page.",
    "The verification code is 6 digits long.",
    "Customers born in 1987 pay less.",
    "The door code is 4 digits and changes monthly.",
    "The sample key sk_test_YOUR_KEY_HERE goes in the config.",
    "Set DATABASE_URL=postgres://user:password@localhost/app for local work.",
    "Connect to https://example.com:8443/admin to check.",
    "Your Wi-Fi network uses WPA2 with a key of 8 characters or more.",
    "Call 0345 300 0000 to reach the bank.",
    "Product key 4 lines below the barcode.",
]

ADVICE_BY_KIND = [
    "Never share your code with anyone, including us.",
    "We will never ask for your PIN or your password.",
    "Enter the 6-digit code we sent to your phone.",
    "Your sort code is on your card and your statements.",
    "The key safe is by the door.",
    "Date of birth: {{ticket.requester.dob}}",
    "Your account number is [ACCOUNT NUMBER].",
    "Card \u2022\u2022\u2022\u2022 1234 was charged today.",
    "The card ending 1234 was charged, xxxx-xxxx-xxxx-1234.",
    "We will never ask for your mother's maiden name.",
    "Your memorable word is case-sensitive.",
    "Please confirm your date of birth on the secure page.",
    "Please don't send your IBAN by email; add it in Settings.",
    "The Wi-Fi password is printed on the router.",
    "Your passport number is on the photo page.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES + ADVICE_BY_KIND)
def test_look_alikes_and_advice_are_not_leaks(linter, text: str) -> None:
    assert [(f.rule_id, text[f.start : f.end]) for f in _privacy(linter, text)] == []


def test_a_stripe_test_key_is_info_and_a_live_key_an_error(linter) -> None:
    text = "Test with sk_test_4eC39HqLyjWDarjtT1zdp7dc, go live with sk_live_4eC39HqLyjWDarjtT1zdp7dc."
    assert [(f.rule_id, f.severity.name.lower()) for f in _privacy(linter, text)] == [("P123", "info"), ("P106", "error")]


def test_one_secret_is_reported_once(linter) -> None:
    for text in ("Your PIN is 4821.", "The Wi-Fi password: Sunsh1ne22", "The passcode is 482913."):
        assert len(_privacy(linter, text)) == 1, text


def test_secrets_in_a_quoted_reply_and_another_language_are_found(linter) -> None:
    text = "Gracias, lo revisamos.\n\n> On Mon, Ana wrote:\n> Mi IBAN es ES91 2100 0418 4502 0005 1332 y el DOB 02/05/1990."
    assert sorted(f.rule_id for f in _privacy(linter, text)) == ["P113", "P117"]


KIND_LEAKS = (
    "IBAN GB82 WEST 1234 5698 7654 32. Your code is 482913. The key safe code is 4821.\n"
    "Mother's maiden name is Harrow. Wi-Fi: Guest / password sunshine22.\n"
    "DSN postgres://app:Vn8qL2xz@db.internal/shop\n"
)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_reports_show_nothing_of_a_code_answer_or_connection_password(tmp_path, capsys, fmt: str) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(KIND_LEAKS, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["check", "--no-cache", "--format", fmt, "--select", "privacy", str(path)])
    out = capsys.readouterr().out
    for secret in ("WEST", "482913", "4821", "Harrow", "sunshine22", "Vn8qL2xz"):
        assert secret not in out
    if fmt == "json":
        matches = sorted(f["match"] for f in json.loads(out)["findings"])
        assert matches == ["\u2022\u2022\u2022\u2022"] * 5 + ["\u2022\u2022\u2022\u2022 5432"]


# --- checksums -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,valid", [
    ("GB82 WEST 1234 5698 7654 32", True), ("GB82WEST12345698765432", True), ("gb82 west 1234 5698 7654 32", True),
    ("DE89 3704 0044 0532 0130 00", True), ("NO93 8601 1117 947", True),
    ("GB82 WEST 1234 5698 7654 33", False), ("GB82 WEST 1234 5698 7654", False),  # wrong sum, short for GB
    ("1234 5678 9012 3456", False), ("", False),
])
def test_iban_mod97(text: str, valid: bool) -> None:
    assert iban_mod97(text) is valid


@pytest.mark.parametrize("text,valid", [
    ("130 692 544", True), ("130-692-544", True), ("130692544", True),
    ("130 692 545", False), ("046 454 286", False), ("800 000 001", False), ("999 999 999", False), ("13069254", False),
])
def test_sin(text: str, valid: bool) -> None:
    assert sin(text) is valid


def test_luhn_still_wants_a_card_length() -> None:
    assert luhn("4111 1111 1111 1111") and not luhn("130 692 544") and not luhn("0000 0000 0000 0000")
