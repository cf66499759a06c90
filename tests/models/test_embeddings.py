"""Tests for discourse.models.embeddings: determinism, caching, alignment, shift null, axes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest

from discourse import Corpus, DataError, Document, ParameterError
from discourse.models import embeddings as E

# tiny, fast models for the synthetic corpora
SMALL = {"vector_size": 16, "epochs": 8, "min_count": 3, "window": 4, "sg": 1}
# the defaults these tests were written for (gensim's), passed explicitly since the defaults changed
SMALL |= {"negative": 5, "sample": 1e-3, "alpha": 0.025}

CLUSTERS = [[f"w{c}x{j}" for j in range(10)] for c in range(6)]


def planted_corpus(*, n_docs=30, sentences=60, seed=0, sources=("A", "B"), planted=True):
    """Documents of 8-word sentences, each drawn from one topic cluster.

    "target" is inserted into sentences of cluster 0 in source A and of
    cluster 1 in source B (planted=True); with planted=False it goes with
    cluster 0 everywhere. Every sentence is its own paragraph.
    """
    rng = np.random.default_rng(seed)
    docs = []
    for s in sources:
        home = 1 if (planted and s == "B") else 0
        for d in range(n_docs):
            lines = []
            for _ in range(sentences):
                c = int(rng.integers(len(CLUSTERS)))
                words = list(rng.choice(CLUSTERS[c], size=8))
                if c == home:
                    words.insert(int(rng.integers(8)), "target")
                lines.append(" ".join(words) + ".")
            docs.append(Document(f"{s}-{d}", "\n".join(lines), s))
    return Corpus(docs, name=f"planted-{seed}-{planted}")


@pytest.fixture(scope="module")
def planted():
    return planted_corpus()


@pytest.fixture(scope="module")
def planted_fit(planted):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return E.fit_by(planted, min_tokens=5_000, **SMALL)


# ---------------------------------------------------------------------------
# one model
# ---------------------------------------------------------------------------
def _fit(corpus, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return E.EmbeddingModel(**(SMALL | kw)).fit(corpus)


def test_same_seed_same_vectors_different_seed_differs(planted):
    a = _fit(planted, seed=3, cache=False)
    b = _fit(planted, seed=3, cache=False)
    c = _fit(planted, seed=4, cache=False)
    assert a.wv_.index_to_key == b.wv_.index_to_key
    assert np.array_equal(a.wv_.vectors, b.wv_.vectors)
    assert not np.allclose(a.wv_.vectors, c.wv_.vectors)
    assert a.provenance_["seed"] == 3 and not a.provenance_["from_cache"]


@pytest.mark.parametrize("stopwords", [None, ["w0x1", "target"]])
def test_same_vectors_as_bare_gensim_on_the_same_text(planted, stopwords):
    """Vocabulary from store counts + sentences from the store = gensim on the same token lists."""
    from gensim.models import Word2Vec

    from discourse import tokens

    m = _fit(planted, stopwords=stopwords, cache=False)
    store = tokens(planted)
    drop = store.stop_mask(stopwords) if stopwords else None
    sentences = list(E._Sentences(store, store.select(planted), "paragraph", drop, 0))
    assert all(0 < len(x) <= E.MAX_SENTENCE for x in sentences)
    bare = Word2Vec(sentences=sentences, workers=1, seed=0, **SMALL)
    assert m.wv_.index_to_key == bare.wv.index_to_key
    assert np.array_equal(m.wv_.vectors, bare.wv.vectors)


@pytest.mark.parametrize("unit", ["paragraph", "document", 7])
@pytest.mark.parametrize("stopwords", [None, ["w0x1", "target"]])
def test_sentence_count_and_first_seen_order_match_the_token_stream(
    planted, unit, stopwords, monkeypatch
):
    """_scan's counts equal the sentences the store yields, cut at MAX_SENTENCE; same word order."""
    from discourse import tokens

    monkeypatch.setattr(E, "MAX_SENTENCE", 5)  # every 8- or 9-word paragraph is cut in two
    store = tokens(planted)
    rows = store.select(planted)[1::3]  # a subset: first occurrences differ from id order
    units = store.iter_tokens(rows, unit=unit, stopwords=stopwords)
    expected = [u[i : i + 5] for u in units for i in range(0, len(u), 5)]
    drop = store.stop_mask(stopwords) if stopwords else None
    sentences = E._Sentences(store, rows, unit, drop, 0)
    assert len(sentences) == len(expected) == len(list(sentences))
    assert list(sentences) == expected
    words = list(dict.fromkeys(w for x in expected for w in x))
    assert store.vocab[sentences.first_seen].tolist() == words


