"""Small helpers that keep the analysis notebooks thin.

* :func:`open_corpus` — one call from a ``corpus`` parameter to a Corpus.
* :func:`section` — a context manager around one analysis section: when the
  data cannot support it honestly (:class:`~discourse.errors.DataError`),
  the section shows why, with the numbers and what to change, and the
  notebook goes on; the skip is recorded for the report runner.
* :func:`save_table` — keep the numbers behind a chart as CSV next to the
  report (for reproducibility checks), when a ``data_dir`` is set.
* :func:`show_table` — save a table and show its first rows, with a link to
  the whole table's CSV.
* :func:`require_dates` — a section over time says so when no document has a date.
* :func:`save_provenance` — record how a model was made (and whether it
  came from the cache) for the report's run manifest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._config import REPORT_DATA_ENV
from ..corpus import Corpus, shown_date
from ..corpus.readers import read
from ..datasets import ungdc
from ..errors import DataError, ParameterError

DATA_DIR_ENV = REPORT_DATA_ENV


def open_corpus(
    corpus: str | os.PathLike | Corpus,
    *,
    sources: Sequence[str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    mirror: str | None = None,
    **reader_options: Any,
) -> Corpus:
    """A corpus from a notebook parameter.

    ``"ungdc"`` loads the UN General Debate Corpus (from ``mirror`` /
    ``$DISCOURSE_MIRROR``, the cache, or a download); a path is read with
    :func:`discourse.read` and ``reader_options``; a Corpus is used as is.
    ``sources`` and ``years`` then filter it (unknown sources raise).
    """
    if isinstance(corpus, Corpus):
        c = corpus
    elif str(corpus) == "ungdc":
        c = ungdc.load(mirror=mirror)
    else:
        c = read(corpus, **reader_options)
    if years is not None:
        c = c.filter(years=tuple(years))
    if sources:
        c = c.filter(source=list(sources))
    return c


def data_dir(path: str | os.PathLike | None = None) -> Path | None:
    """The folder for tables behind the charts: ``path`` or ``$DISCOURSE_REPORT_DATA``."""
    p = path or os.environ.get(DATA_DIR_ENV)
    if not p:
        return None
    out = Path(p)
    out.mkdir(parents=True, exist_ok=True)
    return out


def save_table(
    frame: pd.DataFrame, name: str, *, folder: str | os.PathLike | None = None
) -> pd.DataFrame:
    """Write ``frame`` to ``<data dir>/<name>.csv`` when a data dir is set; return it unchanged.

    Floats are written with 10 significant digits so re-runs compare exactly.
    """
    if not name or any(ch in name for ch in "/\\"):
        raise ParameterError(f"table name {name!r} must be a plain file name")
    out = data_dir(folder)
    if out is not None:
        frame.to_csv(out / f"{name}.csv", index=False, float_format="%.10g")
    return frame


def show_table(
    frame: pd.DataFrame,
    name: str,
    *,
    rows: int = 15,
    columns: Sequence[str] | None = None,
    folder: str | os.PathLike | None = None,
) -> None:
    """Save ``frame`` (:func:`save_table`), show its first ``rows`` rows and link its CSV.

    Shown without the index, numbers to 3 decimals, those below 0.01 to 3
    significant digits so that a small shift or p-value does not read 0.000
    (:func:`shown_number`; the CSV keeps 10 significant digits), every cell
    in full (HTML-escaped). ``columns``: show
    only these (a wide table fits the page); the CSV keeps them all.

    The link is relative to the report's pages (``data/<notebook>/<name>.csv``)
    and says how many rows the whole table has. Returns None, so that a cell
    ending with it does not show the table a second time.
    """
    save_table(frame, name, folder=folder)
    rows = int(rows)
    hidden = 0
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ParameterError(
                f"show_table({name!r}): no column(s) {missing!r}; the table has {list(frame.columns)}"
            )
        hidden = len(frame.columns) - len(set(columns))
        frame = frame[list(columns)]
    out = data_dir(folder)
    try:
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        print(frame.head(rows))
        return None
    head = shown_dates(frame.head(rows))
    table = head.to_html(
        index=False, na_rep="", border=0, classes="dataframe", float_format=shown_number
    )
    display(HTML(table))
    shown = (
        f"first {min(rows, len(frame)):,} of {len(frame):,} rows"
        if len(frame) > rows
        else (f"all {len(frame):,} rows")
    )
    if hidden:
        shown += f" ({hidden} more column{'s' if hidden > 1 else ''} in the CSV)"
    if out is not None:
        from urllib.parse import quote

        href = f"data/{out.name}/{name}.csv"
        display(
            HTML(
                f'<p class="discourse-table-link">{shown}; the whole table: '
                f'<a href="{html.escape(quote(href))}">{html.escape(href)}</a></p>'
            )
        )
    elif len(frame) > rows or hidden:
        display(HTML(f'<p class="discourse-table-link">{shown}</p>'))
    return None


def shown_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its date columns as :func:`~discourse.corpus.shown_date` shows them.

    Only when ``frame.attrs["date_precision"]`` is ``"year"`` or ``"month"``
    (set by ``corpus.summary()``, :func:`~discourse.kwic` and
    :func:`~discourse.corpus.date_precision`): the UNGDC's years read ``1993``,
    not ``1993-01-01``. Day dates are shown as they are.
    """
    precision = frame.attrs.get("date_precision", "day")
    if precision == "day":
        return frame
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values) or (
            values.dtype == object and values.map(lambda v: isinstance(v, dt.date)).any()
        ):
            out[col] = values.map(lambda v: shown_date(v, precision))
    if isinstance(out.index, pd.DatetimeIndex) or (
        out.index.dtype == object and any(isinstance(v, dt.date) for v in out.index)
    ):
        out.index = pd.Index([shown_date(v, precision) for v in out.index], name=out.index.name)
    return out


