"""Synthetic corpora with known structure, shared by the model and chart tests."""

from __future__ import annotations

import datetime as dt

import numpy as np

from discourse import Corpus, Document

N_TRUE = 4
WORDS_PER_TOPIC = 25
SOURCES = ["AAA", "BBB", "CCC", "DDD"]
LETTERS = "bcdfghjklmnpqrstvwxz"


def _word(topic: int, j: int) -> str:
    return "qz" + LETTERS[topic] + LETTERS[j // 20] + LETTERS[j % 20]


def make_synthetic(n_docs: int = 200, *, seed: int = 0, paragraphs: bool = False):
    """Documents drawn from 4 known topics over disjoint vocabularies.

    Source i prefers topic i (Dirichlet prior weight 3 vs 0.3), years 2000–2009.
    Returns the corpus and the true topic–word matrix over the 100 words.
    """
    rng = np.random.default_rng(seed)
    vocab = [_word(t, j) for t in range(N_TRUE) for j in range(WORDS_PER_TOPIC)]
    phi = np.zeros((N_TRUE, len(vocab)))
    for t in range(N_TRUE):
        w = rng.dirichlet(np.full(WORDS_PER_TOPIC, 1.0))
        phi[t, t * WORDS_PER_TOPIC : (t + 1) * WORDS_PER_TOPIC] = w
    docs = []
    for i in range(n_docs):
        s = i % len(SOURCES)
        prior = np.full(N_TRUE, 0.3)
        prior[s] = 3.0
        theta = rng.dirichlet(prior)
        z = rng.choice(N_TRUE, size=120, p=theta)
        words = [vocab[rng.choice(len(vocab), p=phi[t])] for t in z]
        if paragraphs:
            text = "\n\n".join(" ".join(words[k : k + 30]) for k in range(0, 120, 30))
        else:
            text = " ".join(words)
        docs.append(Document(f"d{i:03d}", text, SOURCES[s], dt.date(2000 + i % 10, 9, 20)))
    return Corpus(docs, name="synthetic"), phi, np.array(vocab, dtype=object)
