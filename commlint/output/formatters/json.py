"""``json``: the versioned machine-readable report (schema: docs/json-format.md)."""
from __future__ import annotations

import json
from typing import Any, Sequence

from commlint.findings import Finding
from commlint.findings.results import FileResult

SCHEMA_VERSION = 1


def finding_to_dict(result: FileResult, finding: Finding) -> dict[str, Any]:
    item = {"path": result.path, **finding.to_dict()}
    if result.origin is not None:
        item["item"] = {"id": result.origin.id, "title": result.origin.title, "field": result.origin.field}
    return item


def format_json(results: Sequence[FileResult]) -> str:
    from commlint.version import __version__

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
        "findings": [finding_to_dict(r, f) for r in results for f in r.findings],
    }
    return json.dumps(report, indent=2, ensure_ascii=False)
