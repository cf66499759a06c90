"""Charts of distinctive vocabulary (tables from :func:`discourse.keyness`).

* :func:`keyness_bars` — diverging bars: the top terms of each side.
* :func:`keyness_scatter` — a static, Scattertext-like scatter of the
  frequency of every term in target and reference (log scales), the most
  distinctive terms labelled without overlap.
* :func:`keyness_heatmap` — sources × top keywords, for N sources.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import ParameterError, known
from .style import PALETTE, get_ax, house_style, labels_for

__all__ = ["keyness_bars", "keyness_scatter", "keyness_heatmap"]

_STATS = ("log_odds_z", "log_ratio", "g2", "chi2", "pct_diff", "z", "delta")


def _backend_ready() -> None:
    """Load the pyplot backend before entering ``house_style()``.

    In Jupyter, loading the inline backend turns interactive mode on; if
    that first happens inside an ``rc_context``, leaving the context
    restores ``interactive=False`` and no later figure is shown.
    """
    import matplotlib.pyplot as plt

    load = getattr(plt, "_get_backend_mod", None)
    if load is not None:
        load()


def _group_column(table: pd.DataFrame) -> str:
    col = table.attrs.get("group_column")
    if col in table.columns:
        return col
    for c in ("source", "group", "year", "decade"):
        if c in table.columns:
            return c
    raise ParameterError(
        "the table has no group column (source/group); pass a table from discourse.keyness"
    )


def _one_target(table: pd.DataFrame, target) -> tuple[pd.DataFrame, object]:
    col = _group_column(table)
    values = list(dict.fromkeys(table[col]))
    if target is None:
        if len(values) != 1:
            raise ParameterError(
                f"the table has {len(values)} targets; choose one with target=, "
                f"e.g. target={values[0]!r} (known: {known(values)})"
            )
        target = values[0]
    elif target not in values:
        raise ParameterError(f"target={target!r} is not in the table; known: {known(values)}")
    return table[table[col] == target], target


def _names(table: pd.DataFrame, names: Mapping | None) -> dict:
    out = dict(table.attrs.get("names") or {})
    out.update(names or {})
    return out


def _name(code, names: dict, sources) -> str:
    if code == "rest":
        return "all others"
    parts = str(code).split("+") if isinstance(code, str) else [code]
    return " + ".join(labels_for(parts, names, sources))


def _check_stat(table: pd.DataFrame, stat: str) -> None:
    if stat not in table.columns:
        have = [c for c in _STATS if c in table.columns]
        raise ParameterError(f"stat={stat!r} is not a column of the table; use one of {have}")


def keyness_bars(
    table: pd.DataFrame,
    *,
    target=None,
    stat: str = "log_odds_z",
    n: int = 15,
    names: Mapping | None = None,
    sources=None,
    ax=None,
):
    """Diverging bar chart: the ``n`` most over-used terms of each side.

    Parameters
    ----------
    table : DataFrame
        From :func:`discourse.keyness` (or :func:`discourse.log_odds`).
    target : optional
        Which target, when the table holds several.
    stat : str, default "log_odds_z"
        Bar length (``log_ratio`` also draws its bootstrap interval).
    n : int, default 15
        Terms per side.
    names : mapping, optional
        Display names of the groups (default: names recorded by ``keyness``).
    sources : SourceTable, optional
        Display names from a source table (``corpus.sources``).
    ax : matplotlib Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> from discourse import Corpus, Document, keyness
    >>> c = Corpus([Document("a", "isolation isolation sanctions", "SYR"),
    ...             Document("b", "peace peace freedom", "USA")])
    >>> ax = keyness_bars(keyness(c, target="SYR", min_count=1, n_boot=0), n=2)
    >>> len(ax.patches)
    4
    """
    _check_stat(table, stat)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n= must be a positive integer, got {n!r}")
    part, target = _one_target(table, target)
    part = part.dropna(subset=[stat]).sort_values(stat, ascending=False)
    pos = part[part[stat] > 0].head(n)
    neg = part[part[stat] < 0].tail(n)
    rows = pd.concat([pos, neg])
    nm = _names(table, names)
    t_name = _name(target, nm, sources)
    r_name = _name(table.attrs.get("reference", "reference"), nm, sources)
    _backend_ready()
    with house_style():
        ax = get_ax(ax, figsize=(7, 0.25 * len(rows) + 1.5))
        y = np.arange(len(rows))[::-1]
        col = [PALETTE[0] if v > 0 else PALETTE[1] for v in rows[stat]]
        err = None
        if stat == "log_ratio" and {"log_ratio_low", "log_ratio_high"} <= set(rows.columns):
            lo = (rows[stat] - rows["log_ratio_low"]).clip(lower=0).fillna(0)
            hi = (rows["log_ratio_high"] - rows[stat]).clip(lower=0).fillna(0)
            err = np.vstack([lo.to_numpy(), hi.to_numpy()])
        ax.barh(y, rows[stat].to_numpy(), color=col, xerr=err, ecolor="0.3", height=0.7)
        ax.set_yticks(y, labels=rows["term"].astype(str).tolist())
        ax.axvline(0, color="0.2", linewidth=0.8)
        ax.set_xlabel(stat.replace("_", " "))
        ax.set_title(f"{t_name} vs {r_name}")
        ax.grid(axis="y", visible=False)
        from matplotlib.patches import Patch

        handles = [
            Patch(color=PALETTE[0], label=f"more in {t_name}"),
            Patch(color=PALETTE[1], label=f"more in {r_name}"),
        ]
        ax.legend(handles=handles, loc="best")
    return ax


def _overlaps(box, placed) -> bool:
    return any(box.overlaps(p) for p in placed)


def keyness_scatter(
    table: pd.DataFrame,
    *,
    target=None,
    stat: str = "log_odds_z",
    n_labels: int = 30,
    names: Mapping | None = None,
    sources=None,
    ax=None,
):
    """Frequency of each term in target vs reference (per 10k tokens, log scales).

    A static version of Scattertext's two-category plot: one point per term,
    coloured by ``stat`` (blue: over-used by the target, orange: by the
    reference); the ``n_labels`` terms with the largest ``|stat|`` are
    labelled, skipping any label whose box (in display coordinates) would
    overlap one already placed or leave the axes, after trying four
    positions around its point. Terms absent on one side sit on a floor at
    half the smallest non-zero rate (drawn as a dotted line).

    Parameters
    ----------
    table : DataFrame
        From :func:`discourse.keyness` for one target (``top=None`` shows the
        whole vocabulary).
    target, stat, names, sources, ax
        As in :func:`keyness_bars`.
    n_labels : int, default 30
        Terms to try to label.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from discourse import Corpus, Document, keyness
    >>> c = Corpus([Document("a", "isolation isolation sanctions peace", "SYR"),
    ...             Document("b", "peace peace freedom sanctions", "USA")])
    >>> ax = keyness_scatter(keyness(c, target="SYR", min_count=1, n_boot=0), n_labels=4)
    >>> len(ax.collections), 1 <= len(ax.texts) <= 4
    (1, True)
    """
    _check_stat(table, stat)
    if not isinstance(n_labels, int) or isinstance(n_labels, bool) or n_labels < 0:
        raise ParameterError(f"n_labels= must be a non-negative integer, got {n_labels!r}")
    part, target = _one_target(table, target)
    if part.empty:
        raise ParameterError("the table has no rows for this target")
    x = (part["count_reference"] / part["total_reference"] * 1e4).to_numpy(dtype=float)
    y = (part["count_target"] / part["total_target"] * 1e4).to_numpy(dtype=float)
    pos = np.concatenate([x[x > 0], y[y > 0]])
    floor = pos.min() / 2 if len(pos) else 1e-3
    xs, ys = np.where(x > 0, x, floor), np.where(y > 0, y, floor)
    v = part[stat].to_numpy(dtype=float)
    lim = np.nanmax(np.abs(v)) if np.isfinite(v).any() else 1.0
    nm = _names(table, names)
    t_name = _name(target, nm, sources)
    r_name = _name(table.attrs.get("reference", "reference"), nm, sources)
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("keyness", [PALETTE[1], "#d9d9d9", PALETTE[0]])
    _backend_ready()
    with house_style():
        ax = get_ax(ax, figsize=(7, 7))
        ax.scatter(xs, ys, c=v, cmap=cmap, vmin=-lim, vmax=lim, s=8, alpha=0.7, linewidths=0)
        ax.set_xscale("log")
        ax.set_yscale("log")
        lo, hi = min(xs.min(), ys.min()) / 1.5, max(xs.max(), ys.max()) * 1.5
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.plot([lo, hi], [lo, hi], color="0.5", linewidth=0.8, linestyle="--")
        if (x == 0).any() or (y == 0).any():
            ax.axvline(floor, color="0.6", linewidth=0.6, linestyle=":")
            ax.axhline(floor, color="0.6", linewidth=0.6, linestyle=":")
        ax.set_xlabel(f"per 10k tokens: {r_name}")
        ax.set_ylabel(f"per 10k tokens: {t_name}")
        ax.set_title(f"{t_name} vs {r_name}")
        _place_labels(ax, xs, ys, v, part["term"].astype(str).to_numpy(), n_labels)
    return ax


def _place_labels(ax, xs, ys, v, terms, n_labels: int) -> None:
    """Greedy labels: most distinctive first; skip a label that would overlap."""
    if n_labels == 0:
        return
    order = np.argsort(-np.nan_to_num(np.abs(v), nan=-1.0), kind="stable")[:n_labels]
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    offsets = ((4, 4, "left", "bottom"), (-4, 4, "right", "bottom"))
    offsets += ((4, -4, "left", "top"), (-4, -4, "right", "top"))
    for i in order:
        for dx, dy, ha, va in offsets:
            t = ax.annotate(
                terms[i],
                (xs[i], ys[i]),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=8,
                color=PALETTE[0] if v[i] > 0 else PALETTE[1],
            )
            box = t.get_window_extent(renderer)
            inside = (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            if inside and not _overlaps(box, placed):
                placed.append(box)
                break
            t.remove()


def keyness_heatmap(
    table: pd.DataFrame,
    *,
    stat: str = "log_odds_z",
    n: int = 5,
    targets=None,
    names: Mapping | None = None,
    sources=None,
    ax=None,
):
    """Targets × top keywords: each target's ``n`` most over-used terms, for all targets.

    Columns are the union of the targets' top terms (grouped by the target
    that picked them); a cell is blank where the table has no row for that
    pair (e.g. a term cut by ``top=``).

    Parameters
    ----------
    table : DataFrame
        From :func:`discourse.keyness` with several targets (``target=None``).
    stat : str, default "log_odds_z"
    n : int, default 5
        Top terms per target.
    targets : list, optional
        Targets (rows) to show, in this order (default: all in the table).
    names, sources, ax
        As in :func:`keyness_bars`.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from discourse import Corpus, Document, keyness
    >>> c = Corpus([Document("a", "isolation isolation sanctions", "SYR"),
    ...             Document("b", "peace peace freedom", "USA"),
    ...             Document("c", "sovereignty sovereignty peace", "CHN")])
    >>> ax = keyness_heatmap(keyness(c, min_count=1, n_boot=0), n=1)
    >>> len(ax.get_yticklabels()), len(ax.get_xticklabels())
    (3, 3)
    """
    _check_stat(table, stat)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n= must be a positive integer, got {n!r}")
    col = _group_column(table)
    present = list(dict.fromkeys(table[col]))
    if targets is None:
        targets = present
    else:
        targets = list(targets)
        missing = [t for t in targets if t not in present]
        if missing:
            raise ParameterError(
                f"targets: {missing[0]!r} is not in the table; known: {known(present)}"
            )
    terms: list[str] = []
    for t in targets:
        part = table[table[col] == t].sort_values(stat, ascending=False)
        for term in part["term"].head(n):
            if term not in terms:
                terms.append(term)
    wide = (
        table[table[col].isin(targets) & table["term"].isin(terms)]
        .pivot_table(index=col, columns="term", values=stat, aggfunc="first")
        .reindex(index=targets, columns=terms)
    )
    values = wide.to_numpy(dtype=float)
    lim = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
    nm = _names(table, names)
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("keyness", [PALETTE[1], "#f7f7f7", PALETTE[0]])
    _backend_ready()
    with house_style():
        ax = get_ax(ax, figsize=(max(5, 0.35 * len(terms) + 2), 0.35 * len(targets) + 1.8))
        im = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=-lim, vmax=lim, aspect="auto")
        ax.set_xticks(np.arange(len(terms)), labels=terms, rotation=60, ha="right")
        ax.set_yticks(np.arange(len(targets)), labels=[_name(t, nm, sources) for t in targets])
        ax.grid(False)
        ax.figure.colorbar(im, ax=ax, label=stat.replace("_", " "), shrink=0.8)
        ax.set_title("distinctive terms per " + str(col))
    return ax
