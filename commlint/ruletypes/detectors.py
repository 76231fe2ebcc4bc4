"""Matchers shared by rule types: phrases and lexicons, token patterns, regexes, entities.

A ``DetectorSpec`` is the YAML form, validated at load without the model; ``Detector``
compiles it against the pipeline's vocabulary on first use and finds ``Hit``s in a Doc.
"""
from __future__ import annotations

import dataclasses
import itertools
import pickle
import re
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator

from commlint.nlp import inflect
from commlint.ruletypes.apostrophes import spellings, straight
from commlint.ruletypes.gates import WORD_REGEXES, GateIndex, LemmaWords, literal_gate, passes, regex_gate
from commlint.ruletypes.lexicon import Term
from commlint.ruletypes.resources import Resources
from commlint.ruletypes.safe_regex import SafePattern
from commlint.ruletypes.token_patterns import TokenPattern, compile_patterns, pattern_needs
from commlint.nlp.analyzed import doc_text, lower_ids, string_id
from commlint.options import OptionError



@dataclasses.dataclass(frozen=True)
class DetectorSpec:
    """What to look for; any combination of the fields, matched as a union."""

    phrases: tuple[Any, ...] = ()
    lexicons: tuple[str, ...] = ()
    patterns: tuple[list, ...] = ()  #: token patterns (see token_patterns: fragments, MARK, HEAD ...)
    antipatterns: tuple[list, ...] = ()  #: a pattern match that overlaps a match of one of these is dropped
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
GATES_PASSED = "commlint.gates"  #: ... and the detectors whose token patterns may match there
CANDIDATES = "commlint.candidates"  #: ... and every detector that may find something there
REQUIRES_AT = "commlint.requires"  #: ... and, per detector, what the patterns that may match there read
#: ... and, in a long-lived process, the hits of every detector that ran on a Doc of this
#: text before (by detector and annotation state): one dict per text, shared by its Docs
FOUND = "commlint.found"
#: the annotations a detector's hits can depend on, besides the text
_STATE = ("TAG", "DEP", "LEMMA", "ENT_IOB")
_ENTS = frozenset({"ents"})


