"""``sarif``: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps; docs/formats.md).

One run: the tool with a rule entry for every rule of the run (and every grammar engine
rule that reported, ``GR.harper.SpellCheck``, described by its parent ``GR``), a result
per finding with its region in Unicode code points (``columnKind``), its fingerprint, its
fix and suggestions, the score of each file as artifact properties, and unreadable inputs
as tool execution notifications.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from commlint import data
from commlint.document.lines import LineIndex
from commlint.findings import Applicability, Finding, Severity
from commlint.findings.fingerprint import fingerprints
from commlint.findings.results import FileResult
from commlint.output.formatters.ci import located_message, report_path
from commlint.output.rule_docs import ENGINE_PREFIX, rule_url
from commlint.packs.explain import summary
from commlint.ruletypes.base import RuleMeta

if TYPE_CHECKING:
    from commlint.output.formatters import OutputOptions

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: the base id of artifact URIs: the folder commlint ran in
SRCROOT = "SRCROOT"
FINGERPRINT_KEY = "commlintContext/v1"
ITEM_KEY = "commlintItem/v1"  #: for an item of a helpdesk export: its id (two items may hold the same text)
_PLACEHOLDER = re.compile("\u2039[^\u203a]*\u203a")  #: how summary() shows a message placeholder
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _text(value: str) -> str:
    return " ".join(value.split())


def _short(meta: RuleMeta, sub_id: str | None) -> str:
    """A rule in one line: its message in words; for a message that is only a placeholder
    (the grammar engines' own message), what reports it."""
    if sub_id is not None:
        return f"Grammar engine rule {sub_id.split('.', 1)[1]}, reported under {meta.id} {meta.name}."
    line = summary(meta)
    return line if _PLACEHOLDER.sub("", line).strip(" .:") else f"{meta.name} ({meta.category}): {line}"


class _Rules:
    """The ``tool.driver.rules`` array, and each rule id's index in it."""

    def __init__(self, metas: Iterable[RuleMeta], findings: Iterable[Finding], docs_url: str) -> None:
        self._docs = docs_url
        self.by_id = {m.id: m for m in metas}
        extra: dict[str, Finding] = {}
        for f in findings:
            if f.rule_id not in self.by_id and (f.rule_id not in extra or f.severity > extra[f.rule_id].severity):
                extra[f.rule_id] = f
        self.descriptors = [self._from_meta(m) for m in self.by_id.values()]
        self.descriptors += [self._from_finding(f) for f in extra.values()]
        self.descriptors.sort(key=lambda d: d["id"])
        self.index = {d["id"]: i for i, d in enumerate(self.descriptors)}

    def _url(self, path: str) -> str:
        return urllib.parse.urljoin(self._docs, path)

    def _from_meta(self, meta: RuleMeta, rule_id: str | None = None, name: str | None = None,
                   severity: Severity | None = None) -> dict[str, Any]:
        url = self._url(rule_url(rule_id or meta.id, meta.category))
        rationale = _text(meta.rationale)
        return {
            "id": rule_id or meta.id,
            "name": name or meta.name,
            "shortDescription": {"text": _short(meta, rule_id)},
            "fullDescription": {"text": rationale},
            "help": {"text": f"{rationale} Reference: {url}", "markdown": f"{rationale}\n\n[Rule reference]({url})"},
            "helpUri": url,
            "defaultConfiguration": {"level": LEVELS[severity or meta.severity], "enabled": meta.enabled},
            "properties": {
                "category": meta.category, "tags": ["commlint", meta.category], "fix": meta.fix.value,
                **({"parent": meta.id} if rule_id else {}),
            },
        }

    def _from_finding(self, finding: Finding) -> dict[str, Any]:
        """An engine rule (``GR.harper.SpellCheck``) from its parent rule; any other rule
        without metadata (an unused directive, X001) from its finding."""
        parent = finding.rule_id.split(".", 1)[0] if finding.rule_id.startswith(ENGINE_PREFIX) else None
        if parent in self.by_id:
            return self._from_meta(self.by_id[parent], finding.rule_id, finding.rule_name, finding.severity)
        out: dict[str, Any] = {
            "id": finding.rule_id,
            "name": finding.rule_name,
            "shortDescription": {"text": _text(finding.message)},
            "fullDescription": {"text": _text(finding.rationale) or _text(finding.message)},
            "defaultConfiguration": {"level": LEVELS[finding.severity]},
            "properties": {"category": finding.category, "tags": ["commlint", finding.category]},
        }
        if finding.category != "suppression":  # directives (X001, X002) have no section in the reference
            out["helpUri"] = self._url(rule_url(finding.rule_id, finding.category))
        return out


class _Artifacts:
    """The ``artifacts`` array: one entry per input file, with the score of each message in it."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def location(self, path: str) -> dict[str, Any]:
        """The artifact location of ``path``, added to the array on first use."""
        relative = report_path(path)
        if Path(relative).is_absolute():
            location: dict[str, Any] = {"uri": Path(relative).as_uri()}
        else:
            location = {"uri": urllib.parse.quote(relative, safe="/"), "uriBaseId": SRCROOT}
        if relative not in self._index:
            self._index[relative] = len(self.entries)
            self.entries.append({"location": dict(location), "properties": {}})
        return {**location, "index": self._index[relative]}

    def describe(self, result: FileResult) -> None:
        """Record ``result``'s status and scores on its artifact (per item for an export)."""
        entry = self.entries[self.location(result.path)["index"]]["properties"]
        status = "error" if result.error else "skipped" if result.notice else "linted"
        about: dict[str, Any] = {"status": status}
        if status == "linted":
            about["score"] = None if result.score is None else result.score.to_dict()
            if result.scores:
                about["scores"] = dict(result.scores)
        if result.origin is None:
            entry.update(about)
        else:
            o = result.origin
            entry.setdefault("items", []).append({"id": o.id, "title": o.title, "field": o.field, **about})


def _fix_region(lines: LineIndex, start: int, end: int) -> dict[str, Any]:
    """The characters a fix replaces (exact offsets: fixes are offered only where they are)."""
    line, column = lines.line_col(start)
    end_line, end_column = lines.line_col(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
            "charOffset": start, "charLength": end - start}


def _finding_region(finding: Finding, exact: bool) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line, "startColumn": finding.column,
        "endLine": finding.end_line or finding.line, "endColumn": finding.end_column or finding.column,
    }
    if exact:
        region.update(charOffset=finding.start, charLength=finding.end - finding.start)
    return region


