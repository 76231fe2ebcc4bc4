"""Find and read config files: ``commlint.yaml``, ``.commlint.yaml``, ``.commlint.yml`` or
``[tool.commlint]`` in ``pyproject.toml``, from a folder up to the repository root."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

from commlint.config.model import CONFIG_NAMES, PYPROJECT
from commlint.config.schema import Layer, parse_layer
from commlint.errors import ConfigError, PackError
from commlint.yamlio import read_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the tomli backport, same API
    import tomli as tomllib


def folders_up(start: Path) -> Iterator[Path]:
    """``start`` and its parents, nearest first, up to the repository root (the folder that
    holds ``.git``) or the filesystem root."""
    for folder in (start, *start.parents):
        yield folder
        if is_top(folder):
            return


def is_top(folder: Path) -> bool:
    """Does discovery stop at ``folder``: a repository root, or the filesystem root?"""
    return folder.parent == folder or _exists(folder / ".git")


def config_in(folder: Path) -> Path | None:
    """The config file of ``folder``: the first of ``CONFIG_NAMES``, else a ``pyproject.toml``
    with a ``[tool.commlint]`` table."""
    for name in CONFIG_NAMES:
        if _is_file(folder / name):
            return folder / name
    pyproject = folder / PYPROJECT
    if _is_file(pyproject) and _commlint_table(pyproject) is not None:
        return pyproject
    return None


def find_config(start: Path) -> Path | None:
    """The nearest config file in ``start`` or a parent folder, up to the repository root."""
    for folder in folders_up(start.absolute()):
        found = config_in(folder)
        if found is not None:
            return found
    return None


def read_config(path: Path) -> Layer:
    """The settings in config file ``path`` (YAML, or ``pyproject.toml``'s ``[tool.commlint]``)."""
    label = str(path)
    if not _is_file(path):
        raise ConfigError(label, "config file not found")
    if path.name == PYPROJECT:
        table = _commlint_table(path)
        if table is None:
            raise ConfigError(label, "has no [tool.commlint] table")
        return parse_layer(table, f"{label} [tool.commlint]", path.parent.absolute())
    try:
        raw = read_yaml(path, label)
    except PackError as exc:
        raise ConfigError(exc.where, exc.problem) from None
    return parse_layer(raw, label, path.parent.absolute())


def _commlint_table(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    if "commlint" not in text:  # not ours: do not fail on someone else's broken TOML
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("commlint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(str(path), "tool.commlint must be a table")
    return table


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False
