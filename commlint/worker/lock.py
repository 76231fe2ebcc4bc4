"""The worker's lock file: one live worker per install holds it (``flock``) and writes its
pid into it; the kernel lets go of the lock when the process dies, however it dies."""
from __future__ import annotations

import fcntl
import os
import time


def acquire(path: str | os.PathLike[str], wait: float) -> int | None:
    """The descriptor of ``path`` locked by this process, waiting up to ``wait`` seconds
    for a previous worker to exit; None when another worker still holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    os.fchmod(fd, 0o600)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                return None
            time.sleep(0.05)
            continue
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return fd


def held(path: str | os.PathLike[str]) -> bool:
    """True while some live worker holds the lock at ``path``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def holder(path: str | os.PathLike[str]) -> int | None:
    """The pid written by the worker holding the lock (None when none holds it)."""
    if not held(path):
        return None
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def wait_released(path: str | os.PathLike[str], timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for the lock to be free; True if it is."""
    deadline = time.monotonic() + timeout
    while held(path):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True
