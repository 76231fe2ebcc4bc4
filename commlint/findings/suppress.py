"""Inline suppression: the ``commlint:`` directives of a document applied to its findings.

Forms (``RULES`` is a comma- or space-separated list of selectors: an id or id prefix
``T101``, a name or dotted-name prefix ``tone.blaming`` / ``tone``, or a category):

- ``disable`` / ``enable``: no finding from the directive to the next ``enable`` (or the
  end of the text); ``disable=RULES`` / ``enable=RULES`` do the same for those rules, and
  ``enable=RULES`` inside a bare ``disable`` block turns those rules back on;
- ``ignore-next-line`` (alias ``disable-next-line``), ``ignore-next-line=RULES``: findings
  that start on the next line after the directive that holds more than directives;
- ``disable-line``, ``disable-line=RULES``: findings that start on the directive's own
  line(s) (a trailing ``<!-- -->`` or ``{# #}`` comment);
- ``allow "term"``: the findings inside the first occurrence of the term after the
  directive (case-insensitive, whole words): one occurrence, every rule on it.

Anything after `` -- `` is a reason, for readers. A directive that suppressed nothing is
reported (X001, info) so it does not rot; an unknown or malformed one is a warning (X002).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Mapping, Iterable

from commlint.document.lines import LineIndex
from commlint.document.model import Directive, Document
from commlint.findings.model import Finding, picks, Severity

CATEGORY = "suppression"
UNUSED = ("X001", "suppression.unused")
UNKNOWN = ("X002", "suppression.unknown")
_BLOCK = ("disable", "enable")
_LINE = ("ignore-next-line", "disable-next-line", "disable-line")
_FORM = re.compile(r"(?P<word>[A-Za-z][\w-]*)\s*(?:=\s*)?(?P<rest>.*)", re.S)
_QUOTED = re.compile(r'"(?P<a>[^"]+)"|\'(?P<b>[^\']+)\'|\u201c(?P<c>[^\u201d]+)\u201d|\u2018(?P<d>[^\u2019]+)\u2019')


def selects(selector: str, finding: Finding) -> bool:
    """Does ``selector`` pick the rule of ``finding``? (Aliases are resolved beforehand.)"""
    return picks(selector, finding.rule_id, finding.rule_name, finding.category)


@dataclasses.dataclass
class _Use:
    """One suppressing directive, parsed, and whether it suppressed anything."""

    directive: Directive
    word: str
    rules: tuple[str, ...] = ()  #: empty: every rule
    term: str = ""
    used: bool = False

    def picks(self, finding: Finding) -> bool:
        return not self.rules or any(selects(r, finding) for r in self.rules)


def apply_suppressions(
    document: Document, findings: list[Finding], lines: LineIndex, *, ran: Callable[[str], bool] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed). ``kept`` also holds a finding per unused (X001) and per unknown
    (X002) directive. ``ran`` says whether a selector names a rule that ran; when given, a
    directive naming only rules that did not run is not reported unused. ``aliases`` maps
    a rule's old ids and names to its id, so a directive may name a rule by either."""
    if not document.directives:
        return findings, []
    directives = sorted(document.directives, key=lambda d: d.start)
    uses, problems = _parse(document, directives, lines)
    if aliases:
        for use in uses:
            use.rules = tuple(aliases.get(r, r) for r in use.rules)
    targets = _line_targets(document.text, directives, uses, lines)
    allowed = [(u, span) for u in uses if u.word == "allow" and (span := _find_term(document.text, u)) is not None]
    blocks = _Blocks([u for u in uses if u.word in _BLOCK])
    kept, suppressed = [], []
    for finding in sorted(findings, key=Finding.sort_key):
        hits = [u for u in targets.get(finding.line, ()) if u.picks(finding)]
        hits += [u for u, (a, b) in allowed if a <= finding.start and finding.end <= b]
        hits += blocks.at(finding)
        for use in hits:
            use.used = True
        (suppressed if hits else kept).append(finding)
    blocks.finish()
    kept += problems + [_unused(document, u, lines) for u in uses if not u.used and _reportable(u, ran)]
    return sorted(kept, key=Finding.sort_key), suppressed


def _parse(document: Document, directives: list[Directive], lines: LineIndex) -> tuple[list[_Use], list[Finding]]:
    uses, problems = [], []
    for d in directives:
        text = d.text.split(" -- ", 1)[0].strip()
        m = _FORM.fullmatch(text)
        word = m.group("word").lower() if m else text
        rest = m.group("rest").strip() if m else ""
        if word == "allow":
            quoted = _QUOTED.search(rest)
            term = next((g for g in quoted.groups() if g), "") if quoted else rest
            if term.strip():
                uses.append(_Use(d, word, term=" ".join(term.split())))
            else:
                problems.append(_problem(document, d, lines, 'allow needs the term, as in allow "Sync Cache"'))
        elif word in _BLOCK or word in _LINE:
            rules = tuple(r for r in re.split(r"[\s,]+", rest) if r)
            if "=" in text and not rules:
                problems.append(_problem(document, d, lines, f"{word}= names no rule"))
            else:
                uses.append(_Use(d, word, rules))
        else:
            known = ", ".join((*_BLOCK, *_LINE, "allow"))
            problems.append(_problem(document, d, lines, f"unknown directive {word!r} (known: {known})"))
    return uses, problems


