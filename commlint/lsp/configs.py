"""The configuration of each buffer, found as the command line finds it (one
``ConfigResolver`` per workspace folder), and one ``Linter`` per configuration, kept for
the life of the server so the model and the rules load once, sharing one in-memory cache of
analysed paragraphs (an edit re-analyses the paragraphs it changed)."""
from __future__ import annotations

import threading
from pathlib import Path

from commlint.config import Config
from commlint.config.resolve import ConfigResolver
from commlint.lint.engine import Linter
from commlint.lint.pool import LinterPool
from commlint.nlp.doc_cache import DocCache
from commlint.nlp.doc_store import MemoryStore


class Configs:
    """Resolvers by workspace folder and linters by configuration. Used from the lint thread;
    ``set_folders`` and ``reload`` may be called from the event loop."""

    def __init__(self, folders: list[Path] | None = None) -> None:
        self._lock = threading.Lock()
        self._folders: list[Path] = []
        self._resolvers: dict[Path, ConfigResolver] = {}
        self.doc_cache = DocCache(MemoryStore())
        self._linters = LinterPool(doc_cache=self.doc_cache, segment_caches=True)
        self.set_folders(folders or [])

    def set_folders(self, folders: list[Path]) -> None:
        """The workspace folders, deepest first (a file belongs to the deepest that holds it)."""
        with self._lock:
            self._folders = sorted({f.absolute() for f in folders}, key=lambda f: len(f.parts), reverse=True)
            self._resolvers = {}

    def reload(self) -> None:
        """Forget what was read from config files (one changed); linters are kept by value."""
        with self._lock:
            self._resolvers = {}

    @property
    def root(self) -> Path:
        """Where an untitled buffer's configuration is found: the first workspace folder, or
        the server's current folder."""
        with self._lock:
            return self._root()

    def _root(self) -> Path:
        return min(self._folders, key=lambda f: len(f.parts)) if self._folders else Path.cwd()

    def _resolver(self, path: Path | None) -> ConfigResolver:
        with self._lock:
            folder = next((f for f in self._folders if path is not None and path.is_relative_to(f)), None)
            if folder is None:
                folder = Path.cwd() if path is not None else self._root()
            resolver = self._resolvers.get(folder)
            if resolver is None:
                resolver = self._resolvers[folder] = ConfigResolver(cwd=folder)
            return resolver

    def config_for(self, path: Path | None) -> Config:
        """The configuration of the file at ``path`` (None: an untitled buffer). Raises the
        ``ConfigError`` of a bad config file."""
        return self._resolver(path).resolve(path)

    def linter_for(self, config: Config) -> Linter:
        """The linter of ``config``, built on first use (raises a ``CommlintError`` for a bad
        rule pack)."""
        return self._linters.get(config)
