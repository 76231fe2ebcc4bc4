"""Source offsets to 1-based line and column numbers (LF, CRLF and CR-only line endings)."""
from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Turns offsets into ``text`` into line and column numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """The offset where 1-based ``line`` starts."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1]

    @property
    def count(self) -> int:
        return len(self._starts)
