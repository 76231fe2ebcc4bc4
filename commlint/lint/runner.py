"""Lint many inputs: read each into documents, reuse cached results, lint the rest (in one
process or several), report per-file problems and keep going."""
from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, Sized

from commlint.config import Config
from commlint.document.model import Document
from commlint.errors import CommlintError, CommlintOutput, InputError, NotThisFormat
from commlint.findings.results import DocumentFindings, FileResult
from commlint.grammar import choose
from commlint.lint.cache import ResultCache, fingerprint
from commlint.lint.rules import data_folders
from commlint.lint.engine import Linter
from commlint.lint.files import Input
from commlint.lint.recent import RecentResults, stamp
from commlint.lint.scoring import score_of
from commlint.nlp.doc_cache import DocCache
from commlint.sources import reader_for

_CHUNK = 16
#: a run with less text to lint than this stays in one process: starting another costs
#: about as much as linting this much (a forked process shares the loaded model, but
#: still pays for the fork and for its first batches)
PARALLEL_CHARS = 400_000
#: characters of read text after which what was read is linted before reading on: a run
#: holds the documents of one window at a time, not of every input
WINDOW_CHARS = 1_000_000


def read_input(item: Input, limit: int | None = None) -> bytes:
    """The bytes of ``item``, or an ``InputError`` explaining why they cannot be read."""
    try:
        if item.path is None:
            data = sys.stdin.buffer.read(limit + 1 if limit else -1)
        else:
            with open(item.path, "rb") as stream:
                check_size(item.display, os.fstat(stream.fileno()).st_size, limit)
                data = stream.read()
    except OSError as exc:
        raise InputError(item.display, f"cannot read: {exc.strerror or exc}") from None
    check_size(item.display, len(data), limit)
    return data


def check_size(display: str, size: int, limit: int | None) -> None:
    """Refuse an input of ``size`` bytes over the configured ``limit`` (max_file_size)."""
    if limit and size > limit:
        raise InputError(display, f"is larger than the {limit / 1_000_000:g} MB limit (max_file_size)")


def _remember(recent: RecentResults | None, results: list[FileResult], *keys: tuple | None) -> None:
    """Keep ``results`` in ``recent`` (when there is one) under each key that is not None."""
    if recent is not None:
        for key in keys:
            if key is not None:
                recent.put(key, results)


@dataclasses.dataclass
class _Pending:
    """An input whose documents still need linting."""

    item: Input
    key: str
    documents: list[Document]
    config: Config
    seen: tuple[str, str, str, Config]  #: its key in ``RecentResults``
    stamp: tuple | None = None  #: its key there by its file's status (``recent.stamp``)


