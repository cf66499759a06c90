"""Charts of target analyses: frames around a target, mentions over time, ALC meaning.

Tables in (from :func:`discourse.frame_rates` with ``around=``,
:func:`discourse.mentions`, :func:`discourse.meaning`), Axes out.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._checks import item_column, need
from .style import colors, get_ax, house_style, labels_for

__all__ = ["around_heatmap", "around_dots", "mention_lines", "alc_neighbors", "alc_null"]

_SRC = "frame_rates/term_rates with around=, mentions or meaning"


def around_heatmap(
    data: pd.DataFrame,
    *,
    rows: str = "source",
    columns: str | None = None,
    value: str = "rate_per_10k",
    target: str | None = None,
    names: dict | None = None,
    table: Any = None,
    cmap: str = "cividis",
    ax: Any = None,
) -> Any:
    """Heatmap of rates around one target: sources × frames (or terms), annotated.

    Examples
    --------
    >>> df = pd.DataFrame({"source": ["A", "A", "B", "B"], "target": "Syria",
    ...                    "frame": ["x", "y", "x", "y"], "rate_per_10k": [1.0, 2.0, 0.0, 3.0]})
    >>> len(around_heatmap(df).images)
    1
    """
    columns = columns or item_column(data)
    need(data, [rows, columns, value], "around_heatmap", _SRC)
    if target is not None and "target" in data:
        data = data[data["target"] == target]
    wide = data.pivot_table(index=rows, columns=columns, values=value, aggfunc="mean", sort=False)
    M = wide.to_numpy(dtype=float)
    with house_style():
        ax = get_ax(ax, figsize=(max(5, 0.8 * M.shape[1] + 2), max(3, 0.45 * M.shape[0] + 1.5)))
        ax.imshow(np.nan_to_num(M), aspect="auto", cmap=cmap)
        ax.set_xticks(range(M.shape[1]), [str(c) for c in wide.columns], rotation=45, ha="right")
        ax.set_yticks(range(M.shape[0]), labels_for(list(wide.index), names, table))
        for i in range(M.shape[0]):
            for j in range(M.shape[1]):
                if np.isfinite(M[i, j]):
                    ax.text(
                        j,
                        i,
                        f"{M[i, j]:.1f}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if M[i, j] < np.nanmax(M) / 2 else "black",
                    )
        t = _one_target(data, target)
        ax.set_title(f"per 10k context tokens around {t}" if t else "per 10k tokens")
    return ax


def around_dots(
    data: pd.DataFrame,
    *,
    rows: str = "source",
    item: str | None = None,
    target: str | None = None,
    names: dict | None = None,
    table: Any = None,
    ax: Any = None,
) -> Any:
    """Dot plot with interval whiskers: one row per source, one colour per frame (or term).

    Examples
    --------
    >>> df = pd.DataFrame({"source": ["A", "B"], "frame": ["x", "x"], "rate_per_10k": [1.0, 2.0],
    ...                    "ci_low": [0.5, 1.0], "ci_high": [1.5, 3.0]})
    >>> len(around_dots(df).collections) >= 1
    True
    """
    item = item or item_column(data)
    need(data, [rows, item, "rate_per_10k", "ci_low", "ci_high"], "around_dots", _SRC)
    if target is not None and "target" in data:
        data = data[data["target"] == target]
    srcs = list(dict.fromkeys(data[rows]))
    items = list(dict.fromkeys(data[item]))
    with house_style():
        ax = get_ax(ax, figsize=(7, max(3, 0.4 * len(srcs) * max(1, len(items) / 2) + 1)))
        off = np.linspace(-0.3, 0.3, len(items)) if len(items) > 1 else [0.0]
        for k, (it, col) in enumerate(zip(items, colors(len(items)), strict=True)):
            d = data[data[item] == it].set_index(rows).reindex(srcs)
            y = np.arange(len(srcs)) + off[k]
            x = d["rate_per_10k"].to_numpy(float)
            lo = x - d["ci_low"].to_numpy(float)
            hi = d["ci_high"].to_numpy(float) - x
            ax.errorbar(
                x, y, xerr=[np.nan_to_num(lo), np.nan_to_num(hi)], fmt="none", ecolor=col, alpha=0.6
            )
            ax.scatter(x, y, color=col, label=str(it), zorder=3)
        ax.set_yticks(range(len(srcs)), labels_for(srcs, names, table))
        ax.set_xlabel("per 10k context tokens")
        t = _one_target(data, target)
        ax.set_title(f"frames around {t}" if t else "frames around the target")
        ax.legend(frameon=False, fontsize=8)
    return ax


def _one_target(data: pd.DataFrame, target: str | None) -> str | None:
    """``target``, or the one target of ``data``'s ``target`` column (None if several or none)."""
    if target is not None:
        return target
    found = data["target"].unique() if "target" in data else []
    return str(found[0]) if len(found) == 1 else None