class _Blocks:
    """``disable`` / ``enable`` blocks, swept in order of position."""

    def __init__(self, uses: list[_Use]) -> None:
        self._uses = uses
        self._next = 0
        self._all: _Use | None = None  #: the bare ``disable`` in force
        self._rules: dict[str, _Use] = {}  #: ``disable=RULE`` in force, per selector
        self._back_on: set[str] = set()  #: ``enable=RULE`` inside a bare ``disable`` block

    def at(self, finding: Finding) -> list[_Use]:
        """The directives that suppress ``finding`` (findings come in order of start)."""
        while self._next < len(self._uses) and self._uses[self._next].directive.start <= finding.start:
            self._step(self._uses[self._next])
            self._next += 1
        hits = [u for sel, u in self._rules.items() if selects(sel, finding)]
        if self._all is not None and not any(selects(sel, finding) for sel in self._back_on):
            hits.append(self._all)
        return hits

    def finish(self) -> None:
        """Step past the directives after the last finding (an ``enable`` there may close a block)."""
        for use in self._uses[self._next:]:
            self._step(use)
        self._next = len(self._uses)

    def _step(self, use: _Use) -> None:
        if use.word == "disable":
            if use.rules:
                self._rules.update(dict.fromkeys(use.rules, use))
                self._back_on.difference_update(use.rules)
            else:
                self._all, self._back_on = use, set()
            return
        opened = self._all is not None or any(r in self._rules for r in use.rules) or (not use.rules and self._rules)
        use.used = bool(opened)  # an enable that turns nothing back on is reported as unused
        if not use.rules:
            self._all, self._rules, self._back_on = None, {}, set()
            return
        for rule in use.rules:
            self._rules.pop(rule, None)
            if self._all is not None:
                self._back_on.add(rule)


def _line_targets(text: str, directives: list[Directive], uses: list[_Use], lines: LineIndex) -> dict[int, list[_Use]]:
    """The line each line directive applies to -> those directives."""
    on_line: dict[int, list[Directive]] = {}
    for d in directives:
        for line in range(d.line, d.end_line + 1):
            on_line.setdefault(line, []).append(d)
    targets: dict[int, list[_Use]] = {}
    for use in uses:
        if use.word == "disable-line":
            for line in range(use.directive.line, use.directive.end_line + 1):
                targets.setdefault(line, []).append(use)
        elif use.word in _LINE:
            line = use.directive.end_line + 1
            while line <= lines.count and _empty(text, line, on_line.get(line, ()), lines):
                line += 1
            targets.setdefault(line, []).append(use)
    return targets


def _empty(text: str, line: int, directives: Iterable[Directive], lines: LineIndex) -> bool:
    """Is ``line`` blank once the directives on it are taken out?"""
    start = lines.line_start(line)
    end = lines.line_start(line + 1) if line < lines.count else len(text)
    chars = list(text[start:end])
    for d in directives:
        for i in range(max(d.start, start), min(d.end, end)):
            chars[i - start] = " "
    return not "".join(chars).strip()


def _find_term(text: str, use: _Use) -> tuple[int, int] | None:
    words = (re.escape(w) for w in use.term.split())
    m = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.I).search(text, use.directive.end)
    return None if m is None else m.span()


def _reportable(use: _Use, ran: Callable[[str], bool] | None) -> bool:
    return ran is None or not use.rules or any(ran(r) for r in use.rules)


def _unused(document: Document, use: _Use, lines: LineIndex) -> Finding:
    what = {"allow": f'no finding on the first "{use.term}" after it', "enable": "nothing is disabled there"}.get(
        use.word, "no finding where it applies"
    )
    return _finding(
        document, use.directive, lines, UNUSED, Severity.INFO,
        f"This commlint: {use.directive.text} directive matched nothing ({what}); it can be removed.",
        "A suppression that no longer matches anything hides the next real problem written there.",
    )


def _problem(document: Document, d: Directive, lines: LineIndex, problem: str) -> Finding:
    return _finding(
        document, d, lines, UNKNOWN, Severity.WARNING, f"commlint: {d.text}: {problem}.",
        "A directive commlint cannot read suppresses nothing, so the findings it was meant to silence still show.",
    )


def _finding(
    document: Document, d: Directive, lines: LineIndex, rule: tuple[str, str], severity: Severity, message: str,
    rationale: str,
) -> Finding:
    line, column = lines.line_col(d.start)
    end_line, end_column = lines.line_col(d.end)
    return Finding(
        rule_id=rule[0], rule_name=rule[1], category=CATEGORY, severity=severity, message=message,
        rationale=rationale, match=document.text[d.start:d.end], start=d.start, end=d.end, line=line, column=column,
        end_line=end_line, end_column=end_column, suggestions=("Remove the directive, or fix it.",),
    )
