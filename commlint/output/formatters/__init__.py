"""Output formats: pure functions from results (and display options) to text."""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Callable, Sequence

from commlint.findings import Severity
from commlint.findings.results import FileResult

if TYPE_CHECKING:
    from commlint.ruletypes.base import RuleMeta


@dataclasses.dataclass(frozen=True)
class OutputOptions:
    """What a report shows besides the findings."""

    show_skipped: bool = False  #: list each region that was not linted, and why
    show_suppressed: bool = False  #: list the findings inline directives suppressed
    quiet: bool = False  #: text: the findings only (no notes, no score lines)
    #: the rules of the run (SARIF describes each one in ``tool.driver.rules``)
    rules: tuple[RuleMeta, ...] = ()
    #: the lowest severity that fails the run (``--fail-on``; None: never), for JUnit failures
    fail_on: Severity | None = Severity.WARNING
    #: where the rule reference (docs/rules/) is published, for SARIF help links (default: the project's)
    docs_url: str | None = None


Formatter = Callable[[Sequence[FileResult], OutputOptions], str]


def _text(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.text import format_text

    return format_text(results, options)


def _json(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.json import format_json

    return format_json(results)


def _sarif(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.sarif import format_sarif

    return format_sarif(results, options)


def _github(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.github import format_github

    return format_github(results, options)


def _junit(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.junit import format_junit

    return format_junit(results, options)


def _checkstyle(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.checkstyle import format_checkstyle

    return format_checkstyle(results, options)


FORMATTERS: dict[str, Formatter] = {
    "text": _text, "json": _json, "sarif": _sarif, "github": _github, "junit": _junit, "checkstyle": _checkstyle,
}
