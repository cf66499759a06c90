"""Where independent tasks run: in this process, on local worker processes, or on Dask.

Every analysis that offers parallelism takes ``processes=`` (worker
processes on this machine) or ``client=`` (a ``dask.distributed.Client``)
and hands its tasks to one :class:`Executor`, so the three ways of running
behave alike: results come back in input order, at most ``ahead`` tasks are
in flight (bounded memory), and the work done is the same whichever way it
runs. Local workers are forked from a fork server that has imported what
the tasks need, where the platform has one, and spawned elsewhere; both are
safe in a Jupyter kernel (which runs threads) (see :mod:`.processes`).

=========================  ===================================================
:class:`Executor`          ``Executor(processes=2)``, ``Executor(client=c)``
:func:`local_client`       a ``Client`` on a ``LocalCluster`` set up for
                           CPU-bound passes (:data:`CPU_BOUND_CONFIG`)
:func:`n_workers`          workers connected to a client
:mod:`.processes`          how local workers start (:data:`START_METHOD`),
                           what their fork server preloads
:mod:`.dask`               the Dask primitives (scatter straight to workers,
                           ordered and unordered maps)
=========================  ===================================================
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .._validation import positive_int
from ..errors import ParameterError, WorkerError
from . import dask, processes
from .dask import CPU_BOUND_CONFIG, local_client, n_workers
from .processes import START_METHOD

__all__ = [
    "CPU_BOUND_CONFIG",
    "START_METHOD",
    "Executor",
    "dask",
    "local_client",
    "n_workers",
    "processes",
]


class Executor:
    """Run ``fn(item, *args)`` over items serially, on local worker processes, or on a Dask cluster.

    Local workers start the :data:`START_METHOD` way: forked from a fork
    server where the platform has one (Linux, macOS), spawned elsewhere.
    The fork server is a fresh process started once per Python session
    that imports the task's modules (those defining ``fn`` and
    ``initializer``, and ``preload``) before it forks the workers, so they
    start ready and each does not import numpy, trafilatura or
    ``discourse`` again; it is safe in a Jupyter kernel and with threads
    running, as spawn is (a plain fork is not). The server keeps the
    modules of the first pool of the session; workers of a later pool
    import whatever else they need. Each worker gets the caller's
    environment as of the pool's start.

    Parameters
    ----------
    processes : int, default 1
        Worker processes on this machine (1: run in this process).
    client : dask.distributed.Client, optional
        Run on this cluster instead (``processes`` must then stay 1).
    initializer, initargs
        Run once in each worker process before its first task (for
        data every task needs, sent once per process rather than per task).
        Refused with ``client=``; in this process it runs once at start.
    preload : iterable of str
        Modules the tasks import lazily (heavy optional dependencies such as
        ``"trafilatura"``), for the fork server to import once; the modules
        of ``fn`` and ``initializer`` are added. Only what the tasks use:
        every worker forks with all of it loaded. Ignored when workers are
        spawned, serially and on Dask.

    Raises
    ------
    WorkerError
        From ``map`` when a worker process dies (killed, out of memory, a
        crash in compiled code): the message names the function and the
        tasks in flight. An exception raised by ``fn`` itself comes back
        as that exception.

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
        preload: Iterable[str] = (),
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
        modules = (preload,) if isinstance(preload, str) else tuple(preload)
        if isinstance(preload, str) or not all(isinstance(m, str) for m in modules):
            raise ParameterError(
                f"preload= is a list of module names such as ['trafilatura'], got {preload!r}"
            )
        self.client = client
        self.preload = modules
        self._pool: ProcessPoolExecutor | None = None
        self._ready = threading.Event()
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

    @property
    def start_method(self) -> str | None:
        """How local workers start (:data:`START_METHOD`); ``None`` serially and on Dask."""
        return START_METHOD if self.kind == "processes" else None

    def _local_pool(self, fn: Callable) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = processes.process_pool(
                self.processes,
                fn=fn,
                initializer=self._initializer,
                initargs=self._initargs,
                preload=self.preload,
            )
            # the first worker starts in the background: items are read meanwhile
            self._ready = processes.warm_up(self._pool)
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
        pool = self._local_pool(fn)
        pending: deque = deque()  # (task number, item, future), in input order
        unsent: list = []  # items read while the first worker starts (up to ``ahead``)
        try:
            for i, item in enumerate(items):
                unsent.append((i, item))
                if self._ready.is_set() or len(unsent) + len(pending) >= ahead:
                    self._submit(pool, fn, args, unsent, pending)
                if len(pending) >= ahead:
                    yield self._result(fn, pending)
            self._submit(pool, fn, args, unsent, pending)
            while pending:
                yield self._result(fn, pending)
        finally:
            for _, _, f in pending:
                f.cancel()

    def _submit(
        self, pool: ProcessPoolExecutor, fn: Callable, args: tuple, unsent: list, pending: deque
    ) -> None:
        while unsent:
            i, item = unsent[0]
            try:
                future = pool.submit(fn, item, *args)
            except BrokenProcessPool as exc:  # broken before this task was sent
                self._broken(fn, [(j, x) for j, x, _ in pending] + unsent, exc)
            pending.append((i, item, future))
            unsent.pop(0)

    def _result(self, fn: Callable, pending: deque) -> Any:
        i, item, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self._broken(fn, [(i, item)] + [(j, x) for j, x, _ in pending], exc)

    def _broken(self, fn: Callable, in_flight: list, exc: BaseException) -> None:
        self._pool, pool = None, self._pool  # the next map starts a fresh pool
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise WorkerError(
            processes.crash_message(fn, in_flight, self.processes, self._initializer)
        ) from exc

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
