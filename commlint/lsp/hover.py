"""Hover over a finding: the rule, the message, why it matters and what to write instead."""
from __future__ import annotations

from lsprotocol import types

from commlint.lsp.analysis import Analysis, Located
from commlint.lsp.positions import PositionMap


def hover(analysis: Analysis, positions: PositionMap, position: types.Position) -> types.Hover | None:
    """The findings under ``position``, narrowest first, as Markdown; None when there are none."""
    offset = positions.offset(position)
    under = [x for x in analysis.located if x.base is not None and x.start <= offset <= x.end]
    if not under:
        return None
    under.sort(key=lambda x: (x.end - x.start, x.start))
    text = "\n\n---\n\n".join(_markdown(x) for x in under)
    first = under[0]
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=positions.range(first.start, first.end),
    )


def _markdown(located: Located) -> str:
    f = located.finding
    parts = [f"**{f.rule_id}** `{f.rule_name}` ({f.severity.label})", _escape(f.message)]
    if f.rationale:
        parts.append(f"*Why:* {_escape(f.rationale)}")
    if f.suggestions:
        parts.append("*Try:*\n" + "\n".join(f"- {_escape(s)}" for s in f.suggestions))
    return "\n\n".join(parts)


def _escape(text: str) -> str:
    """Text shown as Markdown, with the characters that would start markup escaped."""
    out = []
    for ch in " ".join(text.split()):
        out.append("\\" + ch if ch in "\\`*_[]<>#|" else ch)
    return "".join(out)
