"""Tests of the keyness charts (discourse.plot.keyness)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import discourse  # noqa: E402
from discourse import Corpus, Document, ParameterError  # noqa: E402
from discourse.analysis.keyness import keyness  # noqa: E402
from discourse.corpus.sources import SourceTable  # noqa: E402
from discourse.plot.keyness import keyness_bars, keyness_heatmap, keyness_scatter  # noqa: E402

WORDS = [f"w{i:02d}" for i in range(40)]


@pytest.fixture(scope="module")
def corpus():
    rng = np.random.default_rng(1)
    docs = []
    for s, src in enumerate(("AAA", "BBB", "CCC")):
        p = np.ones(len(WORDS))
        p[s * 10 : s * 10 + 10] = 6.0
        p /= p.sum()
        for i in range(5):
            docs.append(Document(f"{src}{i}", " ".join(rng.choice(WORDS, size=80, p=p)), src))
    table = SourceTable(
        {"AAA": {"name": "Alpha"}, "BBB": {"name": "Beta"}, "CCC": {"name": "Gamma"}}
    )
    return Corpus(docs, name="plots", sources=table)


@pytest.fixture(scope="module")
def pair(corpus):
    return keyness(corpus, target="AAA", reference="BBB", min_count=1, n=None, n_boot=30)


def test_charts_are_reachable_from_discourse_plot():
    assert discourse.plot.keyness_bars is keyness_bars
    assert {"keyness_bars", "keyness_scatter", "keyness_heatmap"} <= set(dir(discourse.plot))


def test_bars_return_the_given_axes_with_n_bars_per_side(pair):
    fig, ax = plt.subplots()
    out = keyness_bars(pair, n=5, table=None, ax=ax)
    assert out is ax
    assert len(ax.patches) == 10
    widths = [p.get_width() for p in ax.patches]
    assert sum(w > 0 for w in widths) == 5 and sum(w < 0 for w in widths) == 5
    assert ax.get_title() == "Alpha vs Beta"  # display names recorded by keyness
    labels = {t.get_text() for t in ax.get_yticklabels()}
    top5 = set(pair.nlargest(5, "log_odds_z")["term"])
    assert top5 <= labels


def test_bars_log_ratio_draws_intervals(pair):
    ax = keyness_bars(pair, stat="log_ratio", n=3)
    assert len(ax.patches) == 6
    from matplotlib.container import ErrorbarContainer

    assert any(isinstance(c, ErrorbarContainer) for c in ax.containers)


def test_scatter_labels_never_overlap(pair):
    fig, ax = plt.subplots(figsize=(4, 4))
    out = keyness_scatter(pair, n=len(pair), ax=ax)
    assert out is ax
    assert len(ax.collections) == 1
    assert len(ax.collections[0].get_offsets()) == len(pair)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert 0 < len(boxes) <= len(pair)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    # the most distinctive term is always labelled (placed first)
    best = pair.loc[pair["log_odds_z"].abs().idxmax(), "term"]
    assert best in {t.get_text() for t in ax.texts}


def test_heatmap_rows_are_targets_and_columns_their_top_terms(corpus):
    every = keyness(corpus, min_count=1, n=None, n_boot=0)
    fig, ax = plt.subplots()
    out = keyness_heatmap(every, n=3, ax=ax, names={"CCC": "Gamma!"})
    assert out is ax
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["Alpha", "Beta", "Gamma!"]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert len(cols) == len(set(cols)) <= 9
    img = ax.images[0].get_array()
    assert img.shape == (3, len(cols))
    # each row's own top terms are positive
    for r, src in enumerate(("AAA", "BBB", "CCC")):
        own = every[every["source"] == src].nlargest(3, "log_odds_z")["term"]
        for term in own:
            assert img[r, cols.index(term)] > 0


def test_chart_errors_name_the_fix(corpus, pair):
    every = keyness(corpus, min_count=1, n=5, n_boot=0)
    with pytest.raises(ParameterError, match="target="):
        keyness_bars(every)
    with pytest.raises(ParameterError, match="'ZZZ'"):
        keyness_scatter(every, target="ZZZ")
    with pytest.raises(ParameterError, match="stat="):
        keyness_bars(pair, stat="nope")
    with pytest.raises(ParameterError, match="'ZZZ'"):
        keyness_heatmap(every, targets=["ZZZ"])


def test_ungdc_charts(ungdc_corpus):
    c = ungdc_corpus.filter(years=(2014, 2023))
    k = keyness(c, target="CHN", reference="USA", n=None, n_boot=0)
    ax = keyness_scatter(k, n=40, table=c.sources)
    assert ax.get_title() == "China vs United States"
    assert "china" in {t.get_text() for t in ax.texts}
