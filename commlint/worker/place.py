"""Where this install's worker lives: a private folder (mode 0700, ours) holding its socket
(mode 0600), lock file (its pid; held while it runs) and log.

The folder is ``COMMLINT_RUNTIME_DIR`` if set, else ``$XDG_RUNTIME_DIR/commlint`` when that
runtime folder is usable, else ``worker/`` in commlint's cache folder. The file names carry
a digest of the Python executable and the package's folder, so two installs (two virtual
environments) each have their own worker instead of replacing each other's.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

import commlint
from commlint import paths

_MAX_SOCKET_PATH = 107  #: sun_path holds 108 bytes with the terminating NUL (Linux)


class Unusable(Exception):
    """The worker cannot be used here; the message says why, in a few words."""


class Place:
    """The files of one install's worker."""

    __slots__ = ("folder", "lock", "log", "socket")

    def __init__(self, folder: Path, socket: Path, lock: Path, log: Path) -> None:
        self.folder, self.socket, self.lock, self.log = folder, socket, lock, log


def install_key() -> str:
    """A short digest naming this install: the interpreter and the package's folder."""
    where = f"{sys.executable}\0{Path(commlint.__file__).resolve().parent}"
    return hashlib.sha256(where.encode()).hexdigest()[:12]


def locate(environ: Mapping[str, str] | None = None) -> Place:
    """The worker's files, creating the folder (mode 0700) when it is missing. Raises
    ``Unusable`` when the folder is not private to this user or the socket path is too long."""
    env = os.environ if environ is None else environ
    folder = private_folder(_folder(env))
    name = f"w-{install_key()}"
    place = Place(folder, folder / f"{name}.sock", folder / f"{name}.lock", folder / f"{name}.log")
    if len(os.fsencode(place.socket)) > _MAX_SOCKET_PATH:
        raise Unusable(f"worker socket path {place.socket} is longer than {_MAX_SOCKET_PATH} bytes")
    return place


def _folder(env: Mapping[str, str]) -> Path:
    override = env.get("COMMLINT_RUNTIME_DIR")
    if override:
        return Path(override).absolute()
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and _usable_runtime(Path(runtime)):
        return Path(runtime) / "commlint"
    from commlint.paths import cache_root

    return cache_root().absolute() / "worker"


def _usable_runtime(path: Path) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and os.access(path, os.W_OK | os.X_OK)


def private_folder(path: Path) -> Path:
    """``path``, created with mode 0700 if missing; ``Unusable`` unless it is a real folder
    (not a symbolic link) owned by this user and closed to everyone else."""
    try:
        return paths.private_folder(path, "worker folder")
    except paths.NotPrivate as exc:
        raise Unusable(str(exc)) from None
