"""Execute the report notebooks: papermill, a kernel on local sockets, what each run left.

Each notebook runs in a scratch folder with ``$DISCOURSE_REPORT_DATA``
pointing at its data folder and ``$DISCOURSE_CACHE_LOG`` at its cache log;
:func:`notebook_record` turns what it left there (skipped sections,
provenance, cache entries written, tables) into its entry of the run
manifest. With ``jobs=2`` two notebooks run side by side, each in its own
worker process with its own kernel (the models they share are built once:
:func:`discourse.cache.cached` holds a lock per key). papermill, nbformat and
jupyter_client are imported only here, and only when a notebook runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..parallel import Executor

#: The kernelspec the notebooks run with (written by :func:`kernel_path`).
KERNEL_NAME = "python3"
#: Notebooks that fit models, the longest to run: started first when notebooks run side by side.
LONG_FIRST = ("targets", "topics")


@contextlib.contextmanager
def _environ(**values: str | None) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def kernel_path(folder: Path) -> str:
    """A ``python3`` kernelspec running this very interpreter, to put first on JUPYTER_PATH.

    A kernelspec installed with ``--user`` by another checkout (or none at all)
    would otherwise run another Python, without this package or its versions.
    """
    spec_dir = folder / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (discourse report)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), "utf-8")
    old = os.environ.get("JUPYTER_PATH")
    return str(folder) + (os.pathsep + old if old else "")


#: Run by every report kernel before the first cell (an IPython startup file).
KERNEL_STARTUP = """\
# discourse report: tables are shown whole (no cell cut with "..."); notebooks show few rows
import pandas as _pd

_pd.set_option("display.max_colwidth", None)
_pd.set_option("display.max_columns", None)
_pd.set_option("display.width", None)
_pd.set_option("display.max_rows", 100)
del _pd
"""


def ipython_dir(folder: Path) -> str:
    """An IPython folder whose startup file sets the report's display options (``$IPYTHONDIR``)."""
    startup = folder / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-discourse-report.py").write_text(KERNEL_STARTUP, "utf-8")
    return str(folder / "ipython")


def _kernel_manager_class(folder: Path) -> type | None:
    """A kernel manager whose kernels talk over local sockets (IPC) in ``folder``, not TCP.

    Nothing listens on the network, and ipykernel has no reason to warn
    "Kernel is running over TCP without encryption". A shutdown is a shutdown
    request, without jupyter_client's SIGINT first. POSIX only (``None``
    elsewhere: the default TCP manager). ``folder`` should have a short path:
    a Unix socket path has at most about 104 bytes.
    """
    if os.name != "posix":
        return None
    from jupyter_client import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any):
            stem = folder / f"kernel-{uuid.uuid4().hex[:12]}"
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", f"{stem}.json")
            kwargs.setdefault("ip", f"{stem}-ipc")  # sockets are <ip>-<n>
            super().__init__(**kwargs)

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client sends SIGINT before every shutdown request; a report's kernel
            # is idle by then, and under load it logs "KeyboardInterrupt caught in kernel"
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

    return IPCKernelManager


def _cell_summary(exc: Any) -> tuple[int | None, str]:
    source = str(getattr(exc, "source", "") or "")
    first = next((ln for ln in source.splitlines() if ln.strip()), "")
    return getattr(exc, "cell_index", None), first.strip()


def _source_cell_number(nb: Path, source: str | None, fallback: int | None) -> int | None:
    """1-based number of the failing cell in the notebook file (papermill's index counts its injected cell)."""
    import nbformat

    with contextlib.suppress(OSError, ValueError):
        cells = nbformat.read(str(nb), as_version=4).cells
        for i, cell in enumerate(cells, 1):
            if source is not None and cell.source == source:
                return i
    return fallback


def _read_provenance(data: Path) -> list[dict]:
    """Provenance records notebooks saved (``provenance*.json`` / ``*provenance.json``) in their data dir."""
    out: list[dict] = []
    for p in sorted({*data.glob("provenance*.json"), *data.glob("*provenance.json")}):
        try:
            obj = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        items = obj if isinstance(obj, list) else [obj]
        out.extend({"file": p.name, **i} for i in items if isinstance(i, dict))
    return out


