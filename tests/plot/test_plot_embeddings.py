"""Tests for discourse.plot.embeddings: Axes in / Axes out, one artist per series, escaped HTML."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from discourse import ParameterError
from discourse.plot import embeddings as P


@pytest.fixture
def neighbors_frame():
    return pd.DataFrame(
        {
            "group": ["CHN"] * 3 + ["USA"] * 3,
            "rank": [1, 2, 3] * 2,
            "neighbor": [
                "hegemony",
                "<script>alert(1)</script>",
                "blockade",
                "pariah",
                "a&b",
                "regime",
            ],
            "similarity": [0.8, 0.7, 0.6, 0.9, 0.5, 0.4],
            "count": [10, 5, 4, 12, 3, 7],
        }
    )


def test_neighbor_table_escapes_and_keeps_data(neighbors_frame):
    t = P.neighbor_table(neighbors_frame, names={"CHN": "China", "USA": "United States"})
    html = t._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a&amp;b" in html
    assert "China" in html and "United States" in html
    assert t.data.shape == (3, 2) and list(t.data.columns) == ["China", "United States"]
    with pytest.raises(ParameterError, match="neighbors"):
        P.neighbor_table(neighbors_frame.drop(columns="similarity"))


def test_neighbor_map_returns_given_axes():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "group": ["A"] * 4 + ["B"] * 4,
            "word": ["t", "x", "y", "z"] * 2,
            "kind": ["term", "neighbor", "neighbor", "neighbor"] * 2,
            "x": rng.normal(size=8),
            "y": rng.normal(size=8),
        }
    )
    fig, ax = plt.subplots()
    out = P.neighbor_map(frame, ax=ax)
    assert out is ax
    assert len(ax.collections) == 4  # neighbours + term per group
    assert len(ax.texts) == 8


def test_axis_dots_one_series_per_group():
    frame = pd.DataFrame(
        {
            "group": ["A", "A", "B", "B"],
            "term": ["sanctions", "sovereignty"] * 2,
            "score": [0.2, -0.1, 0.05, 0.3],
            "ci_low": [0.1, -0.2, -0.05, 0.2],
            "ci_high": [0.3, 0.0, 0.15, 0.4],
            "p_value": [0.01, 0.2, 0.5, 0.001],
        }
    )
    fig, ax = plt.subplots()
    assert P.axis_dots(frame, ax=ax, pole_labels=("conflict", "cooperation")) is ax
    # per group: filled dots, hollow dots (scatter) + one errorbar line collection
    scatters = [c for c in ax.collections if c.get_offsets().shape[1] == 2]
    assert len(scatters) >= 4
    assert [t.get_text() for t in ax.get_yticklabels()] == ["sanctions", "sovereignty"]
    assert "cooperation" in ax.get_xlabel()
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["A", "B"]


def test_shift_bars_one_bar_per_term_and_null_band():
    frame = pd.DataFrame(
        {
            "term": ["isolation", "sanctions"],
            "group_a": ["CHN", "CHN"],
            "group_b": ["USA", "USA"],
            "shift": [0.6, 0.2],
            "shift_min": [0.55, 0.15],
            "shift_max": [0.65, 0.25],
            "null_q05": [0.1, 0.1],
            "null_q50": [0.2, 0.2],
            "null_q95": [0.3, 0.35],
            "p_value": [0.05, 0.6],
        }
    )
    fig, ax = plt.subplots()
    assert P.shift_bars(frame, ax=ax) is ax
    bars = [p for p in ax.patches if isinstance(p, plt.Rectangle)]
    assert len(bars) == 2
    assert [t.get_text() for t in ax.texts] == ["p=0.05", "p=0.60"]
    with pytest.raises(ParameterError, match="shift_test"):
        P.shift_bars(frame.drop(columns="null_q95"))


def test_charts_reachable_from_discourse_plot():
    import discourse.plot

    for name in P.__all__:
        assert getattr(discourse.plot, name) is getattr(P, name)
