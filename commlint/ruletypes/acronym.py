"""``acronym``: acronyms the message never defines.

"service level agreement (SLA)" and "SLA (service level agreement)" both define SLA; an
allowlist holds acronyms every reader knows, and acronyms covered by named lexicons are
left to the rules that use those lexicons.
"""
from __future__ import annotations

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
            for m in _ACRONYM.finditer(segment.text):
                acronym = m.group(1)
                if (
                    acronym in reported
                    or acronym in self.skipped
                    or len(acronym) > self.options.max_length
                    or sum(ch.isalpha() for ch in acronym) < 2
                    or _in_shouting(segment.text, m.start(), m.end())
                    or (self.options.allow_in_names and in_name(segment.text, m.start(1), m.end(2)))
                    or self._english_word(acronym)
                    or defined(acronym, prose)
                ):
                    continue
                reported.add(acronym)
                values = {"acronym": acronym}
                if acronym in self.expansions:
                    values["expansion"] = self.expansions[acronym]
                yield self.finding(msg, segment.to_source(m.start(1)), segment.end_to_source(m.end(2)), values)


    def _english_word(self, acronym: str) -> bool:
        limit = self.options.english_words_from
        if not limit or len(acronym) < limit or not acronym.isalpha():
            return False
        from commlint.nlp.syllables import dictionary_word

        return dictionary_word(acronym.lower())


def _in_shouting(text: str, start: int, end: int) -> bool:
    """True when the acronym sits in a run of three or more adjacent all-capital words."""
    words = [(m.start(), m.end(), m.group().strip(".,;:!?\"'()")) for m in re.finditer(r"\S+", text)]
    index = next((i for i, (lo, hi, _) in enumerate(words) if lo <= start < hi), None)
    if index is None:
        return False

    def caps(i: int) -> bool:
        word = words[i][2]
        return bool(word) and word.isupper() and any(ch.isalpha() for ch in word)

    left = index
    while left > 0 and caps(left - 1):
        left -= 1
    right = index
    while right + 1 < len(words) and caps(right + 1):
        right += 1
    return right - left + 1 >= 3
