"""Tests for discourse.plot.topics: each chart returns the Axes given, one artist per series."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from synthetic import make_synthetic

from discourse import ParameterError
from discourse.plot import topics as tp


@pytest.fixture(scope="module")
def model():
    from discourse.models.topics import TopicModel

    corpus, _, _ = make_synthetic(80)
    return TopicModel(
        n_topics=4, passes=5, chunksize=40, no_below=1, no_above=0.9, stopwords=None, cache=False
    ).fit(corpus)


def test_charts_reachable_from_discourse_plot():
    import discourse.plot

    for name in tp.__all__:
        assert getattr(discourse.plot, name) is getattr(tp, name)


def test_coherence_plot_one_line_per_measure():
    sweep = pd.DataFrame({"k": [10, 5, 20], "c_v": [0.5, 0.4, 0.45], "c_npmi": [0.0, 0.1, 0.05]})
    fig, ax = plt.subplots()
    out = tp.coherence_plot(sweep, measures=["c_v", "c_npmi"], ax=ax)
    assert out is ax
    assert len(ax.lines) == 2
    assert list(ax.lines[0].get_xdata()) == [5, 10, 20]
    with pytest.raises(ParameterError, match="lacks column"):
        tp.coherence_plot(sweep, measures=["bound"])


def test_top_terms_grid(model):
    fig, axes = plt.subplots(2, 2)
    out = tp.top_terms_grid(model.top_terms(rank="frex", n=6), n=5, ax=axes)
    assert len(out) == 4 and all(a is b for a, b in zip(out, axes.ravel(), strict=True))
    assert all(len(a.patches) == 5 for a in out)
    frex = model.top_terms(rank="frex", n=5)  # the bars are P(term | topic), not the FREX score
    first = frex[frex["topic"] == 0].sort_values("rank")
    widths = [bar.get_width() for bar in out[0].patches]  # rank 1 first
    assert (
        widths == pytest.approx(first["prob"].tolist()) and out[0].get_xlabel() == "P(term | topic)"
    )
    new = tp.top_terms_grid(model.topics_, n=3, topics=[0, 1], ncols=2)
    assert len(new) == 2
    with pytest.raises(ParameterError, match="only 1 Axes"):
        tp.top_terms_grid(model.topics_, ax=[axes[0, 0]])


def test_prevalence_heatmap(model):
    prev = model.prevalence(by="source", n_boot=20)
    fig, ax = plt.subplots()
    out = tp.prevalence_heatmap(prev, names={"AAA": "Alpha"}, ax=ax)
    assert out is ax
    assert len(ax.images) == 1
    assert ax.images[0].get_array().shape == (4, 4)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Alpha"


def test_prevalence_trend_lines_and_bands(model):
    eff = model.effect(sources=["AAA", "BBB", "CCC"], df=2, n_boot=20)
    fig, ax = plt.subplots()
    out = tp.prevalence_trend(eff, topic=1, ax=ax)
    assert out is ax
    assert len(ax.lines) == 3
    assert len(ax.collections) == 3
    with pytest.raises(ParameterError, match="topic 9"):
        tp.prevalence_trend(eff, topic=9)


def test_difference_plot(model):
    d = model.difference("AAA", "BBB", n_boot=50)
    fig, ax = plt.subplots()
    out = tp.difference_plot(d, ax=ax)
    assert out is ax
    segs = ax.collections[0].get_segments()
    assert len(segs) == 4
    widths = np.array([s[1][0] - s[0][0] for s in segs])
    assert (widths >= 0).all()
    assert "AAA" in ax.get_xlabel() and "BBB" in ax.get_xlabel()
