"""``metric``: a threshold on a measure (sentence length, words per message, readability)."""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from commlint.findings import Finding
from commlint.ruletypes.lexicon import Lexicon
from commlint.ruletypes.measures import MEASURES
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError
from commlint.ruletypes.base import Rule, RuleMeta


@dataclasses.dataclass(frozen=True)
class MetricOptions:
    measure: str
    max: float | None = None  #: report when the value is above this
    min: float | None = None  #: report when the value is below this
    min_words: int = 0  #: measure only units with at least this many words
    max_words: int | None = None  #: measure only units with at most this many words


class MetricRule(Rule):
    options_class = MetricOptions
    placeholders = frozenset({"value", "limit", "words"})

    def __init__(self, meta: RuleMeta, options: MetricOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        if options.measure not in MEASURES:
            raise OptionError("matcher.measure", f"unknown measure {options.measure!r} (known: {', '.join(MEASURES)})")
        if options.max is None and options.min is None:
            raise OptionError("matcher.max", "give max, min or both")
        self.measure = MEASURES[options.measure]
        self.requires = self.measure.requires

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        opts = self.options
        for unit in self.measure.units(msg):
            if unit.words < opts.min_words or (opts.max_words is not None and unit.words > opts.max_words):
                continue
            value = self.measure.value(unit)
            if opts.max is not None and value > opts.max:
                limit = opts.max
            elif opts.min is not None and value < opts.min:
                limit = opts.min
            else:
                continue
            yield self.finding(msg, unit.start, unit.end, {"value": _show(value), "limit": _show(limit), "words": unit.words})


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"
