"""commlint: a communication-quality linter for customer-support writing.

    >>> from commlint import Linter
    >>> findings = Linter().lint_text("We guarantee this will never happen again!!!")

The names below are imported on first use (PEP 562), so a process that needs only a small
part of the package (the worker client, ``commlint --version``) does not pay for the rest.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from commlint.version import __version__

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from commlint.config import Config, load_config
    from commlint.errors import CommlintError, ExitCode
    from commlint.findings import Applicability, Finding, Fix, Severity
    from commlint.lint.engine import Linter

_LAZY = {
    "Config": "commlint.config", "load_config": "commlint.config",
    "Linter": "commlint.lint.engine",
    "CommlintError": "commlint.errors", "ExitCode": "commlint.errors",
    "Applicability": "commlint.findings", "Finding": "commlint.findings", "Fix": "commlint.findings",
    "Severity": "commlint.findings",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'commlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def lint_text(text: str, config: "Config | None" = None) -> "list[Finding]":
    """Lint one text with the default (or given) configuration."""
    from commlint.lint.engine import Linter

    return Linter(config).lint_text(text)


__all__ = [
    "Applicability", "CommlintError", "Config", "ExitCode", "Finding", "Fix", "Linter", "Severity",
    "__version__", "lint_text", "load_config",
]