_DETERMINISM_SCRIPT = textwrap.dedent(
    """
    import hashlib, sys, warnings
    sys.path.insert(0, {testdir!r})
    warnings.simplefilter("ignore")
    from test_embeddings import planted_corpus, SMALL
    from discourse.models.embeddings import EmbeddingModel
    m = EmbeddingModel(**SMALL, cache=False, workers=1).fit(planted_corpus(n_docs=25))
    h = hashlib.sha256(m.wv_.vectors.tobytes() + "|".join(m.wv_.index_to_key).encode())
    print(h.hexdigest())
    """
)


def test_identical_vectors_whatever_the_hash_seed(tmp_path):
    """workers=1 + same seed → bit-identical vectors in fresh interpreters with different hash seeds."""
    script = _DETERMINISM_SCRIPT.format(testdir=os.path.dirname(__file__))
    out = []
    for hs in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hs, DISCOURSE_CACHE=str(tmp_path / f"c{hs}"))
        res = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
        )
        assert res.returncode == 0, res.stderr[-2000:]
        out.append(res.stdout.strip().splitlines()[-1])
    assert len(out[0]) == 64 and out[0] == out[1]


def test_cache_roundtrip_and_save_load(planted, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))  # a cold model cache
    a = _fit(planted, seed=7)
    b = _fit(planted, seed=7)
    assert b.provenance_["from_cache"] and not a.provenance_["from_cache"]
    assert a.wv_.index_to_key == b.wv_.index_to_key
    assert np.allclose(a.wv_.vectors, b.wv_.vectors)
    assert b.count("target") == a.count("target") > 0
    prov = b.provenance_
    for key in (
        "seed", "params", "corpus_fingerprint", "n_tokens", "versions", "created_at", "fit_seconds",
    ):  # fmt: skip
        assert key in prov
    assert "gensim" in prov["versions"]
    folder = a.save(tmp_path / "model")
    c = E.EmbeddingModel.load(folder)
    assert np.allclose(c.wv_.vectors, a.wv_.vectors)
    assert c.get_params()["vector_size"] == SMALL["vector_size"]
    assert json.loads((folder / "provenance.json").read_text())["seed"] == 7


def test_tokens_counted_from_store_match_training_counts(planted):
    m = _fit(planted, cache=False)
    from discourse import tokens

    store = tokens(planted)
    tid = store.token2id["target"]
    assert m.count("target") == int(store.term_freq[tid])
    assert m.provenance_["n_tokens"] == store.n_tokens


def test_fasttext_option(planted):
    m = _fit(planted, fasttext=True, epochs=2, cache=False)
    assert m.wv_.vector_size == SMALL["vector_size"]
    # subword vectors exist for an unseen word
    assert np.isfinite(m.wv_["targets"]).all()


def test_bad_parameters_raise_with_the_value(planted):
    with pytest.raises(ParameterError, match="vector_size"):
        E.EmbeddingModel(vector_size=0).fit(planted)
    with pytest.raises(ParameterError, match="unit"):
        E.EmbeddingModel(unit="sentence").fit(planted)
    with pytest.raises(ParameterError, match="vectr_size"):
        E.fit_by(planted, vectr_size=10)
    with pytest.raises(ParameterError, match="align"):
        E.fit_by(planted, align="rotate")
    with pytest.raises(ParameterError, match="not fitted"):
        E.EmbeddingModel().neighbors("target")


def test_too_little_text_is_refused_with_counts():
    small = planted_corpus(n_docs=2, sentences=20)
    with pytest.raises(DataError, match=r"'A' \(\d[\d,]* tokens\).*at least 20,000"):
        E.fit_by(small, **SMALL)


def test_thin_text_warns_with_count(planted):
    with pytest.warns(UserWarning, match=r"only [\d,]+ tokens"):
        E.EmbeddingModel(**SMALL, cache=False).fit(planted)


