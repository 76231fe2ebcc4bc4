"""``commlint config FILE``: the configuration that applies to a file, and where each value
came from (default, a config file and override, or the command line). The output is YAML."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from commlint.config.merge import DEFAULT
from commlint.config.model import Config
from commlint.config.resolve import ConfigResolver
from commlint.config.schema import MAPPING_KEYS
from commlint.grammar import AUTO, choose


def explain_config(
    path: Path | None, *, explicit: Path | None = None, no_config: bool = False, cli: dict[str, Any] | None = None,
) -> str:
    """Every setting's effective value for the file at ``path`` (None: standard input), with
    its source as a trailing comment."""
    resolver = ConfigResolver(explicit=explicit, no_config=no_config, cli=cli)
    merged = resolver.merged(path)
    layers = resolver.layers(path)
    lines = [
        f"# configuration for {'standard input' if path is None else path}",
        "# files, farthest first: " + (", ".join(layer.label for layer in layers) or "none"),
    ]
    rows: list[tuple[str, str]] = []
    for field in dataclasses.fields(Config):
        key = field.name
        value, source = merged.values[key], merged.sources[key]
        if key == "grammar" and value == AUTO:  # say what auto stands for here and now
            source = f"{source}; picks {choose(AUTO, merged.values['grammar_url'])} on this machine"
        if key not in MAPPING_KEYS:
            rows.append((f"{key}: {_value(value)}", source))
            continue
        if not value:
            rows.append((f"{key}: {{}}", DEFAULT))
            continue
        rows.append((f"{key}:", ""))
        rows += [(f"  {json.dumps(entry, ensure_ascii=False)}: {_value(setting)}", source[entry])
                 for entry, setting in value.items()]
    width = min(60, max(len(text) for text, _ in rows)) + 2
    lines += [f"{text:<{width}}# {source}" if source else text for text, source in rows]
    return "\n".join(lines)


def _value(value: Any) -> str:
    """JSON, which is YAML: lists in brackets, strings quoted, nothing as null."""
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)
