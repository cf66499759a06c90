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
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import cache
from .._config import NOTEBOOKS_ENV, data_folder
from .._validation import check_seed
from ..errors import ParameterError, ReportError
from ..tokenization import tokens
from .notebook import open_corpus

#: Focus sources of the default report (UNGDC ISO codes).
DEFAULT_SOURCES = ("CHN", "SYR", "RUS", "USA", "IRN", "GBR", "FRA")
#: Years of the default report.
DEFAULT_YEARS = (1990, 2023)
#: Notebooks run in this order; any others follow by name.
ORDER = ("overview", "framing", "keyness", "topics", "embeddings")
#: ``--small``: quick model sizes, passed only to notebooks that declare them.
SMALL_PARAMS = {
    "n_topics": 5,
    "k_values": [3, 5],
    "sweep_ks": [3, 5],
    "sweep_docs": 300,
    "passes": 1,
    "iterations": 20,
    "epochs": 1,
    "vector_size": 32,
    "min_count": 2,
    "n_boot": 50,
    "n_perm": 50,
    "n_seeds": 2,
    "top_n": 15,
}
#: Environment variable naming another notebooks folder.
KERNEL_NAME = "python3"

#: No script, no network: only inline styles and data: images/fonts.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "script-src 'none'; base-uri 'none'; form-action 'none'"
)


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
    import ast

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
            ranked = sorted(info_sources.items(), key=lambda kv: (-kv[1], str(kv[0])))
            sources = [s for s, _ in ranked[:7]]
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


def _corpus_info(c, years) -> dict:
    whole = c.info()
    info = {
        k: whole.get(k)
        for k in ("name", "documents", "tokens", "sources", "first_date", "last_date")
    }
    info["fingerprint"] = whole.get("fingerprint")
    info["dataset"] = whole.get("dataset") or {}
    info["reader"] = {
        k: v for k, v in (whole.get("reader") or {}).items() if k != "skipped_examples"
    }
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
    path = folder / "corpus.jsonl"
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
# execution
# ---------------------------------------------------------------------------
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


def _kernel_path(folder: Path) -> str:
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


def _kernel_manager_class(folder: Path) -> type | None:
    """A kernel manager whose kernels talk over local sockets (IPC) in ``folder``, not TCP.

    Nothing listens on the network, and ipykernel has no reason to warn
    "Kernel is running over TCP without encryption". POSIX only (``None``
    elsewhere: the default TCP manager). ``folder`` should have a short path:
    a Unix socket path has at most about 104 bytes.
    """
    if os.name != "posix":
        return None
    import uuid

    from jupyter_client import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any):
            stem = folder / f"kernel-{uuid.uuid4().hex[:12]}"
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", f"{stem}.json")
            kwargs.setdefault("ip", f"{stem}-ipc")  # sockets are <ip>-<n>
            super().__init__(**kwargs)

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


def _execute(
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
                "DISCOURSE_CACHE_LOG": str(_cache_log(scratch, nb)),
                "JUPYTER_PATH": kernel_path,
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


def _notebook_record(name: str, secs: float, params: dict, data: Path, log: Path) -> dict:
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


def _cache_log(folder: Path, nb: Path) -> Path:
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


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------
_SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.S | re.I)
_EXTERNAL_LINK_RE = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_EXTERNAL_SRC_RE = re.compile(r"\s(src|srcset|poster|data)\s*=\s*([\"'])(?:https?:)?//.*?\2", re.I)
_CSS_URL_RE = re.compile(r"url\(\s*([\"']?)(?:https?:)?//[^)]*\)", re.I)
_CSS_IMPORT_RE = re.compile(r"@import\s+(?:url\()?\s*[\"']?(?:https?:)?//[^;]*;", re.I)


