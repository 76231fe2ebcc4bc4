"""What happens to a document's findings after the rules: one finding per problem."""
from __future__ import annotations

from commlint.findings.model import Finding


def drop_nested(findings: list[Finding], span_rules: frozenset[str]) -> list[Finding]:
    """One problem, one finding: a word-level finding inside a longer one of the same
    category ("cache" inside "DNS cache"), or on the same words, is dropped. Sentence- and
    message-level findings (metrics, requirements) neither hide nor are hidden.

    ``findings`` must be sorted by start."""
    def covers(o: Finding, f: Finding) -> bool:
        if o is f or o.rule_id not in span_rules or o.category != f.category:
            return False
        if (o.start, o.end) == (f.start, f.end):  # same words: keep the more severe, then the first rule
            return (-o.severity, o.rule_id) < (-f.severity, f.rule_id)
        return o.start <= f.start and f.end <= o.end

    return [f for f in findings if f.rule_id not in span_rules or not any(covers(o, f) for o in findings)]
