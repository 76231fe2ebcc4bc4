"""Offsets into a Python string <-> LSP positions, in the client's position encoding.

commlint's findings carry character offsets (``str`` indices). An LSP position is a line
(split at ``\\n``, ``\\r\\n`` and ``\\r`` only, as the protocol says: not at U+2028 or form
feeds, which ``str.splitlines`` would split at) and a column counted in the negotiated
code units: UTF-16 (the default; a character outside the BMP, such as an emoji, is two),
UTF-8 (bytes) or UTF-32 (code points, what a ``str`` index counts).
"""
from __future__ import annotations

import bisect
import re

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)


def _units(text: str, encoding: str) -> int:
    """The length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _char_units(ch: str, encoding: str) -> int:
    code = ord(ch)
    if encoding == UTF32:
        return 1
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


class PositionMap:
    """Converts between offsets into ``text`` and LSP positions in ``encoding``."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        if encoding not in ENCODINGS:
            encoding = UTF16
        self.text = text
        self.encoding = encoding
        self._starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def _line_end(self, line: int) -> int:
        """The offset where ``line``'s content ends (before its line break)."""
        if line + 1 >= len(self._starts):
            return len(self.text)
        end = self._starts[line + 1]
        if self.text.startswith("\r\n", end - 2) and end - 2 >= self._starts[line]:
            return end - 2
        return end - 1

    def position(self, offset: int) -> types.Position:
        """The position of ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return types.Position(line=line, character=_units(self.text[start:offset], self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """The offset of ``position``; a line past the end is the end of the text, a column
        past the end of its line is the line's end (as the protocol asks)."""
        if position.line >= len(self._starts):
            return len(self.text)
        start = self._starts[position.line]
        end = self._line_end(position.line)
        if self.encoding == UTF32:
            return min(start + position.character, end)
        units = 0
        for index in range(start, end):
            if units >= position.character:
                return index
            units += _char_units(self.text[index], self.encoding)
        return end

    def line_start(self, line: int) -> int:
        """The offset where 0-based ``line`` starts."""
        return self._starts[min(max(line, 0), len(self._starts) - 1)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, min(max(offset, 0), len(self.text))) - 1


def apply_change(text: str, change: types.TextDocumentContentChangeEvent, encoding: str) -> str:
    """``text`` after one ``didChange`` content change (a whole text or a range edit)."""
    if isinstance(change, types.TextDocumentContentChangeWholeDocument) or getattr(change, "range", None) is None:
        return change.text
    positions = PositionMap(text, encoding)
    start = positions.offset(change.range.start)
    end = max(start, positions.offset(change.range.end))
    return text[:start] + change.text + text[end:]
