"""What the Markdown and HTML readers share: feeding pieces of a block into a ProseBuilder
while protected spans (placeholders, Liquid tags, bare URLs, docs directives) override the
markup pieces that fall inside them, and collapsing white space where markup says so.

Pieces arrive in source order: a verbatim source span (prose, or an on-screen label), a
replaced piece (an entity decoded), a mask (inline code), or inserted text (a line break).
An override is emitted once, at the first piece that reaches it; pieces inside it are cut
out (verbatim ones) or dropped (replaced ones), so no source character is read twice.
"""
from __future__ import annotations

import bisect
import dataclasses
import itertools
import re

from commlint.document.model import Placeholder
from commlint.sources.prose import ProseBuilder

#: the stand-in word inline code reads as while the sentence around it is parsed
CODE_STAND_IN = "item"
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]")


@dataclasses.dataclass(frozen=True)
class Override:
    """``source[start:end]`` is read as ``action``: ``drop`` (a Liquid tag, a directive),
    ``placeholder`` (a stand-in word) or ``url`` (kept, masked)."""

    start: int
    end: int
    action: str
    placeholder: Placeholder | None = None


class Overrides:
    """Non-overlapping overrides, sorted; the first of two overlapping ones wins."""

    def __init__(self, items: list[Override]) -> None:
        kept: list[Override] = []
        for item in sorted(items, key=lambda o: (o.start, -o.end)):
            if item.end > item.start and (not kept or item.start >= kept[-1].end):
                kept.append(item)
        self.items = kept
        self._starts = [o.start for o in kept]
        self._ends = [o.end for o in kept]

    def overlapping(self, start: int, end: int) -> list[Override]:
        i = bisect.bisect_right(self._ends, start)
        out = []
        while i < len(self.items) and self.items[i].start < end:
            out.append(self.items[i])
            i += 1
        return out


class SpanIndex:
    """Source spans (possibly overlapping) asked whether they touch an offset range."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._ends = list(itertools.accumulate((e for _, e in self._spans), max))

    def touches(self, start: int, end: int) -> bool:
        """Does any span overlap ``start:end`` (or hold ``start``, when it is empty)?"""
        i = bisect.bisect_right(self._ends, start)
        return i < len(self._spans) and self._spans[i][0] < max(end, start + 1)


class Emitter:
    """Appends pieces of one block to ``builder``, honouring ``overrides``. With
    ``collapse`` (HTML), runs of white space read as one space, as a browser shows them."""

    def __init__(self, builder: ProseBuilder, overrides: Overrides, collapse: bool = False) -> None:
        self.builder = builder
        self.overrides = overrides
        self.collapse = collapse
        self.fired: set[int] = set()
        self._space = True  #: does the text so far end in white space (or is it empty)?

    def _fire(self, override: Override) -> None:
        if override.start in self.fired:
            return
        self.fired.add(override.start)
        if override.action == "placeholder" and override.placeholder is not None:
            self.builder.placeholder(override.placeholder)
            self._space = False
        elif override.action == "url":
            self.builder.mask_copy(override.start, override.end, "url")
            self._space = False

    def prose(self, start: int, end: int, label: bool = False) -> None:
        """``source[start:end]`` as prose (``label``: an on-screen label, kept but masked)."""
        pos = start
        for override in self.overrides.overlapping(start, end):
            if override.start > pos:
                self._copy(pos, override.start, label)
            self._fire(override)
            pos = max(pos, override.end)
        if pos < end:
            self._copy(pos, end, label)

    def _copy(self, start: int, end: int, label: bool) -> None:
        if not self.collapse:
            self._verbatim(start, end, label)
            return
        source = self.builder.source
        pos = start
        for m in _SPACE_RUN.finditer(source, start, end):
            self._verbatim(pos, m.start(), label)
            if not self._space:
                self.builder.replace(" ", m.start(), m.end())
                self._space = True
            pos = m.end()
        if pos < end and self._space and source[pos] == " ":
            pos += 1
        self._verbatim(pos, end, label)

    def _verbatim(self, start: int, end: int, label: bool) -> None:
        if end <= start:
            return
        if label:
            self.builder.mask_copy(start, end, "ui_label")
        else:
            self.builder.prose(start, end)
        self._space = self.builder.source[end - 1].isspace()

    def replaced(self, text: str, start: int, end: int, mask: str | None = None) -> None:
        """``text`` standing for ``source[start:end]`` as a whole (an entity decoded); with
        ``mask``, protected as that kind (inline code, a label)."""
        hits = self.overrides.overlapping(start, end)
        if hits:
            for override in hits:
                self._fire(override)
            return
        if not text:
            return
        if self.collapse and text.isspace():
            if self._space:
                return
            text = " "
        if mask:
            self.builder.mask(text, start, end, mask)
        else:
            self.builder.replace(text, start, end)
        self._space = text[-1].isspace()

    def insert(self, text: str, at: int) -> None:
        """Text the source does not have (a line break for ``<br>``)."""
        if text.isspace() and self._space and self.collapse:
            return
        self.builder.insert(text, at)
        self._space = text[-1:].isspace() if text else self._space

    def keep(self, start: int, end: int, kind: str) -> None:
        """``source[start:end]`` unchanged but masked as ``kind`` (an autolink's URL)."""
        if end > start:
            self.builder.mask_copy(start, end, kind)
            self._space = False

    def code(self, start: int, end: int) -> None:
        """Inline code: one neutral word standing for ``source[start:end]``, masked. Code is
        never overridden: a placeholder inside it is code too."""
        self.builder.mask(CODE_STAND_IN, start, end, "code")
        self._space = False


class ContentMap:
    """Where each character of a parser's derived string (a Markdown inline's content: the
    block's lines without container prefixes) sits in the source. Runs are
    ``(content offset, length, source start, source end, verbatim)``, in order."""

    def __init__(self, runs: list[tuple[int, int, int, int, bool]]) -> None:
        self.runs = runs
        self._starts = [r[0] for r in runs]

    def pieces(self, start: int, end: int) -> list[tuple[int, int, int, int, bool]]:
        """The runs over content ``start:end``, clipped: verbatim ones to the exact source
        characters, the others standing for their whole source span."""
        out = []
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        while i < len(self.runs) and self.runs[i][0] < end:
            c, n, s, e, verbatim = self.runs[i]
            lo, hi = max(c, start), min(c + n, end)
            if hi > lo:
                out.append((lo, hi, s + lo - c, s + hi - c, True) if verbatim else (lo, hi, s, e, False))
            i += 1
        return out

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The source span content ``start:end`` comes from, or None if it maps nowhere."""
        pieces = self.pieces(start, max(end, start + 1))
        if not pieces:
            return None
        return pieces[0][2], max(pieces[0][2], pieces[-1][3])
