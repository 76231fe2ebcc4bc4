"""Very long segments split at sentence ends, so no single spaCy Doc grows without bound.

A pasted log or a paragraph of a megabyte would otherwise go through the tagger and
parser as one Doc (gigabytes for one paragraph). Pieces are cut after the last sentence end
(or line break, or space) before the limit; offsets and masks follow them exactly.
"""
from __future__ import annotations

import dataclasses
import re

from commlint.document.model import Document, Mask, Segment
from commlint.document.offsets import sliced

LIMIT = 20_000  #: characters in one segment (about 4,000 tokens)
_BREAKS = (re.compile(r"[.!?][\"'\u201d\u2019)]*\s+"), re.compile(r"\n"), re.compile(r"\s"))


def split_long_segments(document: Document, limit: int = LIMIT) -> Document:
    """``document`` with every segment longer than ``limit`` cut into pieces."""
    if all(len(s.text) <= limit for s in document.segments):
        return document
    segments: list[Segment] = []
    for segment in document.segments:
        segments.extend(_pieces(segment, limit) if len(segment.text) > limit else (segment,))
    return dataclasses.replace(document, segments=tuple(segments))


def _pieces(segment: Segment, limit: int) -> list[Segment]:
    text = segment.text
    out = []
    start = 0
    while start < len(text):
        end = len(text) if len(text) - start <= limit else _cut(text, start, start + limit)
        lo = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        hi = start + len(text[start:end].rstrip())
        if hi > lo:
            masks = tuple(
                Mask(max(m.start, lo) - lo, min(m.end, hi) - lo, m.kind) for m in segment.masks if m.end > lo and m.start < hi
            )
            out.append(Segment(text[lo:hi], sliced(segment.offsets, lo, hi), segment.kind, masks))
        start = end
    return out


def _cut(text: str, start: int, stop: int) -> int:
    """Where to end a piece that starts at ``start`` and may not pass ``stop``."""
    window_start = start + (stop - start) // 2
    for pattern in _BREAKS:
        last = None
        for m in pattern.finditer(text, window_start, stop):
            last = m
        if last is not None:
            return last.end()
    return stop
