"""Read YAML data files with one-line errors that name the file."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from commlint.errors import PackError


def read_yaml(path: Path, label: str) -> Any:
    """Parse ``path`` as YAML; syntax errors become a ``PackError`` naming ``label`` and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError.at(label, f"cannot read: {exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError.at(label, f"invalid YAML{where}: {problem}") from None
