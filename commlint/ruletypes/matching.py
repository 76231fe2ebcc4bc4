"""Shared behaviour of the match-based types (phrase, pattern, regex): hit -> finding."""
from __future__ import annotations

from typing import Callable, Iterator

from commlint.nlp import inflect
from commlint.findings import Finding
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import AnalyzedMessage, doc_text
from commlint.ruletypes.base import Rule, RuleMeta, needs_of
from commlint.ruletypes.conditions import Unless
from commlint.ruletypes.detectors import Detector, DetectorSpec, Hit


class MatchRule(Rule):
    """Reports every hit of a detector that no ``unless`` condition cancels."""

    placeholders = frozenset({"replacement", "explain"})
    word_level = True

    def __init__(self, meta: RuleMeta, options, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        self.detector = Detector(self.detector_spec(options), "matcher", lexicons)
        self.unless = Unless(options.unless, "matcher.unless", lexicons)
        self.configured_requires = self.detector.requires | self.unless.requires

    def detector_spec(self, options) -> DetectorSpec:
        """The detector this rule's options describe."""
        raise NotImplementedError

    def detectors(self) -> list[Detector]:
        own = [self.detector] + ([self.unless.sentence] if self.unless.sentence else [])
        return own + [d for rule in self.unless.references for d in rule.detectors()]

    def references(self) -> list[Rule]:
        return list(self.unless.references)

    def bind(self, lookup: Callable[[str], list[Rule]]) -> None:
        self.unless.bind(lookup)
        self.configured_requires = self.detector.requires | self.unless.requires

    def needs(self, msg: AnalyzedMessage) -> list[frozenset[str]]:
        """Costly patterns run only where their words occur; costly ``unless`` context only
        where the cheap detector hit."""
        out = []
        for doc in msg.docs:
            if self.detector.requires:
                out.append(self.requires if self.detector.could_match(doc) else frozenset())
            elif self.unless.requires and self.detector.find(doc, msg.nlp):
                out.append(self.unless.requires)
            else:
                out.append(frozenset())
        return self._with_reference_needs(msg, out)

    def _with_reference_needs(self, msg: AnalyzedMessage, out: list[frozenset[str]]) -> list[frozenset[str]]:
        """Where this rule may hit, what the rules its ``unless`` refers to need there too
        (everywhere, when any finding of theirs in the message counts)."""
        refs = self.unless.references
        if not refs:
            return out
        active = [bool(n) or self.detector.could_match(doc) or bool(self.detector.find(doc, msg.nlp)) for n, doc in zip(out, msg.docs)]
        if not any(active):
            return out
        theirs = [frozenset().union(*needs) for needs in zip(*(needs_of(rule, msg) for rule in refs))]
        everywhere = self.unless.spec.finding_of.within == "message"
        return [mine | other if (everywhere or on) else mine for mine, other, on in zip(out, theirs, active)]

    def accept(self, text: str) -> bool:
        """Extra check on a hit's text (for example a checksum); all hits pass by default."""
        return True

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        prose = msg.prose
        title = msg.title
        found = None
        for segment, doc in msg.pairs():
            hits = self.detector.find(doc, msg.nlp)
            if hits and found is None and self.unless.references:
                found = self.unless.referenced(msg)
            hits = self.unless.filter(doc, msg.nlp, hits, prose, title, segment, found)
            for hit in hits:
                if self.accept(doc_text(doc)[hit.start : hit.end]):
                    start, end = segment.to_source(hit.start), segment.end_to_source(hit.end)
                    yield self._finding(msg, start, end, hit, doc_text(doc)[hit.start : hit.end])

    def _finding(self, msg: AnalyzedMessage, start: int, end: int, hit: Hit, words: str) -> Finding:
        values: dict[str, str] = {}
        replacement = None
        term = hit.term
        if term is not None:
            if term.explain:
                values["explain"] = term.explain
            if term.plain:
                replacement = inflect.match_case(
                    msg.text[start:end], inflect.inflect_replacement(term.plain, hit.tag), term.term
                )
                values["replacement"] = replacement
        return self.finding(msg, start, end, values, replacement, words)