class Detector:
    """A compiled ``DetectorSpec``."""

    def __init__(self, spec: DetectorSpec, field: str, lexicons: Resources) -> None:
        self.uid = next(_uids)
        self.spec = spec
        self.terms: list[Term] = [_phrase_term(p, f"{field}.phrases[{i}]") for i, p in enumerate(spec.phrases)]
        for name in spec.lexicons:
            try:
                self.terms.extend(lexicons(name).terms)
            except KeyError:
                raise OptionError(f"{field}.lexicons", f"no lexicon named {name!r}") from None
        seen: set[str] = set()  # a term twice: only one of the two could ever report
        for term in self.terms:
            key = term.term if term.case_sensitive or spec.case_sensitive else term.term.lower()
            if key in seen:
                raise OptionError(field, f"term {term.term!r} is listed twice in its phrases and lexicons")
            seen.add(key)
        self.regex = _compile_regex(spec.regex, spec.ignorecase, f"{field}.regex") if spec.regex else None
        fragments = getattr(lexicons, "fragments", {})
        self.patterns: list[TokenPattern] = [
            p for i, raw in enumerate(spec.patterns) for p in compile_patterns(raw, f"{field}.patterns[{i}]", fragments)
        ]
        self.antipatterns: list[TokenPattern] = [
            p for i, raw in enumerate(spec.antipatterns)
            for p in compile_patterns(raw, f"{field}.antipatterns[{i}]", fragments)
        ]
        if self.antipatterns and not self.patterns:
            raise OptionError(f"{field}.antipatterns", "antipatterns cancel token-pattern matches: give patterns too")
        self.requires = frozenset(pattern_needs(self.patterns + self.antipatterns)) | (
            {"ents"} if spec.entities else frozenset()
        )
        self._gates = [literal_gate(p.tokens) for p in self.patterns]
        self._regex_gates = [WORD_REGEXES.mask(regex_gate(p.tokens)) for p in self.patterns]
        #: the patterns' gates grouped by what the patterns need, and what the antipatterns need
        self._need_groups = _need_groups(self.patterns, list(zip(self._gates, self._regex_gates)))
        self._gates_model: int | None = None  #: the pipeline the gates were fitted to (``fit_gates``)
        self._anti_needs = frozenset(pattern_needs(self.antipatterns))
        self._compiled: dict[int, Any] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        """What a rule set kept on disk holds of this detector (``commlint.lint.rules``):
        not the matchers built for a pipeline, nor what is numbered in this process only
        (its uid, the bits of the shared word-regex table), which ``__setstate__`` redoes."""
        state = self.__dict__.copy()
        for name in ("_lock", "_compiled", "_regex_gates", "_need_groups", "uid"):
            state.pop(name, None)
        if state["_gates_model"] is not None:
            raise TypeError("a detector fitted to a pipeline is not kept on disk")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.uid = next(_uids)
        self._compiled = {}
        self._lock = threading.Lock()
        self._regex_gates = [WORD_REGEXES.mask(regex_gate(p.tokens)) for p in self.patterns]
        self._need_groups = _need_groups(self.patterns, list(zip(self._gates, self._regex_gates)))

    @property
    def empty(self) -> bool:
        return not (self.terms or self.regex or self.patterns or self.spec.entities)

    def could_match(self, doc) -> bool:
        """Can the costly parts (token patterns, entities) hit in this tokenized Doc? False
        only when a word every match of a pattern needs is missing from the Doc."""
        return bool(self.spec.entities) or self._patterns_may_match(doc)

    def may_hit(self, doc) -> bool:
        """Can ``find`` return anything on this Doc? False when the shared pass over the Doc
        (terms, pattern gates, one scan for all regular expressions) ruled it out."""
        candidates = doc.user_data.get(CANDIDATES)
        return candidates is None or self.uid not in candidates[0] or self.uid in candidates[1]

    def requires_at(self, doc) -> frozenset[str]:
        """What this tokenized Doc must go through for ``find`` to see every hit here (a part
        of ``requires``): what the token patterns whose gates pass here read (and the
        antipatterns, when one does), and entities. A pattern whose gate fails cannot match
        whatever the annotations, so the components only it reads need not run."""
        if not self.requires:
            return self.requires
        needs = _ENTS if self.spec.entities else frozenset()
        if not self.patterns or not self._patterns_may_match(doc):
            return needs
        if len(self._need_groups) == 1:
            return needs | self._need_groups[0][0] | self._anti_needs
        memo = doc.user_data.setdefault(REQUIRES_AT, {})
        found = memo.get(self.uid)
        if found is None:
            words = lower_ids(doc)
            found = self._anti_needs.union(*(
                group for group, gates in self._need_groups
                if any(passes(doc, words, gate, regexes) for gate, regexes in gates)
            ))
            memo[self.uid] = found
        return needs | found

    def candidate_positions(self, msg) -> list[int]:
        """The positions in ``msg.docs`` of the Docs where ``may_hit`` holds (``find`` is
        empty elsewhere), from one index per message instead of a test per Doc."""
        return _positions(msg, CANDIDATES).of(self.uid)

    def gate_positions(self, msg) -> list[int]:
        """The positions in ``msg.docs`` of the Docs where this detector's token patterns
        were not ruled out (``could_match`` is False elsewhere, unless it has entities)."""
        return _positions(msg, GATES_PASSED).of(self.uid)

    def _patterns_may_match(self, doc) -> bool:
        passed = doc.user_data.get(GATES_PASSED)
        if passed is not None and self.uid in passed[0]:
            return self.uid in passed[1]
        words = lower_ids(doc)
        return any(passes(doc, words, gate, regexes) for gate, regexes in zip(self._gates, self._regex_gates))

    def find(self, doc, nlp) -> list[Hit]:
        """All hits in ``doc`` (made by ``nlp``), sorted; overlapping phrase and pattern
        hits are reduced to the longest. Where the PhraseIndex left a memory of this text
        (``FOUND``, long-lived processes), hits worked out before for a Doc of the same
        text and annotations are used again: they depend on nothing else."""
        if not self.may_hit(doc):
            return []
        found = doc.user_data.get(FOUND)
        if found is None:
            return self._find(doc, nlp)
        key = (self.uid, tuple(doc.has_annotation(name) for name in _STATE))
        hits = found.get(key)
        if hits is None:
            hits = found[key] = tuple(self._find(doc, nlp))
        return list(hits)

    def _find(self, doc, nlp) -> list[Hit]:
        hits: list[Hit] = []
        candidates: list[tuple[int, int, int]] = []  # token start, token end, term index or -1
        if self.terms:
            candidates.extend(self._phrase_hits(doc))
        reported: dict[tuple[int, int], tuple[int, int]] = {}
        if self.patterns and self._patterns_may_match(doc) and _annotated(doc, self.requires_at(doc)):
            for start, end, marked in self._pattern_hits(doc, nlp):
                candidates.append((start, end, -1))
                reported.setdefault((start, end), marked)
        for start, end, index in _longest(candidates):
            term = self.terms[index] if index >= 0 else None
            tag = "" if term is None or term.exact else inflect.inflection_of(
                term.term.split(), [doc[i].text for i in range(start, end)]
            )
            if index < 0:
                start, end = reported[(start, end)]
            last = doc[end - 1]
            hits.append(Hit(doc[start].idx, last.idx + len(last.text), term, tag))
        if self.regex is not None:
            hits.extend(Hit(start, end) for start, end in self.regex.spans(doc_text(doc), "match", doc) if end > start)
        if self.spec.entities:
            hits.extend(Hit(e.start_char, e.end_char) for e in doc.ents if e.label_ in self.spec.entities)
        return sorted(hits, key=lambda h: (h.start, -h.end))

    def _pattern_hits(self, doc, nlp) -> Iterator[tuple[int, int, tuple[int, int]]]:
        """Token pattern matches that meet their conditions and overlap no antipattern
        match: (token start, token end, the token span to report). The Doc has what the
        patterns that can match here read (``requires_at``); the others, whose gates fail,
        match nothing whatever the Doc lacks, so the Matcher is told not to check."""
        matcher, antimatcher = self._compile(nlp)
        blocked: set[int] = set()
        if antimatcher is not None:
            for key, start, end, alignments in antimatcher(doc, with_alignments=True, allow_missing=True):
                if self.antipatterns[int(nlp.vocab.strings[key][1:])].accepts(doc, start, alignments):
                    blocked.update(range(start, end))
        for key, start, end, alignments in matcher(doc, with_alignments=True, allow_missing=True):
            pattern = self.patterns[int(nlp.vocab.strings[key][1:])]
            if blocked and any(i in blocked for i in range(start, end)):
                continue
            if pattern.accepts(doc, start, alignments):
                yield start, end, pattern.reported(start, end, alignments)

    def _phrase_hits(self, doc) -> list[tuple[int, int, int]]:
        """Term hits, as the shared PhraseIndex pass left them on the Doc."""
        shared = doc.user_data.get(PHRASE_HITS)
        if shared is None or self.uid not in shared[0]:
            raise RuntimeError("term detector used on a Doc its PhraseIndex has not annotated")
        return shared[1].get(self.uid, [])

    def term_patterns(self, nlp) -> Iterator[tuple[int, set[tuple[str, ...]], bool]]:
        """(term index, its token sequences, case-sensitive?) for every term: the words of
        each spelling and inflected form, lower-cased unless the term is case-sensitive."""
        for index, term in enumerate(self.terms):
            sensitive = term.case_sensitive or self.spec.case_sensitive
            variants = _term_variants(term, nlp.tokenizer, self.spec.inflect, sensitive)
            for word in inflect.replacement_words(term.plain):
                inflect.inflections(word)  # ready for rewrites, without lemminflect later
            yield index, variants, sensitive

    def fit_gates(self, nlp, lemma_words: "LemmaWords") -> None:
        """Let the gates of ``LEMMA`` tokens also use the words ``nlp``'s lemmatizer and
        attribute ruler can give each lemma (``lemma_words``), so a lemma whose inflections
        are not known still gates its pattern. Done once, for the first pipeline; asked for
        another, the gates go back to the inflection tables alone."""
        if self._gates_model == id(nlp) or not self.patterns:
            return
        fitted = self._gates_model is None and lemma_words.usable
        self._gates_model = id(nlp) if fitted else -1
        self._gates = [
            literal_gate(p.tokens, lemma_words if fitted else None) if any("LEMMA" in t for t in p.tokens) else gate
            for p, gate in zip(self.patterns, self._gates)
        ]
        self._need_groups = _need_groups(self.patterns, list(zip(self._gates, self._regex_gates)))

    def compile(self, nlp) -> None:
        """Build this detector's token-pattern matcher for ``nlp`` now, not on first use."""
        if self.patterns:
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

        def build(patterns: list[TokenPattern], prefix: str) -> Any:
            # every pattern passed spaCy's schema when its pack was loaded (or its bytes did
            # before: ``known_valid_patterns``), so the Matcher need not check it again
            matcher = Matcher(nlp.vocab, validate=False)
            for index, pattern in enumerate(patterns):
                matcher.add(f"{prefix}{index}", [list(pattern.tokens)])
            return matcher

        return build(self.patterns, "p"), (build(self.antipatterns, "a") if self.antipatterns else None)


