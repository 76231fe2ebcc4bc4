"""Measures that ``metric`` rules put thresholds on, each over one kind of unit."""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from commlint.nlp.analyzed import AnalyzedMessage, count_words


@dataclasses.dataclass(frozen=True)
class Unit:
    """A measured piece of the message: source offsets, its text and its word count."""

    start: int
    end: int
    text: str
    words: int


def sentences(msg: AnalyzedMessage) -> Iterator[Unit]:
    for sent in msg.sentences():
        yield Unit(sent.start, sent.end, sent.span.text, count_words(sent.span))


def paragraphs(msg: AnalyzedMessage) -> Iterator[Unit]:
    for segment, doc in msg.pairs():
        yield Unit(segment.start, segment.end, segment.text, count_words(doc))


def message(msg: AnalyzedMessage) -> Iterator[Unit]:
    if msg.segments:
        yield Unit(msg.prose_start, msg.prose_end, msg.prose, msg.word_count())


@dataclasses.dataclass(frozen=True)
class _textstat:
    """textstat's measure ``name`` of a unit's text (an object, not a closure, so compiled
    rules can be kept on disk)."""

    name: str

    def __call__(self, unit: Unit) -> float:
        from commlint.nlp.syllables import textstat_module

        return float(getattr(textstat_module(), self.name)(unit.text))


@dataclasses.dataclass(frozen=True)
class Measure:
    units: Callable[[AnalyzedMessage], Iterator[Unit]]
    value: Callable[[Unit], float]
    requires: frozenset[str] = frozenset()


def _words(unit: Unit) -> float:
    return float(unit.words)


MEASURES: dict[str, Measure] = {
    "sentence_words": Measure(sentences, _words, frozenset({"sents"})),
    "paragraph_words": Measure(paragraphs, _words),
    "message_words": Measure(message, _words),
    "flesch_kincaid_grade": Measure(message, _textstat("flesch_kincaid_grade")),
    "flesch_reading_ease": Measure(message, _textstat("flesch_reading_ease")),
    "gunning_fog": Measure(message, _textstat("gunning_fog")),
}
