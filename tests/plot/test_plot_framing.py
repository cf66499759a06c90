"""Framing charts: Axes in, the same Axes out, one artist per series."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from discourse import ParameterError
from discourse.analysis.concordance import collocates, dispersion
from discourse.analysis.framing import frame_rates, term_rates, trends
from discourse.plot import framing as fp

TERMS = {
    "coercion": ["unilateral coercion", "coercive measures"],
    "isolation": ["isolation"],
    "sovereignty": ["sovereignty", "external interference", "non-interference"],
}


def test_heatmap_and_dots(tiny_corpus):
    t = term_rates(tiny_corpus, TERMS, n_boot=20)
    _, ax = plt.subplots()
    assert fp.rate_heatmap(t, table=None, names={"CHN": "China"}, ax=ax) is ax
    assert "China" in [x.get_text() for x in ax.get_yticklabels()]
    assert len(ax.texts) == t["rate_per_10k"].notna().sum()
    _, ax = plt.subplots()
    assert fp.rate_dots(frame_rates(tiny_corpus, TERMS, n_boot=20), ax=ax) is ax
    assert len(ax.containers) == 3  # one errorbar series per source


def test_trend_lines_one_line_and_band_per_source(tiny_corpus):
    t = trends(tiny_corpus, TERMS, n_boot=20)
    _, ax = plt.subplots()
    assert fp.trend_lines(t[t.frame == "isolation"], ax=ax) is ax
    assert len(ax.lines) == 3 and len(ax.collections) == 3
    with pytest.raises(ParameterError, match="filter it to one"):
        fp.trend_lines(t)


def test_collocate_bars_and_dispersion(tiny_corpus):
    col = collocates(tiny_corpus, "isolation", window=3, min_count=1)
    _, ax = plt.subplots()
    assert fp.collocate_bars(col[col.source == "SYR"], ax=ax) is ax
    assert len(ax.containers) == 1
    d = dispersion(tiny_corpus, ["isolation", "external interference"])
    _, ax = plt.subplots()
    assert fp.dispersion_plot(d, ax=ax) is ax
    assert len(ax.collections) == 2
    with pytest.raises(ParameterError, match="not in the table"):
        fp.dispersion_plot(d.drop(columns="date"))


def test_plot_package_finds_charts():
    import discourse.plot

    assert discourse.plot.rate_heatmap is fp.rate_heatmap
