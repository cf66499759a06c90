"""Tests for discourse.models.topics: recovery of known topics, determinism, persistence, comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import N_TRUE, SOURCES, make_synthetic

from discourse import DataError, ParameterError
from discourse.errors import NotFittedError
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
        "tol": None,  # exactly `passes` passes, as these tests were written for
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
    for rank in ("prob", "frex", "relevance"):
        top = fitted.top_terms(rank=rank, n=5)
        for _, g in top.groupby("topic"):
            assert len({t[2] for t in g["term"]}) == 1
    assert all(" · " in s for s in fitted.labels_)
    m = _model(passes=2).fit(make_synthetic(80)[0])
    m.rename({0: "my topic"})
    assert m.label(0) == "my topic"
    assert (m.topics_.loc[m.topics_["topic"] == 0, "label"] == "my topic").all()
    with pytest.raises(ParameterError, match="topics are 0"):
        m.rename({9: "x"})
    with pytest.raises(ParameterError, match="rank="):
        m.top_terms(rank="lift")


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
    model = TopicModel(seed=0, passes=3, no_below=1, no_above=0.9, stopwords=None, tol=None)
    sw = topic_sweep(corpus, model, ks=[2, 4])
    assert list(sw.columns[:6]) == ["k", "c_v", "c_npmi", "u_mass", "perplexity", "bound"]
    assert sw["k"].tolist() == [2, 4]
    assert np.isfinite(sw[["c_v", "c_npmi", "u_mass", "perplexity", "bound"]].to_numpy()).all()
    assert (sw["heldout_docs"] == 20).all()
    # the true K=4 fits held-out documents better than K=2
    assert sw.loc[sw["k"] == 4, "bound"].item() > sw.loc[sw["k"] == 2, "bound"].item()
    assert list(sw.columns[-3:]) == ["train_docs", "heldout_docs", "seconds"]


def test_topic_sweep_on_processes_equals_one_process(synthetic):
    corpus, _, _ = synthetic
    model = TopicModel(seed=1, passes=2, no_below=1, no_above=0.9, stopwords=None, tol=None)
    kw = {"model": model, "ks": [2, 3, 4]}
    one = topic_sweep(corpus, cache=False, **kw)
    two = topic_sweep(corpus, cache=False, processes=2, **kw)
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
    with pytest.raises(ParameterError, match="workers"):
        _model(workers=0).fit(corpus)
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


@pytest.mark.parametrize("alpha", ["symmetric", "auto"])
def test_threads_give_the_same_model(alpha):
    """workers= only sets the E-step's threads: the model is the same, bit for bit, and one cache entry."""
    corpus, _, _ = make_synthetic(40, paragraphs=True, seed=2)
    one = _model(workers=1, passes=4, alpha=alpha, unit="paragraph", chunksize=30).fit(corpus)
    two = _model(workers=2, passes=4, alpha=alpha, unit="paragraph", chunksize=30).fit(corpus)
    assert one.provenance_["model"] == two.provenance_["model"] == "LdaModel"
    assert np.array_equal(one.lda_.state.sstats, two.lda_.state.sstats)
    assert np.array_equal(one.lda_.alpha, two.lda_.alpha)
    assert one.doc_topics_.equals(two.doc_topics_)
    assert one.provenance_["key"] == two.provenance_["key"]


