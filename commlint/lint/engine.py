"""The engine: documents -> scoped segments -> spaCy Docs (batched) -> rules -> findings."""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import TYPE_CHECKING, Iterable, Iterator

from commlint.config import Config
from commlint.document.lines import LineIndex
from commlint.document.model import Document, Region
from commlint.document.split import split_long_segments
from commlint.findings import Finding
from commlint.findings.filters import drop_engine_overlaps, drop_nested
from commlint.findings.results import DocumentFindings
from commlint.findings.suppress import apply_suppressions
from commlint.findings.suppress import selects as selects_finding
from commlint.nlp import inflect
from commlint.nlp import pipeline as nlp
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.nlp.language import english_segments
from commlint.lint.rules import build_ruleset
from commlint.packs.loader import RuleSet, selects
from commlint.ruletypes.base import Rule, needs_of
from commlint.ruletypes.detectors import PhraseIndex
from commlint.ruletypes.safe_regex import timeouts_of
from commlint.sources.plain import text_document

if TYPE_CHECKING:
    from commlint.nlp.doc_cache import DocCache

_BATCH_DOCUMENTS = 32
NOT_ENGLISH = "not english"  #: the skip reason of a paragraph in another language
_ENGLISH = "commlint.english"  #: Document.meta key: per segment, is it English?


