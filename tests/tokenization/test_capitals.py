"""Capitalised uses per store term: counted on the original text, cached beside the store."""

from __future__ import annotations

import numpy as np
import pytest

from discourse import Corpus, Document, tokens
from discourse.tokenization.capitals import capital_share, count_capitalised
from discourse.tokenization.tokenizer import Tokenizer


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))


def _corpus():
    docs = [
        Document("a", "China and Syria met. The meeting ended isolation.", "X"),
        Document(
            "b", "Isolation is over, said China. Their anti-Western voices: the U.S. objected.", "Y"
        ),
        Document("c", "Économie and économie; the Security Council met in Ōsaka.", "Y"),
    ]
    return Corpus(docs)


def test_share_is_capitalised_uses_over_uses(fresh_cache):
    c = _corpus()
    store = tokens(c)
    share = dict(zip(store.vocab, capital_share(c), strict=True))
    assert share["china"] == 1.0 and share["syria"] == 1.0
    assert share["isolation"] == pytest.approx(0.5)  # once at a sentence start, once not
    assert share["the"] == pytest.approx(1 / 3)
    assert share["u.s."] == 1.0  # the tokenizer's abbreviation rule is kept
    assert share["anti-western"] == 0.0  # capitalised inside a hyphenated word is not a start
    assert share["économie"] == pytest.approx(0.5) and share["ōsaka"] == 1.0  # any script
    assert ((0 <= np.array(list(share.values()))) & (np.array(list(share.values())) <= 1)).all()


def test_counts_are_cached_and_read_back(fresh_cache, monkeypatch):
    c = _corpus()
    first = capital_share(c)
    import discourse.tokenization.capitals as caps

    def fail(*a, **k):
        raise AssertionError("the cached counts should have been used")

    monkeypatch.setattr(caps, "_count", fail)
    assert np.array_equal(capital_share(c), first)


def test_kernel_counts_lowercased_forms():
    out = count_capitalised(["Peace. Peace and peace!", "PEACE"], Tokenizer().key)
    assert out == {"peace": 3}
