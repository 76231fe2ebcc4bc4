"""The client side: hand a ``commlint`` check to the warm worker and print what it returns.

Imported on every run before click or the engine, so it uses the standard library and
commlint's foundation modules only. ``run_check`` returns the exit code when the worker
served the command line, or None when the caller must lint in-process: no worker yet (one
is started for the next run), switched off, a stale worker (replaced), or a worker that
failed (one notice line on stderr; it is stopped and replaced).
"""
from __future__ import annotations

import os
import socket
import struct
import sys

from commlint import TYPE_CHECKING
from commlint.worker import lock, protocol, settings
from commlint.worker.place import Place, Unusable, locate

if TYPE_CHECKING:
    from typing import Any

_STDIN_CHUNK = 16 << 20  #: most bytes of standard input sent in one message


class NoWorker(Exception):
    """Nothing listens on the socket and nothing is left to clean up."""


class Failed(Exception):
    """The worker did not serve the request; the message says what happened."""

    def __init__(self, reason: str, pid: int | None = None) -> None:
        super().__init__(reason)
        self.pid = pid


class Stale(Exception):
    """The worker runs another commlint (version, source, data): it is stopping."""

    def __init__(self, pid: int | None) -> None:
        super().__init__("stale worker")
        self.pid = pid


def run_check(argv: list[str]) -> int | None:
    """Serve ``commlint argv`` with the worker: its exit code, or None to lint in-process."""
    env = os.environ
    if not settings.wants_worker(argv, env, _isatty(sys.stdin)):
        return None
    try:
        wait = settings.timeout(env)
        place = locate(env)
    except settings.SettingError as exc:
        sys.stderr.write(f"commlint: error: {exc}\n")
        return 2
    except Unusable as exc:
        notice(str(exc))
        return None
    from commlint.worker.identity import identity

    try:
        return _serve(place, argv, identity(env), wait)
    except KeyboardInterrupt:  # as click reports it in-process
        sys.stderr.write("\nAborted!\n")
        return 1
    except NoWorker:
        pass
    except Stale as exc:
        if exc.pid is not None:
            lock.wait_released(place.lock, wait)
    except Failed as exc:
        notice(str(exc))
        retire(place, exc.pid)
    if not lock.held(place.lock):
        from commlint.worker.spawn import spawn

        spawn(place)
    return None


def notice(reason: str) -> None:
    """The one line a failed worker costs the user."""
    sys.stderr.write(f"commlint: notice: {reason}; linted in-process\n")
    sys.stderr.flush()


