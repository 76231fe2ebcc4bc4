"""The batch audit of a ticket archive on Dask (``commlint audit``, docs/audit.md).

An archive (CSV, JSONL or Parquet: an id, a text and optional author, channel and date)
is cut into partitions of fixed size that Dask workers lint, each with one Linter per
configuration kept for the worker's life; each finished partition is written as Parquet
(one row per finding, one per message) and recorded in a manifest, so an interrupted run
resumes where it stopped. The summary and the HTML report are built from the Parquet.

dask[distributed] and pyarrow are an optional extra (``pip install 'commlint[audit]'``);
nothing here imports them until a run starts, so ``missing()`` can say what to install.
"""
from __future__ import annotations

import importlib

#: the modules the audit needs, and the distribution each comes from
_NEEDS = (("distributed", "dask[distributed]"), ("pyarrow", "pyarrow"), ("pyarrow.parquet", "pyarrow"))


def missing() -> str | None:
    """One line saying what to install when the audit's dependencies are missing, else None."""
    absent = []
    for module, distribution in _NEEDS:
        try:
            importlib.import_module(module)
        except ImportError:
            if distribution not in absent:
                absent.append(distribution)
    if not absent:
        return None
    return (f"commlint audit needs {' and '.join(absent)}: pip install 'commlint[audit]' "
            f"(or pip install {' '.join(repr(a) if '[' in a else a for a in absent)})")