def test_undertrained_vectors_warn(planted):
    with pytest.warns(UserWarning, match="barely trained") as seen:
        E.EmbeddingModel(
            vector_size=16, epochs=1, sg=0, min_count=3, cache=False,
            window=5, negative=5, sample=1e-3, alpha=0.025,  # the defaults it was written for
        ).fit(planted)  # fmt: skip
    # sample= is already as high as the advice goes: only what would help is advised
    text = " ".join(str(w.message) for w in seen if "barely" in str(w.message))
    assert "epochs=" in text and "sample=" not in text
    from gensim.models import KeyedVectors

    parallel = KeyedVectors(4)
    parallel.add_vectors(["a", "b"], np.ones((2, 4)) + [[0, 0, 0, 0.01], [0, 0, 0.01, 0]])
    for sample, advice in ((1e-5, "1e-4 or 1e-3 keeps"), (1e-4, "1e-3 keeps")):
        with pytest.warns(UserWarning, match=rf"sample= \(now {sample:g}: {advice}"):
            E._check_trained(parallel, "x", 1, sample)


# ---------------------------------------------------------------------------
# alignment and queries
# ---------------------------------------------------------------------------
def test_procrustes_recovers_a_rotated_copy(planted):
    from gensim.models import KeyedVectors

    m = _fit(planted)
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    rot = KeyedVectors(16)
    rot.add_vectors(m.wv_.index_to_key, m.wv_.vectors @ q)
    r, n = E.procrustes(rot, m.wv_)
    assert n == len(m.wv_)
    aligned = E._unit(E._unit(rot.vectors) @ r)
    shift = 1 - np.einsum("ij,ij->i", aligned, E._unit(m.wv_.vectors))
    assert np.abs(shift).max() < 1e-4
    assert np.allclose(r, q.T, atol=1e-4)


def test_neighbors_long_and_wide(planted_fit):
    nb = planted_fit.neighbors("target", n=5)
    assert list(nb.columns) == ["group", "rank", "neighbor", "similarity", "count"]
    assert set(nb["group"]) == {"A", "B"}
    for _, f in nb.groupby("group"):
        assert f["rank"].tolist() == [1, 2, 3, 4, 5]
        assert (np.diff(f["similarity"].to_numpy()) <= 1e-6).all()
        assert "target" not in set(f["neighbor"])
    # the planted contexts show up: cluster 0 words near target in A, cluster 1 in B
    top_a = nb[nb["group"] == "A"]["neighbor"].str[:3]
    top_b = nb[nb["group"] == "B"]["neighbor"].str[:3]
    assert (top_a == "w0x").sum() >= 3 and (top_b == "w1x").sum() >= 3
    wide = E.neighbors_wide(nb)
    assert wide.shape == (5, 2) and list(wide.columns) == ["A", "B"]


def test_overlap_is_a_jaccard(planted_fit):
    ov = planted_fit.overlap("w2x0", n=5)
    assert len(ov) == 1
    row = ov.iloc[0]
    assert 0 <= row["jaccard"] <= 1
    assert row["jaccard"] == pytest.approx(row["shared"] / (10 - row["shared"]))
    # an unplanted word keeps its company (its own cluster) in both groups
    assert row["shared"] >= 2
    assert planted_fit.overlap("target", n=5).iloc[0]["shared"] <= 1


def test_shift_and_most_shifted_find_the_planted_word(planted_fit):
    s_target = planted_fit.shift("target", "A", "B")
    s_other = planted_fit.shift("w3x1", "A", "B")
    assert 0 <= s_other < s_target <= 2
    assert planted_fit.shift("target", "A", "A") == pytest.approx(0, abs=1e-5)
    ms = planted_fit.most_shifted("A", "B", n=5, min_count=50)
    assert list(ms.columns) == ["term", "shift", "count_a", "count_b"]
    assert ms["term"].iloc[0] == "target"
    assert (np.diff(ms["shift"].to_numpy()) <= 0).all()
    assert (ms[["count_a", "count_b"]] >= 50).all().all()


