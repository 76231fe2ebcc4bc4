"""Render a rule's documentation from its metadata (used by ``commlint explain``)."""
from __future__ import annotations

import textwrap

from commlint.ruletypes.base import Example, RuleMeta


class _Named(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _template(text: str) -> str:
    """A message template as a reader sees it: ``{{`` is a brace, ``{field}`` stays a name."""
    try:
        return text.format_map(_Named())
    except (ValueError, IndexError):
        return text


def _marked(example: Example) -> str:
    text = example.text
    for start, end in sorted(example.spans, reverse=True):
        text = text[:start] + "\u00bb" + text[start:end] + "\u00ab" + text[end:]
    return text


def explain_rule(meta: RuleMeta) -> str:
    """Id, name, category, severity, why it matters, what to do, and the examples."""
    wrap = lambda text: textwrap.fill(" ".join(text.split()), width=88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    parts = [
        f"{meta.id} {meta.name}",
        f"category: {meta.category}   severity: {meta.severity.label}   type: {meta.type}   fix: {meta.fix.value}",
        "",
        "Why it matters:",
        wrap(meta.rationale),
        "",
        "What to do:",
        *(wrap("- " + _template(s)) for s in meta.suggestions),
        "",
        "Flagged (the reported words are between \u00bb \u00ab):",
        *(wrap("- " + _marked(e)) for e in meta.bad),
        "",
        "Fine:",
        *(wrap("- " + e.text) for e in meta.good),
    ]
    if meta.aliases:
        parts += ["", "Also known as: " + ", ".join(meta.aliases)]
    return "\n".join(parts)
