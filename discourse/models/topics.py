"""Topic models: gensim LDA fed from the token store, compared across sources.

:class:`TopicModel` fits LDA (gensim ``LdaModel``) on whole documents, paragraphs or
fixed-size chunks, streaming bags of words straight from the token cache
(no Python token lists). gensim's own ``update()`` trains the model (its
chunks, learning rate and M-step), with its E-step compiled
(:func:`discourse.models.lda.inference`: gensim's algorithm on the store's
(term id, count) arrays, on ``workers`` threads; the model equals bare
gensim's on the same bag-of-words to float32 rounding, and fits 2–5 times
faster). Unit-level topic shares are aggregated back to documents, weighted
by unit length, so every result is per document and per source.

Topics should be themes, not places: by default (``names="drop"``) terms
that are capitalised in at least 80 % of their uses in the raw text, and
the words of the corpus's source names and codes, are left out of the
vocabulary (:func:`name_mask`; in any corpus, without a list of names), so
that labels read "refugees · humanitarian · camps" rather than "cambodia ·
ghana · haram"; tokens without a letter ("2015", "21") are left out too
(``numbers="drop"``), since "per · cent · 1" labels nothing, and so are
one-letter tokens (``min_length=2``: the "c" of "1.5°C"). Training runs until the topics stop moving (``tol``, at
most ``passes`` passes) rather than for a fixed number of passes.

On top of the fitted model:

* labels: top terms by probability, FREX (Roberts et al., STM) and
  relevance (Sievert & Shirley, LDAvis), an automatic short label from the
  top FREX terms, and :meth:`TopicModel.rename`;
* :meth:`TopicModel.prevalence`: mean document share per group with
  bootstrap intervals over documents;
* :meth:`TopicModel.difference`: two sources, per topic, with an interval;
* :meth:`TopicModel.effect`: prevalence as a function of source and year (a
  regression of logit shares on source indicators and a natural spline in
  year, with intervals by resampling documents; after STM's
  ``estimateEffect``);
* :meth:`TopicModel.stability`: refits with other seeds, topics matched by
  the Hungarian assignment on Jensen–Shannon distance;
* :meth:`TopicModel.transform`: topic shares of new documents;
* :func:`topic_sweep`: coherence (c_v, c_npmi, u_mass) and held-out
  per-word bound for several K, for clones of one model.

Two kinds of parallelism, two names: ``TopicModel(workers=)`` is the
number of threads of the E-step inside one fit (the model is the same for
any number), whereas
``topic_sweep(processes=)`` runs whole fits, one K each, on worker
processes of this machine (:class:`discourse.parallel.Executor`), and
``fit(client=)`` runs the E-step on a Dask cluster.

Topic ids are stable: after fitting, topics are ordered by overall
prevalence (ties broken by top term), so topic 0 is the most prevalent.

Fitted models are cached (key: corpus view fingerprint + parameters + seed
+ library versions) as gensim's own files plus Parquet (document–topic
shares) and JSON (provenance); ``discourse cache list|clear`` manage them.
"""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import _grouping
from .. import cache as diskcache
from .._validation import UNSET, check_int, check_unit, renamed
from ..corpus import Corpus
from ..errors import DataError, ParameterError, known
from ..parallel import Executor
from ..stats import bootstrap_sums, check_ci, check_seed, percentile_interval
from ..tokenization import TokenStore, capital_share, tokens
from ..tokenization.tokenizer import ENGLISH_STOPWORDS
from .base import Estimator, clone, provenance, required_pair, save_folder, view_fingerprint
from .lda import fit_lda_on_client, infer, no_gc, train_lda

__all__ = ["TopicModel", "topic_sweep", "match_topics"]

CACHE_KIND = "topics"
_FORMAT = 4  # 2: names_dropped and passes run saved; 3: the compiled E-step; 4: chunks of a tenth
_MIN_DOCS = 5


# --------------------------------------------------------------------------
# bag-of-words streaming
# --------------------------------------------------------------------------
class _Vocabulary:
    """The kept vocabulary: old store id → new id (``-1`` dropped)."""

    def __init__(self, remap: np.ndarray, kept: np.ndarray, store_vocab: np.ndarray, df, tf, n):
        self.remap = remap
        self.kept = kept  # store ids of kept terms, in new-id order
        self.terms = store_vocab[kept]
        self.df = df
        self.tf = tf
        self.n_units = n

    def dictionary(self):
        """A gensim Dictionary with the kept terms and their document frequencies."""
        from gensim.corpora import Dictionary

        d = Dictionary()
        d.token2id = {str(t): i for i, t in enumerate(self.terms)}
        d.id2token = {i: str(t) for i, t in enumerate(self.terms)}
        d.dfs = {i: int(v) for i, v in enumerate(self.df)}
        d.cfs = {i: int(v) for i, v in enumerate(self.tf)}
        d.num_docs = int(self.n_units)
        d.num_pos = int(self.tf.sum())
        d.num_nnz = int(self.df.sum())
        return d


