"""Shared behaviour of the match-based types (phrase, pattern, regex): hit -> finding."""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from commlint.findings import Finding, Fix
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import AnalyzedMessage, doc_text
from commlint.ruletypes.base import Rule, RuleMeta, needs_of, reads_message_key
from commlint.ruletypes.conditions import Unless, message_reads
from commlint.ruletypes.detectors import Detector, DetectorSpec, Hit
from commlint.ruletypes.rewrite import fit, kept_tail


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
        """Costly patterns run only where their words occur, with the components that the
        patterns which can match there read; costly ``unless`` context only where the cheap
        detector hit."""
        docs = msg.docs
        out = [frozenset()] * len(docs)
        detector, unless = self.detector, self.unless
        if detector.requires:
            positions = range(len(docs)) if detector.spec.entities else detector.gate_positions(msg)
            for i in positions:
                if detector.could_match(docs[i]):
                    out[i] = self.type_requires | detector.requires_at(docs[i]) | unless.requires_at(docs[i])
        elif unless.requires:
            for i in detector.candidate_positions(msg):
                if detector.find(docs[i], msg.nlp):
                    out[i] = unless.requires_at(docs[i])
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

    @property
    def segment_local(self) -> bool:  # type: ignore[override]
        """Local unless a condition refers to findings anywhere in the message, or to a
        rule that is not local itself (an ``explained`` look-up beyond the segment is
        noted where it happens, see ``check_positions``)."""
        ref = self.unless.spec.finding_of
        return ref is None or (ref.within != "message" and all(r.segment_local for r in self.unless.references))

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        return (finding for _, finding in self.check_positions(msg))

    def check_positions(self, msg: AnalyzedMessage) -> Iterator[tuple[int, Finding]]:
        prose = msg.prose
        title = msg.title
        found = None
        segments, docs = msg.segments, msg.docs
        reads = reads_message_key(self)
        for position in self.detector.candidate_positions(msg):
            segment, doc = segments[position], docs[position]
            hits = self.detector.find(doc, msg.nlp)
            before = message_reads()
            if hits and found is None and self.unless.references:
                found = self.unless.referenced(msg)
                if message_reads() != before:  # the referred rules looked beyond some segment
                    msg.memo.setdefault(reads, set()).update(range(len(segments)))
                before = message_reads()
            hits = self.unless.filter(doc, msg.nlp, hits, prose, title, segment, found)
            if message_reads() != before:
                msg.memo.setdefault(reads, set()).add(position)
            for hit in hits:
                text = doc_text(doc)
                if self.accept(text[hit.start : hit.end]):
                    start, end = segment.to_source(hit.start), segment.end_to_source(hit.end)
                    yield position, self._finding(msg, start, end, hit, text, segment)

    def _finding(self, msg: AnalyzedMessage, start: int, end: int, hit: Hit, text: str, segment) -> Finding:
        """The finding of ``hit`` (``text`` is its segment's text), with the term's plain
        alternative fitted into the sentence as its fix and ``{replacement}``."""
        values: dict[str, str] = {}
        term = hit.term
        if term is None or not term.plain:
            if term is not None and term.explain:
                values["explain"] = term.explain
            return self.finding(msg, start, end, values, None, text[hit.start : hit.end])
        if term.explain:
            values["explain"] = term.explain
        tail = kept_tail(text[hit.start : hit.end], term.plain)
        if tail:  # "u." -> "you.": the "." stays, and the finding stops before it
            hit = dataclasses.replace(hit, end=hit.end - tail)
            kept = term.plain[-tail:]
            term = dataclasses.replace(term, term=term.term.removesuffix(kept), plain=term.plain[:-tail])
            end = segment.end_to_source(hit.end)
        fitted = fit(term.plain, text[hit.start : hit.end], text[: hit.start], text[hit.end :], hit.tag, term.term)
        fix_start, fix_end = start, end
        if fitted.before or fitted.after:
            fix_start = segment.to_source(hit.start - fitted.before)
            fix_end = segment.end_to_source(hit.end + fitted.after)
            verbatim = (
                msg.text[fix_start:start] == text[hit.start - fitted.before : hit.start]
                and msg.text[end:fix_end] == text[hit.end : hit.end + fitted.after]
            )
            if not verbatim:  # markup or a mask between: fit the words of the match alone
                narrow = fit(term.plain, text[hit.start : hit.end], text[: hit.start], text[hit.end :], hit.tag, term.term, extend=False)
                fitted = narrow if narrow.whole else dataclasses.replace(fitted, whole=False)  # else: a suggestion only
                fix_start, fix_end = start, end
        values["replacement"] = fitted.text
        finding = self.finding(msg, start, end, values, fitted.text if fitted.whole else None, text[hit.start : hit.end])
        if finding.fix is not None and (fix_start, fix_end) != (start, end):
            finding = dataclasses.replace(finding, fix=Fix(fix_start, fix_end, fitted.text, finding.fix.applicability))
        return finding
