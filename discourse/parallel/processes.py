"""Worker processes on this machine: how they start, what they import first, how a crash reads.

Where the platform has one (Linux, macOS), workers are forked from a *fork
server*: a fresh, single-threaded process that multiprocessing starts once
per Python session, which imports the modules the tasks need and forks
each worker from itself, so a worker starts in milliseconds with those
modules loaded instead of importing them itself. Forking from the server,
not from the caller, stays safe in a Jupyter kernel and with threads
running. Elsewhere (Windows) workers are spawned and each imports what
it needs.

What the server imports is :func:`task_modules`: the modules that define
the task function and the initializer (a worker must import them anyway to
unpickle the task) and the caller's ``preload=`` list (the heavy modules
those functions import lazily, such as trafilatura for WARC extraction),
and this module (where every forked worker starts, :func:`start_worker`,
which brings ``discourse`` itself), so nothing is preloaded that the task
does not use. The server of a
session is started by its first pool and keeps that first pool's modules;
a later pool whose tasks need other modules forks from it all the same
and its workers import the rest themselves, as spawned workers would.

A forked worker inherits the server's environment, which is the caller's
environment when the server started; :func:`start_worker` sets the
caller's environment as it is when the pool starts, so a ``DISCOURSE_*``
variable set in between is seen, as with spawned workers.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = [
    "START_METHOD",
    "crash_message",
    "describe",
    "process_pool",
    "server_modules",
    "start_worker",
    "task_modules",
    "warm_up",
]

#: How worker processes start here: ``"forkserver"`` where the platform has it, else ``"spawn"``.
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"

_SERVER: dict[str, tuple[str, ...] | None] = {
    "modules": None
}  # what this session's server preloads
_LOCK = threading.Lock()


def _importable(name: str) -> bool:
    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def task_modules(
    fn: Callable | None, initializer: Callable | None = None, preload: Iterable[str] = ()
) -> tuple[str, ...]:
    """The modules a worker imports for these tasks: ``preload``, then those defining the functions.

    ``__main__`` and built-ins are left out (a worker imports its own main
    module as spawn does), and so is a name that cannot be found: the
    server never imports it, and the task reports the missing module when
    it runs.
    """
    names = [str(n) for n in preload]
    for f in (fn, initializer):
        f = getattr(f, "func", f)  # functools.partial
        mod = getattr(f, "__module__", None)
        if mod and mod not in ("__main__", "builtins") and mod in sys.modules:
            names.append(mod)
    return tuple(n for n in dict.fromkeys(names) if _importable(n))


def start_worker(environ: dict[str, str], initializer: Callable | None, initargs: tuple) -> None:
    """First call in a forked worker: the caller's environment as of the pool's start, then ``initializer``."""
    for key in set(os.environ) - set(environ):
        del os.environ[key]
    os.environ.update(environ)
    if initializer is not None:
        initializer(*initargs)


def process_pool(
    n: int,
    *,
    fn: Callable | None,
    initializer: Callable | None = None,
    initargs: tuple = (),
    preload: Iterable[str] = (),
) -> ProcessPoolExecutor:
    """A pool of ``n`` workers started the :data:`START_METHOD` way, for tasks ``fn``."""
    ctx = multiprocessing.get_context(START_METHOD)
    if START_METHOD != "forkserver":
        return ProcessPoolExecutor(
            max_workers=n, mp_context=ctx, initializer=initializer, initargs=initargs
        )
    with _LOCK:
        if _SERVER["modules"] is None:  # the server starts with the first pool's modules
            # and this module: every forked worker starts in start_worker
            _SERVER["modules"] = tuple(
                dict.fromkeys((*task_modules(fn, initializer, preload), __name__))
            )
            ctx.set_forkserver_preload(list(_SERVER["modules"]))
    return ProcessPoolExecutor(
        max_workers=n,
        mp_context=ctx,
        initializer=start_worker,
        initargs=(dict(os.environ), initializer, initargs),
    )


def warm_up(pool: ProcessPoolExecutor) -> threading.Event:
    """Start ``pool``'s first worker from a background thread; the event is set once it ran.

    Starting the first worker waits for the fork server to import its
    modules; waiting in this thread lets the caller read its first items
    meanwhile instead of blocking in its first ``submit``.
    """
    ready = threading.Event()

    def start() -> None:
        try:
            pool.submit(int).result()
        except Exception:  # noqa: BLE001 - a broken pool is reported by the caller's own tasks
            pass
        finally:
            ready.set()

    threading.Thread(target=start, name="discourse-pool-warm-up", daemon=True).start()
    return ready


def server_modules() -> tuple[str, ...] | None:
    """What this session's fork server was asked to preload (``None`` before the first pool)."""
    return _SERVER["modules"]


def describe(item: Any, limit: int = 60) -> str:
    """A short name for a task's item in an error message (never a whole text or blob)."""
    if isinstance(item, os.PathLike):
        item = os.fspath(item)
    if isinstance(item, (str, int, float)):
        text = repr(item)
        return text if len(text) <= limit else text[: limit - 4] + "…" + text[-3:]
    if isinstance(item, (bytes, bytearray, memoryview)):
        return f"<{len(item):,} bytes>"
    if isinstance(item, (list, tuple, dict, set)):
        return f"<{type(item).__name__} of {len(item):,}>"
    return f"<{type(item).__name__}>"


def crash_message(
    fn: Callable, in_flight: list[tuple[int, Any]], n: int, initializer: Callable | None
) -> str:
    """Why a map on ``n`` workers stopped when one died: the task(s) it may have been running."""
    name = getattr(fn, "__qualname__", None) or repr(fn)
    tasks = ", ".join(f"task {i} {name}({describe(item)})" for i, item in in_flight[:6])
    if len(in_flight) > 6:
        tasks += f", … ({len(in_flight)} in flight)"
    init = ""
    if initializer is not None:
        init = f" or in the initializer {getattr(initializer, '__qualname__', initializer)!s}"
    return (
        f"a worker process of Executor(processes={n}) died (killed, out of memory, or a "
        f"crash in compiled code{init}) while running one of: {tasks}; no result of these "
        "came back. Run with processes=1 to see the failure in this process"
    )
