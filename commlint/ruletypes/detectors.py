"""Matchers shared by rule types: phrases and lexicons, token patterns, regexes, entities.

A ``DetectorSpec`` is the YAML form, validated at load without the model; ``Detector``
compiles it against the pipeline's vocabulary on first use and finds ``Hit``s in a Doc.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
import threading
from typing import Any, Callable, Iterable, Iterator

from commlint.nlp import inflect
from commlint.ruletypes.lexicon import Lexicon, Term
from commlint.ruletypes.safe_regex import SafePattern
from commlint.nlp.analyzed import doc_text, lower_ids
from commlint.options import OptionError

#: token attributes in patterns -> capability they need
_PATTERN_ATTR_NEEDS = {
    "LEMMA": "lemma", "POS": "pos", "TAG": "pos", "MORPH": "pos",
    "DEP": "dep", "HEAD": "dep", "ENT_TYPE": "ents", "ENT_IOB": "ents", "ENT_ID": "ents",
    "IS_SENT_START": "sents", "SENT_START": "sents",
}
_APOSTROPHES = ("'", "\u2019")


@dataclasses.dataclass(frozen=True)
class DetectorSpec:
    """What to look for; any combination of the fields, matched as a union."""

    phrases: tuple[Any, ...] = ()
    lexicons: tuple[str, ...] = ()
    patterns: tuple[list, ...] = ()
    regex: str | None = None
    ignorecase: bool = False
    entities: tuple[str, ...] = ()
    case_sensitive: bool = False
    inflect: bool = True


@dataclasses.dataclass(frozen=True)
class Hit:
    """A match in a Doc: character offsets in the Doc's text, and the term it came from."""

    start: int
    end: int
    term: Term | None = None
    tag: str = ""


_uids = itertools.count()
PHRASE_HITS = "commlint.phrases"  #: Doc.user_data key where a PhraseIndex leaves its hits


class Detector:
    """A compiled ``DetectorSpec``."""

    def __init__(self, spec: DetectorSpec, field: str, lexicons: Callable[[str], Lexicon]) -> None:
        self.uid = next(_uids)
        self.spec = spec
        self.terms: list[Term] = [_phrase_term(p, f"{field}.phrases[{i}]") for i, p in enumerate(spec.phrases)]
        for name in spec.lexicons:
            try:
                self.terms.extend(lexicons(name).terms)
            except KeyError:
                raise OptionError(f"{field}.lexicons", f"no lexicon named {name!r}") from None
        self.regex = _compile_regex(spec.regex, spec.ignorecase, f"{field}.regex") if spec.regex else None
        for index, pattern in enumerate(spec.patterns):
            _validate_pattern(pattern, f"{field}.patterns[{index}]")
        self.requires = frozenset(_pattern_needs(spec.patterns)) | ({"ents"} if spec.entities else frozenset())
        self._gates = [_literal_gate(p) for p in spec.patterns]
        self._compiled: dict[int, Any] = {}
        self._lock = threading.Lock()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.regex or self.spec.patterns or self.spec.entities)

    def could_match(self, doc) -> bool:
        """Can the costly parts (token patterns, entities) hit in this tokenized Doc? False
        only when a word every match of a pattern needs is missing from the Doc."""
        return bool(self.spec.entities) or self._patterns_may_match(doc)

    def _patterns_may_match(self, doc) -> bool:
        words = lower_ids(doc)
        return any(all(options & words for options in gate) for gate in self._gates)

    def find(self, doc, nlp) -> list[Hit]:
        """All hits in ``doc`` (made by ``nlp``), sorted; overlapping phrase and pattern
        hits are reduced to the longest."""
        hits: list[Hit] = []
        candidates: list[tuple[int, int, int]] = []  # token start, token end, term index or -1
        if self.terms:
            candidates.extend(self._phrase_hits(doc))
        if self.spec.patterns and self._patterns_may_match(doc) and _annotated(doc, self.requires):
            matcher = self._compile(nlp)
            candidates.extend((start, end, -1) for _, start, end in matcher(doc))
        for start, end, index in _longest(candidates):
            term = self.terms[index] if index >= 0 else None
            tag = "" if term is None or term.exact else inflect.inflection_of(
                term.term.split(), [doc[i].text for i in range(start, end)]
            )
            last = doc[end - 1]
            hits.append(Hit(doc[start].idx, last.idx + len(last.text), term, tag))
        if self.regex is not None:
            hits.extend(Hit(start, end) for start, end in self.regex.spans(doc_text(doc), "match", doc) if end > start)
        if self.spec.entities:
            hits.extend(Hit(e.start_char, e.end_char) for e in doc.ents if e.label_ in self.spec.entities)
        return sorted(hits, key=lambda h: (h.start, -h.end))

    def _phrase_hits(self, doc) -> list[tuple[int, int, int]]:
        """Term hits, as the shared PhraseIndex pass left them on the Doc."""
        shared = doc.user_data.get(PHRASE_HITS)
        if shared is None or self.uid not in shared[0]:
            raise RuntimeError("term detector used on a Doc its PhraseIndex has not annotated")
        return shared[1].get(self.uid, [])

    def term_patterns(self, nlp) -> Iterator[tuple[int, list, bool]]:
        """(term index, pattern Docs, case-sensitive?) for every term, for a PhraseMatcher."""
        from spacy.tokens import Doc

        for index, term in enumerate(self.terms):
            sensitive = term.case_sensitive or self.spec.case_sensitive
            variants = _term_variants(term, nlp.tokenizer, self.spec.inflect, sensitive)
            for word in inflect.replacement_words(term.plain):
                inflect.inflections(word)  # ready for rewrites, without lemminflect later
            yield index, [Doc(nlp.vocab, words=list(words)) for words in variants], sensitive

    def compile(self, nlp) -> None:
        """Build this detector's token-pattern matcher for ``nlp`` now, not on first use."""
        if self.spec.patterns:
            self._compile(nlp)

    def _compile(self, nlp) -> Any:
        key = id(nlp)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._build(nlp)
                self._compiled[key] = compiled
        return compiled

    def _build(self, nlp) -> Any:
        from spacy.matcher import Matcher

        matcher = Matcher(nlp.vocab, validate=True)
        matcher.add("pattern", [list(p) for p in self.spec.patterns])
        return matcher


