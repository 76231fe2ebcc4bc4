"""From the fixes of each document to edits of the file text, format by format: the text
of plain, Markdown and HTML files is the document's; an ``.eml`` body is fixed only where
it is not transfer-encoded; a helpdesk export's item is a string inside the file, edited in
place and escaped as the file escapes, so every other byte stays as it was."""
from __future__ import annotations

import dataclasses
import email
import email.policy
import html
import re
from typing import Callable, Sequence

from commlint.document.model import Document
from commlint.findings.fixes import apply, document_fixes
from commlint.findings.model import Finding, Fix
from commlint.output.fix.codec import line_ends
from commlint.output.fix.csvspans import CsvShape, rows, written
from commlint.output.fix.jsonspans import (
    JsonShape,
    Literal,
    escaped,
    lines_literals,
    string_literals,
)

_SURROGATE = re.compile("[\ud800-\udfff]")  #: the helpdesk reader reads a lone surrogate as U+FFFD
_PLAIN_TRANSFER = ("7bit", "8bit", "binary", "")


@dataclasses.dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the file text with ``new``."""

    start: int
    end: int
    new: str


@dataclasses.dataclass
class Plan:
    """The edits of one pass over a file, how many fixes they apply, and what to tell the user."""

    edits: list[Edit] = dataclasses.field(default_factory=list)
    applied: int = 0
    notices: list[str] = dataclasses.field(default_factory=list)


Planner = Callable[[str, Sequence[Document], Sequence[Sequence[Finding]], bool], Plan]


def edited(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (not overlapping) applied right to left."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


def plan_fixes(reader: str, text: str, documents: Sequence[Document], findings: Sequence[Sequence[Finding]],
               unsafe: bool) -> Plan:
    """The edits that apply the fixes of ``documents`` (read by ``reader`` from ``text``)."""
    planner = _PLANNERS.get(reader)
    if planner is None:
        return Plan(notices=[f"fixes are not written back into {reader} files"])
    return planner(text, documents, findings, unsafe)


def _direct(escape: Callable[[str], str]) -> Planner:
    """A format whose one document's text is the file text."""

    def plan(text: str, documents: Sequence[Document], findings: Sequence[Sequence[Finding]], unsafe: bool) -> Plan:
        out = Plan()
        for document, found in zip(documents, findings):
            for fix in document_fixes(document, found, unsafe):
                out.edits.append(Edit(fix.start, fix.end, line_ends(escape(fix.replacement), text)))
                out.applied += 1
        return out

    return plan


def _html_escape(value: str) -> str:
    return html.escape(value, quote=False)


def _eml(text: str, documents: Sequence[Document], findings: Sequence[Sequence[Finding]], unsafe: bool) -> Plan:
    """Only a body sent as it is (7bit, 8bit, binary) is fixed; a quoted-printable or
    base64 body is left alone, with a notice. A replacement with other than ASCII
    characters goes only into an 8bit UTF-8 body of a UTF-8 file."""
    body = _eml_body(text)
    if body is None:
        return Plan()
    subtype, transfer, charset = body
    if transfer not in _PLAIN_TRANSFER:
        wanted = any(document_fixes(d, f, unsafe) for d, f in zip(documents, findings))
        return Plan(notices=[f"fixes not applied: the {transfer} body is left as it is"] if wanted else [])
    wide_ok = transfer in ("8bit", "binary") and charset in ("utf-8", "utf8")
    escape = _html_escape if subtype == "html" else str
    out = Plan()
    skipped = 0
    for document, found in zip(documents, findings):
        for fix in document_fixes(document, found, unsafe):
            if not fix.replacement.isascii() and not wide_ok:
                skipped += 1
                continue
            out.edits.append(Edit(fix.start, fix.end, line_ends(escape(fix.replacement), text)))
            out.applied += 1
    if skipped:
        out.notices.append(f"{skipped} fix(es) not applied: their words are not ASCII and the body is {transfer} {charset}")
    return out