def test_missing_term_names_groups_and_counts():
    docs = planted_corpus(n_docs=12)
    # a word that only A uses
    extra = [Document("A-x", "rare " * 40 + "w0x1 " * 10, "A")]
    c = Corpus(list(docs) + extra, name="missing")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(c, min_tokens=5_000, **SMALL)
    with pytest.raises(DataError, match=r"'B' \(count 0\)"):
        emb.shift("rare", "A", "B")
    with pytest.warns(UserWarning, match=r"'B' \(count 0\)"):
        nb = emb.neighbors("rare", n=3)
    assert set(nb["group"]) == {"A"}
    with pytest.raises(DataError, match="min_count"):
        emb.neighbors("rare", n=3, missing="raise")
    with pytest.raises(DataError, match=r"'A' \(count 0\), 'B' \(count 0\)"):
        emb.neighbors("nowhere")
    with pytest.raises(ParameterError, match="groups"):
        emb.shift("target", "A", "C")
    with pytest.warns(UserWarning, match=r"'rare'.*'B' \(count 0\).*left out"):
        res = emb.shift_test(["rare", "target"], "A", "B", n_perm=2, seeds=(0,))
    assert res["term"].tolist() == ["target"]
    with pytest.raises(DataError, match="rare"):
        emb.shift_test(["rare", "target"], "A", "B", n_perm=2, missing="raise")


def test_init_alignment_and_named_reference(planted):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        init = E.fit_by(planted, init="none", align="init", min_tokens=5_000, **SMALL)
        named = E.fit_by(planted, init="none", reference="A", min_tokens=5_000, **SMALL)
    assert init.provenance_["align"] == "init"
    assert named.reference_ is named.models_["A"]
    for emb in (init, named):
        assert emb.shift("target", "A", "B") > emb.shift("w4x2", "A", "B")
    with pytest.raises(ParameterError, match="reference"):
        E.fit_by(planted, reference="Z", min_tokens=5_000, **SMALL)


# ---------------------------------------------------------------------------
# uncertainty
# ---------------------------------------------------------------------------
def test_shift_test_detects_planted_difference(planted_fit):
    res = planted_fit.shift_test(["target", "w3x1"], "A", "B", n_perm=9, seeds=(0, 1))
    cols = {"term", "shift", "shift_sd", "null_q05", "null_q50", "null_q95", "p", "n_null"}
    assert cols <= set(res.columns)
    t = res.set_index("term")
    assert t.loc["target", "shift"] > t.loc["target", "null_q95"]
    assert t.loc["target", "p"] == pytest.approx(0.1)  # above all 9 null draws
    assert t.loc["target", "shift_min"] <= t.loc["target", "shift"] <= t.loc["target", "shift_max"]
    assert (res["null_q05"] <= res["null_q50"]).all() and (res["null_q50"] <= res["null_q95"]).all()
    assert ((res["p"] > 0) & (res["p"] <= 1)).all()