class PhraseIndex:
    """Every detector's terms in one index of token sequences: one pass over a Doc finds
    the term hits of all of them, left in ``Doc.user_data`` for ``Detector.find``. It is
    the only place terms are matched. Tokens are compared by the hash of their lower-cased
    text (or of their text, for case-sensitive terms), as spaCy's PhraseMatcher compares
    its LOWER or ORTH attribute; the index needs no Doc per term and no vocabulary."""

    def __init__(self, detectors: Iterable[Detector], nlp, cache_folder: Path | None = None) -> None:
        self.nlp = nlp
        detectors = list(detectors)
        lemma_words = LemmaWords(nlp)
        for detector in detectors:
            detector.fit_gates(nlp, lemma_words)
        with_terms = list({d.uid: d for d in detectors if d.terms}.values())  # each once, in order
        self.lower, self.orth = _term_indexes(with_terms, nlp, cache_folder)
        self.covered = frozenset(d.uid for d in with_terms)
        self._gates = GateIndex(detectors)
        self._regexes = _RegexSet(detectors)
        self._entities = frozenset(d.uid for d in detectors if d.spec.entities)
        self._judged = frozenset(d.uid for d in detectors)

    def annotate(self, doc, prefilter: bool = True, memo: dict | None = None) -> None:
        """Find every term of every covered detector in ``doc``, once; with ``prefilter``,
        also note which detectors can hit there at all (so the others are not run). With
        ``memo`` (a long-lived process's), what was found for a text before is used again:
        it depends on the text's tokens only; so are detectors' hits (``FOUND``)."""
        if memo is not None:
            key = (doc_text(doc), prefilter)
            found = memo.get(key)
            if found is not None:
                doc.user_data.update(found)
                return
            self._annotate(doc, prefilter)
            if len(memo) >= _MOST_MEMO:
                memo.clear()
            doc.user_data[FOUND] = {}
            memo[key] = {k: doc.user_data[k] for k in (PHRASE_HITS, GATES_PASSED, CANDIDATES, FOUND) if k in doc.user_data}
            return
        self._annotate(doc, prefilter)

    def _annotate(self, doc, prefilter: bool) -> None:
        from spacy.attrs import LOWER, ORTH

        hits: dict[int, list[tuple[int, int, int]]] = {}
        if len(doc):
            lower, orth = doc.to_array([LOWER, ORTH]).T.tolist()
            for index, ids in ((self.lower, lower), (self.orth, orth)):
                for (uid, term), start, end in index.find(ids):
                    hits.setdefault(uid, []).append((start, end, term))
        doc.user_data[PHRASE_HITS] = (self.covered, hits)
        if not prefilter:
            return
        passed = self._gates.passed(doc)
        doc.user_data[GATES_PASSED] = (self._gates.gated, passed)
        doc.user_data[CANDIDATES] = (
            self._judged, frozenset(hits) | passed | self._regexes.candidates(doc_text(doc)) | self._entities
        )


