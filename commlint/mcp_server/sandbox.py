"""Least privilege for ``lint_file``: only regular files under the server's root are read.

A path is refused when the file it names lies outside the root once every ``..`` and
symbolic link is resolved (so a link inside the root that points out is refused too), and
when it is not a regular file (a folder, a device, a FIFO that would block the server).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from commlint.errors import InputError


class Root:
    """The folder the server may read from (resolved once, at start)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(os.path.realpath(folder))

    def resolve(self, path: str) -> tuple[Path, str]:
        """The real path of the file ``path`` names (relative paths are taken from the
        root) and how reports name it; an ``InputError`` saying why it may not be read."""
        if not isinstance(path, str) or not path.strip() or "\0" in path:
            raise InputError(repr(path), "expected the path of a file under the server's root")
        given = Path(os.path.expanduser(path))
        candidate = Path(os.path.normpath(given if given.is_absolute() else self.folder / given))
        real = Path(os.path.realpath(candidate))
        if not self.holds(real):
            why = "is outside" if not self.holds(candidate) else "leads (through a symbolic link) outside"
            raise InputError(path, f"{why} the server's root {self.folder}: lint_file reads only files under it "
                                   "(start the server with --root DIR to lint files elsewhere)")
        try:
            info = os.stat(real)
        except FileNotFoundError:
            raise InputError(path, f"no such file under the server's root {self.folder}") from None
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a folder: lint_file reads one file (call it once for each file)")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "is not a regular file")
        return real, self.display(candidate if self.holds(candidate) else real)

    def holds(self, path: Path) -> bool:
        """Is ``path`` (absolute, normalised) the root or inside it?"""
        return path == self.folder or self.folder in path.parents

    def display(self, path: Path) -> str:
        """``path`` as reports name it: relative to the root."""
        return os.path.relpath(path, self.folder) if self.holds(path) else str(path)
