"""What a run produced for each input: findings, or an error, or a notice."""
from __future__ import annotations

import dataclasses

from commlint.errors import CommlintError
from commlint.findings.model import Finding


@dataclasses.dataclass(frozen=True)
class FileResult:
    """What one input produced: findings, or an error, or a notice (for example: empty)."""

    path: str
    text: str = ""
    findings: tuple[Finding, ...] = ()
    error: CommlintError | None = None
    notice: str | None = None


@dataclasses.dataclass(frozen=True)
class DocumentFindings:
    """What linting one document gave: the findings reported, and those an inline
    ``commlint:`` directive suppressed (shown with ``--show-suppressed``)."""

    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...] = ()
