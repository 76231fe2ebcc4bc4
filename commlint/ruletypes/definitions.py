"""Has the writer explained a term? Spelled-out acronyms and parenthetical glosses."""
from __future__ import annotations

import re

_SMALL_WORDS = frozenset("of and for the to in on a an by with at or as".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
#: "[^()\s]*\s" stops at the first white space: the same texts as "[^()]*\s", without
#: trying every split of a long unclosed bracket
_GLOSS_AFTER = re.compile(r"\s*\(\s*(?:i\.e\.,?\s*|that is,?\s*|meaning\s+)?[A-Za-z][^()\s]*\s[^()]*\)")
_GLOSS_WORDS = re.compile(r",?\s+(?:which means|meaning|that is|i\.e\.|or in other words)\b")


def glossed(text: str, end: int) -> bool:
    """True when the term ending at ``text[end]`` is followed by a gloss: words in
    brackets, or "which means ...", "that is ...", "i.e. ..."."""
    return bool(_GLOSS_AFTER.match(text, end) or _GLOSS_WORDS.match(text, end))


def defined(acronym: str, text: str) -> bool:
    """True when ``text`` spells ``acronym`` out next to it, in either order.

    Each answer is remembered for the last ``text`` asked about, and the search only looks
    where ``acronym`` occurs, so asking about every acronym of a long message stays linear."""
    global _memo
    if _memo[0] is not text:
        _memo = (text, {})
    answers = _memo[1]
    answer = answers.get(acronym)
    if answer is None:
        answer = answers[acronym] = _defined(acronym, text)
    return answer


_memo: tuple[str, dict[str, bool]] = ("", {})
_BACK = 256  #: how far before an occurrence to look for the opening bracket


def _defined(acronym: str, text: str) -> bool:
    """``defined``, by the same three expressions as a whole-text ``finditer`` would use, but
    tried only at the positions where a match can start (every match contains ``acronym``)."""
    occurrences = _occurrences(acronym, text)
    if not occurrences:
        return False
    letters = [ch.lower() for ch in acronym if ch.isalpha()]
    escaped = re.escape(acronym)
    bracketed = re.compile(rf"\(\s*{escaped}s?\s*\)")
    starts = _opening_brackets(text, occurrences)
    if starts is None:  # a very long run of white space: read the whole text
        starts = [m.start() for m in re.finditer(r"\(", text)]
    for m in _matches(bracketed, text, starts):
        words = _WORD.findall(text[max(0, m.start() - 120) : m.start()])
        if any(_spells(letters, words[i:]) for i in range(max(0, len(words) - len(letters) - 4), len(words))):
            return True
    for m in _matches(re.compile(rf"\b{escaped}s?\s*\(([^)]{{3,120}})\)"), text, occurrences):
        if _spells(letters, _WORD.findall(m.group(1))):
            return True
    spelled = re.compile(rf"\b{escaped}s?\b,?\s+(?:stands for|means|is short for)\s+([^.;:\n]{{3,120}})")
    for m in _matches(spelled, text, occurrences):
        words = _WORD.findall(m.group(1))
        if any(_initials(words[:n]) == letters for n in range(1, len(words) + 1)):
            return True
    return False


def _occurrences(needle: str, text: str) -> list[int]:
    """Every position where ``needle`` occurs in ``text``, overlapping ones included."""
    out = []
    at = text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _opening_brackets(text: str, occurrences: list[int]) -> list[int] | None:
    """The positions of "(" followed only by white space up to an occurrence; None when
    some run of white space is too long to look back over."""
    found = set()
    for at in occurrences:
        lo = max(0, at - _BACK)
        before = text[lo:at].rstrip()
        if not before and lo > 0:
            return None
        if before.endswith("("):
            found.add(lo + len(before) - 1)
    return sorted(found)


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]):
    """What ``pattern.finditer(text)`` yields, given every position a match can start at."""
    last = 0
    for at in starts:
        if at < last:
            continue
        m = pattern.match(text, at)
        if m is not None:
            yield m
            last = max(m.end(), at + 1)


def _spells(letters: list[str], words: list[str]) -> bool:
    """Do ``words`` spell ``letters`` out? Skipping small words ("Service Level Agreement"
    gives SLA), or keeping them ("Out of the Box Experience" gives OOBE)."""
    if _initials(words) == letters:
        return True
    full = [ch for word in words for ch in _letters_of(word)]
    return full == letters or (len(words) <= 12 and _with_some_small_words(letters, words))


def _letters_of(word: str) -> list[str]:
    capitals = [ch.lower() for ch in word[1:] if ch.isupper()]
    return [word[0].lower()] + (capitals if capitals and not word.isupper() else [])


def _with_some_small_words(letters: list[str], words: list[str]) -> bool:
    """Each word gives its letters, except small words, which may give none."""
    reachable = {0}
    for word in words:
        own = _letters_of(word)
        step = {n + len(own) for n in reachable if letters[n : n + len(own)] == own}
        if word.lower() in _SMALL_WORDS:
            step |= reachable
        reachable = step
        if not reachable:
            return False
    return len(letters) in reachable


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