def shown_number(x: float) -> str:
    """A float as a report table shows it: 3 decimals, or 3 significant digits below 0.01.

    >>> " ".join(shown_number(x) for x in (14256.5243, 0.0284, 0.00284, 0.0, -0.000012345))
    '14256.524 0.028 0.00284 0.000 -1.23e-05'
    """
    if x == 0 or abs(x) >= 0.01 or x != x:
        return f"{x:.3f}"
    return f"{x:.3g}"


def require_dates(corpus: Corpus, what: str = "this section") -> None:
    """Raise :class:`DataError` (a section's note) when no document of ``corpus`` has a date.

    >>> from discourse import Corpus, Document
    >>> require_dates(Corpus([Document("a", "x", "bbc")]), "a trend")
    Traceback (most recent call last):
    ...
    discourse.errors.DataError: a trend needs dates, and none of the 1 documents has one; give the reader a date field (--date FIELD) or a date for all (--default-date)
    """
    n = len(corpus)
    if n and any(d.date is not None for d in corpus):
        return
    raise DataError(
        f"{what} needs dates, and none of the {n:,} documents has one; give the reader a "
        "date field (--date FIELD) or a date for all (--default-date)"
    )


def save_provenance(
    name: str, provenance: dict, *, folder: str | os.PathLike | None = None
) -> dict:
    """Write a fitted model's ``provenance_`` to ``<data dir>/provenance_<name>.json``.

    The report runner lists these in the run manifest (seed, parameters,
    corpus fingerprint, versions, whether the model came from the cache).
    """
    if not name or any(ch in name for ch in "/\\"):
        raise ParameterError(f"provenance name {name!r} must be a plain file name")
    out = data_dir(folder)
    if out is not None:
        (out / f"provenance_{name}.json").write_text(
            json.dumps(provenance, indent=1, default=str), "utf-8"
        )
    return provenance


