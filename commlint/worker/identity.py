"""The identity a worker shares with its clients: a worker whose identity differs from the
client's is stopped and replaced, never used.

It covers the commlint version, the Python interpreter, and the names, sizes and
modification times of commlint's own source files and of the shipped data folders (rule
packs, lexicons, placeholder fields, model weights): stat calls only, about a millisecond.
Configuration files and extra packs are not in it; the worker reads them per request.
``COMMLINT_WORKER_SALT`` is mixed in (tests use it to make a worker look stale).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping

import commlint
from commlint import data
from commlint.worker.digest import blake2b

#: the shipped data folders whose files the identity covers
_DATA_FOLDERS = ("rules", "jargon_lexicon", "placeholder_fields", "models")


def identity(environ: Mapping[str, str] | None = None) -> str:
    """This process's worker identity (a hex digest)."""
    env = os.environ if environ is None else environ
    digest = blake2b(digest_size=32)
    head = [commlint.__version__, sys.executable, sys.version, env.get("COMMLINT_WORKER_SALT", "")]
    digest.update("\0".join(head).encode())
    package = os.path.dirname(os.path.realpath(commlint.__file__))
    folders = [data.shipped_folder(name) for name in _DATA_FOLDERS]
    for root, suffix in [(package, ".py"), *((folder, "") for folder in folders)]:
        digest.update(f"\1{root}".encode())
        for line in sorted(_files(root, suffix)):
            digest.update(line.encode(errors="surrogateescape"))
    return digest.hexdigest()


def _files(root: str, suffix: str) -> Iterator[str]:
    """``name size mtime`` of every file under ``root`` ending in ``suffix``."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            yield f"{folder}\0unreadable\n"
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith(suffix):
                    info = entry.stat()
                    yield f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n"
            except OSError:
                yield f"{entry.path}\0gone\n"
