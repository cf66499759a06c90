"""Where independent tasks run: in this process, on spawned worker processes, or on Dask.

Every analysis that offers parallelism takes ``processes=`` (worker
processes on this machine) or ``client=`` (a ``dask.distributed.Client``)
and hands its tasks to one :class:`Executor`, so the three ways of running
behave alike: results come back in input order, at most ``ahead`` tasks are
in flight (bounded memory), and the work done is the same whichever way it
runs. Worker processes are *spawned*, not forked: safe in a Jupyter kernel
(which runs threads), each imports ``discourse`` afresh.

=========================  ===================================================
:class:`Executor`          ``Executor(processes=2)``, ``Executor(client=c)``
:func:`local_client`       a ``Client`` on a ``LocalCluster`` set up for
                           CPU-bound passes (:data:`CPU_BOUND_CONFIG`)
:func:`n_workers`          workers connected to a client
:mod:`.dask`               the Dask primitives (scatter straight to workers,
                           ordered and unordered maps)
=========================  ===================================================
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .._validation import positive_int
from ..errors import ParameterError
from . import dask
from .dask import CPU_BOUND_CONFIG, local_client, n_workers

__all__ = ["CPU_BOUND_CONFIG", "Executor", "dask", "local_client", "n_workers"]


class Executor:
    """Run ``fn(item, *args)`` over items serially, on spawned processes, or on a Dask cluster.

    Parameters
    ----------
    processes : int, default 1
        Worker processes on this machine (1: run in this process).
    client : dask.distributed.Client, optional
        Run on this cluster instead (``processes`` must then stay 1).
    initializer, initargs
        Run once in each spawned worker process before its first task (for
        data every task needs, sent once per process rather than per task).
        Refused with ``client=``; in this process it runs once at start.

    Examples
    --------
    >>> with Executor(processes=1) as ex:
    ...     list(ex.map(pow, [2, 3], 2))
    [4, 9]
    """

    def __init__(
        self,
        *,
        processes: int = 1,
        client: Any = None,
        initializer: Callable | None = None,
        initargs: tuple = (),
    ):
        self.processes = positive_int("processes", processes)
        if client is not None:
            dask.check_client(client)
            if processes != 1:
                raise ParameterError(
                    f"processes={processes} and client= both ask for workers; give one of them"
                )
            if initializer is not None:
                raise ParameterError("initializer= runs in local worker processes, not on Dask")
        self.client = client
        self._pool: ProcessPoolExecutor | None = None
        self._initializer, self._initargs = initializer, initargs
        if client is None and self.processes == 1 and initializer is not None:
            initializer(*initargs)

    @property
    def kind(self) -> str:
        """``"serial"``, ``"processes"`` or ``"dask"``."""
        if self.client is not None:
            return "dask"
        return "processes" if self.processes > 1 else "serial"

    @property
    def n_workers(self) -> int:
        return n_workers(self.client) if self.client is not None else self.processes

    def _local_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=self._initializer,
                initargs=self._initargs,
            )
        return self._pool

    def map(
        self, fn: Callable, items: Iterable[Any], *args: Any, ahead: int | None = None
    ) -> Iterator[Any]:
        """``fn(item, *args)`` for each item, yielded in input order.

        Items are consumed lazily; at most ``ahead`` (default: twice the
        workers) are in flight. On Dask each item goes straight to a worker
        (:func:`discourse.parallel.dask.map_ordered`): pack large items into
        one object each.
        """
        kind = self.kind
        if kind == "serial":
            return (fn(item, *args) for item in items)
        ahead = positive_int("ahead", ahead) if ahead is not None else 2 * self.n_workers
        if kind == "dask":
            return dask.map_ordered(self.client, fn, items, *args, ahead=ahead)
        return self._ordered(fn, items, args, ahead)

    def _ordered(self, fn: Callable, items: Iterable[Any], args: tuple, ahead: int) -> Iterator:
        pool = self._local_pool()
        pending: deque = deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item, *args))
                if len(pending) >= ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()

    def close(self) -> None:
        """Stop the worker processes this executor started (a Dask client stays open)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Executor {self.kind}, {self.n_workers} worker(s)>"
