"""Tests for discourse.models.topics: recovery of known topics, determinism, persistence, comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import N_TRUE, SOURCES, make_synthetic

from discourse import DataError, ParameterError
from discourse.models.topics import TopicModel, match_topics, topic_sweep


@pytest.fixture(scope="module")
def synthetic():
    return make_synthetic()


def _model(**kw):
    params = {
        "n_topics": N_TRUE,
        "passes": 10,
        "chunksize": 50,
        "iterations": 100,
        "no_below": 1,
        "no_above": 0.9,
        "stopwords": None,
        "seed": 0,
        "cache": False,
    }
    params.update(kw)
    return TopicModel(**params)


@pytest.fixture(scope="module")
def fitted(synthetic):
    corpus, _, _ = synthetic
    return _model().fit(corpus)


def _true_on_model_vocab(model, phi, vocab):
    index = {w: i for i, w in enumerate(vocab)}
    cols = [index[w] for w in model.vocabulary_]
    return phi[:, cols]


def test_recovers_known_topics(fitted, synthetic):
    _, phi, vocab = synthetic
    true = _true_on_model_vocab(fitted, phi, vocab)
    m = match_topics(true, fitted.topic_word_)
    assert sorted(m["matched"]) == list(range(N_TRUE))
    # each fitted topic puts nearly all its mass on the vocabulary of its true topic
    for t, k in zip(m["topic"], m["matched"], strict=True):
        assert fitted.topic_word_[k][true[t] > 0].sum() > 0.95
    # and its distribution is close (sampling noise alone keeps JS similarity below 1)
    assert (m["similarity"] > 0.85).all(), m


def test_doc_topics_rows_sum_to_one_and_cover_documents(fitted, synthetic):
    corpus, _, _ = synthetic
    dt_ = fitted.doc_topics_
    shares = dt_.filter(like="topic_").to_numpy()
    assert shares.shape == (len(corpus), N_TRUE)
    assert np.allclose(shares.sum(1), 1.0)
    assert (shares >= 0).all()
    assert set(dt_["doc_id"]) == set(corpus.ids)
    assert list(dt_.columns[:4]) == ["doc_id", "source", "year", "n_tokens"]
    assert (dt_["n_tokens"] == 120).all()
    assert fitted.provenance_["n_tokens"] == 120 * len(corpus)


def test_topic_order_is_by_prevalence(fitted):
    prev = fitted.theta_.mean(0)
    assert np.all(np.diff(prev) <= 1e-12)


def test_same_seed_same_model(synthetic):
    corpus, _, _ = synthetic
    a = _model(passes=3).fit(corpus)
    b = _model(passes=3).fit(corpus)
    assert np.array_equal(a.topic_word_, b.topic_word_)
    pd.testing.assert_frame_equal(a.doc_topics_, b.doc_topics_)
    pd.testing.assert_frame_equal(a.topics_, b.topics_)
    assert a.provenance_["seed"] == 0


def test_save_load_identical(fitted, tmp_path):
    path = fitted.save(tmp_path / "model")
    loaded = TopicModel.load(path)
    pd.testing.assert_frame_equal(loaded.doc_topics_, fitted.doc_topics_)
    assert np.allclose(loaded.topic_word_, fitted.topic_word_)
    assert loaded.labels_ == fitted.labels_
    assert loaded.get_params()["n_topics"] == N_TRUE
    assert (path / "doc_topics.parquet").is_file() and (path / "model.json").is_file()


def test_cache_returns_same_model(synthetic):
    corpus, _, _ = synthetic
    a = _model(passes=2, cache=True, seed=7).fit(corpus)
    b = _model(passes=2, cache=True, seed=7).fit(corpus)
    assert a.provenance_["from_cache"] is False
    assert b.provenance_["from_cache"] is True
    pd.testing.assert_frame_equal(a.doc_topics_, b.doc_topics_)
    assert np.allclose(a.topic_word_, b.topic_word_)
    c = _model(passes=2, cache=True, seed=8).fit(corpus)
    assert c.provenance_["from_cache"] is False


def test_labels_and_rename(fitted, synthetic):
    _, phi, vocab = synthetic
    lab = fitted.labels(n=5)
    assert list(lab.columns) == ["topic", "label", "share", "prob", "frex", "relevance"]
    # the top FREX and relevance terms of each topic come from one true topic's vocabulary
    for by in ("prob", "frex", "relevance"):
        top = fitted.top_terms(by=by, n=5)
        for _, g in top.groupby("topic"):
            assert len({t[2] for t in g["term"]}) == 1
    assert all(" · " in s for s in fitted.labels_)
    m = _model(passes=2).fit(make_synthetic(80)[0])
    m.rename({0: "my topic"})
    assert m.label(0) == "my topic"
    assert (m.topics_.loc[m.topics_["topic"] == 0, "label"] == "my topic").all()
    with pytest.raises(ParameterError, match="topics are 0"):
        m.rename({9: "x"})
    with pytest.raises(ParameterError, match="by="):
        m.top_terms(by="lift")


def test_prevalence_by_source(fitted):
    prev = fitted.prevalence(by="source", n_boot=200)
    assert list(prev.columns) == [
        "source",
        "topic",
        "label",
        "share",
        "ci_low",
        "ci_high",
        "n_docs",
    ]
    assert np.allclose(prev.groupby("source")["share"].sum(), 1.0)
    assert (prev["ci_low"] <= prev["share"] + 1e-12).all()
    assert (prev["share"] <= prev["ci_high"] + 1e-12).all()
    # each source's dominant topic is a different topic (each favours its own)
    top = prev.loc[prev.groupby("source")["share"].idxmax(), "topic"]
    assert top.nunique() == len(SOURCES)
    by_year = fitted.prevalence(by=["source", "year"], n_boot=50)
    assert {"source", "year"} <= set(by_year.columns)
    assert by_year.groupby(["source", "year"])["n_docs"].first().sum() == 200


def test_prevalence_bootstrap_is_seeded(fitted):
    a = fitted.prevalence(by="year", n_boot=100, seed=3)
    b = fitted.prevalence(by="year", n_boot=100, seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_difference_and_unknown_source(fitted):
    d = fitted.difference("AAA", "BBB", n_boot=200)
    assert np.allclose(d["difference"], d["share_a"] - d["share_b"])
    assert (d["ci_low"] <= d["ci_high"]).all()
    assert np.isclose(d["difference"].sum(), 0, atol=1e-9)
    # the topic AAA favours is clearly more present in AAA than in BBB
    assert (d["ci_low"] > 0).any() and (d["ci_high"] < 0).any()
    with pytest.raises(ParameterError, match="known sources: 'AAA'"):
        fitted.difference("AAA", "BBC")
    with pytest.raises(ParameterError, match="known sources"):
        fitted.prevalence(sources=["ZZZ"])


def test_effect_predictions(fitted):
    eff = fitted.effect(sources=["AAA", "BBB"], df=2, n_boot=50)
    assert list(eff.columns) == ["source", "year", "topic", "label", "share", "ci_low", "ci_high"]
    assert set(eff["source"]) == {"AAA", "BBB"}
    assert eff["year"].min() == 2000 and eff["year"].max() == 2009
    assert ((eff["share"] > 0) & (eff["share"] < 1)).all()
    assert (eff["ci_low"] <= eff["ci_high"]).all()
    inside = (eff["ci_low"] <= eff["share"] + 1e-9) & (eff["share"] <= eff["ci_high"] + 1e-9)
    assert inside.mean() > 0.9
    # AAA's favoured topic is predicted higher for AAA than for BBB on average
    prev = fitted.prevalence(sources=["AAA"], n_boot=10)
    k = int(prev.loc[prev["share"].idxmax(), "topic"])
    e = eff[eff["topic"] == k].groupby("source")["share"].mean()
    assert e["AAA"] > e["BBB"]


def test_paragraph_units_aggregate_to_documents():
    corpus, phi, vocab = make_synthetic(60, paragraphs=True)
    m = _model(unit="paragraph", passes=5).fit(corpus)
    assert m.provenance_["n_units"] == 4 * 60
    assert len(m.doc_topics_) == 60
    assert np.allclose(m.theta_.sum(1), 1.0)
    c = _model(unit=50, passes=2).fit(corpus)
    assert c.provenance_["n_units"] == 3 * 60  # 120 tokens in chunks of 50


def test_stability_high_on_clear_topics(fitted, synthetic):
    corpus, _, _ = synthetic
    st = fitted.stability(corpus, seeds=(1,))
    assert list(st.columns) == [
        "topic",
        "label",
        "stability",
        "min_similarity",
        "worst_seed",
        "baseline",
        "runs",
    ]
    assert (st["stability"] > 0.8).all()
    assert (st["stability"] > st["baseline"] + 0.3).all()
    assert ((st["stability"] >= 0) & (st["stability"] <= 1)).all()


def test_match_topics_permutation():
    rng = np.random.default_rng(0)
    P = rng.dirichlet(np.ones(30), size=5)
    perm = np.array([3, 0, 4, 1, 2])
    m = match_topics(P, P[perm])
    assert np.array_equal(perm[m["matched"].to_numpy()], m["topic"].to_numpy())
    assert np.allclose(m["similarity"], 1.0)


def test_topic_sweep(synthetic):
    corpus, _, _ = synthetic
    sw = topic_sweep(corpus, ks=[2, 4], seed=0, passes=3, no_below=1, no_above=0.9, stopwords=None)
    assert list(sw.columns[:6]) == ["k", "c_v", "c_npmi", "u_mass", "perplexity", "bound"]
    assert sw["k"].tolist() == [2, 4]
    assert np.isfinite(sw[["c_v", "c_npmi", "u_mass", "perplexity", "bound"]].to_numpy()).all()
    assert (sw["heldout_docs"] == 20).all()
    # the true K=4 fits held-out documents better than K=2
    assert sw.loc[sw["k"] == 4, "bound"].item() > sw.loc[sw["k"] == 2, "bound"].item()
    assert list(sw.columns[-3:]) == ["train_docs", "heldout_docs", "seconds"]


def test_topic_sweep_on_processes_equals_one_process(synthetic):
    corpus, _, _ = synthetic
    kw = {"ks": [2, 3, 4], "seed": 1, "passes": 2, "no_below": 1, "no_above": 0.9}
    one = topic_sweep(corpus, stopwords=None, cache=False, **kw)
    two = topic_sweep(corpus, stopwords=None, cache=False, processes=2, **kw)
    pd.testing.assert_frame_equal(one.drop(columns="seconds"), two.drop(columns="seconds"))
    with pytest.raises(ParameterError, match="processes"):
        topic_sweep(corpus, processes=0, **kw)


def test_bad_input(tiny_corpus, synthetic):
    with pytest.raises(DataError, match="at least 5 documents"):
        _model().fit(tiny_corpus.filter(source="CHN"))
    with pytest.raises(DataError, match="non-empty units"):
        _model(n_topics=20).fit(tiny_corpus)
    corpus, _, _ = synthetic
    with pytest.raises(DataError, match="vocabulary is empty.*no_below"):
        _model(no_below=10_000).fit(corpus)
    with pytest.raises(ParameterError, match="n_topics"):
        _model(n_topics=1).fit(corpus)
    with pytest.raises(ParameterError, match="alpha"):
        _model(alpha="flat").fit(corpus)
    with pytest.raises(ParameterError, match="alpha='auto' needs workers=1"):
        _model(alpha="auto", workers=2).fit(corpus)
    with pytest.raises(ParameterError, match="unit="):
        _model(unit="sentence").fit(corpus)
    with pytest.raises(ParameterError, match="no_above"):
        _model(no_above=2).fit(corpus)
    with pytest.raises(TypeError):
        TopicModel(n_topic=5)
    with pytest.raises(ParameterError, match="not fitted"):
        TopicModel().prevalence()


def test_ungdc_slice(ungdc_corpus):
    corpus = ungdc_corpus.filter(years=(2023, 2023))
    m = TopicModel(n_topics=8, passes=1, iterations=20, seed=0).fit(corpus)
    n = len(corpus.ids)
    assert 150 < n < 250
    assert len(m.doc_topics_) == n
    assert np.allclose(m.theta_.sum(1), 1.0)
    prov = m.provenance_
    assert prov["n_documents"] == n and prov["versions"]["gensim"]
    prev = m.prevalence(by="source", sources=["CHN", "USA", "SYR"], n_boot=100)
    assert set(prev["source"]) == {"CHN", "USA", "SYR"}
    assert np.allclose(prev.groupby("source")["share"].sum(), 1.0)
    d = m.difference("CHN", "USA", n_boot=100)
    assert len(d) == 8
    with pytest.raises(ParameterError, match="known sources"):
        m.difference("CHN", "XXX")


@pytest.mark.parametrize("unit", ["document", "paragraph", 7])
def test_bag_of_words_matches_units_of_the_store(unit):
    from discourse import tokens
    from discourse.models.topics import _Bow, _build_vocabulary

    corpus, _, _ = make_synthetic(30, paragraphs=True)
    store = tokens(corpus)
    rows = store.select(corpus)
    vocab = _build_vocabulary(
        store, rows, unit=unit, no_below=2, no_above=0.5, keep_n=60, stopwords=None
    )
    assert len(vocab.terms) == 60
    bow = _Bow(store, rows, unit, vocab.remap)
    expected = []
    for _, ids in store.iter_units(rows, unit=unit):
        nid = vocab.remap[ids]
        nid = nid[nid >= 0]
        if len(nid):
            u, c = np.unique(nid, return_counts=True)
            expected.append(list(zip(u.tolist(), c.tolist(), strict=True)))
    assert list(bow) == expected
    assert len(bow) == len(expected)
    assert bow.unit_len.sum() == sum(c for doc in expected for _, c in doc)
    # unit frequencies of the kept terms agree with the bags
    df = np.zeros(len(vocab.terms), dtype=int)
    for doc in expected:
        df[[i for i, _ in doc]] += 1
    assert np.array_equal(df, vocab.df)


def test_multicore_workers():
    corpus, _, _ = make_synthetic(40)
    m = _model(workers=2, passes=2).fit(corpus)
    assert m.provenance_["model"] == "LdaMulticore"
    assert np.allclose(m.theta_.sum(1), 1.0)


@pytest.mark.parametrize("unit", ["document", "paragraph"])
def test_inference_equals_gensim_inference(fitted, unit):
    """_infer (arrays from the store) gives gensim's LdaModel.inference on the same chunks and seed."""
    from discourse import tokens
    from discourse.models.lda import infer
    from discourse.models.topics import _Bow, _build_vocabulary, _Units

    corpus, _, _ = make_synthetic(45, paragraphs=True, seed=3)
    store = tokens(corpus)
    rows = store.select(corpus)
    vocab = _build_vocabulary(
        store, rows, unit=unit, no_below=1, no_above=1.0, keep_n=None, stopwords=None
    )
    model = _model(passes=2).fit(corpus)
    lda = model.lda_
    assert [lda.id2word[i] for i in range(len(lda.id2word))] == list(vocab.terms)
    bow = _Bow(store, rows, unit, vocab.remap)
    ours = infer(lda, _Units(bow), seed=5, chunk=20)  # several chunks, the last one short
    saved = lda.random_state
    lda.random_state = np.random.RandomState(5)
    docs = list(bow)
    gamma = np.concatenate([lda.inference(docs[s : s + 20])[0] for s in range(0, len(docs), 20)])
    lda.random_state = saved
    assert ours.shape == (len(docs), N_TRUE) and len(docs) > 40
    gamma = gamma.astype(np.float64)  # gensim's float32 gammas, normalised as _infer does
    assert np.array_equal(ours, gamma / gamma.sum(1, keepdims=True))  # the same arithmetic


@pytest.mark.parametrize("unit", ["document", "paragraph"])
def test_fit_equals_bare_gensim_on_the_same_bag_of_words(unit):
    """TopicModel trains gensim's LdaModel on store arrays; bare gensim on tuples gives the same model."""
    from gensim.models import LdaModel

    from discourse import tokens
    from discourse.models.topics import _Bow, _build_vocabulary

    corpus, _, _ = make_synthetic(60, paragraphs=True, seed=4)
    m = _model(unit=unit, passes=3, chunksize=25).fit(corpus)
    store = tokens(corpus)
    rows = store.select(corpus)
    vocab = _build_vocabulary(
        store, rows, unit=unit, no_below=1, no_above=0.9, keep_n=None, stopwords=None
    )
    bare = LdaModel(
        list(_Bow(store, rows, unit, vocab.remap)), id2word=m.dictionary_, **m.gensim_params()
    )
    assert type(m.lda_) is LdaModel and "inference" not in vars(m.lda_)
    assert np.array_equal(m.lda_.state.sstats, bare.state.sstats)
    assert np.array_equal(m.lda_.get_topics(), bare.get_topics())
