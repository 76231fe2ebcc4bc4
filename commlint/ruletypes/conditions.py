"""Context that cancels a match: a date in the same sentence, a negation just before, ..."""
from __future__ import annotations

import dataclasses
import re
from typing import Callable

from commlint.ruletypes.definitions import defined, glossed
from commlint.ruletypes.lexicon import Lexicon
from commlint.nlp.analyzed import doc_text, sentences_of
from commlint.ruletypes.detectors import Detector, DetectorSpec, Hit


@dataclasses.dataclass(frozen=True)
class UnlessSpec:
    """A match is dropped when any of these holds."""

    sentence_has: DetectorSpec | None = None  #: the match's sentence also contains this
    preceded_by: tuple[str, ...] = ()  #: one of these words stands within ``window`` tokens before
    followed_by: tuple[str, ...] = ()  #: one of these words stands within ``window`` tokens after
    window: int = 3
    in_quotes: bool = False  #: the match is inside quotation marks (the writer quotes someone)
    explained: bool = False  #: the writer explains the term (a gloss in brackets, a spelled-out acronym)
    in_title: bool = False  #: the words are in the document's title: an article's readers came for that subject
    in_name: bool = False  #: the term is part of a product or company name ("Arduino IDE", "Azure AD")


class Unless:
    """A compiled ``UnlessSpec``."""

    def __init__(self, spec: UnlessSpec | None, field: str, lexicons: Callable[[str], Lexicon]) -> None:
        self.spec = spec or UnlessSpec()
        self.before = frozenset(_norm(w) for w in self.spec.preceded_by)
        self.after = frozenset(_norm(w) for w in self.spec.followed_by)
        self.sentence = (
            Detector(self.spec.sentence_has, f"{field}.sentence_has", lexicons) if self.spec.sentence_has else None
        )
        self.requires = (self.sentence.requires | {"sents"}) if self.sentence else frozenset()

    def filter(self, doc, nlp, hits: list[Hit], prose: str, title: str = "") -> list[Hit]:
        """The hits that no condition cancels; ``prose`` is the whole message, for definitions;
        ``title`` the document's title (empty when it has none)."""
        spec = self.spec
        if spec.in_title and title and hits:
            text = doc_text(doc)
            hits = [h for h in hits if not in_title(text[h.start : h.end], title)]
        if spec.in_name and hits:
            text = doc_text(doc)
            hits = [h for h in hits if not in_name(text, h.start, h.end)]
        if not (self.before or self.after or self.sentence or spec.in_quotes or spec.explained) or not hits:
            return hits
        context_hits = self.sentence.find(doc, nlp) if self.sentence else []
        sentences = sentences_of(doc) if self.sentence else []
        return [h for h in hits if not self._cancels(doc, h, context_hits, sentences, prose)]

    def _cancels(self, doc, hit: Hit, context_hits: list[Hit], sentences: list, prose: str) -> bool:
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            return False
        window = self.spec.window
        if self.before and any(_norm(t.lower_) in self.before for t in doc[max(0, span.start - window) : span.start]):
            return True
        if self.after and any(_norm(t.lower_) in self.after for t in doc[span.end : span.end + window]):
            return True
        text = doc_text(doc)
        if self.spec.in_quotes and _quoted(text, hit.start, hit.end):
            return True
        if self.spec.explained:
            term = text[hit.start : hit.end]
            if glossed(text, hit.end) or (term.isupper() and defined(term, prose)):
                return True
        if self.sentence:
            for sent in sentences:
                if sent.start_char <= hit.start < sent.end_char:
                    return any(
                        sent.start_char <= c.start < sent.end_char and (c.end <= hit.start or c.start >= hit.end)
                        for c in context_hits
                    )
        return False


def in_name(text: str, start: int, end: int) -> bool:
    """Is the capitalised term at ``text[start:end]`` the end of a name? It is
    when a capitalised word that does not start the sentence comes right before it:
    "the Arduino IDE", "sign in to Azure AD" (but not "The DNS" or "Our API")."""
    if not text[start:start + 1].isupper():
        return False
    before = text[:start].rstrip(" ")
    word = re.search(r"([A-Za-z][\w-]*)$", before)
    if word is None or len(before) != start - 1 or not word.group(1)[0].isupper():
        return False
    earlier = before[: word.start()].rstrip()
    return bool(earlier) and earlier[-1] not in ".!?:;\n\"“(" and word.group(1).lower() not in _NOT_NAMES


_NOT_NAMES = frozenset({"i", "the", "a", "an", "our", "your", "my", "this", "that", "new", "all", "no", "if", "and", "or"})


def in_title(words: str, title: str) -> bool:
    """Do ``words`` appear in ``title`` as whole words (case and inflection aside)?"""
    stem = re.escape(" ".join(words.split()).lower()).replace("\\ ", r"\s+")
    return re.search(rf"(?<!\w){stem}(?:s|es|ed|ing)?(?!\w)", title.lower()) is not None


def _norm(word: str) -> str:
    """Lower case with curly apostrophes straightened, so "n’t" and "n't" compare equal."""
    return word.lower().replace("\u2019", "'")


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[:start]
    for opening, closing in (("\u201c", "\u201d"), ('"', '"')):
        if opening == closing:
            if before.count(opening) % 2 == 1 and closing in text[end:]:
                return True
        elif before.rfind(opening) > before.rfind(closing) and closing in text[end:]:
            return True
    return False
