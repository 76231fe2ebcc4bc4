"""Check values given from Python (``Config(select="tone")``, ``lint_text(kind=...)``) so
misuse fails at once, with a message naming the argument as the caller wrote it, rather
than deep inside a run or in terms of command-line flags. (Config files and the command
line are checked by ``commlint.config.schema``, which names the file and key.)"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: ``Config`` fields that hold several strings; a lone string is one value
STRING_FIELDS = ("select", "ignore", "include", "exclude", "packs", "lexicons", "allow_terms", "grammar_documents")
#: ... of which rule selectors, where a string may also be a comma list (as with --select)
SELECTOR_FIELDS = ("select", "ignore")
#: ``Config`` fields that hold (key, value) pairs; a mapping gives its items
PAIR_FIELDS = ("severity", "thresholds", "extra_terms")
SEVERITIES = ("error", "warning", "info")
#: ``Config`` fields that hold a whole number (True: it may be None)
INT_FIELDS = {"max_file_size": False, "grammar_idle": True}


def type_name(value: Any) -> str:
    """How an error names what it was given: ``bytes``, ``None``, ``list``..."""
    return "None" if value is None else type(value).__name__


def check_choice(where: str, value: Any, choices: Iterable[str], optional: bool = True) -> str | None:
    """``value`` if it is one of ``choices`` (or None when ``optional``), lower-cased; else
    a ValueError (or TypeError for a non-string) naming ``where`` and the choices."""
    allowed = tuple(choices)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{where} expects one of {', '.join(allowed)} as a string, got {type_name(value)}")
    if value.strip().lower() not in allowed:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value.strip().lower()


def strings(field: str, value: Any) -> tuple[str, ...]:
    """The strings of ``Config(field=value)``: a string is one value (for selectors, a comma
    list); a list, tuple or other iterable of strings becomes a tuple."""
    where = f"Config({field}=...)"
    what = "rule ids, name prefixes or categories" if field in SELECTOR_FIELDS else "strings"
    if isinstance(value, str):
        items: list[Any] = [s for s in value.split(",") if s.strip()] if field in SELECTOR_FIELDS else [value]
    elif isinstance(value, (bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{where} expects a string or a sequence of strings ({what}), got {type_name(value)}")
    else:
        items = list(value)
    out = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{where} expects a sequence of strings ({what}), got an item of type {type_name(item)}")
        if field in SELECTOR_FIELDS:
            item = item.strip()
            if not item:
                raise ValueError(f"{where}: an empty rule selector (give an id, a name prefix or a category)")
        out.append(item)
    return tuple(out)


def pairs(field: str, value: Any) -> tuple[tuple[Any, Any], ...]:
    """The (key, value) pairs of ``Config(field=value)``: a mapping gives its items (a
    ``thresholds`` entry's limits too), a sequence of pairs stays as it is."""
    where = f"Config({field}=...)"
    items = list(value.items()) if isinstance(value, Mapping) else value
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(f"{where} expects a mapping or a sequence of (key, value) pairs, got {type_name(value)}")
    out = []
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2 or not isinstance(item[0], str):
            raise TypeError(f"{where} expects (key, value) pairs with a string key, got {item!r}")
        key, entry = item
        if field == "thresholds":
            limits = entry.items() if isinstance(entry, Mapping) else entry
            entry = tuple((str(k), v) for k, v in limits)
        elif field == "severity":
            entry = check_choice(f"{where} for {key!r}", entry, SEVERITIES, optional=False)
        elif not isinstance(entry, str):
            raise TypeError(f"{where} expects (term, plain alternative) strings, got {item!r}")
        out.append((key, entry))
    return tuple(out)


def checked(config: Any, choices: Mapping[str, tuple[tuple[str, ...], bool]]) -> dict[str, Any]:
    """The fields of ``config`` whose values must be normalised: strings and pairs as
    tuples, ``choices`` (field -> (allowed, may be None)) lower-cased; raises on misuse."""
    changes: dict[str, Any] = {}
    for field in STRING_FIELDS:
        value = getattr(config, field)
        fixed = strings(field, value)
        if fixed != value:
            changes[field] = fixed
    for field in PAIR_FIELDS:
        value = getattr(config, field)
        fixed_pairs = pairs(field, value)
        if fixed_pairs != value:
            changes[field] = fixed_pairs
    for field, optional in INT_FIELDS.items():
        value = getattr(config, field)
        if not (value is None and optional) and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            raise TypeError(f"Config({field}=...) expects a positive whole number, got {value!r}")
    for field, (allowed, optional) in choices.items():
        value = getattr(config, field)
        if field == "grammar_documents":
            items = changes.get(field, value)
            fixed_items = tuple(check_choice(f"Config({field}=...)", v, allowed, optional=False) for v in items)
            if fixed_items != items:
                changes[field] = fixed_items
            continue
        choice = check_choice(f"Config({field}=...)", value, allowed, optional)
        if choice != value:
            changes[field] = choice
    return changes
