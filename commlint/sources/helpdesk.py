"""Helpdesk exports: Zendesk macros, Freshdesk canned responses, and CSV or JSON lines of
``id,title,body``. Each item's text is one document (kind ``macro``, channel ``ticket``);
its ``origin`` names the item's id, its title and the field path of the text
(``macros[3].actions[1].value``), and offsets point into that text.

JSON shapes read (``.json``):

- Zendesk: ``{"macros": [...]}`` or ``{"macro": {...}}``, each macro with ``actions``; only
  ``comment_value`` (text) and ``comment_value_html`` actions hold text, and a value may be
  a string or, in older exports, a list such as ``["channel:all", "text"]``;
- Freshdesk: a list of canned responses, ``{"canned_responses": [...]}``, one response, or
  folders ``[{"id", "name", "canned_responses": [...]}]``; ``content_html`` is read when
  present, else ``content``;
- a list of ``{"id", "title", "body"}`` objects.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from typing import Any, Iterator

from commlint.document.model import Document, Origin
from commlint.errors import CommlintOutput, InputError, NotThisFormat
from commlint.sources.decode import decode_text
from commlint.sources.html import html_document
from commlint.sources.plain import text_document

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_COMMENT_FIELDS = {"comment_value": False, "comment_value_html": True}  # field -> is HTML


@dataclasses.dataclass(frozen=True)
class _Item:
    """One text of an export: where it came from and what it is."""

    id: str
    title: str
    field: str
    text: str
    html: bool = False
    platform: str | None = None


class _Shape(Exception):
    """The export is not the shape expected at ``path``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)


class _NotExport(_Shape):
    """The JSON is not an export at all (its top level is something else)."""


def read_json_export(data: bytes, name: str) -> list[Document]:
    """The documents of a Zendesk macros or Freshdesk canned-responses export."""
    root = _load(decode_text(data, name), name)
    if isinstance(root, dict) and str(root.get("schema", "")).startswith("commlint-"):
        raise CommlintOutput(name, f"is commlint's own output ({root['schema']}), not text to lint")
    try:
        return _documents(_export_items(root))
    except _NotExport as exc:
        raise NotThisFormat(name, f"is not a Zendesk macros or Freshdesk canned-responses export: {exc}") from None
    except _Shape as exc:
        raise InputError(name, f"is not a helpdesk export this reader knows: {exc}") from None


def read_jsonl(data: bytes, name: str) -> list[Document]:
    """One document per JSON line: ``{"id", "title", "body"}`` (or one macro or response)."""
    items: list[_Item] = []
    # a raw CR cannot occur inside a JSON string, so CR-only files split safely too
    for number, line in enumerate(_LINE_BREAK.split(decode_text(data, name)), 1):
        if not line.strip():
            continue
        value = _load(line, name, f"line {number}: ")
        if not isinstance(value, dict):
            raise InputError(name, f"line {number}: is {_kind(value)}, not a JSON object")
        try:
            items.extend(_entry(value, ""))
        except _Shape as exc:
            raise InputError(name, f"line {number}: {exc}") from None
    return _documents(items)


