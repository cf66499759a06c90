"""House style shared by every chart: palette, rc settings, source labels.

Charts never change global rcParams: each plot function draws inside
``with house_style():``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib as mpl

from ..errors import ParameterError

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

RC = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
}


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Scope the house style to one chart (``plt.rc_context``).

    The pyplot backend is resolved *before* entering the context: in Jupyter
    the inline backend switches interactive mode on when it loads, and if
    that happened inside ``rc_context`` the switch would be undone on exit
    and no later figure would be shown.
    """
    import matplotlib.pyplot as plt

    getattr(plt, "_get_backend_mod", lambda: None)()
    interactive = mpl.is_interactive()
    with mpl.rc_context(RC):
        yield
    if mpl.is_interactive() != interactive:
        mpl.interactive(interactive)


def colors(n: int) -> list[str]:
    """``n`` colours from the palette (cycled beyond eight)."""
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def get_ax(ax=None, *, figsize: tuple[float, float] = (7, 4)):
    """The Axes to draw on: the one given, or a new figure's."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def check_table(table: Any) -> Any:
    """``table=`` of a chart: None or a SourceTable (anything with ``.name(code)``), not a DataFrame."""
    import pandas as pd

    if table is None:
        return None
    if isinstance(table, pd.DataFrame) or not callable(getattr(table, "name", None)):
        raise ParameterError(
            f"table= is the source table that gives display names (such as corpus.sources), "
            f"got a {type(table).__name__}; pass the data table as the first argument"
        )
    return table


def labels_for(sources: Sequence[str], names: dict | None = None, table=None) -> list[str]:
    """Display labels for source codes: ``names`` mapping, then a SourceTable, then the code.

    ``table`` must be a :class:`~discourse.SourceTable` (``corpus.sources``);
    a DataFrame is refused with a :class:`~discourse.errors.ParameterError`.
    """
    table = check_table(table)
    out = []
    for s in sources:
        if names and s in names:
            out.append(str(names[s]))
        elif table is not None:
            out.append(table.name(s))
        else:
            out.append(str(s))
    return out
