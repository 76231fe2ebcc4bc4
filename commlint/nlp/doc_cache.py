"""A cache of analysed segments, so that editing one paragraph re-analyses that paragraph only.

Each segment is its own spaCy Doc, analysed independently of the others, so its analysis
depends only on its text and on what decides the analysis: commlint's version and its
tokenizer and sentencizer code, spaCy's version, the model's name, version and components.
An entry holds the Doc (``Doc.to_bytes``, without user data and token vectors) and the
components that ran on it. Only Docs some component ran on are kept: reading back a Doc
that was only tokenized costs more than tokenizing it again.

Strings spaCy learns inside a memory zone are freed when it closes, so no Doc outlives its
zone here: entries are bytes, and a :class:`Lookup` (and its Docs) serves one zone only.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from commlint.nlp import pipeline as nlp
from commlint.nlp.doc_store import DiskStore, MemoryStore

FORMAT = 1  #: the entry format; part of every key
_EXCLUDE = ["user_data", "tensor"]


@dataclasses.dataclass
class Stats:
    """What a cache did: texts tokenized (misses), Docs that components ran on, hits by
    store, and entries written."""

    tokenized: int = 0
    annotated: int = 0
    memory_hits: int = 0
    disk_hits: int = 0
    stored: int = 0


class DocCache:
    """Analysed segment Docs by text, in ``memory`` (for long-running processes), on
    ``disk``, or both (memory is read first and keeps what disk gave)."""

    def __init__(self, memory: MemoryStore | None = None, disk: DiskStore | None = None) -> None:
        self.memory = memory
        self.disk = disk
        self.stats = Stats()
        self._settings: dict[int, bytes] = {}

    @classmethod
    def on_disk(cls, root: Path, memory: MemoryStore | None = None) -> DocCache:
        """The cache under ``root/docs`` (``root`` is ``commlint.paths.cache_root()``)."""
        return cls(memory, DiskStore(root / "docs"))

    def lookup(self, model, texts: Sequence[str]) -> Lookup:
        """Docs for ``texts`` (call inside ``model.memory_zone()``): read back where cached,
        tokenized (``nlp.tokenize``) where not."""
        return Lookup(self, model, texts)

    def key(self, model, text: str) -> str:
        """The entry key of ``text`` analysed by ``model``."""
        settings = self._settings.get(id(model))
        if settings is None:
            settings = self._settings[id(model)] = analysis_settings(model)
        return hashlib.sha256(settings + text.encode("utf-8", "surrogatepass")).hexdigest()

    def _get(self, key: str) -> bytes | None:
        if self.memory is not None:
            entry = self.memory.get(key)
            if entry is not None:
                self.stats.memory_hits += 1
                return entry
        if self.disk is not None:
            entry = self.disk.get(key)
            if entry is not None:
                self.stats.disk_hits += 1
                if self.memory is not None:
                    self.memory.put(key, entry)
                return entry
        return None

    def _put(self, key: str, entry: bytes) -> None:
        self.stats.stored += 1
        if self.memory is not None:
            self.memory.put(key, entry)
        if self.disk is not None:
            self.disk.put(key, entry)


def analysis_settings(model) -> bytes:
    """A digest of everything besides the text that decides a segment's analysis."""
    import spacy

    from commlint.version import __version__

    meta = model.meta
    parts = [
        f"format={FORMAT}", f"commlint={__version__}", f"spacy={spacy.__version__}",
        f"model={meta.get('lang')}_{meta.get('name')}={meta.get('version')}",
        f"pipes={','.join(model.pipe_names)}",
        f"pipeline.py={_source_digest(nlp.__file__)}",  # the tokenizer and sentencizer settings live there
    ]
    return hashlib.sha256("\n".join(parts).encode()).digest()


def _source_digest(file: str | None) -> str:
    try:
        return hashlib.sha256(Path(file or "").read_bytes()).hexdigest()
    except OSError:
        return "-"


