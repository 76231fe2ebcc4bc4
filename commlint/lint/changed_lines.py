"""``--diff-base REF``: keep only the findings on lines changed since a git revision.

The changed lines of a file are the added and rewritten lines of ``git diff -U0 REF``
against the working tree (renames followed); a file git does not track counts as wholly
changed. Each file's repository is found from its folder, so inputs from several
repositories (or submodules) work in one run. Git runs with a list of arguments, never a
shell. An item of a helpdesk export has its own lines (inside its body), so an export that
changed is read again as it was at REF and each item's body is compared with its old body
(matched by id and field): only findings on the item's changed lines are kept, and an item
that is new keeps them all (docs/baseline.md).
"""
from __future__ import annotations

import dataclasses
import difflib
import os
import re
import subprocess
from pathlib import Path
from typing import Callable, Iterable

from commlint.document.model import Document
from commlint.errors import CommlintError, ConfigError, InputError
from commlint.findings.model import Finding
from commlint.findings.results import FileResult
from commlint.sources import read_documents

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_TIMEOUT = 120
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r"}
#: how a reader turns the old bytes of an export into documents: (bytes, name) -> documents
ReadOld = Callable[[bytes, str], list[Document]]
ALL = None  #: "every line changed" (an untracked or new file)


def _git(args: list[str], folder: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C folder ARGS`` (no shell, no pager, no colour)."""
    command = ["git", "-C", folder, "-c", "core.quotepath=off", *args]
    env = {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(command, capture_output=True, timeout=_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ConfigError("--diff-base", "git is not installed (or not on PATH)") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError("--diff-base", f"cannot run git: {exc}") from None


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    text = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[-1].removeprefix("fatal: ").strip() if text else f"git exited with status {proc.returncode}"


def _unquote(name: str) -> str:
    """A path as git prints it in a diff header: C-quoted (``"a\\tb\\303\\251"``) when it
    holds odd characters, with a trailing tab when it holds a space."""
    name = name.rstrip("\t")
    if len(name) < 2 or name[0] != '"' or name[-1] != '"':
        return name
    out = bytearray()
    body, i = name[1:-1], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            code = body[i + 1]
            if code in "01234567":
                out.append(int(body[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
            out += _ESCAPES.get(code, code).encode("utf-8", "surrogateescape")
            i += 2
            continue
        out += char.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_diff(text: str) -> dict[str, set[int]]:
    """The new-side line numbers each file's hunks add or rewrite in ``git diff -U0`` output,
    by path relative to the repository root (deleted files are left out)."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target.rstrip("\t") == "/dev/null" else changed.setdefault(_unquote(target)[2:], set())
        elif line.startswith("diff --git "):
            current = None
        elif current is not None and line.startswith("@@"):
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    return changed


@dataclasses.dataclass
class _Repository:
    """What one repository says about REF: its changed lines and its tracked files."""

    top: str
    commit: str
    changed: dict[str, set[int]]
    tracked: set[str]

    def relative(self, file: Path) -> str:
        return Path(os.path.relpath(os.path.realpath(file), self.top)).as_posix()

    def lines(self, file: Path) -> set[int] | None:
        """The changed lines of ``file`` (empty: unchanged; ``ALL``: untracked)."""
        relative = self.relative(file)
        if relative not in self.tracked:
            return ALL
        return self.changed.get(relative, set())

    def old_bytes(self, file: Path) -> bytes | None:
        """The file as it was at REF (None: it did not exist then)."""
        proc = _git(["show", f"{self.commit}:{self.relative(file)}"], self.top)
        return proc.stdout if proc.returncode == 0 else None


class ChangedLines:
    """Finds, per input file, the lines changed since ``ref`` (one git run per repository)."""

    def __init__(self, ref: str) -> None:
        if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
            raise ConfigError("--diff-base", f"{ref!r} is not a git revision")
        self.ref = ref
        self._tops: dict[str, str | None] = {}
        self._repos: dict[str, _Repository] = {}

    def repository(self, file: Path) -> _Repository | None:
        """The repository holding ``file`` (None: it is in none)."""
        folder = os.path.dirname(os.path.realpath(file))
        if folder not in self._tops:
            proc = _git(["rev-parse", "--show-toplevel"], folder)
            self._tops[folder] = proc.stdout.decode("utf-8", "surrogateescape").strip() if proc.returncode == 0 else None
        top = self._tops[folder]
        if top is None:
            return None
        if top not in self._repos:
            self._repos[top] = self._load(top)
        return self._repos[top]

    def _load(self, top: str) -> _Repository:
        proc = _git(["rev-parse", "--verify", "--quiet", f"{self.ref}^{{commit}}"], top)
        if proc.returncode != 0:
            raise ConfigError("--diff-base", f"{self.ref!r} is not a commit in the git repository {top}")
        commit = proc.stdout.decode().strip()
        diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "-M", commit, "--"], top)
        if diff.returncode != 0:
            raise ConfigError("--diff-base", f"git diff {self.ref} failed in {top}: {_stderr(diff)}")
        files = _git(["ls-files", "-z", "--full-name"], top)
        if files.returncode != 0:
            raise ConfigError("--diff-base", f"git ls-files failed in {top}: {_stderr(files)}")
        tracked = {p for p in files.stdout.decode("utf-8", "surrogateescape").split("\0") if p}
        return _Repository(top, commit, parse_diff(diff.stdout.decode("utf-8", "surrogateescape")), tracked)