def _read_skipped(data: Path) -> list[dict]:
    try:
        items = json.loads((data / "skipped.json").read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def execute_notebook(
    nb: Path, out_nb: Path, params: dict, data: Path, kernel_path: str, scratch: Path
) -> None:
    """Run one notebook, its kernel's sockets and its cache log in ``scratch``.

    What the notebook writes to the cache, its worker processes included, is
    listed in ``scratch/<name>.cache.jsonl`` (``$DISCOURSE_CACHE_LOG``).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    data.mkdir(parents=True, exist_ok=True)
    manager = _kernel_manager_class(scratch)
    engine_options = {} if manager is None else {"kernel_manager_class": manager}
    with (
        tempfile.TemporaryDirectory(prefix=f"discourse-{nb.stem}-") as work,
        _environ(
            **{
                "DISCOURSE_REPORT_DATA": str(data),
                "DISCOURSE_CACHE_LOG": str(cache_log(scratch, nb)),
                "JUPYTER_PATH": kernel_path,
                "IPYTHONDIR": ipython_dir(scratch),
                "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            }
        ),
    ):
        try:
            papermill.execute_notebook(
                str(nb),
                str(out_nb),
                parameters=params,
                kernel_name=KERNEL_NAME,
                cwd=work,
                progress_bar=False,
                log_output=False,
                report_mode=False,
                **engine_options,
            )
        except PapermillExecutionError as exc:
            index, first = _cell_summary(exc)
            index = _source_cell_number(nb, getattr(exc, "source", None), index)
            raise ReportError(
                f"notebook {nb.stem!r} failed in cell {index} of {nb.name} ({first!r}): "
                f"{exc.ename}: {exc.evalue}",
                notebook=nb.stem,
                cell=index,
            ) from None


def notebook_record(name: str, secs: float, params: dict, data: Path, log: Path) -> dict:
    """The manifest's entry for one executed notebook."""
    written = _cache_written(log)
    prov = _read_provenance(data)
    if prov and any("from_cache" in p for p in prov):
        hits = [p for p in prov if p.get("from_cache")]
        from_cache = f"{len(hits)} of {len(prov)} models"
    elif written:
        from_cache = "no: trained " + ", ".join(sorted({w["kind"] for w in written}))
    else:
        from_cache = "yes (no new cache entries)" if prov else "unknown (no new cache entries)"
    return {
        "name": name,
        "seconds": round(secs, 2),
        "parameters": params,
        "skipped": _read_skipped(data),
        "cache_entries_written": written,
        "provenance": prov,
        "models_from_cache": from_cache,
        "tables": sorted(p.name for p in data.glob("*.csv")),
    }


def cache_log(folder: Path, nb: Path) -> Path:
    """Where one notebook's run lists the cache entries it wrote (``$DISCOURSE_CACHE_LOG``)."""
    return folder / f"{nb.stem}.cache.jsonl"


def _cache_written(log: Path) -> list[dict]:
    """The entries a notebook wrote, from its cache log (sorted, each once)."""
    try:
        lines = log.read_text("utf-8").splitlines()
    except OSError:
        return []
    seen: dict[tuple[str, str], str] = {}
    for line in lines:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            e = json.loads(line)
            seen[(e["kind"], e["key"])] = str(e.get("description", ""))
    return [{"kind": k, "key": key[:16], "description": d} for (k, key), d in sorted(seen.items())]


def _run_one(job: tuple) -> tuple[float, ReportError | None]:
    """Execute one notebook (in a worker process): its seconds, and its ReportError if it failed."""
    nb, out_nb, params, data, kernel, scratch = job
    start = time.perf_counter()
    try:
        execute_notebook(nb, out_nb, params, data, kernel, scratch)
    except ReportError as exc:  # returned with the time it took, for the progress line
        return time.perf_counter() - start, exc
    return time.perf_counter() - start, None


def start_order(found: Sequence[Path], jobs: int) -> list[int]:
    """Indices of ``found`` in the order to start them: the :data:`LONG_FIRST` ones first when ``jobs > 1``."""
    order = list(range(len(found)))
    if jobs > 1:
        rank = {name: i for i, name in enumerate(LONG_FIRST)}
        order.sort(key=lambda i: rank.get(found[i].stem, len(LONG_FIRST)))
    return order


def run_notebooks(
    found: Sequence[Path],
    base: Mapping[str, Any],
    declared: Mapping[str, Mapping[str, Any]],
    tmp: Path,
    scratch: Path,
    *,
    progress: bool,
    without_options: Mapping[str, Any] | None = None,
    jobs: int = 1,
) -> list[dict]:
    """Execute ``found`` into ``tmp/notebooks``, one manifest record each, in the order of ``found``.

    Each notebook gets the parameters of ``base`` it declares, its data folder
    ``tmp/data/<name>``, and one progress line when ``progress`` (as it
    finishes). A notebook that declares no ``reader_options`` gets
    ``without_options`` on top (the normalised copy of a corpus read with
    options). With ``jobs > 1`` that many notebooks run at once, each in a
    worker process (the Executor's), the :data:`LONG_FIRST` ones started first; the results
    are the same as one at a time. If one fails, those not started are
    dropped, the ones running are let finish, and its ReportError is raised.
    """
    kernel = kernel_path(scratch)
    (tmp / "notebooks").mkdir()
    jobs_ = []
    for nb in found:
        nb_params = {k: v for k, v in base.items() if k in declared[nb.stem]}
        if "reader_options" not in declared[nb.stem]:
            nb_params.update({k: v for k, v in (without_options or {}).items() if k in nb_params})
        jobs_.append(
            (nb, tmp / "notebooks" / nb.name, nb_params, tmp / "data" / nb.stem, kernel, scratch)
        )
    order = start_order(found, jobs)
    jobs = min(jobs, len(found))
    records: dict[int, dict] = {}
    with Executor(processes=jobs) as ex:
        if jobs == 1:
            results = _one_at_a_time(found, order, jobs_, progress)
        else:
            results = ex.map(_run_one, (jobs_[i] for i in order), ahead=len(order))
        for done, (i, (secs, error)) in enumerate(zip(order, results, strict=True), 1):
            nb, _, nb_params, data, _, _ = jobs_[i]
            # one at a time, the label was printed when the notebook started
            line = "" if jobs == 1 else f"{f'[{done}/{len(found)}] {nb.stem}':<24} …"
            if error is not None:
                if progress:
                    print(f"{line} FAILED after {secs:.1f} s", flush=True)
                raise error
            records[i] = notebook_record(nb.stem, secs, nb_params, data, cache_log(scratch, nb))
            if progress:
                n_skip = len(records[i]["skipped"])
                note = f", {n_skip} section(s) skipped" if n_skip else ""
                print(f"{line} {secs:6.1f} s{note}", flush=True)
    return [records[i] for i in range(len(found))]


def _one_at_a_time(
    found: Sequence[Path], order: Sequence[int], jobs_: Sequence[tuple], progress: bool
) -> Iterator[tuple]:
    """Run the notebooks in this process, one after another, printing each label as it starts."""
    for done, i in enumerate(order, 1):
        if progress:
            print(f"{f'[{done}/{len(found)}] {found[i].stem}':<24} …", end="", flush=True)
        yield _run_one(jobs_[i])
