"""A tool that uses commlint as a library, type-checked by tests/test_typing.py: mypy must
accept every call here, and reject the misuse in misuse.py."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import commlint
from commlint import Config, Document, FileResult, Finding, Linter, Severity, report_json
from commlint.sources import read_documents


def replies() -> Iterator[str]:
    for n in range(3):
        yield f"Ticket {n}: u can log in again."


def audit(folder: Path) -> dict[str, int]:
    linter = Linter(Config(select=("tone", "overpromise"), ignore=("T101",), severity=(("tone.blaming", "error"),)))
    counts: dict[str, int] = {}
    for findings in linter.lint_many(replies(), kind="reply", channel="chat"):
        for finding in findings:
            counts[finding.category] = counts.get(finding.category, 0) + 1
    first: list[Finding] = linter.lint_text("We guarantee it!", kind="macro", channel="ticket")
    worst: Severity | None = max((f.severity for f in first), default=None)
    if worst is not None and worst >= Severity.WARNING:
        counts["warnings"] = len(first)
    fixed: str = linter.fix_text("u can go", unsafe=True)
    counts["fixed"] = len(fixed)
    documents: list[Document] = read_documents(b"Hi,\n\nu can go.", "reply.txt")
    for findings in linter.lint_many(documents):
        counts["documents"] = counts.get("documents", 0) + len(findings)
    results: list[FileResult] = linter.lint_file(folder / "macros.json")
    report = json.loads(report_json(results))
    counts["report"] = len(report["findings"])
    for result in results:
        counts[result.label] = len(result.findings)
        if result.score is not None:
            counts["score"] = result.score.score
        for finding in result.findings:
            as_dict = finding.to_dict()
            counts[str(as_dict["rule_id"])] = finding.end - finding.start
    counts["top"] = len(commlint.lint_text("Obviously.", kind="reply")) + len(commlint.fix_text("u"))
    return counts
