"""Where commlint keeps generated data on this machine."""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import TypeVar

    P = TypeVar("P", str, Path)


def cache_root() -> Path:
    """The user cache folder (``COMMLINT_CACHE_DIR`` overrides it)."""
    from pathlib import Path

    override = os.environ.get("COMMLINT_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("commlint"))


class NotPrivate(Exception):
    """A folder meant for this user's eyes only cannot be made or is open to others; the
    message says why, in a few words."""


def private_folder(path: P, what: str = "folder") -> P:
    """``path``, created with mode 0700 if missing; ``NotPrivate`` unless it is a real folder
    (not a symbolic link) owned by this user and closed to everyone else. ``what`` names the
    folder in the message ("grammar server folder")."""
    import stat

    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError as exc:
        raise NotPrivate(f"{what} {path} cannot be created ({exc.strerror or exc})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise NotPrivate(f"{what} {path} is not a folder")
    if info.st_uid != os.geteuid():
        raise NotPrivate(f"{what} {path} belongs to another user")
    if info.st_mode & 0o077:
        raise NotPrivate(f"{what} {path} is open to other users (mode {stat.S_IMODE(info.st_mode):04o})")
    return path
