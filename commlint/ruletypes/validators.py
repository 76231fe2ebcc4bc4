"""Checks a regex hit must pass before it is reported (named in YAML as ``validate:``)."""
from __future__ import annotations

import re
from typing import Callable

#: IBAN length by country (ISO 13616 registry); a country not listed is checked by sum only
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
    "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21,
    "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


def _digits(text: str) -> list[int]:
    return [int(ch) for ch in text if ch.isdigit()]


def _luhn_sum(digits: list[int]) -> int:
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10


def luhn(text: str) -> bool:
    """True when the digits of ``text`` (13 to 19 of them) pass the Luhn checksum."""
    digits = _digits(text)
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    return _luhn_sum(digits) == 0


def iban_mod97(text: str) -> bool:
    """True when ``text``, spaces and dashes aside, is an IBAN: country letters, check digits
    and account part of the country's length, and the ISO 7064 mod-97 remainder is 1."""
    compact = "".join(ch for ch in text if ch.isalnum()).upper()
    if not _IBAN_SHAPE.fullmatch(compact):
        return False
    if _IBAN_LENGTHS.get(compact[:2], len(compact)) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def sin(text: str) -> bool:
    """True when ``text`` holds a Canadian Social Insurance Number: nine digits passing
    Luhn, not starting with 0 or 8 (never issued), not all one digit."""
    digits = _digits(text)
    if len(digits) != 9 or digits[0] in (0, 8) or len(set(digits)) == 1:
        return False
    return _luhn_sum(digits) == 0


VALIDATORS: dict[str, Callable[[str], bool]] = {"luhn": luhn, "iban_mod97": iban_mod97, "sin": sin}
