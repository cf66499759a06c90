"""The Dask backend equals the single-machine path (exactly for counts, within tolerance for LDA)."""

from __future__ import annotations

import numpy as np
import pytest

from discourse import Corpus, Document, parallel, tokens
from discourse.errors import ParameterError
from discourse.models.lda import fit_lda_on_client

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _corpus(n: int = 300, *, awkward: bool = False) -> Corpus:
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(200)] + ["U.S.", "non-interference", "Café", "isolation"]
    docs = []
    for i in range(n):
        paras = [
            " ".join(rng.choice(words, rng.integers(5, 60))) for _ in range(rng.integers(1, 4))
        ]
        docs.append(Document(f"d{i}", ".\n\n".join(paras) + ".", f"S{i % 7}"))
    docs.append(Document("empty", "", "S0"))
    if awkward:  # pieces of a long text, characters outside the BMP, a lone surrogate
        long = ".\n\n".join(" ".join(rng.choice(words, 40)) for _ in range(60))
        docs.insert(5, Document("long", long, "S1"))
        docs.insert(9, Document("astral", "peace \U0001f54a and \ud800 isolation", "S2"))
    return Corpus(docs, name="synthetic")


def test_local_client_starts_workers_set_up_for_cpu_bound_passes(fresh_cache):
    import dask

    with pytest.raises(ParameterError, match="n_workers"):
        parallel.local_client(0)
    c = parallel.local_client(2, dashboard_address=None)
    cluster = c.cluster
    try:
        workers = c.scheduler_info(n_workers=-1)["workers"].values()
        assert len(workers) == 2 and all(w["nthreads"] == 1 for w in workers)
        # the workers run without Dask's profiler and with the slow tick; the scheduler too
        seen = c.run(
            lambda dask_worker: (
                "profile" in dask_worker.periodic_callbacks,
                dask_worker._tick_interval,
            )
        )
        assert set(seen.values()) == {(False, 1.0)}
        assert c.run_on_scheduler(lambda dask_scheduler: dask_scheduler._tick_interval) == 1.0
        store = tokens(_corpus(), client=c)
        assert store.n_docs == len(_corpus())
    finally:
        c.close()
    # the settings were for that cluster only; closing the client closed its cluster
    assert dask.config.get("distributed.worker.profile.enabled") is True
    assert cluster.status.name == "closed"


def test_tokens_on_client_equal_local(client, fresh_cache, monkeypatch, tmp_path):
    import importlib

    batch = importlib.import_module("discourse.tokenization.batch")
    monkeypatch.setattr(batch, "BATCH_CHARS", 5_000)  # many batches: order must be kept
    remote = tokens(_corpus(awkward=True), client=client)
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "other"))
    local = tokens(_corpus(awkward=True))
    assert remote.fingerprint == local.fingerprint
    assert local.docs["n_tokens"][local.docs["id"] == "long"].item() > 2000
    assert remote.path != local.path
    assert list(remote.docs["id"]) == list(local.docs["id"])
    assert list(remote.iter_tokens()) == list(local.iter_tokens())
    assert np.array_equal(remote.offsets, local.offsets)
    assert np.array_equal(remote.paragraph_starts, local.paragraph_starts)
    rows = np.arange(local.n_docs)
    g1, m1 = remote.group_counts(rows, remote.labels(rows, "source"))
    g2, m2 = local.group_counts(rows, local.labels(rows, "source"))
    assert g1 == g2
    # same vocabulary order, so the matrices are equal entry by entry
    assert list(remote.vocab) == list(local.vocab)
    assert (m1 != m2).nnz == 0


@pytest.mark.parametrize("by", ["source", "year-ish"])
def test_group_counts_equal_store(client, fresh_cache, by):
    store = tokens(_corpus())
    rows = np.arange(0, store.n_docs, 2)  # a view: every other document
    if by == "source":
        labels = store.labels(rows, "source")
    else:  # integer labels with gaps (None) and NaN, as year= gives
        labels = np.array([None if r % 5 == 0 else (np.nan if r % 7 == 0 else r % 3) for r in rows])
        labels = labels.astype(object)
    groups, counts = store.group_counts(rows, labels, client=client, rows_per_task=17)
    want_groups, want = store.group_counts(rows, labels)
    assert groups == want_groups
    assert counts.shape == want.shape and counts.dtype == want.dtype == np.int64
    assert (counts != want).nnz == 0
    # counts add up to the tokens of the labelled rows
    kept = [r for r, lab in zip(rows, labels, strict=True) if lab is not None and lab == lab]
    assert counts.sum() == int(store.docs["n_tokens"].iloc[kept].sum())