def provenance_table(provenance: Mapping[str, Any]) -> pd.DataFrame:
    """A model's ``provenance_`` as a two-column table, one row per entry, each in full.

    A mapping reads ``name=value; …``, a list ``a, b, …``.

    Examples
    --------
    >>> provenance_table({"seed": 0, "params": {"k": 2}, "changes": [0.5, 0.1]}).values.tolist()
    [['seed', '0'], ['params', 'k=2'], ['changes', '0.5, 0.1']]
    """

    def text(value: Any) -> str:
        if isinstance(value, Mapping):
            return "; ".join(f"{k}={text(v)}" for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return ", ".join(text(v) for v in value)
        return str(value)

    return pd.DataFrame(
        {"entry": list(provenance), "value": [text(v) for v in provenance.values()]}
    )


def show_provenance(
    name: str, provenance: dict, *, folder: str | os.PathLike | None = None
) -> None:
    """Save a model's ``provenance_`` (:func:`save_provenance`) and show :func:`provenance_table`.

    Returns None, so a cell ending with it shows nothing more.
    """
    save_provenance(name, provenance, folder=folder)
    frame = provenance_table(provenance)
    try:
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        print(frame.to_string(index=False))
        return None
    display(HTML(frame.to_html(index=False, border=0, classes="dataframe provenance")))
    return None


def _record_skip(name: str, reason: str) -> None:
    out = data_dir()
    if out is None:
        return
    path = out / "skipped.json"
    try:
        items = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        items = []
    items.append({"section": name, "reason": reason})
    path.write_text(json.dumps(items, indent=1), "utf-8")


class _Section:
    def __init__(self, name: str):
        self.name = name
        self.skipped: str | None = None

    def __bool__(self) -> bool:
        return self.skipped is None


@contextlib.contextmanager
def section(name: str, *, needs: _Section | Sequence[_Section] | None = None) -> Iterator[_Section]:
    """Run one report section; if the data cannot support it, show why and go on.

    A :class:`DataError` (too few documents or tokens, a term absent
    everywhere) or a :class:`ParameterError` (e.g. a source named in the
    notebook's parameters that this corpus does not have) inside the block
    becomes a visible note with the message (which names the numbers and the
    fix); the skip is recorded for the report runner, which lists it on the
    terminal. Other errors propagate and fail the notebook.

    ``needs`` names earlier sections whose results this one uses (the
    objects the earlier ``with`` statements bound). When one of them was
    skipped, this section is skipped too, with that reason, whatever error
    the missing result causes.

    Examples
    --------
    >>> with section("Topic model") as fit:  # doctest: +ELLIPSIS
    ...     raise DataError("the topic model needs at least 20 documents, this corpus has 3")
    <IPython.core.display.HTML object>
    >>> bool(fit)
    False
    >>> with section("Topic labels", needs=fit) as labels:  # doctest: +ELLIPSIS
    ...     undefined_model.labels()
    <IPython.core.display.HTML object>
    >>> labels.skipped
    "needs 'Topic model', which was not computed"
    """
    if needs is None:
        needs = ()
    elif isinstance(needs, _Section):
        needs = (needs,)
    missing = [n for n in needs if not n]
    s = _Section(name)
    try:
        yield s
    except (DataError, ParameterError) as exc:
        s.skipped = str(exc)
    except Exception:
        if not missing:
            raise
        s.skipped = f"needs {', '.join(repr(n.name) for n in missing)}, which was not computed"
    if s.skipped is not None:
        _record_skip(name, s.skipped)
        _show_note(name, s.skipped)


def _show_note(name: str, reason: str) -> None:
    text = f"Section '{name}' was not computed: {reason}"
    try:
        from IPython.display import HTML, display

        display(
            HTML(
                '<div class="discourse-skip" style="border-left:4px solid #E69F00;padding:6px 10px;'
                f'background:#fff8e6"><b>{html.escape(name)}: not computed.</b> {html.escape(reason)}</div>'
            )
        )
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        print(text)
