"""``phrase``: term lists given inline or as lexicons, matched on token text, case- and
inflection-aware ("guarantee" also finds "guaranteed"), with inflection-keeping rewrites."""
from __future__ import annotations

import dataclasses
from typing import Any

from commlint.options import OptionError
from commlint.ruletypes.conditions import UnlessSpec
from commlint.ruletypes.detectors import DetectorSpec
from commlint.ruletypes.matching import MatchRule


@dataclasses.dataclass(frozen=True)
class PhraseOptions:
    phrases: tuple[Any, ...] = ()  #: strings, or {text, replace, explain, case_sensitive, exact}
    lexicons: tuple[str, ...] = ()  #: names of files in jargon_lexicon/
    case_sensitive: bool = False
    inflect: bool = True
    unless: UnlessSpec | None = None


class PhraseRule(MatchRule):
    options_class = PhraseOptions

    def detector_spec(self, options: PhraseOptions) -> DetectorSpec:
        if not options.phrases and not options.lexicons:
            raise OptionError("matcher.phrases", "give phrases, lexicons or both")
        return DetectorSpec(
            phrases=options.phrases, lexicons=options.lexicons,
            case_sensitive=options.case_sensitive, inflect=options.inflect,
        )
