"""Helpdesk template expressions (Liquid as Zendesk and Freshdesk use it): find them, type
them by field, and say what they would look like to a parser.

``{{ticket.requester.first_name}}`` is a name, ``{{ticket.due_date}}`` a date, ``{{ticket.id}}``
a number. Fallbacks are read in both common spellings: ``{{contact.first_name || "there"}}``
and ``{{ name | default: "there" }}``. Unbalanced ``{{``/``}}`` and ``{%``/``%}`` are reported
as problems, not raised; so are ``{% if %}`` blocks left open (``unbalanced_blocks``). A
placeholder inside a URL is marked ``where="url"`` (it renders); one whose braces a link
editor URL-encoded (``%7B%7Bticket.id%7D%7D``) is ``where="encoded"`` (it never renders).
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Iterable

from commlint.document.model import Placeholder

_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_MAX_EXPRESSION = 400
_FIELD = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*")
_FALLBACK = re.compile(r"""(?:\|\||\|\s*default\s*:)\s*(?P<q>["'])(?P<value>.*?)(?P=q)""")
_STRING = re.compile(r"""^\s*(["']).*\1\s*$""")
#: a URL running up to a placeholder: braces are allowed, white space and quotes end it
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[^\s<>\"'`]*", re.I)
_ENCODED = re.compile(r"%7B%7B(?P<inner>(?:(?!%7D%7D)[^\s<>\"'`]){1,200})%7D%7D", re.I)

#: what a placeholder reads as, per type, while the sentence around it is parsed
STAND_INS = {
    "name": "Alex", "organization": "Acme", "email": "alex@example.com", "date": "June 3", "number": "42",
    "url": "example.com", "other": "item",
}

# Typing works on the last part of the path, with the part before it for context.
_PERSON_NAMES = frozenset({
    "name", "first_name", "last_name", "full_name", "firstname", "lastname", "fullname", "display_name",
    "nickname", "given_name", "family_name", "surname", "first", "last",
    "signature", "sign_off", "signoff",  # {{agent.signature}}: the agent's name under the reply
})
_ORGANIZATIONS = frozenset({
    "brand", "organization", "organisation", "company", "group", "account", "helpdesk", "portal", "team",
    "department", "product", "business", "workspace", "site",
})
_NOT_PERSONS = ("holiday", "form", "field", "file", "tag", "status", "type", "channel", "source", "domain")
_DATE_WORDS = ("date", "deadline", "due", "expir", "created", "updated", "birthday", "resolved", "closed")
_NOT_DATES = ("time_zone", "timezone", "time_spent", "time_tracked", "_time_format")
_NUMBERS = frozenset({"id", "number", "count", "amount", "price", "total", "quantity", "phone", "mobile", "score"})


def field_type(field: str) -> str:
    """``name`` (a person), ``organization``, ``email``, ``url``, ``date``, ``number`` or
    ``other``, from the variable path (checked on Zendesk's and Freshdesk's field lists)."""
    parts = [p for p in re.split(r"\.|\[\d+\]", field.lower()) if p]
    if not parts:
        return "other"
    last, parent = parts[-1], (parts[-2] if len(parts) > 1 else "")
    if last == "email" or last.endswith(("_email", "_email_address")) or last == "email_address":
        return "email"
    if last in ("url", "link", "href") or last.endswith(("_url", "_link", "_href")):
        return "url"
    if last in _ORGANIZATIONS:
        return "organization"
    if last in _PERSON_NAMES or last.endswith(("_name", "_firstname", "_lastname")):
        qualifier = parent if last in _PERSON_NAMES else last.rsplit("_", 1)[0]
        if qualifier in _ORGANIZATIONS or any(qualifier.endswith("_" + o) for o in _ORGANIZATIONS):
            return "organization"
        if any(word in qualifier for word in _NOT_PERSONS) or "user" in last:
            return "other"
        return "name"
    if not any(word in last for word in _NOT_DATES) and (
        last.endswith(("_at", "_on", "_time", "_timestamp")) or "time" in last.split("_")
        or any(word in last for word in _DATE_WORDS)
    ):
        return "date"
    if last in _NUMBERS or last.endswith(tuple("_" + n for n in _NUMBERS)):
        return "number"
    return "other"


def find_placeholders(text: str, start: int = 0, end: int | None = None) -> list[Placeholder]:
    """Every template expression in ``text[start:end]``, with unbalanced ones marked and
    the ones inside a URL placed there."""
    end = len(text) if end is None else end
    found: list[Placeholder] = []
    pos = start
    while True:
        m = _OPEN.search(text, pos, end)
        if m is None:
            break
        opener = m.group()
        closer = _CLOSE[opener]
        limit = min(end, m.end() + _MAX_EXPRESSION)
        close = text.find(closer, m.end(), limit)
        nested = _OPEN.search(text, m.end(), close if close >= 0 else limit)
        if close < 0 or nested is not None:
            if opener != "{#":  # "{#" without "#}" is ordinary text ("ticket {#123}"), not a template
                stop = nested.start() if nested is not None else _line_end(text, m.end(), limit)
                found.append(Placeholder(m.start(), m.end(), text[m.start():stop], problem=f"“{opener}” is never closed"))
            pos = m.end()
            continue
        found.append(_parse(text, m.start(), close + len(closer), opener))
        pos = close + len(closer)
    found.extend(_stray_closers(text, start, end, found))
    found.extend(_encoded(text, start, end))
    return _in_urls(text, start, end, sorted(found, key=lambda p: p.start))


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
    field_match = _FIELD.fullmatch(head)
    field = field_match.group() if field_match else ""
    return Placeholder(
        start, end, expression, field=field, type=field_type(field),
        fallback=fallback.group("value") if fallback else None,
    )


def _stray_closers(text: str, start: int, end: int, found: list[Placeholder]) -> list[Placeholder]:
    """``}}`` or ``%}`` outside every expression: an opener is missing."""
    starts = [p.start for p in found]
    stray = []
    for m in re.compile(r"\}\}|%\}").finditer(text, start, end):
        at = m.start()
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or not found[i].start <= at < found[i].end:
            stray.append(Placeholder(at, at + 2, m.group(), problem=f"“{m.group()}” closes nothing"))
    return stray


def _encoded(text: str, start: int, end: int) -> list[Placeholder]:
    """``%7B%7Bticket.id%7D%7D``: a placeholder whose braces were URL-encoded; never rendered."""
    found = []
    for m in _ENCODED.finditer(text, start, end):
        field_match = _FIELD.fullmatch(m.group("inner").replace("%20", " ").strip())
        field = field_match.group() if field_match else ""
        found.append(Placeholder(m.start(), m.end(), m.group(), field=field, type=field_type(field), where="encoded"))
    return found


def _in_urls(text: str, start: int, end: int, found: list[Placeholder]) -> list[Placeholder]:
    """``found`` (sorted) with those inside a URL marked ``where="url"``."""
    if not found:
        return found
    out: list[Placeholder] = []
    urls = _URL.finditer(text, start, end)
    url = next(urls, None)
    for ph in found:
        while url is not None and url.end() <= ph.start:
            url = next(urls, None)
        inside = url is not None and url.start() < ph.start and ph.where == "prose" and not ph.problem
        out.append(dataclasses.replace(ph, where="url") if inside else ph)
    return out


#: Liquid block tags and the tag that ends each
BLOCKS = {
    "if": "endif", "unless": "endunless", "for": "endfor", "case": "endcase", "capture": "endcapture",
    "tablerow": "endtablerow", "comment": "endcomment", "raw": "endraw",
}
_ENDS = {end: block for block, end in BLOCKS.items()}


def unbalanced_blocks(placeholders: Iterable[Placeholder]) -> list[tuple[Placeholder, str]]:
    """Block tags without their partner (``{% if %}`` never ended, a stray ``{% endif %}``),
    each with the problem in words. One pass with a stack: linear."""
    stack: list[Placeholder] = []
    open_count = dict.fromkeys(BLOCKS, 0)
    problems: list[tuple[Placeholder, str]] = []
    for ph in placeholders:
        if not ph.tag or ph.problem or ph.type == "comment":
            continue
        name = ph.field.lower()
        if name in BLOCKS:
            stack.append(ph)
            open_count[name] += 1
        elif name in _ENDS:
            block = _ENDS[name]
            if not open_count[block]:
                problems.append((ph, f"“{{% {name} %}}” ends a “{{% {block} %}}” block that was never opened"))
                continue
            while True:  # each tag is popped once: linear overall
                top = stack.pop()
                open_count[top.field.lower()] -= 1
                if top.field.lower() == block:
                    break
                problems.append((top, _unclosed(top)))
    problems.extend((open_, _unclosed(open_)) for open_ in stack)
    return sorted(problems, key=lambda item: item[0].start)


def _unclosed(ph: Placeholder) -> str:
    name = ph.field.lower()
    return f"“{{% {name} %}}” is never ended with “{{% {BLOCKS[name]} %}}”"
