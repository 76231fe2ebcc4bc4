"""An earlier run to compare with: a report page, its data, or a ``--format json`` report."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from commlint.errors import InputError
from commlint.output.report.data import REPORT_SCHEMA

_EMBEDDED = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)
_LIMIT = 200_000_000  #: bytes: an earlier report larger than this is refused


def load_previous(path: Path) -> dict[str, Any]:
    """The data of the earlier run at ``path``, or an ``InputError`` saying why not."""
    where = str(path)
    try:
        if path.stat().st_size > _LIMIT:
            raise InputError(where, f"is larger than {_LIMIT // 1_000_000} MB; give the JSON of a run instead")
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(where, f"cannot read the earlier report: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(where, "is not UTF-8 text: give an earlier report (HTML) or its JSON") from None
    found = _EMBEDDED.search(raw) if raw.lstrip().startswith("<") else None
    text = found.group(1).replace("<\\/", "</") if found else raw
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"is not an earlier report or JSON report (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("schema") not in (REPORT_SCHEMA, "commlint-report"):
        raise InputError(where, "is not a commlint report (expected an audit report or `--format json` output)")
    return data
