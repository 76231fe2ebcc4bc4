"""``github``: GitHub Actions workflow commands, one per finding, which the runner turns
into annotations on the pull request:
``::warning file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=ID name::message``.
Unreadable inputs are ``::error`` lines; skipped ones (an empty file) are left to stderr."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult
from commlint.output.formatters.ci import located_message, report_path

if TYPE_CHECKING:
    from commlint.output.formatters import OutputOptions

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """A command's message, escaped as the runner reads it (``%``, CR and LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value: also ``:`` and ``,``, which end a value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """``::name key=value,...::message``, with every part escaped; None values left out."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _finding(result: FileResult, finding: Finding) -> str:
    message = located_message(result, finding)
    if finding.suggestions:
        message += "\n" + "\n".join(f"suggestion: {s}" for s in finding.suggestions)
    in_file = result.origin is None  # an item's lines are inside the item: annotate the file
    return command(
        COMMANDS[finding.severity], message, file=report_path(result.path),
        line=finding.line if in_file else None, col=finding.column if in_file else None,
        endLine=(finding.end_line or finding.line) if in_file else None,
        endColumn=(finding.end_column or finding.column) if in_file else None,
        title=f"{finding.rule_id} {finding.rule_name}",
    )


def format_github(results: Sequence[FileResult], options: "OutputOptions") -> str:
    """A workflow command per finding and per unreadable input, in the order of the run."""
    out: list[str] = []
    for result in results:
        if result.error is not None:
            out.append(command("error", result.error.one_line(), file=report_path(result.path), title="commlint"))
        else:
            out.extend(_finding(result, f) for f in result.findings)
    for line in dict.fromkeys(u for r in results for u in r.unavailable):
        out.append(command("warning", f"{line}; the other rules ran", title="commlint"))
    return "\n".join(out)
