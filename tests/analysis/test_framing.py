"""Term and frame rates: counts equal a brute-force count; intervals behave; UNGDC totals add up."""

from __future__ import annotations

import datetime as dt
import fnmatch
import time

import numpy as np
import pytest

import discourse
from discourse import Corpus, DataError, Document, ParameterError, Tokenizer
from discourse.analysis.framing import frame_rates, rate_differences, term_rates, trends
from discourse.analysis.lexicon import Lexicon, parse_term
from discourse.analysis.matching import merged_count

EDGE_TEXTS = {
    "CHN": [
        "China opposes External Interference and interference; non-interference matters.",
        "No external interference!  EXTERNAL\ninterference, again: external-interference.",
        "Unilateral coercive measures, unilateral coercion, coercive measure; coercive measures.",
    ],
    "SYR": [
        "Isolation, isolated, ISOLATIONIST pariah. The isolation—of Syria. Isolat.",
        "The U.S.-led order isolates; an isolation isolation isolation.",
        "China's counterweight: a counter-weight; counterweights.",
    ],
}

LEXICON = Lexicon(
    {
        "sovereignty": ["interference", "external interference", "non-interference"],
        "coercion": ["unilateral coercive measures", "coercive measure*", "unilateral coercion"],
        "isolation": ["isolation", "isolat*", "pariah", "isolation isolation"],
        "order": ["u.s.-led order", "counterweight*", "china's counterweight"],
    }
)


def make_corpus(texts=EDGE_TEXTS, copies=1, name="edge"):
    docs = []
    for src, items in texts.items():
        for i, t in enumerate(items):
            for c in range(copies):
                docs.append(Document(f"{src}-{i}-{c}", t, src, dt.date(2000 + i, 9, 1)))
    return Corpus(docs, name=name)


def brute_term(tokens, term):
    pats = parse_term(term).patterns
    L = len(pats)
    return [
        (i, i + L)
        for i in range(len(tokens) - L + 1)
        if all(fnmatch.fnmatchcase(tokens[i + k], pats[k]) for k in range(L))
    ]


def brute_frame(tokens, terms):
    spans = sorted(s for t in terms for s in brute_term(tokens, t))
    n, end = 0, -1
    for a, b in spans:
        if a >= end:
            n += 1
            end = b
        else:
            end = max(end, b)
    return n


def brute_counts(corpus):
    tok = Tokenizer()
    terms, frames = {}, {}
    for d in corpus:
        toks = tok.tokenize(d.text)
        for t in LEXICON.terms:
            terms[d.source, t] = terms.get((d.source, t), 0) + len(brute_term(toks, t))
        for f, ts in LEXICON.frames.items():
            frames[d.source, f] = frames.get((d.source, f), 0) + brute_frame(toks, ts)
    return terms, frames


def random_corpus(seed, n_docs=40):
    rng = np.random.default_rng(seed)
    words = "isolation isolated pariah interference external non-interference coercive measures "
    words += "measure unilateral coercion counterweight the of and order"
    words = words.split()
    docs = []
    for i in range(n_docs):
        toks = rng.choice(words, size=int(rng.integers(5, 60)))
        src = ["AAA", "BBB", "CCC"][i % 3]
        docs.append(Document(f"r{i}", " ".join(toks), src, dt.date(2000 + i % 7, 1, 1)))
    return Corpus(docs, name=f"random-{seed}")


@pytest.mark.parametrize("make", [make_corpus, lambda: random_corpus(1), lambda: random_corpus(2)])
def test_counts_equal_brute_force(make):
    corpus = make()
    want_t, want_f = brute_counts(corpus)
    t = term_rates(corpus, LEXICON, n_boot=10)
    got_t = {(r.source, r.term): r.count for r in t.itertuples()}
    assert got_t == want_t
    f = frame_rates(corpus, LEXICON, n_boot=10)
    got_f = {(r.source, r.frame): r.count for r in f.itertuples()}
    assert got_f == want_f


def test_edge_cases_by_hand():
    t = term_rates(make_corpus(), LEXICON, n_boot=10).set_index(["source", "term"])["count"]
    # case and line breaks inside a phrase; the hyphenated token is not the phrase
    assert t["CHN", "external interference"] == 3
    # every bare "interference" token, including the ones inside the phrase
    assert t["CHN", "interference"] == 4
    assert t["CHN", "non-interference"] == 1
    assert t["CHN", "coercive measure*"] == 3
    assert t["SYR", "isolat*"] == 9
    # overlapping self-matches of a phrase each count
    assert t["SYR", "isolation isolation"] == 2
    assert t["SYR", "u.s.-led order"] == 1
    assert t["SYR", "china's counterweight"] == 1
    f = frame_rates(make_corpus(), LEXICON, n_boot=10).set_index(["source", "frame"])["count"]
    # phrase + its own word counted once in the frame
    assert f["CHN", "sovereignty"] == 4 + 1
    assert merged_count(np.array([0, 2]), np.array([2, 3])) == 2


