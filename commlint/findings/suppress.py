"""Inline suppression: ``commlint: disable`` / ``enable`` blocks, ``disable=RULE,...``,
``ignore-next-line`` and ``allow "term"`` directives applied to a document's findings."""
from __future__ import annotations

from commlint.document.lines import LineIndex
from commlint.document.model import Document
from commlint.findings.model import Finding


def apply_suppressions(document: Document, findings: list[Finding], lines: LineIndex) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed). Placeholder until directives are implemented: nothing is suppressed."""
    return findings, []
