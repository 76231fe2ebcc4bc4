"""One request inside the worker: the client's folder, environment, umask, argv and
standard streams stand in for the worker's own while the command runs.

Those are process-wide, so requests run one at a time (the server holds a lock). Output is
forwarded as written, with the buffering the client's own streams would have (line
buffering on a terminal), so stdout and stderr interleave as they would in-process;
standard input is asked from the client only if the command reads it.
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from commlint.worker import protocol

#: runs one command line (argv, program name) in the current process context: its exit
#: code, or None when it is not a command the worker serves (nothing was written then)
Runner = Callable[[list[str], str], int | None]


class Channel:
    """The connection to one client; messages may be sent from several threads."""

    def __init__(self, sock) -> None:
        self.sock = sock
        self._lock = threading.Lock()
        self.broken = False

    def send(self, message: dict[str, Any], payload: bytes | None = None) -> None:
        """Send ``message`` (with ``payload``); after a failure (the client went away)
        sends are dropped."""
        with self._lock:
            if self.broken:
                return
            try:
                protocol.send(self.sock, message, payload)
            except OSError:
                self.broken = True

    def ask_stdin(self, most: int) -> bytes:
        """Up to ``most`` bytes of the client's standard input (-1: a chunk of any size)."""
        self.send({"op": "stdin", "max": most})
        if self.broken:
            return b""
        try:
            self.sock.settimeout(None)  # a slow producer upstream: wait as in-process would (EOF if the client dies)
            reply = protocol.receive(self.sock)
            if reply.get("op") != "stdin":
                raise protocol.ProtocolError("expected standard input")
            return protocol.payload(reply)
        except (OSError, EOFError, protocol.ProtocolError):
            self.broken = True
            return b""


class _Output(io.RawIOBase):
    def __init__(self, channel: Channel, fd: int, tty: bool) -> None:
        self._channel, self._fd, self._tty = channel, fd, tty

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._tty

    def write(self, data) -> int:
        if data:
            self._channel.send({"op": "out", "fd": self._fd}, bytes(data))
        return len(data)


class _Input(io.RawIOBase):
    def __init__(self, channel: Channel, tty: bool) -> None:
        self._channel, self._tty, self._eof = channel, tty, False

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._tty

    def readinto(self, buffer) -> int:
        if self._eof:
            return 0
        data = self._channel.ask_stdin(len(buffer))
        if not data:
            self._eof = True
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        parts = []
        while not self._eof:
            data = self._channel.ask_stdin(-1)
            if not data:
                self._eof = True
            parts.append(data)
        return b"".join(parts)


#: the client of the request running now (requests run one at a time)
_current: Channel | None = None


def progress_tick() -> Callable[[int, int], None] | None:
    """In a request: a tick that sends (documents linted, documents to lint) to the client,
    which draws the progress bar on its own terminal (output is written only at the end,
    but the bar must move while the run goes); None outside a request."""
    channel = _current
    if channel is None:
        return None

    def tick(done: int, total: int) -> None:
        channel.send({"op": "progress", "done": int(done), "total": int(total)})
    return tick


def _field(request: dict[str, Any], name: str, index: int, default: Any) -> Any:
    values = request.get(name)
    return values[index] if isinstance(values, list) and len(values) == 3 else default


@contextlib.contextmanager
def client_context(request: dict[str, Any], channel: Channel) -> Iterator[None]:
    """Run the body as the client process would: its folder, environment, umask, argv and
    standard streams (terminal or not, encodings); everything is put back afterwards."""
    saved_cwd = os.getcwd()
    saved_env = dict(os.environ)
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv = sys.argv
    saved_umask = os.umask(int(request.get("umask", 0o022)))
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in dict(request.get("env") or {}).items()})
        tty = [bool(_field(request, "tty", i, False)) for i in range(3)]
        encoding = [str(_field(request, "encoding", i, "utf-8")) for i in range(3)]
        errors = [str(_field(request, "errors", i, "strict")) for i in range(3)]
        sys.stdin = io.TextIOWrapper(io.BufferedReader(_Input(channel, tty[0])), encoding[0], errors[0])
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(_Output(channel, 1, tty[1])), encoding[1], errors[1], line_buffering=tty[1]
        )
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(_Output(channel, 2, tty[2])), encoding[2], errors[2], line_buffering=True)
        sys.argv = [str(request.get("argv0", "commlint")), *request["argv"]]
        global _current
        _current = channel
        yield
    finally:
        _current = None
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
        os.umask(saved_umask)
        os.chdir(saved_cwd)


def run(request: dict[str, Any], channel: Channel, runner: Runner) -> int | None:
    """Run the request's command line; its exit code (None: declined). A bug in commlint
    prints its traceback to the client's stderr, exit code 1, as it would in-process."""
    with client_context(request, channel):
        try:
            return runner(list(request["argv"]), str(request.get("prog", "commlint")))
        except Exception:  # noqa: BLE001 - the worker must survive a failing command
            traceback.print_exc()
            return 1
