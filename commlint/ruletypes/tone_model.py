"""``tone-model``: one message-level finding when the shipped politeness model scores the
writer's text as impolite, naming the words that drove the score and pointing at the
sentence holding the strongest of them."""
from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Any, Callable, Iterator

from commlint import data
from commlint.findings import Finding
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError
from commlint.ruletypes.base import Rule, RuleMeta
from commlint.ruletypes.lexicon import Lexicon
from commlint.ruletypes.politeness import ToneModel, ToneScore, sentence_spans


@dataclasses.dataclass(frozen=True)
class ToneModelOptions:
    model: str = "tone-politeness"  #: a model in the shipped ``models/`` folder, or a path to a JSON file
    threshold: float | None = None  #: report above this score (default: the model's own threshold)
    min_words: int = 3  #: judge only messages with at least this many words
    drivers: int = 3  #: how many drivers the message names


class ToneModelRule(Rule):
    options_class = ToneModelOptions
    placeholders = frozenset({"score", "drivers"})

    def __init__(self, meta: RuleMeta, options: ToneModelOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        if options.threshold is not None and not 0.0 <= options.threshold < 1.0:
            raise OptionError("matcher.threshold", "expected a number from 0 up to 1")
        if options.drivers < 1:
            raise OptionError("matcher.drivers", "expected at least 1")
        path = _model_path(options.model)
        if not path.is_file():
            raise OptionError("matcher.model", f"no tone model at {path}")
        self.model = _load(str(path))
        self.threshold = self.model.threshold if options.threshold is None else options.threshold
        #: the last message scored, as (its segments, their texts, the score): the engine asks
        #: for ``scores`` and then ``check`` on the same message, which is scored once
        self._last: tuple[tuple, list[str], ToneScore | None] | None = None

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

    def scores(self, msg: AnalyzedMessage) -> dict[str, Any]:
        """The tone model's score of the writer's text, with the words that drove it."""
        _, result = self._scored(msg)
        if result is None:
            return {}
        return {"tone": {
            "score": round(result.score, 4), "threshold": round(self.threshold, 4), "rule_id": self.meta.id,
            "drivers": [{"words": words, "weight": round(weight, 4)} for words, weight in result.drivers],
        }}

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        texts, result = self._scored(msg)
        if result is None or result.score <= self.threshold:
            return
        start, end = _sentence_of(msg, texts, result)
        values = {"score": f"{result.score:.2f}", "drivers": ", ".join(f"“{_flat(w)}”" for w, _ in result.drivers)}
        yield self.finding(msg, start, end, values, words="\n\n".join(texts))


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
