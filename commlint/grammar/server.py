"""The local LanguageTool server: started on a free loopback port when grammar needs it,
reused by later runs while it lives, stopped after an idle time or by ``stop()``.

Its files are in a private folder (mode 0700, files 0600), ``server/`` in the LanguageTool
home (see ``install.home()``): ``state.json`` (pid, port, version, start time, idle
timeout), ``used`` (its modification time is the last use), the supervisor's lock, a start
lock (two runs starting at once start one server) and ``server.log``. The supervisor
(``commlint.grammar.supervisor``) owns the JVM; a server counts as running while the
supervisor holds its lock and the state file names it.
"""
from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import signal
import sys
import time
from pathlib import Path

from commlint.background import child_environment, start_detached
from commlint.grammar import install
from commlint.grammar.backend import GrammarUnavailable
from commlint.grammar.supervisor import FAILED, Files, answers, rotate
from commlint.paths import NotPrivate, private_folder

DEFAULT_IDLE = 1800.0  #: seconds unused before the server stops (COMMLINT_LT_IDLE overrides)
START_TIMEOUT = 150.0  #: seconds to wait for a server to answer, including another run's start


@dataclasses.dataclass(frozen=True)
class ServerState:
    """A running local server, as its state file tells."""

    pid: int  #: the supervisor's
    jvm_pid: int
    port: int
    version: str
    started: float  #: seconds since the epoch
    idle: float  #: seconds

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def folder(path: Path | None = None) -> Path:
    """The server folder (``path``, else ``server/`` in the LanguageTool home), made private."""
    try:
        return private_folder(path or install.home() / "server", "grammar server folder")
    except NotPrivate as exc:
        raise GrammarUnavailable("languagetool", str(exc)) from None


def default_idle() -> float:
    """``COMMLINT_LT_IDLE`` seconds, else 30 minutes."""
    value = os.environ.get("COMMLINT_LT_IDLE")
    try:
        idle = float(value) if value else DEFAULT_IDLE
    except ValueError:
        idle = -1.0
    if not idle > 0:
        raise GrammarUnavailable("languagetool", f"COMMLINT_LT_IDLE must be a number of seconds above 0, not {value!r}")
    return idle


