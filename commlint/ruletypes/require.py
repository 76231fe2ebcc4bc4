"""``require``: the message must contain something (a next step, a greeting, a sign-off).

The message passes when any signal is found in the part of it the rule looks at;
otherwise one finding points at the ``anchor`` (the last sentence, the first line, ...).
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from commlint.findings import Finding
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import AnalyzedMessage, sentences_of
from commlint.options import OptionError
from commlint.ruletypes.base import Rule, RuleMeta
from commlint.ruletypes.detectors import Detector, DetectorSpec

_Position = tuple[int, int]  #: (segment index, character offset in that segment's text)
_WHERE = ("message", "first_segment", "last_segment", "last_sentences")
_ANCHORS = ("last_sentence", "first_line", "last_line", "message")


@dataclasses.dataclass(frozen=True)
class SignalSpec(DetectorSpec):
    """A detector, optionally needing a second one in the same sentence or message."""

    same_sentence: DetectorSpec | None = None
    same_message: DetectorSpec | None = None
    min_count: int = 1


@dataclasses.dataclass(frozen=True)
class RequireOptions:
    signals: tuple[SignalSpec, ...]
    where: str = "message"
    last: int = 3  #: with ``where: last_sentences``, how many sentences
    anchor: str = "last_sentence"
    min_words: int = 0  #: judge only messages with at least this many words
    min_segments: int = 1  #: judge only messages with at least this many paragraphs
    #: judge only messages where one of these is found anywhere (a status report, say)
    when: tuple[SignalSpec, ...] = ()


class _Signal:
    def __init__(self, spec: SignalSpec, field: str, lexicons: Callable[[str], Lexicon]) -> None:
        base = {f.name: getattr(spec, f.name) for f in dataclasses.fields(DetectorSpec)}
        self.detector = Detector(DetectorSpec(**base), field, lexicons)
        if self.detector.empty:
            raise OptionError(field, "a signal needs phrases, lexicons, patterns, regex or entities")
        self.partner = Detector(spec.same_sentence, field + ".same_sentence", lexicons) if spec.same_sentence else None
        self.context = Detector(spec.same_message, field + ".same_message", lexicons) if spec.same_message else None
        self.min_count = spec.min_count
        needs = set(self.detector.requires)
        if self.partner:
            needs |= self.partner.requires | {"sents"}
        if self.context:
            needs |= self.context.requires
        self.requires = frozenset(needs)

    def context_met(self, msg: AnalyzedMessage) -> bool:
        """True when the ``same_message`` detector (if any) hits somewhere in the message.
        On tokenized Docs only its phrase and regex parts can hit; entities only add hits."""
        return self.context is None or any(self.context.find(doc, msg.nlp) for doc in msg.docs)

    def could_hit(self, doc, nlp) -> bool:
        """Judged on a tokenized Doc: can this signal hit here?"""
        if self.detector.requires:
            return self.detector.could_match(doc)
        return bool(self.detector.find(doc, nlp))

    def hits(self, doc, nlp) -> list[int]:
        """Start offsets (in ``doc``) of this signal's hits."""
        hits = self.detector.find(doc, nlp)
        if not hits or self.partner is None:
            return [h.start for h in hits]
        partners = self.partner.find(doc, nlp)
        kept = []
        for sent in sentences_of(doc):
            inside = [h for h in hits if sent.start_char <= h.start < sent.end_char]
            if inside and any(sent.start_char <= p.start < sent.end_char for p in partners):
                kept.extend(h.start for h in inside)
        return kept


