"""``text``: ``path:line:col: severity [rule] message`` and the suggestions under it."""
from __future__ import annotations

from typing import Sequence

import click

from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def format_finding(path: str, finding: Finding) -> str:
    """One finding: a location line, then one line per suggestion."""
    head = (
        f"{click.style(f'{path}:{finding.line}:{finding.column}', bold=True)}: "
        f"{click.style(finding.severity.label, fg=_COLOURS[finding.severity])} "
        f"[{finding.rule_id} {finding.rule_name}] {finding.message}"
    )
    lines = [head]
    lines += [f"    {click.style('suggestion', fg='green')}: {s}" for s in finding.suggestions]
    return "\n".join(lines)


def format_text(results: Sequence[FileResult]) -> str:
    """All findings, file by file, then a one-line summary."""
    out: list[str] = []
    counts = {severity: 0 for severity in Severity}
    for result in results:
        for finding in result.findings:
            out.append(format_finding(result.label, finding))
            counts[finding.severity] += 1
    total = sum(counts.values())
    files = sum(1 for r in results if r.error is None)
    if total:
        detail = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
        out.append(f"{total} finding{'s' if total != 1 else ''} ({detail}) in {files} file{'s' if files != 1 else ''}.")
    elif files:
        out.append(f"No findings in {files} file{'s' if files != 1 else ''}.")
    return "\n".join(out)
