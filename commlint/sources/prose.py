"""Build prose segments from source spans: what every reader shares.

``ProseBuilder.prose(start, end)`` copies a span of the source, turning what is not words
into protected stand-ins on the way: a template placeholder reads as a word of its type
("Hi {{ticket.requester.first_name}}," parses as "Hi Alex,"), and backticked code, URLs and email addresses
are kept but masked. Readers add markup-specific pieces (an entity decoded, a code span
masked) with ``copy``, ``replace`` and ``mask``.
"""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Sequence

from commlint.document.model import Mask, Placeholder, Segment
from commlint.document.offsets import TextBuilder, sliced
from commlint.sources.labels import label_spans
from commlint.sources.placeholders import STAND_INS

URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
#: inline code as chat and plain-text writers mark it: `client_secret`, `pi_xxx`
BACKTICKED = re.compile(r"`[^`\n]{1,200}`")
_SPACE = re.compile(r"\s+")


class PlaceholderIndex:
    """A document's placeholders sorted once, for the builders of all its segments."""

    def __init__(self, placeholders: Sequence[Placeholder]) -> None:
        self.placeholders = sorted(placeholders, key=lambda p: p.start)
        self.ends = list(itertools.accumulate((p.end for p in self.placeholders), max))  # sorted, for bisect


class ProseBuilder:
    """Builds one segment's text, offset map and masks from pieces of ``source``."""

    def __init__(self, source: str, placeholders: "Sequence[Placeholder] | PlaceholderIndex" = ()) -> None:
        self.source = source
        index = placeholders if isinstance(placeholders, PlaceholderIndex) else PlaceholderIndex(placeholders)
        self.placeholders, self._ends = index.placeholders, index.ends
        self._text = TextBuilder()
        self._masks: list[Mask] = []

    def __len__(self) -> int:
        return len(self._text)

    def prose(self, start: int, end: int) -> None:
        """Append ``source[start:end]`` as prose: placeholders, URLs and addresses protected."""
        pos = start
        first = bisect.bisect_right(self._ends, start)
        for ph in self.placeholders[first:]:
            if ph.end <= pos or ph.problem:
                continue
            if ph.start >= end:
                break
            self._words(pos, max(pos, ph.start))
            self.placeholder(ph)
            pos = max(pos, ph.end)
        self._words(pos, end)

    def placeholder(self, ph: Placeholder) -> None:
        """A placeholder: an output reads as a word of its type; a tag or comment as nothing."""
        start, end = max(ph.start, 0), ph.end
        if ph.tag:
            self._text.replace("", start, end)
            return
        self.mask(STAND_INS.get(ph.type, STAND_INS["other"]), start, end, "placeholder")

    def _words(self, start: int, end: int) -> None:
        if end <= start:
            return
        chunk = self.source[start:end]
        pos = 0
        for m in _protected(chunk):
            self._text.copy(chunk[pos:m.start()], start + pos)
            text = m.group()
            kind = "code" if text.startswith("`") else "email_address" if "@" in text and "://" not in text else "url"
            self.mask_copy(start + m.start(), start + m.end(), kind)
            pos = m.end()
        self._text.copy(chunk[pos:], start + pos)

    def copy(self, text: str, src: int) -> None:
        """Append ``text``, equal to ``source[src:src+len(text)]``."""
        self._text.copy(text, src)

    def replace(self, text: str, start: int, end: int, exact: bool = True) -> None:
        """Append ``text``, which stands for ``source[start:end]`` (an entity decoded)."""
        self._text.replace(text, start, end, exact)

    def insert(self, text: str, at: int) -> None:
        """Append text the source does not have (a space where markup stood)."""
        self._text.insert(text, at)

    def mask(self, text: str, start: int, end: int, kind: str) -> None:
        """Append ``text`` standing for ``source[start:end]``, protected as ``kind``."""
        here = len(self._text)
        self._text.replace(text, start, end)
        self._masks.append(Mask(here, here + len(text), kind))

    def mask_copy(self, start: int, end: int, kind: str) -> None:
        """Append ``source[start:end]`` unchanged but protected as ``kind`` (an on-screen label)."""
        here = len(self._text)
        self._text.copy(self.source[start:end], start)
        self._masks.append(Mask(here, here + (end - start), kind))


    def build(self, kind: str) -> Segment | None:
        """The segment, with surrounding white space trimmed; None when it has no words."""
        text, offsets = self._text.build()
        lo = len(text) - len(text.lstrip())
        hi = len(text.rstrip())
        if hi <= lo or not any(ch.isalnum() for ch in text[lo:hi]):
            return None
        masks = _with_labels(self._masks, text)
        masks = tuple(Mask(max(m.start, lo) - lo, min(m.end, hi) - lo, m.kind) for m in masks if m.end > lo and m.start < hi)
        if lo or hi < len(text):
            text, offsets = text[lo:hi], sliced(offsets, lo, hi)
        return Segment(text, offsets, kind, masks)


def _with_labels(masks: list[Mask], text: str) -> list[Mask]:
    """``masks`` plus the on-screen labels of ``text`` that no other mask touches."""
    ordered = sorted(masks, key=lambda m: m.start)
    ends = [m.end for m in ordered]  # masks do not overlap, so their ends are sorted too
    out = list(ordered)
    for start, end in label_spans(text):
        i = bisect.bisect_right(ends, start)
        if i >= len(ordered) or ordered[i].start >= end:
            out.append(Mask(start, end, "ui_label"))
    return sorted(out, key=lambda m: m.start)


def _protected(text: str):
    matches = sorted([*BACKTICKED.finditer(text), *URL.finditer(text), *EMAIL.finditer(text)], key=lambda m: m.start())
    last = -1
    for m in matches:
        if m.start() >= last:
            last = m.end()
            yield m
