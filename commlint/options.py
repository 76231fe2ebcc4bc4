"""Typed option parsing for YAML mappings: unknown keys, missing keys and wrong types are errors.

Each rule type declares its ``matcher`` options as a frozen dataclass; ``parse_options``
checks a YAML mapping against it and returns an instance.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


class OptionError(ValueError):
    """An option is unknown, missing or of the wrong type; ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def parse_options(cls: type[T], data: Any, prefix: str = "") -> T:
    """Build dataclass ``cls`` from mapping ``data``, validating keys and simple types."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OptionError(prefix.rstrip(".") or "matcher", f"expected a mapping, got {kind_of(data)}")
    hints, fields = _shape(cls)
    for key in data:
        if key not in fields:
            raise OptionError(prefix + str(key), f"unknown key (expected one of: {', '.join(sorted(fields))})")
    values = {}
    for name, field in fields.items():
        if name in data:
            values[name] = _check(data[name], hints[name], prefix + name)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise OptionError(prefix + name, "is required")
    return cls(**values)


@functools.cache
def _shape(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field]]:
    """The type hints and fields of dataclass ``cls``, worked out once per class (a rule
    pack parses thousands of mappings into the same few classes)."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _check(value: Any, hint: Any, field: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _check(value, arg, field)
            except OptionError as exc:
                errors.append(exc)
        raise errors[0]
    if hint is Any:
        return value
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise OptionError(field, f"expected a list, got {kind_of(value)}")
        (item,) = typing.get_args(hint)[:1] or (Any,)
        return tuple(_check(v, item, f"{field}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise OptionError(field, f"expected a mapping, got {kind_of(value)}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise OptionError(field, f"expected a number, got {kind_of(value)}")
        return float(value)
    if hint in (int, str, bool):
        if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
            raise OptionError(field, f"expected {hint.__name__}, got {kind_of(value)}")
        return value
    if dataclasses.is_dataclass(hint):
        return parse_options(hint, value, field + ".")
    return value


def kind_of(value: Any) -> str:
    """How an error names a YAML value's type: "a mapping", "a list", "nothing"..."""
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
