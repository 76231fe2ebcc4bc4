"""Where each field of a CSV text sits in that text (the csv module's default dialect:
comma separated, ``"`` quoted, ``""`` for a quote inside), and how to write a field back."""
from __future__ import annotations

import csv
import dataclasses
import io
import re

_QUOTED = re.compile(r'"((?:[^"]|"")*)"', re.S)
_PLAIN = re.compile(r'[^,\r\n]*')
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


class CsvShape(ValueError):
    """The text is not CSV this scanner reads the way the csv module does."""


@dataclasses.dataclass(frozen=True)
class Field:
    """A cell: ``text[start:end]`` is the whole field as written (quotes included)."""

    start: int
    end: int
    value: str
    quoted: bool


def rows(text: str) -> list[list[Field]]:
    """The fields of every row of ``text``, checked against what the csv module reads."""
    out: list[list[Field]] = []
    pos = 0
    while pos < len(text):
        row: list[Field] = []
        while True:
            m = _QUOTED.match(text, pos)
            if m:
                row.append(Field(m.start(), m.end(), m.group(1).replace('""', '"'), True))
            else:
                m = _PLAIN.match(text, pos)
                row.append(Field(m.start(), m.end(), m.group(), False))
            pos = m.end()
            if text.startswith(",", pos):
                pos += 1
                continue
            break
        for brk in ("\r\n", "\n", "\r"):
            if text.startswith(brk, pos):
                pos += len(brk)
                break
        else:
            if pos < len(text):
                raise CsvShape(f"unexpected character at {pos}")
        out.append(row)
    kept = [row for row in out if not _blank(row)]
    expected = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    if [[f.value for f in row] for row in kept] != expected:
        raise CsvShape("the file uses quoting this writer does not follow")
    return kept


def _blank(row: list[Field]) -> bool:
    """A blank line (the csv module reads no row there)."""
    return len(row) == 1 and not row[0].quoted and not row[0].value


def written(field: Field, value: str) -> str:
    """``value`` written where ``field`` was: quoted when it was, or when it must be."""
    if field.quoted or _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value
