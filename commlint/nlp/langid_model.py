"""py3langid's model as compact arrays in one cache file, mapped into memory, not loaded.

py3langid unpacks its model (an LZMA-compressed npz) into about 75 MB of arrays and
Python lists on every start, with about 30 MB more while it decompresses. Here the arrays
are written once to a file in the user cache (40 MB) and each process maps it read-only:
pages no text reaches are not read, and processes on the machine share the ones that are.
The byte-level DFA (38,000 distinct rows of 256 next states, 37 MB dense) is stored as
each row's differences from the start state's row, 56 a row on average (11 MB); the walk
over it counts the same features as ``py3langid.langid.visit_counts``. Everything else
is py3langid's own ``LanguageIdentifier`` over the same values, so the verdicts are the
same (tests/test_memory_footprint.py compares them).
"""
from __future__ import annotations

import json
import mmap
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from commlint.atomic import write_atomic
from commlint.nlp import child_build
from commlint.paths import cache_root

FORMAT = 2  #: the file layout; part of the file name
_MAGIC = b"commlint-langid 2\n"
_ALIGN = 64


def identifier() -> Any:  # -> py3langid.langid.LanguageIdentifier
    """py3langid's identifier (normalised probabilities) over the mapped model."""
    path = _cache_file()
    try:
        return _mapped(path)
    except (ValueError, KeyError):
        child_build.discard(path)  # written by a crashed run: write it again
    except OSError:
        pass  # missing
    # in a child: unpacking py3langid's model costs about 100 MB this process would keep
    if child_build.ensure_built(path, "commlint.nlp.langid_model"):
        try:
            return _mapped(path)
        except (OSError, ValueError, KeyError):
            pass
    return _identifier(_arrays())  # a read-only cache: the arrays in memory, as py3langid has them


def build(path: Path) -> None:
    """Write the mapped model file to ``path`` (and remove those of other versions)."""
    write_atomic(path, _layout(_arrays()), durable=False)
    _remove_others(path)


def _cache_file() -> Path:
    """The file of this py3langid version and model, in this machine's byte order."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    model = MODEL_DIR / MODEL_FILE
    info = model.stat()
    name = f"langid-{FORMAT}-{py3langid.__version__}-{info.st_size}-{info.st_mtime_ns}-{sys.byteorder}.bin"
    return cache_root() / "langid" / name


def _arrays() -> dict[str, Any]:
    """The model's arrays, as py3langid loads them, in the layout the identifier reads."""
    import numpy
    from py3langid.langid import MODEL_DIR, MODEL_FILE, _load_model_file

    ptc, pc, classes, nextmove, row, output = _load_model_file(MODEL_DIR / MODEL_FILE)
    rows = numpy.frombuffer(nextmove, dtype=_dtype(nextmove.typecode)).reshape(-1, 256)
    state_row = numpy.frombuffer(row, dtype=_dtype(row.typecode))
    root = rows[state_row[0]]
    differs = rows != root  # a row mostly goes where the start state's row goes
    return {
        "classes": list(classes),
        "ptc": numpy.ascontiguousarray(ptc),
        "pc": numpy.ascontiguousarray(pc),
        "root": numpy.ascontiguousarray(root, dtype=numpy.uint32),
        "state_row": numpy.ascontiguousarray(state_row, dtype=numpy.uint32),
        "starts": numpy.concatenate([[0], numpy.cumsum(differs.sum(axis=1))]).astype(numpy.uint32),
        "bytes": numpy.nonzero(differs)[1].astype(numpy.uint8),  # row by row, in byte order
        "targets": numpy.ascontiguousarray(rows[differs], dtype=numpy.uint32),
        "output": numpy.asarray(output, dtype=numpy.int32),
    }


def _dtype(typecode: str) -> Any:
    import numpy

    return numpy.dtype({"H": numpy.uint16, "I": numpy.uint32, "L": numpy.uint64}[typecode])


