"""``metric``: a threshold on a measure (sentence length, words per message, readability)."""
from __future__ import annotations

import dataclasses
import copy
from typing import Any, Callable, Iterator

from commlint.document.model import CHANNELS
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
    #: other limits per channel, e.g. ``{chat: {max: 25}}`` (keys: max, min, min_words, max_words)
    per_channel: dict[str, Any] = dataclasses.field(default_factory=dict)


_LIMITS = ("max", "min", "min_words", "max_words")


class MetricRule(Rule):
    options_class = MetricOptions
    placeholders = frozenset({"value", "limit", "words"})

    def __init__(self, meta: RuleMeta, options: MetricOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        if options.measure not in MEASURES:
            raise OptionError("matcher.measure", f"unknown measure {options.measure!r} (known: {', '.join(MEASURES)})")
        if options.max is None and options.min is None:
            raise OptionError("matcher.max", "give max, min or both")
        for channel, limits in options.per_channel.items():
            if channel not in CHANNELS:
                raise OptionError(f"matcher.per_channel.{channel}", f"not a channel ({', '.join(CHANNELS)})")
            _limits(options, limits, f"matcher.per_channel.{channel}")
        self._by_channel = {c: _limits(options, v, f"matcher.per_channel.{c}") for c, v in options.per_channel.items()}
        self.measure = MEASURES[options.measure]
        self.configured_requires = self.measure.requires

    def with_limits(self, limits: dict[str, float]) -> "MetricRule":
        """This rule with other limits (a configuration's ``thresholds``), on every channel."""
        changed = copy.copy(self)
        changed.options = _limits(self.options, limits, "thresholds")
        changed._by_channel = {c: dataclasses.replace(o, **_clean(limits)) for c, o in self._by_channel.items()}
        return changed

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        opts = self._by_channel.get(msg.document.channel, self.options)
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
            values = {"value": _show(value), "limit": _show(limit), "words": unit.words}
            yield self.finding(msg, unit.start, unit.end, values, words=unit.text)


def _clean(limits: dict[str, Any]) -> dict[str, Any]:
    return {k: (int(v) if k in ("min_words", "max_words") and v is not None else v) for k, v in limits.items()}


def _limits(options: MetricOptions, limits: Any, field: str) -> MetricOptions:
    """``options`` with the limits in mapping ``limits`` replaced, validated."""
    if not isinstance(limits, dict):
        raise OptionError(field, "expected a mapping of limits (max, min, min_words, max_words)")
    for key, value in limits.items():
        if key not in _LIMITS:
            raise OptionError(f"{field}.{key}", f"unknown limit (expected one of: {', '.join(_LIMITS)})")
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise OptionError(f"{field}.{key}", "expected a number")
    return dataclasses.replace(options, **_clean(limits))


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"
