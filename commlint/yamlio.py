"""Read YAML data files with one-line errors that name the file."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import yaml

from commlint.errors import PackError

#: files at least this large (the shipped packs and lexicons) are parsed once: the parsed
#: data is kept in the user cache, keyed by the file's bytes, and read back in a fraction
#: of the time (parsing all packs took 0.45 s of every cold start)
CACHE_FROM_BYTES = 8_000
_CACHE_FORMAT = b"commlint-yaml-1\0"


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _StrictLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader that refuses duplicate keys (PyYAML silently keeps the last one)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path, label: str) -> Any:
    """Parse ``path`` as YAML; syntax errors become a ``PackError`` naming ``label`` and the line."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError.at(label, f"cannot read: {exc}") from None
    cached = _cache_path(raw) if len(raw) >= CACHE_FROM_BYTES else None
    if cached is not None:
        try:
            return pickle.loads(cached.read_bytes())  # noqa: S301 - written by this user, keyed by content
        except Exception:  # noqa: BLE001 - missing or damaged: parse again
            pass
    data = _parse(text, label)
    if cached is not None:
        try:
            from commlint.atomic import write_atomic

            write_atomic(cached, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            pass  # only slower next time
    return data


def _cache_path(raw: bytes) -> Path | None:
    try:
        from commlint.paths import cache_root

        digest = hashlib.sha256(_CACHE_FORMAT + yaml.__version__.encode() + b"\0" + raw).hexdigest()
        return cache_root() / "yaml" / f"{digest}.pickle"
    except Exception:  # noqa: BLE001 - no cache folder: parse every time
        return None


def _parse(text: str, label: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError.at(label, f"invalid YAML{where}: {problem}") from None
