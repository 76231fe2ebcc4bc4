"""``commlint worker start|stop|status``: each returns the lines to print, or raises
``CommlintError`` (one line, exit code 2)."""
from __future__ import annotations

import os
import time
from typing import Any

from commlint.errors import CommlintError
from commlint.worker import lock, protocol, settings
from commlint.worker.client import Failed, NoWorker, connect, retire
from commlint.worker.identity import identity
from commlint.worker.place import Place, Unusable, locate
from commlint.worker.spawn import spawn

_START_WAIT = 60.0  #: seconds ``start`` waits for the new worker to answer


def _place() -> tuple[Place, float]:
    try:
        return locate(), settings.timeout(os.environ)
    except (Unusable, settings.SettingError) as exc:
        raise CommlintError("worker", str(exc)) from None


def query(place: Place, op: str, wait: float) -> dict[str, Any] | None:
    """The worker's answer to ``op`` (None when no worker listens)."""
    try:
        sock, _ = connect(place, wait)
    except NoWorker:
        return None
    except Failed as exc:
        raise CommlintError("worker", str(exc)) from None
    with sock:
        try:
            protocol.send(sock, {"op": op})
            return protocol.receive(sock)
        except (OSError, EOFError, protocol.ProtocolError) as exc:
            raise CommlintError("worker", f"no valid answer ({type(exc).__name__})") from None


def status() -> tuple[str, bool]:
    """The worker's status lines, and whether it runs."""
    place, wait = _place()
    answer = query(place, "status", wait)
    if answer is None:
        return f"commlint worker: not running (socket {place.socket})", False
    current = answer.get("identity") == identity()
    return "\n".join([
        f"pid: {answer.get('pid')}",
        f"socket: {answer.get('socket')}",
        f"version: {answer.get('version')}",
        f"uptime: {_seconds(answer.get('uptime'))}",
        f"idle timeout: {_seconds(answer.get('idle'))}",
        f"requests served: {answer.get('served')}",
        f"memory tidied: {answer.get('tidied', 0)} times",
        f"state: {'ready' if answer.get('ready') else 'warming up'}{', busy' if answer.get('busy') else ''}",
        f"identity: {'current' if current else 'stale (another commlint install, version or source; replaced on the next run)'}",
        f"log: {place.log}",
    ]), True


def start(idle: float | None) -> str:
    """Start the worker (a stale one is replaced) and wait until it answers."""
    place, wait = _place()
    if idle is None:
        try:
            idle = settings.idle(os.environ)
        except settings.SettingError as exc:
            raise CommlintError("worker", str(exc)) from None
    answer = query(place, "status", wait)
    if answer is not None:
        if answer.get("identity") == identity():
            return f"commlint worker already running (pid {answer.get('pid')}, socket {place.socket})"
        _stop(place, answer, wait)
    spawn(place, idle)
    deadline = time.monotonic() + _START_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            answer = query(place, "status", wait)
        except CommlintError:
            answer = None
        if answer is not None and answer.get("op") == "status":
            return f"commlint worker started (pid {answer.get('pid')}, socket {place.socket}, idle timeout {idle:g} s)"
    raise CommlintError("worker", f"did not start within {_START_WAIT:g} s (see {place.log})")


def stop() -> str:
    """Stop the worker; one that does not answer is killed."""
    place, wait = _place()
    try:
        answer = query(place, "status", wait)
    except CommlintError:
        pid = lock.holder(place.lock)
        retire(place, pid)
        return f"commlint worker killed (pid {pid}): it did not answer"
    if answer is None:
        return "commlint worker: not running"
    return _stop(place, answer, wait)


def _stop(place: Place, answer: dict[str, Any], wait: float) -> str:
    pid = answer.get("pid")
    try:
        query(place, "stop", wait)
    except CommlintError:
        pass
    if lock.wait_released(place.lock, max(wait, 30.0)):
        return f"commlint worker stopped (pid {pid})"
    retire(place, pid if isinstance(pid, int) else None)
    return f"commlint worker killed (pid {pid}): it did not stop"


def _seconds(value: Any) -> str:
    return f"{value:.0f} s" if isinstance(value, (int, float)) else "?"
