"""Start a worker in the background: detached (double fork, new session), standard input
from /dev/null, output to its log file (mode 0600), working folder ``/``.

The worker runs ``python -m commlint worker run`` with this process's interpreter and
environment, and with this process's commlint first on its path, so it is the same install.
"""
from __future__ import annotations

import sys

from commlint.background import child_environment, start_detached
from commlint.worker.place import Place


def command(idle: float | None = None) -> list[str]:
    """The worker's command line."""
    args = [sys.executable, "-m", "commlint", "worker", "run"]
    return args + (["--idle", f"{idle:g}"] if idle is not None else [])


def spawn(place: Place, idle: float | None = None) -> None:
    """Start a worker for ``place`` and return at once (the worker gives up by itself
    when another one holds the lock)."""
    args, env = command(idle), child_environment()
    env["COMMLINT_RUNTIME_DIR"] = str(place.folder)  # absolute: the worker runs in /
    start_detached(args, env, place.log)