def read_csv(data: bytes, name: str) -> list[Document]:
    """One document per row of a CSV with a header naming ``body`` (and ``id``, ``title``)."""
    text = decode_text(data, name)
    # the csv module refuses fields over 128 KB; the runner's max_file_size is the bound here
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    rows = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        header = next(rows, None)
        if header is None:
            return []
        columns = [h.strip().lower() for h in header]
        if "body" not in columns:
            found = ", ".join(repr(c) for c in columns[:6]) or "nothing"
            raise NotThisFormat(name, f"line 1: the header has no 'body' column (expected id,title,body; found {found})")
        body, id_, title = (columns.index(c) if c in columns else None for c in ("body", "id", "title"))
        items = []
        line = rows.line_num + 1
        for row in rows:
            if any(cell.strip() for cell in row):
                if len(row) <= body:
                    raise InputError(name, f"line {line}: the row has no body column ({len(row)} of {len(columns)} columns)")
                items.append(_Item(
                    id=_cell(row, id_) or f"line {line}", title=_cell(row, title), field="body", text=row[body],
                ))
            line = rows.line_num + 1
    except csv.Error as exc:
        raise InputError(name, f"line {line}: is not valid CSV ({exc})") from None
    return _documents(items)


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _load(text: str, name: str, where: str = "") -> Any:
    """Parse JSON; every failure is one line naming the problem and, when known, its place."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"column {exc.colno}" if where else f"line {exc.lineno}, column {exc.colno}"
        raise InputError(name, f"{where}is not valid JSON: {exc.msg} ({place})") from None
    except RecursionError:
        raise InputError(name, f"{where}is JSON nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise InputError(name, f"{where}is not valid JSON: {exc}") from None


def _export_items(root: Any) -> Iterator[_Item]:
    if isinstance(root, dict):
        if isinstance(root.get("macros"), list):
            for i, macro in enumerate(root["macros"]):
                yield from _macro(macro, f"macros[{i}]")
        elif isinstance(root.get("macro"), dict):
            yield from _macro(root["macro"], "macro")
        elif isinstance(root.get("canned_responses"), list):
            for i, response in enumerate(root["canned_responses"]):
                yield from _response(response, f"canned_responses[{i}]")
        elif isinstance(root.get("canned_response"), dict):
            yield from _response(root["canned_response"], "canned_response")
        elif "content_html" in root or "content" in root:
            yield from _response(root, "")
        else:
            keys = ", ".join(repr(k) for k in list(root)[:5]) or "none"
            raise _NotExport("", f"expected a 'macros' or 'canned_responses' list (top-level keys: {keys})")
    elif isinstance(root, list):
        for i, entry in enumerate(root):
            yield from _entry(entry, f"[{i}]")
    else:
        raise _NotExport("", f"expected a JSON object or list, got {_kind(root)}")


def _entry(entry: Any, path: str) -> Iterator[_Item]:
    """One element of a list export (or one JSON line), whatever helpdesk made it."""
    if not isinstance(entry, dict):
        raise _Shape(path, f"expected an object, got {_kind(entry)}")
    if "actions" in entry:
        yield from _macro(entry, path)
    elif isinstance(entry.get("canned_responses"), list):
        for j, response in enumerate(entry["canned_responses"]):
            yield from _response(response, _join(path, f"canned_responses[{j}]"))
    elif "content_html" in entry or "content" in entry:
        yield from _response(entry, path)
    elif "body" in entry:
        body = entry["body"]
        if body is not None and not isinstance(body, str):
            raise _Shape(_join(path, "body"), f"expected text, got {_kind(body)}")
        yield _Item(_id(entry, path), _title(entry), _join(path, "body"), body or "")
    else:
        raise _Shape(path, "has no 'body', 'actions', 'content_html' or 'content'")


def _macro(macro: Any, path: str) -> Iterator[_Item]:
    """The comment texts of a Zendesk macro; other actions (status, tags) are not text."""
    if not isinstance(macro, dict):
        raise _Shape(path, f"expected a macro object, got {_kind(macro)}")
    actions = macro.get("actions")
    if not isinstance(actions, list):
        raise _Shape(_join(path, "actions"), "expected a list of actions")
    for j, action in enumerate(actions):
        if not isinstance(action, dict) or not isinstance(action.get("field"), str) or action["field"] not in _COMMENT_FIELDS:
            continue
        text, where = _comment_text(action.get("value"), _join(path, f"actions[{j}].value"))
        yield _Item(_id(macro, path), _title(macro), where, text, _COMMENT_FIELDS[action["field"]], "zendesk")


def _comment_text(value: Any, path: str) -> tuple[str, str]:
    """A comment action's text and its path: a string, or the last string of a list
    (``["channel:all", "text"]`` in older exports)."""
    if value is None:
        return "", path
    if isinstance(value, str):
        return value, path
    if isinstance(value, list) and value and isinstance(value[-1], str):
        return value[-1], f"{path}[{len(value) - 1}]"
    raise _Shape(path, f"expected text, got {_kind(value)}")


def _response(response: Any, path: str) -> Iterator[_Item]:
    """A Freshdesk canned response: ``content_html`` when it has words, else ``content``."""
    if not isinstance(response, dict):
        raise _Shape(path, f"expected a canned response object, got {_kind(response)}")
    if "content_html" not in response and "content" not in response:
        raise _Shape(path, "has no 'content_html' or 'content'")
    for key, html in (("content_html", True), ("content", False)):
        value = response.get(key)
        if value is not None and not isinstance(value, str):
            raise _Shape(_join(path, key), f"expected text, got {_kind(value)}")
        if value and value.strip():
            yield _Item(_id(response, path), _title(response), _join(path, key), value, html, "freshdesk")
            return


def _documents(items: Iterator[_Item] | list[_Item]) -> list[Document]:
    """A document per item that has text; empty bodies have nothing to lint."""
    return [_document(item) for item in items if item.text.strip()]


def _document(item: _Item) -> Document:
    text = _SURROGATE.sub("\ufffd", item.text)  # a lone surrogate (JSON "\ud800") cannot be written out
    origin = Origin(item.id, item.title, item.field)
    if item.html:
        document = html_document(text, kind="macro", channel="ticket")
    else:
        document = text_document(text, kind="macro", channel="ticket", origin=origin)
    return dataclasses.replace(document, origin=origin, platform=item.platform)


def _id(item: dict, path: str) -> str:
    value = item.get("id")
    if value is None or isinstance(value, (dict, list)):
        return path or "item"
    return _SURROGATE.sub("\ufffd", str(value))


def _title(item: dict) -> str:
    value = item.get("title", item.get("name"))
    return _SURROGATE.sub("\ufffd", " ".join(value.split())) if isinstance(value, str) else ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path and not key.startswith("[") else path + key


def _kind(value: Any) -> str:
    return {
        dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
