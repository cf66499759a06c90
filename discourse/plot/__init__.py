"""Charts: matplotlib, data in, Axes out.

Every function takes a tidy DataFrame (as returned by the analysis
functions) and ``ax=None``, draws on that Axes (or a new figure's) inside
the house style, and returns the Axes. Nothing here calls ``plt.show()``
or ``savefig`` or changes global settings.

Every chart has the same shape: ``chart(data, *, columns…, table=None,
ax=None) -> Axes``, where ``table`` is a :class:`~discourse.SourceTable`
(``corpus.sources``) for display names (a DataFrame there is refused) and
``n=`` is always "how many rows / terms / labels". Two exceptions, both
documented: :func:`top_terms_grid` draws one small chart per topic, so
its ``ax=`` takes one Axes per topic and it returns them as an array; and
:func:`neighbor_table` is a *table*, not a chart: it returns an HTML
table (with the wide DataFrame in ``.data``) and takes no ``ax``.

The charts live in one module per analysis (``framing``, ``keyness``,
``topics``, ``embeddings``); every public chart is also reachable here:
``discourse.plot.rate_heatmap(...)``. The house style is public and
scoped: ``with discourse.plot.house_style(): ...``.
"""

from __future__ import annotations

from . import embeddings, framing, keyness, targets, topics
from .embeddings import axis_dots, neighbor_map, neighbor_table, shift_bars
from .framing import collocate_bars, dispersion_plot, rate_dots, rate_heatmap, trend_lines
from .keyness import keyness_bars, keyness_heatmap, keyness_scatter
from .style import PALETTE, colors, get_ax, house_style, labels_for
from .targets import alc_neighbors, alc_null, around_dots, around_heatmap, mention_lines
from .topics import (
    coherence_plot,
    difference_plot,
    prevalence_heatmap,
    prevalence_trend,
    top_terms_grid,
)

__all__ = [
    "PALETTE",
    "alc_neighbors",
    "alc_null",
    "around_dots",
    "around_heatmap",
    "mention_lines",
    "targets",
    "axis_dots",
    "coherence_plot",
    "collocate_bars",
    "colors",
    "difference_plot",
    "dispersion_plot",
    "embeddings",
    "framing",
    "get_ax",
    "house_style",
    "keyness",
    "keyness_bars",
    "keyness_heatmap",
    "keyness_scatter",
    "labels_for",
    "neighbor_map",
    "neighbor_table",
    "prevalence_heatmap",
    "prevalence_trend",
    "rate_dots",
    "rate_heatmap",
    "shift_bars",
    "top_terms_grid",
    "topics",
    "trend_lines",
]
