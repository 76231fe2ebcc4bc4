"""commlint: a communication-quality linter for customer-support writing.

    >>> from commlint import Linter
    >>> findings = Linter().lint_text("We guarantee this will never happen again!!!")
"""
from __future__ import annotations

from commlint.config import Config, load_config
from commlint.lint.engine import Linter
from commlint.errors import CommlintError, ExitCode
from commlint.findings import Applicability, Finding, Fix, Severity
from commlint.version import __version__


def lint_text(text: str, config: Config | None = None) -> list[Finding]:
    """Lint one text with the default (or given) configuration."""
    return Linter(config).lint_text(text)


__all__ = [
    "Applicability", "CommlintError", "Config", "ExitCode", "Finding", "Fix", "Linter", "Severity",
    "__version__", "lint_text", "load_config",
]
