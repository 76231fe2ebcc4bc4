"""``json``: the versioned machine-readable report (schema: docs/json-format.md)."""
from __future__ import annotations

import json
from typing import Any, Sequence

from commlint.document.lines import LineIndex
from commlint.findings import Finding
from commlint.findings.results import FileResult

SCHEMA_VERSION = 1


def _item(result: FileResult) -> dict[str, str] | None:
    o = result.origin
    return None if o is None else {"id": o.id, "title": o.title, "field": o.field}


def finding_to_dict(result: FileResult, finding: Finding) -> dict[str, Any]:
    out = {"path": result.path, **finding.to_dict()}
    if result.origin is not None:
        out["item"] = _item(result)
    return out


def skipped_to_dicts(result: FileResult) -> list[dict[str, Any]]:
    """The regions of ``result`` that were not linted, with line and column."""
    if not result.skipped:
        return []
    lines = LineIndex(result.text)
    out = []
    for region in result.skipped:
        line, column = lines.line_col(region.start)
        end_line, end_column = lines.line_col(region.end)
        out.append({
            "start": region.start, "end": region.end, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "reason": region.reason,
        })
    return out


def _file(result: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": result.path,
        "status": "error" if result.error else "skipped" if result.notice else "linted",
        "message": result.error.problem if result.error else result.notice,
    }
    if result.origin is not None:
        out["item"] = _item(result)
    if result.error is None and result.notice is None:
        out["skipped"] = skipped_to_dicts(result)
        out["notices"] = list(result.notices)
        out["scores"] = dict(result.scores)
        if result.score is not None:
            out["score"] = result.score.to_dict()
    return out


def format_json(results: Sequence[FileResult]) -> str:
    from commlint.version import __version__

    report = {
        "schema": "commlint-report",
        "version": SCHEMA_VERSION,
        "commlint_version": __version__,
        "files": [_file(r) for r in results],
        "findings": [finding_to_dict(r, f) for r in results for f in r.findings],
        "suppressed": [finding_to_dict(r, f) for r in results for f in r.suppressed],
    }
    return json.dumps(report, indent=2, ensure_ascii=False)
