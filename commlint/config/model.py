"""Configuration: ``.commlint.yaml`` (found upwards from the current folder) plus options,
resolved into one frozen ``Config``."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from commlint.errors import ConfigError, PackError
from commlint.findings import Severity
from commlint.nlp.pipeline import DEFAULT_MODEL
from commlint.options import OptionError, parse_options
from commlint.yamlio import read_yaml

CONFIG_NAMES = (".commlint.yaml", ".commlint.yml")
FAIL_ON = ("error", "warning", "info", "never")


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything that decides what a run reports. Paths are absolute."""

    model: str = DEFAULT_MODEL  #: any installed spaCy pipeline
    select: tuple[str, ...] = ()  #: rule ids, name prefixes or categories; empty: all enabled rules
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    include: tuple[str, ...] = ()  #: globs for files found in folders; empty: every format a reader knows
    exclude: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()  #: extra rule-pack folders or files
    lexicons: tuple[str, ...] = ()  #: extra lexicon folders
    default_packs: bool = True  #: load the packs that ship with commlint
    # what the linted documents are (readers set them where the source says; these override)
    kind: str | None = None  #: reply | article | macro
    channel: str | None = None  #: email | chat | ticket | kb
    audience: str | None = None  #: customer | technical (a KB for administrators may use more terms)
    platform: str | None = None  #: zendesk | freshdesk: whose placeholder fields are known
    input_format: str | None = None  #: force one reader (see commlint.sources.READERS)
    # per-rule adjustments
    severity: tuple[tuple[str, str], ...] = ()  #: (rule selector, error|warning|info)
    thresholds: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()  #: (rule selector, ((option, value), ...))
    allow_terms: tuple[str, ...] = ()  #: product names, UI labels, the team's own words: never flagged
    extra_terms: tuple[tuple[str, str], ...] = ()  #: (term, plain alternative) the team wants flagged as jargon
    max_file_size: int = 20_000_000  #: bytes; larger inputs are refused with one line

    def fail_threshold(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


def find_config(start: Path) -> Path | None:
    """The nearest config file in ``start`` or a parent folder."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Read ``path`` (if any), apply non-empty ``overrides`` and validate the result."""
    data: dict[str, Any] = {}
    base = Path.cwd()
    label = "options"
    if path is not None:
        label = str(path)
        raw = read_yaml(path, label) if path.is_file() else _missing(path)
        if raw is not None and not isinstance(raw, dict):
            raise ConfigError(label, "must be a mapping of settings")
        data = {str(k).replace("-", "_"): v for k, v in (raw or {}).items()}
        base = path.parent
    for key, value in (overrides or {}).items():
        if value not in (None, (), []):
            data[key] = list(value) if isinstance(value, tuple) else value
    try:
        config = parse_options(Config, data)
    except OptionError as exc:
        raise ConfigError(f"{label}: {exc.field}", exc.problem) from None
    if config.fail_on not in FAIL_ON:
        raise ConfigError(f"{label}: fail_on", f"{config.fail_on!r} is not one of {', '.join(FAIL_ON)}")
    return dataclasses.replace(
        config,
        packs=tuple(str((base / p).resolve()) for p in config.packs),
        lexicons=tuple(str((base / p).resolve()) for p in config.lexicons),
    )


def _missing(path: Path) -> None:
    raise ConfigError(str(path), "config file not found")


__all__ = ["Config", "find_config", "load_config", "PackError"]
