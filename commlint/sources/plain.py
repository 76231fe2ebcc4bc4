"""Plain-text reader: paragraphs separated by blank lines; quoted email lines are skipped."""
from __future__ import annotations

import re
from typing import Iterator

from commlint.document.model import Segment

_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_QUOTED = re.compile(r"^[ \t]*>")


def plain_segments(text: str) -> list[Segment]:
    """Split ``text`` into paragraph segments with exact offsets.

    A paragraph whose every line starts with ``>`` is a quote of someone else's words
    and is not the writer's prose, so it is left out.
    """
    return list(_paragraphs(text))


def _paragraphs(text: str) -> Iterator[Segment]:
    for match in _PARAGRAPH.finditer(text):
        block = match.group(0)
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(_QUOTED.match(line) for line in lines):
            continue
        stripped = block.strip()
        offset = match.start() + (len(block) - len(block.lstrip()))
        yield Segment(text=stripped, start=offset)
