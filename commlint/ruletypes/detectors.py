"""Matchers shared by rule types: phrases and lexicons, token patterns, regexes, entities.

A ``DetectorSpec`` is the YAML form, validated at load without the model; ``Detector``
compiles it against the pipeline's vocabulary on first use and finds ``Hit``s in a Doc.
"""
from __future__ import annotations

import dataclasses
import re
import threading
from typing import Any, Callable, Iterable

from commlint import inflect
from commlint.lexicon import Lexicon, Term
from commlint.message import doc_text, lower_ids
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


class Detector:
    """A compiled ``DetectorSpec``."""

    def __init__(self, spec: DetectorSpec, field: str, lexicons: Callable[[str], Lexicon]) -> None:
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
        self._compiled: dict[int, tuple[Any, Any, Any]] = {}
        self._lock = threading.Lock()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.regex or self.spec.patterns or self.spec.entities)

    def could_match(self, doc) -> bool:
        """Can the costly parts (token patterns, entities) hit in this tokenized Doc? False
        only when a word every match of a pattern needs is missing from the Doc."""
        if self.spec.entities:
            return True
        if not self._gates:
            return False
        words = lower_ids(doc)
        return any(all(options & words for options in gate) for gate in self._gates)

    def find(self, doc, nlp) -> list[Hit]:
        """All hits in ``doc`` (made by ``nlp``), sorted; overlapping phrase and pattern
        hits are reduced to the longest."""
        hits: list[Hit] = []
        lower, orth, matcher = self._compile(nlp)
        spans = []
        for phrase_matcher in (lower, orth):
            if phrase_matcher is not None:
                spans.extend(phrase_matcher(doc, as_spans=True))
        if matcher is not None and _annotated(doc, self.requires):
            spans.extend(matcher(doc, as_spans=True))
        from spacy.util import filter_spans

        for span in filter_spans(spans):
            term, tag = self._term_of(span)
            hits.append(Hit(span.start_char, span.end_char, term, tag))
        if self.regex is not None:
            named = "match" in self.regex.groupindex
            for m in self.regex.finditer(doc_text(doc)):
                start, end = m.span("match") if named and m.group("match") is not None else m.span()
                if end > start:
                    hits.append(Hit(start, end))
        if self.spec.entities:
            hits.extend(Hit(e.start_char, e.end_char) for e in doc.ents if e.label_ in self.spec.entities)
        return sorted(hits, key=lambda h: (h.start, -h.end))

    def _term_of(self, span) -> tuple[Term | None, str]:
        label = span.label_
        if not label.startswith("term:"):
            return None, ""
        term = self.terms[int(label[5:])]
        tag = "" if term.exact else inflect.inflection_of(term.term.split(), [t.text for t in span])
        return term, tag

    def _compile(self, nlp) -> tuple[Any, Any, Any]:
        key = id(nlp)
        with self._lock:
            if key not in self._compiled:
                self._compiled[key] = self._build(nlp)
            return self._compiled[key]

    def _build(self, nlp) -> tuple[Any, Any, Any]:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        vocab = nlp.vocab
        lower = PhraseMatcher(vocab, attr="LOWER") if self.terms else None
        orth = PhraseMatcher(vocab, attr="ORTH") if self.terms else None
        tokenizer = nlp.tokenizer
        for index, term in enumerate(self.terms):
            sensitive = term.case_sensitive or self.spec.case_sensitive
            docs = [Doc(vocab, words=list(words)) for words in _term_variants(term, tokenizer, self.spec.inflect, sensitive)]
            (orth if sensitive else lower).add(f"term:{index}", docs)
        matcher = None
        if self.spec.patterns:
            matcher = Matcher(vocab, validate=True)
            matcher.add("pattern", [list(p) for p in self.spec.patterns])
        return lower, orth, matcher


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


def _compile_regex(pattern: str, ignorecase: bool, field: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE if ignorecase else 0)
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
