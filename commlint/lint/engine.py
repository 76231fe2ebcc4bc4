"""The engine: texts -> prose segments -> spaCy Docs (batched) -> rules -> findings."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from commlint import data
from commlint.nlp import inflect
from commlint.nlp import pipeline as nlp
from commlint.config import Config
from commlint.errors import PackError
from commlint.findings import Finding
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.packs.loader import RuleSet, load_ruleset
from commlint.ruletypes.detectors import PhraseIndex
from commlint.document.model import LineIndex, Segment
from commlint.sources import plain_segments

_BATCH_TEXTS = 32
_SPAN_TYPES = frozenset({"phrase", "pattern", "regex", "acronym"})


def data_folders(config: Config) -> tuple[list[Path], list[Path]]:
    """The rule-pack and lexicon folders (or files) ``config`` uses."""
    packs = [data.packs_dir()] if config.default_packs else []
    packs += [Path(p) for p in config.packs]
    lexicons = [data.lexicons_dir()] + [Path(p) for p in config.lexicons]
    for folder in packs + lexicons:
        if not folder.exists():
            raise PackError(str(folder), "rule pack or lexicon folder not found")
    return packs, lexicons


def build_ruleset(config: Config) -> RuleSet:
    """The rules ``config`` selects, from the shipped packs and any extra ones."""
    packs, lexicons = data_folders(config)
    return load_ruleset(packs, lexicons).select(config.select, config.ignore)


class Linter:
    """Lints texts with one configuration. The spaCy model is loaded once per process, on
    first use, and only the components the selected rules need are run.

    With ``prepass`` (the default) each segment is first only tokenized and term-matched,
    and the costly components run just on the segments where some rule could use them;
    without it they run on every segment. Findings are the same either way.
    """

    def __init__(self, config: Config | None = None, ruleset: RuleSet | None = None, prepass: bool = True) -> None:
        self.config = config or Config()
        self.ruleset = ruleset if ruleset is not None else build_ruleset(self.config)
        self.prepass = prepass
        self._span_rules = frozenset(r.meta.id for r in self.ruleset.rules if r.meta.type in _SPAN_TYPES)
        self._index: tuple[int, PhraseIndex] | None = None

    def _prepare(self, model) -> PhraseIndex:
        """Build every matcher once per Linter and model, before any text is read (so
        outside the memory zone): all the rules' terms in one PhraseIndex, and the token
        patterns."""
        if self._index is None or self._index[0] != id(model):
            detectors = [d for r in self.ruleset.rules for d in r.detectors()]
            self._index = (id(model), PhraseIndex(detectors, model))
            for detector in detectors:
                detector.compile(model)
            inflect.save_forms()
        return self._index[1]

    def lint_text(self, text: str) -> list[Finding]:
        """Findings for one text, sorted by position."""
        return next(iter(self.lint_texts([text])))

    def lint_texts(self, texts: Iterable[str]) -> Iterator[list[Finding]]:
        """Findings for each text, in order; segments of many texts share ``nlp.pipe`` batches."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= _BATCH_TEXTS:
                yield from self._lint_batch(batch)
                batch = []
        if batch:
            yield from self._lint_batch(batch)

    def _lint_batch(self, texts: list[str]) -> Iterator[list[Finding]]:
        segmented = [tuple(plain_segments(text)) for text in texts]
        flat = [segment.text for segments in segmented for segment in segments]
        if not flat:
            yield from ([] for _ in texts)
            return
        model = nlp.load(self.config.model)
        index = self._prepare(model)
        # Strings spaCy learns from these texts are freed when the zone closes, so a long
        # run does not grow; findings hold plain values only.
        with model.memory_zone():
            docs = nlp.tokenize(model, flat)
            for doc in docs:
                index.annotate(doc)
            if self.prepass:
                needs = [frozenset(n) for msg in _messages(texts, segmented, docs, model) for n in self._needs(msg)]
            else:
                needs = [self.ruleset.requires] * len(docs)
            docs = nlp.annotate(model, docs, needs)
            results = [self._lint_message(msg) for msg in _messages(texts, segmented, docs, model)]
            del docs
        yield from results

    def _needs(self, msg: AnalyzedMessage) -> list[set[str]]:
        """Per segment, the union of what every rule needs there."""
        out: list[set[str]] = [set() for _ in msg.docs]
        for rule in self.ruleset.rules:
            for needed, extra in zip(out, rule.needs(msg)):
                needed |= extra
        return out

    def _lint_message(self, msg: AnalyzedMessage) -> list[Finding]:
        if not msg.segments:
            return []
        found = {(f.rule_id, f.start, f.end): f for rule in self.ruleset.rules for f in rule.check(msg)}
        return drop_nested(sorted(found.values(), key=Finding.sort_key), self._span_rules)


def _messages(texts: list[str], segmented: list[tuple[Segment, ...]], docs: list, model) -> Iterator[AnalyzedMessage]:
    """Regroup the flat list of segment Docs into one message per text."""
    position = 0
    for text, segments in zip(texts, segmented):
        yield AnalyzedMessage(text, segments, tuple(docs[position : position + len(segments)]), model, LineIndex(text))
        position += len(segments)


def drop_nested(findings: list[Finding], span_rules: frozenset[str]) -> list[Finding]:
    """One problem, one finding: a word-level finding inside a longer one of the same
    category ("cache" inside "DNS cache"), or on the same words, is dropped. Sentence- and
    message-level findings (metrics, requirements) neither hide nor are hidden."""
    def covers(o: Finding, f: Finding) -> bool:
        if o is f or o.rule_id not in span_rules or o.category != f.category:
            return False
        if (o.start, o.end) == (f.start, f.end):  # same words: keep the more severe, then the first rule
            return (-o.severity, o.rule_id) < (-f.severity, f.rule_id)
        return o.start <= f.start and f.end <= o.end

    return [f for f in findings if f.rule_id not in span_rules or not any(covers(o, f) for o in findings)]
