"""Build a data file of the user cache in a child process, once per install.

Reading a package's raw tables into Python objects to derive a compact file (the syllable
trie, the inflection index) costs tens of megabytes that a process never gives back to
the system; done in a child, that memory goes with the child. One builder at a time: a
process that waited for the lock finds the file there and does not build it again.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

BUILD_TIMEOUT = 300  #: seconds a child may take (a few seconds on a laptop)


def ensure_built(path: Path, module: str) -> bool:
    """Make sure ``path`` exists, running ``python -m <module> <path>`` to build it if not;
    False when it could not be built (no writable cache, the child failed)."""
    if path.is_file():
        return True
    import fcntl
    import subprocess

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if not path.is_file():
            # PYTHONSAFEPATH: the current folder is not searched first, so a folder that
            # happens to hold another ``commlint`` (a checkout of it) is not what builds the file
            subprocess.run(
                [sys.executable, "-m", module, str(path)], check=True, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=BUILD_TIMEOUT,
                env={**os.environ, "PYTHONSAFEPATH": "1"},
            )
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        os.close(fd)
    return path.is_file()
