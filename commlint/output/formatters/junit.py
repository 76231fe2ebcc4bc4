"""``junit``: JUnit XML for CI test reports (Jenkins, GitLab, Azure DevOps, test-report
actions): one ``<testsuite>`` for the run and one ``<testcase>`` per file, or per item of a
helpdesk export. A file with findings at or above the fail level (``--fail-on``) fails,
with its findings as the failure's text; findings below it go to ``<system-out>``; an
unreadable input is an ``<error>``, a skipped one (empty) ``<skipped>``."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Sequence

from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult
from commlint.output.formatters.ci import report_path, xml_text

if TYPE_CHECKING:
    from commlint.output.formatters import OutputOptions

SUITE = "commlint"


def finding_line(label: str, finding: Finding) -> str:
    """``label:line:col: severity [ID name] message``, then one line per suggestion."""
    head = f"{label}:{finding.line}:{finding.column}: {finding.severity.label} [{finding.rule_id} {finding.rule_name}] {finding.message}"
    return "\n".join([head, *(f"    suggestion: {s}" for s in finding.suggestions)])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _case(result: FileResult, fail_on: Severity | None) -> tuple[ET.Element, str]:
    """The test case of one result, and its outcome: passed, failed, error or skipped."""
    path = report_path(result.path)
    label = path if result.origin is None else f"{path}[{result.origin.label()}]"
    case = ET.Element("testcase", classname=SUITE, name=xml_text(label), file=xml_text(path))
    if result.error is not None:
        ET.SubElement(case, "error", message=xml_text(result.error.one_line()), type=result.error.code)
        return case, "error"
    if result.notice is not None:
        ET.SubElement(case, "skipped", message=xml_text(result.notice))
        return case, "skipped"
    fails = [fail_on is not None and f.severity >= fail_on for f in result.findings]
    failing = [f for f, fail in zip(result.findings, fails) if fail]
    others = [f for f, fail in zip(result.findings, fails) if not fail]
    if failing:
        worst = max(f.severity for f in failing)
        assert fail_on is not None
        failure = ET.SubElement(
            case, "failure", type=worst.label,
            message=f"{_plural(len(failing), 'finding')} at {fail_on.label} or above",
        )
        failure.text = xml_text("\n".join(finding_line(label, f) for f in failing))
    if others:
        ET.SubElement(case, "system-out").text = xml_text("\n".join(finding_line(label, f) for f in others))
    return case, "failed" if failing else "passed"


def format_junit(results: Sequence[FileResult], options: "OutputOptions") -> str:
    """The run as a JUnit XML document."""
    cases = [_case(r, options.fail_on) for r in results]
    counts = {k: str(sum(1 for _, outcome in cases if outcome == k)) for k in ("failed", "error", "skipped")}
    attributes = {"name": SUITE, "tests": str(len(cases)), "failures": counts["failed"], "errors": counts["error"],
                  "skipped": counts["skipped"]}
    root = ET.Element("testsuites", {k: v for k, v in attributes.items() if k != "skipped"})
    suite = ET.SubElement(root, "testsuite", attributes)
    suite.extend(case for case, _ in cases)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
