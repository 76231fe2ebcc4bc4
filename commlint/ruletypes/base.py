"""What every rule type shares: metadata, message formatting and finding construction."""
from __future__ import annotations

import abc
import dataclasses
import string
from typing import Any, Callable, ClassVar, Iterable, Iterator, Sequence

from commlint.findings import Applicability, Finding, Fix, Severity
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError
from commlint.ruletypes.scope import DEFAULT_SCOPE, Scope

CATEGORIES = (
    "jargon", "acronym", "slang", "tone", "overpromise", "timeline",
    "next-steps", "readability", "grammar", "privacy", "courtesy", "placeholders", "plain-language",
)


@dataclasses.dataclass(frozen=True)
class Example:
    """An example text; for a bad example, ``spans`` are where the rule must point."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    kind: str | None = None  #: read the example as this document kind (default: a reply)
    channel: str | None = None  #: ... and on this channel (default: email)


@dataclasses.dataclass(frozen=True)
class RuleMeta:
    """The metadata every rule carries, whatever its type."""

    id: str
    name: str
    category: str
    severity: Severity
    type: str
    message: str
    rationale: str
    suggestions: tuple[str, ...]
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    fix: Applicability
    aliases: tuple[str, ...]
    enabled: bool
    source: str
    #: hide the matched text in messages and reports: "" (no), "all" (passwords, keys,
    #: tokens), "last4" (all but the last four digits: card numbers)
    redact: str = ""
    scope: Scope = DEFAULT_SCOPE  #: where the rule applies
    #: ids of rules whose finding on the same words this rule's finding replaces (taking
    #: over its fix): one finding per problem across categories, declared in the pack
    supersedes: tuple[str, ...] = ()


class Rule(abc.ABC):
    """A compiled rule: one rule type configured by one YAML rule."""

    #: the dataclass the YAML ``matcher`` mapping is parsed into
    options_class: ClassVar[type]
    #: names a message or suggestion may use, besides ``match``
    placeholders: ClassVar[frozenset[str]] = frozenset()
    #: spaCy annotations (``sents``, ``pos``, ``lemma``, ``dep``, ``ents``) every rule of this
    #: type reads, declared as spaCy components declare ``requires``; a rule adds what its
    #: YAML asks for (token pattern attributes, a measure) once, at load
    type_requires: ClassVar[frozenset[str]] = frozenset()
    #: points at words (not a sentence or the whole message): never reported inside a
    #: protected span, and one of two such findings on the same words is dropped
    word_level: ClassVar[bool] = False
    #: judges the segments' text; False for types that read the document itself (placeholders)
    reads_segments: ClassVar[bool] = True
    #: findings carry their own ids under the rule's (``GR.harper.SpellCheck``), which
    #: selectors may name one by one (see ``narrowed``)
    sub_ids: ClassVar[bool] = False
    #: why an engine this rule relies on could not run in this process (set by the rule;
    #: the run says so once and the other rules run)
    unavailable: str | None = None
    #: ``prefetch`` starts slow work outside this process (a grammar server) that ``check``
    #: then waits for; the engine checks such rules after the others, so the two overlap
    prefetches: ClassVar[bool] = False
    #: its findings in a segment depend only on that segment's text, its kind and masks, and
    #: the document's settings and title (see ``check_positions``), so they can be kept per
    #: segment and an edit re-runs the rule on the edited paragraph only
    segment_local: bool = False

    def __init__(self, meta: RuleMeta, options: Any, lexicons: Callable[[str], Lexicon]) -> None:
        self.meta = meta
        self.options = options
        self.configured_requires: frozenset[str] = frozenset()
        self._check_templates()

    @property
    def requires(self) -> frozenset[str]:
        """Everything this rule reads from spaCy: its type's needs and its configuration's."""
        return self.type_requires | self.configured_requires

    @abc.abstractmethod
    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        """Yield the findings of this rule in ``msg``."""

    def check_positions(self, msg: AnalyzedMessage) -> Iterator[tuple[int, Finding]]:
        """For a ``segment_local`` rule: each finding of ``check`` with the position in
        ``msg.segments`` of the segment it is in. Positions whose findings read beyond their
        segment after all (a condition that looked at the whole message) are added to
        ``msg.memo[reads_message_key(self)]``."""
        raise NotImplementedError(f"{type(self).__name__} is not segment-local")

    def prefetch(self, texts: Sequence[str]) -> None:
        """Start, in the background, the slow part of checking these segment texts (the
        ones ``check`` will be given); only rules that set ``prefetches`` have one."""

    def narrowed(self, only: tuple[str, ...], skip: tuple[str, ...]) -> "Rule":
        """For a rule with ``sub_ids``: this rule reporting only the findings ``only`` picks
        (all when empty) and none ``skip`` picks."""
        return self

    def detectors(self) -> Iterable[Any]:
        """The term detectors this rule uses, so the engine can match all terms in one pass."""
        return ()

    def scores(self, msg: AnalyzedMessage) -> dict[str, Any]:
        """Message-level scores this rule computes, by name, for reports (JSON-ready)."""
        return {}

    def references(self) -> list["Rule"]:
        """The other rules this one reads the findings of (``unless: finding_of``)."""
        return []

    def bind(self, lookup: Callable[[str], "list[Rule]"]) -> None:
        """Resolve references to other rules, once every rule of the run is loaded;
        ``lookup`` takes an id, a name or a category and gives the rules it names."""

    def needs(self, msg: AnalyzedMessage) -> list[frozenset[str]]:
        """The capabilities each segment of ``msg`` needs before ``check`` can run, judged on
        tokenized Docs. The default is everything the rule requires, everywhere; types
        that can tell from the tokens alone that a segment cannot match say less."""
        return [self.requires] * len(msg.docs)

    def _check_templates(self) -> None:
        allowed = self.placeholders | {"match"}
        for field, template in [("message", self.meta.message)] + [
            (f"suggestions[{i}]", s) for i, s in enumerate(self.meta.suggestions)
        ]:
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
            except ValueError as exc:
                raise OptionError(field, f"bad template: {exc}") from None
            unknown = names - allowed
            if unknown:
                raise OptionError(
                    field, f"unknown placeholder {{{sorted(unknown)[0]}}} (allowed: {', '.join(sorted(allowed))})"
                )

    def finding(
        self,
        msg: AnalyzedMessage,
        start: int,
        end: int,
        values: dict[str, Any] | None = None,
        replacement: str | None = None,
        words: str | None = None,
    ) -> Finding:
        """A finding of this rule over source characters ``start:end``. ``words`` are the
        segment's words there; they stand in for the match where the source offsets are
        approximate (a base64 email body maps to its start), and then no fix is offered."""
        match = msg.text[start:end]
        exact = not (words and not match.strip())
        if not exact:
            match, replacement = words, None
        if self.meta.redact:
            match = mask(match, keep_last4=self.meta.redact == "last4")
        context = {"match": _shorten(match), **(values or {})}
        suggestions = []
        for template in self.meta.suggestions:
            try:
                suggestions.append(template.format_map(context))
            except KeyError:
                continue  # this template needs a value this match does not have
        fix = None
        if replacement is not None:
            fix = Fix(start, end, replacement, self.meta.fix)
        line, column = msg.lines.line_col(start)
        end_line, end_column = msg.lines.line_col(end)
        meta = self.meta
        return Finding(
            rule_id=meta.id, rule_name=meta.name, category=meta.category, severity=meta.severity,
            message=meta.message.format_map(_Lenient(context)), rationale=" ".join(meta.rationale.split()),
            match=match, start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column,
            exact=exact,
            suggestions=tuple(dict.fromkeys(suggestions)), fix=fix,
        )


def needs_of(rule: Rule, msg: AnalyzedMessage) -> list[frozenset[str]]:
    """``rule.needs(msg)``, computed once per message (rules that refer to other rules'
    findings ask for those rules' needs too)."""
    key = ("needs", rule.meta.id, id(rule))
    found = msg.memo.get(key)
    if found is None:
        found = msg.memo[key] = rule.needs(msg)
    return found


def reads_message_key(rule: Rule) -> tuple[str, str, int]:
    """The ``msg.memo`` key of the positions where ``rule``'s findings read the whole message."""
    return ("reads-message", rule.meta.id, id(rule))


def mask(secret: str, keep_last4: bool = False) -> str:
    """Hide a secret whole ("••••"), whatever its length; with ``keep_last4``, a number of
    12 digits or more keeps its last four digits: "4111 1111 1111 1111" -> "•••• 1111"."""
    digits = [c for c in secret if c.isdigit()] if keep_last4 else []
    return "\u2022" * 4 + (" " + "".join(digits[-4:]) if len(digits) >= 12 else "")


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"
