"""Rule examples: ``[[...]]`` in a bad example marks the exact span the rule must report."""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from commlint.document.model import CHANNELS, DOCUMENT_KINDS
from commlint.options import OptionError, parse_options

from commlint.ruletypes.base import Example

_MARK = re.compile(r"\[\[(.*?)\]\]", re.S)

@dataclasses.dataclass(frozen=True)
class _ExampleYaml:
    text: str
    kind: str | None = None
    channel: str | None = None

def parse_example(raw: Any) -> Example:
    """An example: a string, or ``{text, kind, channel}`` to read it as another kind of
    document ("a KB article owes no greeting"). Markers are stripped and recorded."""
    if not isinstance(raw, str):
        spec = parse_options(_ExampleYaml, raw)
        for field, value, known in (("kind", spec.kind, DOCUMENT_KINDS), ("channel", spec.channel, CHANNELS)):
            if value is not None and value not in known:
                raise OptionError(field, f"{value!r} is not one of {', '.join(known)}")
        return dataclasses.replace(_marked(spec.text), kind=spec.kind, channel=spec.channel)
    return _marked(raw)

def _marked(raw: str) -> Example:
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
