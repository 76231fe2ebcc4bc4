"""The engine: documents -> scoped segments -> spaCy Docs (batched) -> rules -> findings."""
from __future__ import annotations

import bisect
import contextlib
import dataclasses
import gc
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from commlint import memory
from commlint.config import Config
from commlint.config.arguments import check_choice, type_name
from commlint.document.lines import LineIndex
from commlint.document.model import CHANNELS, DOCUMENT_KINDS, Document, Region
from commlint.document.split import split_long_segments
from commlint.findings import Finding
from commlint.findings.filters import drop_engine_overlaps, drop_nested, merge_superseded
from commlint.findings.fixes import Change, fix_until_stable
from commlint.findings.results import DocumentFindings, FileResult
from commlint.findings.suppress import apply_suppressions
from commlint.findings.suppress import selects as selects_finding
from commlint.nlp import inflect
from commlint.nlp import pipeline as nlp
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.nlp.language import english_segments
from commlint.lint.rules import build_ruleset
from commlint.lint.segment_cache import Entry, SegmentFindings, placed, relative, span_of
from commlint.packs.loader import RuleSet, selects
from commlint.ruletypes.base import Rule, needs_of, reads_message_key
from commlint.ruletypes.detectors import PhraseIndex
from commlint.ruletypes.grammar import GrammarRule
from commlint.ruletypes.grammar import settle as settle_grammar
from commlint.ruletypes.safe_regex import notes_made, timeouts_of
from commlint.sources.plain import text_document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from commlint.nlp.doc_cache import DocCache