class RequireRule(Rule):
    options_class = RequireOptions
    type_requires = frozenset({"sents"})  # windows and anchors are sentences

    def __init__(self, meta: RuleMeta, options: RequireOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        if not options.signals:
            raise OptionError("matcher.signals", "give at least one signal")
        if options.where not in _WHERE:
            raise OptionError("matcher.where", f"must be one of {', '.join(_WHERE)}")
        if options.anchor not in _ANCHORS:
            raise OptionError("matcher.anchor", f"must be one of {', '.join(_ANCHORS)}")
        self.signals = [_Signal(s, f"matcher.signals[{i}]", lexicons) for i, s in enumerate(options.signals)]
        self.triggers = [_Signal(s, f"matcher.when[{i}]", lexicons) for i, s in enumerate(options.when)]
        self.configured_requires = frozenset().union(*(s.requires for s in self.signals + self.triggers))

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        if not self._judged(msg) or not self._triggered(msg):
            return
        lo, hi = self._window(msg)
        if any(self._met(signal, msg, lo, hi) for signal in self.signals):
            return
        start, end = self._anchor(msg)
        yield self.finding(msg, start, end)

    def detectors(self) -> list[Detector]:
        return [d for s in self.signals + self.triggers for d in (s.detector, s.partner, s.context) if d is not None]

    def _triggered(self, msg: AnalyzedMessage) -> bool:
        """Without ``when``, every message is judged; with it, those where a trigger holds."""
        if not self.triggers:
            return True
        whole = ((0, 0), (len(msg.segments), 0))
        return any(self._met(trigger, msg, *whole) for trigger in self.triggers)

    def needs(self, msg: AnalyzedMessage) -> list[frozenset[str]]:
        """Nothing when the message is too short or a cheap signal already holds; otherwise
        the costly signals' components, only on the segments where they could hit."""
        out: list[set[str]] = [set() for _ in msg.docs]
        if not self._judged(msg):
            return [frozenset()] * len(out)
        whole = ((0, 0), (len(msg.segments), 0))
        if self.triggers and not any(
            t.requires or self._met(t, msg, *whole) for t in self.triggers
        ):
            return [frozenset()] * len(out)  # no cheap trigger holds, and none is costly
        lo, hi = self._window(msg)
        if any(self._met(signal, msg, lo, hi) for signal in self.signals if not signal.requires):
            return [frozenset()] * len(out)
        for signal in self.signals + [t for t in self.triggers if t.requires]:
            if not signal.requires:
                continue
            gated = [
                i for i, (segment, doc) in enumerate(msg.pairs())
                if lo[0] <= i < hi[0] and signal.could_hit(doc, msg.nlp)
            ]
            for i in gated:
                doc = msg.docs[i]
                out[i] |= signal.detector.requires_at(doc) | (signal.partner.requires_at(doc) if signal.partner else frozenset())
            if gated and not signal.context_met(msg):
                for needed in out:
                    needed |= signal.context.requires
        return [frozenset(n) for n in out]

    def _judged(self, msg: AnalyzedMessage) -> bool:
        opts = self.options
        return bool(msg.segments) and len(msg.segments) >= opts.min_segments and msg.word_count() >= opts.min_words

    @staticmethod
    def _met(signal: _Signal, msg: AnalyzedMessage, lo: _Position, hi: _Position) -> bool:
        found = [
            (i, offset)
            for i, (_, doc) in enumerate(msg.pairs())
            if lo[0] <= i < hi[0]
            for offset in signal.hits(doc, msg.nlp)
        ]
        return sum(1 for pos in found if lo <= pos < hi) >= signal.min_count and signal.context_met(msg)

    def _window(self, msg: AnalyzedMessage) -> tuple[_Position, _Position]:
        """The part of the message the signals must be in, as (segment index, offset in the
        segment) from and to: judged on the segments' own text, so it holds even where
        the source offsets are approximate (a base64 email body)."""
        where = self.options.where
        count = len(msg.segments)
        if where == "first_segment":
            return (0, 0), (1, 0)
        if where == "last_segment":
            return (count - 1, 0), (count, 0)
        if where == "last_sentences":
            starts = [(i, span.start_char) for i, (_, doc) in enumerate(msg.pairs()) for span in sentences_of(doc)]
            return starts[-self.options.last :][0], (count, 0)
        return (0, 0), (count, 0)

    def _anchor(self, msg: AnalyzedMessage) -> tuple[int, int]:
        anchor = self.options.anchor
        if anchor == "last_sentence":
            last = list(msg.sentences())[-1]
            return last.start, last.end
        if anchor == "first_line":
            first = msg.segments[0]
            line = first.text.split("\n", 1)[0].rstrip()
            return first.start, first.end_to_source(len(line))
        if anchor == "last_line":
            last = msg.segments[-1]
            line = last.text.rsplit("\n", 1)[-1].lstrip()
            return last.to_source(len(last.text) - len(line)), last.end
        return msg.prose_start, msg.prose_end
