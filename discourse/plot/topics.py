"""Charts for topic models (data from :mod:`discourse.topics`, Axes in / Axes out)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import UNSET, renamed
from ..errors import ParameterError
from ._checks import need
from .style import colors, get_ax, house_style, labels_for

__all__ = [
    "coherence_plot",
    "top_terms_grid",
    "prevalence_heatmap",
    "prevalence_trend",
    "difference_plot",
]

_SOURCE = "the topic model (TopicModel, topic_sweep)"


def coherence_plot(
    sweep: pd.DataFrame,
    *,
    measures: Sequence[str] = ("c_v", "c_npmi"),
    ax=None,
):
    """Coherence (or held-out bound) against the number of topics K.

    Parameters
    ----------
    sweep : DataFrame
        From :func:`discourse.topic_sweep` (``k`` and the measure columns).
    measures : sequence of str
        Columns to draw, one line each (``c_v``, ``c_npmi``, ``u_mass``,
        ``bound``, ``perplexity``).

    Examples
    --------
    >>> sweep = pd.DataFrame({"k": [5, 10], "c_v": [0.4, 0.5], "c_npmi": [0.01, 0.05]})
    >>> len(coherence_plot(sweep).lines)
    2
    """
    if isinstance(measures, str):
        measures = [measures]
    need(sweep, ["k", *measures], "coherence_plot", _SOURCE)
    data = sweep.sort_values("k")
    with house_style():
        ax = get_ax(ax)
        for m, c in zip(measures, colors(len(measures)), strict=True):
            ax.plot(data["k"], data[m], marker="o", color=c, label=m)
        ax.set_xlabel("number of topics K")
        ax.set_ylabel("coherence" if all(m.startswith(("c_", "u_")) for m in measures) else "value")
        ax.set_xticks(data["k"].tolist())
        if len(measures) > 1:
            ax.legend()
        ax.set_title("Choosing K")
    return ax


def top_terms_grid(
    terms: pd.DataFrame,
    *,
    n: int = 8,
    topics: Sequence[int] | None = None,
    ncols: int = 4,
    ax=None,
    axes: Any = UNSET,
):
    """One small bar chart of top terms per topic.

    The one chart that draws on several Axes: ``ax=`` takes one Axes per
    topic (e.g. the array from ``plt.subplots(2, 4)``) and the Axes drawn
    on are returned as an array.

    Parameters
    ----------
    terms : DataFrame
        ``topic, label, rank, term`` and ``prob``, ``score`` or ``weight``
        (from ``model.top_terms()`` or ``model.topics_``). The bars show
        ``prob`` (P(term | topic)) where the table has it, so the terms of
        any ranking (FREX, relevance) are drawn on the one scale that says
        how much of the topic they are; else ``score`` or ``weight``.
    n : int
        Terms per topic.
    topics : list of int, optional
        Topics to draw (default all).
    ax : Axes or array of Axes, optional
        At least as many Axes as topics; a new figure otherwise.
    axes : array of Axes, optional
        Deprecated name of ``ax``.

    Returns
    -------
    ndarray of Axes (the ones drawn on; spare Axes of a new figure are hidden)
    """
    if axes is not UNSET:
        ax = renamed("top_terms_grid", "axes", "ax", axes, ax, default=None)
    columns = terms.columns if isinstance(terms, pd.DataFrame) else ()
    value = next((c for c in ("prob", "score") if c in columns), "weight")
    need(terms, ["topic", "label", "rank", "term", value], "top_terms_grid", _SOURCE)
    ids = sorted(terms["topic"].unique()) if topics is None else list(topics)
    if not ids:
        raise ParameterError("top_terms_grid: no topics to draw")
    from matplotlib.ticker import MaxNLocator

    with house_style():
        if ax is None:
            import matplotlib.pyplot as plt

            nrows = int(np.ceil(len(ids) / ncols))
            fig, grid = plt.subplots(
                nrows,
                ncols,
                figsize=(3.4 * ncols, 0.28 * n * nrows + 1.0 * nrows),
                squeeze=False,
                layout="constrained",  # room for each panel's terms and title, none overlapping
            )
            flat = grid.ravel()
            for extra in flat[len(ids) :]:
                extra.set_visible(False)
            axes = flat[: len(ids)]
        else:
            axes = np.asarray(ax).ravel()
            if len(axes) < len(ids):
                raise ParameterError(f"top_terms_grid: {len(ids)} topics but only {len(axes)} Axes")
            axes = axes[: len(ids)]
        palette = colors(len(ids))
        for one, k, c in zip(axes, ids, palette, strict=True):
            t = terms[terms["topic"] == k].sort_values("rank").head(n)
            if t.empty:
                raise ParameterError(f"top_terms_grid: topic {k!r} is not in the table")
            one.barh(np.arange(len(t))[::-1], t[value], color=c)
            one.set_yticks(np.arange(len(t))[::-1], t["term"].tolist())
            one.set_title(textwrap.fill(f"{k}: {t['label'].iloc[0]}", 30), fontsize=9)
            one.grid(axis="y", visible=False)
            one.tick_params(axis="x", labelsize=7)
            # small panels: three ticks do not run into each other
            one.xaxis.set_major_locator(MaxNLocator(3))
            if value in ("prob", "weight"):
                one.set_xlabel("P(term | topic)", fontsize=7)
    return axes


def prevalence_heatmap(
    prevalence: pd.DataFrame,
    *,
    group: str = "source",
    names: Mapping[str, str] | None = None,
    table=None,
    annotate: bool = True,
    ax=None,
):
    """Group × topic heatmap of mean topic share.

    Parameters
    ----------
    prevalence : DataFrame
        From ``model.prevalence(by=group)``: ``<group>, topic, label, share``.
    group : str
        The group column (rows of the heatmap).
    names, table : display names for source codes (mapping or SourceTable).

    Examples
    --------
    >>> prev = pd.DataFrame({"source": ["A", "A", "B", "B"], "topic": [0, 1, 0, 1],
    ...                      "label": ["x", "y", "x", "y"], "share": [0.7, 0.3, 0.2, 0.8]})
    >>> len(prevalence_heatmap(prev).images)
    1
    """
    need(prevalence, [group, "topic", "label", "share"], "prevalence_heatmap", _SOURCE)
    wide = prevalence.pivot_table(index=group, columns="topic", values="share", aggfunc="mean")
    labels = prevalence.drop_duplicates("topic").set_index("topic")["label"]
    rows = [str(r) for r in wide.index]
    row_labels = labels_for(rows, names, table) if group == "source" else rows
    with house_style():
        ax = get_ax(ax, figsize=(max(6, 0.45 * wide.shape[1] + 2), 0.4 * wide.shape[0] + 1.5))
        im = ax.imshow(wide.to_numpy(dtype=float), aspect="auto", cmap="Blues")
        ax.set_yticks(range(len(rows)), row_labels)
        ax.set_xticks(
            range(wide.shape[1]),
            [f"{k}: {labels[k]}" for k in wide.columns],
            rotation=60,
            ha="right",
            fontsize=7,
        )
        ax.grid(False)
        if annotate and wide.size <= 600:
            vmax = np.nanmax(wide.to_numpy(dtype=float))
            for i in range(wide.shape[0]):
                for j in range(wide.shape[1]):
                    v = wide.iat[i, j]
                    if v == v:
                        ax.text(
                            j,
                            i,
                            f"{100 * v:.0f}",
                            ha="center",
                            va="center",
                            fontsize=6,
                            color="white" if v > 0.6 * vmax else "black",
                        )
        ax.figure.colorbar(im, ax=ax, label="mean share of documents")
        ax.set_title("Topic prevalence (numbers: % of a document)")
    return ax


def prevalence_trend(
    frame: pd.DataFrame,
    *,
    topic: int,
    x: str = "year",
    hue: str = "source",
    names: Mapping[str, str] | None = None,
    table=None,
    band: bool = True,
    ax=None,
):
    """Share of one topic over time, one line per source with its interval band.

    Parameters
    ----------
    frame : DataFrame
        ``model.effect()`` or ``model.prevalence(by=["source", "year"])``:
        ``<hue>, <x>, topic, label, share, ci_low, ci_high``.
    topic : int
    band : bool
        Shade ``ci_low … ci_high``.

    Examples
    --------
    >>> f = pd.DataFrame({"source": ["A"] * 2 + ["B"] * 2, "year": [2000, 2001] * 2,
    ...                   "topic": 0, "label": "x", "share": [0.1, 0.2, 0.3, 0.2],
    ...                   "ci_low": 0.05, "ci_high": 0.4})
    >>> len(prevalence_trend(f, topic=0).lines)
    2
    """
    need(
        frame, [hue, x, "topic", "label", "share", "ci_low", "ci_high"], "prevalence_trend", _SOURCE
    )
    data = frame[frame["topic"] == topic]
    if data.empty:
        raise ParameterError(
            f"prevalence_trend: topic {topic!r} is not in the table; topics: "
            f"{sorted(frame['topic'].unique().tolist())}"
        )
    groups = sorted(data[hue].unique().tolist())
    shown = labels_for(groups, names, table) if hue == "source" else [str(g) for g in groups]
    with house_style():
        ax = get_ax(ax)
        for g, lab, c in zip(groups, shown, colors(len(groups)), strict=True):
            d = data[data[hue] == g].sort_values(x)
            ax.plot(d[x], d["share"], color=c, label=lab)
            if band:
                ax.fill_between(d[x], d["ci_low"], d["ci_high"], color=c, alpha=0.15, lw=0)
        ax.set_xlabel(x)
        ax.set_ylabel("topic share")
        ax.set_title(f"Topic {topic}: {data['label'].iloc[0]}")
        ax.set_ylim(bottom=0)
        ax.legend()
    return ax


def difference_plot(
    difference: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    table=None,
    sort: bool = True,
    ax=None,
):
    """Per-topic difference in mean share between two sources, with intervals.

    Parameters
    ----------
    difference : DataFrame
        From ``model.difference(a, b)``: ``topic, label, a, b, difference,
        ci_low, ci_high``.
    sort : bool
        Order topics by difference.

    Examples
    --------
    >>> d = pd.DataFrame({"topic": [0, 1], "label": ["x", "y"], "a": "A", "b": "B",
    ...                   "difference": [0.1, -0.1], "ci_low": [0.05, -0.2], "ci_high": [0.2, 0.0]})
    >>> len(difference_plot(d).collections) >= 1
    True
    """
    need(
        difference,
        ["topic", "label", "a", "b", "difference", "ci_low", "ci_high"],
        "difference_plot",
        _SOURCE,
    )
    d = difference.sort_values("difference") if sort else difference
    a, b = str(d["a"].iloc[0]), str(d["b"].iloc[0])
    la, lb = labels_for([a, b], names, table)
    y = np.arange(len(d))
    significant = (d["ci_low"] > 0) | (d["ci_high"] < 0)
    with house_style():
        ax = get_ax(ax, figsize=(7, 0.3 * len(d) + 1.5))
        pa, pb = colors(2)
        col = np.where(d["difference"] > 0, pa, pb)
        ax.hlines(y, d["ci_low"], d["ci_high"], colors=col, lw=1.5)
        ax.scatter(
            d["difference"],
            y,
            c=col,
            s=np.where(significant, 30, 12),
            zorder=3,
            edgecolors="none",
        )
        ax.axvline(0, color="0.4", lw=0.8)
        ax.set_yticks(y, [f"{t}: {lab}" for t, lab in zip(d["topic"], d["label"], strict=True)])
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlabel(f"difference in mean topic share ({la} − {lb})")
        ax.set_title(f"Topics: {la} vs {lb}")
    return ax
