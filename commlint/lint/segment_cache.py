"""Findings of the segment-local rules, kept per segment, so an edit re-runs those rules on
the edited paragraph only (the language server and the warm worker keep one per Linter).

A segment-local rule's findings in a segment depend on nothing but what the key holds: the
segment's text, kind, masks and offset map, the source characters it was read from, the
document's kind, channel, audience, platform and title, and whether the segment is
English, and the configuration and rules of the Linter that found them.
Findings are kept relative to the start of the segment's source span, and placed again
(offsets, lines and columns) in the document that reuses them. Message-level rules
(readability, next steps, courtesy, acronyms, the tone model) always run on the whole
message, and a finding whose conditions looked beyond its segment is never kept.
"""
from __future__ import annotations

import dataclasses
import hashlib
import pickle
from typing import Iterable

from commlint.document.lines import LineIndex
from commlint.document.model import Document, Segment
from commlint.findings import Finding, Fix
from commlint.nlp.doc_store import MemoryStore

FORMAT = 1  #: the entry layout; part of every key
MEMORY_LIMIT = 8_000_000  #: bytes of entries one Linter keeps (a few thousand paragraphs)

#: per rule (its place in the Linter's rule set), that rule's findings in the segment,
#: relative to the segment's source start
Entry = dict[int, tuple[Finding, ...]]


@dataclasses.dataclass
class Stats:
    """What the cache did: segments served whole, segments whose rules ran, entries kept."""

    hits: int = 0
    misses: int = 0
    stored: int = 0


class SegmentFindings:
    """Per-segment findings of segment-local rules, in a bounded in-memory store."""

    def __init__(self, store: MemoryStore | None = None) -> None:
        self.store = store if store is not None else MemoryStore(MEMORY_LIMIT)
        self.stats = Stats()

    def key(self, document: Document, segment: Segment, english: bool, title: str, owner: str = "") -> str:
        """The key of ``segment`` of ``document`` (see the module's docstring); ``owner``
        names the configuration and rules the findings come from."""
        lo, hi = span_of(segment)
        pieces = tuple((p.seg, p.length, p.src - lo, p.src_end - lo, p.exact, p.verbatim) for p in segment.offsets.pieces)
        context = (FORMAT, owner, document.kind, document.channel, document.audience, document.platform, title,
                   segment.kind, english, segment.masks, pieces, segment.offsets.length)
        digest = hashlib.sha256(repr(context).encode("utf-8", "surrogatepass"))
        digest.update(b"\0" + segment.text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0" + document.text[lo:hi].encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        data = self.store.get(key)
        if data is None:
            return None
        try:
            entry = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: Entry) -> None:
        self.stats.stored += 1
        self.store.put(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def span_of(segment: Segment) -> tuple[int, int]:
    """The source span every offset of ``segment`` maps into."""
    pieces = segment.offsets.pieces
    if not pieces:
        return segment.start, segment.start
    return min(p.src for p in pieces), max(p.src_end for p in pieces)


def relative(findings: Iterable[Finding], base: int) -> tuple[Finding, ...]:
    """``findings`` with offsets counted from ``base`` (lines and columns left out)."""
    return tuple(_shifted(f, -base, None) for f in findings)


def placed(findings: Iterable[Finding], base: int, lines: LineIndex) -> list[Finding]:
    """Kept ``findings`` placed at ``base`` in a document whose lines are ``lines``."""
    return [_shifted(f, base, lines) for f in findings]


def _shifted(finding: Finding, by: int, lines: LineIndex | None) -> Finding:
    start, end = finding.start + by, finding.end + by
    fix = finding.fix
    if fix is not None:
        fix = Fix(fix.start + by, fix.end + by, fix.replacement, fix.applicability)
    if lines is None:
        return dataclasses.replace(finding, start=start, end=end, fix=fix, line=0, column=0, end_line=0, end_column=0)
    line, column = lines.line_col(start)
    end_line, end_column = lines.line_col(end)
    return dataclasses.replace(
        finding, start=start, end=end, fix=fix, line=line, column=column, end_line=end_line, end_column=end_column,
    )
