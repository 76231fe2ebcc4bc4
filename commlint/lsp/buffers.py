"""The open buffers: their text as the client has it, their version, and the file name
that picks their reader."""
from __future__ import annotations

import dataclasses
from pathlib import Path, PurePath

from pygls.uris import to_fs_path, urlparse

from commlint.config.model import CONFIG_NAMES, PYPROJECT

#: the file name an untitled buffer is read as, by its language id
_UNTITLED_NAMES = {"markdown": "untitled.md", "html": "untitled.html", "email": "untitled.eml", "eml": "untitled.eml"}


@dataclasses.dataclass(frozen=True)
class Buffer:
    """One open buffer at one version. ``path`` is None for a buffer with no file (untitled)."""

    uri: str
    text: str
    version: int | None
    language_id: str = ""

    @property
    def path(self) -> Path | None:
        if not self.uri.startswith("file:"):
            return None
        fs_path = to_fs_path(self.uri)
        return Path(fs_path) if fs_path else None

    @property
    def name(self) -> str:
        """The file name whose extension picks the reader (``.md``: Markdown, ``.txt``: a reply)."""
        path = self.path
        if path is not None:
            return path.name
        tail = PurePath(urlparse(self.uri)[2] or "").name
        if PurePath(tail).suffix:
            return tail
        return _UNTITLED_NAMES.get(self.language_id, "untitled.txt")

    @property
    def is_config(self) -> bool:
        """Is this buffer a commlint configuration file (not prose to lint)?"""
        path = self.path
        return path is not None and (path.name in CONFIG_NAMES or path.name == PYPROJECT)


class Buffers:
    """The buffers the client has open, by URI."""

    def __init__(self) -> None:
        self._open: dict[str, Buffer] = {}

    def open(self, buffer: Buffer) -> None:
        self._open[buffer.uri] = buffer

    def update(self, uri: str, text: str, version: int | None) -> Buffer | None:
        """The buffer at ``uri`` with its new text; None when it is not open."""
        old = self._open.get(uri)
        if old is None:
            return None
        new = self._open[uri] = dataclasses.replace(old, text=text, version=version)
        return new

    def close(self, uri: str) -> None:
        self._open.pop(uri, None)

    def get(self, uri: str) -> Buffer | None:
        return self._open.get(uri)

    def all(self) -> list[Buffer]:
        return list(self._open.values())

    def is_current(self, buffer: Buffer) -> bool:
        """Is ``buffer`` still the open version of its URI (no edit or close since)?"""
        now = self._open.get(buffer.uri)
        return now is not None and now.version == buffer.version and now.text == buffer.text
