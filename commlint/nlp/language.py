"""Is a segment written in English? The rules are written for English, so a segment in
another language is skipped by every rule but privacy.

Identification uses py3langid (a maintained fork of langid.py: BSD licence, a naive Bayes
model over byte n-grams for about 140 languages, shipped inside the wheel, so nothing is
downloaded; numpy is its only dependency). The model is mapped from the user cache on
first use (``langid_model``: only the parts a text reaches are read), and only for a
segment that is not plainly English: one where at least a tenth of
the words are English function words that no other common language writes the same way
("the", "and", "you", "please") is English without asking the model. (At a tenth, on 3,944
paragraphs of KB articles, replies and requests, the model agreed with every fast verdict,
and it had to be loaded for 10 % of them instead of 30 %.)

A segment is judged on its words only: URLs, e-mail addresses, inline code, placeholders
and tokens with digits or underscores say nothing about its language. The judgement leans
to English: a segment is "not English" only when another language is likely and English
is not, since skipping an English segment costs findings.
"""
from __future__ import annotations

import functools
import re
from typing import Sequence

from commlint.document.model import Segment

#: fewer words or letters than this cannot be told apart reliably
MIN_WORDS = 4
MIN_LETTERS = 15
#: "not English" needs the best language at least this likely and English at most this
_OTHER_AT_LEAST = 0.5
_ENGLISH_AT_MOST = 0.1

#: English words that are not words of Spanish, French, German, Dutch, Portuguese or
#: Italian too ("is", "we", "was", "of", "die", "de" are)
_ENGLISH_ONLY = frozenset(
    "the and you your that this with have our please thank thanks to it at be my can not if from they "
    "been but would could should what when which there their about".split()
)
_PLAINLY_ENGLISH = 0.1
_CODE = re.compile(r"`[^`]*`")
_NOT_WORD_CHUNK = re.compile(r"https?://|www\.|\S@\S")  #: a URL or an e-mail address (or a handle)
_WORD = re.compile(r"(?<![\w@/.\\-])[^\W\d_]+(?:['’][^\W\d_]+)*(?![\w/@\\]|[.-]\w)")


@functools.cache
def _identifier():
    from commlint.nlp.langid_model import identifier

    return identifier()


def _words(text: str) -> list[str]:
    """The words of ``text``, leaving out inline code and every chunk (between white
    space) that holds a URL or an e-mail address; in time linear in the text."""
    chunks = _CODE.sub(" ", text).split()
    return _WORD.findall(" ".join(c for c in chunks if _NOT_WORD_CHUNK.search(c) is None))


def is_english(text: str) -> bool | None:
    """True or False for ``text``; None when it has too few words to tell."""
    words = _words(text)
    if len(words) < MIN_WORDS or sum(map(len, words)) < MIN_LETTERS:
        return None
    if sum(1 for w in words if w.lower() in _ENGLISH_ONLY) >= _PLAINLY_ENGLISH * len(words):
        return True
    ranked = _identifier().rank(" ".join(words))
    best, probability = ranked[0]
    if best == "en":
        return True
    english = next((p for lang, p in ranked if lang == "en"), 0.0)
    return not (probability >= _OTHER_AT_LEAST and english <= _ENGLISH_AT_MOST)


def _prose(segment: Segment) -> str:
    """The segment's text without its protected spans (placeholders, code, URLs...)."""
    text, pos = [], 0
    for mask in sorted(segment.masks, key=lambda m: m.start):
        text.append(segment.text[pos:mask.start])
        pos = max(pos, mask.end)
    text.append(segment.text[pos:])
    return " ".join(text)


def english_segments(segments: Sequence[Segment]) -> list[bool]:
    """Per segment, is it English? A segment too short to tell (a greeting, a heading)
    takes the verdict of the whole message, and English when that cannot tell either."""
    texts = [_prose(s) for s in segments]
    verdicts = [is_english(t) for t in texts]
    if None in verdicts:
        whole = is_english("\n".join(texts))
        verdicts = [(whole is not False) if v is None else v for v in verdicts]
    return verdicts  # type: ignore[return-value]
