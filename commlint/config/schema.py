"""Validate one source of settings (a config file, an ``overrides:`` entry, the command line)
into plain values: lists become tuples, mappings stay ordered dicts until merged.

Every problem is a ``ConfigError`` naming the source and the key: ``file: key: problem``.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Callable

from commlint.config.model import FAIL_ON, GRAMMAR_ENGINES, PLATFORMS
from commlint.document.model import AUDIENCES, CHANNELS, DOCUMENT_KINDS
from commlint.errors import ConfigError
from commlint.findings.score import DEFAULT_BUDGETS, DEFAULT_POINTS
from commlint.options import kind_of
from commlint.sources import READERS

SEVERITIES = ("error", "warning", "info")
#: the numeric options of ``metric`` rules that ``thresholds`` may set
THRESHOLD_KEYS = ("max", "min", "min_words", "max_words")
#: keys that hold a mapping (merged entry by entry across files); the rest are replaced whole
MAPPING_KEYS = ("severity", "thresholds", "extra_terms", "score_weights", "score_points")
#: keys an ``overrides:`` entry may set, besides ``files``
OVERRIDE_KEYS = (
    "audience", "channel", "kind", "platform", "select", "ignore", "severity", "thresholds", "allow_terms", "extra_terms",
    "grammar", "grammar_documents", "score_weights", "score_points", "min_score",
)
_PATH_KEYS = ("packs", "lexicons")


@dataclasses.dataclass(frozen=True)
class Override:
    """One ``overrides:`` entry: settings for the files its globs match, relative to ``base``."""

    index: int
    files: tuple[str, ...]
    values: dict[str, Any]
    base: Path


@dataclasses.dataclass(frozen=True)
class Layer:
    """The settings one source declares. ``label`` names it in errors and provenance."""

    label: str
    values: dict[str, Any]
    overrides: tuple[Override, ...] = ()


class _Bad(Exception):
    """A problem with the value at ``key`` (a path inside the source, like ``severity.T101``)."""

    def __init__(self, key: str, problem: str) -> None:
        self.key, self.problem = key, problem


def parse_layer(raw: Any, label: str, base: Path) -> Layer:
    """The settings of a config file (parsed YAML or the ``[tool.commlint]`` table)."""
    if raw is None:
        return Layer(label, {})
    if not isinstance(raw, dict):
        raise ConfigError(label, "must be a mapping of settings")
    raw = _keys(raw)
    overrides_raw = raw.pop("overrides", None)
    try:
        values = _values(raw, KEYS, base, "")
        overrides = _overrides(overrides_raw, base)
    except _Bad as bad:
        raise ConfigError(f"{label}: {bad.key}", bad.problem) from None
    return Layer(label, values, overrides)


def parse_cli(options: dict[str, Any], base: Path) -> Layer:
    """Command-line settings: keys are ``Config`` fields; ``None`` and empty lists mean "not given"."""
    given = {k: list(v) if isinstance(v, tuple) and k not in MAPPING_KEYS else v
             for k, v in options.items() if v not in (None, (), [])}
    for key in MAPPING_KEYS:  # given as pairs on the command line
        if isinstance(given.get(key), tuple):
            given[key] = dict(given[key])
    try:
        return Layer("command line", _values(_keys(given), KEYS, base, ""))
    except _Bad as bad:
        raise ConfigError(f"command line: {bad.key}", bad.problem) from None


def _keys(raw: dict) -> dict[str, Any]:
    return {str(k).replace("-", "_"): v for k, v in raw.items()}


def _values(raw: dict[str, Any], allowed: dict[str, Callable], base: Path, prefix: str) -> dict[str, Any]:
    values = {}
    for key, value in raw.items():
        check = allowed.get(key)
        if check is None:
            raise _Bad(prefix + key, f"unknown key (expected one of: {', '.join(sorted(allowed))})")
        values[key] = check(value, prefix + key)
        if key in _PATH_KEYS:
            values[key] = tuple(str((base / p).resolve()) for p in values[key])
    return values


def _overrides(raw: Any, base: Path) -> tuple[Override, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _Bad("overrides", f"expected a list of {{files: [...], ...}} entries, got {kind_of(raw)}")
    allowed = {k: KEYS[k] for k in OVERRIDE_KEYS}
    found = []
    for i, entry in enumerate(raw):
        where = f"overrides[{i}]"
        if not isinstance(entry, dict):
            raise _Bad(where, f"expected a mapping with files and settings, got {kind_of(entry)}")
        entry = _keys(entry)
        if "files" not in entry:
            raise _Bad(f"{where}.files", "is required (a list of globs)")
        files = entry.pop("files")
        files = _strings([files] if isinstance(files, str) else files, f"{where}.files")
        if not files:
            raise _Bad(f"{where}.files", "give at least one glob")
        from commlint.config.merge import _glob  # (merge imports this module)

        for j, glob in enumerate(files):
            try:
                _glob(glob)
            except re.error as exc:
                raise _Bad(f"{where}.files[{j}]", f"bad glob {glob!r}: {exc}") from None
        try:
            values = _values(entry, allowed, base, f"{where}.")
        except _Bad as bad:
            if bad.problem.startswith("unknown key"):
                raise _Bad(bad.key, f"unknown key (an override may set: files, {', '.join(OVERRIDE_KEYS)})") from None
            raise
        found.append(Override(i, files, values, base))
    return tuple(found)


# -- value checks ----------------------------------------------------------------------------


def _string(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(key, f"expected a non-empty string, got {kind_of(value)}")
    return value.strip()


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad(key, f"expected a list of strings, got {kind_of(value)}")
    return tuple(_string(v, f"{key}[{i}]") for i, v in enumerate(value))


def _choice(choices: tuple[str, ...]) -> Callable[[Any, str], str]:
    def check(value: Any, key: str) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise _Bad(key, f"{value!r} is not one of {', '.join(choices)}")
        return value.strip().lower()
    return check


def _boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _Bad(key, f"expected true or false, got {kind_of(value)}")
    return value


def _positive(unit: str) -> Callable[[Any, str], int]:
    """A check for a positive whole number of ``unit`` (bytes, seconds)."""
    def check(value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise _Bad(key, f"expected a positive number of {unit}, got {value!r}")
        return value
    return check


def _documents(value: Any, key: str) -> tuple[str, ...]:
    kind = _choice(DOCUMENT_KINDS)
    return tuple(kind(v, f"{key}[{i}]") for i, v in enumerate(_strings(value, key)))


def _url(value: Any, key: str) -> str:
    url = _string(value, key)
    if not re.match(r"https?://[^\s/]+", url):
        raise _Bad(key, f"expected the http:// or https:// address of a LanguageTool server, got {url!r}")
    return url


def _mapping(value: Any, key: str) -> dict:
    if not isinstance(value, dict):
        raise _Bad(key, f"expected a mapping of rule -> value, got {kind_of(value)}")
    for selector in value:
        if not isinstance(selector, str) or not selector.strip():
            raise _Bad(key, f"rule selector {selector!r} must be a non-empty string (id, name prefix or category)")
    return value


def _severity(value: Any, key: str) -> dict[str, str]:
    level = _choice(SEVERITIES)
    return {sel.strip(): level(v, f"{key}.{sel}") for sel, v in _mapping(value, key).items()}


def _thresholds(value: Any, key: str) -> dict[str, dict[str, int | float]]:
    out: dict[str, dict[str, int | float]] = {}
    for selector, limits in _mapping(value, key).items():
        where = f"{key}.{selector}"
        if not isinstance(limits, dict) or not limits:
            raise _Bad(where, f"expected a mapping like {{max: 30}}, got {kind_of(limits)}")
        checked = {}
        for name, number in limits.items():
            if name not in THRESHOLD_KEYS:
                raise _Bad(f"{where}.{name}", f"unknown threshold (expected one of: {', '.join(THRESHOLD_KEYS)})")
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise _Bad(f"{where}.{name}", f"expected a number, got {kind_of(number)}")
            checked[name] = number
        out[selector.strip()] = checked
    return out


def _extra_terms(value: Any, key: str) -> dict[str, str]:
    """A list of terms (strings or ``{term, plain}``) or a mapping term -> plain alternative."""
    if isinstance(value, dict):
        pairs = [(_string(t, key), p) for t, p in value.items()]
        return {t: "" if p is None else _plain(p, f"{key}.{t}") for t, p in pairs}
    if not isinstance(value, list):
        raise _Bad(key, f"expected a list of terms or a mapping term -> plain alternative, got {kind_of(value)}")
    out = {}
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if isinstance(item, str):
            out[_string(item, where)] = ""
        elif isinstance(item, dict):
            unknown = set(item) - {"term", "plain"}
            if unknown or "term" not in item:
                raise _Bad(where, "expected {term: ..., plain: ...}" + (f" (unknown key {sorted(map(str, unknown))[0]!r})" if unknown else ""))
            out[_string(item["term"], f"{where}.term")] = _plain(item.get("plain"), f"{where}.plain")
        else:
            raise _Bad(where, f"expected a term or {{term, plain}}, got {kind_of(item)}")
    return out


def _plain(value: Any, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(key, f"expected the plain alternative as a string, got {kind_of(value)}")
    return value.strip()


def _weights(names: dict[str, float]) -> Callable[[Any, str], dict[str, float]]:
    """A check for a mapping of some of ``names`` to numbers of zero or more."""
    def check(value: Any, key: str) -> dict[str, float]:
        if not isinstance(value, dict):
            raise _Bad(key, f"expected a mapping like {{{next(iter(names))}: 10}}, got {kind_of(value)}")
        out = {}
        for name, number in value.items():
            if name not in names:
                raise _Bad(f"{key}.{name}", f"unknown entry (expected one of: {', '.join(names)})")
            if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0 or number != number:
                raise _Bad(f"{key}.{name}", f"expected a number of zero or more, got {number!r}")
            out[name] = float(number)
        return out
    return check


def _score(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise _Bad(key, f"expected a whole number from 0 to 100, got {value!r}")
    return value


#: the check of every ``Config`` field
KEYS: dict[str, Callable[[Any, str], Any]] = {
    "model": _string,
    "select": _strings, "ignore": _strings, "include": _strings, "exclude": _strings,
    "packs": _strings, "lexicons": _strings, "allow_terms": _strings,
    "fail_on": _choice(FAIL_ON),
    "default_packs": _boolean,
    "kind": _choice(DOCUMENT_KINDS), "channel": _choice(CHANNELS), "audience": _choice(AUDIENCES),
    "platform": _choice(PLATFORMS), "input_format": _choice(tuple(READERS)),
    "severity": _severity, "thresholds": _thresholds, "extra_terms": _extra_terms,
    "max_file_size": _positive("bytes"),
    "grammar": _choice(GRAMMAR_ENGINES), "grammar_url": _url, "grammar_idle": _positive("seconds"),
    "require_grammar": _boolean, "grammar_documents": _documents,
    "score_weights": _weights(DEFAULT_BUDGETS), "score_points": _weights(DEFAULT_POINTS), "min_score": _score,
}