class Linter:
    """Lints documents with one configuration. The spaCy model is loaded once per process,
    on first use, and only the components the selected rules need are run.

    Each rule runs only on the documents its scope names, over the segments of the block
    kinds it reads. With ``prepass`` (the default) each segment is first only tokenized and
    term-matched, one shared pass notes which rules' detectors can hit there (terms, pattern
    gates, one scan for every regular expression), and the costly components run just on
    the segments where some rule could use them; without it every detector runs on every
    segment, after every component. Findings are the same either way.
    """

    def __init__(
        self, config: Config | None = None, ruleset: RuleSet | None = None, prepass: bool = True,
        doc_cache: DocCache | None = None,
    ) -> None:
        self.config = config or Config()
        self.ruleset = ruleset if ruleset is not None else build_ruleset(self.config)
        self.prepass = prepass
        #: analysed segments kept between batches and runs (None: every segment is analysed)
        self.doc_cache = doc_cache
        self._span_rules = frozenset(r.meta.id for r in self.ruleset.rules if r.word_level and not r.sub_ids)
        self._engine_prefixes = tuple(r.meta.id + "." for r in self.ruleset.rules if r.sub_ids)
        self._index: tuple[int, PhraseIndex] | None = None
        self._allowed = _allowed_terms(self.config.allow_terms)
        self._allowed_reach = 2 * max((len(t) for t in self.config.allow_terms), default=0) + 8
        self._selected: dict[str, bool] = {}
        self._aliases = {alias: r.meta.id for r in self.ruleset.rules for alias in r.meta.aliases}

    def _prepare(self, model) -> PhraseIndex:
        """Build every matcher once per Linter and model, before any text is read (so
        outside the memory zone): all the rules' terms in one PhraseIndex, and the token
        patterns."""
        if self._index is None or self._index[0] != id(model):
            detectors = [d for r in self.ruleset.rules for d in r.detectors()]
            self._index = (id(model), PhraseIndex(detectors, model, _terms_cache()))
            for detector in detectors:
                detector.compile(model)
            inflect.save_forms()
        return self._index[1]

    def warm(self) -> None:
        """Load the model and compile every matcher now (before forking workers that
        should share them), instead of on the first text."""
        self._prepare(nlp.load(self.config.model))

    # -- the library API ------------------------------------------------------------------

    def lint_text(self, text: str, *, kind: str | None = None, channel: str | None = None) -> list[Finding]:
        """Findings for one plain text (a reply, by default), sorted by position."""
        return self.lint_document(text_document(text).with_settings(kind=kind, channel=channel))

    def lint_texts(self, texts: Iterable[str]) -> Iterator[list[Finding]]:
        """Findings for each plain text, in order; texts share ``nlp.pipe`` batches."""
        return self.lint_many(text_document(text) for text in texts)

    def lint_document(self, document: Document) -> list[Finding]:
        """Findings for one document (from any reader), sorted by position."""
        return next(self.lint_many([document]))

    def lint_many(self, documents: Iterable[Document]) -> Iterator[list[Finding]]:
        """Findings for each document, in order (suppressed findings left out)."""
        for result in self.check_documents(documents):
            yield list(result.findings)

    def check_documents(self, documents: Iterable[Document]) -> Iterator[DocumentFindings]:
        """Findings and suppressed findings of each document, in order, in batches."""
        batch: list[Document] = []
        for document in documents:
            batch.append(self._settle(document))
            if len(batch) >= _BATCH_DOCUMENTS:
                yield from self._lint_batch(batch)
                batch = []
        if batch:
            yield from self._lint_batch(batch)

    # -- the work -------------------------------------------------------------------------

    def _settle(self, document: Document) -> Document:
        """The document with configured kind, channel, audience and platform applied, and
        its paragraphs in another language than English marked (only rules whose scope
        reads any language read them: secrets are as exposed in Spanish)."""
        c = self.config
        document = split_long_segments(document.with_settings(c.kind, c.channel, c.audience, c.platform))
        if not document.segments:
            return document
        english = english_segments(document.segments)
        if all(english):
            return document
        others = tuple(Region(s.start, s.end, NOT_ENGLISH) for s, ok in zip(document.segments, english) if not ok)
        return dataclasses.replace(
            document, skipped=tuple(sorted(document.skipped + others, key=lambda r: (r.start, r.end))),
            meta={**document.meta, _ENGLISH: tuple(english)},
        )

    def _plan(self, document: Document) -> tuple[list[int], list[tuple[Rule, frozenset[int]]]]:
        """The segments some rule reads (indexes into ``document.segments``) and, per rule
        that applies, the positions in that list of the segments it reads."""
        wanted: dict[Rule, list[int]] = {}
        english = document.meta.get(_ENGLISH)
        for rule in self.ruleset.rules:
            scope = rule.meta.scope
            if scope.applies(document):
                wanted[rule] = [
                    i for i, s in enumerate(document.segments)
                    if s.kind in scope.blocks and (english is None or english[i] or scope.any_language)
                ]
        needed = sorted({i for indexes in wanted.values() for i in indexes})
        position = {index: n for n, index in enumerate(needed)}
        return needed, [(rule, frozenset(position[i] for i in indexes)) for rule, indexes in wanted.items()]

    def _lint_batch(self, documents: list[Document]) -> Iterator[DocumentFindings]:
        plans = [self._plan(document) for document in documents]
        flat = [document.segments[i].text for document, (needed, _) in zip(documents, plans) for i in needed]
        if not flat:
            for document, (needed, rules) in zip(documents, plans):
                yield self._finish(document, [], LineIndex(document.text))
            return
        model = nlp.load(self.config.model)
        index = self._prepare(model)
        # Strings spaCy learns from these texts are freed when the zone closes, so a long
        # run does not grow; findings hold plain values only.
        with model.memory_zone():
            cached = self.doc_cache.lookup(model, flat) if self.doc_cache is not None else None
            docs = cached.docs if cached is not None else nlp.tokenize(model, flat)
            for doc in docs:
                index.annotate(doc, prefilter=self.prepass)
            lines = [LineIndex(document.text) for document in documents]
            messages = list(_messages(documents, plans, lines, docs, model))
            if self.prepass:
                needs = [frozenset(n) for msg, (_, rules) in zip(messages, plans) for n in self._needs(msg, rules)]
            else:
                needs = [self.ruleset.requires] * len(docs)
            docs = cached.annotate(needs) if cached is not None else nlp.annotate(model, docs, needs)
            messages = list(_messages(documents, plans, lines, docs, model))
            results = [self._lint_message(msg, rules) for msg, (_, rules) in zip(messages, plans)]
            del docs, messages
        yield from results

    def _needs(self, msg: AnalyzedMessage, rules: list[tuple[Rule, frozenset[int]]]) -> list[set[str]]:
        """Per segment, the union of what every rule needs there."""
        out: list[set[str]] = [set() for _ in msg.docs]
        views: dict[frozenset[int], AnalyzedMessage] = {}
        for rule, keep in rules:
            view = views.get(keep)
            if view is None:
                view = views[keep] = msg.view(keep)
            for position, extra in zip(sorted(keep), needs_of(rule, view)):
                out[position] |= extra
        return out

    def _lint_message(self, msg: AnalyzedMessage, rules: list[tuple[Rule, frozenset[int]]]) -> DocumentFindings:
        views: dict[frozenset[int], AnalyzedMessage] = {}
        found: dict[tuple[str, int, int], Finding] = {}
        masks = _MaskIndex(msg)
        notices: list[str] = []
        unavailable: list[str] = []
        scores: dict = {}
        for rule, keep in rules:
            view = views.get(keep)
            if view is None:
                view = views[keep] = msg.view(keep)
            if not view.segments and rule.reads_segments:
                continue
            scores.update(rule.scores(view))
            span_rule = rule.word_level
            patterns = _patterns(rule)
            for pattern in patterns:
                pattern.resume()  # a pattern stopped by a time limit is stopped for one file only
            timeouts = sum(len(timeouts_of(doc)) for doc in view.docs) if patterns else 0
            for finding in rule.check(view):
                if span_rule and (masks.blocks(finding, rule.meta.scope.in_masks) or self._allowed_at(msg.text, finding)):
                    continue
                found[(finding.rule_id, finding.start, finding.end)] = finding
            if rule.unavailable and rule.unavailable not in unavailable:
                unavailable.append(rule.unavailable)
            if patterns and sum(len(timeouts_of(doc)) for doc in view.docs) > timeouts:
                notices.append(
                    f"rule {rule.meta.id} ({rule.meta.name}) was stopped: its regular expression ran past the "
                    "time limit, so matches after that point in this file are not reported"
                )
        findings = drop_nested(sorted(found.values(), key=Finding.sort_key), self._span_rules)
        findings = drop_engine_overlaps(findings, self._engine_prefixes, self._span_rules)
        result = self._finish(msg.document, findings, msg.lines, tuple(notices), scores)
        return dataclasses.replace(result, unavailable=tuple(unavailable)) if unavailable else result

    def _finish(
        self, document: Document, findings: list[Finding], lines: LineIndex, notices: tuple[str, ...] = (),
        scores: dict | None = None,
    ) -> DocumentFindings:
        kept, suppressed = apply_suppressions(document, findings, lines, ran=self._ran, aliases=self._aliases)
        if self.config.ignore:  # the suppression findings (X001, X002) can be ignored like rules
            kept = [f for f in kept if not (f.category == "suppression" and any(selects_finding(s, f) for s in self.config.ignore))]
        return DocumentFindings(tuple(kept), tuple(suppressed), notices, scores or {})

    def _ran(self, selector: str) -> bool:
        """Does ``selector`` name a rule of this run (so a directive naming it can be unused)?"""
        found = self._selected.get(selector)
        if found is None:
            found = self._selected[selector] = any(selects(selector, r.meta) for r in self.ruleset.rules)
        return found

    def _allowed_at(self, text: str, finding: Finding) -> bool:
        """Is the finding on (part of) a term the configuration allows?"""
        if self._allowed is None:
            return False
        reach = self._allowed_reach
        for m in self._allowed.finditer(text, max(0, finding.start - reach), min(len(text), finding.end + reach)):
            if m.start() < finding.end and finding.start < m.end():
                return True
        return False