def running(path: Path | None = None) -> ServerState | None:
    """The live server of the folder, or None (a stale state file is ignored)."""
    files = Files(folder(path))
    holder = _lock_holder(files.lock)
    if holder is None:
        return None
    try:
        data = json.loads(files.state.read_text(encoding="utf-8"))
        state = ServerState(int(data["pid"]), int(data["jvm_pid"]), int(data["port"]), str(data["version"]),
                            float(data["started"]), float(data["idle"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state if state.pid == holder else None


def ensure(version: str = install.DEFAULT_VERSION, idle: float | None = None, path: Path | None = None,
           *, warm_up: bool = True) -> ServerState:
    """A server of ``version`` that answers: the running one, or one started now (which
    first checks a sentence of its own so English is loaded, unless not ``warm_up``)."""
    files = Files(folder(path))
    state = _usable(files, version)
    if state:
        return state
    with _StartLock(files.start_lock):
        state = running(files.folder)  # another run may have started it meanwhile
        if state and state.version == version and answers(state.url, 5.0):
            touch(files.folder)
            return state
        java = install.require_java()
        where = install.installed(version)
        if where is None:
            raise GrammarUnavailable("languagetool", f"LanguageTool {version} is not installed: run `commlint grammar install`")
        if state:
            stop(files.folder)
        offset = _spawn(files, where, version, java, idle or default_idle(), warm_up)
        return _wait_started(files, version, offset)


def touch(path: Path | None = None) -> None:
    """Mark the server used now (its idle clock starts again)."""
    used = Files(folder(path)).used
    try:
        os.utime(used)
    except FileNotFoundError:
        os.close(os.open(used, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600))


def stop(path: Path | None = None, timeout: float = 20.0) -> str:
    """Stop the folder's server (kill it if it does not stop in time); a line saying what happened."""
    files = Files(folder(path))
    state = running(files.folder)
    pid = _lock_holder(files.lock)
    if pid is None:
        files.state.unlink(missing_ok=True)
        return "LanguageTool server: not running"
    _signal(pid, signal.SIGTERM)
    if not _released(files.lock, timeout):
        _signal(pid, signal.SIGKILL)
        if state:
            _signal(state.jvm_pid, signal.SIGKILL)
        _released(files.lock, 5.0)
        files.state.unlink(missing_ok=True)
        return f"LanguageTool server: killed (pid {pid}; it did not stop within {timeout:g} s)"
    return f"LanguageTool server: stopped (pid {pid})"


def status(path: Path | None = None) -> tuple[str, bool]:
    """What ``commlint grammar status`` prints, and whether a server is running."""
    files = Files(folder(path))
    state = running(files.folder)
    versions = ", ".join(sorted(p.name for p in install.home().glob("*") if install.installed(p.name))) or "none"
    if state is None:
        return f"LanguageTool server: not running\ninstalled: {versions}\nfolder: {files.folder}", False
    try:
        quiet = time.time() - files.used.stat().st_mtime
    except OSError:
        quiet = 0.0
    lines = [
        f"LanguageTool server: running at {state.url} (version {state.version})",
        f"pid: {state.pid} (JVM {state.jvm_pid})",
        f"up: {time.time() - state.started:.0f} s; unused for {quiet:.0f} s; stops after {state.idle:g} s unused",
        f"answers: {'yes' if answers(state.url, 5.0) else 'no'}",
        f"installed: {versions}",
        f"log: {files.log}",
    ]
    return "\n".join(lines), True


def _usable(files: Files, version: str) -> ServerState | None:
    state = running(files.folder)
    if state and state.version == version and answers(state.url, 5.0):
        touch(files.folder)
        return state
    return None


def _spawn(files: Files, where: Path, version: str, java: str, idle: float, warm_up: bool) -> int:
    """Start a supervisor in the background: detached (double fork, new session), standard
    input from /dev/null, output to the log (mode 0600), working folder the server folder.
    Returns the log's size before it started."""
    rotate(files.log)
    offset = _size(files.log)
    touch(files.folder)
    args = [sys.executable, "-m", "commlint.grammar.supervisor", "--folder", str(files.folder),
            "--install", str(where), "--version", version, "--java", java, "--idle", f"{idle:g}"]
    if not warm_up:
        args.append("--no-warm-up")
    start_detached(args, child_environment(), files.log, files.folder, failure=f"{FAILED} the supervisor could not start")
    return offset


def _wait_started(files: Files, version: str, offset: int) -> ServerState:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        state = running(files.folder)
        if state and state.version == version and answers(state.url, 5.0):
            return state
        failure = _failure(files.log, offset)
        if failure:
            raise GrammarUnavailable("languagetool", f"the local server did not start: {failure} (log: {files.log})")
        time.sleep(0.2)
    raise GrammarUnavailable("languagetool", f"the local server did not answer within {START_TIMEOUT:g} s (log: {files.log})")


def _failure(log: Path, offset: int) -> str | None:
    try:
        with open(log, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode(errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(FAILED):
            return line[len(FAILED):].strip()
    return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _lock_holder(path: Path) -> int | None:
    """The pid written by the process holding the ``flock`` on ``path``; None when free."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return int(os.pread(fd, 32, 0).split()[0])
            except (ValueError, IndexError):
                return -1  # held, the pid not written yet
        return None
    finally:
        os.close(fd)


def _released(path: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _lock_holder(path) is not None:
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _signal(pid: int, number: int) -> None:
    if pid > 0:
        try:
            os.kill(pid, number)
        except ProcessLookupError:
            pass


class _StartLock:
    """The folder's start lock for the ``with`` block: one run starts a server at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> None:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self.fd)
                    raise GrammarUnavailable("languagetool", f"another run has been starting the local server for {START_TIMEOUT:g} s") from None
                time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
