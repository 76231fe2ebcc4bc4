"""Gates: what a token pattern needs in a Doc's words before it can match there.

A gate is worked out from a pattern alone (and, for lemmas, from the pipeline's
lemmatizer tables): for each token every match needs, the words it accepts (LOWER, ORTH,
TEXT; LEMMA by every word that can get the lemma) and the regular expressions it tests
a word with. A Doc without such a word, or without a word an expression matches, cannot
hold a match, whatever its annotations: so the gate tells which patterns to run, and
which components a segment needs, from the tokenized Doc alone.
"""
from __future__ import annotations

import functools
import re
import threading
from typing import Any, Iterable

from commlint.nlp import inflect
from commlint.nlp.analyzed import lower_ids, string_id

REGEX_GATES = "commlint.regex_gates"  #: Doc.user_data key: which gate expressions some word there matches


class GateIndex:
    """The gates of every detector's token patterns, indexed by word: which detectors may
    match a Doc is found from the Doc's words in one pass, instead of each detector testing
    each of its patterns against every Doc. A pattern passes when every word it needs is
    there and every token regular expression it needs matches some word."""

    def __init__(self, detectors: Iterable[Any]) -> None:  # Detectors
        self.gated: set[int] = set()  #: detectors whose answer ``passed`` gives
        self._always: set[int] = set()  #: ... of which some pattern has no gate: it may match anywhere
        self._by_word: dict[int, list[tuple[int, list[frozenset[int]], tuple]]] = {}
        self._regex_only: dict[int, set[int]] = {}  #: patterns gated by token regexes alone: mask -> detectors
        for detector in detectors:
            if detector.uid in self.gated or not detector.patterns:
                continue
            self.gated.add(detector.uid)
            distinct = {(tuple(gate), regexes): None for gate, regexes in zip(detector._gates, detector._regex_gates)}
            for gate, regexes in distinct:  # patterns expanded from fragments often share their gates
                if not gate:
                    if regexes:
                        self._regex_only.setdefault(regexes, set()).add(detector.uid)
                    else:
                        self._always.add(detector.uid)
                    continue
                rarest = min(gate, key=_rarity)  # every match has one of these words: index by them
                for word in rarest:
                    self._by_word.setdefault(word, []).append((detector.uid, gate, regexes))
        self.gated = frozenset(self.gated)
        self._words = frozenset(self._by_word)

    def passed(self, doc) -> frozenset[int]:
        """The gated detectors with a pattern whose gate passes in ``doc``."""
        words = lower_ids(doc)
        out = set(self._always)
        by_word = self._by_word
        found = -1  # the gate expressions some word matches, worked out when first needed
        for word in self._words.intersection(words):
            for uid, gate, regexes in by_word[word]:
                if uid not in out and all(options & words for options in gate):
                    if regexes:
                        found = WORD_REGEXES.of_doc(doc) if found < 0 else found
                        if regexes & found != regexes:
                            continue
                    out.add(uid)
        if self._regex_only:
            found = WORD_REGEXES.of_doc(doc) if found < 0 else found
            for regexes, uids in self._regex_only.items():
                if regexes & found == regexes:
                    out.update(uids)
        return frozenset(out)


def _rarity(options: frozenset[int]) -> tuple[bool, int]:
    """How often a gate's word options are likely in a Doc: sets with a function word
    ("the", "you") first, then by size; the rarest is the best one to index a gate by."""
    return (not options.isdisjoint(_common_ids()), len(options))


@functools.cache
def _common_ids() -> frozenset[int]:
    return frozenset(string_id(w) for w in inflect.FUNCTION_WORDS)


def passes(doc, words: frozenset[int], gate: list[frozenset[int]], regexes: tuple) -> bool:
    """Does a pattern's gate pass in ``doc`` (whose lower-cased word ids are ``words``)?"""
    return all(options & words for options in gate) and regexes_pass(doc, regexes)


def regexes_pass(doc, regexes: int) -> bool:
    """Does each of these token regular expressions (a mask, see ``_WordRegexes``) match
    some word of ``doc``?"""
    return not regexes or regexes & WORD_REGEXES.of_doc(doc) == regexes


