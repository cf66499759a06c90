"""One vocabulary: old spellings still work for a release, warn, and name the new one."""

from __future__ import annotations

import datetime as dt
import inspect

import pandas as pd
import pytest

from discourse import Corpus, Document, ParameterError
from discourse.analysis import (
    compare_collocates,
    frame_rates,
    keyness,
    log_odds,
    rate_differences,
    term_rates,
    trends,
)


@pytest.fixture(scope="module")
def corpus():
    texts = {
        "CUB": "the illegal blockade harms; the illegal blockade must end. isolation peace",
        "USA": "a naval blockade. the naval blockade holds. freedom peace isolation",
        "SYR": "isolation and more isolation; the blockade of syria. peace",
    }
    docs = [
        Document(f"{s}{i}", t, s, dt.date(2000 + i, 1, 1))
        for s, t in texts.items()
        for i in range(3)
    ]
    return Corpus(docs, name="vocabulary")


def test_n_boot_defaults_to_500():
    for fn in (term_rates, frame_rates, trends, rate_differences, keyness):
        assert inspect.signature(fn).parameters["n_boot"].default == 500, fn.__name__


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@pytest.mark.parametrize("fn", [keyness, log_odds])
def test_top_is_n(corpus, fn):
    opts = {"target": "CUB", "min_count": 1}
    if fn is keyness:
        opts["n_boot"] = 0
    new = fn(corpus, n=2, **opts)
    with pytest.warns(DeprecationWarning, match=r"top=.*use n="):
        old = fn(corpus, top=2, **opts)
    _same(new, old)
    with pytest.warns(DeprecationWarning, match="use n="):
        every = fn(corpus, top=None, **opts)
    _same(every, fn(corpus, n=None, **opts))
    with pytest.raises(ParameterError, match="give n= only"):
        fn(corpus, n=3, top=2, **opts)


def test_rate_differences_sources_is_target_and_reference(corpus):
    new = rate_differences(corpus, ["isolation"], target=["CUB", "SYR"], reference=["CUB", "SYR"])
    with pytest.warns(DeprecationWarning, match="use target= and reference="):
        old = rate_differences(corpus, ["isolation"], sources=["CUB", "SYR"])
    _same(new, old)
    assert old[["source_a", "source_b"]].values.tolist() == [["CUB", "SYR"]]
    with pytest.raises(ParameterError, match="target= and reference= only"):
        rate_differences(corpus, ["isolation"], sources=["CUB", "SYR"], target="CUB")


def test_compare_collocates_target_reference_n(corpus):
    new = compare_collocates(corpus, "blockade", target="CUB", reference="USA", n=5, min_count=1)
    _same(new, compare_collocates(corpus, "blockade", "CUB", "USA", n=5, min_count=1))
    with pytest.warns(DeprecationWarning) as seen:
        old = compare_collocates(corpus, "blockade", a="CUB", b="USA", top=5, min_count=1)
    _same(new, old)
    said = " ".join(str(w.message) for w in seen)
    assert "use target=" in said and "use reference=" in said and "use n=" in said
    with pytest.raises(ParameterError, match="give target= only"):
        compare_collocates(corpus, "blockade", "CUB", "USA", a="SYR")
    with pytest.raises(ParameterError, match="target='CUB', reference='USA'"):
        compare_collocates(corpus, "blockade", "CUB")


def test_every_p_value_column_is_p(corpus):
    d = rate_differences(corpus, ["isolation"], n_boot=20)
    k = keyness(corpus, target="CUB", min_count=1, n_boot=0)
    for frame in (d, k):
        assert "p" in frame.columns and "p_value" not in frame.columns
