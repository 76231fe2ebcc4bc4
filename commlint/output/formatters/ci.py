"""What the CI formats (sarif, github, junit, checkstyle) share: how a file is named and
where a finding of a helpdesk export item is.

Lines and columns of an export item are inside that item's text, not the file's, so these
formats never give them as file positions: the finding is reported on the file, and its
message starts with the item and the position inside it (docs/formats.md)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from commlint.findings import Finding
from commlint.findings.results import FileResult


def report_path(path: str) -> str:
    """``path`` as CI tools want it: relative to the current folder when it is inside it,
    with ``/`` (``<stdin>`` and other names are kept)."""
    if not os.path.isabs(path):
        return Path(path).as_posix().removeprefix("./") if path not in ("", ".") else path
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def item_position(result: FileResult, finding: Finding) -> str | None:
    """For a finding of an export item: ``360001 "Refund request" body:3:5`` (the item and
    the line and column inside its text); None for a finding of a whole file."""
    if result.origin is None:
        return None
    return f"{result.origin.label()}:{finding.line}:{finding.column}"


def located_message(result: FileResult, finding: Finding) -> str:
    """The finding's message, preceded by the item position for an export item."""
    where = item_position(result, finding)
    return finding.message if where is None else f"{where}: {finding.message}"


def has_file_positions(result: FileResult) -> bool:
    """Do lines and columns of ``result``'s findings point into the file itself?"""
    return result.origin is None


#: characters XML 1.0 cannot hold, even escaped (control characters, lone surrogates, U+FFFE/F)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` with every character XML cannot hold replaced by U+FFFD (ElementTree
    escapes ``<``, ``&`` and quotes, but writes control characters as they are)."""
    return _NOT_XML.sub("\ufffd", value)
