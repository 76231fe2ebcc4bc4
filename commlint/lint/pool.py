"""Linters kept by configuration in long-running processes (the warm worker, the language
server): each is built on first use, so the model and the rules load once, and the least
recently used is dropped beyond a bound (configurations edited away)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable

from commlint.config import Config
from commlint.lint.engine import Linter
from commlint.lint.segment_cache import SegmentFindings
from commlint.nlp.doc_cache import DocCache


class LinterPool:
    """At most ``most`` Linters, by configuration and an optional key (a digest of the
    packs' content, so an edited pack gets a new Linter); with ``segment_caches``, each
    keeps its segment-local rules' findings per segment (``SegmentFindings``), so a
    request that repeats most of an earlier text re-runs them on what changed only."""

    def __init__(self, most: int = 8, doc_cache: DocCache | None = None, segment_caches: bool = False) -> None:
        self.most = most
        self.doc_cache = doc_cache
        self.segment_caches = segment_caches
        self._linters: OrderedDict[tuple[Config, Hashable], Linter] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, config: Config, key: Hashable = None, doc_cache: DocCache | None = None) -> Linter:
        """The Linter of ``config`` (raises the ``CommlintError`` of a bad rule pack), using
        ``doc_cache`` for this use, else the pool's."""
        with self._lock:
            linter = self._linters.get((config, key))
            if linter is None:
                linter = self._linters[(config, key)] = Linter(config)
                if self.segment_caches:
                    linter.segment_cache = SegmentFindings()
                while len(self._linters) > self.most:
                    self._linters.popitem(last=False)
            self._linters.move_to_end((config, key))
            linter.doc_cache = doc_cache if doc_cache is not None else self.doc_cache
            return linter
