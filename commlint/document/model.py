"""Prose segments: the pieces of a source that rules read, with exact source offsets."""
from __future__ import annotations

import bisect
import dataclasses


@dataclasses.dataclass(frozen=True)
class Segment:
    """A run of prose taken verbatim from the source, starting at ``start``.

    ``kind`` tells readers' block types apart (``paragraph``, ``heading``, ``list``...).
    The segment's text is always a substring of the source, so an offset ``i`` inside the
    segment is ``start + i`` in the source.
    """

    text: str
    start: int
    kind: str = "paragraph"

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def to_source(self, offset: int) -> int:
        """Map an offset inside the segment to an offset in the source."""
        return self.start + offset


class LineIndex:
    """Turns source offsets into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
