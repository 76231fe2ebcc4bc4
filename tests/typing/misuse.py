"""Misuse mypy must report (tests/test_typing.py expects an error on each marked line)."""
from __future__ import annotations

from commlint import Config, Linter

linter = Linter(Config())
linter.lint_text(b"bytes are not text")  # E: bytes
linter.lint_text(None)  # E: None
linter.lint_many([b"x"])  # E: bytes items
linter.fix_text("x", unsafe="yes")  # E: not a bool
count: int = linter.lint_text("x")  # E: a list, not an int
