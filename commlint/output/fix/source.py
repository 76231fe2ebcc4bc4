"""Fix one source: read it, lint it, apply the fixes, and again until nothing changes
(a fix may uncover another, or a rewrite may need its neighbour fixed)."""
from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

from commlint.document.model import Document
from commlint.findings.fixes import MAX_PASSES
from commlint.findings.results import DocumentFindings
from commlint.output.fix.codec import Codec, codec_of
from commlint.output.fix.formats import edited, plan_fixes
from commlint.sources import reader_for

Lint = Callable[[list[Document]], Sequence[DocumentFindings]]


@dataclasses.dataclass
class FixedSource:
    """The outcome of fixing one source: its bytes before and after, how many fixes were
    applied, and the documents of the fixed bytes with their (remaining) findings."""

    name: str
    original: bytes
    fixed: bytes
    applied: int
    documents: list[Document]
    found: list[DocumentFindings]
    notices: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_source(data: bytes, name: str, lint: Lint, *, unsafe: bool = False, input_format: str | None = None,
               max_passes: int = MAX_PASSES) -> FixedSource:
    """Fix ``data`` (the bytes of the input called ``name``), linting with ``lint``; raises
    the reader's ``InputError`` when the input cannot be read."""
    reader = reader_for(name, input_format)
    codec: Codec = codec_of(data, reader.name)
    current, applied, notices = data, 0, []
    documents = reader.read(current, name)
    found = list(lint(documents))
    for _ in range(max_passes):
        text = codec.decode(current)
        plan = plan_fixes(reader.name, text, documents, [r.findings for r in found], unsafe)
        notices.extend(n for n in plan.notices if n not in notices)
        new = codec.encode(edited(text, plan.edits)) if plan.edits else current
        if new == current:
            break
        current, applied = new, applied + plan.applied
        documents = reader.read(current, name)
        found = list(lint(documents))
    else:
        notices.append(f"fixes did not settle after {max_passes} passes; the last pass is kept")
    return FixedSource(name, data, current, applied, documents, found, notices)
