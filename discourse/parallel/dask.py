"""Dask primitives: a cluster set up for CPU-bound passes, and the few ways work is sent to it.

What runs on the workers is the caller's: the tokenising kernel
(:mod:`discourse.tokenization.batch`), the store's group counts
(:func:`discourse.tokenization.store.partial_group_counts`) and LDA's E-step
(:mod:`discourse.models.lda`). This module only moves data and results.

Where the data live
-------------------
Large payloads go straight between the client and the workers
(``scatter(direct=True)``, ``gather(direct=True)``), not through the
scheduler, so the client must be able to reach the workers' addresses
(true on a LocalCluster and on most clusters; not behind a gateway that
only exposes the scheduler).

The client streams the corpus: texts to tokenise and bags of words for
LDA are sent to the workers in bounded batches, never held whole.
``TokenStore.group_counts(client=)`` does not ship counts: each worker reads its rows of
the document-term matrix from the token store's files, so the cache
folder (``$DISCOURSE_CACHE``) must be visible at the same path on every
worker. On a :class:`~dask.distributed.LocalCluster` it is; on a real
cluster put ``DISCOURSE_CACHE`` on a shared filesystem (NFS, Lustre, a
mounted bucket), or build the store on the client and copy its folder to
the same path on the workers.

Connecting to a cluster::

    from dask.distributed import Client
    import discourse
    client = Client("tcp://scheduler:8786")      # or Client(LocalCluster(...))
    corpus = discourse.datasets.ungdc.load()
    store = discourse.tokens(corpus, client=client)

The workers need the same ``discourse`` (and gensim/numpy) versions as
the client.

Settings for CPU-bound work
---------------------------
On one machine, :func:`local_client` starts a ``LocalCluster`` with
:data:`CPU_BOUND_CONFIG` (Dask's statistical profiler off, event-loop
checks once a second instead of 50 times). On a real cluster set the same
where the scheduler and the workers start, in their Dask config file or
environment::

    DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False
    DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL=1s
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._validation import positive_int
from ..errors import ParameterError

__all__ = [
    "CPU_BOUND_CONFIG",
    "broadcast",
    "check_client",
    "local_client",
    "map_ordered",
    "map_unordered",
    "n_workers",
    "scatter_to",
    "worker_addresses",
]

#: Dask settings for CPU-bound passes on few cores. Dask's statistical profiler
#: samples every worker thread 100 times a second and every server checks its
#: event loop 50 times a second: an idle 2-worker LocalCluster used 1.4 s of CPU
#: per 10 s, 0.3 s with these settings (the profiler off, the check once a second).
#: :func:`local_client` applies them; on a real cluster set them where the
#: workers start (see the module docstring).
CPU_BOUND_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


def check_client(client: Any) -> None:
    if not (hasattr(client, "submit") and hasattr(client, "scheduler_info")):
        raise ParameterError(
            f"client= must be a dask.distributed.Client, got {type(client).__name__}; "
            "create one with Client('tcp://scheduler:8786') or Client(LocalCluster())"
        )


def n_workers(client: Any) -> int:
    """Number of workers connected to the client's scheduler (at least 1)."""
    check_client(client)
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


def local_client(n_workers: int | None = None, **cluster_kwargs: Any) -> Any:
    """A ``Client`` on a new ``LocalCluster`` set up for the corpus pass; closing it closes both.

    One single-threaded worker process per core (tokenising is pure Python,
    so threads would share one interpreter lock), started with
    :data:`CPU_BOUND_CONFIG`. On 2 cores the corpus pass took 1.13-1.19× the
    time of ``processes=2`` this way and 0.99-1.42× with Dask's default
    settings (``make bench``, three runs of 3 interleaved rounds each).

    Parameters
    ----------
    n_workers : int, optional
        Worker processes (default: the number of cores).
    **cluster_kwargs
        Passed to ``dask.distributed.LocalCluster`` (``threads_per_worker``,
        ``memory_limit``, ``dashboard_address=None`` to start no dashboard, ...).

    Examples
    --------
    >>> client = discourse.parallel.local_client(2)            # doctest: +SKIP
    >>> store = discourse.tokens(corpus, client=client)        # doctest: +SKIP
    >>> client.close()                                         # doctest: +SKIP
    """
    import dask
    from dask.distributed import Client

    n = positive_int("n_workers", (os.cpu_count() or 1) if n_workers is None else n_workers)
    cluster_kwargs.setdefault("threads_per_worker", 1)
    cluster_kwargs.setdefault("processes", True)
    # read when the scheduler and the workers start: the workers get the config from their nanny
    with dask.config.set(CPU_BOUND_CONFIG):
        return Client(n_workers=n, **cluster_kwargs)


def worker_addresses(client: Any) -> list[str]:
    return sorted(client.scheduler_info(n_workers=-1).get("workers", {}))


def map_ordered(
    client: Any, fn: Callable, items: Iterable[Any], *args: Any, ahead: int | None = None
) -> Iterator[Any]:
    """``fn(item, *args)`` for each item on the cluster; yield the results in input order.

    Each item is sent straight to a worker (``scatter(direct=True)``,
    round-robin, not through the scheduler) and ``fn`` runs there on it. At
    most ``ahead`` items (default: twice the number of workers) are in
    flight, so the client's memory stays bounded however many items come.
    For the corpus pass, sending lists of strings through the scheduler
    instead cost about 30 % more time on a 2-worker LocalCluster (``bench/``,
    the Dask row): pack large items into few objects first.
    """
    check_client(client)
    workers = worker_addresses(client)
    ahead = ahead or 2 * max(1, len(workers))
    pending: deque = deque()
    try:
        for k, item in enumerate(items):
            target = [workers[k % len(workers)]] if workers else None
            # hash=False / pure=False: hashing megabytes of data for a key costs more than the task
            [data] = client.scatter([item], workers=target, hash=False, direct=True)
            pending.append(
                client.submit(fn, data, *args, workers=target, allow_other_workers=True, pure=False)
            )
            del data
            if len(pending) >= ahead:
                yield client.gather(pending.popleft(), direct=True)
        while pending:
            yield client.gather(pending.popleft(), direct=True)
    finally:
        for f in pending:
            f.cancel()


def map_unordered(client: Any, fn: Callable, tasks: Iterable[tuple]) -> Iterator[Any]:
    """``fn(*task)`` for every task on the cluster, yielded as each finishes (small arguments)."""
    from dask.distributed import as_completed

    check_client(client)
    futures = [client.submit(fn, *task, pure=False) for task in tasks]
    for fut in as_completed(futures):
        yield client.gather(fut, direct=True)
        fut.release()


def scatter_to(client: Any, value: Any, k: int) -> Any:
    """Send ``value`` straight to worker ``k`` (round-robin over the workers); its future."""
    workers = worker_addresses(client)
    target = [workers[k % len(workers)]] if workers else None
    [fut] = client.scatter([value], workers=target, hash=False, direct=True)
    return fut


def broadcast(client: Any, value: Any) -> Any:
    """Send ``value`` to every worker once; its future (to pass to ``client.submit``)."""
    [fut] = client.scatter([value], broadcast=True, hash=False)
    return fut