_MOST_MEMO = 4_000  #: texts ``PhraseIndex.annotate`` remembers; past this the memory starts again
_TERMS_FORMAT = "terms-4"


def _term_indexes(covered: list[Detector], nlp, cache_folder: Path | None) -> tuple["_TermIndex", "_TermIndex"]:
    """The case-insensitive and case-sensitive term indexes of ``covered``. Working out
    every spelling and inflected form of thousands of terms takes most of a second, so
    with ``cache_folder`` the result is kept there, keyed by the terms themselves and the
    versions that shape their forms (entries name detectors by position, not by uid)."""
    path = None
    if cache_folder is not None:
        path = cache_folder / f"{_terms_digest(covered, nlp)}.pickle"
        try:
            lower, orth = pickle.loads(path.read_bytes())  # noqa: S301 - this user's cache, keyed by content
            uids = [d.uid for d in covered]
            if _TermIndex.well_formed(lower, len(uids)) and _TermIndex.well_formed(orth, len(uids)):
                return _TermIndex.from_data(lower, uids), _TermIndex.from_data(orth, uids)
        except Exception:  # noqa: BLE001 - missing or damaged: build it
            pass
    lower, orth = _TermIndex(), _TermIndex()
    for position, detector in enumerate(covered):
        for index, variants, sensitive in detector.term_patterns(nlp):
            for words in variants:
                if sensitive:
                    orth.add(words, (position, index))
                else:
                    lower.add(tuple(w.lower() for w in words), (position, index))
    if path is not None:
        try:
            from commlint.atomic import write_atomic

            write_atomic(path, pickle.dumps((lower.data(), orth.data()), protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            pass  # only slower next time
    uids = [d.uid for d in covered]
    return _TermIndex.from_data(lower.data(), uids), _TermIndex.from_data(orth.data(), uids)


def _terms_digest(covered: list[Detector], nlp) -> str:
    import hashlib
    from importlib import metadata

    import spacy

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    digest = hashlib.sha256()
    meta = getattr(nlp, "meta", {}) or {}
    digest.update(repr((_TERMS_FORMAT, spacy.__version__, version("lemminflect"), meta.get("name"), meta.get("version"))).encode())
    for detector in covered:
        digest.update(repr((detector.spec.inflect, detector.spec.case_sensitive)).encode())
        for term in detector.terms:
            digest.update(repr((term.term, term.variants, term.case_sensitive, term.exact, bool(term.plain))).encode())
    return digest.hexdigest()


class _TermIndex:
    """Token sequences (by the hash of each token's text) -> the keys of the terms they spell.

    Kept flat, as two dicts (first token -> the lengths of its sequences; sequence -> its
    keys), each key list a tuple shared by every sequence with the same keys (the inflected
    forms of one term), and keys naming detectors by position, turned into uids as hits are
    found: the index loaded from the cache is used as it is, not copied."""

    def __init__(self) -> None:
        #: first token -> lengths of the sequences starting with it, in the order they were added
        self._lengths: dict[int, tuple[int, ...]] = {}
        #: the whole sequence -> keys (detector position, term), in the order they were added
        self._sequences: dict[tuple[int, ...], tuple[tuple[int, Any], ...]] = {}
        self._uids: list[int] = []

    def add(self, words: tuple[str, ...], key: tuple[int, Any]) -> None:
        ids = tuple(string_id(w) for w in words)
        if not ids:
            return
        lengths = self._lengths.get(ids[0], ())
        if len(ids) not in lengths:
            self._lengths[ids[0]] = lengths + (len(ids),)
        keys = self._sequences.get(ids, ())
        if key not in keys:
            self._sequences[ids] = keys + (key,)

    def data(self) -> tuple[dict, dict]:
        """The index as plain data (for the cache), equal key tuples made one object."""
        shared: dict[tuple, tuple] = {}
        self._sequences = {ids: shared.setdefault(keys, keys) for ids, keys in self._sequences.items()}
        return self._lengths, self._sequences

    @staticmethod
    def well_formed(data: Any, detectors: int) -> bool:
        """Is ``data`` an index's data whose keys name one of ``detectors`` positions? (A
        cache file that unpickles but is not one is built again.)"""
        if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], dict) and isinstance(data[1], dict)):
            return False
        try:
            return all(0 <= position < detectors for keys in data[1].values() for position, _ in keys)
        except (TypeError, ValueError):
            return False

    @classmethod
    def from_data(cls, data: tuple[dict, dict], uids: list[int]) -> "_TermIndex":
        """An index over ``data``, whose keys' detector positions name ``uids``."""
        index = cls()
        index._lengths, index._sequences = data
        index._uids = uids
        return index

    def find(self, ids: list[int]) -> Iterator[tuple[Any, int, int]]:
        """((uid, term), token start, token end) of every sequence in ``ids``, overlapping ones too."""
        lengths_of, sequences, uids = self._lengths, self._sequences, self._uids
        total = len(ids)
        for start, first in enumerate(ids):
            lengths = lengths_of.get(first)
            if lengths is None:
                continue
            for length in lengths:
                end = start + length
                if end > total:
                    continue
                keys = sequences.get(tuple(ids[start:end]) if length > 1 else (first,))
                if keys:
                    for position, term in keys:
                        yield (uids[position], term), start, end


