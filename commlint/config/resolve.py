"""The configuration of each linted file: the config files from the repository root down
to the file's folder (or only ``--config FILE``), then the command line."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

from commlint.config.discovery import config_in, is_top, read_config
from commlint.config.merge import Merged, matches, merge
from commlint.config.model import Config
from commlint.config.schema import Layer, parse_cli
from commlint.errors import ConfigError


class _HasPath(Protocol):
    path: Path | None


class ConfigResolver:
    """Resolves the configuration of many files in one run. Each folder is looked at and
    each config file read once; a bad config file is reported for every file under it.

    ``explicit`` (``--config FILE``) replaces discovery; ``no_config`` turns files off;
    ``cli`` holds command-line settings by ``Config`` field (``None`` or empty: not given).
    """

    def __init__(
        self, *, explicit: Path | None = None, no_config: bool = False, cli: dict[str, Any] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.cwd = (cwd or Path.cwd()).absolute()
        self._cli = parse_cli(cli or {}, self.cwd)
        self._explicit = None if explicit is None else (read_config(self._absolute(explicit)),)
        self._no_config = no_config
        self._chains: dict[Path, tuple[Layer, ...] | ConfigError] = {}
        self._configs: dict[tuple[tuple[int, ...], ...], Config] = {}
        self._by_path: dict[str | None, Config] = {}
        #: folder (as the paths name it) -> the config of every file in it, for folders
        #: whose config files have no ``overrides:`` (nothing then depends on the file name)
        self._by_folder: dict[str, Config] = {}

    def resolve(self, path: Path | str | None) -> Config:
        """The configuration of the file at ``path`` (None: standard input, resolved from the
        current folder). Files under the same config files, matched by the same
        ``overrides:`` entries, share one ``Config`` (built once per run); where no config
        file of a folder has overrides, its files are resolved once for the folder."""
        name = None if path is None else os.fspath(path)  # a str hashes faster than a Path
        known = self._by_path.get(name)
        if known is not None:
            return known
        folder = None if name is None else os.path.dirname(name)
        shared = self._by_folder.get(folder) if folder is not None else None
        if shared is not None:
            self._by_path[name] = shared
            return shared
        target = None if path is None else self._absolute(Path(path))
        layers = self.layers(target)
        key = tuple(
            (id(layer), *(o.index for o in layer.overrides if target is not None and matches(o, target)))
            for layer in layers
        )
        config = self._configs.get(key)
        if config is None:
            config = self._configs[key] = merge((*layers, self._cli), target).config()
        self._by_path[name] = config
        if folder is not None and not any(layer.overrides for layer in layers):
            self._by_folder[folder] = config
        return config

    def for_input(self, item: _HasPath) -> Config:
        """``resolve`` for a ``commlint.lint.files.Input`` (the runner's ``config_for``)."""
        return self.resolve(item.path)

    def merged(self, path: Path | None) -> Merged:
        """The merged settings of ``path`` with the source of every value."""
        target = None if path is None else self._absolute(path)
        return merge((*self.layers(target), self._cli), target)

    def layers(self, path: Path | None) -> tuple[Layer, ...]:
        """The config files that apply to ``path``, farthest first (without the command line)."""
        if self._explicit is not None:
            return self._explicit
        if self._no_config:
            return ()
        return self._chain(self.cwd if path is None else self._absolute(path).parent)

    def _chain(self, folder: Path) -> tuple[Layer, ...]:
        chain = self._chains.get(folder)
        if chain is None:
            try:
                chain = self._build_chain(folder)
            except ConfigError as exc:
                chain = exc
            self._chains[folder] = chain
        if isinstance(chain, ConfigError):
            raise chain
        return chain

    def _build_chain(self, folder: Path) -> tuple[Layer, ...]:
        own_path = config_in(folder)
        own = () if own_path is None else (read_config(own_path),)
        return own if is_top(folder) else self._chain(folder.parent) + own

    def _absolute(self, path: Path) -> Path:
        return Path(os.path.normpath(path if path.is_absolute() else self.cwd / path))


def resolve_config(
    path: Path | None, *, explicit: Path | None = None, no_config: bool = False, cli: dict[str, Any] | None = None,
) -> Config:
    """The configuration of one file (None: standard input). For many files, build one
    ``ConfigResolver`` and call ``resolve``: it reads each config file once."""
    return ConfigResolver(explicit=explicit, no_config=no_config, cli=cli).resolve(path)


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Config file ``path`` alone (None: no file) with the command-line ``overrides``."""
    return ConfigResolver(explicit=path, no_config=path is None, cli=overrides).resolve(None)
