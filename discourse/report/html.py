"""The report's HTML: offline pages, the house style, navigation, manifest and index.

Every page goes through :func:`make_offline`: no ``<script>``, no remote
load, and a Content-Security-Policy forbidding both, so pages open from
``file://`` and corpus text can never run as code. nbconvert and nbformat
are imported only when a page is rendered.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..corpus import shown_span

#: No script, no network: only inline styles and data: images/fonts.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "script-src 'none'; base-uri 'none'; form-action 'none'"
)


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
details.discourse-code>summary{cursor:pointer;color:#57606a;font-size:12px;margin:2px 0 2px 8px}
.discourse-warning{border-left:4px solid #999;background:#f6f8fa;padding:4px 10px;font-size:13px;margin:2px 0}
.discourse-table-link{font-size:12px;color:#57606a;margin:2px 0 10px}
.jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{max-width:none}
.jp-OutputArea-output{overflow-x:auto}
"""

#: The page template: JupyterLab's, with each code cell's input folded under ``<details>``.
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block input_group -%}
{%- if resources.global_content_filter.include_input -%}
<details class="discourse-code"><summary>code</summary>
{{ super() }}
</details>
{%- endif -%}
{% endblock input_group %}
"""

#: ``/tmp/ipykernel_123/456.py:2: UserWarning: message`` → its category and message.
_WARNING_RE = re.compile(
    r"^(?:[A-Za-z]:)?[^\s:]*[/\\][^\s:]*\.py:\d+: (?P<category>\w*(?:Warning|Error)\w*): (?P<message>.*)$"
)
#: What the report's prose calls documents and sources: ``{documents}`` in a markdown cell.
_NOUN_RE = re.compile(r"\{(document|documents|source|sources|Document|Documents|Source|Sources)\}")


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def nav(pages: Sequence[str], current: str | None, prefix: str) -> str:
    """The navigation bar: the index, then one link per page (``current`` marked)."""
    links = [
        f'<a href="{prefix}index.html"{" class=current" if current is None else ""}>Overview of the report</a>'
    ]
    for name in pages:
        cls = " class=current" if name == current else ""
        links.append(f'<a href="{prefix}{_e(name)}.html"{cls}>{_e(name)}</a>')
    return f'<nav class="discourse-nav">{"".join(links)}</nav>'


def manifest_html(m: dict) -> str:
    """The run manifest as a collapsible block that every page carries."""
    c = m["corpus"]
    rows = [
        ("corpus", c.get("name")),
        ("fingerprint", c.get("fingerprint")),
        ("documents", f"{c.get('documents') or 0:,}"),
        ("tokens", f"{c.get('tokens') or 0:,}"),
        *reader_rows(c),
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


def decorate(page: str, nav: str, manifest: str) -> str:
    """``page`` with the house style in its head and ``nav`` + ``manifest`` atop its body."""
    style = f"<style>{_STYLE}</style>"
    page = re.sub(r"</head\s*>", lambda m: style + m.group(0), page, count=1, flags=re.I)
    return re.sub(
        r"<body\b[^>]*>", lambda m: m.group(0) + nav + manifest, page, count=1, flags=re.I
    )


def say_nouns(text: str, nouns: dict[str, str] | None) -> str:
    """``text`` with ``{documents}``, ``{source}``, ``{Sources}`` … replaced by the corpus's nouns.

    >>> say_nouns("{Documents} by {source}", {"documents": "articles", "source": "outlet"})
    'Articles by outlet'
    """
    if not nouns:
        return text

    def sub(m: re.Match) -> str:
        key = m.group(1)
        word = nouns.get(key.lower(), key.lower())
        return word[:1].upper() + word[1:] if key[0].isupper() else word

    return _NOUN_RE.sub(sub, text)


def warning_notes(text: str) -> list[str]:
    """A cell's stderr as short notes: ``UserWarning: message``, without the kernel's file paths.

    The source line Python prints under a warning is dropped; other lines are kept.

    >>> warning_notes("/tmp/ipykernel_1/2.py:3: UserWarning: few tokens\\n  model = fit(c)\\n")
    ['UserWarning: few tokens']
    """
    notes: list[str] = []
    after_warning = False
    for line in text.splitlines():
        m = _WARNING_RE.match(line)
        if m:
            notes.append(f"{m.group('category')}: {m.group('message')}")
            after_warning = True
        elif after_warning and line.startswith((" ", "\t")):
            continue  # the source line of the warning
        elif line.strip():
            after_warning = False
            notes.append(line.rstrip())
    return notes


def tidy_notebook(nb: Any, nouns: dict[str, str] | None = None) -> Any:
    """The executed notebook as readers should see it (changed in place, and returned).

    Markdown cells speak of the corpus's nouns (:func:`say_nouns`); stderr
    outputs (Python warnings, with the kernel's temporary file paths) become
    short notes in the page (:func:`warning_notes`), each once per cell.
    """
    import nbformat

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = say_nouns(cell.source, nouns)
            continue
        if cell.cell_type != "code":
            continue
        outputs = []
        seen: set[str] = set()
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                notes = [n for n in warning_notes(out.get("text", "")) if n not in seen]
                seen.update(notes)  # a warning repeated in one cell is shown once
                if notes:
                    body = "".join(f'<div class="discourse-warning">{_e(n)}</div>' for n in notes)
                    outputs.append(nbformat.v4.new_output("display_data", data={"text/html": body}))
                continue
            outputs.append(out)
        cell.outputs = outputs
    return nb


def render_page(
    executed: Path, *, hide_code: bool, title: str, nouns: dict[str, str] | None = None
) -> str:
    """One executed notebook as an HTML page (nbconvert, ``lab`` template, images embedded).

    Code cells are folded under ``<details>`` (``hide_code`` removes them);
    the notebook is tidied first (:func:`tidy_notebook`) and the tidied copy
    written back, so the executed notebook in the report matches its page.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"discourse.html.j2": TEMPLATE})],
        template_file="discourse.html.j2",
    )
    exporter.exclude_input = hide_code
    exporter.exclude_input_prompt = hide_code
    exporter.exclude_output_prompt = hide_code
    exporter.embed_images = True
    exporter.sanitize_html = False  # outputs are escaped where made; scripts stripped below
    nb = tidy_notebook(nbformat.read(str(executed), as_version=4), nouns)
    nbformat.write(nb, str(executed))
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


