"""A ticket archive: CSV, JSONL or Parquet with an id, a text and optional author, channel
and date, read as a stream of fixed-size partitions (never whole)."""
from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import itertools
import json
import sys
from pathlib import Path
from typing import Any, Iterator, Mapping

from commlint.errors import ConfigError, InputError

FORMATS = ("csv", "jsonl", "parquet")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
#: what each message has, in partition order; ``id`` and ``text`` are required
FIELDS = ("id", "text", "author", "channel", "date")
#: the column names looked for when a field's column is not given, first found wins
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",), "text": ("text", "body"), "author": ("author",), "channel": ("channel",), "date": ("date",),
}
_REQUIRED = ("id", "text")
_PARQUET_BATCH = 4096


@dataclasses.dataclass(frozen=True)
class Partition:
    """Messages ``first`` .. ``first + len - 1`` of the archive, one list per field."""

    index: int
    first: int  #: the archive row of the first message (0-based)
    values: dict[str, list[str | None]]

    def __len__(self) -> int:
        return len(self.values["text"])


@dataclasses.dataclass(frozen=True)
class Archive:
    """An archive file opened and checked: its format and, per field, its column (None:
    the archive has none)."""

    path: Path
    format: str
    columns: dict[str, str | None]

    def identity(self) -> dict[str, Any]:
        """What says this is the same archive: its size and the SHA-256 of its bytes."""
        digest = hashlib.sha256()
        try:
            with self.path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            size = self.path.stat().st_size
        except OSError as exc:
            raise InputError(str(self.path), f"cannot read: {exc.strerror or exc}") from None
        return {"path": str(self.path.resolve()), "format": self.format, "size": size, "sha256": digest.hexdigest()}

    def count(self) -> int:
        """How many messages it holds (for a progress bar): from a Parquet file's footer,
        counted in a first pass over CSV and JSONL."""
        if self.format == "parquet":
            return int(_parquet_file(self.path).metadata.num_rows)
        return sum(1 for _ in _READERS[self.format](self))

    def partitions(self, size: int) -> Iterator[Partition]:
        """The archive's messages, ``size`` at a time, in order."""
        rows = _READERS[self.format](self)
        for index in itertools.count():
            chunk = list(itertools.islice(rows, size))
            if not chunk:
                return
            values = {field: [row[n] for row in chunk] for n, field in enumerate(FIELDS)}
            yield Partition(index, index * size, values)


def open_archive(path: Path, fmt: str | None = None, columns: Mapping[str, str | None] | None = None) -> Archive:
    """The archive at ``path`` (format from ``fmt`` or the extension) with its columns
    resolved: ``columns`` names a field's column, else the defaults are looked for. A
    missing column is an ``InputError`` naming the file and the column."""
    where = str(path)
    if fmt is None:
        fmt = _EXTENSIONS.get(path.suffix.lower())
        if fmt is None:
            raise ConfigError(where, f"unknown archive format {path.suffix or '(no extension)'!r}: "
                                     "name it .csv, .jsonl or .parquet, or give --format")
    if fmt not in FORMATS:
        raise ConfigError(where, f"unknown archive format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if not path.is_file():
        raise InputError(where, "no such file" if not path.exists() else "is not a file")
    names = _HEADERS[fmt](path)
    given = dict(columns or {})
    resolved: dict[str, str | None] = {}
    for field in FIELDS:
        name = given.get(field)
        if name is not None:
            if name not in names:
                raise InputError(where, f"has no column {name!r} (its columns: {_listed(names)})")
            resolved[field] = name
            continue
        found = next((c for c in DEFAULT_COLUMNS[field] if c in names), None)
        if found is None and field in _REQUIRED:
            looked = " or ".join(repr(c) for c in DEFAULT_COLUMNS[field])
            raise InputError(where, f"has no column {looked} for the message {field} (its columns: {_listed(names)}); "
                                    f"name it with --{field}-column")
        resolved[field] = found
    return Archive(path, fmt, resolved)


def _listed(names: list[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:12])
    return (shown + ", ...") if len(names) > 12 else shown or "none"


def _value(value: Any) -> str | None:
    """A cell as text (ids and dates of any type; nested JSON as JSON)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


# -- CSV --------------------------------------------------------------------------------------


def _csv_reader(handle: io.TextIOWrapper) -> Any:
    csv.field_size_limit(sys.maxsize)  # a long ticket body is one field
    return csv.reader(handle)


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return next(_csv_reader(handle), [])
    except UnicodeDecodeError:
        raise InputError(str(path), "is not UTF-8 text") from None
    except csv.Error as exc:
        raise InputError(str(path), f"line 1: {exc}") from None


def _csv_rows(archive: Archive) -> Iterator[tuple[str | None, ...]]:
    where = str(archive.path)
    reader = None
    try:
        with archive.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = _csv_reader(handle)
            header = next(reader, [])
            at = [None if archive.columns[f] is None else header.index(archive.columns[f]) for f in FIELDS]
            for row in reader:
                if not row:
                    continue  # a blank line
                yield tuple(None if i is None or i >= len(row) else row[i] for i in at)
    except UnicodeDecodeError:
        line = f"line {reader.line_num + 1}" if reader is not None else "it"
        raise InputError(where, f"is not UTF-8 text ({line})") from None
    except csv.Error as exc:
        raise InputError(where, f"line {reader.line_num if reader is not None else 1}: {exc}") from None
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from None


# -- JSON Lines -----------------------------------------------------------------------------


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    where = str(path)
    number = 0
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(where, f"line {number} is not JSON ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise InputError(where, f"line {number} is not a JSON object")
                yield number, record
    except UnicodeDecodeError:
        raise InputError(where, f"is not UTF-8 text (line {number + 1})") from None
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from None


def _jsonl_header(path: Path) -> list[str]:
    first = next(_jsonl_records(path), None)
    return [] if first is None else list(first[1])


def _jsonl_rows(archive: Archive) -> Iterator[tuple[str | None, ...]]:
    names = [archive.columns[f] for f in FIELDS]
    for _, record in _jsonl_records(archive.path):
        yield tuple(None if name is None else _value(record.get(name)) for name in names)


# -- Parquet ----------------------------------------------------------------------------------


def _parquet_file(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(str(path), f"is not a readable Parquet file ({_arrow_problem(exc)})") from None


def _arrow_problem(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _parquet_header(path: Path) -> list[str]:
    return list(_parquet_file(path).schema_arrow.names)


def _parquet_rows(archive: Archive) -> Iterator[tuple[str | None, ...]]:
    import pyarrow as pa

    wanted = [c for c in dict.fromkeys(archive.columns[f] for f in FIELDS) if c is not None]
    names = [archive.columns[f] for f in FIELDS]
    try:
        for batch in _parquet_file(archive.path).iter_batches(batch_size=_PARQUET_BATCH, columns=wanted):
            columns = {name: [_value(v) for v in batch.column(name).to_pylist()] for name in wanted}
            empty = [None] * batch.num_rows
            yield from zip(*(empty if name is None else columns[name] for name in names))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(str(archive.path), f"is not a readable Parquet file ({_arrow_problem(exc)})") from None


_HEADERS = {"csv": _csv_header, "jsonl": _jsonl_header, "parquet": _parquet_header}
_READERS = {"csv": _csv_rows, "jsonl": _jsonl_rows, "parquet": _parquet_rows}
