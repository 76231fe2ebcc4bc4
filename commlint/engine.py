"""The engine: texts -> prose segments -> spaCy Docs (batched) -> rules -> findings."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from commlint import data, nlp
from commlint.config import Config
from commlint.errors import PackError
from commlint.findings import Finding
from commlint.message import AnalyzedMessage
from commlint.ruleset import RuleSet, load_ruleset
from commlint.segments import LineIndex, Segment
from commlint.sources import plain_segments

_BATCH_TEXTS = 256
_SPAN_TYPES = frozenset({"phrase", "pattern", "regex", "acronym"})


def build_ruleset(config: Config) -> RuleSet:
    """The rules ``config`` selects, from the shipped packs and any extra ones."""
    packs = [data.packs_dir()] if config.default_packs else []
    packs += [Path(p) for p in config.packs]
    lexicons = [data.lexicons_dir()] + [Path(p) for p in config.lexicons]
    for folder in packs + lexicons:
        if not folder.exists():
            raise PackError(str(folder), "rule pack or lexicon folder not found")
    return load_ruleset(packs, lexicons).select(config.select, config.ignore)


class Linter:
    """Lints texts with one configuration. The spaCy model is loaded once per process, on
    first use, and only the components the selected rules need are run."""

    def __init__(self, config: Config | None = None, ruleset: RuleSet | None = None) -> None:
        self.config = config or Config()
        self.ruleset = ruleset if ruleset is not None else build_ruleset(self.config)

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
        segmented = [plain_segments(text) for text in texts]
        flat = [segment.text for segments in segmented for segment in segments]
        model = nlp.load(self.config.model) if flat else None
        docs = iter(nlp.pipe(self.config.model, flat, self.ruleset.requires)) if flat else iter(())
        for text, segments in zip(texts, segmented):
            message_docs = tuple(next(docs) for _ in segments)
            yield self._lint_message(text, tuple(segments), message_docs, model)

    def _lint_message(self, text: str, segments: tuple[Segment, ...], docs: tuple, model) -> list[Finding]:
        if not segments:
            return []
        msg = AnalyzedMessage(text, segments, docs, model, LineIndex(text))
        found = {(f.rule_id, f.start, f.end): f for rule in self.ruleset.rules for f in rule.check(msg)}
        return drop_nested(sorted(found.values(), key=Finding.sort_key), self._span_rules)

    @property
    def _span_rules(self) -> frozenset[str]:
        return frozenset(r.meta.id for r in self.ruleset.rules if r.meta.type in _SPAN_TYPES)


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
