"""``json``: the versioned machine-readable report (schema: docs/json-format.md)."""
from __future__ import annotations

import json
from typing import Any, Sequence

from commlint.findings import Finding
from commlint.runner import FileResult

SCHEMA_VERSION = 1


def finding_to_dict(path: str, finding: Finding) -> dict[str, Any]:
    fix = finding.fix
    return {
        "path": path,
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "rationale": finding.rationale,
        "match": finding.match,
        "start": finding.start,
        "end": finding.end,
        "line": finding.line,
        "column": finding.column,
        "suggestions": list(finding.suggestions),
        "fix": None if fix is None else {
            "start": fix.start, "end": fix.end, "replacement": fix.replacement, "applicability": fix.applicability.value,
        },
    }


def format_json(results: Sequence[FileResult]) -> str:
    from commlint import __version__

    report = {
        "schema": "commlint-report",
        "version": SCHEMA_VERSION,
        "commlint_version": __version__,
        "files": [
            {
                "path": r.path,
                "status": "error" if r.error else "skipped" if r.notice else "linted",
                "message": r.error.problem if r.error else r.notice,
            }
            for r in results
        ],
        "findings": [finding_to_dict(r.path, f) for r in results for f in r.findings],
    }
    return json.dumps(report, indent=2, ensure_ascii=False)
