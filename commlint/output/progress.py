"""The progress bar of a check run: on standard error, only for a person at a terminal.

Off in CI logs, with machine formats (their readers want only the report) and with
``--quiet``. Through the warm worker, the worker sends each tick to its client, which
draws the bar on its own terminal (the run's output is written only once it has ended).
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import IO

#: called with (documents linted, documents to lint) as the run goes
Tick = Callable[[int, int], None]

_FALSE = frozenset({"", "0", "false", "no", "off"})


def wanted(stream: IO[str], environ: Mapping[str, str], *, text_format: bool, quiet: bool) -> bool:
    """Whether a run writing to ``stream`` (standard error) shows a progress bar."""
    if quiet or not text_format:
        return False
    if environ.get("CI", "").strip().lower() not in _FALSE:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


@contextlib.contextmanager
def progress_bar(stream: IO[str], enabled: bool = True) -> Iterator[Tick | None]:
    """A ``Tick`` that draws a bar on ``stream`` from its first call (a run with nothing to
    lint draws nothing) until the body ends, when the bar is erased; None when not
    ``enabled`` (nothing is drawn, rich is not imported)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("Linting"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"), TimeElapsedColumn(),
        console=Console(file=stream), transient=True,
    )
    task = bar.add_task("lint", total=None)
    started = False

    def tick(done: int, total: int) -> None:
        nonlocal started
        bar.update(task, completed=done, total=total)
        if not started:
            bar.start()
            started = True

    try:
        yield tick
    finally:
        if started:
            bar.stop()