def _doc_units(
    store: TokenStore, rows: np.ndarray, unit
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Per document: ``(row, unit index of each token, token ids)`` for paragraph/chunk units.

    Unit indices increase through the document; a paragraph with no
    tokens has none, as in ``TokenStore.iter_units``.
    """
    starts = store.paragraph_starts if unit == "paragraph" else None
    off = store.offsets
    for r, ids in store.iter_ids(rows):
        pos = np.arange(len(ids), dtype=np.int64)
        if starts is not None:
            a = int(off[r])
            lo, hi = np.searchsorted(starts, [a, a + len(ids)])
            uid = np.searchsorted(starts[lo:hi] - a, pos, side="right")
        else:
            uid = pos // int(unit)
        yield r, uid.astype(np.int64), ids


def _unit_df(store: TokenStore, rows: np.ndarray, unit) -> tuple[np.ndarray, np.ndarray, int]:
    """Document (unit) frequency and term frequency over the units of ``rows``."""
    V = len(store.vocab)
    df = np.zeros(V, dtype=np.int64)
    tf = np.zeros(V, dtype=np.int64)
    n = 0
    if unit == "document":
        for _, m in store.iter_dtm(rows):
            df += np.bincount(m.indices, minlength=V)
            tf += np.bincount(m.indices, weights=m.data, minlength=V).astype(np.int64)
            n += m.shape[0]
        return df, tf, n
    ubuf: list[np.ndarray] = []
    tbuf: list[np.ndarray] = []
    size = 0
    for _, uid, ids in _doc_units(store, rows, unit):
        keys = np.unique((uid << 32) | ids.astype(np.int64))
        ubuf.append(keys & 0xFFFFFFFF)
        tbuf.append(ids)
        n += len(np.unique(keys >> 32))
        size += len(ids)
        if size > 5_000_000:
            df += np.bincount(np.concatenate(ubuf), minlength=V)
            tf += np.bincount(np.concatenate(tbuf), minlength=V)
            ubuf, tbuf, size = [], [], 0
    if ubuf:
        df += np.bincount(np.concatenate(ubuf), minlength=V)
        tf += np.bincount(np.concatenate(tbuf), minlength=V)
    return df, tf, n


def _build_vocabulary(
    store: TokenStore,
    rows: np.ndarray,
    *,
    unit,
    no_below: int,
    no_above: float,
    keep_n: int | None,
    stopwords,
    drop: np.ndarray | None = None,
    numbers: np.ndarray | None = None,
    short: np.ndarray | None = None,
    min_unit_tokens: int = 1,
) -> _Vocabulary:
    df, tf, n = _unit_df(store, rows, unit)
    keep = (df >= no_below) & (df <= no_above * n) & (df > 0)
    if stopwords:
        keep &= ~store.stop_mask(stopwords)
    n_numbers = n_short = 0
    if numbers is not None:
        n_numbers = int((keep & numbers).sum())
        keep &= ~numbers
    if short is not None:
        n_short = int((keep & short).sum())
        keep &= ~short
    names = np.zeros(0, dtype=np.int64)
    if drop is not None:
        hit = keep & drop
        names = np.flatnonzero(hit)
        names = names[np.lexsort((names, -df[names]))]  # most frequent first, ties by id
        keep &= ~drop
    cand = np.flatnonzero(keep)
    if keep_n is not None and len(cand) > keep_n:
        # most frequent by document frequency (as gensim's filter_extremes), ties by id
        order = np.lexsort((cand, -df[cand]))
        cand = np.sort(cand[order[:keep_n]])
    if len(cand) == 0:
        raise DataError(
            f"the vocabulary is empty after filtering ({n:,} units, {int((df > 0).sum()):,} "
            f"distinct tokens; no_below={no_below}, no_above={no_above}, keep_n={keep_n}); "
            "lower no_below, raise no_above, or pass a shorter stopwords list"
        )
    remap = np.full(len(store.vocab), -1, dtype=np.int64)
    remap[cand] = np.arange(len(cand))
    vocab = _Vocabulary(remap, cand, store.vocab, df[cand], tf[cand], n)
    vocab.names_dropped = store.vocab[names]
    vocab.n_numbers_dropped = n_numbers
    vocab.n_short_dropped = n_short
    return vocab


def _vocabulary_for(
    store: TokenStore, rows: np.ndarray, p: dict, drop: np.ndarray | None = None
) -> _Vocabulary:
    """:func:`_build_vocabulary` with the options of validated TopicModel parameters ``p``.

    ``drop``: a mask over the store's vocabulary of terms left out
    (:func:`name_mask`). With ``numbers="drop"`` the tokens without a letter
    (:func:`number_mask`) are left out too, and so are the tokens shorter
    than ``min_length`` characters, but for the ``keep`` terms.
    """
    kept = _terms_ids(store, p["keep"])
    numbers = None
    if p["numbers"] == "drop":
        numbers = number_mask(store)
        numbers[kept] = False
    short = None
    if p["min_length"] > 1:
        short = np.fromiter(
            (len(str(t)) < p["min_length"] for t in store.vocab), dtype=bool, count=len(store.vocab)
        )
        short[kept] = False
    return _build_vocabulary(
        store,
        rows,
        unit=p["unit"],
        no_below=p["no_below"],
        no_above=p["no_above"],
        keep_n=p["keep_n"],
        stopwords=p["stopwords"],
        drop=drop,
        numbers=numbers,
        short=short,
    )


_LETTER = re.compile(r"[^\W\d_]")


def number_mask(store: TokenStore) -> np.ndarray:
    """A mask over the store's vocabulary: the tokens without a letter ("2015", "21", "1_000").

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> from discourse.tokenization import tokens
    >>> store = tokens(Corpus([Document("a", "Agenda 2030 and the G77, 21 states", "X")]))
    >>> sorted(store.vocab[number_mask(store)].tolist())
    ['2030', '21']
    """
    return np.fromiter(
        (_LETTER.search(str(t)) is None for t in store.vocab), dtype=bool, count=len(store.vocab)
    )


#: A word of a source's name or code (in the source table) counts as a name
#: when it is capitalised at least this often: lower than ``name_threshold``
#: because the table says it names something, higher than never because
#: words such as "states", "island" or "democratic" are also common words.
SOURCE_NAME_SHARE = 0.5


def _terms_ids(store: TokenStore, terms: Iterable[str]) -> np.ndarray:
    """Store ids of ``terms`` (tokens or globs such as ``"isra*"``); unknown ones are ignored."""
    out = [store.term_ids(str(t).lower()) for t in terms]
    return np.concatenate(out).astype(np.int64) if out else np.zeros(0, dtype=np.int64)


def name_mask(corpus: Corpus, store: TokenStore, rows: np.ndarray, p: dict) -> np.ndarray:
    """The terms a TopicModel with validated parameters ``p`` leaves out, as a mask over the store.

    With ``names="drop"``: every term capitalised in at least
    ``name_threshold`` of its uses in the raw text
    (:func:`discourse.tokenization.capital_share`), and the words of the
    names and the codes of this view's sources in ``corpus.sources``
    capitalised in at least :data:`SOURCE_NAME_SHARE` of their uses. Then,
    whatever ``names``: the ``exclude`` terms are added and the ``keep``
    terms taken out (both may be globs).
    """
    V = len(store.vocab)
    mask = np.zeros(V, dtype=bool)
    if p["names"] == "drop":
        share = capital_share(corpus, tokenizer=store.tokenizer)
        mask |= share >= p["name_threshold"]
        table = corpus.sources
        words: set[str] = set()
        for code in sorted(set(store.docs["source"].to_numpy(dtype=object)[rows].tolist())):
            code = str(code)
            words.add(code.lower())
            if table is not None and code in table:
                words.update(store.tokenizer.tokenize(table.name(code)))
        ids = [store.token2id[w] for w in sorted(words) if w in store.token2id]
        ids = np.asarray(ids, dtype=np.int64)
        mask[ids[share[ids] >= SOURCE_NAME_SHARE]] = True
    mask[_terms_ids(store, p["exclude"])] = True
    mask[_terms_ids(store, p["keep"])] = False
    return mask


class _Bow:
    """Re-iterable bag-of-words corpus over units (what gensim trains on).

    Yields ``[(term id, count), ...]`` per non-empty unit, in store order.
    ``unit_row`` and ``unit_len`` (after filtering) are known after
    construction (one counting pass).
    """

    def __init__(self, store: TokenStore, rows: np.ndarray, unit, remap: np.ndarray):
        self.store = store
        self.rows = np.asarray(rows, dtype=np.int64)
        self.unit = unit
        self.remap = remap
        r, lens = [], []
        for row, counts in self._iter_arrays():
            r.append(row)
            lens.append(int(counts[1].sum()))
        self.unit_row = np.asarray(r, dtype=np.int64)
        self.unit_len = np.asarray(lens, dtype=np.int64)

    def _iter_arrays(self) -> Iterator[tuple[int, tuple[np.ndarray, np.ndarray]]]:
        remap = self.remap
        if self.unit == "document":
            for block, m in self.store.iter_dtm(self.rows):
                new = remap[m.indices]
                ip = m.indptr
                for i, row in enumerate(block.tolist()):
                    a, b = ip[i], ip[i + 1]
                    nid = new[a:b]
                    ok = nid >= 0
                    if ok.any():
                        yield row, (nid[ok], m.data[a:b][ok])
            return
        for row, uid, ids in _doc_units(self.store, self.rows, self.unit):
            nid = remap[ids]
            ok = nid >= 0
            keys, counts = np.unique((uid[ok] << 32) | nid[ok], return_counts=True)
            if not len(keys):
                continue
            u = keys >> 32
            tid = keys & 0xFFFFFFFF
            cuts = np.flatnonzero(np.diff(u)) + 1
            for a, b in zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(u)].tolist(), strict=True):
                yield row, (tid[a:b], counts[a:b])

    def __len__(self) -> int:
        return len(self.unit_row)

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        for _, (ids, counts) in self._iter_arrays():
            yield list(zip(ids.tolist(), counts.tolist(), strict=True))


class _Units:
    """The units of a :class:`_Bow` as ``(term ids, counts)`` arrays (re-iterable, sized)."""

    def __init__(self, bow: _Bow):
        self.bow = bow

    def __len__(self) -> int:
        return len(self.bow)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return (arrays for _, arrays in self.bow._iter_arrays())


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _view(corpus: Corpus, client: Any = None) -> tuple[TokenStore, np.ndarray, str]:
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"corpus must be a discourse.Corpus, got {type(corpus).__name__}")
    store = tokens(corpus, client=client)
    rows = store.select(corpus)
    return store, rows, view_fingerprint(store, rows)


#: The smallest default chunk of units per update (gensim's default chunk size).
MIN_CHUNKSIZE = 2000
#: Updates per pass that the default chunk size aims at.
UPDATES_PER_PASS = 10


def default_chunksize(n_units: int) -> int:
    """Units per update when ``chunksize=None``: a tenth of the units, at least 2,000.

    >>> default_chunksize(5_900), default_chunksize(209_375)
    (2000, 20938)
    """
    return max(MIN_CHUNKSIZE, -(-int(n_units) // UPDATES_PER_PASS))


def _threads(workers: int | None) -> int:
    """The E-step's threads: ``workers``, or the cores this process may use."""
    if workers is not None:
        return workers
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _train(
    bow: _Bow,
    dictionary: Any,
    kw: dict,
    *,
    client: Any = None,
    tol: float | None = None,
    threads: int = 1,
) -> tuple[Any, str]:
    """Train gensim LDA on ``bow`` with gensim keyword arguments ``kw``: (model, engine name).

    On Dask with ``client`` (``kw["passes"]`` passes); else gensim's
    ``LdaModel`` trained with the compiled E-step on ``threads`` threads,
    until the topics stop moving when ``tol`` is given
    (:func:`discourse.models.lda.train_lda`).
    """
    if client is not None:
        return fit_lda_on_client(client, bow, id2word=dictionary, **kw), "LdaModel (E-step on Dask)"
    with no_gc():
        return train_lda(_Units(bow), dictionary, kw, tol=tol, threads=threads), "LdaModel"


def _document_shares(
    lda: Any, bow: _Bow, *, seed: int, threads: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Infer every unit's topic shares and aggregate them to documents, weighted by unit length.

    Returns ``(rows, lengths, theta)``: the store rows with at least one
    unit (sorted), their kept tokens, and their shares in gensim's topic
    order (rows sum to 1).
    """
    with no_gc():
        theta_units = infer(lda, _Units(bow), seed=seed, threads=threads)
    row_index, inv = np.unique(bow.unit_row, return_inverse=True)
    w = bow.unit_len.astype(float)
    theta = np.zeros((len(row_index), theta_units.shape[1]))
    np.add.at(theta, inv, theta_units * w[:, None])
    doc_len = np.bincount(inv, weights=w)
    theta /= doc_len[:, None]
    return row_index, doc_len.astype(np.int64), theta


def _stable_order(lda: Any, theta: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """gensim topic ids by overall prevalence (descending), ties broken by top term."""
    phi = lda.get_topics().astype(float)
    phi /= phi.sum(1, keepdims=True)
    prevalence = theta.mean(0)
    top = [str(terms[int(np.argmax(phi[k]))]) for k in range(len(phi))]
    return np.asarray(
        sorted(range(len(phi)), key=lambda k: (-round(float(prevalence[k]), 12), top[k]))
    )


def _doc_topics_frame(
    docs: pd.DataFrame, lengths: np.ndarray, theta: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``doc_topics_`` frame of some documents, and their ``date, meta`` columns."""
    frame = pd.DataFrame(
        {
            "doc_id": pd.array(docs["id"].to_numpy(dtype=object), dtype="str"),
            "source": pd.array(docs["source"].to_numpy(dtype=object), dtype="str"),
            "year": pd.array(docs["year"].to_numpy(), dtype="Int64"),
            "n_tokens": lengths,
        }
    )
    shares = pd.DataFrame(theta, columns=[f"topic_{k}" for k in range(theta.shape[1])])
    meta = pd.DataFrame(
        {
            "date": docs["date"].to_numpy(dtype=object),
            "meta": docs["meta"].to_numpy(dtype=object),
        }
    )
    return pd.concat([frame, shares], axis=1), meta


def _js_distance(P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Pairwise Jensen–Shannon distance (base 2, in [0, 1]) between rows of P and Q."""
    P = P / P.sum(1, keepdims=True)
    Q = Q / Q.sum(1, keepdims=True)
    out = np.empty((len(P), len(Q)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i, p in enumerate(P):
            M = 0.5 * (p[None, :] + Q)
            kl_p = np.where(p > 0, p * np.log2(p / M), 0.0).sum(1)
            kl_q = np.where(Q > 0, Q * np.log2(Q / M), 0.0).sum(1)
            out[i] = np.sqrt(np.clip(0.5 * (kl_p + kl_q), 0, 1))
    return out


def match_topics(reference: np.ndarray, other: np.ndarray) -> pd.DataFrame:
    """Match the topics of two fits (Hungarian assignment on Jensen–Shannon distance).

    Parameters
    ----------
    reference, other : (K, V) arrays
        Topic–word distributions over the same vocabulary (rows sum to 1).

    Returns
    -------
    DataFrame
        ``topic`` (row of ``reference``), ``matched`` (row of ``other``),
        ``distance`` (Jensen–Shannon distance, base 2, 0 = identical,
        1 = disjoint) and ``similarity`` (1 − distance).

    Examples
    --------
    >>> a = np.array([[0.9, 0.1, 0.0], [0.0, 0.1, 0.9]])
    >>> match_topics(a, a[::-1])[["topic", "matched"]].to_numpy().tolist()
    [[0, 1], [1, 0]]
    """
    from scipy.optimize import linear_sum_assignment

    reference = np.asarray(reference, dtype=float)
    other = np.asarray(other, dtype=float)
    if reference.ndim != 2 or reference.shape[1] != other.shape[1]:
        raise ParameterError(
            f"topic-word arrays must be 2-D over the same vocabulary, got shapes "
            f"{reference.shape} and {other.shape}"
        )
    D = _js_distance(reference, other)
    r, c = linear_sum_assignment(D)
    d = D[r, c]
    return pd.DataFrame({"topic": r, "matched": c, "distance": d, "similarity": 1 - d})


def _ecdf_rank(x: np.ndarray) -> np.ndarray:
    """Empirical CDF of each value within its row (ties share the highest rank)."""
    out = np.empty_like(x, dtype=float)
    n = x.shape[1]
    for k in range(x.shape[0]):
        s = np.sort(x[k])
        out[k] = np.searchsorted(s, x[k], side="right") / n
    return out


def _natural_spline(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Natural cubic spline basis without the constant (ESL eq. 5.4–5.5): len(knots) − 1 columns."""
    K = len(knots)

    def d(k):
        num = np.maximum(x - knots[k], 0) ** 3 - np.maximum(x - knots[K - 1], 0) ** 3
        return num / (knots[K - 1] - knots[k])

    cols = [x]
    for k in range(K - 2):
        cols.append(d(k) - d(K - 2))
    return np.column_stack(cols)


# --------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------
class TopicModel(Estimator):
    """Latent Dirichlet allocation on a corpus, with stable topic ids and provenance.

    Parameters
    ----------
    n_topics : int, default 20
    passes : int, default 20
        With ``tol`` (the default), the most passes over the units: the fit
        stops after the first pass (from the second on) in which the
        topics moved less than ``tol``. With ``tol=None``, exactly this
        many passes (gensim's ``passes=``). The passes run are in
        ``passes_``.
    iterations : int, default 50
        gensim's E-step iterations per unit.
    chunksize : int, optional
        Units per update of online VB. Default: a tenth of the units, at
        least :data:`MIN_CHUNKSIZE` (2,000, gensim's default), so a pass
        makes about 10 updates whatever the corpus's size. The learning
        rate, ``(1 + passes + updates) ** -0.5``, falls with every update:
        a fixed 2,000 makes 105 updates a pass over the UNGDC's 209,000
        paragraphs (1990–2023) and the first pass's topics stay (c_npmi of
        the top-10 words +0.067, K=20); a twentieth of the units gave
        +0.085 on average over seeds 0–4, from +0.064 to +0.095; a tenth
        gives +0.096 on average over seeds 0–9, from +0.087 to +0.101
        (tomotopy's Gibbs sampler, 200 iterations, same seeds: +0.090;
        ``docs/performance.md``). The chunk size used is in
        ``provenance_["gensim_params"]``.
    alpha : {"symmetric", "asymmetric", "auto"} or float, default "symmetric"
        Document–topic prior.
    eta : None, "symmetric", "auto" or float
        Topic–word prior.
    unit : {"document", "paragraph"} or int, default "document"
        What LDA sees as a document: whole documents, paragraphs, or chunks
        of N tokens. Unit shares are aggregated to their documents,
        weighted by unit length (tokens kept after filtering).
    no_below, no_above, keep_n : vocabulary filter
        Keep terms in at least ``no_below`` units and at most a
        ``no_above`` fraction of units, then the ``keep_n`` with the highest
        unit frequency (``None``: all).
    stopwords : iterable of str, default ENGLISH_STOPWORDS
        Dropped before counting (``None`` or ``()`` keeps all).
    workers : int, optional
        Threads of the E-step inside this one fit (default: the cores this
        process may use). The model is the same for any number: each unit's
        arithmetic and the order in which the statistics are summed do not
        depend on it (tested), so it is not part of the cache key. Not
        worker processes of this package (``topic_sweep(processes=)``).
    seed : int, default 0
        gensim's ``random_state``, also used for document inference.
    names : {"drop", "keep"}, default "drop"
        ``"drop"`` leaves names (of countries, people, places, outlets, in
        any corpus, without a list) out of the vocabulary, so topics are
        themes rather than places: every term capitalised in at least
        ``name_threshold`` of its uses in the raw text
        (:func:`discourse.tokenization.capital_share`), and the words of
        the names and codes of the corpus's sources (``corpus.sources``)
        when they are capitalised at least half the time
        (:data:`SOURCE_NAME_SHARE`; "states" or "island" also are common
        words). The terms dropped are in ``names_dropped_`` and in the
        cache key.
    name_threshold : float, default 0.8
        Share of capitalised uses from which a term counts as a name.
    exclude : iterable of str, optional
        More terms to leave out (tokens or globs such as ``"isra*"``),
        whatever ``names``.
    keep : iterable of str, optional
        Terms kept even when they look like names or numbers (tokens or
        globs).
    numbers : {"drop", "keep"}, default "drop"
        ``"drop"`` leaves tokens without a letter ("2015", "21", "1") out
        of the vocabulary (:func:`number_mask`): as topic words they make
        labels such as "per · cent · 1" and say nothing of a theme. Keep
        chosen ones with ``keep=["2030"]``; how many were left out is
        ``provenance_["n_numbers_dropped"]``.
    min_length : int, default 2
        Tokens of fewer characters are left out of the vocabulary: stray
        letters ("c" of "1.5°C" or "(c)", initials) make labels such as
        "assistance · debt · c". ``keep=`` keeps chosen ones; how many were
        left out is ``provenance_["n_short_dropped"]``. ``1`` keeps all.
    tol : float or None, default 0.01
        The stopping rule: the mean total-variation distance between each
        topic's word distribution before and after a pass
        (:func:`discourse.models.lda.topic_change`) below which training
        stops. ``None``: run exactly ``passes`` passes. With ``client=``,
        ``passes`` is a fixed count.
    cache : bool, default True
        Load a model fitted with the same data, parameters, seed and
        library versions from the cache; save new fits there.

    Attributes
    ----------
    topics_ : DataFrame
        ``topic, label, rank, term, weight``: the 20 most probable terms of
        each topic.
    topic_word_ : ndarray (K, V)
        Topic–word probabilities over ``vocabulary_``.
    vocabulary_ : ndarray of str
    doc_topics_ : DataFrame
        One row per document with at least one kept token: ``doc_id,
        source, year, n_tokens`` (tokens kept after filtering) and
        ``topic_0 … topic_{K-1}`` (shares summing to 1).
    dictionary_ : gensim.corpora.Dictionary
    names_dropped_ : ndarray of str
        Terms that passed the frequency filters but were left out as
        names (``names=``, ``exclude=``), most frequent first.
    passes_ : int
        Passes run (see ``tol``); the topic change after each pass is in
        ``provenance_["pass_changes"]``.
    lda_ : gensim LdaModel
        In gensim's own topic order; ``order_[k]`` is the gensim topic
        behind topic ``k``.
    provenance_ : dict
        Seed, parameters, corpus fingerprint, numbers of documents, units
        and tokens, library versions, creation time, fit seconds, and
        ``from_cache``: the schema of every model
        (:func:`discourse.models.base.provenance`).

    Methods that read what was learned raise
    :class:`~discourse.errors.NotFittedError` before ``fit``.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> docs = [Document(f"d{i}", ("peace security council " if i % 2 else
    ...         "trade growth markets ") * 5, "A" if i < 10 else "B") for i in range(20)]
    >>> m = TopicModel(n_topics=2, no_below=1, no_above=1.0, passes=5, cache=False).fit(Corpus(docs))
    >>> m.doc_topics_.filter(like="topic_").sum(axis=1).round(6).eq(1).all()
    np.True_
    """

    def __init__(
        self,
        *,
        n_topics: int = 20,
        passes: int = 20,
        iterations: int = 50,
        chunksize: int | None = None,
        alpha: str | float = "symmetric",
        eta: str | float | None = None,
        unit: str | int = "document",
        no_below: int = 5,
        no_above: float = 0.5,
        keep_n: int | None = 20000,
        stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
        workers: int | None = None,
        seed: int = 0,
        names: str = "drop",
        name_threshold: float = 0.8,
        exclude: Iterable[str] | None = None,
        keep: Iterable[str] | None = None,
        numbers: str = "drop",
        min_length: int = 2,
        tol: float | None = 0.01,
        cache: bool = True,
    ):
        self.n_topics = n_topics
        self.passes = passes
        self.iterations = iterations
        self.chunksize = chunksize
        self.alpha = alpha
        self.eta = eta
        self.unit = unit
        self.no_below = no_below
        self.no_above = no_above
        self.keep_n = keep_n
        self.stopwords = stopwords
        self.workers = workers
        self.seed = seed
        self.names = names
        self.name_threshold = name_threshold
        self.exclude = exclude
        self.keep = keep
        self.numbers = numbers
        self.min_length = min_length
        self.tol = tol
        self.cache = cache

    # -- parameters --------------------------------------------------------
    def _validated(self) -> dict:
        """The parameters, checked and normalised: what determines a fit (all but ``cache``)."""
        p = self.get_params()
        if not isinstance(p.pop("cache"), bool):
            raise ParameterError(f"cache= must be True or False, got {self.cache!r}")
        for name, low in (
            ("n_topics", 2),
            ("passes", 1),
            ("iterations", 1),
            ("no_below", 1),
            ("min_length", 1),
        ):
            p[name] = check_int(name, p[name], low)
        p["chunksize"] = check_int("chunksize", p["chunksize"], 1, none=True)
        p["workers"] = check_int("workers", p["workers"], 1, none=True)
        p["unit"] = check_unit(p["unit"])
        p["seed"] = check_seed(p["seed"])
        no_above = p["no_above"]
        if not (isinstance(no_above, (int, float)) and 0 < no_above <= 1):
            raise ParameterError(
                f"no_above= must be a fraction in (0, 1] such as 0.5, got {no_above!r}"
            )
        p["no_above"] = float(no_above)
        p["keep_n"] = check_int("keep_n", p["keep_n"], 1, none=True)
        alpha = p["alpha"]
        if isinstance(alpha, str):
            if alpha not in ("symmetric", "asymmetric", "auto"):
                raise ParameterError(
                    f"alpha={alpha!r}: use 'symmetric', 'asymmetric', 'auto' or a positive number"
                )
        elif not (isinstance(alpha, (int, float)) and not isinstance(alpha, bool) and alpha > 0):
            raise ParameterError(f"alpha= must be a prior name or a positive number, got {alpha!r}")
        eta = p["eta"]
        if not (
            eta is None
            or eta in ("symmetric", "auto")
            or (isinstance(eta, (int, float)) and not isinstance(eta, bool) and eta > 0)
        ):
            raise ParameterError(
                f"eta= must be None, 'symmetric', 'auto' or a positive number, got {eta!r}"
            )
        if isinstance(p["stopwords"], str):
            raise ParameterError("stopwords= takes a collection of words, not one string")
        p["stopwords"] = sorted(set(p["stopwords"] or ()))
        if p["names"] not in ("drop", "keep"):
            raise ParameterError(
                f"names={p['names']!r}: use 'drop' (leave names out of the topics) or 'keep'"
            )
        th = p["name_threshold"]
        if isinstance(th, bool) or not (isinstance(th, (int, float)) and 0 < th <= 1):
            raise ParameterError(
                f"name_threshold= must be a share in (0, 1] such as 0.8, got {th!r}"
            )
        p["name_threshold"] = float(th)
        if p["numbers"] not in ("drop", "keep"):
            raise ParameterError(
                f"numbers={p['numbers']!r}: use 'drop' (leave tokens without a letter out of "
                "the topics) or 'keep'"
            )
        for name in ("exclude", "keep"):
            if isinstance(p[name], str):
                raise ParameterError(
                    f"{name}= takes a collection of terms such as [{p[name]!r}], not one string"
                )
            p[name] = sorted({str(t).lower() for t in (p[name] or ())})
        tol = p["tol"]
        if tol is not None and (
            isinstance(tol, bool) or not (isinstance(tol, (int, float)) and 0 < tol < 1)
        ):
            raise ParameterError(
                f"tol= must be None (run exactly passes=) or a fraction in (0, 1) such as 0.01, "
                f"got {tol!r}"
            )
        p["tol"] = None if tol is None else float(tol)
        return p

    def gensim_params(self, n_units: int | None = None) -> dict:
        """The keyword arguments given to gensim's LDA class (to reproduce a fit with bare gensim).

        ``chunksize=None`` is resolved for ``n_units`` units, by default
        those of the fit (``provenance_["n_units"]``); unfitted and
        without ``n_units`` it stays ``None``.
        """
        p = self._validated()
        if n_units is None and hasattr(self, "provenance_"):
            n_units = self.provenance_["n_units"]
        chunksize = p["chunksize"]
        if chunksize is None and n_units is not None:
            chunksize = default_chunksize(n_units)
        kw = {
            "num_topics": p["n_topics"],
            "passes": p["passes"],
            "iterations": p["iterations"],
            "chunksize": chunksize,
            "alpha": p["alpha"],
            "eta": p["eta"],
            "random_state": p["seed"],
            "eval_every": None,
        }
        return kw

    # -- fitting -----------------------------------------------------------
    def fit(self, corpus: Corpus, *, client: Any = None) -> TopicModel:
        """Fit on ``corpus`` (or load the same fit from the cache); return ``self``.

        With ``client=`` (a ``dask.distributed.Client``) the corpus is
        tokenised on the cluster and LDA's E-step runs on its workers while
        this process merges the sufficient statistics and runs the M-step
        (:func:`discourse.models.lda.fit_lda_on_client`); topics then agree with the
        local fit within the tolerance stated there, and are cached under a
        key of their own.

        Raises
        ------
        DataError
            Fewer than 5 documents, fewer units than topics, or an empty
            vocabulary after filtering.
        """
        p = self._validated()
        store, rows, fp = _view(corpus, client)
        drop = name_mask(corpus, store, rows, p)
        key_params = {k: v for k, v in p.items() if k != "workers"}  # the same model for any
        if client is not None:
            key_params["engine"] = "dask"
        parts = {
            "kind": "topics",
            "format": _FORMAT,
            "fp": fp,
            "params": key_params,
            "dropped": diskcache.stable_hash(store.vocab[drop].tolist()),
        }

        def build() -> TopicModel:
            return self._fit_rows(
                store,
                rows,
                p,
                fp,
                key=diskcache.entry_key(parts),
                name=corpus.name,
                client=client,
                drop=drop,
            )

        def load(path: Path) -> TopicModel:
            t0 = time.perf_counter()
            self._read(path)
            self.provenance_["from_cache"] = True
            self.provenance_["load_seconds"] = round(time.perf_counter() - t0, 3)
            return self

        def info(model: TopicModel) -> dict:
            desc = (
                f"LDA K={p['n_topics']} unit={p['unit']} seed={p['seed']} on {corpus.name} "
                f"({len(model.doc_topics_):,} docs)"
            )
            return {"description": desc}

        return diskcache.cached(
            CACHE_KIND,
            parts,
            build=build,
            dump=lambda model, folder: model._write(folder),
            load=load,
            info=info,
            use=self.cache,
        )

    def _fit_rows(
        self,
        store: TokenStore,
        rows: np.ndarray,
        p: dict,
        fp: str,
        *,
        key: str,
        name: str,
        client: Any = None,
        drop: np.ndarray | None = None,
    ) -> TopicModel:
        """Fit on the store rows ``rows``: vocabulary, bag-of-words, training, document shares.

        ``drop``: a mask over the store's vocabulary of terms left out (:func:`name_mask`).
        """
        K = p["n_topics"]
        n_docs = len(rows)
        n_tok = int((store.offsets[rows + 1] - store.offsets[rows]).sum()) if n_docs else 0
        if n_docs < _MIN_DOCS:
            raise DataError(
                f"the topic model needs at least {_MIN_DOCS} documents, this corpus has {n_docs:,}; "
                "widen the years or sources"
            )
        t0 = time.perf_counter()
        vocab = _vocabulary_for(store, rows, p, drop=drop)
        bow = _Bow(store, rows, p["unit"], vocab.remap)
        if len(bow) < K:
            raise DataError(
                f"{K} topics need at least {K} non-empty units, this corpus has {len(bow):,} "
                f"({n_docs:,} documents, {n_tok:,} tokens, {len(vocab.terms):,} kept terms); "
                "lower n_topics, use unit='paragraph', or loosen no_below/no_above"
            )
        dictionary = vocab.dictionary()
        t1 = time.perf_counter()
        kw = self.gensim_params(len(bow))
        tol = p["tol"] if client is None else None
        threads = _threads(p["workers"])
        lda, engine = _train(bow, dictionary, kw, client=client, tol=tol, threads=threads)
        t2 = time.perf_counter()
        row_index, doc_len, theta = _document_shares(lda, bow, seed=p["seed"], threads=threads)
        t3 = time.perf_counter()
        order = _stable_order(lda, theta, vocab.terms)
        self.lda_ = lda
        self.dictionary_ = dictionary
        self.order_ = order
        self.vocabulary_ = np.asarray(vocab.terms, dtype=object)
        self.term_frequency_ = vocab.tf.astype(np.int64)
        self.names_dropped_ = np.asarray(vocab.names_dropped, dtype=object)
        self.passes_ = int(getattr(lda, "passes_run_", kw["passes"]))
        changes = [round(float(x), 6) for x in getattr(lda, "pass_changes_", [])]
        self._set_doc_topics(store.docs.iloc[row_index], doc_len, theta[:, order])
        self._custom_labels: dict[int, str] = {}
        self._finish()
        self.provenance_ = provenance(
            key=key,
            seed=p["seed"],
            params={k: v for k, v in p.items() if k not in ("stopwords", "exclude", "keep")},
            corpus=name,
            corpus_fingerprint=fp,
            n_documents=n_docs,
            n_units=len(bow),
            n_tokens=n_tok,
            n_terms=len(vocab.terms),
            fit_seconds=t3 - t0,
            n_stopwords=len(p["stopwords"]),
            exclude=p["exclude"],
            keep=p["keep"],
            n_names_dropped=len(self.names_dropped_),
            n_numbers_dropped=vocab.n_numbers_dropped,
            n_short_dropped=vocab.n_short_dropped,
            passes_run=self.passes_,
            pass_changes=changes,
            model=engine,
            gensim_params=kw,
            n_documents_fitted=int(len(row_index)),
            n_tokens_kept=int(bow.unit_len.sum()),
            prepare_seconds=round(t1 - t0, 3),
            train_seconds=round(t2 - t1, 3),
            infer_seconds=round(t3 - t2, 3),
        )
        return self

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        """Topic shares of the documents of ``corpus`` (a corpus or a view) under this model.

        The documents are read with the fitted vocabulary (terms the model
        does not know are ignored), cut into the model's units, and their
        shares inferred by the fitted LDA (:func:`discourse.models.lda.infer`
        with the model's seed), then aggregated to documents weighted by
        unit length, as in ``fit``. On the training corpus this gives
        ``doc_topics_`` again (the same units, chunks and seed); on other
        documents the shares are those of the fitted topics, which stay
        fixed.

        Returns
        -------
        DataFrame
            The columns of ``doc_topics_`` (``doc_id, source, year,
            n_tokens, topic_0 … topic_{K-1}``), one row per document of
            ``corpus`` in corpus order; rows sum to 1. A document none of
            whose tokens is in the vocabulary has ``n_tokens`` 0 and NaN
            shares (it cannot be scored).

        Raises
        ------
        NotFittedError
            Before ``fit``.
        DataError
            When no document of ``corpus`` has a token of the vocabulary.

        Examples
        --------
        >>> from discourse import Corpus, Document
        >>> docs = [Document(f"d{i}", ("peace security council " if i % 2 else
        ...         "trade growth markets ") * 5, "A") for i in range(20)]
        >>> m = TopicModel(n_topics=2, no_below=1, no_above=1.0, passes=5, cache=False)
        >>> shares = m.fit(Corpus(docs)).transform(Corpus(docs[:2]))
        >>> shares.filter(like="topic_").sum(axis=1).round(6).tolist()
        [1.0, 1.0]
        """
        self._require_fitted("transform()")
        p = self._validated()
        store, rows, _ = _view(corpus)
        known_terms = {str(t): i for i, t in enumerate(self.vocabulary_)}
        remap = np.fromiter(
            (known_terms.get(str(t), -1) for t in store.vocab),
            dtype=np.int64,
            count=len(store.vocab),
        )
        bow = _Bow(store, rows, p["unit"], remap)
        if len(bow) == 0:
            raise DataError(
                f"none of the {len(rows):,} documents of {corpus.name!r} has a term of this "
                f"model's vocabulary ({len(self.vocabulary_):,} terms); transform documents "
                "of the same language and tokenizer as the training corpus"
            )
        row_index, doc_len, theta = _document_shares(self.lda_, bow, seed=p["seed"])
        full = np.full((len(rows), len(self.order_)), np.nan)
        lengths = np.zeros(len(rows), dtype=np.int64)
        by_row = np.argsort(rows, kind="stable")
        where = by_row[np.searchsorted(rows[by_row], row_index)]  # positions of row_index in rows
        full[where] = theta[:, self.order_]
        lengths[where] = doc_len
        frame, _ = _doc_topics_frame(store.docs.iloc[rows], lengths, full)
        return frame

    def _set_doc_topics(self, docs: pd.DataFrame, lengths: np.ndarray, theta: np.ndarray) -> None:
        self.doc_topics_, self._doc_meta = _doc_topics_frame(docs, lengths, theta)

    def _finish(self) -> None:
        """Derived state: topic-word matrix in stable order, labels, top terms."""
        phi = self.lda_.get_topics().astype(float)[self.order_]
        phi /= phi.sum(1, keepdims=True)
        self.topic_word_ = phi
        self._auto_labels = self._make_auto_labels()
        self.topics_ = self.top_terms(rank="prob", n=20).rename(columns={"score": "weight"})

    @property
    def theta_(self) -> np.ndarray:
        """Document–topic shares as an array (rows of ``doc_topics_``)."""
        self._require_fitted("theta_")
        return self.doc_topics_[[f"topic_{k}" for k in range(self.topic_word_.shape[0])]].to_numpy(
            dtype=float
        )

    # -- labels ------------------------------------------------------------
    def _frex(self, weight: float = 0.5) -> np.ndarray:
        phi = self.topic_word_
        excl = phi / phi.sum(0, keepdims=True)
        return 1.0 / (weight / _ecdf_rank(excl) + (1 - weight) / _ecdf_rank(phi))

    def _relevance(self, lam: float) -> np.ndarray:
        phi = self.topic_word_
        pw = self.term_frequency_ / self.term_frequency_.sum()
        with np.errstate(divide="ignore"):
            return lam * np.log(phi) + (1 - lam) * np.log(phi / pw[None, :])

    def _make_auto_labels(self, n: int = 3) -> list[str]:
        fr = self._frex()
        return [
            " · ".join(str(self.vocabulary_[i]) for i in np.argsort(-fr[k], kind="stable")[:n])
            for k in range(len(fr))
        ]

    def label(self, topic: int) -> str:
        """The display label of ``topic`` (custom name, else the top FREX terms)."""
        self._require_fitted()
        return self._custom_labels.get(int(topic), self._auto_labels[int(topic)])

    @property
    def labels_(self) -> list[str]:
        """Display label of each topic, in topic order."""
        self._require_fitted()
        return [self.label(k) for k in range(len(self._auto_labels))]

    def top_terms(
        self,
        *,
        rank: str = "prob",
        n: int = 10,
        lam: float = 0.6,
        frex_weight: float = 0.5,
        by: str = UNSET,
    ) -> pd.DataFrame:
        """Top terms per topic: ``topic, label, rank, term, score, prob``.

        ``score`` is what the terms are ranked by; ``prob`` is P(term | topic)
        whatever the ranking (equal to ``score`` for ``rank="prob"``), so a
        chart of FREX terms can show how much of the topic each one is.

        Parameters
        ----------
        rank : {"prob", "frex", "relevance"}
            What the terms are ranked by. ``prob``: P(term | topic).
            ``frex``: harmonic mean of the within-topic ECDF ranks of
            exclusivity and frequency (STM; ``frex_weight`` on exclusivity).
            ``relevance``: λ·log φ + (1−λ)·log(φ / p(term)) (LDAvis; λ = ``lam``).
        n : int
        by : deprecated
            The old name of ``rank=`` (``by=`` means grouping everywhere else).
        """
        self._require_fitted()
        given = "rank"
        if by is not UNSET:
            rank = renamed("top_terms", "by", "rank", by, UNSET if rank == "prob" else rank)
            given = "by"
        n = check_int("n", n, 1)
        if rank == "prob":
            S = self.topic_word_
        elif rank == "frex":
            if not 0 <= frex_weight <= 1:
                raise ParameterError(f"frex_weight= must be in [0, 1], got {frex_weight!r}")
            S = self._frex(frex_weight)
        elif rank == "relevance":
            if not 0 <= lam <= 1:
                raise ParameterError(f"lam= must be in [0, 1] (LDAvis uses 0.6), got {lam!r}")
            S = self._relevance(lam)
        else:
            raise ParameterError(f"{given}={rank!r}: use 'prob', 'frex' or 'relevance'")
        phi = self.topic_word_
        rows = []
        for k in range(len(S)):
            idx = np.argsort(-S[k], kind="stable")[:n]
            for r, i in enumerate(idx):
                term = str(self.vocabulary_[i])
                rows.append((k, self.label(k), r + 1, term, float(S[k, i]), float(phi[k, i])))
        return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "score", "prob"])

    def labels(self, *, n: int = 7, lam: float = 0.6, frex_weight: float = 0.5) -> pd.DataFrame:
        """One row per topic: ``topic, label, share, prob, frex, relevance``.

        ``share`` is the mean document share; the last three columns list
        the top ``n`` terms by probability, FREX and relevance (comma-joined).
        """
        self._require_fitted()
        out = pd.DataFrame(
            {
                "topic": np.arange(len(self.topic_word_)),
                "label": self.labels_,
                "share": self.theta_.mean(0),
            }
        )
        for rank in ("prob", "frex", "relevance"):
            t = self.top_terms(rank=rank, n=n, lam=lam, frex_weight=frex_weight)
            out[rank] = t.groupby("topic", sort=True)["term"].agg(", ".join).to_numpy()
        return out

    def rename(self, labels: Mapping[int, str]) -> TopicModel:
        """Give topics custom labels (``{topic id: "label"}``); return ``self``."""
        self._require_fitted()
        K = len(self.topic_word_)
        for k, v in dict(labels).items():
            if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < K:
                raise ParameterError(f"topic {k!r} does not exist; topics are 0 … {K - 1}")
            if not isinstance(v, str) or not v.strip():
                raise ParameterError(
                    f"the label of topic {k} must be a non-empty string, got {v!r}"
                )
            self._custom_labels[int(k)] = v
        self.topics_["label"] = [self.label(k) for k in self.topics_["topic"]]
        return self

    # -- prevalence --------------------------------------------------------
    def _groups(self, by: Any) -> tuple[list[str], np.ndarray]:
        """Column names and one label tuple (or None) per document row."""
        keys = _grouping.keys(by)
        frame = pd.concat(
            [self.doc_topics_[["source", "year"]].reset_index(drop=True), self._doc_meta], axis=1
        )
        cols, labs = [], []
        for b in keys:
            if isinstance(b, str):
                cols.append(b)
            elif isinstance(b, Mapping):
                cols.append("group")
            else:
                raise ParameterError(
                    f"by={b!r}: use 'source', 'year', 'decade', a meta key or a mapping source → group"
                )
            labs.append(_grouping.frame_labels(frame, b))
        per = [None if any(v is None or v != v for v in t) else t for t in zip(*labs, strict=True)]
        return cols, np.array(per + [None], dtype=object)[:-1]

    def prevalence(
        self,
        *,
        by: Any = "source",
        ci: float = 0.95,
        n_boot: int = 500,
        seed: int = 0,
        sources: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Mean topic share per group with bootstrap intervals over documents.

        Parameters
        ----------
        by : "source", "year", "decade", a meta key, a mapping source → group, or a list of these
        ci : float, default 0.95
        n_boot : int, default 500
            Documents are resampled with replacement within each group.
        seed : int, default 0
        sources : list of str, optional
            A filter, not a pair: keep only these sources' documents
            (unknown codes raise); to compare two sources use :meth:`difference`.

        Returns
        -------
        DataFrame
            ``<by columns…>, topic, label, share, ci_low, ci_high, n_docs``:
            ``share`` is the mean share of the topic over the group's
            documents (each document counts once, whatever its length).
        """
        self._require_fitted()
        check_ci(ci)
        seed = check_seed(seed)
        cols, per = self._groups(by)
        mask = np.array([t is not None for t in per], dtype=bool)
        if sources is not None:
            mask &= self._source_mask(sources)
        theta = self.theta_[mask]
        per = per[mask]
        if len(per) == 0:
            raise DataError(f"no document has a value for by={by!r} (after the source filter)")
        groups = sorted(set(per.tolist()), key=_grouping.sort_key)
        index = {g: i for i, g in enumerate(groups)}
        gi = np.fromiter((index[t] for t in per), dtype=np.int64, count=len(per))
        sizes = np.bincount(gi, minlength=len(groups)).astype(float)
        share = np.zeros((len(groups), theta.shape[1]))
        np.add.at(share, gi, theta)
        share /= sizes[:, None]
        reps = (
            bootstrap_sums(theta, gi, len(groups), n_boot=n_boot, seed=seed) / sizes[None, :, None]
        )
        lo, hi = percentile_interval(reps, ci)
        K = theta.shape[1]
        out = {c: [] for c in cols}
        for g in groups:
            for c, v in zip(cols, g, strict=True):
                out[c].extend([v] * K)
        frame = pd.DataFrame(out)
        frame["topic"] = np.tile(np.arange(K), len(groups))
        frame["label"] = [self.label(k) for k in frame["topic"]]
        frame["share"] = share.ravel()
        frame["ci_low"] = lo.ravel()
        frame["ci_high"] = hi.ravel()
        frame["n_docs"] = np.repeat(sizes.astype(np.int64), K)
        return frame

    def _source_mask(self, sources: Sequence[str]) -> np.ndarray:
        if isinstance(sources, str):
            sources = [sources]
        have = set(self.doc_topics_["source"].tolist())
        for s in sources:
            if s not in have:
                raise ParameterError(
                    f"source {s!r} is not in this model's documents; known sources: {known(have)}"
                )
        return self.doc_topics_["source"].isin(list(sources)).to_numpy()

    def difference(
        self,
        target: str = UNSET,
        reference: str = UNSET,
        *,
        ci: float = 0.95,
        n_boot: int = 500,
        seed: int = 0,
        a: str = UNSET,
        b: str = UNSET,
    ) -> pd.DataFrame:
        """Per topic, mean share of source ``target`` minus that of ``reference``, with an interval.

        Parameters
        ----------
        target, reference : str
            The two sources compared (``target − reference``).
        ci : float, default 0.95
        n_boot : int, default 500
            Documents of each source are resampled separately.
        seed : int, default 0
        a, b : deprecated
            The old names of ``target=`` and ``reference=``.

        Returns
        -------
        DataFrame
            ``topic, label, a, b, share_a, share_b, difference, ci_low,
            ci_high``, sorted by topic: ``a`` is the target and ``b`` the
            reference.
        """
        self._require_fitted()
        target = renamed("difference", "a", "target", a, target)
        reference = renamed("difference", "b", "reference", b, reference)
        a, b = required_pair("difference", target, reference)
        if a == b:
            raise ParameterError(
                f"target and reference are both {a!r}; compare two different sources"
            )
        check_ci(ci)
        mask = self._source_mask([a, b])
        src = self.doc_topics_["source"].to_numpy(dtype=object)[mask]
        theta = self.theta_[mask]
        gi = (src == b).astype(np.int64)
        sizes = np.bincount(gi, minlength=2).astype(float)
        reps = (
            bootstrap_sums(theta, gi, 2, n_boot=n_boot, seed=check_seed(seed))
            / sizes[None, :, None]
        )
        diff = reps[:, 0, :] - reps[:, 1, :]
        lo, hi = percentile_interval(diff, ci)
        sa = theta[gi == 0].mean(0)
        sb = theta[gi == 1].mean(0)
        K = theta.shape[1]
        return pd.DataFrame(
            {
                "topic": np.arange(K),
                "label": self.labels_,
                "a": a,
                "b": b,
                "share_a": sa,
                "share_b": sb,
                "difference": sa - sb,
                "ci_low": lo,
                "ci_high": hi,
            }
        )

    def effect(
        self,
        *,
        sources: Sequence[str] | None = None,
        df: int = 3,
        interaction: bool = True,
        years: Sequence[int] | None = None,
        ci: float = 0.95,
        n_boot: int = 500,
        seed: int = 0,
        eps: float = 1e-4,
    ) -> pd.DataFrame:
        """Topic prevalence as a function of source and year, with resampling intervals.

        For each topic ``k`` the model is the least-squares regression (as
        STM's ``estimateEffect``, but on logit shares so predictions stay in
        (0, 1))::

            logit(clip(theta[d, k], eps, 1 - eps)) =
                b[source(d)] + sum_j c_j * N_j(year(d))  [+ source-specific c_j]

        with ``N_j`` a natural cubic spline basis with ``df`` columns (knots
        at the year quantiles); ``interaction=True`` gives each source its
        own curve, ``False`` shares one curve shifted per source. Intervals
        come from refitting on documents resampled with replacement within
        each source (``n_boot`` times); unlike STM, the uncertainty of
        ``theta`` itself is not propagated. Predicted shares of different
        topics need not sum exactly to 1.

        Parameters
        ----------
        sources : list of str, optional
            A filter: fit on the documents of these sources only (default
            all); every source kept gets its own curve. Not a pair: to
            compare two sources use :meth:`difference`.
        n_boot : int, default 500

        Returns
        -------
        DataFrame
            ``source, year, topic, label, share, ci_low, ci_high``.
        """
        from scipy.special import expit

        self._require_fitted()
        check_ci(ci)
        df = check_int("df", df, 1)
        n_boot = check_int("n_boot", n_boot, 1)
        rng = np.random.default_rng(check_seed(seed))
        dt_ = self.doc_topics_
        mask = dt_["year"].notna().to_numpy().copy()
        if sources is not None:
            mask &= self._source_mask(sources)
        src = dt_["source"].to_numpy(dtype=object)[mask]
        yr = dt_["year"].to_numpy(dtype=float, na_value=np.nan)[mask]
        theta = self.theta_[mask]
        names = sorted(set(src.tolist()))
        if not names:
            raise DataError("effect() needs documents with a year; none are left")
        si = np.searchsorted(names, src)
        lo_y, hi_y = float(yr.min()), float(yr.max())
        if hi_y == lo_y:
            raise DataError(
                f"effect() needs more than one year; all documents are from {int(lo_y)}"
            )
        n_years = len(np.unique(yr))
        df = min(df, max(1, n_years - 1))
        x = (yr - lo_y) / (hi_y - lo_y)
        knots = np.unique(np.quantile(x, np.linspace(0, 1, df + 1)))
        if len(knots) < 2:
            knots = np.array([0.0, 1.0])
        n_par = len(names) * (1 + (len(knots) - 1 if interaction else 0)) + (
            0 if interaction else len(knots) - 1
        )
        if len(src) <= n_par:
            raise DataError(
                f"effect() with {len(names)} sources and df={df} needs more than {n_par} "
                f"documents, there are {len(src)}; lower df, set interaction=False, or add years"
            )

        def design(si_, x_):
            S = np.zeros((len(si_), len(names)))
            S[np.arange(len(si_)), si_] = 1.0
            B = _natural_spline(x_, knots)
            if interaction:
                return np.hstack([S] + [S * B[:, [j]] for j in range(B.shape[1])])
            return np.hstack([S, B])

        Y = np.log(np.clip(theta, eps, 1 - eps) / (1 - np.clip(theta, eps, 1 - eps)))
        grid = np.arange(int(lo_y), int(hi_y) + 1) if years is None else np.asarray(years, float)
        gx = (grid - lo_y) / (hi_y - lo_y)
        gsi = np.repeat(np.arange(len(names)), len(grid))
        Xg = design(gsi, np.tile(gx, len(names)))
        X = design(si, x)

        def predict(Xfit, Yfit):
            beta, *_ = np.linalg.lstsq(Xfit, Yfit, rcond=None)
            return expit(Xg @ beta)

        point = predict(X, Y)
        members = [np.flatnonzero(si == g) for g in range(len(names))]
        reps = np.empty((n_boot,) + point.shape)
        for b in range(n_boot):
            idx = np.concatenate([m[rng.integers(0, len(m), len(m))] for m in members])
            reps[b] = predict(X[idx], Y[idx])
        lo, hi = percentile_interval(reps, ci)
        K = theta.shape[1]
        n_rows = len(gsi)
        return pd.DataFrame(
            {
                "source": np.repeat(np.array(names, dtype=object)[gsi], K),
                "year": np.repeat(np.tile(grid, len(names)), K).astype(int),
                "topic": np.tile(np.arange(K), n_rows),
                "label": [self.label(k) for k in range(K)] * n_rows,
                "share": point.ravel(),
                "ci_low": lo.ravel(),
                "ci_high": hi.ravel(),
            }
        )

    # -- stability ---------------------------------------------------------
    def stability(self, corpus: Corpus, *, seeds: Sequence[int] = (1, 2)) -> pd.DataFrame:
        """Refit with other seeds and match each topic of this model in every run.

        Each refit uses this model's parameters (and the cache); topics are
        matched by the Hungarian assignment on the Jensen–Shannon distance
        between topic–word distributions (base 2: similarity 1 = identical,
        0 = disjoint).

        Returns
        -------
        DataFrame
            One row per topic of this model: ``topic, label, stability``
            (mean similarity of its matches), ``min_similarity``,
            ``worst_seed``, ``baseline`` (mean similarity between
            *unmatched* topic pairs: what an arbitrary match scores, since
            all topics share common words) and ``runs``. A topic is stable
            when its stability is well above the baseline.
        """
        self._require_fitted()
        seeds = [check_seed(s) for s in seeds]
        if not seeds:
            raise ParameterError("seeds= is empty; give at least one other seed such as (1, 2)")
        K = len(self.topic_word_)
        sims = np.zeros((K, len(seeds)))
        baselines: list[float] = []
        terms = list(self.vocabulary_)
        for j, s in enumerate(seeds):
            other = clone(self, seed=s).fit(corpus)
            if list(other.vocabulary_) != terms:
                raise DataError(
                    "the refit has another vocabulary; fit stability on the same corpus as the model"
                )
            m = match_topics(self.topic_word_, other.topic_word_)
            sims[m["topic"].to_numpy(), j] = m["similarity"].to_numpy()
            D = _js_distance(self.topic_word_, other.topic_word_)
            off = np.ones_like(D, dtype=bool)
            off[m["topic"].to_numpy(), m["matched"].to_numpy()] = False
            baselines.append(1 - D[off].mean())
        return pd.DataFrame(
            {
                "topic": np.arange(K),
                "label": self.labels_,
                "stability": sims.mean(1),
                "min_similarity": sims.min(1),
                "worst_seed": np.asarray(seeds)[sims.argmin(1)],
                "baseline": float(np.mean(baselines)),
                "runs": len(seeds),
            }
        )

    # -- persistence -------------------------------------------------------
    def _write(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.lda_.save(str(folder / "lda.gensim"))
        self.dictionary_.save_as_text(str(folder / "dictionary.txt"))
        dt_ = pd.concat(
            [self.doc_topics_.reset_index(drop=True), self._doc_meta.astype(str)], axis=1
        )
        dt_.to_parquet(folder / "doc_topics.parquet", index=False)
        np.save(folder / "term_frequency.npy", self.term_frequency_)
        state = {
            "format": _FORMAT,
            "params": {
                k: (sorted(v) if k in ("stopwords", "exclude", "keep") and v else v)
                for k, v in self.get_params().items()
            },
            "names_dropped": [str(t) for t in self.names_dropped_],
            "passes": self.passes_,
            "order": self.order_.tolist(),
            "vocabulary": [str(t) for t in self.vocabulary_],
            "custom_labels": {str(k): v for k, v in self._custom_labels.items()},
            "provenance": self.provenance_,
        }
        (folder / "model.json").write_text(json.dumps(state, default=str, indent=1), "utf-8")

    def _read(self, folder: Path) -> None:
        from gensim.corpora import Dictionary
        from gensim.models import LdaModel

        folder = Path(folder)
        state = json.loads((folder / "model.json").read_text("utf-8"))
        self.lda_ = LdaModel.load(str(folder / "lda.gensim"))
        self.dictionary_ = Dictionary.load_from_text(str(folder / "dictionary.txt"))
        self.order_ = np.asarray(state["order"], dtype=np.int64)
        self.vocabulary_ = np.asarray(state["vocabulary"], dtype=object)
        self.term_frequency_ = np.load(folder / "term_frequency.npy")
        frame = pd.read_parquet(folder / "doc_topics.parquet")
        meta = frame[["date", "meta"]].astype(object)
        dt_ = frame.drop(columns=["date", "meta"])
        dt_["doc_id"] = dt_["doc_id"].astype("str")
        dt_["source"] = dt_["source"].astype("str")
        dt_["year"] = dt_["year"].astype("Int64")
        self.doc_topics_ = dt_
        self._doc_meta = meta.reset_index(drop=True)
        self._custom_labels = {int(k): v for k, v in state["custom_labels"].items()}
        self.names_dropped_ = np.asarray(state.get("names_dropped", []), dtype=object)
        self.passes_ = int(state.get("passes", state["params"].get("passes", 1)))
        self._finish()
        self.provenance_ = dict(state["provenance"])

    def save(self, path: str | Path) -> Path:
        """Save the fitted model into folder ``path`` (gensim files, Parquet, JSON); return it.

        The folder is written under a temporary name and renamed into place
        (atomic). An existing ``path`` is replaced only if it is empty or
        holds a saved TopicModel.
        """
        self._require_fitted("save()")
        return save_folder(path, self._write, marker="model.json", what="TopicModel")

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Load a model written by :meth:`save`."""
        path = Path(path)
        if not (path / "model.json").is_file():
            raise ParameterError(
                f"{path} is not a saved TopicModel (no model.json); use model.save(path)"
            )
        state = json.loads((path / "model.json").read_text("utf-8"))
        params = dict(state["params"])
        if params.get("stopwords") is not None:
            params["stopwords"] = frozenset(params["stopwords"])
        model = cls(**params)
        model._read(path)
        return model


# --------------------------------------------------------------------------
# choosing K
# --------------------------------------------------------------------------
_SWEEP_SHARED: dict = {}  # a sweep worker's data, sent once per process (pool initializer)


def _sweep_worker_init(shared: dict) -> None:
    _SWEEP_SHARED.update(shared)


def _sweep_one(kw: dict, shared: dict | None = None) -> dict:
    """One K of :func:`topic_sweep`: fit, coherence (c_v, c_npmi, u_mass), held-out bound.

    ``shared`` (bag-of-words, texts, dictionary, ...) defaults to what the
    worker process received once at its start.
    """
    from gensim.models import CoherenceModel

    shared = _SWEEP_SHARED if shared is None else shared
    t0 = time.perf_counter()
    k, topn, dictionary = kw["num_topics"], shared["topn"], shared["dictionary"]
    train_bow, held_bow = shared["train_bow"], shared["held_bow"]
    units = [
        (np.array([i for i, _ in d], dtype=np.int64), np.array([c for _, c in d], dtype=np.float64))
        for d in train_bow
    ]
    with no_gc():  # the model's stopping rule and compiled E-step, as in TopicModel.fit
        lda = train_lda(units, dictionary, kw, tol=shared["tol"])
    top = [[dictionary[i] for i, _ in lda.get_topic_terms(j, topn=topn)] for j in range(k)]
    row: dict = {"k": k}
    for measure, kwargs in (
        ("c_v", {"texts": shared["texts"]}),
        ("c_npmi", {"texts": shared["texts"]}),
        ("u_mass", {"corpus": train_bow}),
    ):
        cm = CoherenceModel(
            topics=top, dictionary=dictionary, coherence=measure, topn=topn, processes=1, **kwargs
        )
        row[measure] = float(cm.get_coherence())
    bound = float(lda.log_perplexity(held_bow)) if held_bow else float("nan")
    row["perplexity"] = float(np.exp(-bound))
    row["bound"] = bound
    row["train_docs"], row["heldout_docs"] = shared["train_docs"], shared["heldout_docs"]
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def topic_sweep(
    corpus: Corpus,
    model: TopicModel | None = None,
    *,
    ks: Sequence[int] = (10, 20, 30),
    holdout: float = 0.1,
    max_docs: int | None = None,
    coherence_docs: int = 500,
    topn: int = 10,
    processes: int = 1,
    cache: bool = True,
    **model_params: Any,
) -> pd.DataFrame:
    """Coherence and held-out fit of one topic model for several numbers of topics.

    Each K is a clone of ``model`` with ``n_topics=k``. Documents are split
    once (with the model's seed): a ``holdout`` fraction is kept out; the
    vocabulary and every model are fitted on the rest. For each K:

    * ``c_v``, ``c_npmi``: gensim ``CoherenceModel`` of the top ``topn``
      terms, with sliding-window co-occurrences counted on the token lists
      of at most ``coherence_docs`` training documents (a sample bounds the
      time);
    * ``u_mass``: on the training bags of words;
    * ``bound``: per-word variational bound on the held-out units
      (``lda.log_perplexity``, natural log; higher is better);
      ``perplexity`` = exp(−bound).

    Parameters
    ----------
    model : TopicModel, default TopicModel()
        The model swept: every parameter but ``n_topics`` (and ``cache``,
        the sweep's fits are not cached one by one) is kept.
    ks : sequence of int
    max_docs : int, optional
        Use a random sample of this many documents (faster sweeps on big corpora).
    processes : int, default 1
        Worker processes, one K at a time each (started by the Executor;
        each imports gensim once). The numbers do not depend on it: every K's model is
        seeded and its coherence deterministic (tested). Not the model's
        ``workers=``, the threads of one fit.
    cache : bool, default True
        Reuse a sweep with the same data, arguments, seed and library
        versions from the cache (stored as Parquet); save new ones there.
    **model_params
        Deprecated: the old form ``topic_sweep(corpus, ks=..., seed=0,
        passes=2, ...)`` with :class:`TopicModel` parameters as keywords
        still works for one release (with a DeprecationWarning); pass
        ``model=TopicModel(seed=0, passes=2, ...)`` instead.

    Returns
    -------
    DataFrame
        ``k, c_v, c_npmi, u_mass, perplexity, bound, train_docs, heldout_docs, seconds``.
    """
    model, ks = _sweep_arguments(model, ks, model_params)
    processes = check_int("processes", processes, 1)
    if not (isinstance(holdout, float) and 0 < holdout < 0.9):
        raise ParameterError(
            f"holdout= must be a fraction in (0, 0.9) such as 0.1, got {holdout!r}"
        )
    if not isinstance(cache, bool):
        raise ParameterError(f"cache= must be True or False, got {cache!r}")
    template = clone(model, n_topics=max(ks), cache=False)
    p = template._validated()
    store, rows, fp = _view(corpus)
    drop = name_mask(corpus, store, rows, p)
    parts = {
        "kind": "topic_sweep",
        "format": _FORMAT,
        "fp": fp,
        "dropped": diskcache.stable_hash(store.vocab[drop].tolist()),
        "ks": ks,
        "params": p,
        "holdout": holdout,
        "max_docs": max_docs,
        "coherence_docs": coherence_docs,
        "topn": topn,
    }

    def build() -> pd.DataFrame:
        shared = _sweep_data(
            store, rows, p, max(ks), holdout, max_docs, coherence_docs, topn, drop=drop
        )
        n_units = len(shared["train_bow"])
        kws = [clone(template, n_topics=k).gensim_params(n_units) for k in ks]
        try:
            with Executor(
                processes=min(processes, len(ks)),
                initializer=_sweep_worker_init,  # the corpus data once per worker, not once per K
                initargs=(shared,),
            ) as ex:
                return pd.DataFrame(list(ex.map(_sweep_one, kws)))
        finally:
            _SWEEP_SHARED.clear()  # filled in this process when it runs the Ks itself

    return diskcache.cached(
        CACHE_KIND,
        parts,
        build=build,
        dump=lambda result, folder: result.to_parquet(folder / "sweep.parquet", index=False),
        load=lambda folder: pd.read_parquet(folder / "sweep.parquet"),
        info={"description": f"topic sweep K={ks} on {corpus.name} ({len(rows):,} docs)"},
        use=cache,
    )


def _sweep_arguments(model: Any, ks: Any, model_params: dict) -> tuple[TopicModel, list[int]]:
    """The model and the Ks of :func:`topic_sweep`, reading the deprecated keyword form."""
    if model is not None and not isinstance(model, TopicModel):
        if isinstance(model, Sequence) and not isinstance(model, str):
            # the old signature topic_sweep(corpus, ks)
            warnings.warn(
                "topic_sweep(corpus, ks) is deprecated; use topic_sweep(corpus, model=TopicModel(...), "
                "ks=...) (the old form goes in the next release)",
                DeprecationWarning,
                stacklevel=3,
            )
            model, ks = None, model
        else:
            raise ParameterError(
                f"model= must be a TopicModel such as TopicModel(passes=2), got {type(model).__name__}"
            )
    if model_params:
        names = TopicModel._param_names()
        unknown = set(model_params) - set(names) | ({"n_topics"} & set(model_params))
        if unknown:
            raise ParameterError(
                f"topic_sweep() has no option {known(unknown)}; its options are ks, holdout, "
                "max_docs, coherence_docs, topn, processes, cache and model=TopicModel(...)"
            )
        if model is not None:
            raise ParameterError(
                f"topic_sweep(): give the model's parameters ({known(model_params)}) to "
                "model=TopicModel(...), not beside it"
            )
        warnings.warn(
            f"topic_sweep({', '.join(f'{k}=' for k in sorted(model_params))}...) is deprecated; "
            "use model=TopicModel(...) with those parameters (the old form goes in the next release)",
            DeprecationWarning,
            stacklevel=3,
        )
        model = TopicModel(**model_params)
    ks = [check_int("ks", k, 2) for k in ks]
    if not ks:
        raise ParameterError("ks= is empty; give numbers of topics such as [10, 20, 30]")
    return (TopicModel() if model is None else model), ks


def _sweep_data(
    store: TokenStore,
    rows: np.ndarray,
    p: dict,
    k_max: int,
    holdout: float,
    max_docs: int | None,
    coherence_docs: int,
    topn: int,
    *,
    drop: np.ndarray | None = None,
) -> dict:
    """What every K of a sweep reads: the split, bags of words, coherence texts, dictionary."""
    rng = np.random.default_rng(p["seed"])
    if max_docs is not None and len(rows) > check_int("max_docs", max_docs, _MIN_DOCS):
        rows = np.sort(rng.choice(rows, size=max_docs, replace=False))
    n_hold = int(round(holdout * len(rows)))
    if len(rows) - n_hold < _MIN_DOCS or n_hold < 1:
        raise DataError(
            f"topic_sweep needs at least {_MIN_DOCS} training and 1 held-out documents; "
            f"this corpus has {len(rows):,} documents (holdout={holdout}); add documents or raise holdout"
        )
    perm = rng.permutation(len(rows))
    held = np.sort(rows[perm[:n_hold]])
    train = np.sort(rows[perm[n_hold:]])
    vocab = _vocabulary_for(store, train, p, drop=drop)
    bow = _Bow(store, train, p["unit"], vocab.remap)
    held_bow = list(_Bow(store, held, p["unit"], vocab.remap))
    if len(bow) < k_max:
        raise DataError(
            f"K={k_max} needs at least {k_max} training units, there are {len(bow):,}; "
            "use smaller ks or more documents"
        )
    sample = (
        train
        if len(train) <= coherence_docs
        else np.sort(rng.choice(train, coherence_docs, replace=False))
    )
    keep_terms = set(vocab.terms.tolist())
    texts = [
        [t for t in doc if t in keep_terms] for doc in store.iter_tokens(sample, unit=p["unit"])
    ]
    return {
        "train_bow": list(bow),
        "held_bow": held_bow,
        "texts": [t for t in texts if t],
        "dictionary": vocab.dictionary(),
        "topn": topn,
        "tol": p["tol"],
        "train_docs": len(train),
        "heldout_docs": len(held),
    }
