"""Tests of discourse.analysis.keyness: keyness statistics and weighted log-odds."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from discourse import Corpus, DataError, Document, ParameterError
from discourse.analysis.keyness import keyness, log_odds, weighted_log_odds

WORDS = ["sovereignty", "isolation", "peace", "sanctions", "freedom", "coercion", "order", "war"]


def _corpus(spec: dict[str, list[str]], name: str = "syn") -> Corpus:
    docs = [
        Document(f"{src}-{i}", text, src)
        for src, texts in spec.items()
        for i, text in enumerate(texts)
    ]
    return Corpus(docs, name=name)


@pytest.fixture(scope="module")
def synthetic():
    """Three sources with different word preferences (fixed seed)."""
    rng = np.random.default_rng(0)
    prefs = {
        "AAA": [6, 1, 2, 1, 1, 4, 1, 1],
        "BBB": [1, 6, 2, 4, 1, 1, 1, 2],
        "CCC": [1, 1, 4, 1, 5, 1, 2, 1],
    }
    spec = {}
    for src, w in prefs.items():
        p = np.array(w, float) / sum(w)
        spec[src] = [
            " ".join(rng.choice(WORDS, size=int(rng.integers(20, 60)), p=p)) for _ in range(6)
        ]
    return _corpus(spec)


def _token_counts(corpus: Corpus) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for d in corpus:
        out.setdefault(d.source, Counter()).update(d.text.lower().split())
    return out


def test_g2_and_chi2_equal_scipy_on_each_2x2_table(synthetic):
    for yates in (False, True):
        k = keyness(synthetic, target="AAA", min_count=1, n=None, n_boot=0, yates=yates)
        assert set(k["term"]) == set(WORDS)
        for row in k.itertuples():
            table = np.array(
                [
                    [row.count_target, row.count_reference],
                    [
                        row.total_target - row.count_target,
                        row.total_reference - row.count_reference,
                    ],
                ]
            )
            g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
            c2 = chi2_contingency(table, correction=yates)[0]
            assert row.g2 == pytest.approx(g2, rel=1e-9, abs=1e-9)
            assert row.chi2 == pytest.approx(c2, rel=1e-9, abs=1e-9)


def test_counts_and_effect_sizes_from_raw_tokens(synthetic):
    counts = _token_counts(synthetic)
    k = keyness(synthetic, target="AAA", reference="BBB", min_count=1, n=None, n_boot=0)
    n_t, n_r = sum(counts["AAA"].values()), sum(counts["BBB"].values())
    for row in k.itertuples():
        a, b = counts["AAA"][row.term], counts["BBB"][row.term]
        assert (row.count_target, row.count_reference) == (a, b)
        assert (row.total_target, row.total_reference) == (n_t, n_r)
        assert row.log_ratio == pytest.approx(math.log2(((a + 0.5) / n_t) / ((b + 0.5) / n_r)))
        assert row.pct_diff == pytest.approx(100 * (a / n_t - b / n_r) / (b / n_r))


def test_weighted_log_odds_equals_the_paper_formula(synthetic):
    """Monroe et al. (2008) eqs. 16-18, written out term by term."""
    alpha0 = 50.0
    counts = _token_counts(synthetic)
    background = counts["AAA"] + counts["BBB"] + counts["CCC"]
    n_all = sum(background.values())
    y_i, y_j = counts["AAA"], counts["BBB"]
    n_i, n_j = sum(y_i.values()), sum(y_j.values())
    expected = {}
    for w in WORDS:
        a_w = alpha0 * background[w] / n_all
        d = math.log((y_i[w] + a_w) / (n_i + alpha0 - y_i[w] - a_w)) - math.log(
            (y_j[w] + a_w) / (n_j + alpha0 - y_j[w] - a_w)
        )
        expected[w] = d / math.sqrt(1 / (y_i[w] + a_w) + 1 / (y_j[w] + a_w))
    t = log_odds(synthetic, target="AAA", reference="BBB", prior=alpha0, min_count=1, n=None)
    k = keyness(
        synthetic, target="AAA", reference="BBB", prior=alpha0, min_count=1, n=None, n_boot=0
    )
    for frame, col in ((t, "z"), (k, "log_odds_z")):
        got = dict(zip(frame["term"], frame[col], strict=True))
        for w in WORDS:
            assert got[w] == pytest.approx(expected[w], rel=1e-9)
    assert t["alpha"].sum() == pytest.approx(alpha0)  # the prior sums to alpha0
    assert (t["z"] * t["se"]).to_numpy() == pytest.approx(t["delta"].to_numpy())


def test_weighted_log_odds_arrays_antisymmetric():
    a, b = np.array([3.0, 0.0, 12.0]), np.array([1.0, 5.0, 12.0])
    alpha = np.array([0.5, 0.2, 1.0])
    d1, v1 = weighted_log_odds(a, b, 100.0, 80.0, alpha, 10.0)
    d2, v2 = weighted_log_odds(b, a, 80.0, 100.0, alpha, 10.0)
    assert d1 == pytest.approx(-d2)
    assert v1 == pytest.approx(v2)


def test_one_against_rest_for_all_groups_matches_single_calls(synthetic):
    every = keyness(synthetic, min_count=1, n=None, n_boot=0)
    assert set(every["source"]) == {"AAA", "BBB", "CCC"}
    assert every.attrs["reference"] == "rest"
    for src in ("AAA", "CCC"):
        one = keyness(synthetic, target=src, min_count=1, n=None, n_boot=0)
        part = every[every["source"] == src].set_index("term").loc[one["term"]]
        for col in ("count_target", "count_reference", "g2", "log_ratio", "q", "log_odds_z"):
            assert part[col].to_numpy() == pytest.approx(one[col].to_numpy(), rel=1e-9)
    # counts add up: target + rest = the term's total in the corpus, for every source
    totals = every.groupby("term")["count_target"].sum()
    both = every["count_target"] + every["count_reference"]
    assert (both.to_numpy() == totals.loc[every["term"]].to_numpy()).all()


def test_bloc_target_equals_a_mapping_group(synthetic):
    bloc = keyness(synthetic, target=["AAA", "BBB"], min_count=1, n=None, n_boot=0)
    assert set(bloc["source"]) == {"AAA+BBB"}
    mapped = keyness(
        synthetic,
        target="west",
        by={"AAA": "west", "BBB": "west", "CCC": "east"},
        min_count=1,
        n=None,
        n_boot=0,
    )
    assert "group" in mapped.columns
    a = bloc.set_index("term").sort_index()
    b = mapped.set_index("term").loc[a.index]
    assert a["g2"].to_numpy() == pytest.approx(b["g2"].to_numpy())
    assert a["log_odds_z"].to_numpy() == pytest.approx(b["log_odds_z"].to_numpy())


def test_top_keeps_most_over_and_under_used_terms(synthetic):
    full = keyness(synthetic, target="AAA", min_count=1, n=None, n_boot=0)
    cut = keyness(synthetic, target="AAA", min_count=1, n=2, n_boot=0)
    assert len(cut) == 4
    z = full["log_odds_z"].to_numpy()
    assert set(cut["term"]) == set(full["term"].iloc[:2]) | set(full["term"].iloc[-2:])
    assert (np.diff(z) <= 0).all() and (np.diff(cut["log_odds_z"].to_numpy()) <= 0).all()
    # q-values come from all terms, not only the kept ones
    kept = full.set_index("term").loc[cut["term"], "q"].to_numpy()
    assert cut["q"].to_numpy() == pytest.approx(kept)


def test_bootstrap_interval_properties(synthetic):
    k1 = keyness(synthetic, target="AAA", min_count=1, n=None, n_boot=100, seed=3)
    k2 = keyness(synthetic, target="AAA", min_count=1, n=None, n_boot=100, seed=3)
    assert k1["log_ratio_low"].to_numpy() == pytest.approx(k2["log_ratio_low"].to_numpy())
    assert (k1["log_ratio_low"] <= k1["log_ratio_high"]).all()
    inside = (k1["log_ratio_low"] <= k1["log_ratio"] + 1e-9) & (
        k1["log_ratio"] <= k1["log_ratio_high"] + 1e-9
    )
    assert inside.mean() >= 0.75
    wider = keyness(synthetic, target="AAA", min_count=1, n=None, n_boot=100, seed=3, ci=0.99)
    assert (
        (wider["log_ratio_high"] - wider["log_ratio_low"])
        >= (k1["log_ratio_high"] - k1["log_ratio_low"]) - 1e-9
    ).all()
    capped = keyness(synthetic, target="AAA", min_count=1, n=None, n_boot=20, ci_terms=3)
    has_ci = capped["log_ratio_low"].notna()
    assert has_ci.sum() == 3
    assert (
        capped.loc[has_ci, "log_odds_z"].abs().min()
        >= capped.loc[~has_ci, "log_odds_z"].abs().max()
    )


def test_min_count_filters_on_the_pair(synthetic):
    k = keyness(synthetic, target="AAA", reference="BBB", min_count=40, n=None, n_boot=0)
    assert ((k["count_target"] + k["count_reference"]) >= 40).all()
    assert len(k) < len(WORDS)


def test_errors_name_the_value_and_the_fix(synthetic):
    with pytest.raises(ParameterError, match=r"'XYZ'.*known groups: 'AAA', 'BBB', 'CCC'"):
        keyness(synthetic, target="XYZ")
    with pytest.raises(ParameterError, match="share 'AAA'"):
        keyness(synthetic, target="AAA", reference=["AAA", "BBB"])
    with pytest.raises(ParameterError, match="min_count"):
        keyness(synthetic, target="AAA", min_count=0)
    with pytest.raises(ParameterError, match="prior"):
        log_odds(synthetic, target="AAA", prior=-1)
    with pytest.raises(ParameterError, match="seed"):
        keyness(synthetic, target="AAA", seed=None)
    with pytest.raises(TypeError):
        keyness(synthetic, "AAA")  # options are keyword-only
    with pytest.raises(DataError, match="min_count"):
        keyness(synthetic, target="AAA", min_count=10_000)
    with pytest.raises(DataError, match="two groups"):
        keyness(synthetic.filter(source="AAA"))


# --------------------------------------------------------------------------- properties
_texts = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=15).map(" ".join),
    min_size=1,
    max_size=4,
)
_settings = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_settings
@given(a=_texts, b=_texts)
def test_swapping_target_and_reference_flips_signs(a, b):
    # a one-word vocabulary makes every log-odds 0/0 (the term is all tokens)
    assume(len(set(" ".join(a + b).split())) >= 2)
    c = _corpus({"AAA": a, "BBB": b}, name="prop")
    ab = keyness(c, target="AAA", reference="BBB", min_count=1, n=None, n_boot=0)
    ba = keyness(c, target="BBB", reference="AAA", min_count=1, n=None, n_boot=0)
    ba = ba.set_index("term").loc[ab["term"]]
    assert ab["log_ratio"].to_numpy() == pytest.approx(-ba["log_ratio"].to_numpy(), abs=1e-9)
    assert ab["log_odds_z"].to_numpy() == pytest.approx(-ba["log_odds_z"].to_numpy(), abs=1e-9)
    assert ab["g2"].to_numpy() == pytest.approx(ba["g2"].to_numpy(), abs=1e-9)
    assert (ab["g2"] >= 0).all()
    assert ((ab["p"] >= 0) & (ab["p"] <= 1) & (ab["q"] >= ab["p"] - 1e-12)).all()


@_settings
@given(a=_texts, b=_texts, extra=st.lists(st.sampled_from(WORDS), min_size=1, max_size=10))
def test_adding_a_document_without_a_term_never_raises_its_count(a, b, extra):
    before = keyness(_corpus({"AAA": a, "BBB": b}), target="AAA", min_count=1, n=None, n_boot=0)
    after = keyness(
        _corpus({"AAA": [*a, " ".join(extra)], "BBB": b}),
        target="AAA",
        min_count=1,
        n=None,
        n_boot=0,
    )
    absent = set(WORDS) - set(extra)
    old = dict(zip(before["term"], before["count_target"], strict=True))
    new = dict(zip(after["term"], after["count_target"], strict=True))
    for w in absent:
        assert new.get(w, 0) <= old.get(w, 0)


# --------------------------------------------------------------------------- real UNGDC
def test_ungdc_china_vs_united_states(ungdc_corpus):
    c = ungdc_corpus.filter(years=(2014, 2023))
    k = keyness(c, target="CHN", reference="USA", n=30, n_boot=50)
    chn = k[k["log_odds_z"] > 0]["term"].tolist()
    usa = k[k["log_odds_z"] < 0]["term"].tolist()
    assert "china" in chn[:10] and "america" in usa
    assert k.attrs["names"]["CHN"] == "China"
    assert (k["log_ratio_low"] <= k["log_ratio_high"]).all()
    assert k["q"].between(0, 1).all()


def test_ungdc_every_source_against_the_rest(ungdc_corpus):
    k = keyness(ungdc_corpus, n=10, n_boot=0)
    n_sources = len(set(ungdc_corpus.source_counts()))
    assert k["source"].nunique() == n_sources >= 190
    syr = k[k["source"] == "SYR"]
    assert "syria" in syr["term"].iloc[:5].tolist()
    # target + rest tokens are the same corpus total for every source
    assert (k["total_target"] + k["total_reference"]).nunique() == 1
