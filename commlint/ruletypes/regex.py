"""``regex``: a regular expression over the prose, with an optional checksum validator.

A named group ``match`` narrows the reported span (``password: (?P<match>\\S+)``).
``replace`` gives a finding its rewrite: a template of the groups (``\\g<word>``) of the
pattern matched again from the start to the end of the reported text; where it does not
match so (a narrowed ``match`` group), or markup or a placeholder lies inside, no rewrite.
"""
from __future__ import annotations

import dataclasses

import regex

from commlint.options import OptionError
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.findings import Finding
from commlint.ruletypes.conditions import UnlessSpec
from commlint.ruletypes.detectors import DetectorSpec, Hit
from commlint.ruletypes.matching import MatchRule
from commlint.ruletypes.validators import VALIDATORS

_TEMPLATE_GROUP = regex.compile(r"\\g<([^>]*)>|\\([0-9]+)")


@dataclasses.dataclass(frozen=True)
class RegexOptions:
    regex: str
    ignorecase: bool = False
    validate: str | None = None  #: name of a validator in commlint.ruletypes.validators
    unless: UnlessSpec | None = None
    replace: str | None = None  #: the rewrite, from the match's groups: ``\\g<word>``


class RegexRule(MatchRule):
    options_class = RegexOptions

    def detector_spec(self, options: RegexOptions) -> DetectorSpec:
        if options.validate is not None and options.validate not in VALIDATORS:
            raise OptionError("matcher.validate", f"unknown validator {options.validate!r} (known: {', '.join(VALIDATORS)})")
        self._validator = VALIDATORS.get(options.validate or "")
        self._rewrite = None
        if options.replace is not None:
            self._rewrite = regex.compile(options.regex, regex.V0 | (regex.IGNORECASE if options.ignorecase else 0))
            for name in (a or b for a, b in _TEMPLATE_GROUP.findall(options.replace)):
                known = int(name) <= self._rewrite.groups if name.isdigit() else name in self._rewrite.groupindex
                if not known:
                    raise OptionError("matcher.replace", f"the regex has no group {name!r}")
        return DetectorSpec(regex=options.regex, ignorecase=options.ignorecase)

    def accept(self, text: str) -> bool:
        return self._validator is None or self._validator(text)

    def _finding(self, msg: AnalyzedMessage, start: int, end: int, hit: Hit, text: str, *rest) -> Finding:
        words = text[hit.start : hit.end]
        if self._rewrite is None or msg.text[start:end] != words:  # markup or a placeholder inside: no rewrite
            return super()._finding(msg, start, end, hit, text, *rest)
        try:  # the pattern again, in the segment, where the reported text starts
            found = self._rewrite.match(text, hit.start, timeout=1.0)
        except TimeoutError:
            found = None
        if found is None or found.end() != hit.end:
            return super()._finding(msg, start, end, hit, text, *rest)
        replacement = found.expand(self.options.replace)
        return self.finding(msg, start, end, {"replacement": replacement}, replacement, words)