def test_group_counts_empty_and_bad_input(client, fresh_cache):
    store = tokens(_corpus(20))
    groups, counts = store.group_counts(
        np.arange(3), np.array([None] * 3, dtype=object), client=client
    )
    assert groups == [] and counts.shape == (0, len(store.vocab))
    with pytest.raises(ParameterError, match="differ in length"):
        store.group_counts(np.arange(3), np.array(["a"], dtype=object), client=client)
    with pytest.raises(ParameterError, match="Client"):
        store.group_counts(np.arange(3), np.array(["a"] * 3, dtype=object), client=object())


def _synthetic_bow(seed=0, k=4, v=60, d=400, length=80):
    rng = np.random.default_rng(seed)
    topics = np.full((k, v), 0.002)
    for i in range(k):
        topics[i, i * v // k : (i + 1) * v // k] = 1
    topics /= topics.sum(1, keepdims=True)
    docs = []
    for _ in range(d):
        theta = rng.dirichlet([0.2] * k)
        ids, cts = np.unique(rng.choice(v, length, p=theta @ topics), return_counts=True)
        docs.append(list(zip(ids.tolist(), cts.astype(float).tolist(), strict=True)))
    return docs, {i: f"w{i}" for i in range(v)}, topics


def _matched_hellinger(a, b):
    from scipy.optimize import linear_sum_assignment

    h = np.sqrt(0.5 * ((np.sqrt(a[:, None, :]) - np.sqrt(b[None, :, :])) ** 2).sum(-1))
    r, c = linear_sum_assignment(h)
    return h[r, c]


def test_fit_lda_close_to_local_and_deterministic(client):
    from gensim.models import LdaModel

    docs, id2word, truth = _synthetic_bow()
    params = dict(num_topics=4, passes=10, chunksize=50, random_state=0, iterations=50)
    remote = fit_lda_on_client(client, docs, id2word=id2word, **params)
    local = LdaModel(docs, id2word=id2word, eval_every=None, **params)
    assert isinstance(remote, LdaModel)
    # tolerance (also in the fit_lda docstring): matched topics within mean Hellinger 0.1,
    # per-word bound within 2% of the local fit; both recover the generating topics
    assert _matched_hellinger(remote.get_topics(), local.get_topics()).mean() < 0.1
    n_words = sum(c for d in docs for _, c in d)
    b_remote, b_local = remote.bound(docs) / n_words, local.bound(docs) / n_words
    assert abs(b_remote - b_local) < 0.02 * abs(b_local)
    assert _matched_hellinger(remote.get_topics(), truth).max() < 0.15
    # same seed → identical topics, whichever worker ran which chunk
    again = fit_lda_on_client(client, docs, id2word=id2word, **params)
    assert np.array_equal(remote.get_topics(), again.get_topics())


def test_fit_lda_rejects_bad_parameters(client):
    docs, id2word, _ = _synthetic_bow(d=10)
    with pytest.raises(ParameterError, match="alpha='auto'"):
        fit_lda_on_client(client, docs, id2word=id2word, num_topics=2, alpha="auto")
    with pytest.raises(ParameterError, match="random_state"):
        fit_lda_on_client(client, docs, id2word=id2word, num_topics=2, random_state=None)
    with pytest.raises(ParameterError, match="no documents"):
        fit_lda_on_client(client, [], id2word=id2word, num_topics=2)


def test_analyses_take_a_client_and_equal_the_local_path(client, fresh_cache):
    """keyness and term_rates with client= give the same numbers as without."""
    import pandas as pd

    import discourse as dc

    corpus = _corpus(120)
    remote = dc.term_rates(corpus, ["w1", "w2 w3", "isol*"], n_boot=20, client=client)
    local = dc.term_rates(corpus, ["w1", "w2 w3", "isol*"], n_boot=20)
    pd.testing.assert_frame_equal(remote, local)
    remote = dc.keyness(corpus, target="S1", n_boot=0, client=client)
    local = dc.keyness(corpus, target="S1", n_boot=0)
    pd.testing.assert_frame_equal(remote, local)


def test_topic_model_fit_on_a_client(client, fresh_cache):
    from discourse import TopicModel

    rng = np.random.default_rng(3)
    vocab = [
        [f"a{i}" for i in range(15)],
        [f"b{i}" for i in range(15)],
        [f"c{i}" for i in range(15)],
    ]
    docs = [
        Document(f"d{i}", " ".join(rng.choice(vocab[i % 3], 60)), f"S{i % 2}") for i in range(150)
    ]
    corpus = Corpus(docs)
    params = {
        "n_topics": 3,
        "passes": 3,
        "chunksize": 25,
        "no_below": 1,
        "no_above": 1.0,
        "tol": None,
    }
    remote = TopicModel(**params).fit(corpus, client=client)
    local = TopicModel(**params).fit(corpus)
    theta = remote.doc_topics_.filter(like="topic_").to_numpy()
    assert np.allclose(theta.sum(1), 1.0, atol=1e-6)
    assert _matched_hellinger(remote.topic_word_, local.topic_word_).mean() < 0.1