def test_columns_groups_and_totals():
    corpus = random_corpus(3)
    t = term_rates(corpus, LEXICON, by=["source", "year"], n_boot=20)
    assert list(t.columns) == [
        "source",
        "year",
        "term",
        "count",
        "tokens",
        "rate_per_10k",
        "docs",
        "doc_share",
        "ci_low",
        "ci_high",
    ]
    one = term_rates(corpus, LEXICON, by=lambda d: "all", n_boot=20)
    assert "group" in one.columns
    by_src = term_rates(corpus, LEXICON, n_boot=20)
    for term, g in by_src.groupby("term"):
        total = one.loc[one.term == term, "count"].item()
        assert g["count"].sum() == total == t.loc[t.term == term, "count"].sum()
    assert one["tokens"].iloc[0] == discourse.tokens(corpus).n_tokens
    assert one["docs"].iloc[0] == 40
    assert ((by_src.doc_share >= 0) & (by_src.doc_share <= 1)).all()


def test_intervals_contain_estimate_repeat_and_narrow():
    small = make_corpus(copies=2, name="c2")
    big = make_corpus(copies=12, name="c12")
    a = term_rates(small, LEXICON, n_boot=300, seed=4)
    b = term_rates(small, LEXICON, n_boot=300, seed=4)
    assert np.allclose(a.ci_low, b.ci_low) and np.allclose(a.ci_high, b.ci_high)
    eps = 1e-9
    assert ((a.ci_low <= a.rate_per_10k + eps) & (a.rate_per_10k <= a.ci_high + eps)).all()
    c = term_rates(big, LEXICON, n_boot=300, seed=4)
    assert np.allclose(a.rate_per_10k, c.rate_per_10k)
    wa, wc = (a.ci_high - a.ci_low).to_numpy(), (c.ci_high - c.ci_low).to_numpy()
    varied = wa > 1e-6
    assert varied.any() and (wc[varied] < wa[varied]).all()


def test_trends_periods_smoothing_and_totals():
    corpus = random_corpus(5, n_docs=60)
    t = trends(corpus, LEXICON, period=2, level="frame", n_boot=50)
    assert set(t.period) == {2000, 2002, 2004, 2006}
    assert (t.period_end >= t.period).all()
    totals = frame_rates(corpus, LEXICON, n_boot=10).set_index(["source", "frame"])["count"]
    sums = t.groupby(["source", "frame"])["count"].sum()
    assert (sums.reindex(totals.index) == totals).all()
    s1 = trends(corpus, LEXICON, period=2, smooth=1, n_boot=50)
    assert np.allclose(s1.rate_per_10k, t.rate_per_10k, equal_nan=True)
    s3 = trends(corpus, LEXICON, period=1, smooth=3, level="term", n_boot=50)
    raw = trends(corpus, LEXICON, period=1, level="term", n_boot=50)
    key = (s3.source == "AAA") & (s3.term == "pariah")
    r = raw[key.to_numpy()]
    mid = r.iloc[1:4]
    assert s3[key].iloc[2]["count"] == mid["count"].sum()
    with pytest.raises(ParameterError, match="period"):
        trends(corpus, LEXICON, period=0)


def test_rate_differences():
    texts = {
        "AAA": ["isolation " * 20 + "peace " * 80] * 5,
        "BBB": ["isolation peace " + "x " * 98] * 5,
    }
    corpus = make_corpus(texts, name="diff")
    d = rate_differences(corpus, ["isolation", "peace"], n_boot=200)
    row = d[d.term == "isolation"].iloc[0]
    assert (row.source_a, row.source_b) == ("AAA", "BBB")
    assert row.ratio == pytest.approx(20.0)
    assert row.p < 1e-6 and row.q >= row.p
    assert (d.q >= d.p - 1e-12).all()
    with pytest.raises(ParameterError, match="not found"):
        rate_differences(corpus, ["isolation"], target="AAA", reference="ZZZ")


def test_errors():
    corpus = random_corpus(6)
    with pytest.raises(ParameterError, match="n_boot"):
        term_rates(corpus, ["isolation"], n_boot=0)
    with pytest.raises(ParameterError, match="ci"):
        term_rates(corpus, ["isolation"], ci=95)
    with pytest.raises(ParameterError, match="by="):
        term_rates(corpus, ["isolation"], by=["source", "source"])
    with pytest.raises(DataError):
        term_rates(corpus.filter(years=(1900, 1901)), ["isolation"])


@pytest.mark.shared
def test_ungdc_totals_and_speed(ungdc_corpus):
    discourse.tokens(ungdc_corpus)  # build or open the cache outside the timing
    lex = discourse.load_lexicon()
    t0 = time.perf_counter()
    by_src = frame_rates(ungdc_corpus, lex, n_boot=200)
    elapsed = time.perf_counter() - t0
    store = discourse.tokens(ungdc_corpus)
    whole = frame_rates(ungdc_corpus, lex, by=lambda d: "all", n_boot=20)
    per_src = by_src.groupby("frame")["count"].sum()
    for r in whole.itertuples():
        assert per_src[r.frame] == r.count
    first = by_src.drop_duplicates("source")
    assert first["tokens"].sum() == store.n_tokens
    assert first["docs"].sum() == store.n_docs
    assert elapsed < 60, f"frame_rates on the full UNGDC took {elapsed:.1f} s"
    print(f"frame_rates, full UNGDC, default lexicon, n_boot=200: {elapsed:.1f} s")
    syr = by_src[(by_src.source == "SYR") & (by_src.frame == "coercion")].iloc[0]
    usa = by_src[(by_src.source == "USA") & (by_src.frame == "coercion")].iloc[0]
    assert syr.rate_per_10k > usa.rate_per_10k
