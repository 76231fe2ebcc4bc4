"""Findings -> LSP diagnostics, with what a code action needs in ``data``."""
from __future__ import annotations

from typing import Any

from lsprotocol import types

from commlint.findings import Severity
from commlint.lsp.analysis import Analysis, Located
from commlint.lsp.positions import PositionMap

SOURCE = "commlint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def diagnostics(analysis: Analysis, positions: PositionMap) -> list[types.Diagnostic]:
    """The diagnostics of one analysed buffer version."""
    if analysis.problem is not None:
        first_line_end = positions.offset(types.Position(line=0, character=1 << 30))
        return [types.Diagnostic(
            range=positions.range(0, first_line_end), message=analysis.problem.one_line(),
            severity=types.DiagnosticSeverity.Error, code=analysis.problem.code, source=SOURCE,
        )]
    return [diagnostic(x, positions, analysis.buffer.version) for x in analysis.located]


def diagnostic(located: Located, positions: PositionMap, version: int | None) -> types.Diagnostic:
    """The diagnostic of one finding. ``data`` holds the rule, the buffer version the
    ranges belong to and the fix as an edit (range and new text) when there is one."""
    f = located.finding
    data: dict[str, Any] = {"rule": f.rule_id, "name": f.rule_name, "category": f.category, "version": version}
    span = located.fix_span
    if span is not None and f.fix is not None:
        data["fix"] = {
            "range": range_to_json(positions.range(*span)), "newText": f.fix.replacement,
            "applicability": f.fix.applicability.value,
        }
    message = f.message if not located.item else f"[{located.item}] {f.message}"
    return types.Diagnostic(
        range=positions.range(located.start, located.end), message=message, severity=_SEVERITY[f.severity],
        code=f.rule_id, source=SOURCE, data=data,
    )


def range_to_json(r: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def range_from_json(data: Any) -> types.Range | None:
    """The range in a diagnostic's ``data`` as the client sent it back; None if malformed."""
    try:
        return types.Range(
            start=types.Position(line=int(data["start"]["line"]), character=int(data["start"]["character"])),
            end=types.Position(line=int(data["end"]["line"]), character=int(data["end"]["character"])),
        )
    except (KeyError, TypeError, ValueError):
        return None
