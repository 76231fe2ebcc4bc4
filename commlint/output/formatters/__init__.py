"""Output formats: pure functions from results (and display options) to text."""
from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

from commlint.findings.results import FileResult


@dataclasses.dataclass(frozen=True)
class OutputOptions:
    """What a report shows besides the findings."""

    show_skipped: bool = False  #: list each region that was not linted, and why
    show_suppressed: bool = False  #: list the findings inline directives suppressed


Formatter = Callable[[Sequence[FileResult], OutputOptions], str]


def _text(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.text import format_text

    return format_text(results, options)


def _json(results: Sequence[FileResult], options: OutputOptions) -> str:
    from commlint.output.formatters.json import format_json

    return format_json(results)


FORMATTERS: dict[str, Formatter] = {"text": _text, "json": _json}
