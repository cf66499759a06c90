"""The local Executor: how workers start, same results as serial, initializer, crashes, threads."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading

import parallel_tasks as pt
import pytest

from discourse import parallel
from discourse.errors import DiscourseError, ParameterError, WorkerError
from discourse.parallel import Executor, processes

HAS_FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()


def test_workers_start_from_a_fork_server_where_there_is_one():
    want = "forkserver" if HAS_FORKSERVER else "spawn"
    assert parallel.START_METHOD == processes.START_METHOD == want
    assert Executor(processes=1).start_method is None
    with Executor(processes=2) as ex:
        assert ex.kind == "processes" and ex.start_method == want
        parents = set(ex.map(pt.parent_pid, range(6)))
    # forked by the server (its own process), not by this one; spawned workers are our children
    if HAS_FORKSERVER:
        assert os.getpid() not in parents and len(parents) == 1
    else:
        assert parents == {os.getpid()}


@pytest.mark.parametrize("ahead", [None, 1, 3])
def test_workers_give_the_serial_results_in_input_order(ahead):
    items = list(range(40))
    with Executor(processes=1) as ex:
        serial = list(ex.map(pt.affine, items, 3, 1, ahead=ahead))
    with Executor(processes=2) as ex:
        assert list(ex.map(pt.affine, iter(items), 3, 1, ahead=ahead)) == serial
        assert list(ex.map(pt.affine, [], 3)) == []  # the same pool, used again
    assert serial == [3 * x + 1 for x in items]


def test_initializer_runs_once_in_each_worker():
    with Executor(processes=2, initializer=pt.remember, initargs=("tok",)) as ex:
        got = list(ex.map(pt.recall, range(20)))
    assert [x for x, _, _ in got] == list(range(20))
    assert {tok for _, tok, _ in got} == {"tok"}
    assert 1 <= len({pid for _, _, pid in got}) <= 2 and os.getpid() not in {p for *_, p in got}
    pt.STATE.clear()
    Executor(processes=1, initializer=pt.remember, initargs=("here",))  # serial: runs at start
    assert pt.STATE["token"] == "here" and pt.STATE["pid"] == os.getpid()
    pt.STATE.clear()


def test_a_worker_crash_is_an_error_naming_the_task():
    with Executor(processes=2) as ex:
        with pytest.raises(WorkerError, match=r"died .* task 5 die_on\(5\)") as info:
            list(ex.map(pt.die_on, range(12), 5))
        message = str(info.value)
        assert "processes=1" in message and "Executor(processes=2)" in message
        assert isinstance(info.value, DiscourseError) and isinstance(info.value, RuntimeError)
        # the executor starts a fresh pool for the next map
        assert list(ex.map(pt.affine, range(4), 2)) == [0, 2, 4, 6]


def test_an_exception_in_a_task_comes_back_as_itself():
    with Executor(processes=2) as ex, pytest.raises(ValueError, match="task 3 is bad"):
        list(ex.map(pt.fail_on, range(8), 3))


def test_the_executor_works_from_a_thread():
    out: dict = {}

    def work(key: str) -> None:
        try:
            with Executor(processes=2) as ex:
                out[key] = list(ex.map(pt.affine, range(15), 2, 5))
        except BaseException as exc:  # noqa: BLE001 - reported below
            out[key] = exc

    threads = [threading.Thread(target=work, args=(k,)) for k in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert out == {"a": [2 * x + 5 for x in range(15)], "b": [2 * x + 5 for x in range(15)]}


def test_workers_see_the_environment_of_now(monkeypatch):
    with Executor(processes=2) as ex:  # the fork server may start here, before the variable
        list(ex.map(pt.affine, range(2)))
    monkeypatch.setenv("DISCOURSE_TEST_EXECUTOR", "set after the server started")
    with Executor(processes=2) as ex:
        assert set(ex.map(pt.env, ["DISCOURSE_TEST_EXECUTOR"] * 4)) == {
            "set after the server started"
        }
    monkeypatch.delenv("DISCOURSE_TEST_EXECUTOR")
    with Executor(processes=2) as ex:
        assert set(ex.map(pt.env, ["DISCOURSE_TEST_EXECUTOR"] * 4)) == {None}


def test_task_modules_are_the_tasks_own_and_the_preload_list():
    assert processes.task_modules(pt.affine, pt.remember, ["json"]) == ("json", "parallel_tasks")
    assert processes.task_modules(print, None, ["no_such_module_xyz"]) == ()
    with pytest.raises(ParameterError, match="preload"):
        Executor(processes=2, preload="trafilatura")
    with pytest.raises(ParameterError, match="preload"):
        Executor(processes=2, preload=[1])


SCRIPT = """
import json, sys
import parallel_tasks as pt
from discourse.parallel import Executor, processes
if __name__ == "__main__":
    names = ["xml.dom.minidom", "parallel_tasks", "discourse", "numpy",
             "trafilatura", "gensim", "matplotlib", "dask.distributed"]
    with Executor(processes=2, initializer=pt.remember, initargs=("x",),
                  preload=["xml.dom.minidom"]) as ex:
        seen = list(ex.map(pt.loaded_at_start, range(2), names))
    print(json.dumps({"server": processes.server_modules(), "seen": seen}))
"""


@pytest.mark.skipif(not HAS_FORKSERVER, reason="workers are spawned here: nothing is preloaded")
def test_the_fork_server_preloads_what_the_tasks_import_and_nothing_else(tmp_path):
    """In a fresh interpreter (one fork server per session): the first pool's modules."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT, "utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    # the preload list, the tasks' module, and the module of the workers' own start
    assert got["server"] == ["xml.dom.minidom", "parallel_tasks", "discourse.parallel.processes"]
    for seen in got["seen"]:  # at the initializer, before any task: forked with these loaded
        assert seen["xml.dom.minidom"] and seen["parallel_tasks"] and seen["discourse"]
        # nothing heavy that the tasks do not use
        assert not (seen["trafilatura"] or seen["gensim"] or seen["matplotlib"])
        assert not seen["dask.distributed"]
