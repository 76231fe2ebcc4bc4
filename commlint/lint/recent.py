"""Results of recent inputs, kept in memory by a long-lived process (the warm worker).

A pre-commit hook or an editor sends the same thousand files again with one changed: the
same bytes, read the same way under the same configuration, give the same results, so a
hit skips reading the documents, the on-disk cache and the scoring. Bounded by the text
it holds; the least recently used inputs go first.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable

from commlint.findings.results import FileResult

#: characters of linted text kept (about 4 bytes each in memory, with findings beside)
DEFAULT_CHARS = 8_000_000


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
