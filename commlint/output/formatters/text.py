"""``text``: ``path:line:col: severity [rule] message`` and the suggestions under it, a
score line per message, and the run's one-line summary (``summary_line``)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import click

from commlint.document.lines import LineIndex
from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult
from commlint.findings.score import MessageScore

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


def format_score(label: str, score: MessageScore) -> str:
    """``path: score 62/100 (clarity -12, tone -26)``: only the areas that lost points."""
    budgets = dict(score.budgets)
    lost = [(area, round(budgets.get(area, left) - left, 1)) for area, left in score.areas]
    detail = ", ".join(f"{area} -{points:g}" for area, points in lost if points > 0)
    return f"{click.style(label, bold=True)}: score {score.score}/100{f' ({detail})' if detail else ''}"


def format_text(results: Sequence[FileResult], options: "OutputOptions") -> str:
    """All findings, file by file, each file's score under its findings (when it lost
    points); with ``quiet``, the findings only. The summary is ``summary_line``."""
    quiet = options.quiet
    out: list[str] = []
    for result in results:
        if options.show_skipped:
            out.extend(_skipped(result))
        if not quiet:
            out.extend(f"{click.style(result.label, bold=True)}: {click.style('note', fg='cyan')}: {n}" for n in result.notices)
        out.extend(format_finding(result.label, finding) for finding in result.findings)
        if options.show_suppressed:
            out.extend(format_finding(result.label, f, click.style("suppressed", dim=True)) for f in result.suppressed)
        if result.score is not None and not quiet and (result.findings or result.score.score < 100):
            out.append(format_score(result.label, result.score))
    return "\n".join(out)


def duration(seconds: float) -> str:
    """``0.84 s``, ``12.3 s``, ``2 min 5 s``."""
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def summary_line(results: Sequence[FileResult], seconds: float | None = None) -> str | None:
    """``11 findings (9 warning, 2 info) in 3 files in 0.84 s, mean score 81.`` (or ``No
    findings in 3 files ...``); None when no file was linted (every input failed)."""
    files = len({r.path for r in results if r.error is None})
    if not files:
        return None
    counts = {severity: 0 for severity in Severity}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
    total = sum(counts.values())
    suppressed = sum(len(r.suppressed) for r in results)
    tail = f", {suppressed} suppressed" if suppressed else ""
    where = f"in {files} file{'s' if files != 1 else ''}"
    if total:
        detail = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
        line = f"{total} finding{'s' if total != 1 else ''} ({detail}{tail}) {where}"
    else:
        line = f"No findings {where}{tail and ' (' + tail[2:] + ')'}"
    if seconds is not None:
        line += f" in {duration(seconds)}"
    scores = [r.score.score for r in results if r.score is not None]
    if scores:
        line += f", mean score {round(sum(scores) / len(scores))}"
    return line + "."
