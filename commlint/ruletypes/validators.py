"""Checks a regex hit must pass before it is reported (named in YAML as ``validate:``)."""
from __future__ import annotations

from typing import Callable


def luhn(text: str) -> bool:
    """True when the digits of ``text`` (13 to 19 of them) pass the Luhn checksum."""
    digits = [int(ch) for ch in text if ch.isdigit()]
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


VALIDATORS: dict[str, Callable[[str], bool]] = {"luhn": luhn}
