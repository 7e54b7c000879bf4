"""Running the ingest's per-seed work on a Dask cluster (`newsarchive ingest --scheduler ADDRESS`).

Dask is an optional extra (`pip install newsarchive[dask]`). The seeds are sent in batches, so a
100,000-seed run is a few hundred tasks rather than 100,000; results come back in task order, so the
run's output is byte for byte the one a local run gives. The workers read the seed files and keep
the parsed articles at the paths the tasks name, so they must see the seed and content folders at
the same paths as the client (one machine, or a shared filesystem), as Dask's own file readers do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

BATCH = 64  # seeds per Dask task
IN_FLIGHT = 4  # batches queued per worker thread, so results stream instead of piling up


def run_batch(fn: Callable[[T], R], batch: Sequence[T]) -> list[R]:
    """One Dask task: fn over a batch of items."""
    return [fn(item) for item in batch]


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def connect(address: str) -> Any:
    """A Dask client for a scheduler address; a clear error when Dask is not installed."""
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--scheduler needs Dask: pip install 'newsarchive[dask]'") from None
    return Client(address, set_as_default=False)


def map_on_dask(fn: Callable[[T], R], tasks: Sequence[T], address: str, batch: int = BATCH) -> Iterator[R]:
    """fn over tasks on the Dask cluster at `address`, yielding results in task order.

    At most IN_FLIGHT batches per worker thread are submitted ahead of the one being collected,
    so neither the scheduler nor this process holds every result at once.
    """
    client = connect(address)
    try:
        threads = max(1, sum(client.nthreads().values()))
        window = threads * IN_FLIGHT
        pending = iter(batches(tasks, batch))
        futures = [client.submit(run_batch, fn, b, pure=False) for b in _take(pending, window)]
        log.debug("dask: %d tasks in batches of %d on %d threads", len(tasks), batch, threads)
        while futures:
            head = futures.pop(0)
            yield from head.result()
            head.release()
            futures.extend(client.submit(run_batch, fn, b, pure=False) for b in _take(pending, 1))
    finally:
        client.close()


def _take(items: Iterator[T], count: int) -> list[T]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) == count:
            break
    return taken
