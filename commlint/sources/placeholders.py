"""Helpdesk template expressions (Liquid as Zendesk and Freshdesk use it): find them, type
them by field, and say what they would look like to a parser.

``{{ticket.requester.first_name}}`` is a name, ``{{ticket.due_date}}`` a date, ``{{ticket.id}}``
a number. Fallbacks are read in both common spellings: ``{{contact.first_name || "there"}}``
and ``{{ name | default: "there" }}``. Unbalanced ``{{``/``}}`` and ``{%``/``%}`` are reported
as problems, not raised.
"""
from __future__ import annotations

import re

from commlint.document.model import Placeholder

_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_MAX_EXPRESSION = 400
_FIELD = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*")
_FALLBACK = re.compile(r"""(?:\|\||\|\s*default\s*:)\s*(?P<q>["'])(?P<value>.*?)(?P=q)""")
_STRING = re.compile(r"""^\s*(["']).*\1\s*$""")

_NAME_PARTS = ("first_name", "last_name", "full_name", "firstname", "lastname", "display_name", "nickname", "name")
_DATE_PARTS = ("date", "time", "_at", "created", "updated", "due", "deadline", "day", "expires", "expiry")
_NUMBER_PARTS = ("id", "number", "count", "amount", "price", "total", "quantity", "phone")
_URL_PARTS = ("url", "link", "href")

#: what a placeholder reads as, per type, while the sentence around it is parsed
STAND_INS = {"name": "Alex", "date": "June 3", "number": "42", "url": "example.com", "other": "item"}


def field_type(field: str) -> str:
    """``name``, ``date``, ``number``, ``url`` or ``other``, from the variable path."""
    last = field.lower().rsplit(".", 1)[-1]
    if any(last == p or last.endswith("_" + p) or last.endswith(p) for p in _NAME_PARTS) and "user" not in last:
        return "name"
    if any(p in last for p in _URL_PARTS):
        return "url"
    if any(p in last for p in _DATE_PARTS):
        return "date"
    if last in _NUMBER_PARTS or any(last.endswith("_" + p) for p in _NUMBER_PARTS):
        return "number"
    return "other"


def find_placeholders(text: str, start: int = 0, end: int | None = None) -> list[Placeholder]:
    """Every template expression in ``text[start:end]``, with unbalanced ones marked."""
    end = len(text) if end is None else end
    found: list[Placeholder] = []
    pos = start
    while True:
        m = _OPEN.search(text, pos, end)
        if m is None:
            break
        opener = m.group()
        closer = _CLOSE[opener]
        close = text.find(closer, m.end(), min(end, m.end() + _MAX_EXPRESSION))
        nested = _OPEN.search(text, m.end(), close if close >= 0 else min(end, m.end() + _MAX_EXPRESSION))
        if close < 0 or nested is not None:
            stop = nested.start() if nested is not None else _line_end(text, m.end(), end)
            found.append(Placeholder(m.start(), m.end(), text[m.start():stop], problem=f"'{opener}' is never closed"))
            pos = m.end()
            continue
        found.append(_parse(text, m.start(), close + len(closer), opener))
        pos = close + len(closer)
    found.extend(_stray_closers(text, start, end, found))
    return sorted(found, key=lambda p: p.start)


def _line_end(text: str, pos: int, end: int) -> int:
    newline = text.find("\n", pos, end)
    return newline if newline >= 0 else end


def _parse(text: str, start: int, end: int, opener: str) -> Placeholder:
    expression = text[start:end]
    inner = expression[2:-2].strip().strip("-").strip()
    if opener == "{#":
        return Placeholder(start, end, expression, tag=True, type="comment")
    if opener == "{%":
        return Placeholder(start, end, expression, field=inner.split(None, 1)[0] if inner else "", tag=True)
    fallback = _FALLBACK.search(inner)
    head = inner.split("|", 1)[0].strip()
    if _STRING.match(head):
        return Placeholder(start, end, expression, type="other", fallback=head.strip()[1:-1])
    field_match = _FIELD.match(head)
    field = field_match.group() if field_match else head
    return Placeholder(
        start, end, expression, field=field, type=field_type(field) if field else "other",
        fallback=fallback.group("value") if fallback else None,
    )


def _stray_closers(text: str, start: int, end: int, found: list[Placeholder]) -> list[Placeholder]:
    """``}}`` or ``%}`` outside every expression: an opener is missing."""
    covered = [(p.start, p.end) for p in found]
    stray = []
    for m in re.finditer(r"\}\}|%\}", text[start:end]):
        at = start + m.start()
        if not any(a <= at < b for a, b in covered):
            stray.append(Placeholder(at, at + 2, m.group(), problem=f"'{m.group()}' closes nothing"))
    return stray