def connect(place: Place, wait: float) -> tuple[socket.socket, int]:
    """A connection to the worker and the worker's pid (from the kernel: SO_PEERCRED).
    Raises ``NoWorker`` or ``Failed``; a socket left by a dead worker is removed."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(wait)
    try:
        sock.connect(str(place.socket))
    except FileNotFoundError:
        sock.close()
        raise NoWorker() from None
    except ConnectionRefusedError:
        sock.close()
        if lock.held(place.lock):  # starting up or shutting down: nothing to clean
            raise NoWorker() from None
        _unlink(place)
        raise Failed("worker socket was left by a dead process (removed)") from None
    except TimeoutError:
        sock.close()
        raise Failed(f"worker did not accept the connection within {wait:g} s") from None
    except OSError as exc:
        sock.close()
        raise Failed(f"worker socket cannot be reached ({exc.strerror or exc})") from None
    pid, uid, _ = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    if uid != os.geteuid():
        sock.close()
        raise Failed("worker socket is served by another user")
    return sock, pid


def _serve(place: Place, argv: list[str], ident: str, wait: float) -> int:
    sock, pid = connect(place, wait)
    with sock:
        try:
            protocol.send(sock, _request(argv, ident, wait))
            return _conversation(sock, pid, wait)
        except TimeoutError:
            raise Failed(f"worker did not answer within {wait:g} s", pid) from None
        except EOFError:
            raise Failed("worker closed the connection", pid) from None
        except protocol.ProtocolError:
            raise Failed("worker sent a malformed reply", pid) from None
        except OSError as exc:
            raise Failed(f"worker connection failed ({exc.strerror or exc})", pid) from None


def _request(argv: list[str], ident: str, wait: float) -> dict[str, Any]:
    """Everything the worker needs to run ``argv`` as this process would."""
    mask = os.umask(0o077)
    os.umask(mask)
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return {
        "op": "run", "identity": ident, "argv": argv, "argv0": sys.argv[0], "prog": _program_name(),
        "cwd": os.getcwd(), "env": dict(os.environ), "umask": mask, "timeout": wait,
        "tty": [_isatty(s) for s in streams],
        "encoding": [getattr(s, "encoding", None) or "utf-8" for s in streams],
        "errors": [getattr(s, "errors", None) or "strict" for s in streams],
    }


def _conversation(sock: socket.socket, pid: int, wait: float) -> int:
    """Answer the worker's requests for standard input, keep its output in order, and
    write it out only once the exit code has arrived (so a failure prints nothing twice)."""
    chunks: list[tuple[int, bytes]] = []
    bar = _Bar()
    try:
        return _converse(sock, pid, chunks, bar)
    finally:
        bar.stop()


def _converse(sock: socket.socket, pid: int, chunks: list[tuple[int, bytes]], bar: "_Bar") -> int:
    while True:
        message = protocol.receive(sock)
        op = message["op"]
        if op == "beat":
            continue
        if op == "progress" and isinstance(message.get("done"), int) and isinstance(message.get("total"), int):
            bar.update(message["done"], message["total"])
        elif op == "out" and message.get("fd") in (1, 2):
            chunks.append((message["fd"], protocol.payload(message)))
        elif op == "stdin" and isinstance(message.get("max"), int):
            protocol.send(sock, {"op": "stdin"}, _read_stdin(message["max"]))
        elif op == "exit" and isinstance(message.get("code"), int):
            bar.stop()  # erased before the report is written
            _write(chunks)
            return message["code"]
        elif op == "stale":
            raise Stale(pid)
        elif op == "decline":
            raise NoWorker()
        else:
            raise protocol.ProtocolError(f"unexpected message {op!r}")


class _Bar:
    """The progress bar the worker asks for, drawn on this process's stderr (the worker
    only sends progress when that is a terminal and the run wants one)."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._drawing: Any = None

    def update(self, done: int, total: int) -> None:
        if self._drawing is None:
            from commlint.output import progress  # rich, only when a bar is drawn

            self._bar = progress.progress_bar(sys.stderr)
            self._drawing = self._bar.__enter__()
        self._drawing(done, total)

    def stop(self) -> None:
        if self._bar is not None:
            bar, self._bar = self._bar, None
            bar.__exit__(None, None, None)


def _read_stdin(most: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return b""
    return stream.read(min(most, _STDIN_CHUNK) if most >= 0 else _STDIN_CHUNK)


def _write(chunks: list[tuple[int, bytes]]) -> None:
    outputs = {1: sys.stdout, 2: sys.stderr}
    try:
        for fd, data in chunks:
            stream = outputs[fd]
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
    except BrokenPipeError:  # the reader went away (``| head``): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _program_name() -> str:
    """What click would call this program (``commlint``, or ``python -m commlint``)."""
    path = sys.argv[0]
    package = getattr(sys.modules.get("__main__"), "__package__", None)
    if not package:
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def retire(place: Place, pid: int | None) -> None:
    """Stop a worker that failed (it may be hung: SIGKILL) and remove its socket."""
    if pid is not None and pid != os.getpid():
        try:
            os.kill(pid, 9)  # SIGKILL (the signal module is slow to import)
        except OSError:
            pass
        lock.wait_released(place.lock, 2.0)
    if not lock.held(place.lock):
        _unlink(place)


def _unlink(place: Place) -> None:
    try:
        os.unlink(place.socket)
    except FileNotFoundError:
        pass
