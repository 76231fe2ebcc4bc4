"""Has the writer explained a term? Spelled-out acronyms and parenthetical glosses."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

_SMALL_WORDS = frozenset("of and for the to in on a an by with at or as".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
#: "[^()\s]*\s" stops at the first white space: the same texts as "[^()]*\s", without
#: trying every split of a long unclosed bracket
_GLOSS_AFTER = re.compile(r"\s*\(\s*(?:i\.e\.,?\s*|that is,?\s*|meaning\s+)?[A-Za-z][^()\s]*\s[^()]*\)")
_GLOSS_WORDS = re.compile(r",?\s+(?:which means|meaning|that is|i\.e\.|or in other words)\b")
#: a relative clause or an appositive right after the term: ", which is the bearing ...",
#: ", a plant-based plastic that ..."; not a list (", a photo and the receipt")
_APPOSITIVE = re.compile(
    r",[ ](?:which|that)[ ](?:is|are|means|stands[ ]for)[ ](?:the|a|an|your|how|what|where|when)\b"
    r"|,[ ](?:a|an)[ ](?:[a-z][\w-]*[ ]){1,5}(?:that|which|who|used|made|for)\b"
)


def glossed(text: str, end: int) -> bool:
    """True when the term ending at ``text[end]`` is followed by a gloss: words in
    brackets, "which means ...", "that is ...", "i.e. ...", or a relative clause or an
    appositive that says what it is (", which is the ...", ", a ... that ...")."""
    return bool(_GLOSS_AFTER.match(text, end) or _GLOSS_WORDS.match(text, end) or _APPOSITIVE.match(text, end))


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



def explained(acronym: str, text: str, expansion: str | None = None) -> bool:
    """True when ``text`` explains ``acronym``: spelled out beside it (``defined``), glossed
    right after it ("SCA (the extra check your bank asks for)", "PLA, a plant-based
    plastic that is stiff"), said in full elsewhere in the message (a link's text, a
    sentence before), or, for an acronym a lexicon knows, its ``expansion`` written out
    anywhere. Answers are remembered for the last ``text``,
    as ``defined`` does, so asking at every occurrence of an acronym stays linear."""
    global _explained_memo
    if _explained_memo[0] is not text:
        _explained_memo = (text, {})
    answers = _explained_memo[1]
    key = (acronym, expansion)
    if key not in answers:
        answers[key] = _explained(acronym, text, expansion)
    return answers[key]


_explained_memo: tuple[str, dict[tuple[str, str | None], bool]] = ("", {})


def _explained(acronym: str, text: str, expansion: str | None) -> bool:
    if defined(acronym, text):
        return True
    expansion = (expansion or "").split(" (")[0]  # "priority 1 (most urgent)": the words before the note
    if expansion and re.search(rf"(?<!\w){re.escape(expansion)}", text, re.I):
        return True
    occurrences = [at for at in _occurrences(acronym, text) if _standalone(text, at, at + len(acronym))]
    return bool(occurrences) and (
        _glossed_at(text, occurrences, len(acronym))
        or _named_at(text, occurrences, len(acronym))
        or _spelled_out(acronym, text, occurrences)
    )


def _standalone(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a word of its own (a plural "s" may follow)?"""
    after = text[end + (text[end : end + 1] == "s") : end + 2]
    return not (start and text[start - 1].isalnum()) and not after[:1].isalnum()


#: a gloss in brackets: three words or more, starting in lower case; "(see below)" and
#: "(R3 and older revisions)" are not one
_LONG_GLOSS = re.compile(r"s?\s*\(\s*(?!see\b)[a-z][^()\s]*\s+[^()\s]+\s+[^()]*\)")


def _glossed_at(text: str, occurrences: list[int], length: int) -> bool:
    """Is one of the occurrences (a plural "s" may follow) glossed right after it: a long
    gloss in brackets, gloss words, a relative clause or an appositive?"""
    for at in occurrences:
        end = at + length
        if _LONG_GLOSS.match(text, end):
            return True
        end += text[end : end + 1] == "s"
        if _GLOSS_WORDS.match(text, end) or _APPOSITIVE.match(text, end):
            return True
    return False


#: three words before a bracket, the last two not small words: "your Wi-Fi Name (SSID)"
_CLOSING = re.compile(r"s?\s*\)")
_NAMED = re.compile(r"[A-Za-z][\w'-]*\s+[A-Za-z][\w'-]*\s+[A-Za-z][\w'-]*\s*\(\s*$")


def _named_at(text: str, occurrences: list[int], length: int) -> bool:
    """Is the acronym given alone in brackets as the short name of what the words before
    it describe ("the Wi-Fi Name (SSID)", "a shared access key (SAS)")?"""
    for at in occurrences:
        if not _CLOSING.match(text, at + length):
            continue
        m = _NAMED.search(text, max(0, at - 80), at)
        if m is not None:
            words = re.findall(r"[A-Za-z][\w'-]*", m.group())
            if not any(w.lower() in _SMALL_WORDS or w.lower() in _FUNCTION_WORDS for w in words[-2:]):
                return True
    return False