@pytest.mark.parametrize("unit", ["document", "paragraph"])
def test_inference_equals_gensim_inference(fitted, unit):
    """infer (compiled, on the store's arrays) gives gensim's LdaModel.inference on the same chunks
    and seed, to float32 rounding."""
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
    # a unit may stop one iteration apart (its change sits at gamma_threshold): shares move < 1e-4
    np.testing.assert_allclose(ours, gamma / gamma.sum(1, keepdims=True), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("unit", ["document", "paragraph"])
def test_fit_equals_bare_gensim_on_the_same_bag_of_words(unit):
    """TopicModel trains gensim's LdaModel on store arrays; bare gensim on tuples gives the same model
    (to float32 rounding: the E-step is compiled and sums in float64)."""
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
    np.testing.assert_allclose(m.lda_.state.sstats, bare.state.sstats, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(m.lda_.get_topics(), bare.get_topics(), rtol=1e-3, atol=1e-7)


# ---------------------------------------------------------------------------
# the estimator contract, transform, and the old spellings
# ---------------------------------------------------------------------------
def test_params_from_the_signature_and_clone(fitted):
    from discourse.models.base import clone

    params = fitted.get_params()
    assert params["n_topics"] == N_TRUE and params["cache"] is False
    assert set(params) == {
        "n_topics", "passes", "iterations", "chunksize", "alpha", "eta", "unit", "no_below",
        "no_above", "keep_n", "stopwords", "workers", "seed", "names", "name_threshold",
        "exclude", "keep", "numbers", "min_length", "tol", "cache",
    }  # fmt: skip
    fresh = clone(fitted, n_topics=3)
    assert not fresh.is_fitted() and fitted.is_fitted()
    assert fresh.get_params() == params | {"n_topics": 3}
    with pytest.raises(ParameterError, match="no parameter 'n_topic'"):
        fresh.set_params(n_topic=3)


def test_transform_of_the_training_corpus_gives_doc_topics(fitted, synthetic):
    corpus, _, _ = synthetic
    shares = fitted.transform(corpus)
    assert list(shares.columns) == list(fitted.doc_topics_.columns)
    assert np.allclose(shares.filter(like="topic_").sum(axis=1), 1.0)
    # the same units, chunks and seed as in fit: the same shares up to rounding
    expected = fitted.doc_topics_.set_index("doc_id").loc[shares["doc_id"]]
    assert (
        np.abs(
            shares.filter(like="topic_").to_numpy() - expected.filter(like="topic_").to_numpy()
        ).max()
        < 1e-6
    )
    assert (shares["n_tokens"].to_numpy() == expected["n_tokens"].to_numpy()).all()


def test_transform_recovers_the_topic_of_held_out_documents(fitted, synthetic):
    from discourse import Corpus, Document

    _, phi, vocab = synthetic
    true = _true_on_model_vocab(fitted, phi, vocab)
    fitted_of_true = dict(
        zip(*match_topics(true, fitted.topic_word_)[["topic", "matched"]].T.values, strict=True)
    )
    rng = np.random.default_rng(11)
    docs = []
    for t in range(N_TRUE):  # five new documents drawn from each true topic alone
        for i in range(5):
            words = rng.choice(vocab, size=80, p=phi[t])
            docs.append(Document(f"new{t}-{i}", " ".join(words), "NEW"))
    docs.append(Document("unknown", "nothing here is in the vocabulary", "NEW"))
    shares = fitted.transform(Corpus(docs, name="held-out"))
    assert shares["doc_id"].tolist() == [d.id for d in docs]
    theta = shares.filter(like="topic_").to_numpy()
    for t in range(N_TRUE):
        rows = theta[t * 5 : (t + 1) * 5]
        assert (rows.argmax(1) == fitted_of_true[t]).all()
        assert (rows.max(1) > 0.8).all()
    # a document with no term of the vocabulary cannot be scored: NaN shares, 0 tokens
    assert np.isnan(theta[-1]).all() and shares["n_tokens"].iloc[-1] == 0
    with pytest.raises(DataError, match="vocabulary"):
        fitted.transform(Corpus([Document("x", "nothing known at all", "NEW")] * 1))


def test_transform_before_fit_raises():
    corpus, _, _ = make_synthetic(20)
    with pytest.raises(NotFittedError, match=r"call \.fit\(corpus\) before transform"):
        _model().transform(corpus)
    with pytest.raises(ValueError):  # NotFittedError is also a ValueError and an AttributeError
        _model().top_terms()


def test_old_spellings_warn_and_give_the_same_results(fitted, synthetic):
    corpus, _, _ = synthetic
    with pytest.warns(DeprecationWarning, match="use rank="):
        old = fitted.top_terms(by="frex", n=4)
    pd.testing.assert_frame_equal(old, fitted.top_terms(rank="frex", n=4))
    new = fitted.difference(target="AAA", reference="BBB", n_boot=50)
    with pytest.warns(DeprecationWarning, match="use target="):
        with pytest.warns(DeprecationWarning, match="use reference="):
            old = fitted.difference(a="AAA", b="BBB", n_boot=50)
    pd.testing.assert_frame_equal(old, new)
    pd.testing.assert_frame_equal(fitted.difference("AAA", "BBB", n_boot=50), new)
    with pytest.raises(ParameterError, match="target= only"):
        fitted.difference("AAA", "BBB", a="CCC")
    with pytest.raises(ParameterError, match="needs reference="):
        fitted.difference("AAA")
    with pytest.raises(ParameterError, match="both 'AAA'"):
        fitted.difference("AAA", "AAA")


def test_topic_sweep_old_keyword_form_warns_once_and_agrees(synthetic, recwarn):
    corpus, _, _ = synthetic
    model = TopicModel(seed=2, passes=1, no_below=1, no_above=0.9, stopwords=None, tol=None)
    new = topic_sweep(corpus, model, ks=[2, 3], cache=False)
    old = topic_sweep(
        corpus, ks=[2, 3], seed=2, passes=1, no_below=1, no_above=0.9, stopwords=None, cache=False
    )
    deprecations = [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1 and "model=TopicModel" in str(deprecations[0].message)
    pd.testing.assert_frame_equal(new.drop(columns="seconds"), old.drop(columns="seconds"))
    with pytest.raises(ParameterError, match="no option 'passs'"):
        topic_sweep(corpus, ks=[2], passs=1)
    with pytest.raises(ParameterError, match="not beside it"):
        topic_sweep(corpus, model, ks=[2], passes=1)
    assert model.n_topics == 20 and not model.is_fitted()  # the sweep clones, never changes it


def test_save_is_atomic_and_never_replaces_another_folder(fitted, tmp_path):
    path = fitted.save(tmp_path / "m")
    again = fitted.save(path)  # a saved model is replaced
    assert TopicModel.load(again).labels_ == fitted.labels_
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    with pytest.raises(ParameterError, match="does not hold a saved TopicModel"):
        fitted.save(other)
    assert (other / "mine.txt").read_text() == "keep me"


def test_default_chunksize_is_a_tenth_of_the_units():
    """chunksize=None: about 10 updates a pass (at least gensim's 2,000 units); recorded as used."""
    from discourse.models.topics import default_chunksize

    assert default_chunksize(100) == 2000 and default_chunksize(200_000) == 20_000
    assert default_chunksize(200_001) == 20_001
    corpus, _, _ = make_synthetic(40)
    m = TopicModel(n_topics=N_TRUE, passes=2, no_below=1, cache=False, stopwords=None)
    assert m.gensim_params()["chunksize"] is None  # unfitted: resolved at fit
    assert m.gensim_params(100_000)["chunksize"] == 10_000
    m.fit(corpus)
    assert m.provenance_["gensim_params"]["chunksize"] == 2000 == m.gensim_params()["chunksize"]
    given = _model(chunksize=7).fit(corpus)
    assert given.provenance_["gensim_params"]["chunksize"] == 7
    with pytest.raises(ParameterError, match="chunksize"):
        _model(chunksize=0).fit(corpus)
