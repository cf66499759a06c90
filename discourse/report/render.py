"""Render the analysis notebooks into one self-contained, offline HTML report.

::

    discourse report [--corpus ungdc|PATH] [--sources CHN,SYR,…] [--years 1990-2023]
                     [--lexicon FILE] [--seed N] [--out reports] [--hide-code]
                     [--only NAMES] [--set name=value …] [--small]

Each notebook in ``notebooks/`` (overview first, then framing, keyness,
topics, embeddings, then any others by name) is executed with papermill in
a scratch folder, with only the parameters it declares, and with
``$DISCOURSE_REPORT_DATA`` pointing at ``<out>/data/<notebook>/`` so that
:func:`discourse.save_table` keeps the numbers behind each chart as CSV.
Each executed notebook becomes one HTML page (nbconvert, ``lab`` template):
images are embedded as data URIs, CSS is inlined, every ``<script>`` is
removed and a Content-Security-Policy forbids any network request, so the
pages open offline from ``file://`` and corpus text can never run as code.

Every page carries the run manifest (corpus, fingerprint, parameters, seed,
library versions, time per notebook, cache use), also written as
``manifest.json``. The report is written into a hidden temporary folder
beside ``out`` and moved into place only when complete.

This module holds the parameters, the corpus as the notebooks see it, the
manifest and the steps of :func:`render_report`; running the notebooks is in
``execute.py`` and the pages are made in ``html.py``.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .. import cache
from .._config import NOTEBOOKS_ENV, data_folder
from .._validation import check_seed, positive_int
from ..errors import ParameterError, ReportError
from ..tokenization import tokens
from .defaults import UNGDC_PARAMS, focus_sources, nouns
from .execute import run_notebooks
from .html import write_pages
from .notebook import open_corpus

#: Focus sources of the UNGDC report (ISO codes; the rest of its choices are in UNGDC_PARAMS).
DEFAULT_SOURCES = tuple(UNGDC_PARAMS["sources"])
#: Years of the UNGDC report.
DEFAULT_YEARS = tuple(UNGDC_PARAMS["years"])
#: Notebooks run in this order; any others follow by name.
ORDER = ("overview", "framing", "keyness", "targets", "topics", "embeddings")
#: ``--small``: quick model sizes, passed only to notebooks that declare them.
SMALL_PARAMS = {
    "n_topics": 5,
    "k_values": [3, 5],
    "sweep_ks": [3, 5],
    "sweep_docs": 300,
    "passes": 1,
    "sweep_passes": 1,
    "iterations": 20,
    "epochs": 1,
    "vector_size": 32,
    "min_count": 2,
    "n_boot": 50,
    "n_perm": 50,
    "n_seeds": 2,
    "top_n": 15,
}


@dataclasses.dataclass
class ReportResult:
    """What :func:`render_report` made.

    ``out`` the report folder; ``index`` its ``index.html``; ``pages`` notebook
    name → HTML page; ``seconds`` notebook name → execution time; ``skipped``
    one ``{"notebook", "section", "reason"}`` per section that could not be
    computed; ``manifest`` the run manifest (also ``out/manifest.json``).
    """

    out: Path
    index: Path
    pages: dict[str, Path]
    seconds: dict[str, float]
    skipped: list[dict]
    manifest: dict


# ---------------------------------------------------------------------------
# notebooks and parameters
# ---------------------------------------------------------------------------
def notebooks_dir() -> Path:
    """``$DISCOURSE_NOTEBOOKS`` or the ``notebooks/`` folder of the source checkout."""
    env = os.environ.get(NOTEBOOKS_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return data_folder("notebooks")


def discover_notebooks(folder: str | os.PathLike | None = None) -> list[Path]:
    """The report's notebooks in running order: overview, framing, keyness, topics, embeddings, others by name."""
    folder = Path(folder) if folder is not None else notebooks_dir()
    if not folder.is_dir():
        raise ParameterError(
            f"notebooks folder {str(folder)!r} does not exist; run from a source checkout "
            f"or set {NOTEBOOKS_ENV} to the folder holding the report notebooks"
        )
    found = [p for p in folder.glob("*.ipynb") if not p.name.startswith((".", "_"))]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda p: (rank.get(p.stem, len(ORDER)), p.stem))


