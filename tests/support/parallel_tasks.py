"""Task functions for the Executor tests: importable by worker processes (tests/support is on the path)."""

from __future__ import annotations

import os
import sys

STATE: dict = {}


def affine(x: int, a: int = 1, b: int = 0) -> int:
    return a * x + b


def remember(token: str) -> None:
    """An initializer: keeps ``token`` and what was imported before the first task."""
    STATE["token"] = token
    STATE["pid"] = os.getpid()
    STATE["modules_at_start"] = frozenset(sys.modules)


def recall(x: int) -> tuple:
    return x, STATE.get("token"), STATE.get("pid")


def loaded_at_start(_: object, names: list[str]) -> dict[str, bool]:
    """Which of ``names`` the worker had imported when its initializer ran."""
    seen = STATE.get("modules_at_start", frozenset())
    return {n: n in seen for n in names}


def parent_pid(_: object) -> int:
    return os.getppid()


def env(name: str) -> str | None:
    return os.environ.get(name)


def die_on(x: int, bad: int) -> int:
    """Kill this worker (no exception, no cleanup) when ``x == bad``."""
    if x == bad:
        os._exit(7)
    return x


def fail_on(x: int, bad: int) -> int:
    if x == bad:
        raise ValueError(f"task {x} is bad")
    return x
