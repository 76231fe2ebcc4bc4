"""Context that cancels a match: a date in the same sentence, a negation just before, ..."""
from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import threading
from typing import Callable

from commlint.options import OptionError
from commlint.ruletypes.apostrophes import straight
from commlint.ruletypes.definitions import explained, glossed
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import doc_text, sentences_of
from commlint.ruletypes.detectors import Detector, DetectorSpec, Hit


#: how near another rule's finding must be to cancel a match
WITHIN = ("overlap", "sentence", "segment", "message")


@dataclasses.dataclass(frozen=True)
class FindingRef:
    """Other rules whose findings cancel a match when one is ``within`` reach of it. The
    rules run on the same segments as the rule that refers to them, enabled or not, so a
    disabled rule can serve as a named condition ("a concrete time", "an instruction")."""

    rules: tuple[str, ...]  #: ids, names or categories (every rule of it)
    within: str = "sentence"  #: overlap | sentence | segment | message


@dataclasses.dataclass(frozen=True)
class UnlessSpec:
    """A match is dropped when any of these holds."""

    sentence_has: DetectorSpec | None = None  #: the match's sentence also contains this
    preceded_by: tuple[str, ...] = ()  #: one of these words stands within ``before_window`` tokens before
    followed_by: tuple[str, ...] = ()  #: one of these words stands within ``after_window`` tokens after
    window: int = 3  #: both windows, unless given apart
    before_window: int | None = None
    after_window: int | None = None
    in_quotes: bool = False  #: the match is inside quotation marks (the writer quotes someone)
    explained: bool = False  #: the writer explains the term (a gloss in brackets, a spelled-out acronym)
    in_title: bool = False  #: the words are in the document's title: an article's readers came for that subject
    in_name: bool = False  #: the term is part of a product or company name ("Arduino IDE", "Azure AD")
    finding_of: FindingRef | None = None  #: another rule found something near the match


_SENTS = frozenset({"sents"})
_reads = threading.local()


def message_reads() -> int:
    """How many times conditions on this thread have read beyond a hit's segment (an
    acronym spelled out elsewhere in the message): a result that changed this count
    depends on the other segments too, so it is not kept per segment."""
    return getattr(_reads, "count", 0)


def _read_message() -> None:
    _reads.count = getattr(_reads, "count", 0) + 1


