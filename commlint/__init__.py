"""commlint: a communication-quality linter for customer-support writing.

    >>> from commlint import Linter
    >>> findings = Linter().lint_text("We guarantee this will never happen again!!!")

``Linter`` is the API (``lint_text``, ``lint_many``, ``lint_file``, ``fix_text``);
``report_json`` writes results as ``commlint --format json`` does (docs/json-format.md).
The names below are imported on first use (PEP 562), so a process that needs only a small
part of the package (the worker client, ``commlint --version``) does not pay for the rest.
"""
from __future__ import annotations

import functools
import importlib
import os

#: ``typing.TYPE_CHECKING`` without importing ``typing`` (about 10 ms of every start,
#: the worker client's included); type checkers treat any name ``TYPE_CHECKING`` as true
TYPE_CHECKING = False

from commlint.version import __version__

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from typing import Any

    from commlint.config import Config, load_config
    from commlint.document.model import Document
    from commlint.errors import CommlintError, ConfigError, ExitCode, InputError
    from commlint.findings import Applicability, Finding, Fix, Severity
    from commlint.findings.results import FileResult
    from commlint.lint.engine import Linter
    from commlint.output.formatters.json import format_json as report_json
    from commlint.sources import read_documents

_LAZY = {
    "Config": ("commlint.config", "Config"), "load_config": ("commlint.config", "load_config"),
    "Document": ("commlint.document.model", "Document"),
    "Linter": ("commlint.lint.engine", "Linter"),
    "CommlintError": ("commlint.errors", "CommlintError"), "ConfigError": ("commlint.errors", "ConfigError"),
    "ExitCode": ("commlint.errors", "ExitCode"), "InputError": ("commlint.errors", "InputError"),
    "Applicability": ("commlint.findings", "Applicability"), "Finding": ("commlint.findings", "Finding"),
    "Fix": ("commlint.findings", "Fix"), "Severity": ("commlint.findings", "Severity"),
    "FileResult": ("commlint.findings.results", "FileResult"),
    "read_documents": ("commlint.sources", "read_documents"),
    "report_json": ("commlint.output.formatters.json", "format_json"),
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'commlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


@functools.lru_cache(maxsize=4)
def _linter(config: Config | None) -> Linter:
    """One Linter per configuration, kept: its matchers are built once."""
    from commlint.lint.engine import Linter

    return Linter(config)


def lint_text(text: str, config: Config | None = None, *, kind: str | None = None,
              channel: str | None = None) -> list[Finding]:
    """Lint one text with the default (or given) configuration; see ``Linter.lint_text``."""
    return _linter(config).lint_text(text, kind=kind, channel=channel)


def lint_file(path: str | os.PathLike[str], config: Config | None = None) -> list[FileResult]:
    """Lint one file of any format commlint reads; see ``Linter.lint_file``."""
    return _linter(config).lint_file(path)


def fix_text(text: str, config: Config | None = None, *, unsafe: bool = False) -> str:
    """``text`` with its safe (and with ``unsafe``, all) fixes applied; see ``Linter.fix_text``."""
    return _linter(config).fix_text(text, unsafe)


__all__ = [
    "Applicability", "CommlintError", "Config", "ConfigError", "Document", "ExitCode", "FileResult", "Finding",
    "Fix", "InputError", "Linter", "Severity", "__version__", "fix_text", "lint_file", "lint_text", "load_config",
    "read_documents", "report_json",
]