def reader_rows(c: dict) -> list[tuple[str, Any]]:
    """The reader's part of the index table: its options and ``read = kept + skipped``."""
    reader = c.get("reader") or {}
    opts = c.get("reader_options") or {}
    rows: list[tuple[str, Any]] = [
        (
            "reader options",
            ", ".join(f"{k}={v!r}" for k, v in sorted(opts.items())) or "none (the defaults)",
        )
    ]
    if "read" in reader:
        skipped = reader.get("skipped") or {}
        why = ", ".join(f"{n:,} {k}" for k, n in sorted(skipped.items())) or "none"
        rows.append(
            (
                "records read",
                f"{reader['read']:,} = {reader.get('kept', 0):,} kept + "
                f"{sum(skipped.values()):,} skipped ({why})",
            )
        )
        if reader.get("replacements"):
            rows.append(("undecodable bytes replaced", f"{reader['replacements']:,}"))
    return rows


def index_html(m: dict, pages: Sequence[str], skipped: list[dict]) -> str:
    """The report's front page: the corpus, how it was read, the sections, what was not computed."""
    c = m["corpus"]
    n = m.get("nouns") or {"documents": "documents", "sources": "sources", "source": "source"}
    ds = c.get("dataset") or {}
    version = ds.get("version") or ds.get("dataset_version") or ds.get("persistentId") or ""
    rows = [
        ("corpus", c.get("name")),
        (n["documents"], f"{c.get('documents') or 0:,}"),
        ("tokens", f"{c.get('tokens') or 0:,}"),
        (n["sources"], f"{c.get('sources') or 0:,}"),
        ("dates", shown_span(c)),
        ("fingerprint", c.get("fingerprint")),
        ("dataset version", version or "—"),
        *reader_rows(c),
        (f"focus {n['sources']}", ", ".join(m["parameters"].get("sources") or []) or "all"),
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
        f"<p>Comparative discourse analysis of the {_e(n['documents'])} of the corpus below, "
        "rendered by <code>discourse report</code>. Each section is a notebook executed with the "
        "parameters in the run manifest; the numbers behind every chart are in "
        "<code>data/</code> as CSV.</p>"
        f"<h2>Corpus</h2><table>{table}</table>"
        f"<h2>Sections</h2><ol>{items}</ol>{skip_html}</main></body></html>"
    )


def write_pages(tmp: Path, out: Path, manifest: dict, *, hide_code: bool) -> dict[str, Path]:
    """Write one page per executed notebook in ``tmp/notebooks`` and ``index.html`` into ``tmp``.

    Returns notebook name → where its page will be once ``tmp`` becomes ``out``.
    """
    names = [r["name"] for r in manifest["notebooks"]]
    manifest_block = manifest_html(manifest)
    pages: dict[str, Path] = {}
    for name in names:
        page = render_page(
            tmp / "notebooks" / f"{name}.ipynb",
            hide_code=hide_code,
            title=f"{name} — {manifest['corpus']['name']}",
            nouns=manifest.get("nouns"),
        )
        page = make_offline(decorate(page, nav(names, name, ""), manifest_block))
        (tmp / f"{name}.html").write_text(page, "utf-8")
        pages[name] = out / f"{name}.html"
    index = index_html(manifest, names, manifest["skipped"])
    index = make_offline(decorate(index, nav(names, None, ""), manifest_block))
    (tmp / "index.html").write_text(index, "utf-8")
    return pages
