"""Lint many inputs: read each one, reuse cached results, lint the rest (in one process or
several), report per-file problems and keep going."""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable

from commlint.lint.cache import ResultCache
from commlint.config import Config
from commlint.lint.engine import Linter
from commlint.errors import InputError
from commlint.lint.files import Input
from commlint.findings import Finding
from commlint.findings.results import FileResult
from commlint.sources import decode_text

_CHUNK = 16


def read_input(item: Input) -> str:
    """The text of ``item``, or an ``InputError`` explaining why it cannot be read."""
    try:
        data = sys.stdin.buffer.read() if item.path is None else item.path.read_bytes()
    except OSError as exc:
        raise InputError(item.display, f"cannot read: {exc.strerror or exc}") from None
    return decode_text(data, item.display)


def lint_inputs(
    config: Config,
    inputs: Iterable[Input],
    *,
    linter: Linter | None = None,
    cache: ResultCache | None = None,
    jobs: int = 1,
) -> list[FileResult]:
    """Results for ``inputs``, in order. The Linter (and so the model) is only built when
    some text is not in ``cache``; with ``jobs`` > 1 the texts are linted by that many
    worker processes, each loading the model once."""
    results: list[FileResult | None] = []
    todo: list[tuple[int, str, str]] = []  # result index, display name, text
    for item in inputs:
        try:
            text = read_input(item)
        except InputError as exc:
            results.append(FileResult(item.display, error=exc))
            continue
        if not text.strip():
            results.append(FileResult(item.display, text, notice="empty file, nothing to lint"))
            continue
        cached = cache.get(text) if cache is not None else None
        if cached is not None:
            results.append(FileResult(item.display, text, tuple(cached)))
            continue
        results.append(None)
        todo.append((len(results) - 1, item.display, text))
    texts = [text for _, _, text in todo]
    if jobs > 1 and len(texts) > _CHUNK:
        found = _lint_parallel(config, texts, jobs)
    else:
        found = list((linter or Linter(config)).lint_texts(texts)) if texts else []
    for (index, display, text), findings in zip(todo, found):
        if cache is not None:
            cache.put(text, findings)
        results[index] = FileResult(display, text, tuple(findings))
    return [r for r in results if r is not None]


def _lint_parallel(config: Config, texts: list[str], jobs: int) -> list[list[Finding]]:
    chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [findings for chunk in pool.map(_lint_chunk, [config] * len(chunks), chunks) for findings in chunk]


_worker_linter: dict[Config, Linter] = {}


def _lint_chunk(config: Config, texts: list[str]) -> list[list[Finding]]:
    """In a worker process: lint ``texts`` with a Linter built on first use."""
    linter = _worker_linter.get(config)
    if linter is None:
        linter = _worker_linter[config] = Linter(config)
    return list(linter.lint_texts(texts))

