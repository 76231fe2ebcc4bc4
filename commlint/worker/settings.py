"""When a command line goes to the worker, and the worker's timeouts (from the environment).

Decided before click or the engine is imported, so this reads ``argv`` by hand: anything
that is not plainly the ``check`` command runs in the calling process, which is always
correct, only slower.
"""
from __future__ import annotations

from collections.abc import Mapping

#: subcommands of ``commlint`` (never sent to the worker; the worker declines any other
#: subcommand it knows too, so a new one added to the CLI but not here is still safe)
SUBCOMMANDS = frozenset({"check", "config", "rules", "explain", "test-rules", "worker", "lsp", "grammar", "mcp", "report", "audit"})
_IN_PROCESS_FLAGS = frozenset({"--help", "-h", "--version", "--no-worker"})
_FALSE = frozenset({"", "0", "false", "no", "off"})

DEFAULT_IDLE = 15 * 60.0  #: seconds without a request before the worker stops
DEFAULT_TIMEOUT = 10.0  #: seconds of silence from the worker before it counts as hung


class SettingError(ValueError):
    """A COMMLINT_WORKER_* variable holds something that is not a setting."""


def _set(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() not in _FALSE


def wants_worker(argv: list[str], environ: Mapping[str, str], stdin_is_terminal: bool = False) -> bool:
    """True when ``commlint argv`` is the check command and the worker is not switched off
    (``--no-worker``, ``COMMLINT_NO_WORKER=1``, or ``CI`` set without ``COMMLINT_WORKER=1``).
    Text typed at a terminal (``-`` with standard input a terminal) is read in-process, so
    the worker is never held waiting for a person."""
    if _set(environ, "COMMLINT_NO_WORKER"):
        return False
    if "COMMLINT_WORKER" in environ and not _set(environ, "COMMLINT_WORKER"):
        return False
    if _set(environ, "CI") and not _set(environ, "COMMLINT_WORKER"):
        return False
    if argv and argv[0] in SUBCOMMANDS and argv[0] != "check":
        return False
    options = argv[: argv.index("--")] if "--" in argv else argv
    if stdin_is_terminal and "-" in argv:
        return False
    return not _IN_PROCESS_FLAGS.intersection(options)


def seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    """A positive number of seconds from ``environ[name]`` (``default`` when unset)."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingError(f"{name}: expected a number of seconds, got {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise SettingError(f"{name}: expected a positive number of seconds, got {raw!r}")
    return value


def timeout(environ: Mapping[str, str]) -> float:
    """How long the client waits for any sign of life from the worker (COMMLINT_WORKER_TIMEOUT)."""
    return seconds(environ, "COMMLINT_WORKER_TIMEOUT", DEFAULT_TIMEOUT)


def idle(environ: Mapping[str, str]) -> float:
    """How long the worker waits for a request before it stops (COMMLINT_WORKER_IDLE)."""
    return seconds(environ, "COMMLINT_WORKER_IDLE", DEFAULT_IDLE)