class Unless:
    """A compiled ``UnlessSpec``."""

    def __init__(self, spec: UnlessSpec | None, field: str, lexicons: Callable[[str], Lexicon]) -> None:
        self.spec = spec = spec or UnlessSpec()
        self.field = field
        self.before = frozenset(_norm(w) for w in spec.preceded_by)
        self.after = frozenset(_norm(w) for w in spec.followed_by)
        for name in ("window", "before_window", "after_window"):
            value = getattr(spec, name)
            if value is not None and value < 0:
                raise OptionError(f"{field}.{name}", "must be 0 or more")
        self.before_window = spec.window if spec.before_window is None else spec.before_window
        self.after_window = spec.window if spec.after_window is None else spec.after_window
        self.sentence = (
            Detector(spec.sentence_has, f"{field}.sentence_has", lexicons) if spec.sentence_has else None
        )
        ref = spec.finding_of
        if ref is not None:
            if not ref.rules:
                raise OptionError(f"{field}.finding_of.rules", "name at least one rule")
            if ref.within not in WITHIN:
                raise OptionError(f"{field}.finding_of.within", f"{ref.within!r} is not one of {', '.join(WITHIN)}")
        self.references: list = []  #: the referred rules, once ``bind`` has found them
        self.requires = (self.sentence.requires | {"sents"}) if self.sentence else frozenset()
        if ref is not None and ref.within == "sentence":
            self.requires |= {"sents"}

    def requires_at(self, doc) -> frozenset[str]:
        """What these conditions read in this tokenized Doc, beside what the referred rules
        need (which they ask for themselves, see ``MatchRule.needs``)."""
        if self.sentence is None:
            return _SENTS if self.spec.finding_of is not None and self.spec.finding_of.within == "sentence" else frozenset()
        return self.sentence.requires_at(doc) | _SENTS

    def bind(self, lookup: Callable[[str], list]) -> None:
        """Find the rules ``finding_of`` names (``lookup`` takes an id, a name or a category
        and gives the rules it names)."""
        if self.spec.finding_of is None:
            return
        found = []
        for name in self.spec.finding_of.rules:
            rules = lookup(name)
            if not rules:
                raise OptionError(f"{self.field}.finding_of.rules", f"no rule named {name!r}")
            found.extend(r for r in rules if r not in found)
        self.references = found
        self.requires = self.requires.union(*(r.requires for r in found))

    def referenced(self, msg) -> FoundSpans:
        """The referred rules' findings in ``msg``."""
        return FoundSpans([(f.start, f.end) for rule in self.references for f in rule.check(msg)])

    def filter(
        self, doc, nlp, hits: list[Hit], prose: str, title: str = "",
        segment=None, found: FoundSpans | None = None,
    ) -> list[Hit]:
        """The hits that no condition cancels; ``prose`` is the whole message, for definitions;
        ``title`` the document's title (empty when it has none); ``found`` the referred
        rules' findings (``referenced``), in source offsets of ``segment``."""
        spec = self.spec
        if spec.in_title and title and hits:
            text = doc_text(doc)
            hits = [h for h in hits if not in_title(text[h.start : h.end], title)]
        if spec.in_name and hits:
            text = doc_text(doc)
            hits = [h for h in hits if not in_name(text, h.start, h.end)]
        if found and hits and segment is not None:
            hits = [h for h in hits if not _near(found, h, doc, segment, spec.finding_of.within)]
        if not (self.before or self.after or self.sentence or spec.in_quotes or spec.explained) or not hits:
            return hits
        context = _SentenceContext(sentences_of(doc), self.sentence.find(doc, nlp)) if self.sentence else None
        return [h for h in hits if not self._cancels(doc, h, context, prose)]

    def _cancels(self, doc, hit: Hit, context: "_SentenceContext | None", prose: str) -> bool:
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            return False
        before, after = self.before_window, self.after_window
        if self.before and any(_norm(t.lower_) in self.before for t in doc[max(0, span.start - before) : span.start]):
            return True
        if self.after and any(_norm(t.lower_) in self.after for t in doc[span.end : span.end + after]):
            return True
        text = doc_text(doc)
        if self.spec.in_quotes and _Quotes.of(doc).around(hit.start, hit.end):
            return True
        if self.spec.explained:
            term = text[hit.start : hit.end]
            if glossed(text, hit.end):
                return True
            if term.isupper():
                _read_message()
                if explained(term, prose):
                    return True
        return context is not None and context.has_other(hit)


class FoundSpans:
    """Source spans of other rules' findings, to ask in O(log n): does one touch ``lo:hi``?"""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [start for start, _ in spans]
        self._reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far

    def __bool__(self) -> bool:
        return bool(self._starts)

    def touch(self, lo: int, hi: int) -> bool:
        count = bisect.bisect_left(self._starts, max(hi, lo + 1))
        return count > 0 and self._reach[count - 1] > lo


def _near(found: FoundSpans, hit: Hit, doc, segment, within: str) -> bool:
    """Is one of the ``found`` spans within reach of ``hit`` (Doc offsets of ``segment``)?"""
    if within == "message":
        return True
    if within == "overlap":
        lo, hi = segment.to_source(hit.start), segment.end_to_source(hit.end)
    elif within == "segment":
        lo, hi = segment.start, segment.end
    else:
        sentence = next((s for s in sentences_of(doc) if s.start_char <= hit.start < s.end_char), None)
        if sentence is None:
            return False
        lo, hi = segment.to_source(sentence.start_char), segment.end_to_source(sentence.end_char)
    return found.touch(lo, hi)


class _SentenceContext:
    """The context detector's hits per sentence of a Doc, to ask in O(log n) per hit: does
    the hit's sentence hold a context hit that does not overlap it?"""

    def __init__(self, sentences: list, hits: list[Hit]) -> None:
        self._starts = [s.start_char for s in sentences]
        self._ends = [s.end_char for s in sentences]
        hits = sorted(hits, key=lambda h: h.start)
        self._hit_starts = [h.start for h in hits]
        self._hits = hits
        self._least_end: dict[int, int] = {}  # per sentence, the smallest end of its context hits

    def has_other(self, hit: Hit) -> bool:
        index = bisect.bisect_right(self._starts, hit.start) - 1
        if index < 0 or hit.start >= self._ends[index]:
            return False
        lo = bisect.bisect_left(self._hit_starts, self._starts[index])
        hi = bisect.bisect_left(self._hit_starts, self._ends[index])
        if hi <= lo:
            return False
        if self._hit_starts[hi - 1] >= hit.end:  # one starts after the hit
            return True
        least = self._least_end.get(index)
        if least is None:
            least = self._least_end[index] = min(h.end for h in self._hits[lo:hi])
        return least <= hit.start  # one ends before it


