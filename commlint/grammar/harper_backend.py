"""Harper: a Rust grammar checker (``harper-py``) that needs no Java and no server to install.

Texts are checked as plain text (commlint hands it prose segments, not markup). Rule ids
are Harper's rule names ("TheirToThere", "SpellCheck"); spans are already code points.

The linter runs in a process of its own (``harper_server``), started on first use by the
process that opens the backend and stopped when that process ends: Harper's memory (over
200 MB after a few articles) stays out of commlint's heap, is bounded there, and processes
forked for a large run connect to the same one instead of building theirs. It listens on a
Unix socket only its user can reach, with a random key; no text leaves the machine. A
Harper process that stops is started again once; if it cannot be, the check says why.
"""
from __future__ import annotations

import atexit
import importlib.util
import json
import os
import secrets
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from multiprocessing.connection import Client, Connection
from pathlib import Path

from commlint.grammar.backend import GrammarIssue, GrammarUnavailable

_DIALECTS = ("american", "british", "australian", "canadian", "indian")
_START_TIMEOUT = 60.0  #: seconds a new Harper process has to say it is ready
_ANSWER_TIMEOUT = 300.0  #: seconds a check may take before the Harper process counts as hung


class _Server:
    """A Harper process: where it listens, its key, and (in the process that started it)
    the process itself."""

    def __init__(self, dialect: str, renew_after: int | None) -> None:
        self.owner = os.getpid()
        self.folder = Path(tempfile.mkdtemp(prefix="commlint-harper-"))  # mode 0700
        self.path = self.folder / "harper.sock"
        self.key = secrets.token_bytes(16)
        setup = {"path": str(self.path), "key": self.key.hex(), "dialect": dialect}
        if renew_after is not None:
            setup["renew_after"] = renew_after
        try:
            with open(self.folder / "stderr", "wb") as errors:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "commlint.grammar.harper_server"],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                )
        except OSError as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise GrammarUnavailable("harper", f"the Harper process could not be started: {exc}") from None
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(setup).encode("utf-8") + b"\n")
        self.process.stdin.flush()  # the pipe stays open: its end is the server's signal to stop
        ready, _, _ = select.select([self.process.stdout], [], [], _START_TIMEOUT)
        line = self.process.stdout.readline() if ready else b""
        if line.strip() != b"ready":
            why = self._last_error() or f"no answer in {_START_TIMEOUT:.0f} s"
            self.stop()
            raise GrammarUnavailable("harper", f"the Harper process did not start: {why}")
        atexit.register(self.stop)

    def running(self) -> bool:
        """Whether the process can still be reached (only its starter can wait for it)."""
        if os.getpid() == self.owner:
            return self.process.poll() is None
        return self.path.exists()

    def connect(self) -> Connection:
        return Client(str(self.path), family="AF_UNIX", authkey=self.key)

    def stop(self) -> None:
        """In the process that started it: end the Harper process and remove its folder."""
        if os.getpid() != self.owner:
            return
        if self.process.poll() is None:
            self.process.stdin.close()  # type: ignore[union-attr]
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _last_error(self) -> str:
        try:
            lines = (self.folder / "stderr").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1] if lines else ""


class HarperBackend:
    """Harper behind the ``GrammarBackend`` interface, checked in the Harper process."""

    name = "harper"

    def __init__(self, dialect: str = "american", renew_after: int | None = None) -> None:
        if dialect.lower() not in _DIALECTS:
            raise GrammarUnavailable("harper", f"unknown dialect {dialect!r} (one of {', '.join(_DIALECTS)})")
        if importlib.util.find_spec("harper") is None:
            raise GrammarUnavailable("harper", "harper-py is not installed: pip install 'harper-py>=0.2,<0.3'")
        self._dialect = dialect.lower()
        self._renew_after = renew_after  #: None: the server's own (``harper_server.RENEW_AFTER``)
        self._server: _Server | None = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        """A forked child keeps the parent's Harper process but opens its own connection."""
        self._lock = threading.Lock()
        self._connection = None

    @property
    def pid(self) -> int | None:
        """The Harper process's id, once one was started (for tests and ``worker status``)."""
        return self._server.process.pid if self._server is not None else None

    def check(self, texts: Sequence[str]) -> list[list[GrammarIssue]]:
        """The issues of each text, sorted by position."""
        reply = self._ask(list(texts))
        return [[GrammarIssue(start, end, rule, message, tuple(replacements), kind)
                 for start, end, rule, message, replacements, kind in issues] for issues in reply]

    def warm(self) -> None:
        """Start the Harper process and have it build its linter now (call it from a thread
        of your own: it takes most of a second)."""
        self._ask(None)

    def close(self) -> None:
        """Close this process's connection and stop the Harper process if this process
        started it."""
        with self._lock:
            self._drop()
            if self._server is not None:
                self._server.stop()
                self._server = None

    def _ask(self, request: list[str] | None):
        with self._lock:
            for attempt in (1, 2):
                try:
                    connection = self._connect()
                    connection.send_bytes(json.dumps(request).encode("utf-8"))
                    if not connection.poll(_ANSWER_TIMEOUT):
                        raise TimeoutError(f"no answer in {_ANSWER_TIMEOUT:.0f} s")
                    reply = json.loads(connection.recv_bytes())
                except (OSError, EOFError, ValueError) as exc:
                    self._drop()
                    server = self._server
                    if server is not None and (isinstance(exc, TimeoutError) or not server.running()
                                               or os.getpid() != server.owner):
                        # gone, hung, or (in a forked child) unreachable: this process starts its own
                        why = server._last_error() or str(exc) or type(exc).__name__
                        if os.getpid() == server.owner:
                            server.stop()
                        self._server = None
                    else:
                        why = str(exc) or type(exc).__name__
                    if attempt == 2:
                        raise GrammarUnavailable("harper", f"the Harper process stopped: {why or 'no reason given'}") from None
                else:
                    if isinstance(reply, dict) and "error" in reply:
                        raise GrammarUnavailable("harper", f"the Harper process could not check this text: {reply['error']}")
                    return reply
        raise AssertionError("unreachable")

    def _connect(self) -> Connection:
        if self._connection is None:
            if self._server is None or not self._server.running():
                self._server = _Server(self._dialect, self._renew_after)
            self._connection = self._server.connect()
        return self._connection

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except OSError:
                pass
            self._connection = None
