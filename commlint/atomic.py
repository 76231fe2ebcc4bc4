"""The one way commlint writes a file: to a temporary file beside it, then renamed over it.

A reader never sees a half-written file, and concurrent writers leave one whole version.
Files are created readable by their user only (customer text may be inside), unless the
caller keeps an existing file's mode (``--fix`` rewriting a user's file). Whatever stops a
write (an error, a full disk, Ctrl-C), the original stays as it was and no temporary file
is left behind.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(
    path: Path, data: str | bytes | Iterable[bytes | memoryview], *, encoding: str = "utf-8", mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` with ``data`` (or the chunks it yields, so a large file need not be
    held in memory whole) in one step. ``mode`` keeps an existing file's
    permissions when given (``--fix`` rewriting a user's file); otherwise 0600. Without
    ``durable`` the data is not forced to disk first: still atomic for readers, but a crash
    may leave the file empty or short (for caches that check their entries)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    chunks = [data.encode(encoding)] if isinstance(data, str) else [data] if isinstance(data, (bytes, bytearray, memoryview)) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Force the rename itself to disk (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
