"""Output formats: pure functions from results to text."""
from __future__ import annotations

from typing import Callable, Sequence

from commlint.output.formatters.json import format_json
from commlint.output.formatters.text import format_text
from commlint.findings.results import FileResult

FORMATTERS: dict[str, Callable[[Sequence[FileResult]], str]] = {
    "text": format_text,
    "json": format_json,
}
