"""``regex``: a regular expression over the prose, with an optional checksum validator.

A named group ``match`` narrows the reported span (``password: (?P<match>\\S+)``).
"""
from __future__ import annotations

import dataclasses

from commlint.options import OptionError
from commlint.ruletypes.conditions import UnlessSpec
from commlint.ruletypes.detectors import DetectorSpec
from commlint.ruletypes.matching import MatchRule
from commlint.ruletypes.validators import VALIDATORS


@dataclasses.dataclass(frozen=True)
class RegexOptions:
    regex: str
    ignorecase: bool = False
    validate: str | None = None  #: name of a validator in commlint.ruletypes.validators
    unless: UnlessSpec | None = None


class RegexRule(MatchRule):
    options_class = RegexOptions

    def detector_spec(self, options: RegexOptions) -> DetectorSpec:
        if options.validate is not None and options.validate not in VALIDATORS:
            raise OptionError("matcher.validate", f"unknown validator {options.validate!r} (known: {', '.join(VALIDATORS)})")
        self._validator = VALIDATORS.get(options.validate or "")
        return DetectorSpec(regex=options.regex, ignorecase=options.ignorecase)

    def accept(self, text: str) -> bool:
        return self._validator is None or self._validator(text)
