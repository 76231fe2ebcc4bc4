"""Which fixes of a text are applied: the chosen applicability, nothing in protected
spans, no two that overlap (the earlier wins, as in ruff), applied right to left. Pure
functions of a text, its document and its findings: ``--fix`` (commlint.output.fix) and
``Linter.fix_text`` both use them."""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterable, Sequence

from commlint.document.model import Document, Segment
from commlint.findings.model import Applicability, Finding, Fix

Span = tuple[int, int]


def applicable(unsafe: bool = False) -> frozenset[Applicability]:
    """The applicabilities applied: safe, and unsafe too with ``unsafe``; never display."""
    return frozenset({Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE})


def wanted_fixes(findings: Iterable[Finding], unsafe: bool = False) -> list[Fix]:
    """The fixes of ``findings`` of the chosen applicability, of exact findings only."""
    kinds = applicable(unsafe)
    return [f.fix for f in findings if f.fix is not None and f.exact and f.fix.applicability in kinds]


def touches(start: int, end: int, span: Span) -> bool:
    """Does the fix span ``start:end`` (empty: an insertion) touch the protected ``span``?"""
    lo, hi = span
    if start == end:
        return lo < start < hi
    return start < hi and lo < end


def choose(fixes: Iterable[Fix], protected: Sequence[Span] = ()) -> list[Fix]:
    """``fixes`` without those touching ``protected`` spans, without repeats, and without
    any that overlaps an earlier one; in text order."""
    chosen: list[Fix] = []
    last_end = -1
    seen: set[tuple[int, int, str]] = set()
    for fix in sorted(fixes, key=lambda f: (f.start, f.end, f.replacement)):
        key = (fix.start, fix.end, fix.replacement)
        if key in seen or any(touches(fix.start, fix.end, span) for span in protected):
            continue
        if fix.start < last_end:
            continue
        if fix.start == fix.end and chosen and chosen[-1].start == chosen[-1].end == fix.start:
            continue  # a second insertion at the same place
        seen.add(key)
        chosen.append(fix)
        last_end = fix.end
    return chosen


def apply(text: str, fixes: Sequence[Fix]) -> str:
    """``text`` with ``fixes`` (chosen: in order, not overlapping) applied right to left."""
    for fix in reversed(fixes):
        text = text[: fix.start] + fix.replacement + text[fix.end :]
    return text


def fix_text(text: str, findings: Iterable[Finding], unsafe: bool = False, protected: Sequence[Span] = ()) -> str:
    """``text`` with the safe fixes of ``findings`` applied (and the unsafe ones with
    ``unsafe``); none inside ``protected`` spans, none overlapping an earlier one."""
    return apply(text, choose(wanted_fixes(findings, unsafe), protected))


def protected_spans(document: Document) -> list[Span]:
    """What a fix never touches: skipped regions, placeholders and the masked spans
    (code, URLs, on-screen labels, addresses) of every segment, in source offsets."""
    spans = [(r.start, r.end) for r in document.skipped]
    spans += [(p.start, p.end) for p in document.placeholders]
    for segment in document.segments:
        spans += [(segment.to_source(m.start), segment.end_to_source(m.end)) for m in segment.masks]
    return spans


def in_prose(document: Document, fix: Fix) -> bool:
    """Does the fix cover source text that some segment reads one to one (or as whole
    entities), with no markup taken out in between? Then replacing it loses nothing."""
    return any(_covers(segment, fix.start, fix.end) for segment in document.segments
               if segment.start <= fix.start and fix.end <= segment.end)


def _covers(segment: Segment, start: int, end: int) -> bool:
    pos = start
    for piece in segment.offsets.pieces:
        if piece.src_end <= start and not (piece.verbatim and piece.src_end == start == end):
            continue
        if piece.src >= end and not (start == end and piece.src == start):
            break
        if not piece.exact or (not piece.verbatim and piece.length and piece.src == piece.src_end):
            return False  # inexact (an encoded part), or text that is not in the source (a joining space)
        if start == end:
            return piece.verbatim
        if not piece.verbatim and (piece.src < start or piece.src_end > end):
            return False  # the fix would cut through an entity or a placeholder's stand-in
        if piece.src > pos:
            return False  # source characters no segment text stands for: markup taken out
        pos = max(pos, piece.src_end)
        if pos >= end:
            return True
    return False


def document_fixes(document: Document, findings: Iterable[Finding], unsafe: bool = False) -> list[Fix]:
    """The fixes applied to ``document``: chosen, protected spans kept, prose only."""
    protected = protected_spans(document)
    return choose([f for f in wanted_fixes(findings, unsafe) if in_prose(document, f)], protected)


#: how many lint-and-fix passes before giving up on a text whose fixes keep changing it
MAX_PASSES = 10


@dataclasses.dataclass(frozen=True)
class Change:
    """One fix applied to a text: what it replaced, with what, and the finding behind it."""

    rule_id: str | None
    rule_name: str | None
    before: str
    after: str
    applicability: Applicability


def fix_until_stable(
    text: str, check: Callable[[str], tuple[Document, Sequence[Finding]]], unsafe: bool = False,
) -> tuple[str, list[Change]]:
    """``text`` with its fixes applied, linted again (``check``: its document and findings)
    and fixed again until nothing changes (at most ``MAX_PASSES`` times), and every change
    made, in order: what ``--fix`` does to a plain-text file."""
    changes: list[Change] = []
    for _ in range(MAX_PASSES):
        document, findings = check(text)
        fixes = document_fixes(document, findings, unsafe)
        if not fixes:
            break
        by_fix = {f.fix: f for f in findings if f.fix is not None}
        for fix in fixes:
            finding = by_fix.get(fix)
            changes.append(Change(finding.rule_id if finding else None, finding.rule_name if finding else None,
                                  text[fix.start:fix.end], fix.replacement, fix.applicability))
        fixed = apply(text, fixes)
        if fixed == text:
            break
        text = fixed
    return text, changes
