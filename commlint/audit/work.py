"""What a Dask worker runs: one partition linted by the Linter of the run's configuration,
built once per worker process (the spaCy model loads once) and kept for its life."""
from __future__ import annotations

from typing import Any

import pyarrow as pa
from distributed.diagnostics.plugin import WorkerPlugin

from commlint.audit.archive import Partition
from commlint.audit.rows import partition_tables
from commlint.config import Config
from commlint.document.model import CHANNELS, Document
from commlint.lint.engine import Linter
from commlint.lint.pool import LinterPool
from commlint.lint.scoring import score_of, weights_of
from commlint.sources.plain import text_document

#: the Linters of this worker process, by configuration
_POOL = LinterPool(most=4)


def linter_of(config: Config) -> Linter:
    """This process's Linter for ``config`` (built on first use, then kept)."""
    return _POOL.get(config)


class WarmLinter(WorkerPlugin):
    """Loads the model and builds the rules on each worker as it joins, before its first
    partition (so a slow start is not counted as linting, and a bad pack fails at once)."""

    def __init__(self, config: Config, name: str) -> None:
        self.config = config
        self.name = name

    def setup(self, worker: Any) -> None:
        linter_of(self.config).warm()


def message_document(text: str | None, channel: str | None) -> Document:
    """A message as ``Linter.lint_many`` reads a text, on its own channel when the archive
    names one commlint knows (email, chat, ticket, kb; a configured channel still wins)."""
    known = (channel or "").strip().lower()
    return text_document(text or "", channel=known) if known in CHANNELS else text_document(text or "")


def lint_partition(config: Config, partition: Partition) -> tuple[pa.Table, pa.Table]:
    """The findings and messages tables of ``partition``, linted in this worker. The batches
    are ``Linter.lint_many``'s (``check_documents`` is what it streams through, and it also
    gives the message-level scores the score needs)."""
    linter = linter_of(config)
    values = partition.values
    documents = [message_document(t, c) for t, c in zip(values["text"], values["channel"])]
    found = list(linter.check_documents(documents))
    scores = [score_of(config, d, r) for d, r in zip(documents, found)]
    areas = [area for area, _ in weights_of(config).budgets]
    return partition_tables(partition.first, values, documents, found, scores, areas)
