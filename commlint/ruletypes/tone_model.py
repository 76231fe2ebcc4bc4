"""``tone-model``: one finding per message when a shipped tone model scores the writer's
text as impolite, naming the words that drove the score. ``per: message`` scores the whole
text and points at the sentence holding the strongest driver (T301); ``per: sentence``
scores each sentence alone and reports the worst one above the threshold that no rule named
in ``unless_finding_of`` already reports (T302)."""
from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Any, Callable, Iterator

from commlint import data
from commlint.findings import Finding
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError
from commlint.ruletypes.base import Rule, RuleMeta, needs_of
from commlint.ruletypes.conditions import FoundSpans
from commlint.ruletypes.lexicon import Lexicon
from commlint.ruletypes.politeness import ToneModel, ToneScore, sentence_spans


@dataclasses.dataclass(frozen=True)
class ToneModelOptions:
    model: str = "tone-politeness"  #: a model in the shipped ``models/`` folder, or a path to a JSON file
    threshold: float | None = None  #: report above this score (default: the model's own threshold)
    min_words: int = 3  #: judge only messages with at least this many words
    drivers: int = 3  #: how many drivers the message names
    per: str = "message"  #: message: score the whole text; sentence: each sentence alone, report the worst
    score_name: str = "tone"  #: the name of the score in the JSON report's ``scores``
    #: rules (ids, names or categories; enabled ones) whose finding in a sentence keeps it
    #: from being reported: one finding per problem (``per: sentence`` only)
    unless_finding_of: tuple[str, ...] = ()


