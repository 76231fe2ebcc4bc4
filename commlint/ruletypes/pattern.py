"""``pattern``: token patterns (spaCy ``Matcher`` attributes plus named fragments, a
reported sub-span, head and child conditions: see ``token_patterns``), with antipatterns
that cancel a match they overlap.

Patterns are validated with spaCy's own schema at load; the attributes they use decide
which pipeline components run.
"""
from __future__ import annotations

import dataclasses

from commlint.options import OptionError
from commlint.ruletypes.conditions import UnlessSpec
from commlint.ruletypes.detectors import DetectorSpec
from commlint.ruletypes.matching import MatchRule


@dataclasses.dataclass(frozen=True)
class PatternOptions:
    patterns: tuple[list, ...]
    antipatterns: tuple[list, ...] = ()  #: a match overlapping a match of one of these is dropped
    unless: UnlessSpec | None = None


class PatternRule(MatchRule):
    options_class = PatternOptions

    def detector_spec(self, options: PatternOptions) -> DetectorSpec:
        if not options.patterns:
            raise OptionError("matcher.patterns", "give at least one token pattern")
        return DetectorSpec(patterns=options.patterns, antipatterns=options.antipatterns)