class Lookup:
    """The Docs of one batch of segment texts, valid inside one memory zone only."""

    def __init__(self, cache: DocCache, model, texts: Sequence[str]) -> None:
        self._cache, self._model = cache, model
        self._keys = [cache.key(model, text) for text in texts]
        docs: list = [None] * len(texts)
        self._ran: list[frozenset[str] | None] = [None] * len(texts)  #: components that ran (None: a miss)
        self._caps: list[frozenset[str]] = [frozenset()] * len(texts)  #: capabilities they were run for
        for i, (key, text) in enumerate(zip(self._keys, texts)):
            entry = cache._get(key)
            read = _decode(entry, model, text) if entry is not None else None
            if read is not None:
                docs[i], self._caps[i], self._ran[i] = read
        misses = [i for i, doc in enumerate(docs) if doc is None]
        if misses:
            cache.stats.tokenized += len(misses)
            for i, doc in zip(misses, nlp.tokenize(model, [texts[i] for i in misses])):
                docs[i] = doc
        self.docs = docs

    def annotate(self, needs: Sequence[Iterable[str]]) -> list:
        """``nlp.annotate`` for the Docs, each with the capabilities it ``needs``: a cached
        Doc whose components cover them is used as is; one short of them is analysed again
        for both what it had and what it needs (in pipeline order, so it is annotated as an
        uncached Doc needing both would be). Keeps what components ran on."""
        names = self._model.pipe_names
        wanted: list[frozenset[str]] = []
        for need, ran, had in zip(needs, self._ran, self._caps):
            need = frozenset(need)
            covered = ran is not None and ran.issuperset(nlp.components_for(need, names))
            wanted.append(frozenset() if covered else need | had)
        docs = nlp.annotate(self._model, self.docs, wanted)
        stored: set[str] = set()
        for key, caps, doc in zip(self._keys, wanted, docs):
            ran = nlp.components_for(caps, names)
            if not ran:
                continue
            self._cache.stats.annotated += 1
            if key not in stored:  # the same text twice in a batch: kept once
                stored.add(key)
                self._cache._put(key, _encode(doc, caps, ran))
        return docs


def _encode(doc, caps: Iterable[str], ran: Iterable[str]) -> bytes:
    head = f"{','.join(sorted(caps))};{','.join(ran)}\n".encode("ascii")
    return head + zlib.compress(doc.to_bytes(exclude=_EXCLUDE), 1)


def _decode(entry: bytes, model, text: str):
    """(Doc, capabilities, components) from an entry, or None when it cannot be read back
    or does not hold ``text``."""
    from spacy.tokens import Doc

    try:
        head, _, body = entry.partition(b"\n")
        caps, _, ran = head.decode("ascii").partition(";")
        doc = Doc(model.vocab).from_dict(_unpack(zlib.decompress(body)), exclude=_EXCLUDE)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss, whatever spaCy raises
        return None
    if doc.text != text:
        return None
    return doc, frozenset(filter(None, caps.split(","))), frozenset(filter(None, ran.split(",")))


def _unpack(data: bytes):
    """``srsly.msgpack_loads(data)`` (what ``Doc.from_bytes`` reads its bytes with), with the
    registered decoders (numpy arrays) looked up once per process: srsly looks them up on
    every call, reading every installed package's entry points, which cost more than the
    rest of reading a segment back."""
    import gc

    from srsly import msgpack

    hook = _decoders()
    enabled = gc.isenabled()
    gc.disable()  # as srsly does: faster for messages of many small objects
    try:
        return msgpack.unpackb(data, raw=False, use_list=True, object_pairs_hook=lambda pairs: hook(dict(pairs)))
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def _decoders():
    """srsly's registered msgpack decoders chained into one object hook (as ``unpackb`` does)."""
    from srsly.msgpack import msgpack_decoders

    hook = None
    for decoder in msgpack_decoders.get_all().values():
        hook = functools.partial(decoder, chain=hook)
    return hook if hook is not None else (lambda obj: obj)