def _span(finding: Finding) -> range:
    """The lines a finding covers (an end at the start of a line does not cover that line)."""
    end = max(finding.end_line, finding.line)
    if end > finding.line and finding.end_column == 1:
        end -= 1
    return range(finding.line, end + 1)


def _keep(result: FileResult, lines: set[int] | None) -> FileResult:
    if lines is ALL:
        return result
    kept = tuple(f for f in result.findings if any(n in lines for n in _span(f)))
    return result if len(kept) == len(result.findings) else dataclasses.replace(result, findings=kept)


def item_lines(old: str | None, new: str) -> set[int] | None:
    """The lines of an item's body ``new`` that are not in its old body (``ALL``: no old body)."""
    if old is None:
        return ALL
    changed: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(j1 + 1, j2 + 1))
    return changed


def _old_items(documents: list[Document]) -> dict[tuple[str, str], str]:
    """An export's items as they were, by (id, field) and by id alone when that is unique."""
    out: dict[tuple[str, str], str] = {}
    ids: dict[str, list[str]] = {}
    for document in documents:
        if document.origin is not None:
            out[(document.origin.id, document.origin.field)] = document.text
            ids.setdefault(document.origin.id, []).append(document.text)
    for item, texts in ids.items():
        if len(texts) == 1:
            out.setdefault((item, ""), texts[0])
    return out


def changed_only(
    results: Iterable[FileResult], ref: str, read_old: ReadOld = read_documents, stdin_name: str | None = None
) -> list[FileResult]:
    """``results`` with only the findings on lines changed since ``ref``. A file in no git
    repository becomes an error result (exit 2; the other files are still reported);
    standard input keeps its findings (it has no file to compare with). A bad ref or
    missing git raises ``ConfigError``."""
    changes = ChangedLines(ref)
    olds: dict[str, dict[tuple[str, str], str] | None] = {}
    out = []
    for result in results:
        if result.error is not None or result.path == stdin_name:
            out.append(result)
            continue
        file = Path(result.path)
        repository = changes.repository(file)
        if repository is None:
            error = InputError(result.path, f"is not in a git repository (--diff-base {ref})")
            out.append(FileResult(result.path, error=error))
            continue
        lines = repository.lines(file)
        if result.origin is not None and lines:  # an item of a changed export: compare bodies
            if result.path not in olds:
                olds[result.path] = _read_old(repository, file, result.path, read_old)
            items = olds[result.path]
            if items is None:
                lines = ALL
            else:
                old = items.get((result.origin.id, result.origin.field), items.get((result.origin.id, "")))
                lines = item_lines(old, result.text)
        out.append(_keep(result, lines) if result.findings else result)
    return out


def _read_old(repository: _Repository, file: Path, name: str, read_old: ReadOld) -> dict[tuple[str, str], str] | None:
    """The items of an export as it was at REF (None: new then, or unreadable as an export)."""
    data = repository.old_bytes(file)
    if data is None:
        return None
    try:
        return _old_items(read_old(data, name))
    except CommlintError:
        return None
