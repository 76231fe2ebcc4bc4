"""What every grammar engine gives commlint: issues in the text it was handed.

An engine checks plain prose (a segment's text) and reports ``GrammarIssue``s in that
text's own offsets (code points); the grammar rule type maps them to the original file,
drops those inside protected spans and names them ``GR.<backend>.<rule id>``.
"""
from __future__ import annotations

import dataclasses
from typing import Protocol, Sequence

from commlint.errors import CommlintError

#: what an issue is about, as commlint reports it (engines' own categories are mapped here)
ISSUE_KINDS = ("grammar", "spelling", "typo", "punctuation", "style")


@dataclasses.dataclass(frozen=True)
class GrammarIssue:
    """One problem an engine found: ``text[start:end]`` of the checked text."""

    start: int
    end: int
    rule_id: str  #: the engine's own rule id ("MD_BASEFORM", "SpellCheck")
    message: str
    replacements: tuple[str, ...] = ()  #: best first; empty when the engine has none
    kind: str = "grammar"  #: one of ISSUE_KINDS


class GrammarUnavailable(CommlintError):
    """The engine cannot be used (no Java, server down, not installed); the message is one
    line that says why and what to do."""


class GrammarBackend(Protocol):
    """A grammar engine behind one interface."""

    name: str  #: "languagetool" or "harper": the middle part of the rule ids

    def check(self, texts: Sequence[str]) -> list[list[GrammarIssue]]:
        """The issues of each text, in order, each sorted by position."""
        ...

    def close(self) -> None:
        """Release what the engine holds (connections; a server it started stays up)."""
        ...
