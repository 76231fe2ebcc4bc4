"""One audit: archive -> partitions linted on Dask -> Parquet per partition (resumable)
-> summary.json and report.html."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping

from commlint import data
from commlint.atomic import write_atomic
from commlint.audit.archive import Archive, Partition, open_archive
from commlint.audit.cluster import connect, worker_count
from commlint.audit.store import REPORT, SUMMARY, Store
from commlint.audit.summary import build_summary, report_page_data
from commlint.config import Config
from commlint.errors import CommlintError, InputError
from commlint.lint.cache import fingerprint
from commlint.lint.rules import build_ruleset, data_folders
from commlint.lint.scoring import weights_of
from commlint.output.report import render_report

#: called with (messages written, messages in the archive or None when not known yet)
Progress = Callable[[int, "int | None"], None]


@dataclasses.dataclass(frozen=True)
class AuditOptions:
    """How to read the archive and where to lint it (the ``commlint audit`` options)."""

    fmt: str | None = None  #: csv | jsonl | parquet (default: by extension)
    columns: Mapping[str, str | None] = dataclasses.field(default_factory=dict)  #: field -> column name
    partition_size: int = 1000  #: messages per partition: the unit of work and of resuming
    workers: int = 2  #: local worker processes (without ``scheduler``)
    scheduler: str | None = None  #: ``tcp://host:port`` of a running Dask scheduler
    timeout: float = 10.0  #: seconds the scheduler has to answer
    restart: bool = False  #: discard an earlier audit in the output folder
    title: str = "commlint audit"
    shown: int = 200  #: messages shown in report.html, worst first


@dataclasses.dataclass(frozen=True)
class AuditRun:
    """What a run did: the summary, and what this run itself linted and how fast."""

    folder: Path
    summary: dict[str, Any]
    linted: int  #: messages linted by this run (not those of partitions written before)
    resumed: int  #: partitions already written by an earlier run
    workers: int  #: tasks the cluster ran at once
    start_seconds: float  #: starting the cluster and loading the model on every worker
    lint_seconds: float  #: from the first partition sent to the last written


def config_digest(config: Config) -> str:
    """What decides the findings besides the text: the configuration, the packs' and
    lexicons' bytes, the shipped models' (the tone model's weights), the versions of
    commlint, its libraries and the spaCy model."""
    try:
        model = metadata.version(config.model)
    except metadata.PackageNotFoundError:
        model = "-"
    digest = hashlib.sha256(f"{config!r}\0{fingerprint(sum(data_folders(config), []))}\0{model}".encode())
    for path in sorted(data.models_dir().rglob("*")) if data.models_dir().is_dir() else ():
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run_audit(archive_path: Path, folder: Path, config: Config, options: AuditOptions = AuditOptions(), *,
              generated: str = "", progress: Progress | None = None) -> AuditRun:
    """Audit the archive at ``archive_path`` into ``folder``, resuming an earlier run of the
    same job there. Raises a ``CommlintError`` (one line) for a bad archive, folder,
    scheduler or configuration; what was written before stays."""
    archive = open_archive(archive_path, options.fmt, options.columns)
    identity = archive.identity()
    job = {"archive": identity, "columns": archive.columns, "partition_size": options.partition_size,
           "config": config_digest(config)}
    build_ruleset(config)  # a bad pack is one line here, before any worker starts
    store = Store.open(folder, job, restart=options.restart)
    resumed = len(store.done)
    linted, workers, start_seconds, lint_seconds = 0, 0, 0.0, 0.0
    if not store.complete:
        total = archive.count() if progress is not None else None
        started = time.monotonic()
        with connect(options.scheduler, options.workers, options.timeout) as client:
            name = f"commlint-audit-{job['config'][:16]}"
            _warm(client, config, name)
            workers = worker_count(client)
            start_seconds = time.monotonic() - started
            started = time.monotonic()
            try:
                linted = _lint(client, archive, store, config, workers, progress, total)
            finally:
                _unregister(client, name)
            lint_seconds = time.monotonic() - started
        store.finish()
    areas = [area for area, _ in weights_of(config).budgets]
    summary, worst = build_summary(store, areas, dict(weights_of(config).budgets), options.shown)
    summary["generated"] = generated
    write_atomic(folder / SUMMARY, json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    data = report_page_data(summary, worst, archive=archive_path, title=options.title, generated=generated)
    write_atomic(folder / REPORT, render_report(data))
    return AuditRun(folder, summary, linted, resumed, workers, start_seconds, lint_seconds)


def _warm(client: Any, config: Config, name: str) -> None:
    """Load the model and build the rules on every worker (and on each that joins later)."""
    from commlint.audit.work import WarmLinter

    try:
        client.register_plugin(WarmLinter(config, name))
    except CommlintError:
        raise
    except Exception as exc:  # noqa: BLE001 - the worker's own error, as one line
        raise CommlintError("audit", f"the workers could not load commlint ({_problem(exc)})") from None


def _unregister(client: Any, name: str) -> None:
    """Take the run's plugin off a cluster that outlives it (a scheduler of the user's)."""
    try:
        client.unregister_worker_plugin(name)
    except Exception:  # noqa: BLE001 - a cluster already gone has nothing to take off
        pass


def _problem(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


def _lint(client: Any, archive: Archive, store: Store, config: Config, workers: int, progress: Progress | None,
          total: int | None) -> int:
    """Send each partition not yet written to the workers, a few ahead of those running,
    and write each as it comes back; the number of messages linted."""
    from distributed import as_completed

    from commlint.audit.work import lint_partition

    ahead = max(2, 2 * workers)
    pending: dict[Any, Partition] = {}
    written = sum(d["rows"] for d in store.done.values())
    linted = 0

    finished = as_completed(loop=client.loop)

    def collect(future: Any) -> None:
        nonlocal linted, written
        partition = pending.pop(future)
        try:
            findings, messages = future.result()
        except CommlintError:
            raise
        except Exception as exc:  # noqa: BLE001 - a worker's failure, as one line
            last = partition.first + len(partition) - 1
            raise CommlintError(str(archive.path), f"rows {partition.first}-{last} could not be linted: {_problem(exc)}") from None
        store.write(partition.index, findings, messages)
        linted += len(partition)
        written += len(partition)
        if progress is not None:
            progress(written, total)

    try:
        if progress is not None:
            progress(written, total)
        try:
            for partition in archive.partitions(store.job["partition_size"]):
                if store.has(partition.index, len(partition)):
                    continue
                future = client.submit(lint_partition, config, partition, pure=False)
                pending[future] = partition
                finished.add(future)
                while len(pending) >= ahead:
                    collect(next(finished))
        except InputError:  # the archive is bad further on: keep what was read before it
            while pending:
                collect(next(finished))
            raise
        while pending:
            collect(next(finished))
    finally:
        if pending:
            client.cancel(list(pending))
    return linted
