"""Charts of framing rates, trends, collocates and dispersion (Axes in, Axes out).

Each function takes the tidy table returned by :mod:`discourse.framing` or
:mod:`discourse.concordance`, draws on ``ax`` (or a new figure) inside the
house style and returns the Axes. Source codes are shown with display
names from ``names=`` (a mapping) or ``table=`` (``corpus.sources``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import UNSET, check_int, renamed
from ..errors import ParameterError
from ._checks import item_column, need
from .style import colors, get_ax, house_style, labels_for

__all__ = ["rate_heatmap", "rate_dots", "trend_lines", "collocate_bars", "dispersion_plot"]

_SOURCE = "the matching analysis (term_rates, frame_rates, trends, collocates, dispersion)"


def rate_heatmap(
    data: pd.DataFrame,
    *,
    rows: str = "source",
    columns: str | None = None,
    value: str = "rate_per_10k",
    annotate: bool = True,
    names: dict | None = None,
    table: Any = None,
    cmap: str = "cividis",
    ax: Any = None,
) -> Any:
    """Heatmap of rates: one row per source, one column per term or frame, annotated.

    Rows are sorted by their mean rate (highest on top), columns by their
    overall rate.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"source": ["CHN", "CHN", "SYR", "SYR"], "term": ["a", "b", "a", "b"],
    ...                    "rate_per_10k": [1.0, 2.0, 0.5, 3.0]})
    >>> ax = rate_heatmap(df)
    >>> len(ax.images)
    1
    """
    columns = columns or item_column(data)
    need(data, [rows, columns, value], "rate_heatmap", _SOURCE)
    wide = data.pivot_table(index=rows, columns=columns, values=value, aggfunc="mean", sort=False)
    wide = wide.loc[wide.mean(axis=1).sort_values(ascending=False).index]
    wide = wide[wide.mean(axis=0).sort_values(ascending=False).index]
    M = wide.to_numpy(dtype=float)
    with house_style():
        ax = get_ax(ax, figsize=(max(5, 0.8 * M.shape[1] + 2), max(3, 0.45 * M.shape[0] + 1.5)))
        im = ax.imshow(np.ma.masked_invalid(M), aspect="auto", cmap=cmap)
        ax.set_xticks(range(M.shape[1]), [str(c) for c in wide.columns], rotation=40, ha="right")
        ax.set_yticks(range(M.shape[0]), labels_for(list(wide.index), names, table))
        ax.grid(False)
        unit = "per 10,000 tokens" if value == "rate_per_10k" else value
        ax.figure.colorbar(im, ax=ax, label=f"{value.replace('_per_10k', '')} ({unit})")
        if annotate:
            finite = M[np.isfinite(M)]
            mid = (finite.max() + finite.min()) / 2 if len(finite) else 0
            for i in range(M.shape[0]):
                for j in range(M.shape[1]):
                    if np.isfinite(M[i, j]):
                        ax.text(
                            j,
                            i,
                            _fmt(M[i, j]),
                            ha="center",
                            va="center",
                            fontsize=8,
                            color="black" if M[i, j] > mid else "white",
                        )
        ax.set_xlabel(columns)
        ax.set_ylabel("")
    return ax


def rate_dots(
    data: pd.DataFrame,
    *,
    y: str | None = None,
    hue: str = "source",
    x: str = "rate_per_10k",
    low: str = "ci_low",
    high: str = "ci_high",
    names: dict | None = None,
    table: Any = None,
    ax: Any = None,
) -> Any:
    """Dot plot of rates with interval whiskers: one series (errorbar) per ``hue`` value.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"source": ["CHN", "SYR"], "term": ["a", "a"], "rate_per_10k": [1.0, 2.0],
    ...                    "ci_low": [0.5, 1.5], "ci_high": [1.5, 2.5]})
    >>> ax = rate_dots(df)
    >>> len(ax.containers)
    2
    """
    y = y or item_column(data)
    need(data, [y, hue, x, low, high], "rate_dots", _SOURCE)
    items = list(data.groupby(y, sort=False)[x].mean().sort_values().index)
    series = list(dict.fromkeys(data[hue]))
    pos = {it: i for i, it in enumerate(items)}
    step = 0.8 / max(len(series), 1)
    with house_style():
        ax = get_ax(ax, figsize=(7, max(3, 0.5 * len(items) + 1)))
        for k, (s, c, lab) in enumerate(
            zip(series, colors(len(series)), labels_for(series, names, table), strict=True)
        ):
            d = data[data[hue] == s]
            yy = np.array([pos[v] for v in d[y]]) - 0.4 + step * (k + 0.5)
            xv = d[x].to_numpy(dtype=float)
            err = np.vstack(
                [
                    np.clip(xv - d[low].to_numpy(dtype=float), 0, None),
                    np.clip(d[high].to_numpy(dtype=float) - xv, 0, None),
                ]
            )
            ax.errorbar(
                xv, yy, xerr=np.nan_to_num(err), fmt="o", color=c, label=lab, ms=4, capsize=2
            )
        ax.set_yticks(range(len(items)), [str(i) for i in items])
        ax.set_xlabel("rate per 10,000 tokens" if x == "rate_per_10k" else x)
        ax.set_xlim(left=0)
        ax.legend(loc="lower right")
    return ax


def trend_lines(
    data: pd.DataFrame,
    *,
    x: str = "period",
    y: str = "rate_per_10k",
    hue: str = "source",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    names: dict | None = None,
    table: Any = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Trend lines with interval bands: one line (and one band) per ``hue`` value.

    Filter the table to one term or frame first (e.g. ``t[t.frame == "isolation"]``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"source": ["CHN"] * 3 + ["SYR"] * 3, "period": [1, 2, 3] * 2,
    ...                    "rate_per_10k": [1.0, 2, 3, 2, 2, 1], "ci_low": [0.5] * 6,
    ...                    "ci_high": [3.5] * 6})
    >>> ax = trend_lines(df)
    >>> len(ax.lines), len(ax.collections)
    (2, 2)
    """
    need(data, [x, y, hue], "trend_lines", _SOURCE)
    item = item_column(data)
    if item in data.columns and data[item].nunique() > 1:
        raise ParameterError(
            f"trend_lines: the table holds {data[item].nunique()} {item}s; filter it to one, "
            f"e.g. df[df['{item}'] == {str(data[item].iloc[0])!r}]"
        )
    series = list(dict.fromkeys(data[hue]))
    with house_style():
        ax = get_ax(ax)
        for s, c, lab in zip(
            series, colors(len(series)), labels_for(series, names, table), strict=True
        ):
            d = data[data[hue] == s].sort_values(x)
            ax.plot(d[x], d[y], color=c, label=lab, lw=1.8)
            if low and high and low in d.columns and high in d.columns:
                ax.fill_between(
                    d[x].to_numpy(dtype=float),
                    d[low].to_numpy(dtype=float),
                    d[high].to_numpy(dtype=float),
                    color=c,
                    alpha=0.15,
                    lw=0,
                )
        ax.set_xlabel("year" if x == "period" else x)
        ax.set_ylabel("rate per 10,000 tokens" if y == "rate_per_10k" else y)
        ax.set_ylim(bottom=0)
        if title is None and item in data.columns and len(data):
            title = str(data[item].iloc[0])
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left", ncols=2 if len(series) > 4 else 1)
    return ax