class _WordRegexes:
    """The token regular expressions of every pattern gate, numbered, and which of them
    each word matches, worked out once per distinct word (words recur from paragraph to
    paragraph): a Doc's answer for all of them is one look-up per distinct word of it.
    Sets of expressions are bit masks."""

    _MOST_WORDS = 50_000  #: words remembered; past this the memory starts again

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._regexes: list[tuple[bool, re.Pattern[str]]] = []
        self._bits: dict[tuple[bool, str, int], int] = {}
        #: word id (lower-cased, or as written) -> (how many expressions it was judged on, mask)
        self._lower: dict[int, tuple[int, int]] = {}
        self._orth: dict[int, tuple[int, int]] = {}

    def mask(self, regexes: Iterable[tuple[bool, re.Pattern[str]]]) -> int:
        """The mask of these (lower-cased?, expression) pairs, numbering new ones."""
        mask = 0
        for lower, pattern in regexes:
            key = (lower, pattern.pattern, pattern.flags)
            with self._lock:
                bit = self._bits.get(key)
                if bit is None:
                    bit = self._bits[key] = len(self._regexes)
                    self._regexes.append((lower, pattern))
            mask |= 1 << bit
        return mask

    def of_doc(self, doc) -> int:
        """The mask of the expressions some word of ``doc`` matches (as spaCy's Matcher
        does: the expression is found in the word, lower-cased for LOWER)."""
        known = len(self._regexes)
        memo = doc.user_data.get(REGEX_GATES)
        if memo is not None and memo[0] == known:
            return memo[1]
        mask = 0
        for lower in (True, False):
            if not any(flag == lower for flag, _ in self._regexes[:known]):
                continue
            words = self._lower if lower else self._orth
            strings = doc.vocab.strings
            for word in (lower_ids(doc) if lower else _orth_ids(doc)):
                entry = words.get(word)
                if entry is None or entry[0] != known:
                    entry = self._judge(words, lower, word, strings[word], entry, known)
                mask |= entry[1]
        doc.user_data[REGEX_GATES] = (known, mask)
        return mask

    def _judge(self, words: dict, lower: bool, word: int, text: str, entry, known: int) -> tuple[int, int]:
        """Which of the first ``known`` expressions ``text`` (word id ``word``) matches."""
        start, mask = entry if entry is not None else (0, 0)
        for bit in range(start, known):
            flag, pattern = self._regexes[bit]
            if flag == lower and pattern.search(text):
                mask |= 1 << bit
        if len(words) >= self._MOST_WORDS:
            words.clear()
        words[word] = entry = (known, mask)
        return entry


WORD_REGEXES = _WordRegexes()


def _orth_ids(doc) -> frozenset[int]:
    """The hash ids of the Doc's words as written, computed once per Doc."""
    ids = doc.user_data.get("commlint.orth")
    if ids is None:
        from spacy.attrs import ORTH

        ids = doc.user_data["commlint.orth"] = frozenset(doc.to_array(ORTH).tolist())
    return ids


def _required(token: dict) -> bool:
    """Does every match of the pattern hold this token (no optional or negated ``OP``)?"""
    op = str(token.get("OP", ""))
    return op not in ("?", "*", "!") and not op.startswith("{0")


def regex_gate(pattern: Iterable[dict]) -> tuple[tuple[bool, re.Pattern[str]], ...]:
    """For each token every match needs that tests its text with ``REGEX`` (LOWER, or ORTH
    and TEXT as written), (lower-cased?, the expression): as spaCy's Matcher, a word
    matches when the expression is found in it."""
    out = []
    for token in pattern:
        if not _required(token):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = token.get(attr)
            if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
                out.append((attr == "LOWER", re.compile(value["REGEX"])))
    return tuple(out)


