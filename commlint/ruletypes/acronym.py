"""``acronym``: acronyms the message never explains.

An acronym is known by its shape, whether or not a lexicon lists it: two to six capital
letters, possibly with digits ("2FA", "B2B") or a hyphenated tail ("SEPA-DD"). Shapes
that only look like one are left alone: ids and model numbers ("INC0012345", "CS-1042",
"ESP32"), capitals that are words (ENTER, NOT), shouting, roman numerals, units and codes
next to a number ("20 KB", "3 pm EST"), a state after a city ("Austin, TX"), a part of a
postcode ("RG4 7TT", "1012 AB"), initials signing a message, placeholders ("[NAME]"),
product names ("Azure AD"), the first word of an organisation's name ("HM Revenue &
Customs", "MV Isle of Arran"), the title's subject. An acronym the message spells out or
glosses anywhere is explained (see ``definitions.explained``); an allowlist holds the few
every reader knows.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Callable, Iterator

from commlint.findings import Finding
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError
from commlint.ruletypes.definitions import explained
from commlint.ruletypes.base import Rule, RuleMeta
from commlint.ruletypes.conditions import in_name

_NON_SPACE = re.compile(r"\S+")
#: capitals and digits with at least one capital, hyphenated parts after it (judged by
#: ``_shaped``), an optional plural "s"; not inside a word, a path, a handle or a key
#: combination ("Ctrl+C"), nor a capital contraction (DON'T)
_ACRONYM = re.compile(
    r"(?<![\w/.@#$%+\\-])([A-Z0-9&]*[A-Z][A-Z0-9&]*(?:-[A-Z0-9&]+){0,3})(s?)(?![\w@+]|['’][A-Z]|\.\w|-[A-Z0-9])"
)
_TITLE_WORD = re.compile(r"\b[A-Z0-9&]*[A-Z][A-Z0-9&]*\b")
_DIGIT_RUNS = re.compile(r"\d+")
_NUMBERED = re.compile(r"[A-Z&]+\d{2,}|.*\d{3}.*")  #: "ESP32", "INC0012345", "BQ24195L": a part, model or ticket number
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")  #: Part II, Phase IV (I, V and X only: CD and MD are not numerals here)
#: a number, a time or an amount just before ("20 KB", "3 pm EST", "15:00 UTC", "€20 EUR")
_NUMBER_BEFORE = re.compile(r"(?:\d|\d\s?[ap]\.?m\.?)[\s(]{0,2}$", re.I)
_NUMBER_AFTER = re.compile(r"\s?[\d$€£¥]")  #: "USD 50"
#: "Austin, TX", "Sydney, NSW 2000": a capitalised place, a comma, the code, then an end or a postcode
_PLACE_BEFORE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, $")
_PLACE_AFTER = re.compile(r"(?:[ \t]+\d{4,5}(?:-\d{4})?)?[ \t]*(?:[,.;)\n]|$)")
#: the code after a word that introduces one ("booking reference KQ7ZPA", "order #", "PNR: ABC")
_ID_BEFORE = re.compile(
    r"(?:\b(?:reference|ref|code|number|order|ticket|case|booking|confirmation|voucher|coupon|PNR|"
    r"serial|tracking|key)\.?|\bno\.)(?:\s+(?:is|was|number|no\.|ID))?\s*[:#]?\s*$", re.I
)
#: the capitals are printed on the product or the screen: "labeled RST", "marked “PWR”"
_LABEL_BEFORE = re.compile(r"\b(?:labell?ed|marked|named|called|printed|reads|says|shows)\s+[\"“'‘]?$", re.I)
_DATE_FORMAT = re.compile(r"(?:DD|MM|YYYY|YY|HH)[/.:-](?:DD|MM|YYYY|YY|HH|mm|ss)")  #: "DD/MM/YYYY"
#: a postcode written with its space: British ("RG4 7TT", "SW1A 1AA"), Canadian ("K1A 0B6"),
#: Dutch ("1012 AB", before a town, a comma or the end of the line); both halves are the address
_POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[A-Z]\d[A-Z] \d[A-Z]\d|[1-9]\d{3} [A-Z]{2}(?= [A-Z][a-z]|[ \t]*[,;\n]|[ \t]*$))(?![\w-])"
)
#: what follows an acronym that opens a name: a capitalised word, then more of them, "&", and
#: the small words a name keeps in lower case ("HM Revenue & Customs", "MV Isle of Arran")
_NAME_AFTER = re.compile(r" [A-Z][a-z]+(?:'s)?(?: (?:[A-Z][a-z]+(?:'s)?|&|and|of|for|the|de|du|la|le))*")
#: capitalised small words: a run holding one is a title-case heading or label, not a name
_TITLE_CASE_WORDS = frozenset(
    "A An And As At By For From How In Into My Of On Or Our The This To Up With Your What When Why".split()
)
#: what may stand before initials on their line: a dash ("– MK"), or, in the message's last
#: block, nothing or a sign-off word ("Thanks, JD")
_DASH_LINE = re.compile(r"[ \t]*[-–—~][ \t]*")
_LINE_END = re.compile(r"[ \t.,!]*(?:\n|$)")
_LAST_LINE = re.compile(r"[ \t]*(?:[A-Z][a-z]+(?: [a-z]+)?,[ \t]*)?")
_VOWELS = frozenset("AEIOUY")


@dataclasses.dataclass(frozen=True)
class AcronymOptions:
    allow: tuple[str, ...] = ()  #: acronyms every reader knows
    names: tuple[str, ...] = ()  #: organisations known by their capitals (DHL, IKEA): names, not shorthand
    #: capitals that are ordinary words or key names when written in capitals (NOT, ON, ESC)
    words: tuple[str, ...] = ()
    #: units, currencies and time zones: not acronyms next to a number ("20 KB", "3 pm EST", "USD 50")
    units: tuple[str, ...] = ()
    expansions: tuple[str, ...] = ()  #: lexicons whose ``plain`` spells an acronym out
    max_letters: int = 6  #: letters in one part; longer runs of capitals are words or codes
    #: capitals that spell a word of the CMU pronouncing dictionary this long or longer
    #: (ENTER, RESET, NOTE) are emphasis or a key or button label, not an acronym; 0: off
    english_words_from: int = 4
    #: an acronym in the document's title is its subject (an article on SSO may say SSO)
    allow_in_title: bool = True
    #: an acronym ending a product name ("Azure AD", "Arduino IDE") is the name, not the writer's shorthand
    allow_in_names: bool = True


class AcronymRule(Rule):
    options_class = AcronymOptions
    placeholders = frozenset({"acronym", "expansion"})
    word_level = True

    def __init__(self, meta: RuleMeta, options: AcronymOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        self.expansions: dict[str, str] = {}
        for name in options.expansions:
            try:
                terms = lexicons(name).terms
            except KeyError:
                raise OptionError("matcher.expansions", f"no lexicon named {name!r}") from None
            self.expansions.update((term.term, term.plain) for term in terms if term.plain)
        self.skipped = frozenset((*options.allow, *options.names, *options.words))
        self.units = frozenset(options.units)

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        prose = msg.prose
        title = msg.title if self.options.allow_in_title else ""
        reported: set[str] = set(_TITLE_WORD.findall(title))
        last = len(msg.segments) - 1
        chat = msg.document.channel == "chat"
        for index, segment in enumerate(msg.segments):
            text = segment.text
            shouting: _Shouting | None = None  # built on first need, once per segment
            for m in _ACRONYM.finditer(text):
                acronym = m.group(1)
                if acronym in reported or acronym in self.skipped or not self._shaped(acronym):
                    continue
                start, end = m.start(1), m.end(2)
                if self._context(text, start, end, acronym, chat=chat and index == 0, last=index == last):
                    continue
                if shouting is None:
                    shouting = _Shouting(text)
                if (
                    shouting.at(start)
                    or (self.options.allow_in_names and in_name(text, start, end))
                    or explained(acronym, prose, self.expansions.get(acronym))
                ):
                    continue
                reported.add(acronym)
                values = {"acronym": acronym}
                if acronym in self.expansions:
                    values["expansion"] = self.expansions[acronym]
                yield self.finding(msg, segment.to_source(start), segment.end_to_source(end), values, words=m.group(0))

    def _shaped(self, acronym: str) -> bool:
        """Is the token shaped like an acronym, not an id, a code, a numeral or a word?"""
        parts = acronym.split("-")
        if len(parts) > 1 and (
            len(parts) > 2  # "MIL-HDBK-217F": a part number
            or parts[0] in self.skipped  # "USB-C": a kind of a thing every reader knows
            or any(sum(ch.isalpha() for ch in part) < 2 and not part.isalpha() for part in parts)
        ):  # "CS-1042", "COVID-19", "A0-A3", "CAT-M1": an id, a pin, a name with a number
            return False
        if _ROMAN.fullmatch(acronym):  # "Part II", "Phase XIV"
            return False
        if sum(ch.isalpha() for ch in acronym) < 2:  # "4G", "3D", "A4" are everyday; "P1", "L2" are support's own
            return acronym in self.expansions
        for part in parts:
            if (
                sum(ch.isalpha() for ch in part) > self.options.max_letters
                or len(_DIGIT_RUNS.findall(part)) > 1  # "X7K9P2": a code
                or _NUMBERED.fullmatch(part)
            ):
                return False
        return not self._english(parts)

    def _english(self, parts: list[str]) -> bool:
        """Capitals spelling English words (ENTER, RESET, PRE-ORDER): emphasis or a label."""
        limit = self.options.english_words_from
        if not limit:
            return False
        long = [p for p in parts if len(p) >= limit]
        if not long or any(len(p) > 1 and p not in long for p in parts):
            return False
        from commlint.nlp.syllables import dictionary_word

        return all(p.isalpha() and _VOWELS & set(p) and dictionary_word(p.lower()) for p in long)

    def _context(self, text: str, start: int, end: int, acronym: str, chat: bool, last: bool) -> bool:
        """Does the text around the token show it is not an acronym here?"""
        before = text[max(0, start - 40) : start]
        if start and end < len(text) and text[start - 1] + text[end] in ("[]", "<>", "{}", "%%"):
            return True  # "[NAME]": a slot to fill in, the placeholder rules' business
        if acronym in self.units and (_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(text, end)):
            return True
        if _ID_BEFORE.search(before) or _LABEL_BEFORE.search(before) or _DATE_FORMAT.match(text, start):
            return True
        if _in_postcode(text, start, end) or _opens_name(text, end):
            return True
        letters = sum(ch.isalpha() for ch in acronym)
        if letters <= 3 and acronym.isalpha():
            if _PLACE_BEFORE.search(before) and _PLACE_AFTER.match(text, end):
                return True  # "Austin, TX"
            if _LINE_END.match(text, end) and (  # alone at the end of its line: looked back on once per line
                _DASH_LINE.fullmatch(text, line_start := text.rfind("\n", 0, start) + 1, start)
                or (last and _LAST_LINE.fullmatch(text, line_start, start))
            ):
                return True  # "– MK", "Thanks, JD", "GG,": initials or a sign-off ending the message
        return chat and start == 0 and text[end : end + 1] in (":", ",")  # "JP: can you ...": the person addressed


def _in_postcode(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` one half of a postcode ("RG4 7TT", "K1A 0B6", "1012 AB")?"""
    for m in _POSTCODE.finditer(text, max(0, start - 9), min(len(text), end + 9)):
        if m.start() <= start and end <= m.end():
            return True
    return False


