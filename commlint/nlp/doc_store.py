"""Where analysed segments are kept: opaque entries by key, in memory (an LRU) or on disk.

The disk store is shared by concurrent runs: each entry is one file, replaced atomically,
with a checksum, so a damaged, truncated or half-deleted entry reads as a miss. Its size
is bounded: the oldest-read entries go first. Files are mode 0600 in folders of mode 0700
(they hold customer text).
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from commlint.atomic import write_atomic

MEMORY_LIMIT = 16_000_000  #: bytes of entries a process keeps in memory
DISK_LIMIT = 200_000_000  #: bytes of entries kept on disk

_MAGIC = b"commlint-doc 1\n"
_SUM = 16  #: bytes of the checksum after the magic
_USAGE = "usage"  #: file in the store's folder: its size at the last count
_RECOUNT = 24 * 3600.0  #: seconds after which the recorded size is counted again
_STALE_TEMP = 3600.0  #: seconds after which a temporary file is a crashed writer's


class MemoryStore:
    """Entries in this process, least recently used dropped first past ``limit`` bytes."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self.limit = limit
        self.size = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: bytes) -> None:
        if len(entry) > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.size += len(entry) - (len(old) if old is not None else 0)
            self._entries[key] = entry
            while self.size > self.limit:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped)


class DiskStore:
    """Entries as files ``folder/<key[:2]>/<key>``. The size is checked cheaply: the total
    recorded in ``folder/usage`` plus what this process wrote since, once on the first
    write and again each ``limit // 64`` bytes; past ``limit`` (or a day after the last
    count) the folder is counted and the oldest-read entries removed down to 3/4 of it."""

    def __init__(self, folder: Path, limit: int = DISK_LIMIT) -> None:
        self.folder = folder
        self.limit = limit
        self._unrecorded = 0
        self._record_at = 0  #: the first write checks the size
        self._made: set[Path] = set()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The entry of ``key``, or None (missing, damaged, unreadable). Marks it as read."""
        try:
            with open(self._path(key), "rb") as handle:
                data = handle.read()
                try:
                    os.utime(handle.fileno())  # read now: evicted last
                except OSError:
                    pass
        except OSError:
            return None
        head = len(_MAGIC) + _SUM
        if len(data) < head or not data.startswith(_MAGIC):
            return None
        body = data[head:]
        return body if data[len(_MAGIC):head] == _checksum(key, body) else None

    def put(self, key: str, entry: bytes) -> None:
        """Store ``entry`` (a cache that cannot be written is only slower: errors are dropped)."""
        data = _MAGIC + _checksum(key, entry) + entry
        path = self._path(key)
        try:
            self._make(path.parent)
            write_atomic(path, data, durable=False)  # a short file after a crash fails its checksum
        except OSError:
            return
        self._unrecorded += len(data)
        if self._unrecorded >= self._record_at:
            self._account()

    def _make(self, folder: Path) -> None:
        """Create ``folder`` and the store's folder, mode 0700, if they are missing."""
        if folder in self._made:
            return
        for path in (self.folder.parent, self.folder, folder):
            try:
                path.mkdir(mode=0o700, parents=path == self.folder.parent)
            except FileExistsError:
                continue
            os.chmod(path, 0o700)  # whatever the umask
        self._made.add(folder)

    def _account(self) -> None:
        """Add what this process wrote to the recorded size; count and evict when past the limit."""
        usage = self.folder / _USAGE
        try:
            recorded = int(usage.read_text(encoding="ascii"))
            fresh = time.time() - usage.stat().st_mtime < _RECOUNT
        except (OSError, ValueError):
            recorded, fresh = 0, False
        total = recorded + self._unrecorded
        if not fresh or total > self.limit:
            self.sweep()
        else:
            self._record(total)
        self._unrecorded = 0
        self._record_at = max(1, self.limit // 64)

    def _record(self, total: int) -> None:
        try:
            write_atomic(self.folder / _USAGE, str(total), durable=False)
        except OSError:
            pass

    def sweep(self) -> int:
        """Count the entries; past the limit remove the oldest-read ones down to 3/4 of it,
        and temporary files a crashed writer left. Returns the bytes kept."""
        now = time.time()
        entries: list[tuple[float, int, str]] = []
        try:
            folders = [e.path for e in os.scandir(self.folder) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return 0
        for folder in folders:
            try:
                files = list(os.scandir(folder))
            except OSError:
                continue
            for file in files:
                try:
                    info = file.stat(follow_symlinks=False)
                except OSError:
                    continue  # removed by another run meanwhile
                if file.name.endswith(".tmp"):
                    if now - info.st_mtime > _STALE_TEMP:
                        _remove(file.path)
                    continue
                entries.append((info.st_mtime, info.st_size, file.path))
        total = sum(size for _, size, _ in entries)
        if total > self.limit:
            entries.sort()
            target = self.limit * 3 // 4
            for _, size, path in entries:
                if total <= target:
                    break
                _remove(path)
                total -= size
        self._record(total)
        return total


def _checksum(key: str, body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_SUM, key=key.encode("ascii")[:64]).digest()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
