"""KWIC, collocates and dispersion: the lines behind the counts, escaped display."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from discourse import Corpus, DataError, Document
from discourse.analysis.concordance import (
    Concordance,
    collocates,
    compare_collocates,
    dispersion,
    kwic,
)
from discourse.analysis.framing import term_rates


@pytest.fixture
def corpus():
    docs = [
        Document(
            "s1",
            "Syria rejects the Isolation imposed on it.\nIsolation must end.",
            "SYR",
            dt.date(2019, 9, 1),
        ),
        Document(
            "s2",
            "Text <script>alert(1)</script> isolation & unilateral\ncoercive  measures",
            "SYR",
            dt.date(2020, 9, 1),
        ),
        Document(
            "c1",
            "China opposes unilateral coercive measures and isolationism.",
            "CHN",
            dt.date(2019, 9, 1),
        ),
        Document(
            "u1",
            "Freedom, the illegal blockade; illegal blockade; illegal blockade.",
            "USA",
            dt.date(2019, 9, 1),
        ),
        Document(
            "u2", "A naval blockade, a naval blockade, naval blockade.", "CUB", dt.date(2019, 9, 1)
        ),
    ]
    return Corpus(docs, name="conc")


def test_kwic_matches_counts_and_original_wording(corpus):
    k = kwic(corpus, ["isolat*", "unilateral coercive measures"], window=3)
    assert isinstance(k, Concordance)
    assert list(k.columns) == [
        "doc_id",
        "source",
        "date",
        "term",
        "left",
        "match",
        "right",
        "position",
    ]
    counts = term_rates(corpus, ["isolat*", "unilateral coercive measures"], n_boot=5)
    assert len(k) == counts["count"].sum()
    first = k.iloc[0]
    assert (first.left, first.match, first.right) == (
        "Syria rejects the",
        "Isolation",
        "imposed on it",
    )
    phrase = k[k.term == "unilateral coercive measures"]
    assert "unilateral coercive measures" in phrase["match"].tolist()  # white space collapsed
    assert set(k.source) == {"SYR", "CHN"}


def test_kwic_sampling_and_groups(corpus):
    a = kwic(corpus, "isolat*", n=2, seed=3)
    b = kwic(corpus, "isolat*", n=2, seed=3)
    assert len(a) == 2 and a.equals(b)
    g = kwic(corpus, "isolat*", by="year", n=1)
    assert "year" in g.columns and g.groupby("year").size().max() == 1
    assert kwic(corpus, "hegemon*").empty


def test_kwic_html_escapes_corpus_text(corpus):
    out = kwic(corpus, "isolation", window=6)._repr_html_()
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&amp;" in out and "<mark>" in out


def test_collocates_counts_and_measures(corpus):
    col = collocates(corpus, "blockade", window=1, min_count=3)
    assert set(col.source) == {"USA", "CUB"}
    usa = col[col.source == "USA"].set_index("collocate")
    assert usa.loc["illegal", "count"] == 3
    assert usa.loc["illegal", "node_count"] == 3
    # log-Dice ≤ 14, PMI positive for a word found only next to the node
    assert (col.log_dice <= 14 + 1e-9).all() and usa.loc["illegal", "pmi"] > 0
    assert (col["count"] >= 3).all()
    side = compare_collocates(corpus, "blockade", "USA", "CUB", window=1, min_count=3)
    assert side["collocate"].tolist()[:2] == ["illegal", "naval"] or set(side.collocate) == {
        "illegal",
        "naval",
    }
    assert np.isnan(side.set_index("collocate").loc["naval", "log_dice_a"])
    with pytest.raises(DataError, match="min_count"):
        compare_collocates(corpus, "blockade", "USA", "SYR", window=1)


def test_dispersion_positions(corpus):
    d = dispersion(corpus, ["isolation", "isolat*"])
    assert len(d) == term_rates(corpus, ["isolation", "isolat*"], n_boot=5)["count"].sum()
    assert ((d.relative >= 0) & (d.relative < 1)).all()
    assert (d.position < d.n_tokens).all()


@pytest.mark.shared
def test_ungdc_kwic(ungdc_corpus):
    view = ungdc_corpus.filter(source=["SYR", "IRN"], years=(2015, 2023))
    k = kwic(view, "unilateral coercive measures", n=10, seed=0)
    assert 0 < len(k) <= 10
    assert (
        k["match"]
        .str.lower()
        .str.replace(r"\W+", " ", regex=True)  # phrases match across punctuation
        .eq("unilateral coercive measures")
        .all()
    )
    # the UNGDC's dates are years: the page shows 2019, not 2019-01-01; the data keeps the date
    assert k.attrs["date_precision"] == "year"
    page = k._repr_html_()
    assert f"<td>{k['date'].iloc[0].year}</td>" in page and "-01-01" not in page
    assert isinstance(k["date"].iloc[0], dt.date)


def test_kwic_shows_day_dates_in_full(corpus):
    k = kwic(corpus, "isolation")
    assert k.attrs["date_precision"] == "day"
    assert "<td>2019-09-01</td>" in k._repr_html_()


def test_kwic_shows_years_when_the_reader_read_years(tmp_path):
    from discourse import read

    path = tmp_path / "speeches.csv"
    path.write_text("who,year,text\nA,2001,isolation is no answer\nB,2002,no isolation\n")
    k = kwic(read(path, source="who", date="year", text="text"), "isolation")
    assert k.attrs["date_precision"] == "year"
    assert "<td>2001</td>" in k._repr_html_() and "2001-01-01" not in k._repr_html_()
