"""Build a data file of the user cache in a child process, once per install.

Reading a package's raw tables into Python objects to derive a compact file (the syllable
trie, the inflection index, the language model) costs tens of megabytes that a process
never gives back to the system; done in a child, that memory goes with the child.

- One builder at a time: a process that waited for the lock finds the file there. A
  process waits at most ``BUILD_TIMEOUT`` for the lock, then does without the file.
- The child imports commlint from where this process did, never from its current folder
  (``sys.path[0]`` removed; a folder holding another ``commlint`` is not what builds).
- A build that failed leaves a marker beside the file, so later processes do not each pay
  for the same failure again; after ``RETRY_AFTER`` seconds a build is tried again.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

BUILD_TIMEOUT = 300  #: seconds a child may take, and a process waits for another's build
RETRY_AFTER = 24 * 3600  #: seconds after a failed build before one is tried again

#: run in the child: ``importlib.import_module(module).build(Path(path))``
_CHILD = ("import sys; del sys.path[0]; import importlib, pathlib; "
          "importlib.import_module(sys.argv[1]).build(pathlib.Path(sys.argv[2]))")


def ensure_built(path: Path, module: str) -> bool:
    """Make sure ``path`` exists, building it in a child (``module.build(path)``) if not;
    False when it could not be had (no writable cache, the child failed lately, another
    process held the lock too long)."""
    if path.is_file():
        return True
    failed = Path(f"{path}.failed")
    if _recent(failed):
        return False
    import fcntl

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        if not _lock(fd, fcntl):
            return False
        if path.is_file():
            return True
        if _recent(failed):
            return False
        if not _run_child(path, module):
            _mark(failed)
            return False
    finally:
        os.close(fd)
    return path.is_file()


def _lock(fd: int, fcntl) -> bool:
    """Take the exclusive lock, waiting at most ``BUILD_TIMEOUT``."""
    deadline = time.monotonic() + BUILD_TIMEOUT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        except OSError:
            return False


def _run_child(path: Path, module: str) -> bool:
    import subprocess

    root = str(Path(__file__).resolve().parents[2])  # the folder this commlint is in
    extra = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": root + (os.pathsep + extra if extra else "")}
    try:
        subprocess.run(
            [sys.executable, "-c", _CHILD, module, str(path)], check=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=BUILD_TIMEOUT, env=env,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return path.is_file()


def _recent(marker: Path) -> bool:
    try:
        return time.time() - marker.stat().st_mtime < RETRY_AFTER
    except OSError:
        return False


def _mark(marker: Path) -> None:
    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        os.close(fd)
        os.utime(marker)
    except OSError:
        pass


def discard(path: Path) -> None:
    """Remove a file found damaged, so the next ``ensure_built`` builds it again."""
    try:
        path.unlink()
    except OSError:
        pass
