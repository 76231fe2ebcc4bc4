"""``--fix`` and ``--diff`` over a check run's inputs: each file with fixes to apply is
fixed, written back atomically (or shown as a unified diff), and its findings are those
that remain. Standard input is fixed onto standard output."""
from __future__ import annotations

import dataclasses
import difflib
import os
import stat
from typing import Callable, Sequence

from commlint.atomic import write_atomic
from commlint.config import Config
from commlint.errors import CommlintError, InputError, NotThisFormat
from commlint.findings.fixes import wanted_fixes
from commlint.findings.results import FileResult
from commlint.lint.cache import fingerprint
from commlint.lint.engine import Linter
from commlint.lint.files import Input
from commlint.lint.rules import data_folders
from commlint.lint.runner import file_result, read_input
from commlint.nlp.doc_cache import DocCache
from commlint.output.fix.codec import codec_of
from commlint.output.fix.source import FixedSource, fix_source
from commlint.sources import reader_for


@dataclasses.dataclass
class FixRun:
    """What fixing gave: the results to report (remaining findings), the diffs (``--diff``),
    the fixed standard input, the counts and the notices (path, notice)."""

    results: list[FileResult]
    diffs: list[str] = dataclasses.field(default_factory=list)
    stdout: bytes | None = None
    applied: int = 0
    files: int = 0
    notices: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def summary(self, write: bool) -> str:
        """``N fixes applied in M files (K remaining)``, or what ``--diff`` would apply."""
        remaining = sum(len(r.findings) for r in self.results)
        fixes = f"{self.applied} fix{'es' if self.applied != 1 else ''}"
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        verb = "applied" if write else "would be applied"
        return f"{fixes} {verb} in {files} ({remaining} finding{'s' if remaining != 1 else ''} remaining)"


def fix_inputs(
    inputs: Sequence[Input],
    linted: Sequence[FileResult],
    *,
    config_for: Callable[[Input], Config],
    unsafe: bool = False,
    write: bool = True,
    doc_cache: DocCache | None = None,
    linter_for: Callable[[Config, str], Linter] | None = None,
) -> FixRun:
    """Fix ``inputs`` whose results in ``linted`` (the check run's, in input order; standard
    input is not in them) have fixes to apply; the rest keep their results. With ``write``
    fixed files are written back, else each change is a diff in ``FixRun.diffs``."""
    by_path: dict[str, list[FileResult]] = {}
    for result in linted:
        by_path.setdefault(result.path, []).append(result)
    linters: dict[Config, Linter] = {}

    def linter_of(config: Config) -> Linter:
        if config not in linters:
            if linter_for is not None:
                linters[config] = linter_for(config, fingerprint([*sum(data_folders(config), [])]))
            else:
                linters[config] = Linter(config, doc_cache=doc_cache)
        return linters[config]

    run = FixRun(results=[])
    for item in inputs:
        before = by_path.get(item.display, [])
        if item.path is not None and not any(wanted_fixes(r.findings, unsafe) for r in before if r.error is None):
            run.results.extend(before)
            continue
        try:
            config = config_for(item)
            data = read_input(item, config.max_file_size)
            linter = linter_of(config)
            fixed = fix_source(data, item.display if item.path is None else item.path.name,
                               lambda docs, linter=linter: list(linter.check_documents(docs)), unsafe=unsafe,
                               input_format=config.input_format)
        except NotThisFormat as exc:
            run.results.append(FileResult(item.display, error=InputError(item.display, exc.problem)))
            continue
        except CommlintError as exc:
            run.results.append(FileResult(item.display, error=exc))
            continue
        run.notices += [(item.display, n) for n in fixed.notices]
        if item.path is None and write:
            run.stdout = fixed.fixed
        if fixed.changed and write and item.path is not None:
            try:
                write_back(item.path, fixed.fixed)
            except OSError as exc:  # the file is as it was: so are its findings
                run.results.extend(before)
                run.results.append(FileResult(item.display, error=InputError(
                    item.display, f"cannot write the fixes: {exc.strerror or exc}; the file is unchanged")))
                continue
        run.results.extend(_results(item.display, fixed, config))
        if fixed.changed:
            run.applied += fixed.applied
            run.files += 1
            if not write:
                run.diffs.append(unified_diff(item.display, fixed, reader_for(fixed.name, config.input_format).name))
    return run


def write_back(path: os.PathLike, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically, keeping its mode."""
    from pathlib import Path

    target = Path(path)
    write_atomic(target, data, mode=stat.S_IMODE(target.stat().st_mode))


def unified_diff(display: str, fixed: FixedSource, reader: str) -> str:
    """The unified diff of a fix, as ``diff -u`` prints it (line ends kept)."""
    codec = codec_of(fixed.original, reader)
    before = codec.decode(fixed.original).splitlines(keepends=True)
    after = codec.decode(fixed.fixed).splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, fromfile=display, tofile=display)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _results(display: str, fixed: FixedSource, config: Config) -> list[FileResult]:
    """The results of the fixed source, as the check run reports them."""
    if not any(d.text.strip() for d in fixed.documents):
        return [FileResult(display, notice="empty file, nothing to lint")]
    return [file_result(display, d, r, config) for d, r in zip(fixed.documents, fixed.found)]