"""Results of recent inputs, kept in memory by a long-lived process (the warm worker).

A pre-commit hook or an editor sends the same thousand files again with one changed: the
same bytes, read the same way under the same configuration, give the same results, so a
hit skips reading the documents, the on-disk cache and the scoring. Bounded by the text
it holds; the least recently used inputs go first.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from typing import Hashable

from commlint.findings.results import FileResult

#: characters of linted text kept (about 4 bytes each in memory, with findings beside)
DEFAULT_CHARS = 8_000_000
#: a file's status stands for its bytes only once it is this much older than when it was
#: noted (as git's index treats "racily clean" files): a write within the same tick of
#: the file system's clock could otherwise leave size and times unchanged
SETTLED_NS = 2_000_000_000


def stamp(item, settings: tuple) -> tuple | None:
    """The key by which a file whose status is unchanged since it was noted is known
    without reading it again (``item`` an ``Input`` from the folder walk, ``settings``
    what besides its bytes decides its results: configuration, packs, engine); None when
    its status is not known or too recent to stand for its bytes."""
    info = item.info
    if info is None or item.path is None:
        return None
    settled = time.time_ns() - SETTLED_NS
    if info.st_mtime_ns >= settled or info.st_ctime_ns >= settled:
        return None
    return ("stat", item.display, os.fspath(item.path), info.st_dev, info.st_ino, info.st_size,
            info.st_mtime_ns, info.st_ctime_ns, *settings)


class RecentResults:
    """``FileResult`` lists by (input key, name shown, configuration), at most ``most_chars``
    characters of text in all."""

    def __init__(self, most_chars: int = DEFAULT_CHARS) -> None:
        self.most_chars = most_chars
        self._held = 0
        self._entries: OrderedDict[Hashable, tuple[list[FileResult], int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> list[FileResult] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return list(entry[0])

    def put(self, key: Hashable, results: list[FileResult]) -> None:
        size = sum(len(r.text) for r in results)
        if size > self.most_chars:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._held -= old[1]
            self._entries[key] = (list(results), size)
            self._held += size
            while self._held > self.most_chars:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._held -= dropped

    def __len__(self) -> int:
        return len(self._entries)
