"""Charts for word embeddings per source (:mod:`discourse.embeddings`).

* :func:`neighbor_table` — the neighbours of a term per group, side by side:
  a *table*, not a chart (it returns an :class:`HTMLTable` that displays in
  a notebook and holds the wide DataFrame in ``.data``; it takes no ``ax``).
* :func:`neighbor_map` — 2-D PCA of a term and its neighbours per group.
* :func:`axis_dots` — semantic-axis scores per term and group, with intervals.
* :func:`shift_bars` — observed shift per term with its permutation-null band.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._checks import need
from .style import colors, get_ax, house_style, labels_for

__all__ = ["axis_dots", "neighbor_map", "neighbor_table", "shift_bars"]


def _p_column(frame: pd.DataFrame) -> str:
    """The p-value column: ``p``, or ``p_value`` in tables from before the rename."""
    if isinstance(frame, pd.DataFrame) and "p" not in frame.columns and "p_value" in frame.columns:
        return "p_value"
    return "p"


class HTMLTable:
    """An HTML table for notebooks (``_repr_html_``); ``.data`` is the wide DataFrame."""

    def __init__(self, data: pd.DataFrame, markup: str):
        self.data = data
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def neighbor_table(
    frame: pd.DataFrame,
    *,
    names: Mapping | None = None,
    table=None,
    digits: int = 2,
    title: str | None = None,
) -> HTMLTable:
    """Neighbours per group side by side, HTML-escaped, similarity as a shaded bar.

    Parameters
    ----------
    frame : DataFrame
        ``AlignedEmbeddings.neighbors(...)`` output (``group, rank, neighbor, similarity``).
    names, table : optional
        Display names for group codes (a mapping, or a SourceTable such as
        ``corpus.sources``).

    Returns
    -------
    HTMLTable
        A table, not a chart (so no ``ax=``): displays as HTML in a
        notebook; ``.data`` is the wide DataFrame.
    """
    need(frame, {"group", "rank", "neighbor", "similarity"}, "neighbor_table", "neighbors()")
    groups = list(dict.fromkeys(frame["group"]))
    heads = labels_for(groups, names, table)
    ranks = sorted(frame["rank"].unique())
    cell = {(r.group, r.rank): (str(r.neighbor), float(r.similarity)) for r in frame.itertuples()}
    out = ['<table class="discourse-neighbors" style="border-collapse:collapse;font-size:90%">']
    if title:
        out.append(f"<caption>{html.escape(title)}</caption>")
    out.append("<thead><tr><th>#</th>")
    out += [f'<th style="padding:2px 8px">{html.escape(h)}</th>' for h in heads]
    out.append("</tr></thead><tbody>")
    for r in ranks:
        out.append(f"<tr><td>{int(r)}</td>")
        for g in groups:
            if (g, r) in cell:
                w, s = cell[(g, r)]
                shade = max(0.0, min(1.0, s))
                out.append(
                    f'<td style="padding:2px 8px;background:rgba(0,114,178,{0.35 * shade:.2f})">'
                    f"{html.escape(w)} <small>{s:.{digits}f}</small></td>"
                )
            else:
                out.append("<td></td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    wide = pd.DataFrame(
        {
            h: [cell.get((g, r), ("", np.nan))[0] for r in ranks]
            for g, h in zip(groups, heads, strict=True)
        },
        index=pd.Index(ranks, name="rank"),
    )
    return HTMLTable(wide, "".join(out))


def neighbor_map(frame: pd.DataFrame, *, names: Mapping | None = None, table=None, ax=None):
    """2-D projection of a term and its neighbours in each group (aligned space).

    Parameters
    ----------
    frame : DataFrame
        :func:`discourse.embeddings.projection` output (``group, word, kind, x, y``).

    Returns
    -------
    matplotlib.axes.Axes
        One scatter per group (neighbours small, the term large and ringed)
        and an arrow-free label for every point.
    """
    need(frame, {"group", "word", "kind", "x", "y"}, "neighbor_map", "projection()")
    groups = list(dict.fromkeys(frame["group"]))
    heads = labels_for(groups, names, table)
    with house_style():
        ax = get_ax(ax, figsize=(7, 6))
        for g, h, col in zip(groups, heads, colors(len(groups)), strict=True):
            f = frame[frame["group"] == g]
            nb = f[f["kind"] == "neighbor"]
            t = f[f["kind"] == "term"]
            ax.scatter(nb["x"], nb["y"], s=18, color=col, alpha=0.8, label=h)
            ax.scatter(t["x"], t["y"], s=120, color=col, edgecolor="black", linewidth=1.2, zorder=3)
            for r in f.itertuples():
                ax.annotate(
                    str(r.word),
                    (r.x, r.y),
                    fontsize=8 if r.kind == "neighbor" else 10,
                    fontweight="bold" if r.kind == "term" else "normal",
                    color=col,
                    xytext=(3, 3),
                    textcoords="offset points",
                )
        term = frame.loc[frame["kind"] == "term", "word"]
        ax.set_title(f"'{term.iloc[0]}' and its neighbours" if len(term) else "neighbours")
        ax.set_xlabel("PC 1 of the aligned vectors")
        ax.set_ylabel("PC 2")
        ax.legend(loc="best")
    return ax


def axis_dots(
    frame: pd.DataFrame,
    *,
    names: Mapping | None = None,
    table=None,
    alpha: float = 0.05,
    ax=None,
    pole_labels: tuple[str, str] | None = None,
):
    """Semantic-axis scores: one row per term, one dot per group, interval bars.

    Filled dots have ``p < alpha``; hollow dots do not. The p-value column
    is ``p`` (``p_value``, its older name, is read too).

    Parameters
    ----------
    frame : DataFrame
        :func:`discourse.embeddings.semantic_axis` output.
    pole_labels : (str, str), optional
        Names of the negative and positive poles, written under the x axis.
    """
    p = _p_column(frame)
    need(frame, ["group", "term", "score", "ci_low", "ci_high", p], "axis_dots", "semantic_axis()")
    groups = list(dict.fromkeys(frame["group"]))
    terms = list(dict.fromkeys(frame["term"]))
    heads = labels_for(groups, names, table)
    n = len(groups)
    with house_style():
        ax = get_ax(ax, figsize=(7, 0.5 + 0.45 * len(terms) * max(1, n / 2)))
        for i, (g, h, col) in enumerate(zip(groups, heads, colors(n), strict=True)):
            f = frame[frame["group"] == g]
            y = np.array([terms.index(t) for t in f["term"]]) + (i - (n - 1) / 2) * 0.8 / max(n, 1)
            ax.errorbar(
                f["score"],
                y,
                xerr=[f["score"] - f["ci_low"], f["ci_high"] - f["score"]],
                fmt="none",
                ecolor=col,
                elinewidth=1.2,
                alpha=0.8,
            )
            sig = (f[p] < alpha).to_numpy()
            ax.scatter(
                f["score"][sig], y[sig], color=col, s=36, zorder=3, label=h if sig.any() else None
            )
            ax.scatter(
                f["score"][~sig],
                y[~sig],
                facecolor="white",
                edgecolor=col,
                s=36,
                zorder=3,
                label=None if sig.any() else h,
            )
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks(range(len(terms)), terms)
        ax.invert_yaxis()
        xl = "score (cosine with the axis)"
        if pole_labels:
            xl = f"← {pole_labels[0]}    {xl}    {pole_labels[1]} →"
        ax.set_xlabel(xl)
        ax.set_title(f"Semantic axis (filled: p < {alpha:g})")
        ax.legend(loc="best")
    return ax


def shift_bars(frame: pd.DataFrame, *, ax=None, names: Mapping | None = None, table=None):
    """Observed shift per term with the seed range and the permutation-null band.

    Parameters
    ----------
    frame : DataFrame
        :meth:`AlignedEmbeddings.shift_test` output.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per term (error bar: min–max over seeds), a grey band from
        the null's 5th to 95th percentile with a tick at its median, and
        the p-value at the end of the bar.
    """
    p = _p_column(frame)
    need(
        frame,
        [
            "term",
            "group_a",
            "group_b",
            "shift",
            "shift_min",
            "shift_max",
            "null_q05",
            "null_q50",
            "null_q95",
            p,
        ],
        "shift_bars",
        "shift_test()",
    )
    labels = [
        f"{t}  ({a} vs {b})"
        if frame[["group_a", "group_b"]].drop_duplicates().shape[0] > 1
        else str(t)
        for t, a, b in zip(
            frame["term"],
            labels_for(frame["group_a"], names, table),
            labels_for(frame["group_b"], names, table),
            strict=True,
        )
    ]
    y = np.arange(len(frame))
    with house_style():
        ax = get_ax(ax, figsize=(7, 0.8 + 0.5 * len(frame)))
        ax.barh(
            y, frame["shift"], height=0.55, color=colors(1)[0], label="observed (mean over seeds)"
        )
        ax.errorbar(
            frame["shift"],
            y,
            xerr=[frame["shift"] - frame["shift_min"], frame["shift_max"] - frame["shift"]],
            fmt="none",
            ecolor="black",
            elinewidth=1,
            capsize=3,
        )
        for i, (r, pv) in enumerate(zip(frame.itertuples(), frame[p], strict=True)):
            ax.fill_betweenx(
                [i - 0.38, i + 0.38],
                r.null_q05,
                r.null_q95,
                color="grey",
                alpha=0.3,
                label="null 5–95%" if i == 0 else None,
                zorder=0,
            )
            ax.plot([r.null_q50] * 2, [i - 0.38, i + 0.38], color="grey", lw=1.5)
            ax.annotate(
                f"p={pv:.2f}",
                (max(r.shift_max, r.null_q95), i),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        a, b = (
            labels_for(frame["group_a"][:1], names, table),
            labels_for(frame["group_b"][:1], names, table),
        )
        ax.set_xlabel("context shift (1 − cosine)")
        ax.set_title(
            f"Shift {a[0]} vs {b[0]} against a label-permutation null" if len(frame) else "Shift"
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2)
    return ax
