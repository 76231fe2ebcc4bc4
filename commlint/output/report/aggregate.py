"""Report data from aggregates rather than from FileResults: a batch audit of a million
messages (``commlint audit``) counts everything in its summary but shows only the worst
messages, whose findings it reads back from its Parquet tables."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from commlint.output.report.data import REPORT_SCHEMA, REPORT_VERSION

#: the summary keys the page shows (``report_data``'s summary has the same)
SUMMARY_KEYS = ("files", "messages", "errors", "skipped", "findings", "by_severity", "by_category", "mean_score",
                "lowest_score", "areas")


def finding_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    """A report finding from a row of the audit's findings table."""
    match = row["match"] or ""
    return {
        "rule_id": row["rule_id"], "rule_name": row["rule_name"], "category": row["category"],
        "severity": row["severity"], "message": row["message"], "line": row["line"], "column": row["column"],
        "before": row["before"] or "", "match": " ".join(match.split()) if row["exact"] else match,
        "after": row["after"] or "", "suggestions": list(row["suggestions"] or ()),
    }


def aggregate_report_data(
    summary: Mapping[str, Any], messages: Sequence[Mapping[str, Any]], *, budgets: Mapping[str, float],
    title: str = "commlint audit", generated: str = "", note: str = "",
) -> dict[str, Any]:
    """Data for ``render_report``: ``summary`` counted over every message (it holds at
    least ``SUMMARY_KEYS``), ``messages`` only those shown (``label``, ``path``,
    ``score``, ``areas``, ``findings`` as report entries), worst first; ``note`` says
    what is shown."""
    absent = [key for key in SUMMARY_KEYS if key not in summary]
    if absent:
        raise ValueError(f"aggregate_report_data: the summary lacks {', '.join(absent)}")
    shown = [{"status": "linted", **m} for m in messages]
    return {
        "schema": REPORT_SCHEMA, "version": REPORT_VERSION, "title": title, "generated": generated,
        "summary": {key: summary[key] for key in SUMMARY_KEYS}, "budgets": dict(budgets), "messages": shown,
        "trend": None, "note": note,
    }
