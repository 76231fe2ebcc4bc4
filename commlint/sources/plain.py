"""Plain-text reader: a reply, a thread or a macro as paragraphs, list items, a greeting and
a sign-off; quoted replies, signatures and disclaimers are kept apart, and ``# commlint:``
lines and Liquid comments are directives, not prose."""
from __future__ import annotations

import re
from typing import Iterable

from commlint.document.lines import LineIndex
from commlint.document.model import (
    DISCLAIMER, GREETING, LIST_ITEM, PARAGRAPH, QUOTED_REPLY, SIGN_OFF, SIGNATURE, Document, Placeholder, Region,
    Segment,
)
from commlint.sources.decode import decode_text
from commlint.sources.directives import LIQUID_COMMENT, TEXT_LINE, liquid_directives, text_directives
from commlint.sources.placeholders import find_placeholders
from commlint.sources.prose import ProseBuilder
from commlint.sources.thread import thread_regions

_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*\u2022+]|\d{1,3}[.)])[ \t]+\S", re.M)
_GREETING = re.compile(
    r"^[ \t]*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening)|hiya|howdy)\b[^\n]{0,60}$", re.I
)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:thanks|thank\s+you|many\s+thanks|best|regards|kind\s+regards|warm\s+regards|best\s+regards|"
    r"cheers|sincerely|yours(?:\s+(?:truly|sincerely))?|all\s+the\s+best|take\s+care|talk\s+soon|respectfully|"
    r"with\s+thanks|thanks\s+again|speak\s+soon)\b[^\n]{0,40}$",
    re.I,
)
_THREAD_KINDS = {"quoted reply": QUOTED_REPLY, "signature": SIGNATURE, "disclaimer": DISCLAIMER}


def read_text(data: bytes, name: str) -> list[Document]:
    """The one document of a plain-text file."""
    return [text_document(decode_text(data, name))]


def text_document(text: str, kind: str | None = None, channel: str = "email", origin=None) -> Document:
    """The document of a plain-text body (also used for the text parts of emails and exports)."""
    lines = LineIndex(text)
    directives = text_directives(text, lines) + liquid_directives(text, lines)
    skipped = [Region(m.start(), m.end(), "directive") for m in TEXT_LINE.finditer(text)]
    skipped += [Region(m.start(), m.end(), "liquid tag") for m in LIQUID_COMMENT.finditer(text)]
    placeholders = [p for p in find_placeholders(text) if not _inside(p.start, skipped)]
    thread = thread_regions(_blank(text, skipped))
    segments = list(_thread_segments(text, thread))
    writer = _blank(text, skipped + thread)
    segments += _prose_segments(text, writer, placeholders)
    segments.sort(key=lambda s: s.start)
    skipped += thread
    skipped += [Region(p.start, p.end, "placeholder") for p in placeholders if not p.problem]
    return Document(
        text=text,
        segments=tuple(segments),
        kind=kind or ("macro" if any(not p.problem for p in placeholders) else "reply"),
        channel=channel,
        skipped=tuple(sorted(skipped, key=lambda r: r.start)),
        placeholders=tuple(placeholders),
        directives=tuple(directives),
        origin=origin,
    )


def _inside(offset: int, regions: Iterable[Region]) -> bool:
    return any(r.start <= offset < r.end for r in regions)


def _blank(text: str, regions: Iterable[Region]) -> str:
    """``text`` with ``regions`` turned into spaces (line breaks kept), so offsets stay put."""
    chars = list(text)
    for region in regions:
        for i in range(region.start, min(region.end, len(chars))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _thread_segments(text: str, regions: list[Region]) -> Iterable[Segment]:
    """Someone else's words and boilerplate, as segments only privacy rules read."""
    for region in regions:
        chunk = text[region.start:region.end]
        stripped = chunk.strip()
        if stripped:
            offset = region.start + chunk.index(stripped[0])
            yield Segment.verbatim(stripped, offset, _THREAD_KINDS.get(region.reason, QUOTED_REPLY))


def _prose_segments(text: str, writer: str, placeholders: list[Placeholder]) -> list[Segment]:
    blocks: list[tuple[int, int, str]] = []
    for m in _PARAGRAPH.finditer(writer):
        blocks.extend(_split_block(writer, m.start(), m.end()))
    if blocks:
        first_start, first_end, _ = blocks[0]
        line_end = writer.find("\n", first_start, first_end)
        line_end = first_end if line_end < 0 else line_end
        if _GREETING.match(writer[first_start:line_end]):
            blocks[0:1] = [(first_start, line_end, GREETING)] + (
                [(line_end, first_end, blocks[0][2])] if writer[line_end:first_end].strip() else []
            )
        last_start, last_end, _ = blocks[-1]
        if len(blocks) > 1 and _SIGN_OFF.match(writer[last_start:last_end].strip().split("\n", 1)[0]) and \
                writer[last_start:last_end].count("\n") <= 4:
            blocks[-1] = (last_start, last_end, SIGN_OFF)
    segments = []
    for start, end, kind in blocks:
        builder = ProseBuilder(text, placeholders)
        builder.prose(start, end)
        segment = builder.build(kind)
        if segment is not None:
            segments.append(segment)
    return segments


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """A paragraph, or the items of a list: each item its own block."""
    items = [m.start() for m in _LIST_ITEM.finditer(text, start, end)]
    if not items:
        return [(start, end, PARAGRAPH)]
    bounds = ([start] if items[0] > start else []) + items + [end]
    return [
        (a, b, LIST_ITEM if a in items else PARAGRAPH) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()
    ]