_BATCH_DOCUMENTS = 8
#: what a document needs: the segments some rule reads, and per rule the positions it reads
_Plan = tuple[list[int], list[tuple[Rule, frozenset[int]]]]
NOT_ENGLISH = "not english"  #: the skip reason of a paragraph in another language
_ENGLISH = "commlint.english"
_ASKED = "commlint.asked"  #: Document.meta key: the (kind, channel) a library call gave  #: Document.meta key: per segment, is it English?


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
        doc_cache: DocCache | None = None, segment_cache: SegmentFindings | None = None,
    ) -> None:
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"Linter(config=...) expects a commlint.Config, got {type_name(config)}")
        self.config = config or Config()
        if ruleset is None:
            with _long_lived():
                ruleset = build_ruleset(self.config)
        self.ruleset = ruleset
        for rule in ruleset.rules:
            if isinstance(rule, GrammarRule):
                rule.warm()  # the engine opens on its own thread while the model loads
        self.prepass = prepass
        #: analysed segments kept between batches and runs (None: every segment is analysed)
        self.doc_cache = doc_cache
        #: findings of the segment-local rules kept per segment (None: every rule runs on
        #: every segment); it belongs to this Linter, whose configuration and rules it assumes
        self.segment_cache = segment_cache
        self._local = {id(r): i for i, r in enumerate(self.ruleset.rules) if r.segment_local}
        self._rule_patterns: dict[int, list] = {}  #: per rule, the regular expressions it runs
        self._span_rules = frozenset(r.meta.id for r in self.ruleset.rules if r.word_level and not r.sub_ids)
        self._engine_prefixes = tuple(r.meta.id + "." for r in self.ruleset.rules if r.sub_ids)
        self._supersedes = {r.meta.id: frozenset(r.meta.supersedes) for r in self.ruleset.rules if r.meta.supersedes}
        self._index: tuple[int, PhraseIndex] | None = None
        self._allowed = _allowed_terms(self.config.allow_terms)
        self._allowed_reach = 2 * max((len(t) for t in self.config.allow_terms), default=0) + 8
        self._selected: dict[str, bool] = {}
        self._aliases = {alias: r.meta.id for r in self.ruleset.rules for alias in r.meta.aliases}

    @property
    def segment_cache(self) -> SegmentFindings | None:
        return self._segment_cache

    @segment_cache.setter
    def segment_cache(self, cache: SegmentFindings | None) -> None:
        self._segment_cache = cache
        #: with a segment cache (a long-lived process), the term pass's results by text
        self._annotations: dict | None = {} if cache is not None else None
        #: what the cache's entries assume of this Linter (its configuration and rules), in
        #: every key: a cache handed to another Linter never serves it this one's findings
        self._owner = _owner(self.config, self.ruleset) if cache is not None else ""

    def _prepare(self, model: Language) -> PhraseIndex:
        """Build every matcher once per Linter and model, before any text is read (so
        outside the memory zone): all the rules' terms in one PhraseIndex, and the token
        patterns."""
        if self._index is None or self._index[0] != id(model):
            detectors = [d for r in self.ruleset.rules for d in r.detectors()]
            with _long_lived(freeze=True):
                self._index = (id(model), PhraseIndex(detectors, model, _terms_cache()))
                for detector in detectors:
                    detector.compile(model)
            inflect.save_forms()
        return self._index[1]

    def warm(self) -> None:
        """Load the model and compile every matcher now (before forking workers that
        should share them), instead of on the first text."""
        self._prepare(nlp.load(self.config.model))
        settle_grammar()

    # -- the library API ------------------------------------------------------------------

    def lint_text(self, text: str, *, kind: str | None = None, channel: str | None = None) -> list[Finding]:
        """Findings for one plain text (a reply, by default), sorted by position. ``kind``
        (reply, article, macro) and ``channel`` (email, chat, ticket, kb) say what it is."""
        return self.lint_document(_text_document(_text(text, "Linter.lint_text"), *_settings(kind, channel)))

    def lint_texts(self, texts: Iterable[str]) -> Iterator[list[Finding]]:
        """Findings for each plain text, in order; texts share ``nlp.pipe`` batches."""
        return self.lint_many(texts)

    def lint_document(self, document: Document) -> list[Finding]:
        """Findings for one document (from any reader), sorted by position."""
        return next(self.lint_many([_document(document, "Linter.lint_document")]))

    def lint_many(
        self, items: Iterable[str | Document], *, kind: str | None = None, channel: str | None = None,
    ) -> Iterator[list[Finding]]:
        """Findings for each text (a plain-text reply, as ``lint_text`` reads it) or
        ``Document`` of ``items``, in order, suppressed findings left out. Lazy: items are
        taken from the iterable a batch (32) at a time as results are consumed, so a stream
        of any length (a generator over a database) runs in bounded memory."""
        settings = _settings(kind, channel)
        if isinstance(items, (str, bytes, Document)):
            raise TypeError(f"Linter.lint_many expects an iterable of str or Document, got one {type_name(items)}: "
                            "use lint_text or lint_document for one")
        documents = (_item(item, n, *settings) for n, item in enumerate(items))
        return (list(result.findings) for result in self.check_documents(documents))

    def lint_file(self, path: str | os.PathLike[str]) -> list[FileResult]:
        """Lint the file at ``path`` with the reader its extension picks (or
        ``config.input_format``): one result per document, so an export gives one per item,
        each with its ``text``, ``findings``, ``origin`` and ``skipped`` regions, as the
        command line reports them (``commlint.report_json`` writes its JSON). A file that
        cannot be read raises its ``InputError``; an empty one gives a result with a notice."""
        from commlint.lint.files import Input
        from commlint.lint.runner import lint_inputs  # (the runner imports this module)

        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"Linter.lint_file expects a path (str or os.PathLike), got {type_name(path)}")
        results = lint_inputs(self.config, [Input(os.fspath(path), Path(path))], linter=self, jobs=1)
        for result in results:
            if result.error is not None:
                raise result.error
        return results

    def fix_text(self, text: str, unsafe: bool = False, *, kind: str | None = None, channel: str | None = None) -> str:
        """``text`` with its safe fixes applied (``unsafe``: the fixes that may change the
        meaning too), as ``commlint --fix`` fixes a plain-text file: never in quoted
        replies, signatures, placeholders or code, and again until nothing changes."""
        return self.fix_text_changes(text, unsafe, kind=kind, channel=channel)[0]

    def fix_text_changes(
        self, text: str, unsafe: bool = False, *, kind: str | None = None, channel: str | None = None,
    ) -> tuple[str, list[Change]]:
        """``fix_text``, and each change it made (rule, words before and after)."""
        text = _text(text, "Linter.fix_text")
        settings = _settings(kind, channel)

        def check(current: str) -> tuple[Document, tuple[Finding, ...]]:
            document = _text_document(current, *settings)
            return document, next(self.check_documents([document])).findings
        return fix_until_stable(text, check, unsafe)

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
        inflect.save_forms()  # the words rewrites looked up, so the next run need not load lemminflect

    # -- the work -------------------------------------------------------------------------

    def _settle(self, document: Document) -> Document:
        """The document with configured kind, channel, audience and platform applied, and
        its paragraphs in another language than English marked (only rules whose scope
        reads any language read them: secrets are as exposed in Spanish)."""
        c = self.config
        kind, channel = document.meta.get(_ASKED, (None, None))
        document = split_long_segments(document.with_settings(kind or c.kind, channel or c.channel, c.audience, c.platform))
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
        ordered = sorted(wanted.items(), key=lambda item: item[0].prefetches)  # their background work overlaps the rest
        return needed, [(rule, frozenset(position[i] for i in indexes)) for rule, indexes in ordered]

    def _prefetch(self, documents: list[Document], plans: list[_Plan]) -> None:
        """Hand the rules that prefetch the texts they will check in this batch, before
        spaCy reads it: a grammar server checks them while this process analyses."""
        texts: dict[Rule, list[str]] = {}
        for document, (needed, rules) in zip(documents, plans):
            for rule, keep in rules:
                if rule.prefetches:
                    texts.setdefault(rule, []).extend(document.segments[needed[p]].text for p in sorted(keep))
        for rule, some in texts.items():
            rule.prefetch(some)

    def _lint_batch(self, documents: list[Document]) -> Iterator[DocumentFindings]:
        plans = [self._plan(document) for document in documents]
        flat = [document.segments[i].text for document, (needed, _) in zip(documents, plans) for i in needed]
        if not flat:
            for document, (needed, rules) in zip(documents, plans):
                yield self._finish(document, [], LineIndex(document.text))
            return
        self._prefetch(documents, plans)
        model = nlp.load(self.config.model)
        index = self._prepare(model)
        # Strings spaCy learns from these texts are freed when the zone closes, so a long
        # run does not grow; findings hold plain values only.
        with model.memory_zone():
            cached = self.doc_cache.lookup(model, flat) if self.doc_cache is not None else None
            docs = cached.docs if cached is not None else nlp.tokenize(model, flat)
            for doc in docs:
                index.annotate(doc, prefilter=self.prepass, memo=self._annotations)
            lines = [LineIndex(document.text) for document in documents]
            messages = list(_messages(documents, plans, lines, docs, model))
            kept = [self._kept(msg, rules) for msg, (_, rules) in zip(messages, plans)]
            runs = [_without(rules, served, self._local) for (_, rules), (_, served) in zip(plans, kept)]
            if self.prepass:
                needs = [frozenset(n) for msg, rules in zip(messages, runs) for n in self._needs(msg, rules)]
            else:
                needs = [self.ruleset.requires] * len(docs)
            docs = cached.annotate(needs) if cached is not None else nlp.annotate(model, docs, needs)
            messages = list(_messages(documents, plans, lines, docs, model))
            results = [
                self._lint_message(msg, rules, keys, planned)
                for msg, rules, keys, (_, planned) in zip(messages, runs, kept, plans)
            ]
            del docs, messages
        memory.release()  # the batch's Docs and the model's working arrays
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

    def _kept(self, msg: AnalyzedMessage, rules: list[tuple[Rule, frozenset[int]]]) -> tuple[dict[int, str], dict[int, Entry]]:
        """With a segment cache: the key of each position of ``msg`` that a segment-local
        rule reads, and the kept findings of the positions the cache holds."""
        cache = self.segment_cache
        if cache is None or not self._local:
            return {}, {}
        positions = sorted({p for rule, keep in rules if id(rule) in self._local for p in keep})
        if not positions:
            return {}, {}
        document = msg.document
        english = document.meta.get(_ENGLISH)
        index = {id(s): i for i, s in enumerate(document.segments)} if english is not None else {}
        title = msg.title
        keys: dict[int, str] = {}
        served: dict[int, dict] = {}
        for p in positions:
            segment = msg.segments[p]
            is_english = True if english is None else english[index[id(segment)]]
            keys[p] = key = cache.key(document, segment, is_english, title, self._owner)
            entry = cache.get(key)
            if entry is not None:
                served[p] = entry
        cache.stats.hits += len(served)
        cache.stats.misses += len(positions) - len(served)
        return keys, served

    def _lint_message(
        self, msg: AnalyzedMessage, rules: list[tuple[Rule, frozenset[int]]],
        kept: tuple[dict[int, str], dict[int, dict]] = ({}, {}),
        planned: list[tuple[Rule, frozenset[int]]] | None = None,
    ) -> DocumentFindings:
        """The findings of ``rules`` (each on the positions of ``msg`` it is given) in ``msg``;
        with a segment cache, ``kept`` holds the keys of the positions local rules read and
        the findings it served, and ``planned`` every rule's positions before that."""
        views: dict[tuple[frozenset[int], frozenset[int] | None], AnalyzedMessage] = {}
        found: dict[tuple[str, int, int], Finding] = {}
        masks = _MaskIndex(msg)
        keys, served = kept
        fresh: dict[int, dict] = {p: {} for p in keys if p not in served}  #: position -> rule -> findings
        unkept: set[int] = set()  #: positions whose findings read beyond their segment
        notices: list[str] = []
        unavailable: list[str] = []
        scores: dict = {}
        whole = {id(rule): keep for rule, keep in planned if id(rule) in self._local} if served and planned else {}
        for rule, keep in rules:
            context = whole.get(id(rule))
            view = views.get((keep, context))
            if view is None:
                view = views[(keep, context)] = msg.view(keep, context)
            if not view.segments and rule.reads_segments and not (served and id(rule) in self._local):
                continue
            scores.update(rule.scores(view))
            span_rule = rule.word_level
            patterns = self._rule_patterns.get(id(rule))
            if patterns is None:
                patterns = self._rule_patterns[id(rule)] = _patterns(rule)
            for pattern in patterns:
                pattern.resume()  # a pattern stopped by a time limit is stopped for one file only
            counted = bool(patterns) and notes_made() > 0  # else no Doc has a note yet
            timeouts = sum(len(timeouts_of(doc)) for doc in view.docs) if counted else 0
            local = self._local.get(id(rule)) if keys else None
            if local is None:
                checked: Iterable[Finding] = rule.check(view)
            else:
                checked = self._checked_locally(rule, local, view, sorted(keep), fresh, unkept, served, msg)
            for finding in checked:
                if span_rule and (masks.blocks(finding, rule.meta.scope.in_masks) or self._allowed_at(msg.text, finding)):
                    continue
                found[(finding.rule_id, finding.start, finding.end)] = finding
            if rule.unavailable and rule.unavailable not in unavailable:
                unavailable.append(rule.unavailable)
            if patterns and notes_made() > 0 and sum(len(timeouts_of(doc)) for doc in view.docs) > timeouts:
                notices.append(
                    f"rule {rule.meta.id} ({rule.meta.name}) was stopped: its regular expression ran past the "
                    "time limit, so matches after that point in this file are not reported"
                )
        if fresh and not notices:  # a rule stopped by its time limit found less than it would have
            self._keep(msg, keys, fresh, unkept)
        findings = drop_nested(sorted(found.values(), key=Finding.sort_key), self._span_rules)
        findings = drop_engine_overlaps(findings, self._engine_prefixes, self._span_rules)
        findings = merge_superseded(findings, self._supersedes)
        result = self._finish(msg.document, findings, msg.lines, tuple(notices), scores)
        return dataclasses.replace(result, unavailable=tuple(unavailable)) if unavailable else result

    def _checked_locally(
        self, rule: Rule, local: int, view: AnalyzedMessage, positions: list[int], fresh: dict[int, dict],
        unkept: set[int], served: dict[int, dict], msg: AnalyzedMessage,
    ) -> Iterator[Finding]:
        """A segment-local rule's findings: kept ones where the cache served the segment,
        checked ones elsewhere (``view`` holds only those, at ``positions`` of ``msg``),
        which are noted in ``fresh`` to be kept."""
        for p in positions:  # checked anew, so not served: each has its place in ``fresh``
            fresh[p][local] = []
        for vp, finding in rule.check_positions(view):
            fresh[positions[vp]][local].append(finding)
            yield finding
        unkept.update(positions[vp] for vp in view.memo.get(reads_message_key(rule), ()))
        for p, entry in served.items():
            stored = entry.get(local)
            if stored:
                yield from placed(stored, span_of(msg.segments[p])[0], msg.lines)

    def _keep(self, msg: AnalyzedMessage, keys: dict[int, str], fresh: dict[int, dict], unkept: set[int]) -> None:
        """Keep the local rules' findings of each freshly checked segment."""
        cache = self.segment_cache
        assert cache is not None
        for p, by_rule in fresh.items():
            if p in unkept:
                continue
            base = span_of(msg.segments[p])[0]
            cache.put(keys[p], {local: relative(findings, base) for local, findings in by_rule.items()})

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