class PhraseIndex:
    """Every detector's terms in one pair of PhraseMatchers: one pass over a Doc finds the
    term hits of all of them, left in ``Doc.user_data`` for ``Detector.find``. It is the
    only place terms are matched."""

    def __init__(self, detectors: Iterable[Detector], nlp) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        covered = set()
        for detector in detectors:
            if detector.terms and detector.uid not in covered:
                covered.add(detector.uid)
                for index, docs, sensitive in detector.term_patterns(nlp):
                    (self.orth if sensitive else self.lower).add(f"{detector.uid}:{index}", docs)
        self.covered = frozenset(covered)

    def annotate(self, doc) -> None:
        """Find every term of every covered detector in ``doc``, once."""
        strings = self.nlp.vocab.strings
        hits: dict[int, list[tuple[int, int, int]]] = {}
        for matcher in (self.lower, self.orth):
            for key, start, end in matcher(doc):
                uid, index = strings[key].split(":")
                hits.setdefault(int(uid), []).append((start, end, int(index)))
        doc.user_data[PHRASE_HITS] = (self.covered, hits)


def _longest(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Non-overlapping token spans, longest first (as ``spacy.util.filter_spans``), in order."""
    if len(candidates) < 2:
        return candidates
    taken: set[int] = set()
    kept = []
    for start, end, index in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if not any(i in taken for i in range(start, end)):
            kept.append((start, end, index))
            taken.update(range(start, end))
    return sorted(kept)


def _term_variants(term: Term, tokenizer, allow_inflect: bool, sensitive: bool) -> set[tuple[str, ...]]:
    variants: set[tuple[str, ...]] = set()
    for text in (term.term, *term.variants):
        for spelling in _apostrophe_spellings(text):
            words = [t.text for t in tokenizer(spelling)]
            if not allow_inflect or term.exact:
                variants.add(tuple(words) if sensitive else tuple(w.lower() for w in words))
                continue
            variants.update(inflect.phrase_variants(words, keep_case=sensitive))
            if sensitive and text.isupper() and text.isalpha():
                variants.add(tuple(words[:-1] + [words[-1] + "s"]))
    return variants


def _apostrophe_spellings(text: str) -> list[str]:
    if not any(a in text for a in _APOSTROPHES):
        return [text]
    return [text.replace("\u2019", "'"), text.replace("'", "\u2019")]


def _phrase_term(raw: Any, field: str) -> Term:
    from commlint.options import parse_options

    if isinstance(raw, str):
        raw = {"term": raw}
    if isinstance(raw, dict) and "text" in raw:
        raw = {("term" if k == "text" else "plain" if k == "replace" else k): v for k, v in raw.items()}
    term = parse_options(Term, raw, field + ".")
    if not term.term.strip():
        raise OptionError(field, "phrase is empty")
    return term


def _compile_regex(pattern: str, ignorecase: bool, field: str) -> SafePattern:
    """The pattern, on RE2 where it can run there, else under a time limit (safe_regex)."""
    try:
        return SafePattern(pattern, ignorecase)
    except re.error as exc:
        raise OptionError(field, f"bad regular expression: {exc}") from None


def _validate_pattern(pattern: Any, field: str) -> None:
    from spacy.schemas import validate_token_pattern

    if not isinstance(pattern, list) or not pattern:
        raise OptionError(field, "a token pattern is a non-empty list of token descriptions")
    errors = validate_token_pattern(pattern)
    if errors:
        raise OptionError(field, "bad token pattern: " + "; ".join(str(e) for e in errors[:3]))


_ANNOTATION = {"pos": "TAG", "lemma": "LEMMA", "dep": "DEP", "ents": "ENT_IOB"}


def _annotated(doc, requires: frozenset[str]) -> bool:
    """Has ``doc`` been through the components ``requires`` needs? (When the pre-pass found
    a pattern cannot match a segment, those components did not run there.)"""
    return all(doc.has_annotation(_ANNOTATION[cap]) for cap in requires if cap in _ANNOTATION and cap != "ents")


def _literal_gate(pattern: list) -> list[frozenset[int]]:
    """For each token every match needs (no optional OP) and that names its words (LOWER,
    ORTH or TEXT, plain or IN), the hash ids of the lower-cased words it accepts."""
    from spacy.strings import hash_string

    gate = []
    for token in pattern:
        if token.get("OP") in ("?", "*", "!") or str(token.get("OP", "")).startswith("{0"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = token.get(attr)
            if isinstance(value, str):
                gate.append(frozenset({hash_string(value.lower())}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                gate.append(frozenset(hash_string(str(v).lower()) for v in value["IN"]))
    return gate


def _pattern_needs(patterns: Iterable[list]) -> set[str]:
    needs: set[str] = set()
    for pattern in patterns:
        for token in pattern:
            for attr in token:
                cap = _PATTERN_ATTR_NEEDS.get(str(attr).upper())
                if cap:
                    needs.add(cap)
    return needs