def make_offline(page: str) -> str:
    """Remove everything in an HTML page that could run code or reach the network.

    Drops every ``<script>`` (reports are static), ``<link>`` to remote
    stylesheets, remote ``src``/``srcset`` attributes and CSS ``url()`` /
    ``@import`` of remote files, and adds a Content-Security-Policy that
    forbids scripts and any non-``data:`` load, as a second line of defence.
    """
    page = _SCRIPT_RE.sub("", page)
    page = _EXTERNAL_LINK_RE.sub("", page)
    page = _EXTERNAL_SRC_RE.sub("", page)
    page = _CSS_IMPORT_RE.sub("", page)
    page = _CSS_URL_RE.sub("none", page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    page, n = re.subn(
        r"<head\b[^>]*>", lambda m: m.group(0) + "\n" + meta, page, count=1, flags=re.I
    )
    if not n:
        page = meta + page
    return page


_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222}
.discourse-nav{background:#f4f6f8;border-bottom:1px solid #d0d7de;padding:8px 16px;font-size:14px}
.discourse-nav a{margin-right:14px;color:#0b5cad;text-decoration:none}
.discourse-nav a.current{font-weight:bold;color:#222}
.discourse-manifest{margin:16px;font-size:13px;border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;background:#fafbfc}
.discourse-manifest table{border-collapse:collapse;margin:6px 0}
.discourse-manifest td,.discourse-manifest th{border:1px solid #e1e4e8;padding:2px 8px;text-align:left;vertical-align:top}
.discourse-manifest pre{white-space:pre-wrap;margin:0}
.discourse-index{max-width:960px;margin:16px auto;padding:0 16px}
.discourse-index table{border-collapse:collapse}
.discourse-index td,.discourse-index th{border:1px solid #e1e4e8;padding:3px 10px;text-align:left}
.discourse-skipped{border-left:4px solid #E69F00;background:#fff8e6;padding:6px 10px}
"""


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def _nav(pages: Sequence[str], current: str | None, prefix: str) -> str:
    links = [
        f'<a href="{prefix}index.html"{" class=current" if current is None else ""}>Overview of the report</a>'
    ]
    for name in pages:
        cls = " class=current" if name == current else ""
        links.append(f'<a href="{prefix}{_e(name)}.html"{cls}>{_e(name)}</a>')
    return f'<nav class="discourse-nav">{"".join(links)}</nav>'


def _manifest_html(m: dict) -> str:
    c = m["corpus"]
    rows = [
        ("corpus", c.get("name")),
        ("fingerprint", c.get("fingerprint")),
        ("documents", f"{c.get('documents') or 0:,}"),
        ("tokens", f"{c.get('tokens') or 0:,}"),
    ]
    sel = c.get("selection")
    if sel:
        rows.append(
            (
                "selection",
                f"years {sel['years'][0]}–{sel['years'][1]}: {sel['documents']:,} documents, "
                f"{sel['tokens']:,} tokens, fingerprint {sel['fingerprint']}",
            )
        )
    rows += [
        ("seed", m["parameters"].get("seed")),
        ("created", m.get("created")),
        ("library versions", ", ".join(f"{k} {v}" for k, v in m["versions"].items())),
    ]
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    nb_rows = []
    for nb in m["notebooks"]:
        cache_txt = nb.get("models_from_cache", "unknown")
        nb_rows.append(
            f"<tr><td>{_e(nb['name'])}</td><td>{nb['seconds']:.1f} s</td>"
            f"<td>{_e(cache_txt)}</td><td>{len(nb.get('skipped', []))}</td></tr>"
        )
    params = json.dumps(m["parameters"], indent=1, ensure_ascii=False, default=str)
    return (
        '<details class="discourse-manifest"><summary><b>Run manifest</b> — how this report was made '
        f"(corpus {_e(c.get('name'))}, fingerprint {_e(str(c.get('fingerprint'))[:12])}…, seed "
        f"{_e(m['parameters'].get('seed'))})</summary>"
        f"<table>{body}</table>"
        "<table><tr><th>notebook</th><th>time</th><th>models from cache</th><th>skipped sections</th></tr>"
        f"{''.join(nb_rows)}</table>"
        f"<p>parameters</p><pre>{_e(params)}</pre></details>"
    )


def _decorate(page: str, nav: str, manifest: str) -> str:
    style = f"<style>{_STYLE}</style>"
    page = re.sub(r"</head\s*>", lambda m: style + m.group(0), page, count=1, flags=re.I)
    return re.sub(
        r"<body\b[^>]*>", lambda m: m.group(0) + nav + manifest, page, count=1, flags=re.I
    )


def _render_page(executed: Path, *, hide_code: bool, title: str) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = hide_code
    exporter.exclude_output_prompt = hide_code
    exporter.embed_images = True
    exporter.sanitize_html = False  # outputs are escaped where made; scripts stripped below
    nb = nbformat.read(str(executed), as_version=4)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


def _index_html(m: dict, pages: Sequence[str], skipped: list[dict]) -> str:
    c = m["corpus"]
    ds = c.get("dataset") or {}
    version = ds.get("version") or ds.get("dataset_version") or ds.get("persistentId") or ""
    rows = [
        ("corpus", c.get("name")),
        ("documents", f"{c.get('documents') or 0:,}"),
        ("tokens", f"{c.get('tokens') or 0:,}"),
        ("sources", f"{c.get('sources') or 0:,}"),
        ("dates", f"{c.get('first_date')} – {c.get('last_date')}"),
        ("fingerprint", c.get("fingerprint")),
        ("dataset version", version or "—"),
        ("focus sources", ", ".join(m["parameters"].get("sources") or []) or "all"),
        ("years", "–".join(str(y) for y in (m["parameters"].get("years") or [])) or "all"),
    ]
    for k, v in ds.items():
        if k not in ("version",) and isinstance(v, (str, int, float)) and len(str(v)) < 200:
            rows.append((f"dataset {k}", v))
    table = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    secs = {nb["name"]: nb for nb in m["notebooks"]}
    items = "".join(
        f'<li><a href="{_e(p)}.html">{_e(p)}</a> — {secs[p]["seconds"]:.1f} s'
        + (f", {len(secs[p]['skipped'])} section(s) not computed" if secs[p]["skipped"] else "")
        + f' (data: <a href="data/{_e(p)}/">data/{_e(p)}/</a>)</li>'
        for p in pages
    )
    skip_html = ""
    if skipped:
        lis = "".join(
            f"<li><b>{_e(s['notebook'])} / {_e(s['section'])}</b>: {_e(s['reason'])}</li>"
            for s in skipped
        )
        skip_html = (
            f'<div class="discourse-skipped"><p>Sections not computed:</p><ul>{lis}</ul></div>'
        )
    title = f"discourse report — {c.get('name')}"
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{_e(title)}</title></head><body>"
        f'<main class="discourse-index"><h1>{_e(title)}</h1>'
        "<p>Comparative discourse analysis of the corpus below, rendered by "
        "<code>discourse report</code>. Each section is a notebook executed with the "
        "parameters in the run manifest; the numbers behind every chart are in "
        "<code>data/</code> as CSV.</p>"
        f"<h2>Corpus</h2><table>{table}</table>"
        f"<h2>Sections</h2><ol>{items}</ol>{skip_html}</main></body></html>"
    )


# ---------------------------------------------------------------------------
# the public entry point
# ---------------------------------------------------------------------------
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


def _move_into_place(tmp: Path, out: Path) -> None:
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
) -> ReportResult:
    """Execute the report notebooks and render them into ``out`` as offline HTML.

    Parameters
    ----------
    corpus : ``"ungdc"`` or a path (JSONL, CSV, Parquet, folder of .txt)
        Read with ``reader_options`` (``text=``, ``source=``, … of :func:`discourse.read`).
    sources : focus sources; default the seven UNGDC sources of the design
        (CHN, SYR, RUS, USA, IRN, GBR, FRA) for the UNGDC, else the seven largest.
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

    Returns
    -------
    ReportResult

    Raises
    ------
    ReportError
        A notebook cell failed (message names notebook, cell and error).
    """
    seed = check_seed(seed)
    say = (lambda s: print(s, flush=True)) if progress else (lambda s: None)
    out = Path(out).expanduser().resolve()
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
    declared = {p.stem: declared_parameters(p) for p in found}
    extra = dict(params or {})
    undeclared = [k for k in extra if not any(k in d for d in declared.values())]
    if undeclared:
        known = sorted({k for d in declared.values() for k in d})
        raise ParameterError(
            f"parameter(s) {undeclared!r} are declared by no notebook; declared: {known}"
        )
    mirror = str(Path(mirror).expanduser().resolve()) if mirror else None
    lexicon = str(Path(lexicon).expanduser().resolve()) if lexicon else None
    if lexicon and not Path(lexicon).is_file():
        raise ParameterError(f"lexicon {lexicon!r} does not exist; pass a TOML frame lexicon file")
    reader_options = {k: v for k, v in (reader_options or {}).items() if v is not None}
    corpus_arg = corpus
    if isinstance(corpus, (str, os.PathLike)) and str(corpus) != "ungdc":
        corpus_arg = str(Path(corpus).expanduser().resolve())

    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
    scratch = Path(tempfile.mkdtemp(prefix="discourse-report-"))
    try:
        t0 = time.perf_counter()
        c = _open(corpus_arg, mirror, reader_options)
        sources, years = _resolve_selection(c, sources, years)
        if reader_options:  # notebooks take a path only: hand them a normalised copy
            corpus_arg = str(_normalised_copy(c, scratch))
        # tokenise once, on up to 8 cores; the notebooks read the cached store
        tokens(c, processes=max(1, min(8, os.cpu_count() or 1)))
        info = _corpus_info(c, years)
        say(
            f"corpus {info['name']}: {info['documents']:,} documents, {info['tokens']:,} tokens, "
            f"{info['sources']:,} sources ({time.perf_counter() - t0:.1f} s)"
        )
        base = {
            "corpus": corpus_arg if isinstance(corpus_arg, str) else str(corpus_arg),
            "sources": sources,
            "years": years,
            "seed": seed,
            "mirror": mirror,
            "lexicon": lexicon,
            "hide_code": hide_code,
        }
        if small:
            base.update(SMALL_PARAMS)
        base.update(extra)
        kernel_path = _kernel_path(scratch)
        (tmp / "notebooks").mkdir()
        records: list[dict] = []
        for i, nb in enumerate(found, 1):
            nb_params = {k: v for k, v in base.items() if k in declared[nb.stem]}
            data = tmp / "data" / nb.stem
            label = f"[{i}/{len(found)}] {nb.stem}"
            if progress:
                print(f"{label:<24} …", end="", flush=True)
            start = time.perf_counter()
            try:
                _execute(nb, tmp / "notebooks" / nb.name, nb_params, data, kernel_path, scratch)
            except ReportError:
                if progress:
                    print(f" FAILED after {time.perf_counter() - start:.1f} s", flush=True)
                raise
            secs = time.perf_counter() - start
            records.append(
                _notebook_record(nb.stem, secs, nb_params, data, _cache_log(scratch, nb))
            )
            if progress:
                n_skip = len(records[-1]["skipped"])
                note = f", {n_skip} section(s) skipped" if n_skip else ""
                print(f" {secs:6.1f} s{note}", flush=True)
        skipped = [{"notebook": r["name"], **s} for r in records for s in r["skipped"]]

        manifest = {
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus": info,
            "parameters": {k: v for k, v in base.items()},
            "seed": seed,
            "versions": {**cache.library_versions(), **_tool_versions()},
            "notebooks": records,
            "skipped": skipped,
            "total_seconds": round(time.perf_counter() - t0, 2),
        }
        names = [r["name"] for r in records]
        manifest_block = _manifest_html(manifest)
        pages: dict[str, Path] = {}
        for name in names:
            page = _render_page(
                tmp / "notebooks" / f"{name}.ipynb",
                hide_code=hide_code,
                title=f"{name} — {info['name']}",
            )
            page = make_offline(_decorate(page, _nav(names, name, ""), manifest_block))
            (tmp / f"{name}.html").write_text(page, "utf-8")
            pages[name] = out / f"{name}.html"
        index = _index_html(manifest, names, skipped)
        index = make_offline(_decorate(index, _nav(names, None, ""), manifest_block))
        (tmp / "index.html").write_text(index, "utf-8")
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False, default=str), "utf-8"
        )
        _move_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
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


def _tool_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("pandas", "scipy", "matplotlib", "papermill", "nbconvert"):
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    return out