def test_random_halves_of_one_source_stay_inside_the_null():
    c = planted_corpus(n_docs=40, planted=False, sources=("A",), seed=1)
    rng = np.random.default_rng(5)
    half = {d.id: ("H1" if h else "H2") for d, h in zip(c, rng.random(40) < 0.5, strict=True)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(c, by=lambda d: half[d.id], init="none", min_tokens=5_000, **SMALL)
        res = emb.shift_test("target", "H1", "H2", n_perm=9, seeds=(0, 1))
    assert res["p"].iloc[0] > 0.1
    draws = emb.shift_test("target", "H1", "H2", n_perm=9, seeds=(0, 1), draws=True)
    assert set(draws["kind"]) == {"observed", "null"} and len(draws) == 11


# ---------------------------------------------------------------------------
# semantic axes, WEAT, projection
# ---------------------------------------------------------------------------
def test_semantic_axis_orders_groups_by_planted_context(planted_fit):
    res = E.semantic_axis(
        planted_fit,
        positive=CLUSTERS[0][:5],
        negative=CLUSTERS[1][:5],
        terms=["target", "w0x7", "w1x7"],
        n_perm=200,
        n_boot=200,
    )
    assert list(res.columns) == [
        "group", "term", "score", "ci_low", "ci_high", "p", "n_positive", "n_negative",
    ]  # fmt: skip
    s = res.set_index(["group", "term"])["score"]
    assert s[("A", "target")] > 0 > s[("B", "target")]
    assert s[("A", "w0x7")] > 0 and s[("B", "w1x7")] < 0
    assert (res["ci_low"] <= res["ci_high"]).all()
    assert ((res["p"] > 0) & (res["p"] <= 1)).all()
    assert res.set_index(["group", "term"]).loc[("A", "target"), "p"] < 0.05
    single = E.semantic_axis(
        planted_fit.models_["A"], positive=["w0x1"], negative=["w1x1"], terms=["target"], n_perm=50
    )
    assert single["group"].tolist() == ["all"]


def test_weat_effect_size_sign(planted_fit):
    res = E.weat(
        planted_fit,
        targets_x=CLUSTERS[0][:4],
        targets_y=CLUSTERS[2][:4],
        attributes_a=CLUSTERS[0][5:],
        attributes_b=CLUSTERS[2][5:],
        n_perm=500,
    )
    assert list(res["group"]) == ["A", "B"]
    assert (res["effect_size"] > 1).all() and (res["effect_size"] <= 2).all()
    assert (res["p"] < 0.05).all()


def test_projection_frame(planted_fit):
    p = E.projection(planted_fit, "target", n=4)
    assert list(p.columns) == ["group", "word", "kind", "x", "y"]
    assert len(p) == 2 * 5 and (p["kind"] == "term").sum() == 2
    assert np.isfinite(p[["x", "y"]].to_numpy()).all()


# ---------------------------------------------------------------------------
# the real UNGDC
# ---------------------------------------------------------------------------
def test_ungdc_blocs(ungdc_corpus):
    c = ungdc_corpus.filter(years=(2016, 2023), source=["CHN", "RUS", "USA", "GBR", "FRA"])
    blocs = {
        "CHN": "CHN+RUS",
        "RUS": "CHN+RUS",
        "USA": "US+UK+FR",
        "GBR": "US+UK+FR",
        "FRA": "US+UK+FR",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(c, by=blocs, reference="US+UK+FR", vector_size=16, epochs=3, sg=0)
    assert emb.groups_ == ["CHN+RUS", "US+UK+FR"]
    from discourse import tokens

    store = tokens(c)
    rows = store.select(c)
    assert int(emb.tokens_.sum()) == int((store.offsets[rows + 1] - store.offsets[rows]).sum())
    nb = emb.neighbors("sovereignty", n=5)
    assert set(nb["group"]) == set(emb.groups_) and len(nb) == 10
    assert 0 <= emb.shift("sovereignty", "CHN+RUS", "US+UK+FR") <= 2
    with pytest.raises(DataError, match=r"'CHN\+RUS' \(count \d+\)"):
        emb.shift("xyzzyq", "CHN+RUS", "US+UK+FR")
    with pytest.raises(DataError, match=r"tokens"):
        E.fit_by(ungdc_corpus.filter(years=(2023, 2023), source=["CHN", "USA"]), vector_size=8)
    from discourse import ENGLISH_STOPWORDS

    ms = emb.most_shifted("CHN+RUS", "US+UK+FR", n=5)
    assert isinstance(ms, pd.DataFrame) and len(ms) == 5
    assert not set(ms["term"]) & set(ENGLISH_STOPWORDS)


@pytest.mark.parametrize(
    ("init", "align"), [("none", "procrustes"), ("none", "init"), ("base", None)]
)
def test_processes_give_the_same_models_and_shift_test(planted, tmp_path, monkeypatch, init, align):
    """Fits on worker processes equal fits in this process; the workers use this cache."""
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    kw = {"min_tokens": 5_000, "init": init, "align": align, **SMALL}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        two = E.fit_by(planted, processes=2, reference="A" if align == "init" else None, **kw)
        assert not any(m.provenance_["from_cache"] for m in two.models_.values())
        one = E.fit_by(planted, reference="A" if align == "init" else None, **kw)
        one_fresh = E.fit_by(planted, cache=False, reference="A" if align == "init" else None, **kw)
    # the second call found every model the workers cached
    assert all(m.provenance_["from_cache"] for m in one.models_.values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warm = E.fit_by(planted, processes=2, reference="A" if align == "init" else None, **kw)
    assert all(m.provenance_["from_cache"] for m in warm.models_.values())
    for g in one.groups_:
        assert np.array_equal(two.models_[g].wv_.vectors, one_fresh.models_[g].wv_.vectors)
    assert np.array_equal(two.reference_.wv_.vectors, one_fresh.reference_.wv_.vectors)
    if init == "base":
        base_fresh = E.fit_by(planted, cache=False, **kw).base_
        assert np.array_equal(two.base_.wv_.vectors, base_fresh.wv_.vectors)
    if align == "procrustes":
        test = {
            "terms": ["target", "w2x1"], "target": "A", "reference": "B", "n_perm": 3, "seeds": (0, 1),
        }  # fmt: skip
        serial = one_fresh.shift_test(**test)
        parallel = one_fresh.shift_test(**test, processes=2)
        pd.testing.assert_frame_equal(serial, parallel)
        assert serial["n_null"].tolist() == [3, 3]
    with pytest.raises(ParameterError, match="processes"):
        E.fit_by(planted, processes=0, **kw)


# ---------------------------------------------------------------------------
# the estimator contract, saving, and the old spellings
# ---------------------------------------------------------------------------
def test_params_from_the_signature():
    m = E.EmbeddingModel(vector_size=8, seed=2)
    assert m.get_params()["vector_size"] == 8 and set(m.get_params()) == set(
        E.EmbeddingModel._param_names()
    )
    assert not m.is_fitted() and "vector_size=8" in repr(m)
    with pytest.raises(ParameterError, match="no parameter 'vectr_size'"):
        m.set_params(vectr_size=3)


def test_save_is_atomic_replaces_only_a_saved_model_and_reads_old_provenance(planted, tmp_path):
    m = _fit(planted, cache=False)
    folder = m.save(tmp_path / "model")
    m.save(folder)  # a saved model is replaced
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left
    assert np.array_equal(E.EmbeddingModel.load(folder).wv_.vectors, m.wv_.vectors)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    with pytest.raises(ParameterError, match="does not hold a saved EmbeddingModel"):
        m.save(other)
    assert (other / "mine.txt").read_text() == "keep me"
    # a model saved before the one provenance schema loads with the new key names
    prov = json.loads((folder / "provenance.json").read_text())
    old = {k: v for k, v in prov.items() if k not in ("n_tokens", "n_terms", "corpus_fingerprint")}
    old |= {"tokens": prov["n_tokens"], "vocabulary": prov["n_terms"], "fingerprint": "abc"}
    (folder / "provenance.json").write_text(json.dumps(old))
    loaded = E.EmbeddingModel.load(folder)
    assert loaded.provenance_["n_tokens"] == prov["n_tokens"]
    assert loaded.provenance_["store_fingerprint"] == "abc"
    assert f"{prov['n_terms']:,} words" in repr(loaded)


def test_old_spellings_warn_and_give_the_same_results(planted_fit):
    new = planted_fit.shift("target", target="A", reference="B")
    with pytest.warns(DeprecationWarning, match="use target="):
        with pytest.warns(DeprecationWarning, match="use reference="):
            assert planted_fit.shift("target", a="A", b="B") == new
    assert planted_fit.shift("target", "A", "B") == new
    with pytest.warns(DeprecationWarning, match="use n="):
        old = planted_fit.neighbors("target", k=4)
    pd.testing.assert_frame_equal(old, planted_fit.neighbors("target", n=4))
    with pytest.warns(DeprecationWarning, match="use n="):
        assert len(E.projection(planted_fit, "target", k=3)) == 2 * 4
    with pytest.raises(ParameterError, match="needs target= and reference="):
        planted_fit.most_shifted()
    with pytest.raises(ParameterError, match="both 'A'"):
        planted_fit.shift_test("target", "A", "A", n_perm=1)


# ---------------------------------------------------------------------------
# group models on a base model (init="base", the default)
# ---------------------------------------------------------------------------
def _rare_in_a():
    docs = planted_corpus(n_docs=12)
    extra = [Document("A-x", "rare " * 40 + "w0x1 " * 10, "A")]
    return Corpus(list(docs) + extra, name="rare-in-a")


def test_group_models_share_the_base_vocabulary_and_start_from_it():
    c = _rare_in_a()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(c, min_tokens=5_000, cache=False, **SMALL)
    base = emb.base_
    assert emb.reference_ is base and emb.init == "base" and emb.align == "none"
    for g in ("A", "B"):
        kv = emb.models_[g].wv_
        assert kv.index_to_key == base.wv_.index_to_key
        assert emb.models_[g].provenance_["init"] == "base"
        assert emb.models_[g].provenance_["base"] == base.provenance_["key"]
        # the group's own counts, not the base's
        assert kv.get_vecattr("target", "count") == emb.count("target", g) > 0
    # a word B never uses keeps its base vector exactly; A's moved
    assert emb.models_["B"].wv_.get_vecattr("rare", "count") == 0
    assert np.array_equal(emb.models_["B"].wv_["rare"], base.wv_["rare"])
    assert not np.array_equal(emb.models_["A"].wv_["rare"], base.wv_["rare"])
    with pytest.raises(DataError, match=r"'B' \(count 0\).*never uses it"):
        emb.shift("rare", "A", "B")
    # a group with no text at all is the base model
    from discourse import tokens

    params = E.EmbeddingModel(**SMALL).get_params()
    empty = E.EmbeddingModel(**params | {"cache": False})._fit_rows(
        tokens(c), np.zeros(0, dtype=np.int64), what="empty", min_tokens=0, base=base
    )
    assert np.array_equal(empty.wv_.vectors, base.wv_.vectors)
    assert empty.wv_.index_to_key == base.wv_.index_to_key


def test_group_models_same_seed_same_vectors_and_save_load(planted, tmp_path):
    kw = {"min_tokens": 5_000, "cache": False, **SMALL}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        one = E.fit_by(planted, seed=3, **kw)
        two = E.fit_by(planted, seed=3, **kw)
        other = E.fit_by(planted, seed=4, **kw)
    for g in ("A", "B"):
        assert np.array_equal(one.models_[g].wv_.vectors, two.models_[g].wv_.vectors)
        assert not np.allclose(one.models_[g].wv_.vectors, other.models_[g].wv_.vectors)
    m = one.models_["B"]
    back = E.EmbeddingModel.load(m.save(tmp_path / "b"))
    assert back.wv_.index_to_key == m.wv_.index_to_key
    assert np.array_equal(back.wv_.vectors, m.wv_.vectors)
    assert back.count("target") == m.count("target") == one.count("target", "B")
    assert back.provenance_["base"] == one.base_.provenance_["key"]
    assert back.get_params() | {"cache": False} == m.get_params()


def test_group_models_are_cached_on_the_cached_base(planted, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    kw = {"min_tokens": 5_000, **SMALL}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        cold = E.fit_by(planted, **kw)
        warm = E.fit_by(planted, **kw)
        slower = E.fit_by(planted, group_alpha=0.002, **kw)
    assert not cold.base_.provenance_["from_cache"]
    assert warm.base_.provenance_["from_cache"]
    assert all(m.provenance_["from_cache"] for m in warm.models_.values())
    assert slower.base_.provenance_["from_cache"]
    assert not any(m.provenance_["from_cache"] for m in slower.models_.values())
    for g in ("A", "B"):
        assert np.array_equal(cold.models_[g].wv_.vectors, warm.models_[g].wv_.vectors)
    # a smaller learning rate keeps the groups nearer the base
    assert slower.shift("target", "A", "B") < cold.shift("target", "A", "B")


def test_base_init_options_are_checked(planted):
    with pytest.raises(ParameterError, match="init='nothing'"):
        E.fit_by(planted, init="nothing")
    with pytest.raises(ParameterError, match="align='init'"):
        E.fit_by(planted, align="init")
    with pytest.raises(ParameterError, match="different spaces"):
        E.fit_by(planted, init="none", align="none")
    with pytest.raises(ParameterError, match="group_alpha"):
        E.fit_by(planted, group_alpha=0)
    with pytest.raises(ParameterError, match="group_epochs"):
        E.fit_by(planted, group_epochs=0)
    with pytest.raises(ParameterError, match="fasttext"):
        E.fit_by(planted, fasttext=True)


def test_shift_test_on_base_groups_finds_the_planted_shift_at_99_permutations(planted_fit):
    res = planted_fit.shift_test(["target", "w3x1"], "A", "B")  # n_perm=99 by default
    t = res.set_index("term")
    assert (res["n_null"] == 99).all() and (res["statistic"] == "context").all()
    assert t.loc["target", "p"] <= 0.01
    assert t.loc["target", "shift"] > t.loc["target", "null_q95"]
    assert t.loc["w3x1", "p"] > 0.05
    assert t.loc["target", "model_shift"] == pytest.approx(planted_fit.shift("target", "A", "B"))
    again = planted_fit.shift_test(["target", "w3x1"], "A", "B")
    pd.testing.assert_frame_equal(res, again)  # deterministic
    draws = planted_fit.shift_test("target", "A", "B", n_perm=9, draws=True)
    assert len(draws) == 10 and (draws["kind"] == "observed").sum() == 1


def test_shift_test_on_base_groups_is_calibrated_on_random_splits():
    """Random groups of one source: p-values of every pair do not pile up below 0.05."""
    c = planted_corpus(n_docs=80, planted=False, sources=("A",), seed=2, sentences=30)
    rng = np.random.default_rng(11)
    label = {d.id: f"G{int(g)}" for d, g in zip(c, rng.integers(0, 8, size=80), strict=True)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(c, by=lambda d: label[d.id], min_tokens=500, **SMALL)
    groups = emb.groups_
    ps = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            ps += emb.shift_test(["target", "w2x1", "w4x4"], a, b, n_perm=99)["p"].tolist()
    ps = np.array(ps)
    assert len(ps) == 3 * len(groups) * (len(groups) - 1) // 2
    assert (ps < 0.05).mean() <= 0.12
    assert 0.35 <= np.mean(ps) <= 0.65


def test_fit_by_continues_a_given_base_model_of_the_whole_corpus(planted):
    base = _fit(planted, cache=False)
    view = planted.filter(source={"A"})
    half = {d.id: ("H1" if int(d.id.split("-")[1]) % 2 else "H2") for d in view}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(view, by=lambda d: half[d.id], base=base, min_tokens=1_000, cache=False)
    assert emb.base_ is base and emb.reference_ is base
    for m in emb.models_.values():
        assert m.wv_.index_to_key == base.wv_.index_to_key
        assert m.vector_size == SMALL["vector_size"]  # the base's parameters
    with pytest.raises(ParameterError, match="vector_size"):
        E.fit_by(view, by=lambda d: half[d.id], base=base, min_tokens=1_000, vector_size=8)
    with pytest.raises(ParameterError, match="base="):
        E.fit_by(view, by=lambda d: half[d.id], base=base, init="none", min_tokens=1_000)


def test_the_base_model_is_the_model_of_the_whole_corpus(planted, tmp_path, monkeypatch):
    """Documents in no group still train the base: fit_by's base is EmbeddingModel().fit(corpus)."""
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    base = _fit(planted)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(planted, by={"A": "A"}, min_tokens=1_000, **SMALL)
    assert emb.groups_ == ["A"]
    assert emb.base_.provenance_["from_cache"]
    assert emb.base_.provenance_["key"] == base.provenance_["key"]
    assert np.array_equal(emb.base_.wv_.vectors, base.wv_.vectors)


def test_sample_none_resolves_by_corpus_size_and_groups_take_the_base_value(planted, monkeypatch):
    """sample=None: 1e-4 under SMALL_CORPUS_TOKENS (1e-5 leaves a small corpus's vectors
    bunched together), 1e-5 from there; group models continue with their base's value."""
    assert E.default_sample(E.SMALL_CORPUS_TOKENS) == 1e-5
    assert E.default_sample(E.SMALL_CORPUS_TOKENS - 1) == 1e-4
    small = _fit(planted, sample=None, cache=False)
    assert small.sample is None and small.provenance_["params"]["sample"] == 1e-4
    assert _fit(planted, sample=1e-3, cache=False).provenance_["params"]["sample"] == 1e-3
    monkeypatch.setattr(E, "SMALL_CORPUS_TOKENS", 1_000)  # the planted corpus is now "large"
    large = _fit(planted, sample=None, cache=False)
    assert large.provenance_["params"]["sample"] == 1e-5
    assert large.provenance_["key"] != small.provenance_["key"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        emb = E.fit_by(planted, base=large, min_tokens=1_000, cache=False)
    assert {m.provenance_["params"]["sample"] for m in emb.models_.values()} == {1e-5}
    assert emb._params["sample"] == 1e-5  # what the shift test's keep-probabilities use
    with pytest.raises(ParameterError, match="sample="):
        E.EmbeddingModel(sample="auto").fit(planted)
