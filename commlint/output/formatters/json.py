"""``json``: the versioned machine-readable report (schema: docs/json-format.md)."""
from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from typing import Any, Iterator, NamedTuple, Sequence

from commlint.document.lines import LineIndex
from commlint.findings import Finding
from commlint.findings.results import FileResult

SCHEMA_VERSION = 1

#: one encoder for every record (``json.dumps`` with options builds a new one per call)
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _item(result: FileResult) -> dict[str, str] | None:
    o = result.origin
    return None if o is None else {"id": o.id, "title": o.title, "field": o.field}


def finding_to_dict(result: FileResult, finding: Finding) -> dict[str, Any]:
    out = {"path": result.path, **finding.to_dict()}
    if result.origin is not None:
        out["item"] = _item(result)
    return out


def skipped_to_dicts(result: FileResult) -> list[dict[str, Any]]:
    """The regions of ``result`` that were not linted, with line and column."""
    if not result.skipped:
        return []
    lines = LineIndex(result.text)
    out = []
    for region in result.skipped:
        line, column = lines.line_col(region.start)
        end_line, end_column = lines.line_col(region.end)
        out.append({
            "start": region.start, "end": region.end, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "reason": region.reason,
        })
    return out


def _file(result: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": result.path,
        "status": "error" if result.error else "skipped" if result.notice else "linted",
        "message": result.error.problem if result.error else result.notice,
    }
    if result.origin is not None:
        out["item"] = _item(result)
    if result.error is None and result.notice is None:
        out["skipped"] = skipped_to_dicts(result)
        out["notices"] = list(result.notices)
        out["scores"] = dict(result.scores)
        if result.score is not None:
            out["score"] = result.score.to_dict()
    return out


class _Records(NamedTuple):
    """One result's lines of the report, each record already encoded and indented, and
    joined: its findings' lines and its suppressed findings' lines ("" when none)."""

    file: str
    findings: str
    suppressed: str


#: encoded records of results seen lately, by identity: a warm worker hands back the same
#: ``FileResult`` objects for unchanged inputs, so a second run of a thousand files encodes
#: only the changed one (a weak reference proves the id still names that object)
_SEEN: OrderedDict[int, tuple[weakref.ref[FileResult], _Records]] = OrderedDict()
_SEEN_MOST = 20_000


_SEEN_LOCK = threading.Lock()


def _records(result: FileResult) -> _Records:
    with _SEEN_LOCK:
        held = _SEEN.get(id(result))
        if held is not None and held[0]() is result:
            _SEEN.move_to_end(id(result))
            return held[1]
    dump = _ENCODER.encode
    records = _Records(
        _INDENT + dump(_file(result)),
        _LINES.join(_INDENT + dump(finding_to_dict(result, f)) for f in result.findings),
        _LINES.join(_INDENT + dump(finding_to_dict(result, f)) for f in result.suppressed),
    )
    with _SEEN_LOCK:
        _SEEN[id(result)] = (weakref.ref(result), records)
        if len(_SEEN) > _SEEN_MOST:
            _SEEN.popitem(last=False)
    return records


def format_json(results: Sequence[FileResult]) -> str:
    """The report: one top-level key per line and one record per line.

    Records go through the json module's C encoder (``indent`` would make it fall back to
    the pure-Python one, several times slower on thousands of findings); the layout still
    reads and diffs line by line.
    """
    return "".join(json_chunks(results))


def json_chunks(results: Sequence[FileResult], size: int = 1 << 16) -> Iterator[str]:
    """``format_json``'s report in pieces of about ``size`` characters, to be written as
    they come: a report of thousands of findings is never held whole (several megabytes,
    and as many again for each copy on its way out)."""
    from commlint.version import __version__

    header = {"schema": "commlint-report", "version": SCHEMA_VERSION, "commlint_version": __version__}
    encoded = [_records(r) for r in results]
    lists = {
        "files": [e.file for e in encoded],
        "findings": [e.findings for e in encoded if e.findings],
        "suppressed": [e.suppressed for e in encoded if e.suppressed],
    }
    dump = _ENCODER.encode
    pending: list[str] = ["{\n" + ",\n".join(f"  {dump(key)}: {dump(value)}" for key, value in header.items())]
    held = len(pending[0])
    for key, chunks in lists.items():
        if not chunks:
            pending.append(f",\n  {dump(key)}: []")
            continue
        pending.append(f",\n  {dump(key)}: [\n")
        for number, chunk in enumerate(chunks):
            if number:
                pending.append(_LINES)
            pending.append(chunk)
            held += len(chunk)
            if held >= size:
                yield "".join(pending)
                pending, held = [], 0
        pending.append("\n  ]")
    pending.append("\n}")
    yield "".join(pending)


_INDENT = "    "  #: before each record of a list
_LINES = ",\n"  #: between records
