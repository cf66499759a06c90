"""À la carte embeddings: a planted difference is found, the null is calibrated."""

from __future__ import annotations

import numpy as np
import pytest

from discourse import Corpus, Document, tokens
from discourse.errors import DataError
from discourse.models.alc import (
    ALCModel,
    Uses,
    alc_regression,
    alc_transform,
    context_means,
    meaning,
    term_uses,
)
from discourse.models.embeddings import EmbeddingModel

#: The settings these tests were written for: gensim's own defaults, which EmbeddingModel's
#: defaults (tuned for the whole UNGDC) no longer are.
GENSIM_DEFAULTS = {"negative": 5, "sample": 1e-3, "alpha": 0.025}

RIVER = "river water shore fish boat stream flood mud".split()
MONEY = "money loan credit deposit interest cash debt account".split()
OTHER = "people city road house school market family time work year".split()


@pytest.fixture(scope="module")
def synthetic():
    rng = np.random.default_rng(0)
    docs = []
    for i in range(80):
        src = "A" if i % 2 == 0 else "B"
        words = []
        for _ in range(60):
            kind = rng.random()
            pool = RIVER if kind < 0.4 else MONEY if kind < 0.8 else OTHER
            sent = list(rng.choice(pool, 6)) + list(rng.choice(OTHER, 3))
            if rng.random() < 0.3:
                # "bank" near river words in A, near money words in B
                near = RIVER if src == "A" else MONEY
                sent = list(rng.choice(near, 4)) + ["bank"] + list(rng.choice(near, 4))
            words += sent
        docs.append(Document(str(i), " ".join(words), src))
    corpus = Corpus(docs)
    base = EmbeddingModel(
        vector_size=20, window=4, min_count=2, epochs=5, cache=False, **GENSIM_DEFAULTS
    )
    model = ALCModel(embeddings=base, window=4, min_count=20, stopwords=None).fit(corpus)
    return corpus, model


def test_planted_difference_has_small_p(synthetic):
    corpus, model = synthetic
    r = meaning(model, corpus, "bank", n_perm=999, n_boot=100)
    row = r.distances.iloc[0]
    assert row["p"] < 0.01
    assert row["ci_low"] > 0
    top_a = set(r.neighbors.query("group == 'A'")["word"].head(5))
    top_b = set(r.neighbors.query("group == 'B'")["word"].head(5))
    assert len(top_a & set(RIVER)) > len(top_a & set(MONEY))
    assert len(top_b & set(MONEY)) > len(top_b & set(RIVER))


def test_random_splits_of_one_source_are_rarely_significant(synthetic):
    corpus, model = synthetic
    uses = term_uses(model, corpus, "bank")
    a = uses.table["_label"].to_numpy(dtype=object) == "A"
    X, tab = uses.vectors[a], uses.table[a].reset_index(drop=True)
    rng = np.random.default_rng(1)
    hits = 0
    for i in range(100):
        t = tab.copy()
        t["_label"] = np.where(rng.random(len(t)) < 0.5, "x", "y").astype(object)
        r = meaning(
            model, corpus, "bank", uses=Uses("bank", X, t, ["source"]), n_perm=199, n_boot=0, seed=i
        )
        hits += r.distances["p"].iloc[0] < 0.05
    assert hits <= 10


def test_transform_beats_plain_context_means_on_held_out_words():
    rng = np.random.default_rng(0)
    vocab = [f"w{k}x{j}" for k in range(20) for j in range(15)]  # 20 topics of 15 words
    docs = []
    for i in range(60):
        words = []
        for _ in range(150):
            k = int(rng.integers(20))
            words += list(rng.choice(vocab[15 * k : 15 * k + 15], 8))
        docs.append(Document(str(i), " ".join(words), "X"))
    corpus = Corpus(docs)
    base = EmbeddingModel(
        vector_size=10, window=4, min_count=5, epochs=3, cache=False, **GENSIM_DEFAULTS
    )
    model = ALCModel(embeddings=base, window=4, min_count=20, stopwords=None).fit(corpus)
    store = tokens(corpus)
    words, U, n = context_means(store, store.select(corpus), model.vectors_, model.index_, window=4)
    ok = (n >= 20) & (model.index_[words] >= 0)
    words, U, n = words[ok], U[ok], n[ok]
    V = model.vectors_[model.index_[words]]
    rng = np.random.default_rng(0)
    test = rng.random(len(words)) < 0.3
    A = alc_transform(U[~test], V[~test], weights=np.log(n[~test]))

    def cos(x, y):
        return (x * y).sum(1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))

    assert cos(U[test] @ A.T, V[test]).mean() > cos(U[test], V[test]).mean()


def test_too_few_uses_names_the_counts(synthetic):
    corpus, model = synthetic
    with pytest.raises(DataError, match="uses per group"):
        meaning(model, corpus, "bank", min_uses=10_000, groups=["A", "B"])


def test_regression_source_effect(synthetic):
    corpus, model = synthetic
    uses = term_uses(model, corpus, "bank")
    t = alc_regression(uses, ["source"], n_perm=99)
    assert t["level"].tolist() == ["B"] and t["p"].iloc[0] < 0.05
