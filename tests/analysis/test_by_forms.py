"""One ``by=`` for every analysis: a list, a mapping and a function give the same numbers.

One contract test, parametrised over every analysis that takes ``by=``:
the same grouping written as a mapping and as a function (and a list of
keys written as a function returning tuples) must give the same rows and
numbers; only the names of the group columns differ.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from discourse import Corpus, Document, ParameterError
from discourse.analysis import (
    collocates,
    compare_collocates,
    dispersion,
    frame_rates,
    keyness,
    kwic,
    log_odds,
    rate_differences,
    term_rates,
    trends,
)

BLOC = {"AAA": "east", "BBB": "east", "CCC": "west", "DDD": "west"}
TERMS = {"iso": ["isolation", "isolat*"], "blk": ["illegal blockade", "blockade"]}
WORDS = {
    "AAA": "isolation isolated illegal blockade peace order",
    "BBB": "isolation illegal blockade sovereignty peace",
    "CCC": "naval blockade freedom peace order freedom",
    "DDD": "naval blockade freedom isolation market",
}


@pytest.fixture(scope="module")
def corpus():
    docs = []
    for src, text in WORDS.items():
        for year in (2001, 2002, 2003):
            for i in range(2):
                body = " ".join([text] * (1 + (year + i) % 3))
                docs.append(Document(f"{src}-{year}-{i}", body, src, dt.date(year, 9, 1)))
    return Corpus(docs, name="by-forms")


# name → (call(corpus, by), columns that exist whatever by= is)
ANALYSES = {
    "term_rates": (lambda c, by: term_rates(c, TERMS, by=by, n_boot=20), ()),
    "frame_rates": (lambda c, by: frame_rates(c, TERMS, by=by, n_boot=20), ()),
    "trends": (lambda c, by: trends(c, TERMS, by=by, n_boot=20), ()),
    "rate_differences": (lambda c, by: rate_differences(c, TERMS, by=by, n_boot=20), ()),
    "keyness": (lambda c, by: keyness(c, by=by, min_count=1, n=None, n_boot=20), ()),
    "log_odds": (lambda c, by: log_odds(c, by=by, min_count=1, n=None), ()),
    "collocates": (lambda c, by: collocates(c, "blockade", by=by, window=2, min_count=1), ()),
    "dispersion": (lambda c, by: dispersion(c, ["isolation", "blockade"], by=by), ("year",)),
    "kwic": (lambda c, by: kwic(c, "isolat*", by=by, window=2), ("source",)),
}
GROUP_COLUMNS = {"source", "year", "group", "source_a", "year_a", "source_b", "year_b", "a", "b"}


def _numbers(frame: pd.DataFrame, fixed) -> pd.DataFrame:
    """The frame without its group columns (those that name the group)."""
    drop = [c for c in frame.columns if c in GROUP_COLUMNS and c not in fixed]
    return frame.drop(columns=drop).reset_index(drop=True)


def _same(x: pd.DataFrame, y: pd.DataFrame) -> None:
    assert list(x.columns) == list(y.columns)
    assert len(x) == len(y) > 0
    for col in x.columns:
        a, b = x[col], y[col]
        if pd.api.types.is_float_dtype(a) or pd.api.types.is_float_dtype(b):
            np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9)
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), col


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_mapping_and_function_agree(corpus, name):
    call, fixed = ANALYSES[name]
    by_map = call(corpus, BLOC)
    by_fun = call(corpus, lambda d: BLOC.get(d.source))
    group = [c for c in by_map.columns if c in GROUP_COLUMNS and c not in fixed]
    assert group and all(c in ("group", "a", "b") for c in group)
    _same(by_map, by_fun)
    _same(_numbers(by_map, fixed), _numbers(by_fun, fixed))


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_list_agrees_with_function_of_tuples(corpus, name):
    call, fixed = ANALYSES[name]
    by_list = call(corpus, ["source", "year"])
    by_fun = call(corpus, lambda d: (d.source, d.date.year))
    assert "source" in by_list.columns or "source_a" in by_list.columns
    _same(_numbers(by_list, fixed), _numbers(by_fun, fixed))
    # each group column holds plain values, and together they name the function's group
    cols = [c for c in ("source", "year") if c in by_list.columns and c not in fixed]
    fcol = "group" if "group" in by_fun.columns else None
    if cols == ["source", "year"] and fcol:
        pairs = list(zip(by_list["source"], by_list["year"], strict=True))
        assert pairs == [tuple(g) for g in by_fun[fcol]]


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_list_of_one_key_is_that_key(corpus, name):
    call, _ = ANALYSES[name]
    _same(call(corpus, ["source"]), call(corpus, "source"))


def test_keyness_list_target_is_a_tuple(corpus):
    one = keyness(
        corpus, target=("AAA", 2001), by=["source", "year"], min_count=1, n=None, n_boot=0
    )
    assert set(one["source"]) == {"AAA"} and set(one["year"]) == {2001}
    fun = keyness(
        corpus.filter(source={"AAA", "BBB", "CCC", "DDD"}),
        target="x",
        by=lambda d: "x" if (d.source, d.date.year) == ("AAA", 2001) else "rest",
        min_count=1,
        n=None,
        n_boot=0,
    )
    cols = ["term", "count_target", "count_reference", "g2", "log_odds_z"]
    _same(one[cols].reset_index(drop=True), fun[cols].reset_index(drop=True))
    bloc = keyness(
        corpus,
        target=[("AAA", 2001), ("BBB", 2001)],
        by=["source", "year"],
        min_count=1,
        n=5,
        n_boot=0,
    )
    assert set(bloc["source"]) == {"AAA+BBB"} and set(bloc["year"]) == {"2001+2001"}
    with pytest.raises(ParameterError, match="tuple"):
        keyness(corpus, target=["AAA"], by=["source", "year"], min_count=1, n_boot=0)


def test_rate_differences_target_and_reference(corpus):
    every = rate_differences(corpus, ["isolation"], n_boot=20)
    assert list(zip(every.source_a, every.source_b, strict=True)) == [
        ("AAA", "BBB"),
        ("AAA", "CCC"),
        ("AAA", "DDD"),
        ("BBB", "CCC"),
        ("BBB", "DDD"),
        ("CCC", "DDD"),
    ]
    one = rate_differences(corpus, ["isolation"], target="CCC", n_boot=20)
    assert list(zip(one.source_a, one.source_b, strict=True)) == [
        ("CCC", "AAA"),
        ("CCC", "BBB"),
        ("CCC", "DDD"),
    ]
    pair = rate_differences(corpus, ["isolation"], target="AAA", reference="DDD", n_boot=20)
    row = every[(every.source_a == "AAA") & (every.source_b == "DDD")]
    _same(pair.drop(columns="q"), row.drop(columns="q").reset_index(drop=True))
    listed = rate_differences(
        corpus,
        ["isolation"],
        by=["source", "year"],
        n_boot=20,
        target=("AAA", 2001),
        reference=("DDD", 2003),
    )
    assert listed[["source_a", "year_a", "source_b", "year_b"]].values.tolist() == [
        ["AAA", 2001, "DDD", 2003]
    ]


def test_trends_list_adds_period(corpus):
    t = trends(corpus, TERMS, by=["source", "year"], level="term", n_boot=20)
    assert list(t.columns[:4]) == ["source", "year", "period", "period_end"]
    with pytest.raises(ParameterError, match="period"):
        trends(corpus, TERMS, by=["source", "period"])


def test_compare_collocates_groups_of_any_form(corpus):
    plain = compare_collocates(corpus, "blockade", "AAA", "CCC", window=1, min_count=1)
    listed = compare_collocates(
        corpus, "blockade", ("AAA",), ("CCC",), by=["source"], window=1, min_count=1
    )
    _same(plain, listed)
    blocs = compare_collocates(
        corpus, "blockade", target="east", reference="west", by=BLOC, window=1, min_count=1
    )
    fun = compare_collocates(
        corpus,
        "blockade",
        target="east",
        reference="west",
        by=lambda d: BLOC[d.source],
        window=1,
        min_count=1,
    )
    _same(blocs, fun)
    assert {"illegal", "naval"} <= set(blocs.collocate)
    with pytest.raises(ParameterError, match="one group"):
        compare_collocates(corpus, "blockade", ["AAA", "BBB"], "CCC", window=1, min_count=1)