def _layout(arrays: dict[str, Any]) -> Iterator[bytes | memoryview]:
    """The file: magic, a JSON header line (each array's dtype, shape and offset from the
    end of the header), then the arrays, each starting on a multiple of 64 bytes."""
    sections, offset = {}, 0
    for name, value in arrays.items():
        if name == "classes":
            continue
        sections[name] = {"dtype": value.dtype.str, "shape": list(value.shape), "offset": offset}
        offset += -(-value.nbytes // _ALIGN) * _ALIGN
    head = json.dumps({"classes": arrays["classes"], "arrays": sections}).encode() + b"\n"
    yield _MAGIC + head + b"\0" * (-(len(_MAGIC) + len(head)) % _ALIGN)
    for name in sections:
        data = memoryview(arrays[name]).cast("B")
        yield data
        yield b"\0" * (-len(data) % _ALIGN)


def _mapped(path: Path) -> Any:
    """The identifier over ``path``, mapped read-only (ValueError when it is not whole)."""
    import numpy

    with open(path, "rb") as handle:
        view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if view[: len(_MAGIC)] != _MAGIC:
        raise ValueError("not a langid model file")
    end = view.find(b"\n", len(_MAGIC))
    head = json.loads(view[len(_MAGIC):end])
    base = -(-(end + 1) // _ALIGN) * _ALIGN
    arrays: dict[str, Any] = {"classes": head["classes"]}
    for name, section in head["arrays"].items():
        dtype = numpy.dtype(section["dtype"])
        count = int(numpy.prod(section["shape"]))
        if base + section["offset"] + count * dtype.itemsize > len(view):
            raise ValueError("langid model file is truncated")
        arrays[name] = numpy.frombuffer(view, dtype, count, base + section["offset"]).reshape(section["shape"])
    return _identifier(arrays)


def _identifier(arrays: dict[str, Any]) -> Any:
    """A ``LanguageIdentifier`` reading the arrays in place: the DFA tables as memoryviews
    (indexed one byte of text at a time, they give plain ints, as py3langid's own arrays
    and lists do), the weights as numpy arrays."""
    from py3langid.langid import LanguageIdentifier

    def flat(name: str) -> memoryview:
        value = arrays[name]
        return memoryview(value).cast("B").cast(value.dtype.char)

    class Compact(LanguageIdentifier):
        """py3langid's identifier walking the transitions stored as exceptions to the start
        state's row (a tenth of the dense table), with the same counts."""

        __slots__ = ("_walk",)

        def __init__(self) -> None:
            super().__init__(arrays["ptc"], arrays["pc"], list(arrays["classes"]), [], flat("output"),
                             norm_probs=True, tk_row=[])
            self._walk = _Walk(flat("root"), flat("state_row"), flat("starts"), memoryview(arrays["bytes"]).cast("B").tobytes(),
                               flat("targets"), self.tk_output)

        def _raw_score(self, text: bytes) -> Any:
            import numpy

            visits = self._walk.visits(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return numpy.full(len(self.nb_classes), 0.0, dtype=numpy.float32)  # norm_probs: no features, no lean

    return Compact()


class _Walk:
    """The DFA walk of ``py3langid.langid.visit_counts`` over the compact tables."""

    def __init__(self, root: memoryview, state_row: memoryview, starts: memoryview, moves: bytes,
                 targets: memoryview, output: Any) -> None:
        self._root, self._row, self._starts, self._moves, self._targets, self._out = (
            root, state_row, starts, moves, targets, output)

    def visits(self, text: bytes) -> Counter[int] | None:
        """Feature counts of ``text`` (UTF-8 bytes); None when it holds none."""
        root, state_row, starts, find, targets, out = (
            self._root, self._row, self._starts, self._moves.find, self._targets, self._out)
        state, found = 0, []
        for letter in text:
            row = state_row[state]
            at = find(letter, starts[row], starts[row + 1])
            state = targets[at] if at >= 0 else root[letter]
            feature = out[state]
            if feature >= 0:
                found.append(feature)
        return Counter(found) if found else None


def _remove_others(keep: Path) -> None:
    """Files of other py3langid versions or layouts: no run reads them again."""
    for other in keep.parent.glob("langid-*.bin"):
        if other != keep:
            try:
                other.unlink()
            except OSError:
                pass
