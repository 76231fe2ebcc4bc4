"""Where each string value of a JSON text sits in that text, by the field path the
helpdesk reader names it with (``macros[2].actions[0].value``), and how to replace part of
one string while every other byte stays as it was, escaped as the file escapes."""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Iterator

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|.", re.S)


class JsonShape(ValueError):
    """The text is not JSON this scanner can follow."""


@dataclasses.dataclass(frozen=True)
class Literal:
    """A string value: ``text[start:end]`` is its content between the quotes."""

    path: str
    start: int
    end: int
    value: str

    def raw_offsets(self, text: str) -> list[int]:
        """For each character of ``value`` (and its end), where it starts in ``text``."""
        out = []
        for m in _ESCAPE.finditer(text, self.start, self.end):
            out.append(m.start())
        out.append(self.end)
        return out


def join(path: str, key: str) -> str:
    """A field path one step down, as the helpdesk reader writes it."""
    return f"{path}.{key}" if path and not key.startswith("[") else path + key


def string_literals(text: str, base: int = 0, end: int | None = None) -> list[Literal]:
    """Every string value of the JSON in ``text[base:end]``, in text order."""
    out: list[Literal] = []
    stop = len(text) if end is None else end
    pos = _value(text, _skip(text, base), "", out)
    if text[pos:stop].strip(" \t\n\r"):
        raise JsonShape(f"unexpected text at {pos}")
    return out


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def _value(text: str, pos: int, path: str, out: list[Literal]) -> int:
    char = text[pos:pos + 1]
    if char == '"':
        m = _STRING.match(text, pos)
        if not m:
            raise JsonShape(f"unterminated string at {pos}")
        out.append(Literal(path, pos + 1, m.end() - 1, json.loads(m.group())))
        return m.end()
    if char == "{":
        pos = _skip(text, pos + 1)
        if text.startswith("}", pos):
            return pos + 1
        while True:
            m = _STRING.match(text, pos)
            if not m:
                raise JsonShape(f"expected a key at {pos}")
            pos = _skip(text, m.end())
            if not text.startswith(":", pos):
                raise JsonShape(f"expected ':' at {pos}")
            pos = _skip(text, _value(text, _skip(text, pos + 1), join(path, json.loads(m.group())), out))
            if text.startswith("}", pos):
                return pos + 1
            if not text.startswith(",", pos):
                raise JsonShape(f"expected ',' or '}}' at {pos}")
            pos = _skip(text, pos + 1)
    if char == "[":
        pos, index = _skip(text, pos + 1), 0
        if text.startswith("]", pos):
            return pos + 1
        while True:
            pos = _skip(text, _value(text, pos, join(path, f"[{index}]"), out))
            index += 1
            if text.startswith("]", pos):
                return pos + 1
            if not text.startswith(",", pos):
                raise JsonShape(f"expected ',' or ']' at {pos}")
            pos = _skip(text, pos + 1)
    m = _SCALAR.match(text, pos)
    if not m:
        raise JsonShape(f"unexpected character at {pos}")
    return m.end()


def escaped(value: str, ascii_only: bool) -> str:
    """``value`` as the content of a JSON string literal (non-ASCII as ``\\u`` escapes in a
    file that has only ASCII)."""
    return json.dumps(value, ensure_ascii=ascii_only)[1:-1]


def lines_literals(text: str) -> Iterator[list[Literal]]:
    """JSON lines: the string values of each non-blank line, line by line."""
    for m in re.finditer(r"[^\r\n]+", text):
        if m.group().strip():
            yield string_literals(text, m.start(), m.end())
