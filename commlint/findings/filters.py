"""What happens to a document's findings after the rules: one finding per problem."""
from __future__ import annotations

from itertools import groupby

from commlint.findings.model import Finding


def drop_nested(findings: list[Finding], span_rules: frozenset[str]) -> list[Finding]:
    """One problem, one finding: a word-level finding inside a longer one of the same
    category ("cache" inside "DNS cache"), or on the same words, is dropped. Sentence- and
    message-level findings (metrics, requirements) neither hide nor are hidden.

    The order of ``findings`` is kept. One sweep per category, in O(n log n): spans sorted
    by start and longest first, a finding is inside an earlier, different span exactly
    when the furthest end seen so far reaches its end."""
    dropped: set[int] = set()
    spans = sorted(
        (f for f in findings if f.rule_id in span_rules), key=lambda f: (f.category, f.start, -f.end)
    )
    for _, same_category in groupby(spans, key=lambda f: f.category):
        furthest = -1
        for _, same_words in groupby(same_category, key=lambda f: (f.start, f.end)):
            group = list(same_words)
            end = group[0].end
            keep = min(group, key=lambda f: (-f.severity, f.rule_id))  # same words: the more severe, then the first rule
            dropped.update(id(f) for f in group if f is not keep or furthest >= end)
            furthest = max(furthest, end)
    return [f for f in findings if id(f) not in dropped]
