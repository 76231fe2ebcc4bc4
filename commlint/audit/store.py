"""The audit's output folder: Parquet files per partition, each written atomically, and a
manifest of the partitions that are complete, so a rerun skips them (never twice, never
lost) and refuses to mix two archives or two configurations."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from commlint.atomic import write_atomic
from commlint.errors import ConfigError, InputError

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
REPORT = "report.html"
TABLES = ("findings", "messages")
_SCHEMA = "commlint-audit-manifest"
_VERSION = 1


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def parquet_bytes(table: pa.Table) -> bytes:
    """``table`` as the bytes of a Parquet file (zstd)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


class Store:
    """An audit's output folder for one job: the archive's identity, the options that cut
    it into partitions and the configuration's digest (``job``)."""

    def __init__(self, folder: Path, job: dict[str, Any], done: dict[int, dict[str, int]], complete: bool,
                 clear: bool = False) -> None:
        self.folder = folder
        self.job = job
        self.done = done  #: partition -> {"rows": messages, "findings": findings}
        self.complete = complete
        self._stale = clear  #: an earlier audit is still there, to remove before the first write (--restart)

    @classmethod
    def open(cls, folder: Path, job: dict[str, Any], restart: bool = False) -> "Store":
        """The store at ``folder``: resumed when its manifest is for ``job``, new when the
        folder is new or empty (or ``restart``); anything else is refused in one line."""
        where = str(folder)
        if folder.exists() and not folder.is_dir():
            raise ConfigError(where, "is a file: give a folder for the audit's output")
        manifest = folder / MANIFEST
        if restart and manifest.is_file():  # cleared when the first new partition is written, not before
            return cls(folder, job, {}, False, clear=True)
        if not manifest.is_file():
            if folder.is_dir() and not _only_parts(folder):
                raise ConfigError(where, f"is not empty and holds no audit ({MANIFEST}): give a new or empty folder")
            # the manifest is written with the first partition (parts a killed run left before it are removed then)
            return cls(folder, job, {}, False, clear=folder.is_dir())
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            done = {int(k): {"rows": int(v["rows"]), "findings": int(v["findings"])} for k, v in data["partitions"].items()}
            old = data["job"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(str(manifest), f"is damaged ({type(exc).__name__}); rerun with --restart to start over") from None
        problem = _mismatch(old, job)
        if problem:
            raise ConfigError(where, f"{problem}: rerun with --restart to start over (or give another folder)")
        for table in TABLES:  # what a killed run was writing: never renamed into place
            for stale in (folder / table).glob(".part-*.tmp"):
                stale.unlink(missing_ok=True)
        # a partition whose files are gone is done again, not lost
        done = {i: d for i, d in done.items() if all((folder / t / part_name(i)).is_file() for t in TABLES)}
        return cls(folder, job, done, bool(data.get("complete")) and len(done) == len(data["partitions"]))

    def has(self, index: int, rows: int) -> bool:
        """Is partition ``index`` (of ``rows`` messages) already written?"""
        entry = self.done.get(index)
        return entry is not None and entry["rows"] == rows

    def write(self, index: int, findings: pa.Table, messages: pa.Table) -> None:
        """Write partition ``index``'s tables (each atomically), then record it."""
        self._cleared()
        for name, table in zip(TABLES, (findings, messages)):
            write_atomic(self.folder / name / part_name(index), parquet_bytes(table))
        self.done[index] = {"rows": messages.num_rows, "findings": findings.num_rows}
        self._save()

    def finish(self) -> None:
        """Record that every partition of the archive is written."""
        self._cleared()
        self.complete = True
        self._save()

    def files(self, table: str) -> list[Path]:
        """The Parquet files of ``table`` (findings or messages), complete partitions only."""
        return [self.folder / table / part_name(i) for i in sorted(self.done)]

    def _cleared(self) -> None:
        if self._stale:
            _clear(self.folder)
            self._stale = False

    def _save(self) -> None:
        data = {
            "schema": _SCHEMA, "version": _VERSION, "job": self.job, "complete": self.complete,
            "messages": sum(d["rows"] for d in self.done.values()),
            "partitions": {str(i): self.done[i] for i in sorted(self.done)},
        }
        write_atomic(self.folder / MANIFEST, json.dumps(data, indent=1) + "\n")


def _mismatch(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Why an audit of ``old`` cannot be resumed as ``new`` (None: it can)."""
    a, b = old.get("archive", {}), new["archive"]
    if a.get("sha256") != b["sha256"] or a.get("size") != b["size"]:
        return (f"holds the audit of another archive ({a.get('path')}, {a.get('size')} bytes), "
                f"or the archive changed since")
    if old.get("config") != new["config"]:
        return "was audited with another configuration (settings, rules, packs or commlint version changed since)"
    for key, label in (("format", "format"), ("columns", "columns"), ("partition_size", "--partition-size")):
        then, now = (a if key == "format" else old).get(key), (b if key == "format" else new)[key]
        if then != now:
            return f"was audited with other options ({label} {then} then, {now} now)"
    return None


def _only_parts(folder: Path) -> bool:
    """Does ``folder`` hold nothing but partition files of an audit (or nothing)?"""
    for entry in folder.iterdir():
        if entry.name not in TABLES or not entry.is_dir():
            return False
        if any(not (p.name.startswith("part-") or p.name.startswith(".part-")) for p in entry.iterdir()):
            return False
    return True


def _clear(folder: Path) -> None:
    """Remove what an audit wrote in ``folder`` (only its own files)."""
    for table in TABLES:
        for path in (folder / table).glob("*part-*.parquet*"):
            path.unlink(missing_ok=True)
    for name in (SUMMARY, REPORT, MANIFEST):
        (folder / name).unlink(missing_ok=True)
