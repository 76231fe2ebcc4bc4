"""Where this install's worker lives: a private folder (mode 0700, ours) holding its socket
(mode 0600), lock file (its pid; held while it runs) and log.

The folder is ``COMMLINT_RUNTIME_DIR`` if set, else ``$XDG_RUNTIME_DIR/commlint`` when that
runtime folder is usable, else ``worker/`` in commlint's cache folder. The file names carry
a digest of the Python executable and the package's folder, so two installs (two virtual
environments) each have their own worker instead of replacing each other's.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping

import commlint
from commlint import paths
from commlint.worker.digest import blake2b

_MAX_SOCKET_PATH = 107  #: sun_path holds 108 bytes with the terminating NUL (Linux)


class Unusable(Exception):
    """The worker cannot be used here; the message says why, in a few words."""


class Place:
    """The files of one install's worker, as plain paths (the client that reads them does
    without ``pathlib``)."""

    __slots__ = ("folder", "lock", "log", "socket")

    def __init__(self, folder: str, socket: str, lock: str, log: str) -> None:
        self.folder, self.socket, self.lock, self.log = folder, socket, lock, log


def install_key() -> str:
    """A short digest naming this install: the interpreter and the package's folder."""
    where = f"{sys.executable}\0{os.path.dirname(os.path.realpath(commlint.__file__))}"
    return blake2b(where.encode(), digest_size=6).hexdigest()


def locate(environ: Mapping[str, str] | None = None) -> Place:
    """The worker's files, creating the folder (mode 0700) when it is missing. Raises
    ``Unusable`` when the folder is not private to this user or the socket path is too long."""
    env = os.environ if environ is None else environ
    folder = private_folder(_folder(env))
    name = f"w-{install_key()}"
    place = Place(folder, *(os.path.join(folder, f"{name}.{end}") for end in ("sock", "lock", "log")))
    if len(os.fsencode(place.socket)) > _MAX_SOCKET_PATH:
        raise Unusable(f"worker socket path {place.socket} is longer than {_MAX_SOCKET_PATH} bytes")
    return place


def _folder(env: Mapping[str, str]) -> str:
    override = env.get("COMMLINT_RUNTIME_DIR")
    if override:
        return os.path.abspath(override)
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and _usable_runtime(runtime):
        return os.path.join(runtime, "commlint")
    from commlint.paths import cache_root

    return os.path.join(os.path.abspath(cache_root()), "worker")


def _usable_runtime(path: str) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and os.access(path, os.W_OK | os.X_OK)


def private_folder(path: str) -> str:
    """``path``, created with mode 0700 if missing; ``Unusable`` unless it is a real folder
    (not a symbolic link) owned by this user and closed to everyone else."""
    try:
        return paths.private_folder(path, "worker folder")
    except paths.NotPrivate as exc:
        raise Unusable(str(exc)) from None
