"""The values the engine produces: findings, fixes and severities."""
from __future__ import annotations

import dataclasses
import enum


class Severity(enum.IntEnum):
    """How much a finding matters; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        """Parse ``error``, ``warning`` or ``info`` (case-insensitive)."""
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (expected error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    """Whether ``--fix`` may apply a fix without a person reading it."""

    SAFE = "safe"  #: meaning is kept; applied by ``--fix``
    UNSAFE = "unsafe"  #: may change meaning; applied only with ``--unsafe-fixes``
    DISPLAY = "display"  #: shown as a suggestion, never applied


@dataclasses.dataclass(frozen=True)
class Fix:
    """Replace ``source[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str
    applicability: Applicability


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem found in a text, pointing at the exact characters of the original input.

    ``start``/``end`` are character offsets into the original text (``end`` exclusive);
    ``line`` and ``column`` are 1-based and point at ``start``.
    """

    rule_id: str
    rule_name: str
    category: str
    severity: Severity
    message: str
    rationale: str
    match: str
    start: int
    end: int
    line: int
    column: int
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule_id)
