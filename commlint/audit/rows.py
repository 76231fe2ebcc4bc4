"""The audit's two tables: one row per finding and one row per message (Arrow schemas,
and the rows of one linted partition)."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import pyarrow as pa

from commlint.document.model import Document
from commlint.findings import Severity
from commlint.findings.results import DocumentFindings
from commlint.findings.score import MessageScore
from commlint.output.report.data import finding_context

FINDINGS_SCHEMA = pa.schema([
    ("row", pa.int64()),  # the message's row in the archive (0-based): the key of both tables
    ("message_id", pa.string()),
    ("rule_id", pa.string()), ("rule_name", pa.string()), ("category", pa.string()), ("severity", pa.string()),
    ("message", pa.string()), ("match", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("line", pa.int32()), ("column", pa.int32()),
    ("end_line", pa.int32()), ("end_column", pa.int32()),
    ("suggestions", pa.list_(pa.string())),
    ("exact", pa.bool_()),  # False: the offsets point at an encoded part; match is the decoded words
    ("before", pa.string()), ("after", pa.string()),  # the words around the match, as the report shows them
])

_SEVERITIES = tuple(s.label for s in sorted(Severity, reverse=True))  # error, warning, info


def messages_schema(areas: Sequence[str]) -> pa.Schema:
    """The per-message table's schema: the archive's fields, the score and each area's points
    left (``score_<area>``), and the number of findings by severity."""
    return pa.schema(
        [("row", pa.int64()), ("id", pa.string()), ("author", pa.string()), ("channel", pa.string()),
         ("date", pa.string()), ("chars", pa.int32()), ("score", pa.int16())]
        + [(f"score_{area}", pa.float64()) for area in areas]
        + [("findings", pa.int32())] + [(f"{label}s", pa.int32()) for label in _SEVERITIES]
    )


def partition_tables(
    first: int, values: dict[str, list[str | None]], documents: Sequence[Document],
    found: Iterable[DocumentFindings], scores: Iterable[MessageScore | None], areas: Sequence[str],
) -> tuple[pa.Table, pa.Table]:
    """The findings and messages tables of one partition: message ``n`` is archive row
    ``first + n``, its fields in ``values``."""
    findings: dict[str, list[Any]] = {name: [] for name in FINDINGS_SCHEMA.names}
    messages: dict[str, list[Any]] = {name: [] for name in messages_schema(areas).names}
    for n, (document, result, score) in enumerate(zip(documents, found, scores)):
        row, message_id = first + n, values["id"][n]
        counts = dict.fromkeys(_SEVERITIES, 0)
        for f in result.findings:
            counts[f.severity.label] += 1
            before, _, after = finding_context(document.text, f)
            for name, value in (
                ("row", row), ("message_id", message_id), ("rule_id", f.rule_id), ("rule_name", f.rule_name),
                ("category", f.category), ("severity", f.severity.label), ("message", f.message), ("match", f.match),
                ("start", f.start), ("end", f.end), ("line", f.line), ("column", f.column), ("end_line", f.end_line),
                ("end_column", f.end_column), ("suggestions", list(f.suggestions)), ("exact", f.exact),
                ("before", before), ("after", after),
            ):
                findings[name].append(value)
        left = dict(score.areas) if score is not None else {}
        for name, value in (
            ("row", row), ("id", message_id), ("author", values["author"][n]), ("channel", values["channel"][n]),
            ("date", values["date"][n]), ("chars", len(document.text)), ("score", None if score is None else score.score),
            ("findings", len(result.findings)),
        ):
            messages[name].append(value)
        for area in areas:
            messages[f"score_{area}"].append(None if area not in left else round(left[area], 2))
        for label in _SEVERITIES:
            messages[f"{label}s"].append(counts[label])
    return (pa.Table.from_pydict(findings, schema=FINDINGS_SCHEMA),
            pa.Table.from_pydict(messages, schema=messages_schema(areas)))
