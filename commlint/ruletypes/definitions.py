"""Has the writer explained a term? Spelled-out acronyms and parenthetical glosses."""
from __future__ import annotations

import re

_SMALL_WORDS = frozenset("of and for the to in on a an by with at or as".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
_GLOSS_AFTER = re.compile(r"\s*\(\s*(?:i\.e\.,?\s*|that is,?\s*|meaning\s+)?[A-Za-z][^()]*\s[^()]*\)")
_GLOSS_WORDS = re.compile(r",?\s+(?:which means|meaning|that is|i\.e\.|or in other words)\b")


def glossed(text: str, end: int) -> bool:
    """True when the term ending at ``text[end]`` is followed by a gloss: words in
    brackets, or "which means ...", "that is ...", "i.e. ..."."""
    after = text[end:]
    return bool(_GLOSS_AFTER.match(after) or _GLOSS_WORDS.match(after))


def defined(acronym: str, text: str) -> bool:
    """True when ``text`` spells ``acronym`` out next to it, in either order."""
    letters = [ch.lower() for ch in acronym if ch.isalpha()]
    escaped = re.escape(acronym)
    for m in re.finditer(rf"\(\s*{escaped}s?\s*\)", text):
        words = _WORD.findall(text[max(0, m.start() - 120) : m.start()])
        if any(_initials(words[i:]) == letters for i in range(max(0, len(words) - len(letters) - 4), len(words))):
            return True
    for m in re.finditer(rf"\b{escaped}s?\s*\(([^)]{{3,120}})\)", text):
        if _initials(_WORD.findall(m.group(1))) == letters:
            return True
    for m in re.finditer(rf"\b{escaped}s?\b,?\s+(?:stands for|means|is short for)\s+([^.;:\n]{{3,120}})", text):
        words = _WORD.findall(m.group(1))
        if any(_initials(words[:n]) == letters for n in range(1, len(words) + 1)):
            return True
    return False


def _initials(words: list[str]) -> list[str]:
    """First letters of the words, skipping small words; CamelCase words give each capital."""
    out: list[str] = []
    for index, word in enumerate(words):
        if word.lower() in _SMALL_WORDS and 0 < index < len(words) - 1:
            continue
        capitals = [ch.lower() for ch in word[1:] if ch.isupper()]
        out.append(word[0].lower())
        if capitals and not word.isupper():
            out.extend(capitals)
    return out
