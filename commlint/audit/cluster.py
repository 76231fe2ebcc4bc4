"""Where the audit runs: a local Dask cluster on 127.0.0.1 (worker processes, one thread
each), or a running scheduler the user names. Nothing else is contacted."""
from __future__ import annotations

import contextlib
import logging
from typing import Any, Iterator

from commlint.errors import CommlintError


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int, timeout: float) -> Iterator[Any]:
    """A ``distributed.Client``: of a new ``LocalCluster`` of ``workers`` processes bound to
    127.0.0.1 (its HTTP endpoints too; no dashboard), its logs silenced (a failure reaches
    the run through its task), or of the scheduler at ``scheduler``
    (``tcp://host:port``), which must answer within ``timeout`` seconds. Closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            problem = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise CommlintError(scheduler, f"cannot reach the Dask scheduler ({problem})") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", protocol="tcp",
        dashboard_address="127.0.0.1:0", worker_dashboard_address=None, silence_logs=logging.CRITICAL,
    )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def worker_count(client: Any) -> int:
    """How many tasks the cluster runs at once now: its worker threads (at least 1, as a
    scheduler may still be waiting for its workers)."""
    return max(1, sum(client.nthreads().values()))
