"""Charts share one vocabulary: data first, n=, table= (a SourceTable), ax=; old names warn."""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from discourse import Corpus, Document, ParameterError  # noqa: E402
from discourse.analysis import collocates, keyness  # noqa: E402
from discourse.corpus.sources import SourceTable  # noqa: E402
from discourse.plot import (  # noqa: E402
    collocate_bars,
    keyness_bars,
    keyness_heatmap,
    keyness_scatter,
    labels_for,
    rate_heatmap,
    top_terms_grid,
)

NAMES = SourceTable({"CUB": {"name": "Cuba"}, "USA": {"name": "United States"}})


@pytest.fixture(scope="module")
def corpus():
    texts = {
        "CUB": "the illegal blockade harms; the illegal blockade must end. isolation peace",
        "USA": "a naval blockade. the naval blockade holds. freedom peace liberty",
    }
    docs = [
        Document(f"{s}{i}", t, s, dt.date(2000 + i, 1, 1))
        for s, t in texts.items()
        for i in range(3)
    ]
    return Corpus(docs, name="chart-vocabulary", sources=NAMES)


@pytest.fixture(scope="module")
def pair(corpus):
    return keyness(corpus, target="CUB", reference="USA", min_count=1, n=None, n_boot=0)


@pytest.mark.parametrize("chart", [keyness_bars, keyness_scatter, keyness_heatmap])
def test_sources_is_table(pair, chart):
    _, ax = plt.subplots()
    with pytest.warns(DeprecationWarning, match="use table="):
        chart(pair, sources=NAMES, ax=ax)
    _, ax2 = plt.subplots()
    assert chart(pair, table=NAMES, ax=ax2) is ax2
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        t.get_text() for t in ax2.get_yticklabels()
    ]
    assert ax.get_title() == ax2.get_title()
    with pytest.raises(ParameterError, match="give table= only"):
        chart(pair, sources=NAMES, table=NAMES)


@pytest.mark.parametrize("chart", [keyness_bars, keyness_scatter, keyness_heatmap])
def test_a_dataframe_as_table_is_refused(pair, chart):
    with pytest.raises(ParameterError, match="table= is the source table"):
        chart(pair, table=pair)


def test_labels_for_refuses_a_dataframe():
    assert labels_for(["CUB", "XYZ"], table=NAMES) == ["Cuba", "XYZ"]
    with pytest.raises(ParameterError, match="corpus.sources"):
        labels_for(["CUB"], table=pd.DataFrame({"code": ["CUB"], "name": ["Cuba"]}))
    df = pd.DataFrame({"source": ["CUB"], "term": ["a"], "rate_per_10k": [1.0]})
    with pytest.raises(ParameterError, match="table="):
        rate_heatmap(df, table=df)


def test_scatter_n_labels_is_n(pair):
    _, ax = plt.subplots()
    keyness_scatter(pair, n=3, ax=ax)
    _, ax2 = plt.subplots()
    with pytest.warns(DeprecationWarning, match="use n="):
        keyness_scatter(pair, n_labels=3, ax=ax2)
    assert [t.get_text() for t in ax.texts] == [t.get_text() for t in ax2.texts]
    with pytest.raises(ParameterError, match="give n= only"):
        keyness_scatter(pair, n=4, n_labels=3)


def test_collocate_bars_top_is_n(corpus):
    col = collocates(corpus, "blockade", window=2, min_count=1)
    col = col[col.source == "CUB"]
    _, ax = plt.subplots()
    collocate_bars(col, n=2, ax=ax)
    assert len(ax.patches) == 2
    _, ax2 = plt.subplots()
    with pytest.warns(DeprecationWarning, match="use n="):
        collocate_bars(col, top=2, ax=ax2)
    assert len(ax2.patches) == 2


def test_top_terms_grid_axes_is_ax():
    terms = pd.DataFrame(
        {
            "topic": [0, 0, 1, 1],
            "label": ["a", "a", "b", "b"],
            "rank": [1, 2, 1, 2],
            "term": ["x", "y", "z", "w"],
            "weight": [0.5, 0.3, 0.6, 0.2],
        }
    )
    _, axes = plt.subplots(1, 2)
    out = top_terms_grid(terms, ax=axes)
    assert list(out) == list(axes.ravel())
    _, axes2 = plt.subplots(1, 2)
    with pytest.warns(DeprecationWarning, match="use ax="):
        out2 = top_terms_grid(terms, axes=axes2)
    assert list(out2) == list(axes2.ravel())
    assert all(len(a.patches) == 2 for a in out2)
