"""Which inputs a run reads: files, folders (recursive, include/exclude globs) and stdin."""
from __future__ import annotations

import dataclasses
import fnmatch
import glob
from pathlib import Path
from typing import Iterable

from commlint.errors import InputError
from commlint.sources import default_include

STDIN = "-"
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"})


@dataclasses.dataclass(frozen=True)
class Input:
    """One thing to lint: ``display`` is how reports name it; ``path`` is None for stdin."""

    display: str
    path: Path | None


def discover(
    paths: Iterable[str], include: Iterable[str], exclude: Iterable[str], stdin_name: str = "<stdin>"
) -> tuple[list[Input], list[InputError]]:
    """Expand ``paths`` into inputs; problems are returned, not raised, so the rest still runs."""
    wanted = tuple(include)
    include, exclude = wanted or default_include(), tuple(exclude)
    what = ", ".join(wanted) if wanted else "a format commlint reads (text, email, Markdown, HTML, helpdesk exports)"
    inputs: list[Input] = []
    errors: list[InputError] = []
    seen: set[Path] = set()
    for raw in paths:
        if raw == STDIN:
            inputs.append(Input(stdin_name, None))
            continue
        path = Path(raw)
        if not path.exists() and glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                errors.append(InputError(raw, "no files match this pattern"))
            for match in matches:
                file = Path(match)
                if file.is_file() and not _excluded(file, exclude) and file.resolve() not in seen:
                    seen.add(file.resolve())
                    inputs.append(Input(match, file))
            continue
        if path.is_dir():
            found = [p for p in sorted(_walk(path)) if _wanted(p.relative_to(path), include, exclude)]
            if not found:
                errors.append(InputError(raw, f"no files matching {what} in this folder"))
            for file in found:
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    inputs.append(Input(str(file), file))
        elif path.is_file():
            if not _excluded(path, exclude) and path.resolve() not in seen:
                seen.add(path.resolve())
                inputs.append(Input(raw, path))
        elif path.exists():
            errors.append(InputError(raw, "is not a regular file or folder"))
        else:
            errors.append(InputError(raw, "no such file or folder"))
    return inputs, errors


def _walk(folder: Path) -> Iterable[Path]:
    for child in folder.iterdir():
        if child.is_dir():
            if child.name not in _SKIP_DIRS:
                yield from _walk(child)
        elif child.is_file():
            yield child


def _wanted(relative: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    return _matches(relative, include) and not _excluded(relative, exclude)


def _excluded(path: Path, exclude: tuple[str, ...]) -> bool:
    return bool(exclude) and _matches(path, exclude)


def _matches(path: Path, globs: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(path.name, g) or fnmatch.fnmatch(text, g) or path.match(g) for g in globs)
