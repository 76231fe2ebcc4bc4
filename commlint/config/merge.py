"""Merge layers of settings key by key, remembering where each value came from.

Layers apply farthest first: defaults, then each config file from the repository root down
to the file's folder (each file followed by its ``overrides:`` entries that match the
file, in order), then the command line. A nearer layer wins: lists and scalars are
replaced whole; ``severity``, ``thresholds`` and ``extra_terms`` merge entry by entry (a
``thresholds`` entry merges option by option).
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
from pathlib import Path
from typing import Any, Iterable

from commlint.config.model import Config
from commlint.config.schema import MAPPING_KEYS, Layer, Override

DEFAULT = "default"


@dataclasses.dataclass
class Merged:
    """Merged settings: ``values`` per key, and ``sources``: per key the label of the layer
    that set it (for mapping keys, a label per entry)."""

    values: dict[str, Any]
    sources: dict[str, Any]

    @classmethod
    def defaults(cls) -> "Merged":
        config = Config()
        values = {f.name: getattr(config, f.name) for f in dataclasses.fields(Config)}
        for key in MAPPING_KEYS:
            values[key] = {}
        return cls(values, {key: ({} if key in MAPPING_KEYS else DEFAULT) for key in values})

    def apply(self, values: dict[str, Any], label: str) -> None:
        for key, value in values.items():
            if key not in MAPPING_KEYS:
                self.values[key], self.sources[key] = value, label
                continue
            entries, sources = self.values[key], self.sources[key]
            for entry, setting in value.items():
                # popped and re-inserted last: the engine lets later entries win
                old, old_label, here = entries.pop(entry, None), sources.pop(entry, None), label
                if key == "thresholds" and old is not None and not set(old) <= set(setting):
                    setting, here = {**old, **setting}, f"{old_label}; {label}"
                entries[entry], sources[entry] = setting, here

    def config(self) -> Config:
        values = dict(self.values)
        values["severity"] = tuple(values["severity"].items())
        values["extra_terms"] = tuple(values["extra_terms"].items())
        values["score_weights"] = tuple(values["score_weights"].items())
        values["score_points"] = tuple(values["score_points"].items())
        values["thresholds"] = tuple((sel, tuple(limits.items())) for sel, limits in values["thresholds"].items())
        return Config(**values)


def merge(layers: Iterable[Layer], path: Path | None) -> Merged:
    """The settings of ``layers`` (farthest first) for the file at absolute ``path`` (None:
    standard input, which no ``overrides:`` glob matches)."""
    merged = Merged.defaults()
    for layer in layers:
        merged.apply(layer.values, layer.label)
        for override in layer.overrides:
            if path is not None and matches(override, path):
                merged.apply(override.values, override_label(layer.label, override))
    return merged


def override_label(label: str, override: Override) -> str:
    return f"{label} overrides[{override.index}] (files: {', '.join(override.files)})"


def matches(override: Override, path: Path) -> bool:
    """Does a glob of ``override`` match ``path`` relative to the override's folder?

    A glob with no ``/`` matches the file name in any folder (``*.md``); one with a ``/``
    matches the whole relative path (``kb/admin/**``, ``**/faq-*.md``); ``**`` spans
    folders and a trailing ``/`` means everything below that folder."""
    relative = Path(os.path.relpath(path, override.base)).as_posix()
    name = path.name
    for glob in override.files:
        anchored = "/" in glob.rstrip("/") or glob.endswith("/")
        if _glob(glob).match(relative if anchored else name):
            return True
    return False


@functools.lru_cache(maxsize=256)
def _glob(glob: str) -> re.Pattern[str]:
    glob = glob.removeprefix("./").lstrip("/")
    if glob.endswith("/"):
        glob += "**"
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and (close := glob.find("]", i + 2)) > 0:
            body = glob[i + 1 : close]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")
