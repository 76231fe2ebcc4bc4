"""lemminflect's answers for every word it knows, in a small SQLite file in the user cache.

lemminflect reads its tables into Python dictionaries on first use: about 100 MB that a
process never gives back, for the few words a run looks up that ``inflect``'s forms table
has not seen yet. Instead a child process loads lemminflect once per install, asks it about
every word in its tables (the same calls ``inflect`` makes) and writes the answers, about
2.5 MB, to ``inflections-index-v1-lemminflect-<version>.sqlite``; linting processes query
that file and never import lemminflect. A word missing from the file has no inflections
and is no past participle, as lemminflect would say, since its tables are all it reads.

When the file cannot be built (no writable cache, the child fails) ``lookup`` returns None
and ``inflect`` asks lemminflect in-process as before.

``child_build`` runs ``build`` in a child process.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from commlint.atomic import write_atomic
from commlint.nlp import child_build

#: a word's inflections by Penn tag and the verbs it is a past form of
Entry = tuple[dict[str, list[str]], list[str]]

_lock = threading.Lock()
_state: dict[str, object] = {}  #: "pid", "db" (a connection or None once building failed)


def index_path() -> Path:
    from importlib import metadata

    from commlint.paths import cache_root

    return cache_root() / f"inflections-index-v1-lemminflect-{metadata.version('lemminflect')}.sqlite"


def lookup(word: str) -> Entry | None:
    """``word``'s inflections by Penn tag (lower case) and the verbs it is a past form of,
    or None when the index is unavailable (the caller then asks lemminflect itself)."""
    import sqlite3

    with _lock:
        db = _connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT inflections, participle FROM forms WHERE word = ?", (word,)).fetchone()
        except sqlite3.Error:  # a damaged file: built again by the next process
            _drop(db, damaged=True)
            return None
    if row is None:
        return {}, []
    return (json.loads(row[0]) if row[0] else {}), (json.loads(row[1]) if row[1] else [])


def _connection() -> Any:
    """The open index of this process (reopened after a fork), built first if missing;
    None when it cannot be had."""
    if _state.get("pid") == os.getpid():
        return _state["db"]
    import sqlite3

    db = None
    try:
        path = index_path()
        if child_build.ensure_built(path, "commlint.nlp.inflection_index"):
            db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True, check_same_thread=False)
            db.execute("SELECT count(*) FROM forms WHERE word = ''").fetchone()
    except sqlite3.DatabaseError:
        _drop(db, damaged=True)
        db = None
    except (OSError, sqlite3.Error):
        _drop(db, damaged=False)
        db = None
    _state.update(pid=os.getpid(), db=db)
    return db


def _drop(db: Any, damaged: bool) -> None:
    """Close ``db`` for the rest of this process; with ``damaged``, remove its file too."""
    if db is not None:
        try:
            db.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    _state.update(pid=os.getpid(), db=None)
    if damaged:
        try:
            child_build.discard(index_path())
        except OSError:
            pass


def entries() -> list[tuple[str, str | None, str | None]]:
    """Every word lemminflect has an answer for: (word, inflections JSON, participle JSON)."""
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    from commlint.nlp.inflect import generate_forms, participle_of

    lemmatizer, inflector = Lemmatizer(), Inflections()
    words = set(lemmatizer._getLemmaDict()) | set(lemmatizer._getOverridesDict())
    words |= set(inflector._getInflDict()) | set(inflector._getOverridesDict())
    rows = []
    for word in sorted({w.lower() for w in words if w.isalpha()}):
        forms, verbs = generate_forms(word), participle_of(word)
        if forms or verbs:
            rows.append((word, json.dumps(forms, separators=(",", ":")) if forms else None,
                         json.dumps(verbs) if verbs else None))
    return rows


def build(path: Path) -> None:
    """Write the index to ``path`` in one step (0600): built in a private temporary folder
    beside it, then written over it whole."""
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as folder:
        built = Path(folder) / "index.sqlite"
        db = sqlite3.connect(built)
        try:
            db.execute("CREATE TABLE forms (word TEXT PRIMARY KEY, inflections TEXT, participle TEXT) WITHOUT ROWID")
            db.executemany("INSERT INTO forms VALUES (?, ?, ?)", entries())
            db.commit()
        finally:
            db.close()
        write_atomic(path, built.read_bytes())