_BYTES_HINT = ("decode it first, or lint the bytes of a file with Linter.lint_file(path) or "
               "commlint.sources.read_documents(data, name)")


def _text(value: object, where: str) -> str:
    """``value`` if it is a str; else a TypeError saying what was given and what to use."""
    if isinstance(value, str):
        return value
    hint = f": {_BYTES_HINT}" if isinstance(value, (bytes, bytearray, memoryview)) else ""
    raise TypeError(f"{where} expects the text as str, got {type_name(value)}{hint}")


def _document(value: object, where: str) -> Document:
    if isinstance(value, Document):
        return value
    raise TypeError(f"{where} expects a commlint Document (from commlint.sources.read_documents), got {type_name(value)}")


def _settings(kind: str | None, channel: str | None) -> tuple[str | None, str | None]:
    """``kind`` and ``channel`` checked: one of the known values, or None."""
    return check_choice("kind", kind, DOCUMENT_KINDS), check_choice("channel", channel, CHANNELS)


def _text_document(text: str, kind: str | None, channel: str | None) -> Document:
    return _asked(text_document(text), kind, channel)


def _asked(document: Document, kind: str | None, channel: str | None) -> Document:
    """``document`` with the kind and channel a call gave, which win over the configuration's."""
    if kind is None and channel is None:
        return document
    document = document.with_settings(kind=kind, channel=channel)
    return dataclasses.replace(document, meta={**document.meta, _ASKED: (kind, channel)})