def in_name(text: str, start: int, end: int) -> bool:
    """Is the capitalised term at ``text[start:end]`` part of a product's name? It is when
    a capitalised word that does not start the sentence comes right before it ("the
    Arduino IDE", "sign in to Azure AD", but not "The DNS" or "Our API"), or when a model
    number follows it ("UNO R3", "MKR 1000", "GIGA R1"), or both a capitalised word before
    it and another after it ("Arduino MKR Vidor"), or when a capitalised word and the term
    make up a whole line ("- Arduino IDE" in a list of what you need)."""
    if not text[start:start + 1].isupper():
        return False
    if _MODEL.match(text, end, min(len(text), end + 24)):
        return True
    if _named_before(text, start) is not None:
        return True
    first = _capital_before(text, start)
    if first is None:
        return False
    return (
        _CAPITAL_AFTER.match(text, end, min(len(text), end + 24)) is not None
        or (_LINE_END.match(text, end, min(len(text), end + 8)) is not None and text[:first].rstrip(" \t")[-1:] in ("", "\n"))
    )


_MODEL = re.compile(r" (?:\d[\w.-]*|[A-Z]{1,3}\d[\w-]*|Rev\d\w*|Gen\d\w*)\b")
_CAPITAL_AFTER = re.compile(r" [A-Z][a-z]+\b")
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


def _capital_before(text: str, start: int) -> int | None:
    """Where the capitalised word right before ``start`` begins (exactly one space between
    them), unless it is a function word ("The", "Our"); None when there is none."""
    if start < 2 or text[start - 1] != " " or text[start - 2] == " ":
        return None
    stop = start - 2 if text[start - 2] == "\n" else start - 1  # ("$" also matches before a last line break)
    run = stop  # the word before: the run of [\w-] ending there, from its first ASCII letter
    while run > 0 and (text[run - 1].isalnum() or text[run - 1] in "_-"):
        run -= 1
    first = next((i for i in range(run, stop) if text[i] in _ASCII_LETTERS), None)
    if first is None or not text[first].isupper() or text[first:stop].lower() in _NOT_NAMES:
        return None
    return first


def _named_before(text: str, start: int) -> int | None:
    """``_capital_before``, when that word does not open the sentence."""
    first = _capital_before(text, start)
    if first is None:
        return None
    before = first
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return first if before > 0 and text[before - 1] not in ".!?:;\n\"“(" else None


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


_NOT_NAMES = frozenset({"i", "the", "a", "an", "our", "your", "my", "this", "that", "new", "all", "no", "if", "and", "or"})


def in_title(words: str, title: str) -> bool:
    """Do ``words`` appear in ``title`` as whole words (case and inflection aside)?"""
    stem = re.escape(" ".join(words.split()).lower()).replace("\\ ", r"\s+")
    return re.search(rf"(?<!\w){stem}(?:s|es|ed|ing)?(?!\w)", title.lower()) is not None


def _norm(word: str) -> str:
    """Lower case with curly apostrophes straightened, so "n’t" and "n't" compare equal."""
    return straight(word.lower())


class _Quotes:
    """Where a Doc's text has quotation marks, to tell in O(log n) whether a span stands
    between an opening mark before it and a closing one after it."""

    _MARKS = ("\u201c", "\u201d", '"')

    def __init__(self, text: str) -> None:
        self._at = {mark: [i for i, ch in enumerate(text) if ch == mark] for mark in self._MARKS}

    @classmethod
    def of(cls, doc) -> "_Quotes":
        quotes = doc.user_data.get("commlint.quotes")
        if quotes is None:
            quotes = doc.user_data["commlint.quotes"] = cls(doc_text(doc))
        return quotes

    def around(self, start: int, end: int) -> bool:
        for opening, closing in (("\u201c", "\u201d"), ('"', '"')):
            if not self._after(closing, end):
                continue
            if opening == closing:
                if bisect.bisect_left(self._at[opening], start) % 2 == 1:
                    return True
            elif self._last_before(opening, start) > self._last_before(closing, start):
                return True
        return False

    def _last_before(self, mark: str, offset: int) -> int:
        at = self._at[mark]
        index = bisect.bisect_left(at, offset)
        return at[index - 1] if index else -1

    def _after(self, mark: str, offset: int) -> bool:
        """Is there a ``mark`` in ``text[offset:]``?"""
        at = self._at[mark]
        return bisect.bisect_left(at, offset) < len(at)
