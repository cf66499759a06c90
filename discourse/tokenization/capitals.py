"""How often each term of a token store is capitalised in the original text.

The store lowercases, so it cannot tell ``China`` from ``china``. Names of
countries, people, places and outlets are capitalised wherever they occur,
common words mostly at the start of a sentence; the share of capitalised
uses separates them in any corpus, without a list of names. Topic models use
it to keep names out of their vocabulary (a term counts as a name when at
least 80 % of its uses are capitalised; see
:class:`discourse.TopicModel`'s ``names=``).

The counts take one pass over the texts and are cached beside the store
(cache kind ``capitals``, keyed by the store), so they are computed once,
on first use, and not in every tokenising pass.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import numpy as np

from .. import cache
from ..corpus import Corpus
from ..parallel import Executor
from . import batch
from .build import tokens
from .store import TokenStore
from .tokenizer import TOKEN_RE, Tokenizer

__all__ = ["CAPITALS_VERSION", "capital_share", "count_capitalised"]

CAPITALS_VERSION = 1


@functools.lru_cache(maxsize=1)
def _capitalised_re() -> re.Pattern:
    """A token (as :data:`TOKEN_RE` reads it) that starts with an upper-case letter."""
    upper = "".join(re.escape(c) for c in map(chr, range(0x10000)) if c.isupper())
    assert TOKEN_RE.pattern.startswith(r"\w+")
    return re.compile(r"(?<![\w-])[" + upper + r"]\w*" + TOKEN_RE.pattern[len(r"\w+") :])


def count_capitalised(texts: list[str], tokenizer_key: dict) -> Counter:
    """Capitalised uses of each (lowercased) token in ``texts``: the kernel, run per batch."""
    tok = Tokenizer(
        lowercase=tokenizer_key["lowercase"],
        mwes=(),
        min_length=tokenizer_key["min_length"],
    )
    rx = _capitalised_re()
    out: Counter = Counter()
    for text in texts:
        text = tok.normalize(text)
        found = rx.findall(text)
        if tok.min_length > 1:
            found = [t for t in found if len(t) >= tok.min_length]
        out.update(t.lower() for t in found)
    return out


def _texts(corpus: Corpus):
    texts: list[str] = []
    size = 0
    for d in corpus.base:
        texts.append(d.text)
        size += len(d.text)
        if size >= batch.BATCH_CHARS:
            yield texts
            texts, size = [], 0
    if texts:
        yield texts


def capital_share(
    corpus: Corpus, *, tokenizer: Tokenizer | None = None, processes: int = 1
) -> np.ndarray:
    """Share of each store term's uses that are capitalised (0–1; 0 for joined phrases).

    Parameters
    ----------
    corpus : Corpus
        Any view; the shares are over its whole base corpus, like the store.
    tokenizer : Tokenizer, optional
        The store's tokenizer (default ``Tokenizer()``).
    processes : int, default 1
        Worker processes for the one pass over the texts.

    Returns
    -------
    ndarray of float, one value per id of ``discourse.tokens(corpus).vocab``.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "China spoke. China and Syria agree.", "X")])
    >>> share = dict(zip(tokens(c).vocab, capital_share(c).tolist()))
    >>> share["china"], share["and"]
    (1.0, 0.0)
    """
    store = tokens(corpus, tokenizer=tokenizer)
    key = cache.stable_hash({"store": store.path.name, "capitals": CAPITALS_VERSION})
    entry = cache.open_entry("capitals", key)
    if entry is not None:
        return np.load(entry / "capitalised.npy") / np.maximum(store.term_freq, 1)
    counts = _count(corpus, store, processes)
    with cache.write_entry(
        "capitals", key, info={"description": f"capitalised uses in {corpus.base.name}"}
    ) as folder:
        np.save(folder / "capitalised.npy", counts)
    return counts / np.maximum(store.term_freq, 1)


def _count(corpus: Corpus, store: TokenStore, processes: int) -> np.ndarray:
    total: Counter = Counter()
    with Executor(processes=processes) as ex:
        for part in ex.map(count_capitalised, _texts(corpus), store.tokenizer.key):
            total.update(part)
    counts = np.zeros(len(store.vocab), dtype=np.int64)
    ids = store.token2id
    for word, n in total.items():
        i = ids.get(word)
        if i is not None:
            counts[i] = n
    # a capitalised form can be found where the store's scan split differently: never above uses
    return np.minimum(counts, store.term_freq)