class ToneModelRule(Rule):
    options_class = ToneModelOptions
    placeholders = frozenset({"score", "drivers"})

    def __init__(self, meta: RuleMeta, options: ToneModelOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        if options.threshold is not None and not 0.0 <= options.threshold < 1.0:
            raise OptionError("matcher.threshold", "expected a number from 0 up to 1")
        if options.drivers < 1:
            raise OptionError("matcher.drivers", "expected at least 1")
        if options.per not in ("message", "sentence"):
            raise OptionError("matcher.per", f"{options.per!r} is not one of message, sentence")
        if options.unless_finding_of and options.per != "sentence":
            raise OptionError("matcher.unless_finding_of", "needs per: sentence")
        path = _model_path(options.model)
        if not path.is_file():
            raise OptionError("matcher.model", f"no tone model at {path}")
        self.model = _load(str(path))
        self.threshold = self.model.threshold if options.threshold is None else options.threshold
        #: the last message scored, as (its segments, their texts, the score): the engine asks
        #: for ``scores`` and then ``check`` on the same message, which is scored once
        self._last: tuple[tuple, list[str], ToneScore | None] | None = None
        self._last_sentences: tuple[tuple, list[_Scored]] | None = None
        self._references: list[Rule] = []

    def bind(self, lookup: Callable[[str], list[Rule]]) -> None:
        found: list[Rule] = []
        for name in self.options.unless_finding_of:
            rules = lookup(name)
            if not rules:
                raise OptionError("matcher.unless_finding_of", f"no rule named {name!r}")
            found += [r for r in rules if r.meta.enabled and r not in found
                      and not (isinstance(r, ToneModelRule) and r.options.per == "sentence")]
        self._references = found

    def references(self) -> list[Rule]:
        return list(self._references)

    def detectors(self) -> list[Any]:
        """The term detectors of the rules this one reads the findings of."""
        return [d for rule in self._references for d in rule.detectors()]

    def needs(self, msg: AnalyzedMessage) -> list[frozenset[str]]:
        """Nothing from spaCy, unless a sentence scores above the threshold and the rules
        named in ``unless_finding_of`` must then run: what they need."""
        if not self._references:
            return [self.requires] * len(msg.docs)
        if not self._sentences(msg):
            return [frozenset()] * len(msg.docs)
        theirs = [needs_of(rule, msg) for rule in self._references]
        return [frozenset().union(self.requires, *needs) for needs in zip(*theirs)] if theirs else [self.requires] * len(msg.docs)

    def _scored(self, msg: AnalyzedMessage) -> tuple[list[str], ToneScore | None]:
        """The writer's texts (masks blanked) and their score; None when too short to judge."""
        last = self._last
        if last is not None and last[0] is msg.segments:
            return last[1], last[2]
        texts = [_unmasked(segment) for segment in msg.segments]
        prose = "\n\n".join(texts)
        result = self.model.score(prose, top=self.options.drivers) if len(prose.split()) >= self.options.min_words else None
        self._last = (msg.segments, texts, result)
        return texts, result

    def _sentences(self, msg: AnalyzedMessage) -> list["_Scored"]:
        """Sentences (``per: sentence``) scoring above the threshold, worst first."""
        last = self._last_sentences
        if last is not None and last[0] is msg.segments:
            return last[1]
        found = [s for s in self._each_sentence(msg) if s.result.score > self.threshold]
        found.sort(key=lambda s: (-s.result.score, s.segment.start, s.start))
        self._last_sentences = (msg.segments, found)
        return found

    def _each_sentence(self, msg: AnalyzedMessage) -> Iterator["_Scored"]:
        for segment in msg.segments:
            text = _unmasked(segment)
            for start, end in sentence_spans(text):
                if len(text[start:end].split()) >= self.options.min_words:
                    yield _Scored(segment, start, end, self.model.score(text[start:end], top=self.options.drivers))

    def _worst(self, msg: AnalyzedMessage) -> ToneScore | None:
        """The highest sentence score of the message (``per: sentence``), above the threshold or not."""
        if self._sentences(msg):
            return self._sentences(msg)[0].result
        return max((s.result for s in self._each_sentence(msg)), key=lambda r: r.score, default=None)

    def scores(self, msg: AnalyzedMessage) -> dict[str, Any]:
        """The tone model's score of the writer's text (``per: sentence``: of its worst
        sentence), with the words that drove it."""
        if self.options.per == "sentence":
            result = self._worst(msg)
        else:
            _, result = self._scored(msg)
        if result is None:
            return {}
        return {self.options.score_name: {
            "score": round(result.score, 4), "threshold": round(self.threshold, 4), "rule_id": self.meta.id,
            "drivers": [{"words": words, "weight": round(weight, 4)} for words, weight in result.drivers],
        }}

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        if self.options.per == "sentence":
            yield from self._check_sentences(msg)
            return
        texts, result = self._scored(msg)
        if result is None or result.score <= self.threshold:
            return
        start, end = _sentence_of(msg, texts, result)
        values = {"score": f"{result.score:.2f}", "drivers": ", ".join(f"“{_flat(w)}”" for w, _ in result.drivers)}
        yield self.finding(msg, start, end, values, words="\n\n".join(texts))

    def _check_sentences(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        """The worst sentence above the threshold that the ``unless_finding_of`` rules do not report."""
        above = self._sentences(msg)
        if not above:
            return
        found = FoundSpans([(f.start, f.end) for rule in self._references for f in rule.check(msg)]) if self._references else None
        for scored in above:
            start, end = scored.segment.to_source(scored.start), scored.segment.end_to_source(scored.end)
            if found and found.touch(start, end):
                continue
            result = scored.result
            values = {"score": f"{result.score:.2f}", "drivers": ", ".join(f"“{_flat(w)}”" for w, _ in result.drivers)}
            yield self.finding(msg, start, end, values, words=scored.segment.text[scored.start:scored.end])
            return


@dataclasses.dataclass(frozen=True)
class _Scored:
    """One sentence of a segment (segment offsets) and its score."""

    segment: Any
    start: int
    end: int
    result: ToneScore


def _model_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".json":
        return path
    return data.models_dir() / f"{name}.json"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> ToneModel:
    return ToneModel.load(path)


_BLANKED = frozenset({"code", "url", "placeholder", "email_address", "markup"})


def _unmasked(segment) -> str:
    """The segment's text with code, URLs and placeholders blanked (offsets kept), in one pass."""
    text, pieces, pos = segment.text, [], 0
    for mask in sorted((m for m in segment.masks if m.kind in _BLANKED), key=lambda m: m.start):
        start = max(mask.start, pos)
        pieces.append(text[pos:start])
        pieces.append(" " * max(0, mask.end - start))
        pos = max(pos, mask.end)
    pieces.append(text[pos:])
    return "".join(pieces)


def _sentence_of(msg: AnalyzedMessage, texts: list[str], result: ToneScore) -> tuple[int, int]:
    """Source offsets of the sentence holding the strongest driver (the whole text without one)."""
    span = result.at(0)
    if span is None:
        return msg.prose_start, msg.prose_end
    offset = 0
    for segment, text in zip(msg.segments, texts):
        if span[0] < offset + len(text):
            local = span[0] - offset
            for start, end in sentence_spans(text):
                if start <= local < end:
                    return segment.to_source(start), segment.end_to_source(end)
            return segment.start, segment.end
        offset += len(text) + 2
    return msg.prose_start, msg.prose_end


def _flat(words: str, limit: int = 40) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"