#: number words and their sound-alikes, for the digits of "2FA" ("two-factor
#: authentication") and "P2P" ("peer-to-peer")
_DIGIT_WORDS = {
    "one": "1", "two": "2", "to": "2", "three": "3", "four": "4", "for": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
#: words that never give a letter of a spelled-out acronym ("sketch was developed" is not SWD)
_FUNCTION_WORDS = frozenset(
    "is are was were be been being am has have had do does did will would can could shall should may might must "
    "it its this that these those you your we our us they their them he she his her i me my not no so if but "
    "then than as at by from there here what which who when where how all any some".split()
)
_RUN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9']*|[.!?;:()\[\]\n]")
_BREAKS = frozenset(".!?;:()[]\n")
_NEAR = 300  #: how near an occurrence a spelled-out form in lower case must be
_words_memo: tuple[str, list[tuple[str, int]], dict[str, list[int]]] = ("", [], {})


def _spelled_out(acronym: str, text: str, occurrences: list[int]) -> bool:
    """Do consecutive words of one sentence spell ``acronym`` out, small words optional
    ("service level agreement", "Out of the Box Experience", "two-factor authentication"
    for 2FA)? In lower case the words must stand within ``_NEAR`` characters of the
    acronym; capitalised ("Real Time Clock"), anywhere in the message. An acronym of two
    letters counts only capitalised words, and not a sentence's first: two everyday words
    share initials too often.

    The words of the last text are remembered, indexed by first character, so each
    acronym costs one try at each word that starts with its first letter."""
    global _words_memo
    if _words_memo[0] is not text:
        words = [(m.group(), m.start()) for m in _RUN_WORD.finditer(text)]
        index: dict[str, list[int]] = {}
        for i, (word, _) in enumerate(words):
            index.setdefault(word[0].lower(), []).append(i)
        _words_memo = (text, words, index)
    _, words, index = _words_memo
    symbols = [ch.lower() for ch in acronym if ch.isalnum()]
    if len(symbols) < 2:
        return False
    two_letters = len(symbols) == 2 and acronym.isalpha()
    starts = set(index.get(symbols[0], ()))
    if symbols[0].isdigit():
        starts.update(i for word, digit in _DIGIT_WORDS.items() if digit == symbols[0] for i in index.get(word[0], ()))
    for first in sorted(starts):
        last = _spells_from(symbols, words, first, acronym, occurrences)
        if last is None:
            continue
        capitalised = all(w[0].isupper() or w.lower() in _SMALL_WORDS for w, _ in words[first : last + 1])
        if two_letters and (not capitalised or first == 0 or words[first - 1][0] in _BREAKS):
            continue
        if capitalised or _near(occurrences, words[first][1]):
            return True
    return False


def _inside(occurrences: Sequence[int], at: int, length: int) -> bool:
    """Does offset ``at`` fall within one of the ``occurrences`` (starts) of a term ``length`` long?"""
    i = bisect.bisect_right(occurrences, at) - 1
    return i >= 0 and at < occurrences[i] + length


def _near(occurrences: list[int], at: int) -> bool:
    i = bisect.bisect_left(occurrences, at)
    return any(abs(occurrences[j] - at) <= _NEAR for j in (i - 1, i) if 0 <= j < len(occurrences))


def _spells_from(
    symbols: list[str], words: list[tuple[str, int]], first: int, acronym: str, occurrences: Sequence[int] = (),
) -> int | None:
    """The index of the last word of a run from ``first`` that gives exactly ``symbols``,
    or None. Each word gives its initial (a CamelCase word its capitals, another acronym
    all its letters, a number word or a digit its digit); a small word after the first may
    give nothing, never two in a row, and so may the second half of a hyphenated word
    ("In-line" gives I, "sign-on" S or SO). The run stops at the acronym itself, also at
    a piece of it (at one of ``occurrences``): "F&B" is not spelled out by its own "F" and "B"."""
    reachable = {0}
    skipped = False  #: the word before gave nothing
    for i in range(first, min(len(words), first + 2 * len(symbols) + 1)):
        word = words[i][0]
        lower = word.lower()
        if word in _BREAKS or word in (acronym, acronym + "s") or _inside(occurrences, words[i][1], len(acronym)):
            return None
        if word[0].isdigit():
            gives = [[word]] if len(word) == 1 else []
        elif lower in _FUNCTION_WORDS:
            gives = []
        elif len(word) > 1 and word.rstrip("s").isupper():  # "organic LED" for OLED; never a run's first word
            if i == first:
                return None
            gives = [[ch.lower() for ch in word.rstrip("s") if ch.isalnum()]]
        else:
            gives = [_letters_of(word)] + ([[_DIGIT_WORDS[lower]]] if lower in _DIGIT_WORDS else [])
        step = {n + len(own) for n in reachable for own in gives if symbols[n : n + len(own)] == own}
        if step and len(symbols) in step:
            return i
        after_hyphen = i > first and words[i][1] > 0 and _words_memo[0][words[i][1] - 1] == "-"
        may_skip = after_hyphen or (i > first and not skipped and (lower in _SMALL_WORDS or lower in _FUNCTION_WORDS))
        skipped = may_skip and not step
        reachable = step | (reachable if may_skip else set())
        if not reachable:
            return None
    return None