class _RegexSet:
    """Every detector's regular expression in a few small RE2 sets: one scan of a text per
    set tells which of them can match there. (One set of fifty patterns scans ten times
    slower than a dozen sets of four: its automaton outgrows RE2's memory budget and is
    rebuilt as it goes.) Patterns RE2 cannot run as Python would, and texts on which RE2 and
    Python disagree (see ``safe_regex``), are left to the patterns themselves."""

    def __init__(self, detectors: Iterable[Detector]) -> None:
        import re2

        from commlint.ruletypes.safe_regex import RE2_OPTIONS

        self._sets: list[tuple[Any, list[int]]] = []  #: (set, set index -> detector)
        self._unscanned: set[int] = set()  #: detectors whose pattern is not in a set
        seen: set[int] = set()
        current, uids = re2.Set.SearchSet(RE2_OPTIONS), []
        for detector in detectors:
            if detector.regex is None or detector.uid in seen:
                continue
            seen.add(detector.uid)
            source = detector.regex.re2_source
            if source is None:
                self._unscanned.add(detector.uid)
                continue
            try:
                current.Add(source)
            except Exception:  # noqa: BLE001 - RE2 builds it alone but not in a set: scan it alone
                self._unscanned.add(detector.uid)
                continue
            uids.append(detector.uid)
            if len(uids) == _SET_SIZE:
                self._sets.append((current, uids))
                current, uids = re2.Set.SearchSet(RE2_OPTIONS), []
        if uids:
            self._sets.append((current, uids))
        self._all = frozenset(seen)
        for regex_set, _ in self._sets:
            regex_set.Compile()
        self._unscanned = frozenset(self._unscanned)

    def candidates(self, text: str) -> frozenset[int]:
        """The detectors whose pattern may match ``text``."""
        from commlint.ruletypes.safe_regex import re2_reads_as_python

        if not self._all:
            return frozenset()
        text = straight(text)
        if not self._sets or not re2_reads_as_python(text):
            return self._all
        found = [uids[i] for regex_set, uids in self._sets for i in regex_set.Match(text) or ()]
        return self._unscanned.union(found) if found else self._unscanned


