"""What the audit report shows, as plain JSON-ready data: the run's summary, each message
with its score and findings in context, and the trend against an earlier run."""
from __future__ import annotations

import statistics
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

from commlint.document.model import Origin
from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult
from commlint.findings.score import DEFAULT_BUDGETS

REPORT_SCHEMA = "commlint-audit"
REPORT_VERSION = 1
#: characters of context shown on each side of a finding's words
CONTEXT = 70


def finding_context(text: str, finding: Finding) -> tuple[str, str, str]:
    """The words before, the finding's own words and the words after, within its line
    neighbourhood (whitespace flattened)."""
    start, end = max(0, min(finding.start, len(text))), max(0, min(finding.end, len(text)))
    if not finding.exact or end <= start:
        return "", finding.match, ""
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    cut_before = start - CONTEXT > 0
    cut_after = end + CONTEXT < len(text)
    flat = lambda s: " ".join(s.split())  # noqa: E731
    head = flat(before)
    tail = flat(after)
    if cut_before and " " in head:
        head = "…" + head[head.index(" "):]
    if cut_after and " " in tail:
        tail = tail[:tail.rindex(" ")] + "…"
    return (head + " " if before[-1:].isspace() and head else head), flat(text[start:end]), (
        " " + tail if after[:1].isspace() and tail else tail)


def _finding(result: FileResult, finding: Finding) -> dict[str, Any]:
    before, words, after = finding_context(result.text, finding)
    return {
        "rule_id": finding.rule_id, "rule_name": finding.rule_name, "category": finding.category,
        "severity": finding.severity.label, "message": finding.message, "line": finding.line,
        "column": finding.column, "before": before, "match": words, "after": after,
        "suggestions": list(finding.suggestions),
    }


def _message(result: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = {"label": result.label, "path": result.path}
    if result.error is not None:
        out.update(status="error", problem=result.error.problem)
        return out
    if result.notice is not None:
        out.update(status="skipped", problem=result.notice)
        return out
    score = result.score.to_dict() if result.score is not None else None
    out.update(
        status="linted", score=None if score is None else score["score"],
        areas=None if score is None else score["areas"],
        findings=[_finding(result, f) for f in result.findings],
    )
    return out


def report_data(results: Sequence[FileResult], *, title: str = "commlint audit", generated: str = "",
                previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The report of a run: ``summary`` (files, messages, findings by severity and by
    category, mean and lowest score), ``messages`` worst first, and ``trend`` against
    ``previous`` (an earlier report's data or ``--format json`` report), if given."""
    messages = [_message(r) for r in results]
    linted = [m for m in messages if m["status"] == "linted"]
    scores = [m["score"] for m in linted if m["score"] is not None]
    findings = [f for m in linted for f in m["findings"]]
    severities = Counter(f["severity"] for f in findings)
    categories = Counter(f["category"] for f in findings)
    messages.sort(key=lambda m: (m["status"] != "error", m.get("score") if m.get("score") is not None else 101,
                                 -len(m.get("findings", ())), m["label"]))
    summary = {
        "files": len({r.path for r in results}), "messages": len(linted),
        "errors": sum(m["status"] == "error" for m in messages),
        "skipped": sum(m["status"] == "skipped" for m in messages),
        "findings": len(findings),
        "by_severity": {s.label: severities.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        "by_category": dict(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
        "mean_score": round(statistics.fmean(scores), 1) if scores else None,
        "lowest_score": min(scores) if scores else None,
        "areas": _mean_areas(linted),
    }
    data = {
        "schema": REPORT_SCHEMA, "version": REPORT_VERSION, "title": title, "generated": generated,
        "summary": summary, "budgets": _budgets(linted), "messages": messages,
    }
    data["trend"] = trend_of(data, previous) if previous is not None else None
    return data


def _mean_areas(linted: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Each area's mean points left, over the scored messages."""
    areas: dict[str, list[float]] = {}
    for message in linted:
        for area, value in (message.get("areas") or {}).items():
            areas.setdefault(area, []).append(value["score"])
    return {area: round(statistics.fmean(values), 1) for area, values in areas.items()}


def _budgets(linted: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Each area's share of the 100 points (the first scored message's; the defaults when none)."""
    for message in linted:
        if message.get("areas"):
            return {area: value["of"] for area, value in message["areas"].items()}
    return dict(DEFAULT_BUDGETS)


def _scores_of(report: Mapping[str, Any]) -> dict[str, int]:
    """Per message label, its score, from report data or a ``--format json`` report."""
    if report.get("schema") == REPORT_SCHEMA:
        return {m["label"]: m["score"] for m in report.get("messages", []) if m.get("score") is not None}
    out = {}
    for entry in report.get("files", []):
        score = (entry.get("score") or {}).get("score")
        if score is not None:
            item = entry.get("item")
            origin = item and Origin(item["id"], item.get("title") or "", item.get("field") or "")
            label = entry["path"] if not origin else f"{entry['path']}[{origin.label()}]"
            out[label] = score
    return out


def _findings_of(report: Mapping[str, Any]) -> int:
    if report.get("schema") == REPORT_SCHEMA:
        return int(report.get("summary", {}).get("findings", 0))
    return len(report.get("findings", []))


def trend_of(current: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """How the run moved since ``previous``: mean score and findings then and now, and the
    messages whose score changed most (new and gone ones counted)."""
    now, then = _scores_of(current), _scores_of(previous)
    common = sorted(set(now) & set(then))
    moved = sorted(((label, then[label], now[label]) for label in common if now[label] != then[label]),
                   key=lambda t: (-(abs(t[2] - t[1])), t[0]))
    mean = lambda values: round(statistics.fmean(values), 1) if values else None  # noqa: E731
    return {
        "generated": previous.get("generated", ""),
        "mean_score": {"then": mean(list(then.values())), "now": mean(list(now.values()))},
        "findings": {"then": _findings_of(previous), "now": _findings_of(current)},
        "messages": {"then": len(then), "now": len(now), "new": len(set(now) - set(then)), "gone": len(set(then) - set(now))},
        "moved": [{"label": label, "then": a, "now": b} for label, a, b in moved[:20]],
    }
