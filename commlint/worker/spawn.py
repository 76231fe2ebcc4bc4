"""Start a worker in the background: detached (double fork, new session), standard input
from /dev/null, output to its log file (mode 0600), working folder ``/``.

The worker runs ``python -m commlint worker run`` with this process's interpreter and
environment, and with this process's commlint first on its path, so it is the same install.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import commlint
from commlint.worker.place import Place


def command(idle: float | None = None) -> list[str]:
    """The worker's command line."""
    args = [sys.executable, "-m", "commlint", "worker", "run"]
    return args + (["--idle", f"{idle:g}"] if idle is not None else [])


def environment() -> dict[str, str]:
    """This process's environment, with commlint's own folder first on PYTHONPATH when it is
    a source tree (an installed package is found by the interpreter anyway)."""
    env = dict(os.environ)
    root = Path(commlint.__file__).resolve().parent.parent
    if root.name not in ("site-packages", "dist-packages"):
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    return env


def spawn(place: Place, idle: float | None = None) -> None:
    """Start a worker for ``place`` and return at once (the worker gives up by itself
    when another one holds the lock)."""
    args, env = command(idle), environment()
    env["COMMLINT_RUNTIME_DIR"] = str(place.folder)  # absolute: the worker runs in /
    log = os.open(place.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(log, 0o600)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            _detach(log, args, env)
        os.waitpid(pid, 0)
    finally:
        os.close(log)


def _detach(log: int, args: list[str], env: dict[str, str]) -> None:  # pragma: no cover - child only
    try:
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir("/")
        os.execve(args[0], args, env)
    finally:
        os._exit(127)
