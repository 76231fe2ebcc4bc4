"""Error catalog and exit codes.

Every error commlint reports to a user is one of these classes; each renders as one line
naming where the problem is (file, rule, field) and what it is.
"""
from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes of the ``commlint`` command."""

    OK = 0  #: no finding at or above ``--fail-on``
    FINDINGS = 1  #: at least one finding at or above ``--fail-on``
    USAGE = 2  #: bad usage, bad configuration, bad rule pack or unreadable input


class CommlintError(Exception):
    """Base of every error commlint reports to the user (always exit code 2)."""

    code = "E000"

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self) -> tuple[type[CommlintError], tuple[str, str]]:  # keep (where, problem) when sent between processes
        return (type(self), (self.where, self.problem))

    def one_line(self) -> str:
        """The message as a single line, suitable for stderr."""
        return " ".join(str(self).split())


class PackError(CommlintError):
    """A rule pack or lexicon is malformed (unknown key, missing field, bad pattern)."""

    code = "E100"

    @classmethod
    def at(cls, path: str, problem: str, rule: str | None = None, field: str | None = None) -> "PackError":
        """Build an error naming the pack file, and the rule and field when known."""
        where = path
        if rule:
            where += f": rule {rule}"
        if field:
            where += f": field '{field}'"
        return cls(where, problem)


class ConfigError(CommlintError):
    """The configuration file or a command-line option is invalid."""

    code = "E200"


class InputError(CommlintError):
    """An input file cannot be linted (missing, binary, not UTF-8, empty, ...)."""

    code = "E300"


class NotThisFormat(InputError):
    """The input is not in the format its reader reads at all (a ``.json`` file that is not
    a helpdesk export). Named on the command line it is an error; found in a folder it is
    skipped with a notice, since help centres hold other JSON and CSV files too."""

    code = "E301"


class CommlintOutput(NotThisFormat):
    """The input is a file commlint wrote (a baseline, a JSON report): never linted, and
    only noted, even when named (pre-commit passes a changed baseline like any file)."""

    code = "E302"


class ModelError(CommlintError):
    """The configured spaCy pipeline cannot be loaded."""

    code = "E400"
