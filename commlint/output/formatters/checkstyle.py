"""``checkstyle``: Checkstyle XML, as reviewdog (``-f=checkstyle``), Jenkins (Warnings
Next Generation) and other code-review tools read it: a ``<file>`` per input with an
``<error line column severity message source>`` per finding. An unreadable input is an
``<error severity="error">`` on its file, with no line; so is every finding of a helpdesk
export item (its lines are inside the item: the message names the item and the position)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Sequence

from commlint.findings import Finding, Severity
from commlint.findings.results import FileResult
from commlint.output.formatters.ci import located_message, report_path, xml_text

if TYPE_CHECKING:
    from commlint.output.formatters import OutputOptions

VERSION = "4.3"
SEVERITIES = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _error(result: FileResult, finding: Finding) -> dict[str, str]:
    attributes = {}
    if result.origin is None:
        attributes = {"line": str(finding.line), "column": str(finding.column)}
    return {**attributes, "severity": SEVERITIES[finding.severity],
            "message": xml_text(located_message(result, finding)), "source": f"commlint.{finding.rule_id}"}


def format_checkstyle(results: Sequence[FileResult], options: "OutputOptions") -> str:
    """The run as a Checkstyle XML document, one ``<file>`` per input path."""
    root = ET.Element("checkstyle", version=VERSION)
    files: dict[str, ET.Element] = {}
    for result in results:
        if result.notice is not None:
            continue
        path = report_path(result.path)
        if path not in files:
            files[path] = ET.SubElement(root, "file", name=xml_text(path))
        element = files[path]
        if result.error is not None:
            ET.SubElement(element, "error", severity="error", message=xml_text(result.error.one_line()),
                          source=f"commlint.{result.error.code}")
            continue
        for finding in result.findings:
            ET.SubElement(element, "error", _error(result, finding))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