def _terms_cache():
    """Where the term index is kept between runs."""
    from commlint.paths import cache_root

    return cache_root() / "terms"


def _patterns(rule: Rule) -> list:
    """The regular expressions ``rule`` runs (each may be stopped by its time limit)."""
    return [d.regex for d in rule.detectors() if getattr(d, "regex", None) is not None]


def _allowed_terms(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = sorted((re.escape(t.strip()).replace("\\ ", r"\s+") for t in terms if t.strip()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I) if alternatives else None


class _MaskIndex:
    """The protected spans of a message's segments, in source offsets (they do not overlap,
    so their ends are sorted too)."""

    def __init__(self, msg: AnalyzedMessage) -> None:
        self._spans = sorted(
            (segment.to_source(m.start), segment.end_to_source(m.end), m.kind)
            for segment in msg.segments for m in segment.masks
        )
        self._ends = [e for _, e, _ in self._spans]

    def blocks(self, finding: Finding, allowed_kinds: frozenset[str]) -> bool:
        """Does ``finding`` touch a protected span whose kind its rule may not report in?"""
        i = bisect.bisect_right(self._ends, finding.start)
        while i < len(self._spans) and self._spans[i][0] < max(finding.end, finding.start + 1):
            if self._spans[i][2] not in allowed_kinds:
                return True
            i += 1
        return False


def _messages(documents: list[Document], plans, lines: list[LineIndex], docs: list, model) -> Iterator[AnalyzedMessage]:
    """Regroup the flat list of segment Docs into one message per document."""
    position = 0
    for document, (needed, _), index in zip(documents, plans, lines):
        segments = tuple(document.segments[i] for i in needed)
        yield AnalyzedMessage(document, segments, tuple(docs[position : position + len(needed)]), model, index)
        position += len(needed)
