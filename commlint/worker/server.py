"""The worker process: listens on its Unix socket, runs check requests one at a time in
the client's context, and stops after an idle timeout, on ``stop`` or on SIGTERM.

Each connection gets a thread that answers at once (status, stop, a stale identity) and
sends a heartbeat every second or so while its request waits for or holds the lint lock,
so a client tells a busy worker from a hung one. Only this user's processes are served
(SO_PEERCRED); the socket is mode 0600 in a folder of mode 0700.
"""
from __future__ import annotations

import gc
import os
import select
import signal
import socket
import stat
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import commlint
from commlint.worker import lock, protocol, session
from commlint.worker.place import Place

_LOCK_WAIT = 5.0  #: seconds a new worker waits for a stopping one to let go of the lock
_CLIENT_WAIT = 120.0  #: seconds the worker waits for a client's message (its standard input)
#: seconds of quiet after a request before the worker collects garbage and freezes what is
#: left, so the next request's collections do not walk the results and caches it keeps
_TIDY_AFTER = 0.05
#: every this many tidies, what was frozen is thawed and collected too (a tenth of a
#: second or more), so garbage cycles among long-lived objects (a Linter the pool dropped)
#: are freed as well
_THAW_EVERY = 16


def log(message: str) -> None:
    """A line in the worker's log (its stderr). Never customer text."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} commlint worker[{os.getpid()}]: {message}", file=sys.__stderr__, flush=True)


def _trim_log() -> None:
    """Start the log afresh when it has grown past a megabyte (it is our stderr, in append mode)."""
    try:
        info = os.fstat(2)
        if stat.S_ISREG(info.st_mode) and info.st_size > 1 << 20:
            os.ftruncate(2, 0)
    except OSError:
        pass


class Server:
    """One worker: ``serve`` returns when it has stopped and removed its socket."""

    def __init__(self, place: Place, identity: str, runner: session.Runner, idle: float,
                 warm: Callable[[], None] | None = None) -> None:
        self.place, self.identity, self.runner, self.idle, self._warm = place, identity, runner, idle, warm
        self.started = time.time()
        self.served = 0
        self.tidied = 0  #: times the memory was tidied between requests
        self.ready = warm is None
        self._active = 0
        self._last = time.monotonic()
        self._state = threading.Lock()
        self._lint = threading.Lock()
        self._stopping = False
        self._untidy = False  #: a request ran since the last tidy (``_tidy``)
        self._threads: list[threading.Thread] = []
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._inode: int | None = None

    # -- life cycle -----------------------------------------------------------------------

    def serve(self) -> int:
        """Run until stopped; 0, or 1 when another worker holds the lock."""
        held = lock.acquire(self.place.lock, _LOCK_WAIT)
        if held is None:
            log("another worker is running for this install; exiting")
            return 1
        _trim_log()
        try:
            listener = self._listen()
        except OSError as exc:
            log(f"cannot listen on {self.place.socket}: {exc}")
            os.close(held)
            return 1
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        signal.set_wakeup_fd(self._wake_w)
        log(f"listening on {self.place.socket} (idle timeout {self.idle:g} s)")
        if self._warm is not None:
            self._lint.acquire()  # taken here, so no request can run before the warm-up; released by it
            threading.Thread(target=self._warm_up, name="warm", daemon=True).start()
        try:
            self._loop(listener)
        finally:
            self._shutdown(listener)
            os.close(held)
        return 0

    def _listen(self) -> socket.socket:
        try:
            os.unlink(self.place.socket)  # we hold the lock: whatever is there is left over
        except FileNotFoundError:
            pass
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        mask = os.umask(0o177)
        try:
            listener.bind(str(self.place.socket))
        finally:
            os.umask(mask)
        os.chmod(self.place.socket, 0o600)
        self._inode = os.stat(self.place.socket).st_ino
        listener.listen(64)
        return listener

    def _warm_up(self) -> None:
        started = time.monotonic()
        try:
            self._warm()
            log(f"warm in {time.monotonic() - started:.1f} s")
        except Exception as exc:  # noqa: BLE001 - the first request reports it as in-process would
            log(f"warm-up failed: {type(exc).__name__}: {exc}")
        finally:
            with self._state:
                self.ready = True
                self._last = time.monotonic()
            self._lint.release()

    def _loop(self, listener: socket.socket) -> None:
        while not self._stopping:
            left = self._idle_left()
            if left <= 0:
                log(f"idle for {self.idle:g} s; stopping")
                return
            tidy = self._tidy_left()
            readable, _, _ = select.select([listener, self._wake_r], [], [], left if tidy is None else min(left, tidy))
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
            if listener in readable:
                self._accept(listener)
            elif tidy is not None and tidy <= left:
                self._tidy()

    def _tidy_left(self) -> float | None:
        """Seconds until the worker tidies its memory (None: nothing to tidy)."""
        with self._state:
            if not self._untidy or self._active:
                return None
            return max(0.0, _TIDY_AFTER - (time.monotonic() - self._last))

    def _tidy(self) -> None:
        """Between requests: collect garbage, then freeze what survives (the Linters, the
        results and caches kept for the next request), so collections during a request
        walk only what that request made. Every ``_THAW_EVERY`` tidies the frozen objects
        are thawed first, so a cycle among those dropped since is collected too."""
        if self._tidy_left() != 0.0 or not self._lint.acquire(blocking=False):
            return
        try:
            if self.tidied % _THAW_EVERY == _THAW_EVERY - 1:
                gc.unfreeze()
            gc.collect()
            gc.freeze()
            with self._state:
                self._untidy = False
                self.tidied += 1
        finally:
            self._lint.release()

    def _idle_left(self) -> float:
        with self._state:
            if self._active or not self.ready:
                return self.idle
            return self.idle - (time.monotonic() - self._last)

    def _accept(self, listener: socket.socket) -> None:
        try:
            conn, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        thread = threading.Thread(target=self._connection, args=(conn,), daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def stop(self) -> None:
        """Ask the server loop to stop (after the requests in progress)."""
        self._stopping = True
        self._wake()

    def _wake(self) -> None:
        """Make the server loop look at its state again."""
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def _on_signal(self, signum: int, frame: Any) -> None:
        self._stopping = True

    def _shutdown(self, listener: socket.socket) -> None:
        """Remove the socket (if it is still ours), serve what already queued, and wait for
        the requests in progress."""
        try:
            if os.stat(self.place.socket).st_ino == self._inode:
                os.unlink(self.place.socket)
        except FileNotFoundError:
            pass
        listener.setblocking(False)
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                break
            conn.setblocking(True)
            self._connection(conn)
        listener.close()
        for thread in self._threads:
            thread.join()
        log(f"stopped after {self.served} requests")

    # -- one connection -------------------------------------------------------------------

    def _connection(self, conn: socket.socket) -> None:
        with conn:
            try:
                pid, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
                if uid != os.geteuid():
                    log(f"refused a connection from uid {uid} (pid {pid})")
                    return
                conn.settimeout(_CLIENT_WAIT)
                message = protocol.receive(conn)
                self._handle(session.Channel(conn), message)
            except (OSError, EOFError, protocol.ProtocolError, KeyError, TypeError, ValueError) as exc:
                log(f"dropped a connection: {type(exc).__name__}: {exc}")

    def _handle(self, channel: session.Channel, message: dict[str, Any]) -> None:
        op = message["op"]
        if op == "status":
            channel.send(self.status())
        elif op == "stop":
            channel.send({"op": "stopping", "pid": os.getpid()})
            log("stop requested")
            self.stop()
        elif op == "run":
            if message.get("identity") != self.identity:
                channel.send({"op": "stale"})
                log("a client runs another commlint (version, source or data); stopping")
                self.stop()
                return
            self._run(channel, message)
        else:
            raise protocol.ProtocolError(f"unknown request {op!r}")

    def _run(self, channel: session.Channel, request: dict[str, Any]) -> None:
        with self._state:
            self._active += 1
        code: int | None = None
        beat = _Heartbeat(channel, min(1.0, float(request.get("timeout", 10.0)) / 4))
        try:
            with self._lint:
                try:
                    code = session.run(request, channel, self.runner)
                except OSError as exc:  # the client's folder is gone, ...: it lints in-process
                    log(f"declined a request: {exc.strerror or exc}")
        finally:
            beat.stop()
            with self._state:
                self._active -= 1
                self.served += code is not None
                self._last = time.monotonic()
                self._untidy = True
            self._wake()  # the server loop waits for the quiet spell from now
        channel.send({"op": "decline"} if code is None else {"op": "exit", "code": int(code)})

    def status(self) -> dict[str, Any]:
        """What ``commlint worker status`` shows."""
        with self._state:
            return {
                "op": "status", "pid": os.getpid(), "socket": str(self.place.socket), "version": commlint.__version__,
                "executable": sys.executable, "identity": self.identity, "uptime": time.time() - self.started,
                "idle": self.idle, "served": self.served, "ready": self.ready, "busy": self._active,
                "tidied": self.tidied,
            }


class _Heartbeat:
    """Sends ``beat`` messages every ``interval`` seconds until stopped."""

    def __init__(self, channel: session.Channel, interval: float) -> None:
        self._channel, self._interval = channel, interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._done.wait(self._interval):
            self._channel.send({"op": "beat"})

    def stop(self) -> None:
        self._done.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

