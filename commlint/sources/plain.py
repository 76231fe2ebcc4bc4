"""Plain-text reader: a reply, a thread or a macro as paragraphs, list items, a greeting and
a sign-off; quoted replies, signatures and disclaimers are kept apart, and ``# commlint:``
lines and Liquid comments are directives, not prose."""
from __future__ import annotations

import bisect
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
from commlint.sources.prose import PlaceholderIndex, ProseBuilder
from commlint.sources.thread import SIGN_OFF_LINE, thread_regions

_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*\u2022+]|\d{1,3}[.)])[ \t]+\S", re.M)
GREETING_LINE = re.compile(
    r"^[ \t]*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening)|hiya|howdy)\b[^\n]{0,60}$", re.I
)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:thanks|thank\s+you|many\s+thanks|best|regards|kind\s+regards|warm\s+regards|best\s+regards|"
    r"cheers|sincerely|yours(?:\s+(?:truly|sincerely))?|all\s+the\s+best|take\s+care|talk\s+soon|respectfully|"
    r"with\s+thanks|thanks\s+again|speak\s+soon)\b[^\n]{0,40}$",
    re.I,
)
_LONE_CR = re.compile(r"\r(?!\n)")
_THREAD_KINDS = {"quoted reply": QUOTED_REPLY, "signature": SIGNATURE, "disclaimer": DISCLAIMER}


def read_text(data: bytes, name: str) -> list[Document]:
    """The one document of a plain-text file."""
    return [text_document(decode_text(data, name))]


def text_document(text: str, kind: str | None = None, channel: str = "email", origin=None) -> Document:
    """The document of a plain-text body (also used for the text parts of emails and exports)."""
    lines = LineIndex(text)
    shape = _LONE_CR.sub("\n", text)  # old Mac line ends read as lines too; same length, same offsets
    directives = text_directives(shape, lines) + liquid_directives(text, lines)
    skipped = [Region(m.start(), m.end(), "directive") for m in TEXT_LINE.finditer(shape)]
    skipped += [Region(m.start(), m.end(), "liquid tag") for m in LIQUID_COMMENT.finditer(text)]
    skipped.sort(key=lambda r: r.start)
    placeholders = [p for p in find_placeholders(text) if not _inside(p.start, skipped)]
    thread = thread_regions(_blank(shape, skipped))
    segments = list(_thread_segments(text, thread))
    writer = _blank(shape, skipped + thread)
    segments += _prose_segments(text, writer, placeholders)
    segments.sort(key=lambda s: s.start)
    skipped += thread
    skipped += [Region(p.start, p.end, "placeholder") for p in placeholders if not p.problem]
    return Document(
        text=text,
        segments=tuple(segments),
        kind=kind or ("macro" if any(not p.problem and not _inside(p.start, thread) for p in placeholders) else "reply"),
        channel=channel,
        skipped=tuple(sorted(skipped, key=lambda r: r.start)),
        placeholders=tuple(placeholders),
        directives=tuple(directives),
        origin=origin,
    )


def _inside(offset: int, regions: list[Region]) -> bool:
    """Is ``offset`` in one of ``regions`` (sorted by start, not overlapping)?"""
    i = bisect.bisect_right(regions, offset, key=lambda r: r.start) - 1
    return i >= 0 and offset < regions[i].end


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
    for start, end in _paragraphs(writer):
        blocks.extend(_split_block(writer, start, end))
    if blocks:
        first_start, first_end, _ = blocks[0]
        line_end = writer.find("\n", first_start, first_end)
        line_end = first_end if line_end < 0 else line_end
        if GREETING_LINE.match(writer[first_start:line_end]):
            blocks[0:1] = [(first_start, line_end, GREETING)] + (
                [(line_end, first_end, blocks[0][2])] if writer[line_end:first_end].strip() else []
            )
        if len(blocks) > 1:
            blocks[-1:] = _sign_off(writer, *blocks[-1])
    segments = []
    index = PlaceholderIndex(placeholders)
    for start, end, kind in blocks:
        builder = ProseBuilder(text, index)
        builder.prose(start, end)
        segment = builder.build(kind)
        if segment is not None:
            segments.append(segment)
    return segments


def _sign_off(text: str, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """The last block, with its sign-off line ("Best regards,") as a block of its own; a
    short block that opens with a sign-off is one as a whole ("Thanks so much,\nSam")."""
    body = text[start:end].rstrip()
    line_start = start + body.rfind("\n") + 1
    if SIGN_OFF_LINE.fullmatch(text[line_start:start + len(body)]):
        head = [(start, line_start, kind)] if text[start:line_start].strip() else []
        return head + [(line_start, end, SIGN_OFF)]
    if _SIGN_OFF.match(body.lstrip().split("\n", 1)[0]) and body.count("\n") <= 4:
        return [(start, end, SIGN_OFF)]
    return [(start, end, kind)]


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """Runs of lines that are not blank (each with its last line break), in linear time."""
    start, pos = None, 0
    while pos < len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline + 1
        if not text[pos:end].isspace():
            start = pos if start is None else start
        elif start is not None:
            yield start, pos
            start = None
        pos = end
    if start is not None:
        yield start, len(text)


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """A paragraph, or the items of a list: each item its own block."""
    items = [m.start() for m in _LIST_ITEM.finditer(text, start, end)]
    if not items:
        return [(start, end, PARAGRAPH)]
    bounds = ([start] if items[0] > start else []) + items + [end]
    return [
        (a, b, LIST_ITEM if a in items else PARAGRAPH) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()
    ]
