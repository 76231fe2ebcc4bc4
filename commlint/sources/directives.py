"""Inline ``commlint:`` directives, as each format writes comments.

Text: a line ``# commlint: disable=T101``. Markdown and HTML: ``<!-- commlint: ... -->``.
Liquid macros: ``{# commlint: ... #}`` or ``{% comment %} commlint: ... {% endcomment %}``.
Readers find the comments; this module turns a comment's body into a ``Directive``.
"""
from __future__ import annotations

import re

from commlint.document.lines import LineIndex
from commlint.document.model import Directive

_BODY = re.compile(r"^\s*commlint\s*:\s*(?P<text>.*?)\s*$", re.S | re.I)
TEXT_LINE = re.compile(r"^[ \t]*#[ \t]*commlint[ \t]*:[^\r\n]*", re.M | re.I)
#: bodies are bounded, so a text full of unclosed ``{#`` stays linear
LIQUID_COMMENT = re.compile(
    r"\{#(?P<body>[^#]{0,2000}?(?:#(?!\})[^#]{0,2000}?){0,8})#\}"
    r"|\{%-?\s*comment\s*-?%\}(?P<block>.{0,20000}?)\{%-?\s*endcomment\s*-?%\}",
    re.S,
)


def directive(body: str, start: int, end: int, lines: LineIndex) -> Directive | None:
    """The directive in a comment spanning ``start:end`` whose inside is ``body``; None when
    the comment is not a commlint directive."""
    m = _BODY.match(body)
    if m is None:
        return None
    return Directive(start, end, " ".join(m.group("text").split()), lines.line_col(start)[0], lines.line_col(max(start, end - 1))[0])


def text_directives(text: str, lines: LineIndex) -> list[Directive]:
    """``# commlint: ...`` lines of a text file."""
    found = []
    for m in TEXT_LINE.finditer(text):
        body = m.group().split("#", 1)[1]
        d = directive(body, m.start(), m.end(), lines)
        if d is not None:
            found.append(d)
    return found


def liquid_directives(text: str, lines: LineIndex) -> list[Directive]:
    """``{# commlint: ... #}`` and ``{% comment %} commlint: ... {% endcomment %}``."""
    found = []
    for m in LIQUID_COMMENT.finditer(text):
        body = m.group("body") if m.group("body") is not None else m.group("block")
        d = directive(body, m.start(), m.end(), lines)
        if d is not None:
            found.append(d)
    return found
