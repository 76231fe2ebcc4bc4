"""What happens to a document's findings after the rules: one finding per problem."""
from __future__ import annotations

import bisect
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


def drop_engine_overlaps(findings: list[Finding], engine_prefixes: tuple[str, ...], span_rules: frozenset[str]) -> list[Finding]:
    """A grammar engine's finding (id under one of ``engine_prefixes``) on words one of our
    word-level rules already reports is dropped: "ASAP" is an acronym and a vague time to
    commlint, and that finding says why in a support lead's terms. Order is kept."""
    if not engine_prefixes:
        return findings
    merged: list[list[int]] = []
    for start, end in sorted((f.start, f.end) for f in findings if f.rule_id in span_rules):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return findings
    starts = [s for s, _ in merged]

    def covered(f: Finding) -> bool:
        i = bisect.bisect_left(starts, max(f.end, f.start + 1)) - 1  # the last span starting before f ends
        return i >= 0 and merged[i][1] > f.start

    return [f for f in findings if not (f.rule_id.startswith(engine_prefixes) and covered(f))]