def lint_inputs(
    config: Config,
    inputs: Iterable[Input],
    *,
    linter: Linter | None = None,
    cache: ResultCache | None = None,
    jobs: int | None = 1,
    config_for: Callable[[Input], Config] | None = None,
    doc_cache: DocCache | None = None,
    linter_for: Callable[[Config, str], Linter] | None = None,
    progress: Callable[[int, int], None] | None = None,
    recent: RecentResults | None = None,
) -> list[FileResult]:
    """Results for ``inputs``, in order (one per document: an export gives one per item).

    ``config_for`` gives the configuration of each input (found beside the file); by
    default every input uses ``config``. One Linter is built per distinct configuration,
    and only when some input is not in ``cache``; with ``jobs`` > 1 the documents are
    linted by that many processes, forked from this one once its Linter is ready (so they
    share its model and rules). ``jobs=None`` means: the usable cores when there is at least
    ``PARALLEL_CHARS`` of text to lint, else one process. The Linters built here keep
    analysed segments in ``doc_cache`` (a given ``linter`` keeps its own). ``linter_for``
    gives the Linter of a configuration and the digest of its packs (a process that keeps
    Linters between runs); by default one is built per configuration. ``progress`` is
    called with (documents linted, documents to lint) before linting and as it goes.
    Inputs are read and linted a window (``WINDOW_CHARS`` of text) at a time, so only one
    window's documents are held; the inputs not read yet count one document each in the
    total until they are read.
    ``recent`` (a long-lived process, with ``cache``) answers inputs seen before with the
    same bytes, name and configuration, before their documents are read."""
    results: list[list[FileResult] | None] = []
    pending: list[tuple[int, _Pending]] = []
    packs_digest: dict[Config, str] = {}
    run = _Run(linter, cache, jobs, doc_cache, linter_for, progress, recent, packs_digest, results)
    unread, window = (len(inputs) if isinstance(inputs, Sized) else 0), 0
    for item in inputs:
        unread -= 1
        if window >= WINDOW_CHARS:  # lint what was read before reading more: memory stays bounded
            run.lint(pending, more=max(unread + 1, 0))
            pending, window = [], 0
        try:
            item_config = config_for(item) if config_for is not None else config
            if item_config not in packs_digest:  # a nested config may add packs: their content is in the key
                # and so is the engine `grammar: auto` stands for now (an install changes findings)
                engine = choose(item_config.grammar, item_config.grammar_url)
                packs_digest[item_config] = fingerprint([*sum(data_folders(item_config), [])]) + f"\0grammar={engine}"
            status = stamp(item, (packs_digest[item_config], item_config)) if recent is not None and cache is not None else None
            hit = recent.get(status) if recent is not None and status is not None else None
            if hit is not None:  # unchanged since a recent run (size, times, inode): not read again
                results.append(hit)
                continue
            data = read_input(item, item_config.max_file_size)
            name = item.display if item.path is None else item.path.name
            reader = reader_for(name, item_config.input_format)
            key = hashlib.sha256(reader.name.encode() + b"\0" + packs_digest[item_config].encode() + b"\0" + data).hexdigest()
            seen = (key, name, item.display, item_config)
            hit = recent.get(seen) if recent is not None and cache is not None else None
            if hit is not None:
                results.append(hit)
                _remember(recent, hit, status)
                continue
            documents = reader.read(data, name)
        except NotThisFormat as exc:
            if isinstance(exc, CommlintOutput) and not item.explicit:
                continue  # a baseline or report beside the files it is about: not worth a line
            if item.explicit and not isinstance(exc, CommlintOutput):
                results.append(_unreadable(item, exc.problem))
            else:  # found in a folder: a help centre holds other JSON and CSV files too
                results.append([FileResult(item.display, notice=f"not linted: {exc.problem}")])
            continue
        except InputError as exc:
            results.append(_unreadable(item, exc.problem))
            continue
        except CommlintError as exc:  # this file's configuration is bad: the others still run
            results.append([FileResult(item.display, error=exc)])
            continue
        except Exception as exc:  # noqa: BLE001 - a reader's bug, not the user's: one line, and the run goes on
            problem = f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"
            results.append(_unreadable(item, problem))
            continue
        if not any(d.text.strip() for d in documents):
            results.append([FileResult(item.display, notice="empty file, nothing to lint")])
            continue
        cached = cache.get(key, item_config) if cache is not None else None
        if cached is not None and len(cached) == len(documents):
            results.append(_file_results(item, documents, cached, item_config))
            _remember(recent, results[-1], seen, status)
            continue
        results.append(None)
        pending.append((len(results) - 1, _Pending(item, key, documents, item_config, seen, status)))
        window += sum(len(d.text) for d in documents)
    try:
        run.lint(pending)
    finally:
        run.close()
    return [r for rs in results if rs is not None for r in rs]


