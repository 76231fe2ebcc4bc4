"""The audit's summary and HTML report, built from its Parquet tables one partition file
at a time: every message and finding is counted, only the worst messages are shown."""
from __future__ import annotations

import heapq
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Sequence

import pyarrow.parquet as pq

from commlint.audit.store import Store
from commlint.findings import Severity
from commlint.output.report.aggregate import aggregate_report_data, finding_entry

SUMMARY_SCHEMA = "commlint-audit-summary"
#: score bands, as the report colours a score: good from 85, fair from 60, poor below
BANDS = (("good", 85), ("fair", 60), ("poor", 0))


def _label(message: Mapping[str, Any]) -> str:
    """How the report names a message: its id (or row), then author, channel and date."""
    name = message["id"] if message["id"] not in (None, "") else f"row {message['row']}"
    extra = [str(message[k]) for k in ("author", "channel", "date") if message.get(k)]
    return f"{name} ({', '.join(extra)})" if extra else str(name)


class _Tally:
    """Running totals over the messages table."""

    def __init__(self, areas: Sequence[str], shown: int) -> None:
        self.areas = list(areas)
        self.shown = shown
        self.messages = self.scored = 0
        self.score_sum = 0.0
        self.lowest: int | None = None
        self.area_sums = dict.fromkeys(self.areas, 0.0)
        self.bands = Counter({name: 0 for name, _ in BANDS})
        self.channels: dict[str, list[float]] = {}
        self.worst: list[tuple[tuple[float, int, int], dict[str, Any]]] = []  # a max-heap (negated keys) of the worst

    def add(self, m: dict[str, Any]) -> None:
        self.messages += 1
        score = m["score"]
        channel = self.channels.setdefault(m["channel"] or "", [0, 0.0, 0])
        channel[0] += 1
        if score is None:
            return
        self.scored += 1
        self.score_sum += score
        channel[1] += score
        channel[2] += 1
        self.lowest = score if self.lowest is None else min(self.lowest, score)
        for area in self.areas:
            self.area_sums[area] += m[f"score_{area}"] or 0.0
        self.bands[next(name for name, floor in BANDS if score >= floor)] += 1
        if self.shown:
            key = (-score, m["findings"], -m["row"])  # lower score, then more findings, then earlier row: worse
            if len(self.worst) < self.shown:
                heapq.heappush(self.worst, (key, m))
            elif key > self.worst[0][0]:
                heapq.heapreplace(self.worst, (key, m))

    def worst_first(self) -> list[dict[str, Any]]:
        return [m for _, m in sorted(self.worst, key=lambda e: e[0], reverse=True)]


def build_summary(store: Store, areas: Sequence[str], budgets: Mapping[str, float], shown: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The summary of everything ``store`` holds, and the ``shown`` worst messages (their
    table rows with a ``findings_rows`` list of their findings table rows)."""
    tally = _Tally(areas, shown)
    for path in store.files("messages"):
        for m in pq.read_table(path).to_pylist():
            tally.add(m)
    severities: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    rules: dict[str, dict[str, Any]] = {}
    wanted = {m["row"]: m for m in tally.worst_first()}
    for m in wanted.values():
        m["findings_rows"] = []
    columns = ["row", "rule_id", "rule_name", "category", "severity"]
    for path in store.files("findings"):
        table = pq.read_table(path, columns=columns).to_pydict()
        severities.update(table["severity"])
        categories.update(table["category"])
        seen: set[tuple[int, str]] = set()
        for row, rule_id, name, category in zip(table["row"], table["rule_id"], table["rule_name"], table["category"]):
            entry = rules.setdefault(rule_id, {"name": name, "category": category, "findings": 0, "messages": 0})
            entry["findings"] += 1
            if (row, rule_id) not in seen:
                seen.add((row, rule_id))
                entry["messages"] += 1
        if wanted and wanted.keys() & set(table["row"]):
            for f in pq.read_table(path).to_pylist():
                if f["row"] in wanted:
                    wanted[f["row"]]["findings_rows"].append(f)
    mean = (lambda total, n: round(total / n, 1) if n else None)  # noqa: E731
    summary = {
        "schema": SUMMARY_SCHEMA, "version": 1, "archive": store.job["archive"],
        "files": 1, "messages": tally.messages, "errors": 0, "skipped": 0,
        "findings": sum(severities.values()),
        "by_severity": {s.label: severities.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        "by_category": dict(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_rule": dict(sorted(rules.items(), key=lambda kv: (-kv[1]["findings"], kv[0]))),
        "mean_score": mean(tally.score_sum, tally.scored), "lowest_score": tally.lowest,
        "areas": {area: mean(tally.area_sums[area], tally.scored) for area in areas} if tally.scored else {},
        "budgets": dict(budgets),
        "score_bands": dict(tally.bands),
        "by_channel": {ch or "(none)": {"messages": v[0], "mean_score": mean(v[1], v[2])}
                       for ch, v in sorted(tally.channels.items(), key=lambda kv: (-kv[1][0], kv[0]))},
        "partitions": len(store.done), "partition_size": store.job["partition_size"],
    }
    return summary, list(wanted.values())


def report_page_data(summary: Mapping[str, Any], worst: Sequence[Mapping[str, Any]], *, archive: Path, title: str,
                     generated: str) -> dict[str, Any]:
    """The data of report.html: the summary counted over every message, the worst shown."""
    budgets = summary["budgets"]
    messages = [
        {
            "label": _label(m), "path": archive.name, "score": m["score"],
            "areas": {area: {"score": m[f"score_{area}"], "of": round(budgets[area], 2)} for area in budgets
                      if m.get(f"score_{area}") is not None},
            "findings": [finding_entry(f) for f in sorted(m["findings_rows"], key=lambda f: (f["start"], f["end"], f["rule_id"]))],
        }
        for m in worst
    ]
    total = summary["messages"]
    note = (f"The {len(messages):,} lowest-scoring of {total:,} messages are shown, worst first, with their findings; "
            "the counts above are over every message (summary.json, and findings/ and messages/ in Parquet, hold all)."
            if len(messages) < total else "")
    return aggregate_report_data(summary, messages, budgets=budgets, title=title, generated=generated, note=note)
