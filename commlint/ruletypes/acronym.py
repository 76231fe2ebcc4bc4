"""``acronym``: acronyms the message never defines.

"service level agreement (SLA)" and "SLA (service level agreement)" both define SLA; an
allowlist holds acronyms every reader knows, and acronyms covered by named lexicons are
left to the rules that use those lexicons.
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
from commlint.ruletypes.definitions import defined
from commlint.ruletypes.base import Rule, RuleMeta
from commlint.ruletypes.conditions import in_name

_ACRONYM_WORD = re.compile(r"\b[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*\b")
_NON_SPACE = re.compile(r"\S+")
_ACRONYM = re.compile(r"(?<![\w/.@#-])([A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*)(s?)(?![\w@-])")


@dataclasses.dataclass(frozen=True)
class AcronymOptions:
    allow: tuple[str, ...] = ()  #: acronyms every reader knows
    skip_lexicons: tuple[str, ...] = ()  #: acronyms in these lexicons are handled by other rules
    expansions: tuple[str, ...] = ()  #: lexicons whose ``plain`` spells an acronym out, for suggestions
    max_length: int = 7
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
        skipped = set(options.allow)
        self.expansions: dict[str, str] = {}
        for field, names in (("skip_lexicons", options.skip_lexicons), ("expansions", options.expansions)):
            for name in names:
                try:
                    terms = lexicons(name).terms
                except KeyError:
                    raise OptionError(f"matcher.{field}", f"no lexicon named {name!r}") from None
                for term in terms:
                    if field == "skip_lexicons":
                        skipped.update(
                            word for v in (term.term, *term.variants) for word in re.split(r"[\s/-]+", v) if word.isupper()
                        )
                    elif term.plain:
                        self.expansions[term.term] = term.plain
        self.skipped = frozenset(skipped)

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        prose = msg.prose
        title = msg.title if self.options.allow_in_title else ""
        reported: set[str] = set(_ACRONYM_WORD.findall(title))
        for segment in msg.segments:
            shouting: _Shouting | None = None  # built on first need, once per segment
            for m in _ACRONYM.finditer(segment.text):
                acronym = m.group(1)
                if (
                    acronym in reported
                    or acronym in self.skipped
                    or len(acronym) > self.options.max_length
                    or sum(ch.isalpha() for ch in acronym) < 2
                ):
                    continue
                if shouting is None:
                    shouting = _Shouting(segment.text)
                if (
                    shouting.at(m.start())
                    or (self.options.allow_in_names and in_name(segment.text, m.start(1), m.end(2)))
                    or self._english_word(acronym)
                    or defined(acronym, prose)
                ):
                    continue
                reported.add(acronym)
                values = {"acronym": acronym}
                if acronym in self.expansions:
                    values["expansion"] = self.expansions[acronym]
                start, end = segment.to_source(m.start(1)), segment.end_to_source(m.end(2))
                yield self.finding(msg, start, end, values, words=m.group(0))

    def _english_word(self, acronym: str) -> bool:
        limit = self.options.english_words_from
        if not limit or len(acronym) < limit or not acronym.isalpha():
            return False
        from commlint.nlp.syllables import dictionary_word

        return dictionary_word(acronym.lower())


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
