"""Topics that describe themes: names left out of the vocabulary, fits that stop when they converge."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from synthetic import make_synthetic

from discourse import Corpus, Document, ParameterError, SourceTable
from discourse.models.topics import TopicModel

# one capitalised name per theme, planted in every document of that theme,
# and a name of each source (from the source table) used in its documents
THEMES = {
    "water": ["river", "drought", "irrigation", "rainfall", "dams", "wells"],
    "money": ["debt", "loans", "interest", "budget", "taxes", "credit"],
    "war": ["troops", "ceasefire", "weapons", "soldiers", "attacks", "mines"],
}
NAMES = {"water": "Zambara", "money": "Quorvia", "war": "Tellomark"}
SOURCE_NAMES = {"AAA": "Republic of Velmora", "BBB": "Ostrand Islands"}


def _corpus(n: int = 90) -> Corpus:
    rng = np.random.default_rng(0)
    docs = []
    themes = list(THEMES)
    for i in range(n):
        theme = themes[i % 3]
        src = "AAA" if i % 2 else "BBB"
        words = list(rng.choice(THEMES[theme], 40))
        words += [NAMES[theme]] * 3
        # the source's own name: capitalised 3 times in 4 (below the 0.8 bar)
        own = SOURCE_NAMES[src].split()[-1]
        words += [own, own, own, own.lower()]
        rng.shuffle(words)
        docs.append(Document(f"d{i:03d}", " ".join(words), src, dt.date(2000 + i % 5, 1, 1)))
    table = SourceTable({code: {"name": name} for code, name in SOURCE_NAMES.items()})
    return Corpus(docs, name="themes", sources=table)


def _fit(corpus, **kw):
    params = {
        "n_topics": 3,
        "passes": 20,
        "no_below": 1,
        "no_above": 1.0,
        "stopwords": None,
        "seed": 0,
        "cache": False,
    }
    params.update(kw)
    return TopicModel(**params).fit(corpus)


def test_planted_names_and_source_names_are_dropped():
    corpus = _corpus()
    m = _fit(corpus)
    vocab = set(m.vocabulary_)
    for name in NAMES.values():
        assert name.lower() not in vocab
        assert name.lower() in set(m.names_dropped_)
    # source names (capitalised 75 % of the time: under the 0.8 bar, dropped as source names)
    assert "velmora" not in vocab and "islands" not in vocab
    assert all(w in vocab for ws in THEMES.values() for w in ws)
    assert m.provenance_["n_names_dropped"] == len(m.names_dropped_)
    # the themes are found without the names: each topic's top words are one theme's
    top = m.top_terms(n=6)
    for _, t in top.groupby("topic"):
        assert any(set(t["term"]) == set(ws) for ws in THEMES.values())


def test_keep_keeps_one_name_and_exclude_drops_one_term():
    corpus = _corpus()
    m = _fit(corpus, keep=["Zambara"], exclude=["drought", "tax*"])
    vocab = set(m.vocabulary_)
    assert "zambara" in vocab
    assert "quorvia" not in vocab and "tellomark" not in vocab
    assert "drought" not in vocab and "taxes" not in vocab
    assert "river" in vocab


def test_names_keep_keeps_the_names():
    corpus = _corpus()
    m = _fit(corpus, names="keep")
    assert {n.lower() for n in NAMES.values()} <= set(m.vocabulary_)
    assert "velmora" in m.vocabulary_ and len(m.names_dropped_) == 0


def test_numbers_are_dropped_unless_kept():
    corpus = _corpus()
    docs = [Document(d.id, d.text + " 2030 2030 per cent 21 G77", d.source, d.date) for d in corpus]
    numbered = Corpus(docs, name="numbered", sources=corpus.sources)
    m = _fit(numbered)
    vocab = set(m.vocabulary_)
    assert "2030" not in vocab and "21" not in vocab
    assert {"per", "cent"} <= vocab  # words stay; G77 is a name (always capitalised)
    assert m.provenance_["n_numbers_dropped"] == 2
    kept = _fit(numbered, keep=["2030"])
    assert "2030" in kept.vocabulary_ and "21" not in kept.vocabulary_
    assert kept.provenance_["n_numbers_dropped"] == 1
    assert {"2030", "21"} <= set(_fit(numbered, numbers="keep").vocabulary_)
    with pytest.raises(ParameterError, match="numbers="):
        _fit(numbered, numbers="remove")


def test_one_letter_tokens_are_dropped_unless_kept():
    corpus = _corpus()
    docs = [Document(d.id, d.text + " warming of 1.5°C (c) x of", d.source, d.date) for d in corpus]
    lettered = Corpus(docs, name="lettered", sources=corpus.sources)
    m = _fit(lettered)
    assert not {"c", "x"} & set(m.vocabulary_) and "warming" in m.vocabulary_
    assert m.provenance_["n_short_dropped"] == 2
    assert "c" in _fit(lettered, keep=["c"]).vocabulary_
    assert {"c", "x"} <= set(_fit(lettered, min_length=1).vocabulary_)
    assert "of" not in _fit(lettered, min_length=3, stopwords=()).vocabulary_
    with pytest.raises(ParameterError, match="min_length"):
        _fit(lettered, min_length=0)


def test_name_options_change_the_cache_key(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path))
    corpus = _corpus()
    a = _fit(corpus, cache=True)
    b = _fit(corpus, cache=True, keep=["Zambara"])
    assert not b.provenance_["from_cache"]
    assert a.provenance_["key"] != b.provenance_["key"]
    again = _fit(corpus, cache=True)
    assert again.provenance_["from_cache"]
    assert list(again.names_dropped_) == list(a.names_dropped_)
    assert again.passes_ == a.passes_


def test_bad_name_options():
    corpus = _corpus(30)
    with pytest.raises(ParameterError, match="names="):
        _fit(corpus, names="remove")
    with pytest.raises(ParameterError, match="name_threshold="):
        _fit(corpus, name_threshold=1.5)
    with pytest.raises(ParameterError, match="exclude="):
        _fit(corpus, exclude="drought")
    with pytest.raises(ParameterError, match="tol="):
        _fit(corpus, tol=0)


def test_stopping_rule_stops_early_on_an_easy_corpus_and_records_passes():
    corpus, _, _ = make_synthetic(200)
    m = _fit(corpus, n_topics=4, passes=50, chunksize=50, tol=0.01)
    assert 2 <= m.passes_ < 50
    assert m.provenance_["passes_run"] == m.passes_
    changes = m.provenance_["pass_changes"]
    assert len(changes) == m.passes_ and changes[-1] < 0.01 <= min(changes[:-1])
    fixed = _fit(corpus, n_topics=4, passes=3, chunksize=50, tol=None)
    assert fixed.passes_ == 3


def test_stopped_fit_equals_gensim_with_that_many_passes():
    """The pass-by-pass loop is gensim's update(): n passes run = LdaModel(passes=n), bit for bit."""
    corpus, _, _ = make_synthetic(120)
    m = _fit(corpus, n_topics=4, passes=30, chunksize=50, tol=0.02, alpha="asymmetric")
    fixed = _fit(corpus, n_topics=4, passes=m.passes_, chunksize=50, tol=None, alpha="asymmetric")
    assert np.array_equal(m.lda_.state.sstats, fixed.lda_.state.sstats)
    assert np.array_equal(m.lda_.get_topics(), fixed.lda_.get_topics())


def test_same_seed_same_model_with_the_new_defaults():
    corpus = _corpus()
    a, b = _fit(corpus, seed=3), _fit(corpus, seed=3)
    assert a.passes_ == b.passes_
    assert np.array_equal(a.topic_word_, b.topic_word_)
    assert np.array_equal(a.theta_, b.theta_)