_SET_SIZE = 4  #: patterns per RE2 set


def _positions(msg, key: str) -> "_PositionIndex":
    """The index of ``msg``'s Docs by what the shared pass left under ``key``, built once per message."""
    index = msg.memo.get(key)
    if index is None:
        index = msg.memo[key] = _PositionIndex(msg.docs, key)
    return index


class _PositionIndex:
    """For the Docs of one message and one ``Doc.user_data`` key the shared pass fills
    (``CANDIDATES``, ``GATES_PASSED``: a pair of the detectors it judged and those it let
    through): per detector, the positions of the Docs where it was not ruled out."""

    _UNJUDGED: frozenset[int] = frozenset()

    def __init__(self, docs, key: str) -> None:
        self._by_uid: dict[int, list[int]] = {}
        #: id of a set of judged detectors -> (that set, the positions judged by it)
        self._groups: dict[int, tuple[frozenset[int], list[int]]] = {}
        self._memo: dict[int, list[int]] = {}
        for position, doc in enumerate(docs):
            entry = doc.user_data.get(key)
            judged, passed = entry if entry is not None else (self._UNJUDGED, ())
            self._groups.setdefault(id(judged), (judged, []))[1].append(position)
            for uid in passed:
                self._by_uid.setdefault(uid, []).append(position)

    def of(self, uid: int) -> list[int]:
        """The positions, in order, where detector ``uid`` passed or was not judged."""
        found = self._memo.get(uid)
        if found is None:
            found = self._by_uid.get(uid, [])
            unjudged = [p for judged, positions in self._groups.values() if uid not in judged for p in positions]
            if unjudged:
                found = sorted(set(found).union(unjudged))
            self._memo[uid] = found
        return found


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
        for spelling in spellings(text):
            words = [t.text for t in tokenizer(spelling)]
            if not allow_inflect or term.exact:
                variants.add(tuple(words) if sensitive else tuple(w.lower() for w in words))
                continue
            variants.update(inflect.phrase_variants(words, keep_case=sensitive))
            if sensitive and text.isupper() and text.isalpha():
                variants.add(tuple(words[:-1] + [words[-1] + "s"]))
    return variants | _contracted(variants, keep_leading=bool(term.plain))


