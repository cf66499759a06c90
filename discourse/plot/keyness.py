"""Charts of distinctive vocabulary (tables from :func:`discourse.keyness`).

* :func:`keyness_bars` — diverging bars: the top terms of each side.
* :func:`keyness_scatter` — a static, Scattertext-like scatter of the
  frequency of every term in target and reference (log scales), the most
  distinctive terms labelled without overlap.
* :func:`keyness_heatmap` — sources × top keywords, for N sources.

Each takes the keyness table first, then keyword options, ``table=`` (a
:class:`~discourse.SourceTable` for display names; ``sources=`` is its
deprecated name) and ``ax=``, and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import UNSET, check_int, renamed
from ..errors import ParameterError, known
from ._checks import need
from .style import PALETTE, check_table, get_ax, house_style, labels_for

__all__ = ["keyness_bars", "keyness_scatter", "keyness_heatmap"]

_STATS = ("log_odds_z", "log_ratio", "g2", "chi2", "pct_diff", "z", "delta")
_SOURCE = "discourse.keyness"


def _group_labels(data: pd.DataFrame) -> pd.Series:
    """The target of each row: the group column, or a tuple of them for ``by=`` a list."""
    cols = data.attrs.get("group_columns")
    if cols and len(cols) > 1 and set(cols) <= set(data.columns):
        return pd.Series(list(zip(*(data[c] for c in cols), strict=True)), index=data.index)
    col = data.attrs.get("group_column")
    if col not in data.columns:
        col = next((c for c in ("source", "group", "year", "decade") if c in data.columns), None)
    if col is None:
        raise ParameterError(
            "the table has no group column (source/group); pass a table from discourse.keyness"
        )
    return data[col]


def _group_name(data: pd.DataFrame) -> str:
    cols = data.attrs.get("group_columns") or []
    return " × ".join(cols) if len(cols) > 1 else str(_group_labels(data).name)


def _one_target(data: pd.DataFrame, target) -> tuple[pd.DataFrame, object]:
    labels = _group_labels(data)
    values = list(dict.fromkeys(labels))
    if target is None:
        if len(values) != 1:
            raise ParameterError(
                f"the table has {len(values)} targets; choose one with target=, "
                f"e.g. target={values[0]!r} (known: {known(values)})"
            )
        target = values[0]
    elif target not in values:
        raise ParameterError(f"target={target!r} is not in the table; known: {known(values)}")
    return data[[lab == target for lab in labels]], target


def _name(code, names: dict, table) -> str:
    if code == "rest":
        return "all others"
    if isinstance(code, tuple):
        return " ".join(_name(c, names, table) for c in code)
    parts = str(code).split("+") if isinstance(code, str) else [code]
    return " + ".join(labels_for(parts, names, table))


def _prepare(
    data: pd.DataFrame, stat: str, fn: str, names: Mapping | None, table: Any
) -> tuple[dict, Any]:
    """Checks shared by the keyness charts; the display names and the source table."""
    need(data, ["term"], fn, _SOURCE)
    if stat not in data.columns:
        have = [c for c in _STATS if c in data.columns]
        raise ParameterError(f"stat={stat!r} is not a column of the table; use one of {have}")
    nm = dict(data.attrs.get("names") or {})
    nm.update(names or {})
    return nm, check_table(table)


def _sides(data: pd.DataFrame, target, nm: dict, table) -> tuple[pd.DataFrame, str, str]:
    """The rows of one target and the display names of target and reference."""
    part, target = _one_target(data, target)
    return (
        part,
        _name(target, nm, table),
        _name(data.attrs.get("reference", "reference"), nm, table),
    )


def keyness_bars(
    data: pd.DataFrame,
    *,
    target=None,
    stat: str = "log_odds_z",
    n: int = 15,
    names: Mapping | None = None,
    table=None,
    ax=None,
    sources: Any = UNSET,
):
    """Diverging bar chart: the ``n`` most over-used terms of each side.

    Parameters
    ----------
    data : DataFrame
        From :func:`discourse.keyness` (or :func:`discourse.log_odds`).
    target : optional
        Which target, when the table holds several (a tuple for a table
        grouped by a list of keys).
    stat : str, default "log_odds_z"
        Bar length (``log_ratio`` also draws its bootstrap interval).
    n : int, default 15
        Terms per side.
    names : mapping, optional
        Display names of the groups (default: names recorded by ``keyness``).
    table : SourceTable, optional
        Display names from a source table (``corpus.sources``); a DataFrame
        is refused.
    ax : matplotlib Axes, optional
    sources : SourceTable, optional
        Deprecated name of ``table``.

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
    if sources is not UNSET:
        table = renamed("keyness_bars", "sources", "table", sources, table, default=None)
    nm, table = _prepare(data, stat, "keyness_bars", names, table)
    n = check_int("n", n)
    part, t_name, r_name = _sides(data, target, nm, table)
    part = part.dropna(subset=[stat]).sort_values(stat, ascending=False)
    pos = part[part[stat] > 0].head(n)
    neg = part[part[stat] < 0].tail(n)
    rows = pd.concat([pos, neg])
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
    data: pd.DataFrame,
    *,
    target=None,
    stat: str = "log_odds_z",
    n: int = 30,
    names: Mapping | None = None,
    table=None,
    ax=None,
    n_labels: Any = UNSET,
    sources: Any = UNSET,
):
    """Frequency of each term in target vs reference (per 10k tokens, log scales).

    A static version of Scattertext's two-category plot: one point per term,
    coloured by ``stat`` (blue: over-used by the target, orange: by the
    reference); the ``n`` terms with the largest ``|stat|`` are
    labelled, skipping any label whose box (in display coordinates) would
    overlap one already placed or leave the axes, after trying four
    positions around its point. Terms absent on one side sit on a floor at
    half the smallest non-zero rate (drawn as a dotted line).

    Parameters
    ----------
    data : DataFrame
        From :func:`discourse.keyness` for one target (``n=None`` shows the
        whole vocabulary).
    target, stat, names, table, ax
        As in :func:`keyness_bars`.
    n : int, default 30
        Terms to try to label (0: none).
    n_labels, sources
        Deprecated names of ``n`` and ``table``.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from discourse import Corpus, Document, keyness
    >>> c = Corpus([Document("a", "isolation isolation sanctions peace", "SYR"),
    ...             Document("b", "peace peace freedom sanctions", "USA")])
    >>> ax = keyness_scatter(keyness(c, target="SYR", min_count=1, n_boot=0), n=4)
    >>> len(ax.collections), 1 <= len(ax.texts) <= 4
    (1, True)
    """
    if n_labels is not UNSET:
        n = renamed(
            "keyness_scatter", "n_labels", "n", n_labels, UNSET if n == 30 else n, default=UNSET
        )
    if sources is not UNSET:
        table = renamed("keyness_scatter", "sources", "table", sources, table, default=None)
    nm, table = _prepare(data, stat, "keyness_scatter", names, table)
    n = check_int("n", n, 0)
    need(
        data,
        ["count_target", "count_reference", "total_target", "total_reference"],
        "keyness_scatter",
        _SOURCE,
    )
    part, t_name, r_name = _sides(data, target, nm, table)
    if part.empty:
        raise ParameterError("the table has no rows for this target")
    x = (part["count_reference"] / part["total_reference"] * 1e4).to_numpy(dtype=float)
    y = (part["count_target"] / part["total_target"] * 1e4).to_numpy(dtype=float)
    pos = np.concatenate([x[x > 0], y[y > 0]])
    floor = pos.min() / 2 if len(pos) else 1e-3
    xs, ys = np.where(x > 0, x, floor), np.where(y > 0, y, floor)
    v = part[stat].to_numpy(dtype=float)
    lim = np.nanmax(np.abs(v)) if np.isfinite(v).any() else 1.0
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("keyness", [PALETTE[1], "#d9d9d9", PALETTE[0]])
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
        _place_labels(ax, xs, ys, v, part["term"].astype(str).to_numpy(), n)
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
    data: pd.DataFrame,
    *,
    stat: str = "log_odds_z",
    n: int = 5,
    targets=None,
    names: Mapping | None = None,
    table=None,
    ax=None,
    sources: Any = UNSET,
):
    """Targets × top keywords: each target's ``n`` most over-used terms, for all targets.

    Columns are the union of the targets' top terms (grouped by the target
    that picked them); a cell is blank where the table has no row for that
    pair (e.g. a term cut by ``keyness(n=)``).

    Parameters
    ----------
    data : DataFrame
        From :func:`discourse.keyness` with several targets (``target=None``).
    stat : str, default "log_odds_z"
    n : int, default 5
        Top terms per target.
    targets : list, optional
        Targets (rows) to show, in this order (default: all in the table).
    names, table, ax, sources
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
    if sources is not UNSET:
        table = renamed("keyness_heatmap", "sources", "table", sources, table, default=None)
    nm, table = _prepare(data, stat, "keyness_heatmap", names, table)
    n = check_int("n", n)
    labels = _group_labels(data)
    present = list(dict.fromkeys(labels))
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
        part = data[[lab == t for lab in labels]].sort_values(stat, ascending=False)
        for term in part["term"].head(n):
            if term not in terms:
                terms.append(term)
    row = {t: i for i, t in enumerate(targets)}
    col = {term: j for j, term in enumerate(terms)}
    values = np.full((len(targets), len(terms)), np.nan)
    for lab, term, v in zip(labels, data["term"], data[stat], strict=True):
        i, j = row.get(lab), col.get(term)
        if i is not None and j is not None and np.isnan(values[i, j]):
            values[i, j] = v  # the first row of a pair, as before
    lim = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("keyness", [PALETTE[1], "#f7f7f7", PALETTE[0]])
    with house_style():
        ax = get_ax(ax, figsize=(max(5, 0.35 * len(terms) + 2), 0.35 * len(targets) + 1.8))
        im = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=-lim, vmax=lim, aspect="auto")
        ax.set_xticks(np.arange(len(terms)), labels=terms, rotation=60, ha="right")
        ax.set_yticks(np.arange(len(targets)), labels=[_name(t, nm, table) for t in targets])
        ax.grid(False)
        ax.figure.colorbar(im, ax=ax, label=stat.replace("_", " "), shrink=0.8)
        ax.set_title("distinctive terms per " + _group_name(data))
    return ax
