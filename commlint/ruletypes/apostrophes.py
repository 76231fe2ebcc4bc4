"""Both apostrophes are one: "don't" and "don’t", "'ll" and "’ll" are the same word to every
rule type (terms, token patterns, regular expressions, ``unless`` word lists)."""
from __future__ import annotations

CURLY = "\u2019"
APOSTROPHES = ("'", CURLY)


def straight(text: str) -> str:
    """``text`` with curly apostrophes as straight ones (the same length, so offsets hold)."""
    return text.replace(CURLY, "'") if CURLY in text else text


def spellings(text: str) -> list[str]:
    """``text`` as written with each apostrophe: one spelling when it has none."""
    if not any(a in text for a in APOSTROPHES):
        return [text]
    return [straight(text), text.replace("'", CURLY)]