def _item(item: object, index: int, kind: str | None, channel: str | None) -> Document:
    """Item ``index`` of ``lint_many`` as a document."""
    if isinstance(item, Document):
        return _asked(item, kind, channel)
    if isinstance(item, str):
        return _text_document(item, kind, channel)
    hint = f": {_BYTES_HINT}" if isinstance(item, (bytes, bytearray, memoryview)) else ""
    raise TypeError(f"Linter.lint_many expects str or Document items, got {type_name(item)} (item {index}){hint}")


_frozen = False  #: has this process frozen its first Linter's objects (``_long_lived``)?


@contextlib.contextmanager
def _long_lived(freeze: bool = False) -> Iterator[None]:
    """Build what lives as long as the Linter (rules, matchers, the term index) with the
    garbage collector paused: loading makes hundreds of thousands of objects and no garbage
    cycles, and each full collection while they pile up walks all of them again (a third
    of a second of start-up). With ``freeze``, the first time in a process, everything
    alive then is frozen after, so later full collections skip it too. (Only once: a
    process that builds many Linters, a test run, must still free the ones it drops.)"""
    global _frozen
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze and not _frozen:
            _frozen = True
            gc.freeze()


def _terms_cache() -> Path:
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
        """Is ``finding`` mostly in protected spans whose kind its rule may not report in?

        A word or phrase in a code span, a URL or a UI label is not the writer's prose; a
        clause that merely contains one ("Congratulations, you've found the Do Not Disturb
        setting, which is exactly why ...") still is, and is reported. Half of the
        finding's characters in such spans, or any when it is a single point, blocks it."""
        start, end = finding.start, max(finding.end, finding.start + 1)
        covered = 0
        i = bisect.bisect_right(self._ends, start)
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][2] not in allowed_kinds:
                covered += min(end, self._spans[i][1]) - max(start, self._spans[i][0])
            i += 1
        return covered * 2 > end - start


