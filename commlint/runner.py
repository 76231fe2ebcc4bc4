"""Lint many inputs: read each one, report per-file problems, keep going."""
from __future__ import annotations

import dataclasses
import sys
from typing import Iterable, Iterator

from commlint.engine import Linter
from commlint.errors import CommlintError, InputError
from commlint.files import Input
from commlint.findings import Finding
from commlint.sources import decode_text


@dataclasses.dataclass(frozen=True)
class FileResult:
    """What one input produced: findings, or an error, or a notice (for example: empty)."""

    path: str
    text: str = ""
    findings: tuple[Finding, ...] = ()
    error: CommlintError | None = None
    notice: str | None = None


def read_input(item: Input) -> str:
    """The text of ``item``, or an ``InputError`` explaining why it cannot be read."""
    try:
        data = sys.stdin.buffer.read() if item.path is None else item.path.read_bytes()
    except OSError as exc:
        raise InputError(item.display, f"cannot read: {exc.strerror or exc}") from None
    return decode_text(data, item.display)


def lint_inputs(linter: Linter, inputs: Iterable[Input]) -> Iterator[FileResult]:
    """Lint ``inputs`` in order, sharing model batches across files."""
    pending: list[tuple[str, str]] = []
    for item in inputs:
        try:
            text = read_input(item)
        except InputError as exc:
            yield from _flush(linter, pending)
            pending = []
            yield FileResult(item.display, error=exc)
            continue
        if not text.strip():
            yield from _flush(linter, pending)
            pending = []
            yield FileResult(item.display, text, notice="empty file, nothing to lint")
            continue
        pending.append((item.display, text))
        if len(pending) >= 256:
            yield from _flush(linter, pending)
            pending = []
    yield from _flush(linter, pending)


def _flush(linter: Linter, pending: list[tuple[str, str]]) -> Iterator[FileResult]:
    texts = [text for _, text in pending]
    for (display, text), findings in zip(pending, linter.lint_texts(texts)):
        yield FileResult(display, text, tuple(findings))
