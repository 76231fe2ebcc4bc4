"""Which inputs a run reads: files, folders (recursive, include/exclude globs) and stdin.

Walking a folder never raises: a folder that cannot be read and a symbolic link that leads
back into the folders above it are each reported as a problem, and the rest is walked.
"""
from __future__ import annotations

import dataclasses
import errno
import fnmatch
import glob
import os
import stat
from pathlib import Path, PurePath
from typing import Iterable, Iterator

from commlint.errors import InputError
from commlint.sources import default_include

STDIN = "-"
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"})
_LOOP = "symbolic link loop"


@dataclasses.dataclass(frozen=True)
class Input:
    """One thing to lint: ``display`` is how reports name it; ``path`` is None for stdin."""

    display: str
    path: Path | None
    explicit: bool = True  #: named on the command line (or by a glob), not found in a folder
    #: the file's status when the folder walk (or the command line) found it
    info: os.stat_result | None = dataclasses.field(default=None, compare=False, repr=False)


def discover(
    paths: Iterable[str], include: Iterable[str], exclude: Iterable[str], stdin_name: str = "<stdin>"
) -> tuple[list[Input], list[InputError]]:
    """Expand ``paths`` into inputs; problems are returned, not raised, so the rest still runs.

    A file reached twice (through a symbolic link, or named twice) is linted once."""
    wanted = tuple(include)
    include, exclude = wanted or default_include(), tuple(exclude)
    what = ", ".join(wanted) if wanted else "a format commlint reads (text, email, Markdown, HTML, helpdesk exports)"
    inputs: list[Input] = []
    errors: list[InputError] = []
    seen: set[tuple[int, int]] = set()

    def add(display: str, file: Path, info: os.stat_result, explicit: bool = True) -> None:
        identity = (info.st_dev, info.st_ino)  # one file, whatever links or spellings reach it
        if identity not in seen:
            seen.add(identity)
            inputs.append(Input(display, file, explicit, info))

    for raw in paths:
        if raw == STDIN:
            inputs.append(Input(stdin_name, None))
            continue
        path = Path(raw)
        info, problem = _stat(path)
        if info is None and problem == "no such file or folder" and glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                errors.append(InputError(raw, "no files match this pattern"))
            for match in matches:
                file = Path(match)
                found_info, _ = _stat(file)
                if found_info is not None and stat.S_ISREG(found_info.st_mode) and not _excluded(str(file), exclude):
                    add(match, file, found_info)
        elif info is None:
            errors.append(InputError(raw, problem))
        elif stat.S_ISDIR(info.st_mode):
            before = len(errors)
            top = str(path)
            found = [(f, i) for f, i in sorted(_walk(top, errors), key=_path_order)
                     if _wanted(_relative(f, top), include, exclude)]
            if not found and len(errors) == before:
                errors.append(InputError(raw, f"no files matching {what} in this folder"))
            for file, file_info in found:
                add(file, Path(file), file_info, explicit=False)
        elif stat.S_ISREG(info.st_mode):
            if not _excluded(str(path), exclude):
                add(raw, path, info)
        else:
            errors.append(InputError(raw, "is not a regular file or folder"))
    return inputs, errors


def _stat(path: str | Path) -> tuple[os.stat_result | None, str]:
    """``path``'s status (links followed), or None and why it cannot be had."""
    try:
        return os.stat(path), ""
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, _LOOP
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, "no such file or folder"
        return None, f"cannot read: {exc.strerror or exc}"


def _path_order(pair: tuple[str, os.stat_result]) -> tuple[str, ...]:
    """Files in the order ``Path`` sorts them: by their parts, so ``a/b`` comes before ``a-b``."""
    return tuple(pair[0].split(os.sep))


def _walk(top: str, problems: list[InputError]) -> Iterator[tuple[str, os.stat_result]]:
    """The regular files under ``top`` (symbolic links followed), depth first, with their
    status. Problems go to ``problems``: one per folder that cannot be read, one per link back to a folder
    above it. A folder reached again by another way is not walked twice. Paths are strings
    (``top`` joined with each name): a walk of thousands of files builds no ``Path``."""
    info, _ = _stat(top)
    if info is None:
        return
    key = (info.st_dev, info.st_ino)
    visited = {key}
    # each folder to walk, with the folders above it (identity -> path), to name a loop
    stack: list[tuple[str, dict[tuple[int, int], str]]] = [(top, {key: top})]
    while stack:
        folder, above = stack.pop()
        try:
            with os.scandir(folder) as entries:
                children = sorted((_join(folder, e.name), e.name, e.is_symlink()) for e in entries)
        except OSError as exc:
            problems.append(InputError(folder, f"cannot read this folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for child, name, is_link in children:
            info, problem = _stat(child)
            if info is None:
                if problem == _LOOP or not is_link:
                    problems.append(InputError(child, problem))
                continue  # otherwise a dangling link: nothing to lint
            if stat.S_ISREG(info.st_mode):
                yield child, info
            elif stat.S_ISDIR(info.st_mode) and name not in _SKIP_DIRS:
                key = (info.st_dev, info.st_ino)
                if key in above:
                    problems.append(InputError(child, f"{_LOOP}: it leads back to {above[key]}"))
                elif key not in visited:
                    visited.add(key)
                    subfolders.append((child, {**above, key: child}))
        stack.extend(reversed(subfolders))


def _join(folder: str, name: str) -> str:
    """``folder/name`` as ``Path`` would write it (no leading ``./``)."""
    return name if folder == "." else os.path.join(folder, name)


def _relative(file: str, top: str) -> str:
    """``file`` (found under ``top`` by ``_walk``) relative to ``top``."""
    return file if top == "." else file[len(top):].lstrip(os.sep)


def _wanted(relative: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    return _matches(relative, include) and not _excluded(relative, exclude)


def _excluded(path: str, exclude: tuple[str, ...]) -> bool:
    return bool(exclude) and _matches(path, exclude)


def _matches(path: str, globs: tuple[str, ...]) -> bool:
    """Whether ``path`` (as given, ``/`` or the system's separator) matches a glob: by its
    name, by the whole path, or (for a glob with a ``/``) by its trailing parts as
    ``PurePath.match`` matches them."""
    text = path.replace(os.sep, "/")
    name = text.rpartition("/")[2]
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(text, g) or ("/" in g and PurePath(text).match(g))
               for g in globs)