def collocate_bars(
    data: pd.DataFrame,
    *,
    value: str = "log_dice",
    n: int = 15,
    label: str = "collocate",
    color: str | None = None,
    ax: Any = None,
    top: Any = UNSET,
) -> Any:
    """Horizontal bars of a term's ``n`` top collocates (filter the table to one group first).

    ``top=`` is the deprecated name of ``n``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"collocate": ["illegal", "naval"], "log_dice": [12.0, 9.5]})
    >>> ax = collocate_bars(df)
    >>> len(ax.containers)
    1
    """
    if top is not UNSET:
        n = renamed("collocate_bars", "top", "n", top, UNSET if n == 15 else n)
    n = check_int("n", n)
    need(data, [label, value], "collocate_bars", _SOURCE)
    d = data.nlargest(n, value).iloc[::-1]
    with house_style():
        ax = get_ax(ax, figsize=(5, max(2.5, 0.3 * len(d) + 1)))
        ax.barh(d[label].astype(str), d[value], color=color or colors(1)[0])
        ax.set_xlabel("log-Dice (max 14)" if value == "log_dice" else value)
        ax.grid(axis="y", visible=False)
    return ax


def dispersion_plot(
    data: pd.DataFrame,
    *,
    x: str = "date",
    y: str = "source",
    hue: str = "term",
    names: dict | None = None,
    table: Any = None,
    ax: Any = None,
) -> Any:
    """X-ray plot: a tick for every match, one row per source, one colour (artist) per term.

    ``x="date"`` places matches in time; ``x="relative"`` within their document (0–1).

    Examples
    --------
    >>> import pandas as pd, datetime as dt
    >>> df = pd.DataFrame({"source": ["SYR", "CHN"], "term": ["isolation", "hegemony"],
    ...                    "date": [dt.date(2019, 1, 1), dt.date(2020, 1, 1)], "relative": [0.1, 0.5]})
    >>> ax = dispersion_plot(df, x="relative")
    >>> len(ax.collections)
    2
    """
    need(data, [x, y, hue], "dispersion_plot", _SOURCE)
    rows = list(dict.fromkeys(data[y]))
    pos = {r: i for i, r in enumerate(rows)}
    terms = list(dict.fromkeys(data[hue]))
    with house_style():
        ax = get_ax(ax, figsize=(8, max(2.5, 0.45 * len(rows) + 1)))
        for t, c in zip(terms, colors(len(terms)), strict=True):
            d = data[data[hue] == t]
            xs = pd.to_datetime(d[x]) if x == "date" else d[x].to_numpy(dtype=float)
            ax.scatter(xs, [pos[v] for v in d[y]], marker="|", s=120, color=c, label=str(t), lw=1)
        ax.set_yticks(range(len(rows)), labels_for(rows, names, table))
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlabel(
            "date"
            if x == "date"
            else "position in document (0 = start, 1 = end)"
            if x == "relative"
            else x
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return ax


def _fmt(v: float) -> str:
    """Two significant digits without scientific notation: 0.36, 7.9, 27, 130."""
    if v == 0:
        return "0"
    if abs(v) >= 10:
        return f"{v:,.0f}"
    return f"{v:.2g}"
