"""Privacy: passwords of any shape, card numbers with any separator, and masks that never leak."""
from __future__ import annotations

import json

import pytest

from commlint.cli import main
from commlint.errors import PackError
from commlint.packs.loader import load_pack
from commlint.ruletypes.base import mask

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