#: how a verb is split before "n't": "can't" is "ca" + "n't", "won't" is "wo" + "n't"
_BEFORE_NT = {"can": "ca", "will": "wo", "shall": "sha"}


def _swap_not(words: tuple[str, ...], nt: str) -> tuple[str, ...]:
    """``words`` with every "not" as ``nt``, and the verb before it split as the tokenizer does."""
    out = list(words)
    for i, word in enumerate(words):
        if word == "not":
            out[i] = nt
            if i and words[i - 1] in _BEFORE_NT:
                out[i - 1] = _BEFORE_NT[words[i - 1]]
    return tuple(out)


#: the verbs that take a contracted "not" ("isn't", "don't", "can't" is "ca" + "n't")
_NOT_HOSTS = ("is", "are", "was", "were", "do", "does", "did", "ca", "could", "would", "should", "has", "have")


def _contracted(variants: set[tuple[str, ...]], keep_leading: bool) -> set[tuple[str, ...]]:
    """Each variant with its "not" written contracted, as the tokenizer splits it: "do not
    hesitate" also finds "don't hesitate"; "not my job" also "isn't my job" (with its verb,
    so the finding covers whole words), unless the term has a rewrite for the words alone."""
    out: set[tuple[str, ...]] = set()
    for words in variants:
        if "not" not in words[1:] and (words[:1] != ("not",) or keep_leading):
            continue
        for nt in ("n't", "n\u2019t"):
            swapped = _swap_not(words, nt)
            if swapped[0] != nt:
                out.add(swapped)
            elif not keep_leading:
                out.update((host, *swapped) for host in _NOT_HOSTS)
    return out


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


_ANNOTATION = {"pos": "TAG", "lemma": "LEMMA", "dep": "DEP", "ents": "ENT_IOB"}


def _annotated(doc, requires: frozenset[str]) -> bool:
    """Has ``doc`` been through the components ``requires`` needs? (When the pre-pass found
    a pattern cannot match a segment, those components did not run there.)"""
    return all(doc.has_annotation(_ANNOTATION[cap]) for cap in requires if cap in _ANNOTATION and cap != "ents")


def _need_groups(patterns: list[TokenPattern], gates: list) -> list[tuple[frozenset[str], list]]:
    """The patterns' gates grouped by the capabilities each pattern reads, in first-seen order."""
    groups: dict[frozenset[str], dict] = {}
    for pattern, (gate, regexes) in zip(patterns, gates):
        groups.setdefault(frozenset(pattern_needs([pattern])), {})[(tuple(gate), regexes)] = None
    return [(needs, list(distinct)) for needs, distinct in groups.items()]


_literal_gate = literal_gate  # the name tests know it by