def _opens_name(text: str, end: int) -> bool:
    """Does the acronym ending at ``end`` open a proper name of two capitalised words or
    more ("HM Revenue & Customs", "HM Land Registry", "MV Isle of Arran")? A run with a
    capitalised small word ("SSO For Your Team") is a title-case heading, not a name, and a
    single capitalised word after it ("DNS Settings") may be a label."""
    m = _NAME_AFTER.match(text, end)
    if m is None:
        return False
    words = m.group().split()
    while words and not words[-1][:1].isupper():  # "HM Revenue &" before a lower-case word: the name ends earlier
        words.pop()
    capitalised = [w for w in words if w[:1].isupper()]
    return len(capitalised) >= 2 and not any(w in _TITLE_CASE_WORDS for w in capitalised)


class _Shouting:
    """Which words of a text stand in a run of three or more adjacent all-capital words
    (counting the word itself, whatever its case), computed once per text."""

    def __init__(self, text: str) -> None:
        words = [(m.start(), m.end(), m.group().strip(".,;:!?\"'()")) for m in _NON_SPACE.finditer(text)]
        self._starts = [lo for lo, _, _ in words]
        self._ends = [hi for _, hi, _ in words]
        caps = [bool(w) and w.isupper() and any(ch.isalpha() for ch in w) for _, _, w in words]
        n = len(caps)
        self._left = [0] * n  #: all-capital words in a row ending at each word
        self._right = [0] * n  #: all-capital words in a row starting at each word
        for i in range(n):
            self._left[i] = (self._left[i - 1] + 1 if i else 1) if caps[i] else 0
        for i in reversed(range(n)):
            self._right[i] = (self._right[i + 1] + 1 if i + 1 < n else 1) if caps[i] else 0

    def at(self, start: int) -> bool:
        """Does the word holding offset ``start`` sit in a run of three or more?"""
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0 or start >= self._ends[index]:
            return False
        left = self._left[index - 1] if index > 0 else 0
        right = self._right[index + 1] if index + 1 < len(self._right) else 0
        return left + 1 + right >= 3