class _Run:
    """The linting side of one ``lint_inputs`` call, fed a window of read inputs at a time:
    one Linter per configuration, and for a configuration linted in several processes one
    pool, kept from window to window (forked once, from the warm Linter)."""

    def __init__(
        self, linter: Linter | None, cache: ResultCache | None, jobs: int | None, doc_cache: DocCache | None,
        linter_for: Callable[[Config, str], Linter] | None, progress: Callable[[int, int], None] | None,
        recent: RecentResults | None, packs_digest: dict[Config, str], results: list[list[FileResult] | None],
    ) -> None:
        self._linter, self._cache, self._jobs, self._doc_cache = linter, cache, jobs, doc_cache
        self._linter_for, self._progress, self._recent = linter_for, progress, recent
        self._digest, self._results = packs_digest, results
        self._linters: dict[Config, Linter] = {}
        self._pools: dict[Config, _Pool | None] = {}  #: None: linted in this process
        self.done = 0  #: documents linted
        self.waiting = 0  #: documents read and not linted yet

    def lint(self, pending: list[tuple[int, _Pending]], more: int = 0) -> None:
        """Lint ``pending`` and put its results in place. ``more``: inputs still to read
        (each counted as one document to lint in the progress total)."""
        self.waiting = sum(len(p.documents) for _, p in pending)
        total = self.done + self.waiting + more
        if self._progress is not None and self.waiting:
            self._progress(self.done, total)
        for item_config in dict.fromkeys(p.config for _, p in pending):
            group = [(i, p) for i, p in pending if p.config == item_config]
            documents = [d for _, p in group for d in p.documents]
            use = self._linter_of(item_config)
            if item_config not in self._pools:  # decided on the first window: the whole run when it is the only one
                processes = _processes(self._jobs, documents)
                self._pools[item_config] = _Pool(use, processes) if processes > 1 else None
            pool = self._pools[item_config]
            tick = None if self._progress is None else (lambda n, base=self.done, t=total: self._progress(base + n, t))
            found = _counted(pool.lint(documents) if pool is not None else use.check_documents(documents), tick)
            self.done += len(documents)
            position = 0
            for index, p in group:
                mine = found[position : position + len(p.documents)]
                position += len(p.documents)
                self._results[index] = linted = _file_results(p.item, p.documents, mine, item_config)
                if self._cache is not None and not any(r.notices or r.unavailable for r in mine):  # a rule stopped or an engine missing: run again next time
                    self._cache.put(p.key, item_config, mine)
                    _remember(self._recent, linted, p.seen, p.stamp)
        self.waiting = 0

    def _linter_of(self, config: Config) -> Linter:
        use = self._linters.get(config)
        if use is None:
            use = self._linter if self._linter is not None and self._linter.config == config else None
            if use is None:
                use = self._linter_for(config, self._digest[config]) if self._linter_for else Linter(config, doc_cache=self._doc_cache)
            self._linters[config] = use
        return use

    def close(self) -> None:
        """Stop the pools' processes."""
        for pool in self._pools.values():
            if pool is not None:
                pool.close()


def _unreadable(item: Input, problem: str) -> list[FileResult]:
    """The result of an input that could not be read, named as the user named it."""
    return [FileResult(item.display, error=InputError(item.display, problem))]


def file_result(display: str, document: Document, found: DocumentFindings, config: Config) -> FileResult:
    """What linting ``document`` (named ``display``) under ``config`` gave, as reports show it:
    its findings, suppressed findings, skipped regions, notices, scores and 0-100 score."""
    return FileResult(
        display, document.text, found.findings, origin=document.origin, suppressed=found.suppressed,
        skipped=document.skipped, notices=document.notices + found.notices, scores=found.scores,
        unavailable=found.unavailable, score=score_of(config, document, found),
    )


def _file_results(item: Input, documents: list[Document], found: list[DocumentFindings], config: Config) -> list[FileResult]:
    return [file_result(item.display, d, r, config) for d, r in zip(documents, found)]


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _processes(jobs: int | None, documents: list[Document]) -> int:
    """How many processes lint ``documents``."""
    if jobs is None:
        if sum(len(d.text) for d in documents) < PARALLEL_CHARS:
            return 1
        jobs = usable_cores()
    if jobs <= 1 or len(documents) <= _CHUNK or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(jobs, -(-len(documents) // _CHUNK))


def _counted(found: Iterable[DocumentFindings], tick: Callable[[int], None] | None) -> list[DocumentFindings]:
    """``found`` as a list, calling ``tick`` with the count so far after each one."""
    out: list[DocumentFindings] = []
    for one in found:
        out.append(one)
        if tick is not None:
            tick(len(out))
    return out


class _Pool:
    """``jobs`` processes forked once ``linter`` has loaded its model and compiled its
    rules: they start warm and share that memory."""

    def __init__(self, linter: Linter, jobs: int) -> None:
        linter.warm()
        self._config = linter.config
        _worker_linter[linter.config] = linter  # until close: the processes are forked on first use
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))

    def lint(self, documents: list[Document]) -> Iterator[DocumentFindings]:
        """Findings of ``documents``, in order, linted a chunk at a time by the processes."""
        chunks = [documents[i : i + _CHUNK] for i in range(0, len(documents), _CHUNK)]
        return (found for chunk in self._pool.map(_lint_chunk, [self._config] * len(chunks), chunks) for found in chunk)

    def close(self) -> None:
        self._pool.shutdown()
        _worker_linter.pop(self._config, None)


_worker_linter: dict[Config, Linter] = {}


def _lint_chunk(config: Config, documents: list[Document]) -> list[DocumentFindings]:
    """In a forked process: lint ``documents`` with the Linter it inherited (or one built
    on first use)."""
    linter = _worker_linter.get(config)
    if linter is None:
        linter = _worker_linter[config] = Linter(config)
    return list(linter.check_documents(documents))


__all__ = ["CommlintError", "FileResult", "file_result", "lint_inputs", "read_input"]
