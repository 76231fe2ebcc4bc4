"""The server's own settings, from the client's ``initializationOptions``."""
from __future__ import annotations

import dataclasses
from typing import Any

DEFAULT_DEBOUNCE = 0.05  #: seconds of quiet after an edit before the buffer is linted
_MAX_DEBOUNCE = 10.0


@dataclasses.dataclass(frozen=True)
class Settings:
    debounce: float = DEFAULT_DEBOUNCE


def parse_settings(options: Any) -> tuple[Settings, list[str]]:
    """The settings in ``initializationOptions`` and one line per problem with them (a bad
    value is replaced by its default, so the server still starts)."""
    if options is None:
        return Settings(), []
    if not isinstance(options, dict):
        return Settings(), ["initializationOptions must be an object, such as {\"debounce\": 0.05}; using the defaults"]
    problems = []
    debounce = options.get("debounce", DEFAULT_DEBOUNCE)
    if isinstance(debounce, bool) or not isinstance(debounce, (int, float)) or not 0 <= debounce <= _MAX_DEBOUNCE:
        problems.append(
            f"initializationOptions.debounce must be a number of seconds from 0 to {_MAX_DEBOUNCE:g}, not "
            f"{debounce!r}; using {DEFAULT_DEBOUNCE:g}"
        )
        debounce = DEFAULT_DEBOUNCE
    unknown = sorted(set(options) - {"debounce"})
    if unknown:
        problems.append(f"initializationOptions: unknown setting {unknown[0]!r} (known: debounce); ignored")
    return Settings(debounce=float(debounce)), problems