_FIX_WORDS = {Applicability.SAFE: "safe: applied by commlint --fix",
              Applicability.UNSAFE: "unsafe: applied by commlint --fix --unsafe-fixes"}


def _result(result: FileResult, finding: Finding, digest: str, location: dict[str, Any], rules: _Rules,
            lines: LineIndex, suppressed: bool) -> dict[str, Any]:
    in_file = result.origin is None  # an item's offsets are inside the item, not the file
    exact = in_file and finding.exact
    physical: dict[str, Any] = {"artifactLocation": location}
    if in_file:
        physical["region"] = _finding_region(finding, exact)
    where: dict[str, Any] = {"physicalLocation": physical}
    properties: dict[str, Any] = {"ruleName": finding.rule_name, "category": finding.category,
                                  "suggestions": list(finding.suggestions)}
    if not finding.exact:
        properties["exact"] = False
    if result.origin is not None:
        o = result.origin
        where["logicalLocations"] = [{"name": o.id, "fullyQualifiedName": o.label(), "kind": "object"}]
        properties["item"] = {"id": o.id, "title": o.title, "field": o.field, "startLine": finding.line,
                              "startColumn": finding.column, "endLine": finding.end_line or finding.line,
                              "endColumn": finding.end_column or finding.column}
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rules.index[finding.rule_id],
        "level": LEVELS[finding.severity],
        "message": {"text": located_message(result, finding)},
        "locations": [where],
        "partialFingerprints": {FINGERPRINT_KEY: digest, **({ITEM_KEY: result.origin.id} if result.origin else {})},
    }
    fix = finding.fix
    if fix is not None and fix.applicability in _FIX_WORDS and exact:
        out["fixes"] = [{
            "description": {"text": f"Replace with \u201c{fix.replacement}\u201d ({_FIX_WORDS[fix.applicability]})."},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{"deletedRegion": _fix_region(lines, fix.start, fix.end),
                                  "insertedContent": {"text": fix.replacement}}],
            }],
        }]
    elif fix is not None:
        properties["fix"] = {"replacement": fix.replacement, "applicability": fix.applicability.value}
    if suppressed:
        out["suppressions"] = [{"kind": "inSource"}]
    out["properties"] = properties
    return out


def _notification(level: str, text: str, code: str | None = None, location: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"level": level, "message": {"text": text}}
    if code:
        out["descriptor"] = {"id": code}
    if location is not None:
        out["locations"] = [{"physicalLocation": {"artifactLocation": location}}]
    return out


def sarif_log(results: Sequence[FileResult], options: "OutputOptions") -> dict[str, Any]:
    """The SARIF log of a run, as a JSON-ready mapping."""
    from commlint.version import __version__

    docs_url = options.docs_url or data.docs_url()
    rules = _Rules(options.rules, (f for r in results for f in (*r.findings, *r.suppressed)), docs_url)
    artifacts = _Artifacts()
    out: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        location = artifacts.location(result.path)
        artifacts.describe(result)
        if result.error is not None:
            notifications.append(_notification("error", result.error.one_line(), result.error.code, location))
            continue
        if result.notice is not None:
            notifications.append(_notification("note", f"{result.label}: {result.notice}", location=location))
            continue
        notifications += [_notification("note", f"{result.label}: {n}", location=location) for n in result.notices]
        lines = LineIndex(result.text)
        for group, suppressed in ((result.findings, False), (result.suppressed, True)):
            for finding, digest in zip(group, fingerprints(result.text, group)):
                out.append(_result(result, finding, digest, location, rules, lines, suppressed))
    for line in dict.fromkeys(u for r in results for u in r.unavailable):
        notifications.append(_notification("warning", f"{line}; the other rules ran"))
    successful = not any(r.error for r in results) and any(r.error is None for r in results)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "commlint", "version": __version__, "informationUri": docs_url, "rules": rules.descriptors,
        }},
        "invocations": [{"executionSuccessful": successful, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "artifacts": artifacts.entries,
        "results": out,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def format_sarif(results: Sequence[FileResult], options: "OutputOptions") -> str:
    """The SARIF log of a run as JSON text."""
    return json.dumps(sarif_log(results, options), indent=2, ensure_ascii=False)