def mention_lines(
    data: pd.DataFrame,
    *,
    x: str = "year",
    series: str = "source",
    target: str | None = None,
    value: str = "rate_per_10k",
    names: dict | None = None,
    table: Any = None,
    ax: Any = None,
) -> Any:
    """Mentions of a target over time, one line (with its interval band) per source.

    Examples
    --------
    >>> df = pd.DataFrame({"source": ["A"] * 3, "year": [1, 2, 3], "target": "Syria",
    ...                    "rate_per_10k": [1.0, 2.0, 1.5], "ci_low": [0.5] * 3, "ci_high": [3.0] * 3})
    >>> len(mention_lines(df).lines)
    1
    """
    need(data, [x, series, value], "mention_lines", _SRC)
    if target is not None and "target" in data:
        data = data[data["target"] == target]
    groups = list(dict.fromkeys(data[series]))
    with house_style():
        ax = get_ax(ax)
        for g, col, lab in zip(
            groups, colors(len(groups)), labels_for(groups, names, table), strict=True
        ):
            d = data[data[series] == g].sort_values(x)
            # markers: a source with one year of text is a point, not an invisible line
            ax.plot(d[x], d[value], color=col, label=lab, marker="o", markersize=3)
            if "ci_low" in d:
                ax.fill_between(d[x], d["ci_low"], d["ci_high"], color=col, alpha=0.15, lw=0)
        ax.set_ylabel("mentions per 10k tokens")
        if x == "year":
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "2000.25"
        t = _one_target(data, target)
        ax.set_title(f"mentions of {t}" if t else "mentions")
        ax.legend(frameon=False, fontsize=8)
    return ax


def alc_neighbors(
    data: pd.DataFrame,
    *,
    group: str = "group",
    n: int = 10,
    names: dict | None = None,
    table: Any = None,
    term: str | None = None,
    ax: Any = None,
) -> Any:
    """Nearest neighbours of each group's ALC vector, side by side (a table drawn on an Axes).

    ``term``: the word whose uses the vectors stand for, named in the title.

    Examples
    --------
    >>> df = pd.DataFrame({"group": ["A", "A", "B", "B"], "rank": [1, 2, 1, 2],
    ...                    "word": ["x", "y", "z", "w"], "similarity": [0.9, 0.8, 0.7, 0.6]})
    >>> len(alc_neighbors(df).tables)
    1
    """
    need(data, [group, "rank", "word", "similarity"], "alc_neighbors", _SRC)
    gs = list(dict.fromkeys(data[group]))
    cols = []
    for g in gs:
        d = data[data[group] == g].sort_values("rank").head(n)
        cols.append([f"{w} ({s:.2f})" for w, s in zip(d["word"], d["similarity"], strict=True)])
    depth = max(len(c) for c in cols)
    cells = [[c[i] if i < len(c) else "" for c in cols] for i in range(depth)]
    with house_style():
        ax = get_ax(ax, figsize=(max(4, 2.2 * len(gs)), 0.3 * depth + 1))
        ax.axis("off")
        ax.table(cellText=cells, colLabels=labels_for(gs, names, table), loc="center")
        if term is not None:
            ax.set_title(f"nearest words to each group's uses of {term!r}")
    return ax


def alc_null(
    null: np.ndarray,
    observed: float,
    *,
    label: str = "",
    ax: Any = None,
) -> Any:
    """The permutation null of a distance, with the observed distance marked.

    Examples
    --------
    >>> ax = alc_null(np.random.default_rng(0).random(99), 0.9)
    >>> len(ax.lines)
    1
    """
    null = np.asarray(null, dtype=float)
    with house_style():
        ax = get_ax(ax)
        ax.hist(null, bins=30, color=colors(1)[0], alpha=0.7)
        ax.axvline(observed, color="black", lw=1.5)
        p = (1 + np.count_nonzero(null >= observed)) / (1 + len(null))
        ax.set_title(f"{label} observed {observed:.3f}, p = {p:.3f}".strip())
        ax.set_xlabel("cosine distance under permuted labels")
    return ax