def declared_parameters(path: str | os.PathLike) -> dict[str, Any]:
    """Parameters a notebook declares in its ``parameters`` cell: name → default (as source text)."""
    import nbformat
    import papermill

    params = papermill.inspect_notebook(str(path))
    out = {name: p.get("default") for name, p in params.items()}
    # papermill skips lines it cannot parse (e.g. some trailing comments): read the cell with ast too
    nb = nbformat.read(str(path), as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is not None:
        with contextlib.suppress(SyntaxError, ValueError):
            for node in ast.parse(cell.source).body:
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [getattr(node, "target", None)]
                )
                for t in targets:
                    if isinstance(t, ast.Name) and t.id not in out:
                        out[t.id] = (
                            ast.get_source_segment(cell.source, node.value) if node.value else None
                        )
    return out


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``"1990-2023"`` → ``(1990, 2023)``; ``"2001"`` → ``(2001, 2001)``; ``"all"``/None → None."""
    if text is None or str(text).strip().lower() in ("", "all"):
        return None
    m = re.fullmatch(r"\s*(\d{1,4})\s*(?:[-–:]\s*(\d{1,4}))?\s*", str(text))
    if not m:
        raise ParameterError(
            f"--years {text!r} is not a year range; write it as START-END, e.g. --years 1990-2023"
        )
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    if lo > hi:
        raise ParameterError(f"--years {text!r}: the start year {lo} is after the end year {hi}")
    return lo, hi


def parse_sources(text: str | None) -> list[str] | None:
    """``"CHN,SYR"`` → ``["CHN", "SYR"]``; ``"all"``/None → None (all sources)."""
    if text is None or str(text).strip().lower() in ("", "all"):
        return None
    out = [s.strip() for s in str(text).split(",") if s.strip()]
    if not out:
        raise ParameterError(f"--sources {text!r} names no source; e.g. --sources CHN,USA")
    return out


def parse_set(items: Sequence[str] | None) -> dict[str, Any]:
    """``["n_topics=20", "terms=[\\"a\\"]", "label=x"]`` → values parsed as JSON (else kept as text)."""
    out: dict[str, Any] = {}
    for item in items or ():
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ParameterError(
                f"--set {item!r} must be NAME=VALUE with a Python identifier as NAME, "
                "e.g. --set n_topics=20"
            )
        try:
            out[name] = json.loads(raw)
        except ValueError:
            out[name] = raw
    return out


# ---------------------------------------------------------------------------
# the corpus as the notebooks will see it
# ---------------------------------------------------------------------------
def _open(corpus: Any, mirror: str | None, reader_options: Mapping[str, Any]):
    return open_corpus(corpus, mirror=mirror, **dict(reader_options))


def _resolve_selection(c, sources, years) -> tuple[list[str] | None, list[int] | None]:
    """Default focus sources and years for this corpus (UNGDC defaults only for the UNGDC)."""
    info_sources = c.source_counts()
    if sources is None:
        if c.name == "ungdc":
            sources = [s for s in DEFAULT_SOURCES if s in info_sources]
        else:  # the seven largest sources, by documents
            sources = focus_sources(c, None, n=7)
    else:
        unknown = [s for s in sources if s not in info_sources]
        if unknown:
            known = ", ".join(repr(s) for s in list(info_sources)[:20])
            raise ParameterError(
                f"sources {unknown!r} are not in corpus {c.name!r}; known sources: {known}"
                + (" …" if len(info_sources) > 20 else "")
            )
        sources = list(sources)
    if years is None:
        if c.name == "ungdc":
            years = list(DEFAULT_YEARS)
        else:
            ys = [d.year for d in c if d.year is not None]
            years = [min(ys), max(ys)] if ys else None
    else:
        years = [int(years[0]), int(years[1])]
    return sources, years


def _corpus_info(c, years, reader_options: Mapping[str, Any]) -> dict:
    whole = c.info()
    info = {
        k: whole.get(k)
        for k in (
            "name",
            "documents",
            "tokens",
            "sources",
            "first_date",
            "last_date",
            "date_precision",
        )
    }
    info["fingerprint"] = whole.get("fingerprint")
    info["dataset"] = whole.get("dataset") or {}
    info["reader"] = {
        k: v for k, v in (whole.get("reader") or {}).items() if k != "skipped_examples"
    }
    info["reader_options"] = dict(reader_options)
    reader = info["reader"]
    if "read" in reader:  # every record read is kept or skipped with a reason
        skipped = sum((reader.get("skipped") or {}).values())
        if reader["read"] != reader.get("kept", 0) + skipped:
            raise ReportError(
                f"the reader's counts do not add up: read {reader['read']:,} != kept "
                f"{reader.get('kept', 0):,} + skipped {skipped:,}; please report this"
            )
    if years is not None:
        sel = c.filter(years=tuple(years))
        s = sel.info()
        info["selection"] = {
            "years": list(years),
            "documents": s["documents"],
            "tokens": s["tokens"],
            "sources": s["sources"],
            "fingerprint": s["fingerprint"],
        }
    return info


def _normalised_copy(c, folder: Path) -> Path:
    """Write the corpus as a standard JSONL (id, text, source, date, title, meta) for the notebooks."""
    name = re.sub(r"[^\w.-]+", "_", str(c.name)).strip("._") or "corpus"
    path = folder / f"{name}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for d in c:
            rec = {
                "id": d.id,
                "text": d.text,
                "source": d.source,
                "date": d.date.isoformat() if d.date is not None else None,
                "title": d.title,
            }
            for k, v in (d.meta or {}).items():
                rec.setdefault(k, v)
            f.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    return path


# ---------------------------------------------------------------------------
# the steps of render_report
# ---------------------------------------------------------------------------
def _select_notebooks(
    notebooks: str | os.PathLike | None, only: Sequence[str] | None
) -> list[Path]:
    """The notebooks to run: all found in ``notebooks``, or those named in ``only``."""
    found = discover_notebooks(notebooks)
    if only:
        names = [n.removesuffix(".ipynb") for n in only]
        unknown = [n for n in names if n not in {p.stem for p in found}]
        if unknown:
            raise ParameterError(
                f"only={unknown!r}: no such notebook; available: {[p.stem for p in found]}"
            )
        found = [p for p in found if p.stem in names]
    if not found:
        raise ParameterError(
            f"no notebooks to run in {notebooks or notebooks_dir()}; add NAME.ipynb files there"
        )
    return found


def _check_extra(params: Mapping[str, Any] | None, declared: Mapping[str, Mapping]) -> dict:
    """``params`` as a dict, each checked to be declared by some notebook."""
    extra = dict(params or {})
    undeclared = [k for k in extra if not any(k in d for d in declared.values())]
    if undeclared:
        known = sorted({k for d in declared.values() for k in d})
        raise ParameterError(
            f"parameter(s) {undeclared!r} are declared by no notebook; declared: {known}"
        )
    return extra


def _prepare_corpus(
    corpus_arg: Any,
    *,
    mirror: str | None,
    reader_options: Mapping[str, Any],
    sources: Sequence[str] | None,
    years: Sequence[int] | None,
    scratch: Path,
    copy: bool,
) -> tuple[Any, list[str] | None, list[int] | None, dict]:
    """Open the corpus, settle sources and years, tokenise it once, describe it.

    Returns the normalised JSONL copy in ``scratch`` for notebooks that take
    no ``reader_options`` (only when reader options apply and ``copy``; else
    None), the sources, the years and the corpus part of the manifest (with
    the corpus's nouns under ``"nouns"``).
    """
    c = _open(corpus_arg, mirror, reader_options)
    sources, years = _resolve_selection(c, sources, years)
    normalised = str(_normalised_copy(c, scratch)) if reader_options and copy else None
    # tokenise once, on up to 8 cores; the notebooks read the cached store
    tokens(c, processes=max(1, min(8, os.cpu_count() or 1)))
    info = _corpus_info(c, years, reader_options)
    info["nouns"] = nouns(c, reader_options)
    return normalised, sources, years, info


def _manifest(
    info: dict, base: Mapping[str, Any], seed: int, records: list[dict], t0: float
) -> dict:
    """The run manifest: corpus, parameters, seed, versions, one record per notebook."""
    skipped = [{"notebook": r["name"], **s} for r in records for s in r["skipped"]]
    return {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "corpus": {k: v for k, v in info.items() if k != "nouns"},
        "nouns": info.get("nouns"),
        "parameters": {k: v for k, v in base.items()},
        "seed": seed,
        "versions": {**cache.library_versions(), **_tool_versions()},
        "notebooks": records,
        "skipped": skipped,
        "total_seconds": round(time.perf_counter() - t0, 2),
    }


#: Packages whose versions the manifest records, beside those that key the cache.
TOOL_PACKAGES = (
    "pandas",
    "scipy",
    "matplotlib",
    "pyarrow",
    "dask",
    "distributed",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
)


def _tool_versions() -> dict[str, str]:
    """Versions of :data:`TOOL_PACKAGES` installed, and the hash of the checkout's lock file.

    ``lock`` is the SHA-256 of ``requirements/dev.lock`` beside the package
    (a source checkout, as ``make report`` runs); an installed wheel has none.
    """
    out = {}
    for pkg in TOOL_PACKAGES:
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    lock = Path(__file__).resolve().parents[2] / "requirements" / "dev.lock"
    if lock.is_file():
        out["lock"] = "sha256:" + hashlib.sha256(lock.read_bytes()).hexdigest()
    return out


def _sweep_stale(out: Path) -> None:
    """Remove temporary report folders left by runs that died (their process is gone)."""
    for p in out.parent.glob(f".{out.name}.tmp-*"):
        m = re.search(r"\.tmp-(\d+)-", p.name)
        if not m:
            continue
        pid = int(m.group(1))
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if not alive:
            shutil.rmtree(p, ignore_errors=True)


def _make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, like any output folder (``mkdtemp`` makes 0700)."""
    for root, _dirs, files in os.walk(folder):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)


