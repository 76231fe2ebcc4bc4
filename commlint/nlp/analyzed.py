"""An analysed message: a document, the segments a rule reads and one spaCy Doc per segment."""
from __future__ import annotations

import dataclasses
import functools
from typing import Any, Iterator

from commlint.document.lines import LineIndex
from commlint.document.model import Document, Segment


@dataclasses.dataclass(frozen=True)
class Sentence:
    """A sentence of a segment: source offsets plus the spaCy span it came from."""

    start: int
    end: int
    span: Any  # spacy.tokens.Span
    segment: Segment


@dataclasses.dataclass(frozen=True)
class AnalyzedMessage:
    """Everything rules read. Offsets given to rules and findings are source offsets.

    ``segments`` are the segments the reading rule's scope covers (see ``view``)."""

    document: Document
    segments: tuple[Segment, ...]
    docs: tuple[Any, ...]  # spacy.tokens.Doc, one per segment
    nlp: Any  # spacy.language.Language
    lines: LineIndex
    #: what rules computed on this message and may ask for again (another rule's needs)
    memo: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)
    #: the segments message-wide look-ups (``prose``) read, when not ``segments`` (a view
    #: that checks some of a rule's segments again, in the context of all of them)
    context: tuple[Segment, ...] | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        """The original text every offset points into."""
        return self.document.text

    def view(self, keep: frozenset[int], context: frozenset[int] | None = None) -> "AnalyzedMessage":
        """The message with only the segments at indexes ``keep``; with ``context``, one
        whose message-wide look-ups read the segments at those indexes instead."""
        pairs = [(s, d) for i, (s, d) in enumerate(self.pairs()) if i in keep]
        around = None if context is None else tuple(s for i, s in enumerate(self.segments) if i in context)
        return AnalyzedMessage(
            self.document, tuple(s for s, _ in pairs), tuple(d for _, d in pairs), self.nlp, self.lines, context=around,
        )

    @property
    def title(self) -> str:
        """The document's title: from the reader (front matter, an email's subject) or its
        first heading; empty when it has none."""
        title = self.document.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title
        return next((s.text for s in self.document.segments if s.kind == "heading"), "")

    def pairs(self) -> Iterator[tuple[Segment, Any]]:
        return zip(self.segments, self.docs)

    def sentences(self) -> Iterator[Sentence]:
        """Sentences of every segment (a whole segment when no sentence boundaries were set)."""
        for segment, doc in self.pairs():
            for span in sentences_of(doc):
                yield Sentence(segment.to_source(span.start_char), segment.end_to_source(span.end_char), span, segment)

    def word_count(self) -> int:
        return sum(count_words(doc) for doc in self.docs)

    @functools.cached_property
    def prose(self) -> str:
        """The segments' text joined by blank lines (for message-wide look-ups)."""
        return "\n\n".join(s.text for s in (self.segments if self.context is None else self.context))

    @property
    def prose_start(self) -> int:
        return self.segments[0].start if self.segments else 0

    @property
    def prose_end(self) -> int:
        return self.segments[-1].end if self.segments else 0


def sentences_of(doc) -> list:
    """The sentences of ``doc``, or the whole doc when nothing set sentence boundaries."""
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []


TEXT = "commlint.text"  #: Doc.user_data key of the Doc's text (see ``doc_text``)


def doc_text(doc) -> str:
    """``doc.text``, computed once per Doc (spaCy rebuilds it from the tokens on every
    access); the tokenizer leaves the text it was given here (``pipeline.tokenize``)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def lower_ids(doc) -> frozenset[int]:
    """The hash ids of the Doc's lower-cased words, computed once per Doc."""
    ids = doc.user_data.get("commlint.lower")
    if ids is None:
        from spacy.attrs import LOWER

        ids = doc.user_data["commlint.lower"] = frozenset(doc.to_array(LOWER).tolist())
    return ids


def string_id(text: str) -> int:
    """The id spaCy gives ``text`` in every vocabulary (what ``Doc.to_array(LOWER)`` holds):
    a fixed symbol id for the few strings that are spaCy symbols ("number", "root",
    "agent", "mark"), else the string's hash. Remembered: loading the rules asks for the
    same few thousand words tens of thousands of times."""
    found = _STRING_IDS.get(text)
    if found is None:
        if len(_STRING_IDS) >= _MOST_STRING_IDS:
            _STRING_IDS.clear()
        found = _STRING_IDS[text] = _string_id(text)
    return found


_STRING_IDS: dict[str, int] = {}
_MOST_STRING_IDS = 200_000  #: past this the memory starts again (a long-lived worker)


def _string_id(text: str) -> int:
    from spacy.strings import hash_string
    from spacy.symbols import IDS

    return IDS.get(text) or hash_string(text)


def count_words(span) -> int:
    """Words in a Doc or Span: tokens that are not punctuation or white space."""
    doc = span if not hasattr(span, "doc") else None
    if doc is not None:
        cached = doc.user_data.get("commlint.words")
        if cached is not None:
            return cached
    from spacy.attrs import IS_PUNCT, IS_SPACE

    flags = span.to_array([IS_PUNCT, IS_SPACE]) if len(span) else None
    words = 0 if flags is None else int((flags.sum(axis=1) == 0).sum())
    if doc is not None:
        doc.user_data["commlint.words"] = words
    return words
