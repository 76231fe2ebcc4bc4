"""What happens to a document's findings after the rules: one finding per problem."""
from __future__ import annotations

import bisect
import dataclasses
from itertools import groupby
from typing import Mapping

from commlint.findings.model import Applicability, Finding


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


def merge_superseded(findings: list[Finding], supersedes: Mapping[str, frozenset[str]]) -> list[Finding]:
    """One problem, one finding across categories, where a rule's pack says so
    (``supersedes``): a finding of a superseded rule on words inside the superseding
    rule's finding is dropped, and its fix moves over when the other has none to apply
    ("!!!" is one tone warning, T116, carrying GM102's safe fix to "!"). Rules that do not
    declare it are left alone: jargon and an acronym on one word stay two findings.
    Order is kept."""
    ruling = [f for f in findings if supersedes.get(f.rule_id)]
    if not ruling:
        return findings
    hidden = frozenset().union(*supersedes.values())
    candidates = sorted((f for f in findings if f.rule_id in hidden), key=lambda f: f.start)
    starts = [f.start for f in candidates]
    dropped: set[int] = set()
    merged: dict[int, Finding] = {}
    for finding in ruling:
        kept = finding
        for other in candidates[bisect.bisect_left(starts, finding.start) : bisect.bisect_right(starts, finding.end)]:
            if other.rule_id not in supersedes[finding.rule_id] or other.end > finding.end or id(other) in dropped:
                continue
            dropped.add(id(other))
            if other.fix is not None and other.fix.applicability is not Applicability.DISPLAY and (
                kept.fix is None or kept.fix.applicability is Applicability.DISPLAY
            ):
                kept = dataclasses.replace(kept, fix=other.fix)
        merged[id(finding)] = kept
    return [merged.get(id(f), f) for f in findings if id(f) not in dropped]
