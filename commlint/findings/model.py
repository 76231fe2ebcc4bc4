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


def picks(selector: str, rule_id: str, name: str, category: str, aliases: tuple[str, ...] = ()) -> bool:
    """Does ``selector`` pick a rule? By id or id prefix (T1, T101), category (tone), dotted
    name, whole leading segments of it (tone), or a prefix of it once it has a dot
    (tone.obv picks tone.obviously), or alias: the one selection rule of commlint, for
    --select, configuration and inline directives alike. An empty selector picks nothing."""
    if not selector:
        return False
    return (
        rule_id.startswith(selector)
        or selector == category
        or name == selector
        or name.startswith(selector if "." in selector else selector + ".")
        or selector in aliases
    )


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
    ``line`` and ``column`` are 1-based and point at ``start``; ``end_line`` and
    ``end_column`` point at ``end`` (the position just after the last character).
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
    end_line: int = 0
    end_column: int = 0
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    exact: bool = True  #: False: the offsets point at the start of an encoded part, ``match`` is the decoded words

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule_id)

    def to_dict(self) -> dict:
        """The JSON form of the report schema (without ``path``)."""
        fix = self.fix
        return {
            "rule_id": self.rule_id, "rule_name": self.rule_name, "category": self.category,
            "severity": self.severity.label, "message": self.message, "rationale": self.rationale,
            "match": self.match, "start": self.start, "end": self.end, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column, "exact": self.exact,
            "suggestions": list(self.suggestions),
            "fix": None if fix is None else {
                "start": fix.start, "end": fix.end, "replacement": fix.replacement, "applicability": fix.applicability.value,
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        """Inverse of ``to_dict``."""
        fix = data.get("fix")
        return cls(
            rule_id=data["rule_id"], rule_name=data["rule_name"], category=data["category"],
            severity=Severity.parse(data["severity"]), message=data["message"], rationale=data["rationale"],
            match=data["match"], start=data["start"], end=data["end"], line=data["line"], column=data["column"],
            end_line=data.get("end_line", 0), end_column=data.get("end_column", 0), exact=data.get("exact", True),
            suggestions=tuple(data["suggestions"]),
            fix=None if fix is None else Fix(fix["start"], fix["end"], fix["replacement"], Applicability(fix["applicability"])),
        )
