"""Rule examples: ``[[...]]`` in a bad example marks the exact span the rule must report."""
from __future__ import annotations

import re

from commlint.ruletypes.base import Example

_MARK = re.compile(r"\[\[(.*?)\]\]", re.S)


def parse_example(raw: str) -> Example:
    """Strip the markers and record where they were."""
    spans = []
    parts = []
    pos = 0
    length = 0
    for m in _MARK.finditer(raw):
        before = raw[pos : m.start()]
        parts.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1))))
        parts.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    parts.append(raw[pos:])
    return Example("".join(parts), tuple(spans))
