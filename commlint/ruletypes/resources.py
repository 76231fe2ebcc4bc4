"""What a rule may refer to by name when it is compiled: lexicons and pattern fragments."""
from __future__ import annotations

from typing import Any, Mapping

from commlint.ruletypes.lexicon import Lexicon


class Resources:
    """Lexicons by name (calling the object looks one up, raising KeyError) and the named
    token-pattern fragments every pack shares."""

    def __init__(self, lexicons: Mapping[str, Lexicon], fragments: Mapping[str, Any] | None = None) -> None:
        self.lexicons = lexicons
        self.fragments: Mapping[str, Any] = fragments or {}

    def __call__(self, name: str) -> Lexicon:
        return self.lexicons[name]