class LemmaWords:
    """The lower-cased words to which a spaCy pipeline can give a lemma, worked out from
    the only components that set lemmas in commlint's pipelines: the attribute ruler
    (patterns naming their words) and the rule lemmatizer, which gives a word the lemma of
    an exception table or of a suffix rule (``old`` -> ``new``), or the word itself. So the
    words with lemma L are L, the words its exceptions list, L's stem + ``old`` for every
    rule whose ``new`` ends L, and the words attribute-ruler patterns give L. ``usable`` is
    False for any other pipeline (another lemmatizer mode, other components): then no lemma
    gets words here."""

    _KNOWN = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter", "sentencizer"})

    def __init__(self, nlp) -> None:
        from commlint.nlp.pipeline import SENTENCIZER

        self.usable = False
        self._suffixes: set[tuple[str, str]] = set()
        self._listed: dict[str, set[str]] = {}
        self._open: set[str] = set()  #: lemmas an attribute-ruler pattern gives without naming its word
        self._memo: dict[str, frozenset[str]] = {}
        names = set(nlp.pipe_names) - {SENTENCIZER}
        if not names <= self._KNOWN or "lemmatizer" not in names:
            return
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule" or not _spacy_rules(lemmatizer):
            return
        lookups = lemmatizer.lookups
        for pairs in lookups.get_table("lemma_rules", {}).values():
            self._suffixes.update((str(old), str(new)) for old, new in pairs)
        for table in lookups.get_table("lemma_exc", {}).values():
            for word, lemmas in table.items():
                for lemma in lemmas:
                    self._listed.setdefault(lemma, set()).add(str(word).lower())
        if "attribute_ruler" in names:
            for entry in nlp.get_pipe("attribute_ruler").patterns:
                lemma = entry.get("attrs", {}).get("LEMMA")
                if lemma is None:
                    continue
                for pattern in entry["patterns"]:
                    words = _token_words(pattern[entry.get("index", 0)])
                    if words is None:
                        self._open.add(lemma)
                    else:
                        self._listed.setdefault(lemma, set()).update(words)
        self.usable = True

    def words(self, lemma: str) -> frozenset[str] | None:
        """The lower-cased words that can get ``lemma``; None when that is not known."""
        if not self.usable or lemma in self._open:
            return None
        found = self._memo.get(lemma)
        if found is None:
            out = {lemma.lower(), *self._listed.get(lemma, ())}
            for old, new in self._suffixes:
                if lemma.endswith(new):
                    out.add((lemma[: len(lemma) - len(new)] + old).lower())
            found = self._memo[lemma] = frozenset(out)
        return found


def _spacy_rules(lemmatizer) -> bool:
    """Does ``lemmatizer`` lemmatize with spaCy's own rule method (a subclass may change
    only which words count as base forms, which keep their lower-cased text)?"""
    from spacy.pipeline import Lemmatizer

    kind = type(lemmatizer)
    return (kind.rule_lemmatize is Lemmatizer.rule_lemmatize and kind.__call__ is Lemmatizer.__call__
            and getattr(lemmatizer, "lemmatize", None) == lemmatizer.rule_lemmatize)


def _token_words(token: dict) -> set[str] | None:
    """The lower-cased words a Matcher token description accepts; None when it does not name them."""
    for attr in ("LOWER", "ORTH", "TEXT"):
        value = token.get(attr)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return {str(v).lower() for v in value["IN"]}
    return None


def literal_gate(pattern: Iterable[dict], lemma_words: LemmaWords | None = None) -> list[frozenset[int]]:
    """For each token every match needs (no optional OP) and that names its words (LOWER,
    ORTH or TEXT, plain or IN; or LEMMA, by every inflected form of the lemmas, and with
    ``lemma_words`` every word the pipeline can give those lemmas), the hash ids of the
    lower-cased words it accepts. A lemma whose words are not known gives no gate, so the
    gate never rules out a Doc the pattern could match."""
    gate = []
    for token in pattern:
        if not _required(token):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = token.get(attr)
            if isinstance(value, str):
                gate.append(frozenset({string_id(value.lower())}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                gate.append(frozenset(string_id(str(v).lower()) for v in value["IN"]))
        lemmas = _lemma_values(token.get("LEMMA"))
        if lemmas:
            forms = [_lemma_forms(lemma) for lemma in lemmas]
            given = [lemma_words.words(lemma) for lemma in lemmas] if lemma_words is not None else []
            if all(forms) or (given and all(w is not None for w in given)):
                words = {f for group in forms for f in group} if all(forms) else set()
                if given and all(w is not None for w in given):
                    words.update(w for group in given for w in group)
                gate.append(frozenset(string_id(f) for f in words))
    return gate


#: contractions spaCy gives these lemmas, which inflection tables do not list
_CONTRACTED = {"have": ("'ve", "\u2019ve", "'d", "\u2019d"), "would": ("'d", "\u2019d")}


def _lemma_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
        return [str(v) for v in value["IN"]]
    return []


def _lemma_forms(lemma: str) -> frozenset[str]:
    """The lower-cased words whose lemma ``lemma`` can be; empty when they are not known."""
    lower = lemma.lower()
    table = inflect.inflections(lower)
    if not table:
        return frozenset()
    return frozenset({lower, *(f for forms in table.values() for f in forms), *_CONTRACTED.get(lower, ())})