def _eml_body(text: str) -> tuple[str, str, str] | None:
    """The subtype, transfer encoding and charset of the part the ``.eml`` reader reads:
    the first text/plain part that is not an attachment, else the first text/html one."""
    message = email.message_from_string(text, policy=email.policy.default)
    readable = [
        p for p in message.walk()
        if not p.is_multipart() and p.get_content_maintype() == "text" and p.get_content_disposition() != "attachment"
    ]
    part = next((p for p in readable if p.get_content_subtype() == "plain"), None)
    part = part or next((p for p in readable if p.get_content_subtype() == "html"), None)
    if part is None:
        return None
    transfer = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    return part.get_content_subtype(), transfer, (part.get_content_charset() or "us-ascii").lower()


def _json_export(text: str, documents: Sequence[Document], findings: Sequence[Sequence[Finding]], unsafe: bool) -> Plan:
    try:
        literals = string_literals(text)
    except (JsonShape, ValueError, RecursionError) as exc:
        return Plan(notices=[f"fixes not applied: the JSON could not be followed ({exc})"])
    return _literal_plan(text, [literals], documents, findings, unsafe)


def _jsonl(text: str, documents: Sequence[Document], findings: Sequence[Sequence[Finding]], unsafe: bool) -> Plan:
    try:
        lines = list(lines_literals(text))
    except (JsonShape, ValueError, RecursionError) as exc:
        return Plan(notices=[f"fixes not applied: the JSON lines could not be followed ({exc})"])
    return _literal_plan(text, lines, documents, findings, unsafe)


def _literal_plan(text: str, groups: list[list[Literal]], documents: Sequence[Document],
                  findings: Sequence[Sequence[Finding]], unsafe: bool) -> Plan:
    """Each document is the next string, in file order, at its field path with its text;
    its fixes go into that string literal, HTML-escaped first when the field is HTML."""
    out = Plan()
    ascii_only = text.isascii()
    candidates = [(lit, {x.path: x.value for x in group}) for group in groups for lit in group]
    position = 0
    for document, found in zip(documents, findings):
        field = document.origin.field if document.origin else ""
        at = next((i for i in range(position, len(candidates))
                   if candidates[i][0].path == field and _SURROGATE.sub("\ufffd", candidates[i][0].value) == document.text),
                  None)
        if at is None:
            out.notices.append(f"fixes not applied to {field or 'an item'}: its text was not found in the file")
            continue
        position = at + 1
        literal, values = candidates[at]
        fixes = document_fixes(document, found, unsafe)
        if not fixes:
            continue
        escape = _html_escape if _is_html(field, values) else str
        raw = literal.raw_offsets(text)
        for fix in fixes:
            out.edits.append(Edit(raw[fix.start], raw[fix.end], escaped(escape(fix.replacement), ascii_only)))
            out.applied += 1
    return out


def _is_html(field: str, values: dict[str, str]) -> bool:
    """Is the export field HTML (Freshdesk ``content_html``, a Zendesk ``comment_value_html`` action)?"""
    if field.endswith("content_html"):
        return True
    action = re.sub(r"\.value(?:\[\d+\])?$", "", field)
    return action != field and values.get(f"{action}.field") == "comment_value_html"


def _csv(text: str, documents: Sequence[Document], findings: Sequence[Sequence[Finding]], unsafe: bool) -> Plan:
    """Each document is the next row whose body cell has its text; the fixed body is
    written back into that cell, quoted as the csv module quotes."""
    try:
        table = rows(text)
    except CsvShape as exc:
        return Plan(notices=[f"fixes not applied: {exc}"])
    if not table:
        return Plan()
    columns = [f.value.strip().lower() for f in table[0]]
    if "body" not in columns:
        return Plan()
    column = columns.index("body")
    out = Plan()
    position = 1
    for document, found in zip(documents, findings):
        at = next((i for i in range(position, len(table))
                   if len(table[i]) > column and table[i][column].value == document.text), None)
        if at is None:
            out.notices.append("fixes not applied to a row: its body was not found in the file")
            continue
        position = at + 1
        fixes: list[Fix] = document_fixes(document, found, unsafe)
        if fixes:
            cell = table[at][column]
            out.edits.append(Edit(cell.start, cell.end, written(cell, apply(document.text, fixes))))
            out.applied += len(fixes)
    return out


_PLANNERS: dict[str, Planner] = {
    "text": _direct(str),
    "markdown": _direct(str),
    "html": _direct(_html_escape),
    "eml": _eml,
    "helpdesk-json": _json_export,
    "jsonl": _jsonl,
    "csv": _csv,
}
