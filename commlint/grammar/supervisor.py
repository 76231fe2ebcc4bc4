"""The process that owns the local LanguageTool server (``python -m commlint.grammar.supervisor``).

It holds the folder's supervisor lock for its whole life, starts the JVM on a free loopback
port, writes the state file once the server answers, and stops the JVM (removing the state
file) when nobody has used it for the idle time, on SIGTERM or SIGINT, or when the JVM dies.
The JVM is told to die with it, should it be killed outright. Its output and the JVM's go to
the folder's log; neither logs customer text (LanguageTool logs only sizes and timings).
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from commlint.atomic import write_atomic

FAILED = "commlint-grammar: failed:"  #: a log line the starting client reports as the error
READY_TIMEOUT = 120.0  #: seconds for the JVM to answer its first request
JVM_FLAGS = ("-Xms128m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
             "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8")
#: LanguageTool's server settings: a sentence cache for re-linted drafts, one pipeline per
#: thread kept warm, two check threads (commlint's machines have two cores)
SERVER_CONFIG = "cacheSize=2000\ncacheTTLSeconds=3600\npipelineCaching=true\nmaxCheckThreads=2\n"
WARM_UP_TEXT = "Their is a sentence that warm up the checker, and it are not customer text."
_MAX_LOG = 5_000_000  #: bytes; a longer log is moved aside when a server starts


class Files:
    """The files of one server folder (mode 0700, made by the client)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state = folder / "state.json"
        self.used = folder / "used"
        self.lock = folder / "supervisor.lock"
        self.start_lock = folder / "start.lock"
        self.log = folder / "server.log"
        self.config = folder / "languagetool.cfg"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commlint.grammar.supervisor")
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--install", type=Path, required=True, help="the installed version's folder")
    parser.add_argument("--version", required=True)
    parser.add_argument("--java", required=True)
    parser.add_argument("--idle", type=float, required=True)
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false", help="announce it before English is loaded")
    args = parser.parse_args(argv)
    files = Files(args.folder)
    lock = os.open(files.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        _log("another supervisor holds the lock: leaving")
        return 0
    os.ftruncate(lock, 0)
    os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)
    stopping: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda number, _frame: stopping.append(number))
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        return _serve(files, args, stopping)
    finally:
        with contextlib.suppress(OSError):
            if json.loads(files.state.read_text()).get("pid") == os.getpid():
                files.state.unlink()


def _serve(files: Files, args: argparse.Namespace, stopping: list[int]) -> int:
    write_atomic(files.config, SERVER_CONFIG, durable=False)
    for _attempt in range(3):
        port = _free_port()
        jvm = _start_jvm(files, args, port)
        outcome = _wait_ready(jvm, port, stopping)
        if outcome == "ready":
            break
        _end(jvm)
        if outcome != "exited" or stopping or not _port_taken(files.log):
            break
    else:  # pragma: no cover - three ports taken between choosing and binding
        outcome = "exited"
    if outcome != "ready":
        if not stopping:
            _log(f"{FAILED} LanguageTool {args.version} {outcome}: {_last_jvm_line(files.log)}")
        return 1
    if args.warm_up:
        _warm_up(port)
    started = time.time()
    _touch(files.used)
    write_atomic(files.state, json.dumps({
        "pid": os.getpid(), "jvm_pid": jvm.pid, "port": port, "version": args.version,
        "started": started, "idle": args.idle,
    }) + "\n", durable=False)
    _log(f"LanguageTool {args.version} ready on 127.0.0.1:{port} (JVM pid {jvm.pid}, idle timeout {args.idle:g} s)")
    reason = _watch(jvm, files, args.idle, stopping)
    _log(f"stopping LanguageTool: {reason}")
    files.state.unlink(missing_ok=True)
    _end(jvm)
    return 0


def _watch(jvm: subprocess.Popen, files: Files, idle: float, stopping: list[int]) -> str:
    tick = max(0.1, min(1.0, idle / 4))
    while True:
        if stopping:
            return f"signal {signal.Signals(stopping[0]).name}"
        if jvm.poll() is not None:
            return f"the JVM exited with status {jvm.returncode}"
        try:
            quiet = time.time() - files.used.stat().st_mtime
        except OSError:
            quiet = idle
        if quiet >= idle:
            return f"unused for {quiet:.0f} s"
        time.sleep(tick)


def _start_jvm(files: Files, args: argparse.Namespace, port: int) -> subprocess.Popen:
    command = [args.java, *JVM_FLAGS, "-cp", str(args.install / "lib" / "*"), "org.languagetool.server.HTTPServer",
               "--port", str(port), "--config", str(files.config)]
    _log(f"starting LanguageTool {args.version} on 127.0.0.1:{port}")
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sys.stdout, stderr=sys.stderr,
                            cwd=files.folder, preexec_fn=_die_with_parent)  # noqa: PLW1509 - one thread


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to send the JVM SIGTERM when this supervisor dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_ready(jvm: subprocess.Popen, port: int, stopping: list[int]) -> str:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if stopping:
            return "was stopped while starting"
        if jvm.poll() is not None:
            return "exited"
        if answers(f"http://127.0.0.1:{port}", 2.0):
            return "ready"
        time.sleep(0.2)
    return f"did not answer within {READY_TIMEOUT:g} s"


def answers(url: str, timeout: float) -> bool:
    """True when a LanguageTool server at ``url`` lists its languages (no proxy is used)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url.rstrip('/')}/v2/languages", timeout=timeout) as response:
            return response.status == 200 and response.read(1) == b"["
    except (OSError, ValueError):
        return False


def _warm_up(port: int) -> None:
    """Check one sentence of our own, so English is loaded (about 10 s) before the server is
    announced and the first real check is quick."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = urllib.parse.urlencode({"language": "en-US", "text": WARM_UP_TEXT}).encode()
    try:
        with opener.open(f"http://127.0.0.1:{port}/v2/check", data=data, timeout=READY_TIMEOUT) as response:
            response.read()
    except OSError as exc:
        _log(f"warm-up check failed ({exc}); going on")


def _end(jvm: subprocess.Popen) -> None:
    if jvm.poll() is None:
        jvm.terminate()
        try:
            jvm.wait(10)
        except subprocess.TimeoutExpired:
            jvm.kill()
            jvm.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _touch(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
    os.close(fd)
    os.utime(path)


def _last_jvm_line(log: Path) -> str:
    try:
        lines = [line.strip() for line in log.read_text(errors="replace").splitlines()[-40:] if line.strip()]
    except OSError:
        return "no log"
    lines = [line for line in lines if not line.startswith("commlint-grammar:") and not line.startswith("at ")]
    return (lines or ["no output"])[-1][:300]


def _port_taken(log: Path) -> bool:
    """True when the JVM's last words say its port was taken (another process won the race)."""
    line = _last_jvm_line(log)
    return "BindException" in line or "Address already in use" in line


def _log(message: str) -> None:
    print(f"commlint-grammar: {time.strftime('%Y-%m-%d %H:%M:%S')} {message}" if not message.startswith(FAILED)
          else message, flush=True)


def rotate(log: Path) -> None:
    """Move a log longer than a few megabytes aside (``server.log.1``) before a new server."""
    with contextlib.suppress(OSError):
        if log.stat().st_size > _MAX_LOG:
            os.replace(log, log.with_name(log.name + ".1"))


if __name__ == "__main__":  # pragma: no cover - the supervisor process
    sys.exit(main())
