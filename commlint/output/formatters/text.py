"""``text``: ``path:line:col: severity [rule] message`` and the suggestions under it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import click

from commlint.document.lines import LineIndex
from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult

if TYPE_CHECKING:
    from commlint.output.formatters import OutputOptions

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def format_finding(path: str, finding: Finding, label: str | None = None) -> str:
    """One finding: a location line, then one line per suggestion."""
    severity = label or click.style(finding.severity.label, fg=_COLOURS[finding.severity])
    head = (
        f"{click.style(f'{path}:{finding.line}:{finding.column}', bold=True)}: "
        f"{severity} [{finding.rule_id} {finding.rule_name}] {finding.message}"
    )
    lines = [head]
    if label is None:
        lines += [f"    {click.style('suggestion', fg='green')}: {s}" for s in finding.suggestions]
    return "\n".join(lines)


def _skipped(result: FileResult) -> list[str]:
    lines = LineIndex(result.text)
    out = []
    for region in result.skipped:
        line, column = lines.line_col(region.start)
        end_line, end_column = lines.line_col(region.end)
        where = f"{result.label}:{line}:{column}-{end_line}:{end_column}"
        out.append(f"{click.style(where, bold=True)}: {click.style('skipped', dim=True)} {region.reason}")
    return out


def format_text(results: Sequence[FileResult], options: "OutputOptions") -> str:
    """All findings, file by file, then a one-line summary."""
    out: list[str] = []
    counts = {severity: 0 for severity in Severity}
    for result in results:
        if options.show_skipped:
            out.extend(_skipped(result))
        for notice in result.notices:
            out.append(f"{click.style(result.label, bold=True)}: {click.style('note', fg='cyan')}: {notice}")
        for finding in result.findings:
            out.append(format_finding(result.label, finding))
            counts[finding.severity] += 1
        if options.show_suppressed:
            out.extend(format_finding(result.label, f, click.style("suppressed", dim=True)) for f in result.suppressed)
    total = sum(counts.values())
    files = len({r.path for r in results if r.error is None})
    suppressed = sum(len(r.suppressed) for r in results)
    tail = f", {suppressed} suppressed" if suppressed else ""
    if total:
        detail = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
        out.append(f"{total} finding{'s' if total != 1 else ''} ({detail}{tail}) in {files} file{'s' if files != 1 else ''}.")
    elif files:
        out.append(f"No findings in {files} file{'s' if files != 1 else ''}{tail and ' (' + tail[2:] + ')'}.")
    return "\n".join(out)
