"""A baseline: the findings a team accepted on the day it adopted commlint (docs/baseline.md).

``--write-baseline FILE`` records every finding of a run; ``--baseline FILE`` reports only
the findings it does not hold. A finding is known by its fingerprint
(commlint/findings/fingerprint.py: rule id, matched words, the words around them, its
occurrence number; never a line number), per file (the path relative to the baseline's
folder, with ``/``, so a baseline works in every clone) and per item of a helpdesk export
(its id). Matching counts: two identical findings in the baseline hide two, not three.
"""
from __future__ import annotations

import collections
import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Iterable

from commlint.atomic import write_atomic
from commlint.errors import ConfigError
from commlint.findings import fingerprint as fingerprinting
from commlint.findings.results import FileResult

SCHEMA = "commlint-baseline"
VERSION = 1
_SHOWN = 80  #: characters of the matched text kept for the reader (one line)
_FIELDS: dict[str, type] = {"path": str, "rule_id": str, "fingerprint": str, "match": str, "line": int}

#: what identifies a finding in a baseline: (path, item id or "", fingerprint)
Key = tuple[str, str, str]


@dataclasses.dataclass(frozen=True)
class Entry:
    """One recorded finding; ``match`` and ``line`` are there for the person reading a diff
    of the baseline in review, never for matching."""

    path: str
    item: str | None
    rule_id: str
    fingerprint: str
    match: str
    line: int

    @property
    def key(self) -> Key:
        return (self.path, self.item or "", self.fingerprint)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.item is not None:
            out["item"] = self.item
        out.update(rule_id=self.rule_id, fingerprint=self.fingerprint, match=self.match, line=self.line)
        return out


def baseline_path(path: str, stdin_name: str | None, folder: Path) -> str:
    """How a baseline names the input ``path`` (as reported): relative to ``folder`` (the
    baseline's, absolute), with ``/``. Standard input without a file name stays as it is."""
    if path == "<stdin>" and stdin_name == path:
        return path
    relative = os.path.relpath(os.path.abspath(path), folder)
    return Path(relative).as_posix()


def entries(results: Iterable[FileResult], folder: Path, stdin_name: str | None = None) -> list[Entry]:
    """The baseline entries of every finding in ``results`` (errors and notices have none),
    sorted so the file is the same whatever order the inputs were linted in."""
    out = []
    for result in results:
        if result.error is not None or not result.findings:
            continue
        path = baseline_path(result.path, stdin_name, folder)
        item = None if result.origin is None else result.origin.id
        for finding, digest in zip(result.findings, fingerprinting.fingerprints(result.text, result.findings)):
            out.append(Entry(path, item, finding.rule_id, digest, _shown(finding.match), finding.line))
    out.sort(key=lambda e: (e.path, e.item or "", e.line, e.rule_id, e.fingerprint, e.match))
    return out


def _shown(match: str) -> str:
    """The matched text on one line, shortened: a whole paragraph reads badly in a diff."""
    text = " ".join(match.split())
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1].rstrip() + "…"


def render(recorded: list[Entry]) -> str:
    """The baseline file's text: versioned, sorted, one key per line so it diffs well."""
    document = {
        "schema": SCHEMA, "version": VERSION, "fingerprint": fingerprinting.VERSION,
        "findings": [e.to_dict() for e in recorded],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, recorded: list[Entry]) -> None:
    """Write the baseline atomically (an existing file keeps its permissions)."""
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        write_atomic(path, render(recorded), mode=mode)
    except OSError as exc:
        raise ConfigError(str(path), f"cannot write the baseline: {exc.strerror or exc}") from None


def read(path: Path) -> list[Entry]:
    """The entries of the baseline at ``path``; ``ConfigError`` (one line naming the file)
    when it is missing, unreadable, not JSON or not a baseline this commlint writes."""
    where = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(where, "no such baseline file (write one with --write-baseline)") from None
    except OSError as exc:
        raise ConfigError(where, f"cannot read the baseline: {exc.strerror or exc}") from None
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(where, "the baseline is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(where, f"the baseline is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return _parse(document, where)


def _parse(document: Any, where: str) -> list[Entry]:
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ConfigError(where, f"not a commlint baseline (expected \"schema\": \"{SCHEMA}\")")
    if document.get("version") != VERSION:
        raise ConfigError(where, f"baseline version {document.get('version')!r} is not supported "
                                 f"(this commlint reads version {VERSION}); write it again with --write-baseline")
    if document.get("fingerprint") != fingerprinting.VERSION:
        raise ConfigError(where, f"the baseline's fingerprints are of version {document.get('fingerprint')!r}, "
                                 f"not {fingerprinting.VERSION!r}; write it again with --write-baseline")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise ConfigError(where, "\"findings\" must be a list")
    return [_entry(value, f"findings[{i}]", where) for i, value in enumerate(findings)]


def _entry(value: Any, at: str, where: str) -> Entry:
    if not isinstance(value, dict):
        raise ConfigError(where, f"{at} must be an object")
    for name, kind in _FIELDS.items():
        field = value.get(name)
        if not isinstance(field, kind) or isinstance(field, bool):
            raise ConfigError(where, f"{at}.{name} must be {'a string' if kind is str else 'a number'}")
    item = value.get("item")
    if item is not None and not isinstance(item, str):
        raise ConfigError(where, f"{at}.item must be a string")
    return Entry(value["path"], item, value["rule_id"], value["fingerprint"], value["match"], value["line"])


def new_findings(
    results: Iterable[FileResult], recorded: Iterable[Entry], folder: Path, stdin_name: str | None = None
) -> list[FileResult]:
    """``results`` with only the findings the baseline does not hold. Each baseline entry
    hides one finding with its path, item and fingerprint."""
    budget = collections.Counter(e.key for e in recorded)
    out = []
    for result in results:
        if result.error is not None or not result.findings:
            out.append(result)
            continue
        path = baseline_path(result.path, stdin_name, folder)
        item = "" if result.origin is None else result.origin.id
        kept = []
        for finding, digest in zip(result.findings, fingerprinting.fingerprints(result.text, result.findings)):
            key = (path, item, digest)
            if budget[key] > 0:
                budget[key] -= 1
            else:
                kept.append(finding)
        out.append(result if len(kept) == len(result.findings) else dataclasses.replace(result, findings=tuple(kept)))
    return out