def _move_into_place(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` (rename), putting the old report back if that fails."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}-{int(time.time())}"
        os.replace(out, old)
        try:
            os.replace(tmp, out)
        except OSError:
            os.replace(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


# ---------------------------------------------------------------------------
# the public entry point
# ---------------------------------------------------------------------------
def render_report(
    *,
    corpus: Any = "ungdc",
    sources: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    lexicon: str | os.PathLike | None = None,
    seed: int = 0,
    out: str | os.PathLike = "reports",
    hide_code: bool = False,
    mirror: str | os.PathLike | None = None,
    only: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    small: bool = False,
    reader_options: Mapping[str, Any] | None = None,
    notebooks: str | os.PathLike | None = None,
    progress: bool = True,
    jobs: int | None = None,
) -> ReportResult:
    """Execute the report notebooks and render them into ``out`` as offline HTML.

    Parameters
    ----------
    corpus : ``"ungdc"`` or a path (JSONL, CSV, Parquet, folder of .txt)
        Read with ``reader_options`` (``text=``, ``source=``, … of :func:`discourse.read`).
    sources : focus sources; default the seven UNGDC sources of the design
        (:data:`~discourse.report.defaults.UNGDC_PARAMS`) for the UNGDC, else the
        seven largest by documents. For the UNGDC the other curated choices of
        ``UNGDC_PARAMS`` (pair, focus, bloc, blocs, terms …) are passed too, to the
        notebooks that declare them; for any other corpus those parameters stay
        ``None`` and the notebooks take them from the corpus
        (:mod:`discourse.report.defaults`).
    years : ``(start, end)``; default 1990–2023 for the UNGDC, else the corpus's range.
    lexicon : a frame lexicon (TOML) for the notebooks that take one.
    seed : int, the seed of every random step.
    out : the report folder (replaced only once the new report is complete).
    hide_code : hide code cells (for readers).
    mirror : a local UNGDC folder.
    only : run only these notebooks (names without ``.ipynb``).
    params : extra notebook parameters; each is passed to the notebooks that
        declare it, and a name no notebook declares raises.
    small : quick model sizes (:data:`SMALL_PARAMS`) where notebooks declare them.
    notebooks : the folder of notebooks (default :func:`notebooks_dir`).
    progress : print one line per notebook.
    jobs : notebooks run at once, each in its own process and kernel (default: 2
        on a machine with two cores or more, else 1). The models two notebooks
        share are fitted once (the cache's build lock), the ones that fit models
        start first, and the pages are the same whatever ``jobs`` is.

    Returns
    -------
    ReportResult

    Raises
    ------
    ReportError
        A notebook cell failed (message names notebook, cell and error).
    """
    seed = check_seed(seed)
    jobs = min(2, os.cpu_count() or 1) if jobs is None else positive_int("jobs", jobs)
    say = (lambda s: print(s, flush=True)) if progress else (lambda s: None)
    out = Path(out).expanduser().resolve()
    found = _select_notebooks(notebooks, only)
    declared = {p.stem: declared_parameters(p) for p in found}
    extra = _check_extra(params, declared)
    mirror = str(Path(mirror).expanduser().resolve()) if mirror else None
    lexicon = str(Path(lexicon).expanduser().resolve()) if lexicon else None
    if lexicon and not Path(lexicon).is_file():
        raise ParameterError(f"lexicon {lexicon!r} does not exist; pass a TOML frame lexicon file")
    reader_options = dict(reader_options or {})  # date=None (read no dates) is an option too
    corpus_arg = corpus
    if isinstance(corpus, (str, os.PathLike)) and str(corpus) != "ungdc":
        corpus_arg = str(Path(corpus).expanduser().resolve())

    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    scratch = Path(tempfile.mkdtemp(prefix="discourse-report-"))
    try:
        t0 = time.perf_counter()
        normalised, sources, years, info = _prepare_corpus(
            corpus_arg,
            mirror=mirror,
            reader_options=reader_options,
            sources=sources,
            years=years,
            scratch=scratch,
            copy=any("reader_options" not in d for d in declared.values()),
        )
        say(
            f"corpus {info['name']}: {info['documents']:,} documents, {info['tokens']:,} tokens, "
            f"{info['sources']:,} sources ({time.perf_counter() - t0:.1f} s)"
        )
        base: dict[str, Any] = {
            "corpus": corpus_arg if isinstance(corpus_arg, str) else str(corpus_arg),
            "reader_options": reader_options,
        }
        if info["name"] == "ungdc" and base["corpus"] == "ungdc":
            # the UNGDC's curated choices; any other corpus gets defaults from its data
            base.update({k: v for k, v in UNGDC_PARAMS.items() if k not in ("sources", "years")})
        base.update(
            # the counts of this run's read: a token store shared with another reading of
            # the same documents (e.g. without --dedupe) may hold that reading's counts
            reader_counts=info["reader"],
            sources=sources,
            years=years,
            seed=seed,
            mirror=mirror,
            lexicon=lexicon,
            hide_code=hide_code,
        )
        if small:
            base.update(SMALL_PARAMS)
        base.update(extra)
        # a notebook that takes no reader options reads the normalised copy instead
        without_options = {"corpus": normalised} if normalised else {}
        records = run_notebooks(
            found,
            base,
            declared,
            tmp,
            scratch,
            progress=progress,
            without_options=without_options,
            jobs=jobs,
        )
        manifest = _manifest(info, base, seed, records, t0)
        pages = write_pages(tmp, out, manifest, hide_code=hide_code)
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False, default=str), "utf-8"
        )
        _make_readable(tmp)
        _move_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    skipped = manifest["skipped"]
    if progress:
        say(f"report written to {out / 'index.html'} ({manifest['total_seconds']:.1f} s)")
        if skipped:
            say(f"{len(skipped)} section(s) not computed:")
            for s in skipped:
                say(f"  {s['notebook']} / {s['section']}: {s['reason']}")
    return ReportResult(
        out=out,
        index=out / "index.html",
        pages=pages,
        seconds={r["name"]: r["seconds"] for r in records},
        skipped=skipped,
        manifest=manifest,
    )
