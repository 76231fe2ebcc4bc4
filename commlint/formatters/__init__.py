"""Output formats: pure functions from results to text."""
from __future__ import annotations

from typing import Callable, Sequence

from commlint.formatters.json import format_json
from commlint.formatters.text import format_text
from commlint.runner import FileResult

FORMATTERS: dict[str, Callable[[Sequence[FileResult]], str]] = {
    "text": format_text,
    "json": format_json,
}
