"""What a run produced for each input: findings, or an error, or a notice."""
from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from commlint.document.model import Origin, Region
from commlint.errors import CommlintError
from commlint.findings.model import Finding
from commlint.findings.score import MessageScore


@dataclasses.dataclass(frozen=True)
class FileResult:
    """What one input (or one item of an export) produced: findings, or an error, or a
    notice (for example: empty). ``text`` is the text the offsets point into; ``origin``
    names the item of a file that holds many."""

    path: str
    text: str = ""
    findings: tuple[Finding, ...] = ()
    error: CommlintError | None = None
    notice: str | None = None
    origin: Origin | None = None
    suppressed: tuple[Finding, ...] = ()
    skipped: tuple[Region, ...] = ()
    notices: tuple[str, ...] = ()  #: reader remarks on a linted document (approximate offsets)
    scores: Mapping[str, Any] = dataclasses.field(default_factory=dict)  #: message-level scores (tone model)
    #: engines that could not run on it, one line each saying why (grammar without Java)
    unavailable: tuple[str, ...] = ()
    score: MessageScore | None = None  #: the message's 0-100 score (docs/score.md); None for errors and notices

    @property
    def label(self) -> str:
        """How reports name it: the path, and the item inside it when there is one."""
        return self.path if self.origin is None else f"{self.path}[{self.origin.label()}]"


@dataclasses.dataclass(frozen=True)
class DocumentFindings:
    """What linting one document gave: the findings reported, and those an inline
    ``commlint:`` directive suppressed (shown with ``--show-suppressed``)."""

    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...] = ()
    notices: tuple[str, ...] = ()  #: what the user should know about this run of the rules (a rule stopped)
    #: message-level scores by name ("tone": the tone model's score and the words behind it)
    scores: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    #: engines that could not run, one line each saying why (the other rules did run)
    unavailable: tuple[str, ...] = ()