def _owner(config: Config, ruleset: RuleSet) -> str:
    """A digest of a Linter's configuration and of its rules' ids and severities, in order
    (segment cache entries name rules by their place in it)."""
    rules = "\0".join(f"{r.meta.id}:{r.meta.severity.label}" for r in ruleset.rules)
    return hashlib.sha256(f"{config!r}\0{rules}".encode("utf-8", "surrogatepass")).hexdigest()


def _without(
    rules: list[tuple[Rule, frozenset[int]]], served: dict[int, dict], local: dict[int, int],
) -> list[tuple[Rule, frozenset[int]]]:
    """``rules`` with the positions ``served`` from the segment cache taken from the
    segment-local rules' (their findings there are kept ones)."""
    if not served:
        return rules
    gone = frozenset(served)
    return [(rule, keep - gone if id(rule) in local else keep) for rule, keep in rules]


def _messages(
    documents: list[Document], plans: list[_Plan], lines: list[LineIndex], docs: list[Doc], model: Language,
) -> Iterator[AnalyzedMessage]:
    """Regroup the flat list of segment Docs into one message per document."""
    position = 0
    for document, (needed, _), index in zip(documents, plans, lines):
        segments = tuple(document.segments[i] for i in needed)
        yield AnalyzedMessage(document, segments, tuple(docs[position : position + len(needed)]), model, index)
        position += len(needed)
