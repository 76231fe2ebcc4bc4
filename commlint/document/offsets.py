"""Offset maps: where each character of a segment's text came from in the original text.

A segment's text may differ from its source (markup removed, entities decoded, a
placeholder masked, lines of a table row joined). It is built from *pieces*: a verbatim
piece is a run of source characters copied one to one; a replaced piece stands for a source
span as a whole (``&amp;`` -> ``&``, ``{{ticket.id}}`` -> ``42``), so an offset inside it maps
to the whole span. A piece may also be inexact (a base64 body decoded): its offsets point
at the start of its source span, and findings over it say so.
"""
from __future__ import annotations

import bisect
import dataclasses
from typing import Iterator


@dataclasses.dataclass(frozen=True)
class Piece:
    """``text[seg:seg+length]`` came from ``source[src:src_end]``."""

    seg: int
    length: int
    src: int
    src_end: int
    exact: bool = True
    verbatim: bool = False  #: copied one to one (otherwise it stands for its source span as a whole)


class OffsetMap:
    """Maps offsets in a derived text to offsets in the original text."""

    __slots__ = ("pieces", "_starts", "length")

    def __init__(self, pieces: list[Piece], length: int) -> None:
        self.pieces = pieces
        self._starts = [p.seg for p in pieces]
        self.length = length

    @classmethod
    def identity(cls, start: int, length: int) -> "OffsetMap":
        """The map of a verbatim copy of ``source[start:start+length]``."""
        return cls([Piece(0, length, start, start + length, verbatim=True)], length)

    def _piece(self, index: int) -> int:
        return max(0, bisect.bisect_right(self._starts, index) - 1)

    def start(self, offset: int) -> int:
        """The source offset where a span starting at ``offset`` starts."""
        if not self.pieces:
            return 0
        piece = self.pieces[self._piece(offset)]
        inside = offset - piece.seg
        if piece.verbatim:
            return piece.src + min(inside, piece.length)
        if not piece.exact or inside < piece.length or piece.length == 0:
            return piece.src
        return piece.src_end

    def end(self, offset: int) -> int:
        """The source offset (exclusive) where a span ending at ``offset`` ends."""
        if not self.pieces:
            return 0
        index = max(0, bisect.bisect_left(self._starts, offset) - 1)
        piece = self.pieces[index]
        inside = offset - piece.seg
        if piece.verbatim:
            return piece.src + min(inside, piece.length)
        if not piece.exact:
            return piece.src
        return piece.src if inside <= 0 else piece.src_end

    def exact(self, start: int, end: int) -> bool:
        """Do the source offsets of ``start:end`` point at the real characters?"""
        return all(p.exact for p in self.overlapping(start, end))

    def overlapping(self, start: int, end: int) -> Iterator[Piece]:
        """The pieces that ``start:end`` touches, in order."""
        pieces = self.pieces
        for index in range(self._piece(start), len(pieces)):
            piece = pieces[index]
            if piece.seg >= max(end, start + 1):
                break
            if piece.seg + piece.length > start or piece.length == 0:
                yield piece

    def compose(self, base: "OffsetMap") -> "OffsetMap":
        """This map followed by ``base``: when this map's source is itself a derived text
        (a decoded MIME part), the result maps straight to ``base``'s source."""
        out: list[Piece] = []
        for piece in self.pieces:
            if piece.verbatim:
                for inner in base.overlapping(piece.src, piece.src_end):
                    lo, hi = max(inner.seg, piece.src), min(inner.seg + inner.length, piece.src_end)
                    if hi <= lo:
                        continue
                    seg = piece.seg + (lo - piece.src)
                    if inner.verbatim:
                        out.append(Piece(seg, hi - lo, inner.src + (lo - inner.seg), inner.src + (hi - inner.seg), verbatim=True))
                    else:
                        out.append(Piece(seg, hi - lo, inner.src, inner.src_end if inner.exact else inner.src, inner.exact))
            else:
                exact = piece.exact and base.exact(piece.src, piece.src_end)
                src = base.start(piece.src)
                out.append(Piece(piece.seg, piece.length, src, base.end(piece.src_end) if exact else src, exact))
        return OffsetMap(out, self.length)


class TextBuilder:
    """Builds a derived text and its offset map, piece by piece, in order."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def copy(self, text: str, src: int) -> None:
        """Append ``text``, which is ``source[src:src+len(text)]`` unchanged."""
        if not text:
            return
        last = self._pieces[-1] if self._pieces else None
        if last is not None and last.verbatim and last.seg + last.length == self._length and last.src_end == src:
            self._pieces[-1] = Piece(last.seg, last.length + len(text), last.src, src + len(text), verbatim=True)
        else:
            self._pieces.append(Piece(self._length, len(text), src, src + len(text), verbatim=True))
        self._parts.append(text)
        self._length += len(text)

    def replace(self, text: str, src: int, src_end: int, exact: bool = True) -> None:
        """Append ``text``, which stands for ``source[src:src_end]`` as a whole."""
        if not text:
            return  # removed source text needs no piece: gaps between pieces are implicit
        self._pieces.append(Piece(self._length, len(text), src, src_end, exact))
        self._parts.append(text)
        self._length += len(text)

    def insert(self, text: str, at: int) -> None:
        """Append text that is not in the source (a space joining two lines), placed at ``at``."""
        if text:
            self._pieces.append(Piece(self._length, len(text), at, at))
            self._parts.append(text)
            self._length += len(text)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(list(self._pieces), self._length)


def sliced(offsets: OffsetMap, lo: int, hi: int) -> OffsetMap:
    """The map of ``text[lo:hi]`` of a text that ``offsets`` maps."""
    out: list[Piece] = []
    for piece in offsets.overlapping(lo, hi):
        a, b = max(piece.seg, lo), min(piece.seg + piece.length, hi)
        if b <= a and piece.length:
            continue
        if piece.verbatim:
            out.append(Piece(a - lo, b - a, piece.src + (a - piece.seg), piece.src + (b - piece.seg), verbatim=True))
        else:
            out.append(Piece(a - lo, b - a, piece.src, piece.src_end, piece.exact))
    return OffsetMap(out, hi - lo)
