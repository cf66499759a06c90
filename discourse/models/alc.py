"""The meaning of a word by source, from few uses: à la carte embeddings.

Khodak et al. (2018) "A La Carte Embedding"; Rodriguez, Spirling & Stewart
(2023) "Embedding Regression" (R package conText). The steps:

1. a **base** word2vec of the whole corpus (:class:`~discourse.EmbeddingModel`);
2. the **transform** ``A``: for the words with at least ``min_count`` uses
   in a sample of the corpus, regress each word's base vector on the mean of
   the base vectors in its windows (``v_w ≈ A u_w``, least squares,
   :func:`alc_transform`);
3. each **use** of a term becomes a vector: ``A ×`` the mean of the base
   vectors of the ``window`` tokens either side (:func:`term_uses`);
4. a source's meaning of the term is the mean of its uses' vectors
   (:func:`meaning`): compared between sources by cosine distance with a
   bootstrap interval (uses resampled) and a permutation p-value (the uses'
   labels permuted: no refit), described by its nearest base-vocabulary
   neighbours, and modelled as ``uses ~ source + period`` (:func:`alc_regression`,
   conText's ``conText()``: the norm of each coefficient vector, with a
   permutation p-value).

Since ``A`` is linear, the mean of the transformed uses is the transform of
the mean, so permutations and bootstraps cost one matrix product each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import _grouping
from .._validation import check_int, check_seed
from ..corpus import Corpus
from ..errors import DataError, NotFittedError, ParameterError
from ..stats import benjamini_hochberg
from ..tokenization import tokens
from ..tokenization.tokenizer import ENGLISH_STOPWORDS
from .base import Estimator
from .embeddings import EmbeddingModel

__all__ = [
    "ALCModel",
    "Uses",
    "Meaning",
    "alc_transform",
    "context_means",
    "term_uses",
    "meaning",
    "alc_regression",
]

MIN_USES = 20


def alc_transform(U: np.ndarray, V: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """The ALC transform: ``A`` minimising ``Σ w_i ||V_i − A U_i||²`` (rows are words).

    Returns ``A`` (d × d) so that ``A @ u`` is the induced vector of a context mean ``u``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> U = rng.normal(size=(200, 5)); A = rng.normal(size=(5, 5))
    >>> bool(np.allclose(alc_transform(U, U @ A.T), A))
    True
    """
    U = np.asarray(U, dtype=np.float64)
    V = np.asarray(V, dtype=np.float64)
    if weights is not None:
        w = np.sqrt(np.asarray(weights, dtype=np.float64))[:, None]
        U, V = U * w, V * w
    X, *_ = np.linalg.lstsq(U, V, rcond=None)  # V ≈ U X, so A = X.T
    return X.T


def _base_index(store: Any, wv: Any, drop: np.ndarray | None) -> np.ndarray:
    """Store id → row of the base vectors (-1: no vector, or a dropped word)."""
    idx = np.full(len(store.vocab), -1, dtype=np.int64)
    k2i = wv.key_to_index
    for i, t in enumerate(store.vocab):
        j = k2i.get(t)
        if j is not None:
            idx[i] = j
    if drop is not None:
        idx[drop] = -1
    return idx


def context_means(
    store: Any,
    rows: np.ndarray,
    vectors: np.ndarray,
    index: np.ndarray,
    *,
    window: int,
    max_tokens: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean base vector of every word's windows, over the documents ``rows``.

    ``index`` maps a store id to a row of ``vectors`` (-1: no vector, not
    counted). Stops after ``max_tokens`` tokens. Returns ``(store ids,
    context means (n × d), uses)`` of the words with at least one window.
    """
    V = len(store.vocab)
    cooc = sp.csr_matrix((V, V), dtype=np.float64)
    uses = np.zeros(V)
    seen = 0
    batch_r, batch_c = [], []
    for _, arr in store.iter_ids(rows):
        a = arr.astype(np.int64)
        n = len(a)
        ok = index[a] >= 0
        for o in range(1, window + 1):
            if o >= n:
                break
            left, right = a[:-o], a[o:]
            m = ok[o:]
            batch_r += [left[m]]
            batch_c += [right[m]]
            m = ok[:-o]
            batch_r += [right[m]]
            batch_c += [left[m]]
        uses += np.bincount(a, minlength=V)
        seen += n
        if sum(len(x) for x in batch_r) > 5_000_000:
            cooc = cooc + _coo(batch_r, batch_c, V)
            batch_r, batch_c = [], []
        if max_tokens is not None and seen >= max_tokens:
            break
    if batch_r:
        cooc = cooc + _coo(batch_r, batch_c, V)
    tot = np.asarray(cooc.sum(axis=1)).ravel()
    words = np.flatnonzero(tot > 0)
    sub = cooc[words]
    # columns of cooc are context words with a vector
    cols = np.flatnonzero(index >= 0)
    U = np.asarray(sub[:, cols] @ vectors[index[cols]]) / tot[words, None]
    return words, U, uses[words]


def _coo(r: list, c: list, V: int) -> sp.csr_matrix:
    r_, c_ = np.concatenate(r), np.concatenate(c)
    return sp.csr_matrix((np.ones(len(r_)), (r_, c_)), shape=(V, V))


class ALCModel(Estimator):
    """A base word2vec and the à la carte transform learned from it.

    Parameters
    ----------
    embeddings : EmbeddingModel, optional
        The base model, fitted on the whole corpus in :meth:`fit` (cached by
        :class:`~discourse.EmbeddingModel`); default ``EmbeddingModel()``.
    window : int, default 6
        Tokens either side of a use (conText's default).
    min_count : int, default 100
        Words with at least this many uses in the sample enter the regression.
    max_tokens : int, default 5,000,000
        Tokens (in corpus order, from a seeded shuffle of documents) read to
        learn the transform.
    stopwords : iterable of str, optional
        Not counted in context means (default English stop words, as conText).
    seed : int, default 0

    Attributes
    ----------
    transform_ : ndarray (d × d)
    embeddings_ : EmbeddingModel (fitted)
    n_words_ : int
        Words the transform was learned from.
    provenance_ : dict

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> txt = "peace and security for all nations under the charter " * 800
    >>> c = Corpus([Document(str(i), txt, "X") for i in range(3)])
    >>> m = ALCModel(embeddings=EmbeddingModel(vector_size=8, epochs=1, sample=1e-3, cache=False),
    ...              min_count=5, stopwords=None).fit(c)
    >>> m.transform_.shape
    (8, 8)
    """

    def __init__(
        self,
        *,
        embeddings: EmbeddingModel | None = None,
        window: int = 6,
        min_count: int = 100,
        max_tokens: int = 5_000_000,
        stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
        seed: int = 0,
    ):
        self.embeddings = embeddings
        self.window = window
        self.min_count = min_count
        self.max_tokens = max_tokens
        self.stopwords = stopwords
        self.seed = seed

    def fit(self, corpus: Corpus) -> ALCModel:
        """Fit (or load) the base model on ``corpus`` and learn the transform."""
        window = check_int("window", self.window, 1)
        min_count = check_int("min_count", self.min_count, 1)
        max_tokens = check_int("max_tokens", self.max_tokens, 1)
        seed = check_seed(self.seed)
        base = self.embeddings if self.embeddings is not None else EmbeddingModel()
        if not isinstance(base, EmbeddingModel):
            raise ParameterError(
                f"embeddings= must be an EmbeddingModel, got {type(base).__name__}"
            )
        if getattr(base, "wv_", None) is None:
            base = base.fit(corpus)
        store = tokens(corpus)
        rows = store.select(corpus)
        if len(rows) == 0:
            raise DataError("the corpus view has no documents; widen its filters")
        drop = store.stop_mask(self.stopwords) if self.stopwords else None
        wv = base.wv_
        vectors = np.asarray(wv.vectors, dtype=np.float64)
        index = _base_index(store, wv, drop)
        order = np.random.default_rng(seed).permutation(rows)
        words, U, uses = context_means(
            store, order, vectors, index, window=window, max_tokens=max_tokens
        )
        good = (uses >= min_count) & (index[words] >= 0)
        if good.sum() < vectors.shape[1]:
            raise DataError(
                f"only {int(good.sum())} words have {min_count}+ uses and a base vector; the "
                f"transform needs at least {vectors.shape[1]} (the vector size): lower min_count= "
                "or raise max_tokens="
            )
        self.transform_ = alc_transform(
            U[good], vectors[index[words[good]]], weights=np.log(uses[good])
        )
        self.embeddings_ = base
        self.n_words_ = int(good.sum())
        self.store_ = store
        self.index_ = index
        self.vectors_ = vectors
        self.provenance_ = {
            **getattr(base, "provenance_", {}),
            "alc": {
                "window": window,
                "min_count": min_count,
                "max_tokens": max_tokens,
                "seed": seed,
                "n_words": self.n_words_,
            },
        }
        return self

    def _check(self) -> None:
        if getattr(self, "transform_", None) is None:
            raise NotFittedError("this ALCModel is not fitted; call .fit(corpus) first")

    def induce(self, context_mean: np.ndarray) -> np.ndarray:
        """``A @ u`` for context means (rows)."""
        self._check()
        return np.asarray(context_mean) @ self.transform_.T

    def neighbors(self, vector: np.ndarray, n: int = 10, exclude: Iterable[str] = ()) -> list:
        """``(word, cosine)`` of the ``n`` base words nearest ``vector``."""
        self._check()
        wv = self.embeddings_.wv_
        V = self.vectors_
        norms = np.linalg.norm(V, axis=1)
        norms[norms == 0] = 1
        sims = V @ vector / (norms * (np.linalg.norm(vector) or 1))
        ex = {wv.key_to_index[w] for w in exclude if w in wv.key_to_index}
        out = []
        for i in np.argsort(-sims):
            if int(i) in ex:
                continue
            out.append((wv.index_to_key[i], float(sims[i])))
            if len(out) == n:
                break
        return out


@dataclass
class Uses:
    """The uses of a term: one induced vector per use, with its document's labels.

    Attributes
    ----------
    term : str
    vectors : ndarray (uses × d)
        ``A ×`` the context mean of each use.
    table : DataFrame
        ``doc_id, source, year, position`` and the group column(s).
    columns : list of str
        The group columns of ``table``.
    """

    term: str
    vectors: np.ndarray
    table: pd.DataFrame
    columns: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.vectors)


def term_uses(
    model: ALCModel,
    corpus: Corpus,
    term: str,
    *,
    by: Any = "source",
    window: int | None = None,
) -> Uses:
    """Every use of ``term`` (a word or a glob) in ``corpus``, as an ALC vector.

    Parameters
    ----------
    model : ALCModel (fitted on the corpus the view comes from)
    corpus : Corpus
    term : str
    by : str, list of str, mapping or callable, default "source"
        Group labels attached to each use.
    window : int, optional
        Default ``model.window``.
    """
    model._check()
    window = check_int("window", model.window if window is None else window, 1)
    store = tokens(corpus)
    if store.fingerprint != model.store_.fingerprint:
        raise ParameterError("the model was fitted on another corpus; fit it on this corpus")
    rows = store.select(corpus)
    ids = store.term_ids(term)
    if len(ids) == 0:
        raise DataError(f"term {term!r} is not in the vocabulary of this corpus")
    is_term = np.zeros(len(store.vocab), dtype=bool)
    is_term[ids] = True
    has = []
    for block, m in store.iter_dtm(rows):
        has.append(block[np.asarray(m[:, ids].sum(axis=1)).ravel() > 0])
    hit = np.concatenate(has) if has else np.zeros(0, np.int64)
    labels = store.labels(hit, by, corpus) if len(hit) else np.zeros(0, dtype=object)
    lab_of = dict(zip(hit.tolist(), labels.tolist(), strict=True))
    index, V = model.index_, model.vectors_
    means, recs = [], []
    docs = store.docs
    for r, arr in store.iter_ids(hit):
        a = arr.astype(np.int64)
        pos = np.flatnonzero(is_term[a])
        if not len(pos):
            continue
        b = index[a]
        okv = b >= 0
        vec = np.where(okv[:, None], V[np.maximum(b, 0)], 0.0)
        cs = np.vstack([np.zeros(V.shape[1]), np.cumsum(vec, axis=0)])
        cn = np.concatenate([[0], np.cumsum(okv)])
        n = len(a)
        lo, hi = np.maximum(pos - window, 0), np.minimum(pos + window + 1, n)
        s = cs[hi] - cs[lo] - vec[pos]
        c = cn[hi] - cn[lo] - okv[pos]
        good = c > 0
        means.append(s[good] / c[good, None])
        for p in pos[good]:
            recs.append(
                (
                    docs["id"].iloc[r],
                    docs["source"].iloc[r],
                    docs["year"].iloc[r],
                    int(p),
                    lab_of[r],
                )
            )
    d = V.shape[1]
    U = np.vstack(means) if means else np.zeros((0, d))
    cols = _grouping.columns(by)
    table = pd.DataFrame(recs, columns=["doc_id", "source", "year", "position", "_label"])
    vals = (
        _grouping.column_values(table["_label"].tolist(), by)
        if len(table)
        else {c: [] for c in cols}
    )
    for c in cols:
        if c not in ("source", "year"):
            table[c] = vals[c]
        elif c in vals:
            table[c] = vals[c]
    keep = (
        _grouping.label_mask(table["_label"].to_numpy(dtype=object))
        if len(table)
        else np.zeros(0, bool)
    )
    table = table[keep].reset_index(drop=True)
    return Uses(term, model.induce(U[keep]), table, cols)


def _group_index(uses: Uses, groups: list | None) -> tuple[list, np.ndarray]:
    labels = uses.table["_label"].to_numpy(dtype=object)
    found, gi, _ = _grouping.index_groups(labels)
    if groups is not None:
        missing = [g for g in groups if g not in found]
        if missing:
            raise ParameterError(
                f"groups {missing!r} have no use of {uses.term!r}; groups with uses: {found[:20]!r}"
            )
        pick = [found.index(g) for g in groups]
        remap = np.full(len(found), -1)
        remap[pick] = np.arange(len(pick))
        gi = remap[gi]
        found = list(groups)
    return found, gi


def _check_uses(term: str, groups: list, gi: np.ndarray, min_uses: int) -> np.ndarray:
    counts = np.bincount(gi[gi >= 0], minlength=len(groups))
    low = [(g, int(c)) for g, c in zip(groups, counts, strict=True) if c < min_uses]
    if low:
        have = ", ".join(f"{g}: {c}" for g, c in zip(groups, counts, strict=True))
        raise DataError(
            f"{term!r}: each group needs at least {min_uses} uses; too few in "
            f"{', '.join(str(g) for g, _ in low)} (uses per group: {have}). Pool groups "
            "(a mapping by=), widen the years, or choose other groups"
        )
    return counts


def _cos_dist(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=-1)
    nb = np.linalg.norm(b, axis=-1)
    return 1.0 - (a * b).sum(-1) / np.maximum(na * nb, 1e-12)


@dataclass
class Meaning:
    """Result of :func:`meaning` (tables; ``null`` keeps the permutation distances per pair)."""

    term: str
    groups: pd.DataFrame
    distances: pd.DataFrame
    neighbors: pd.DataFrame
    null: dict = field(default_factory=dict)
    vectors: dict = field(default_factory=dict)


def meaning(
    model: ALCModel,
    corpus: Corpus,
    term: str,
    *,
    by: Any = "source",
    groups: list | None = None,
    min_uses: int = MIN_USES,
    n: int = 10,
    n_boot: int = 500,
    n_perm: int = 999,
    ci: float = 0.95,
    seed: int = 0,
    uses: Uses | None = None,
) -> Meaning:
    """The meaning of ``term`` per group: mean ALC vectors, distances, neighbours.

    Parameters
    ----------
    model : ALCModel (fitted)
    corpus : Corpus
    term : str
    by : default "source"
    groups : list, optional
        The groups compared (default every group with ``min_uses`` uses).
    min_uses : int, default 20
        Fewer uses in a named group → :class:`DataError` with the counts.
    n : int, default 10
        Nearest base-vocabulary neighbours per group.
    n_boot, n_perm, ci, seed
        Bootstrap of the uses within each group (interval of the distance);
        permutations of the uses' labels between the two groups of a pair
        (p-value ``(1 + #{null ≥ observed}) / (1 + n_perm)``).
    uses : Uses, optional
        Reuse :func:`term_uses` output.

    Returns
    -------
    Meaning
        ``groups``: group, n_uses, norm; ``distances``: a, b, n_a, n_b,
        distance (cosine distance of the mean vectors), ci_low, ci_high, p,
        q (BH over the pairs); ``neighbors``: group, rank, word, similarity.
    """
    min_uses = check_int("min_uses", min_uses, 1)
    n_boot = check_int("n_boot", n_boot, 0)
    n_perm = check_int("n_perm", n_perm, 1)
    seed = check_seed(seed)
    if uses is None:
        uses = term_uses(model, corpus, term, by=by)
    found, gi = _group_index(uses, groups)
    if groups is None:
        counts = np.bincount(gi, minlength=len(found))
        ok = [g for g, c in zip(found, counts, strict=True) if c >= min_uses]
        if len(ok) < 2:
            raise DataError(
                f"{term!r}: fewer than two groups have {min_uses}+ uses "
                f"(uses per group: {dict(zip(found, counts.tolist(), strict=True))})"
            )
        found, gi = _group_index(uses, ok)
    counts = _check_uses(term, found, gi, min_uses)
    X = uses.vectors
    G = len(found)
    means = np.vstack([X[gi == g].mean(axis=0) for g in range(G)])
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(gi == g) for g in range(G)]
    boot = np.zeros((n_boot, G, X.shape[1]))
    for g, idx in enumerate(members):
        for b in range(n_boot):
            boot[b, g] = X[rng.choice(idx, size=len(idx))].mean(axis=0)
    alpha = (1 - ci) / 2
    rows, null = [], {}
    for a in range(G):
        for b in range(a + 1, G):
            obs = float(_cos_dist(means[a], means[b]))
            both = np.concatenate([members[a], members[b]])
            na = len(members[a])
            Xa = X[both]
            tot = Xa.sum(axis=0)
            perm = np.zeros(n_perm)
            for i in range(n_perm):
                pick = rng.permutation(len(both))[:na]
                sa = Xa[pick].sum(axis=0)
                perm[i] = _cos_dist(sa / na, (tot - sa) / (len(both) - na))
            null[(found[a], found[b])] = perm
            lo = hi = np.nan
            if n_boot:
                d = _cos_dist(boot[:, a], boot[:, b])
                lo, hi = np.quantile(d, [alpha, 1 - alpha])
            rows.append(
                {
                    "a": found[a],
                    "b": found[b],
                    "n_a": int(counts[a]),
                    "n_b": int(counts[b]),
                    "distance": obs,
                    "ci_low": lo,
                    "ci_high": hi,
                    "p": (1 + np.count_nonzero(perm >= obs)) / (1 + n_perm),
                }
            )
    dist = pd.DataFrame(
        rows, columns=["a", "b", "n_a", "n_b", "distance", "ci_low", "ci_high", "p"]
    )
    dist["q"] = benjamini_hochberg(dist["p"].to_numpy(dtype=float))
    nb_rows = []
    for g in range(G):
        for k, (w, s) in enumerate(model.neighbors(means[g], n, exclude=[term]), 1):
            nb_rows.append({"group": found[g], "rank": k, "word": w, "similarity": s})
    gtab = pd.DataFrame(
        {"group": found, "n_uses": counts.astype(np.int64), "norm": np.linalg.norm(means, axis=1)}
    )
    return Meaning(
        term,
        gtab,
        dist,
        pd.DataFrame(nb_rows, columns=["group", "rank", "word", "similarity"]),
        null,
        dict(zip(found, means, strict=True)),
    )


def alc_regression(
    uses: Uses,
    covariates: list[str] | None = None,
    *,
    period: int = 10,
    reference: dict | None = None,
    min_uses: int = MIN_USES,
    n_perm: int = 199,
    seed: int = 0,
) -> pd.DataFrame:
    """conText's embedding regression: ``uses ~ source + period``, one coefficient vector per level.

    Each use's vector is regressed (least squares, all dimensions at once) on
    indicator columns of its covariates (the first level of each, or
    ``reference[col]``, is the baseline). For each level, the norm of its
    coefficient vector measures how far that level moves the term's meaning
    from the baseline; its p-value permutes the rows of the vectors.

    Parameters
    ----------
    uses : Uses
    covariates : list of str, default ["source", "period"]
        Columns of ``uses.table``; ``"period"`` is the year binned by ``period``.
    period : int, default 10
    reference : dict, optional
        Baseline level per covariate.
    min_uses : int, default 20
        Levels with fewer uses raise :class:`DataError` with the counts.
    n_perm : int, default 199
    seed : int, default 0

    Returns
    -------
    DataFrame
        ``covariate, level, reference, n_uses, norm, p``.
    """
    covariates = ["source", "period"] if covariates is None else list(covariates)
    period = check_int("period", period, 1)
    min_uses = check_int("min_uses", min_uses, 1)
    n_perm = check_int("n_perm", n_perm, 1)
    rng = np.random.default_rng(check_seed(seed))
    t = uses.table.copy()
    if "period" in covariates:
        y = t["year"].astype("Int64")
        t["period"] = (y // period * period).astype(object)
    cols, names = [np.ones(len(t))], []
    for cov in covariates:
        if cov not in t.columns:
            raise ParameterError(
                f"covariate {cov!r} is not a column of the uses ({list(t.columns)})"
            )
        vc = t[cov].astype(str).value_counts()
        low = vc[vc < min_uses]
        if len(low):
            raise DataError(
                f"{uses.term!r}: each level of {cov!r} needs at least {min_uses} uses; too few in "
                f"{', '.join(low.index)} (uses per level: {vc.to_dict()}). Filter the corpus or pool levels"
            )
        levels = sorted(vc.index)
        base = str((reference or {}).get(cov, levels[0]))
        if base not in levels:
            raise ParameterError(f"reference {base!r} is not a level of {cov!r}; levels: {levels}")
        for lev in levels:
            if lev != base:
                cols.append((t[cov].astype(str) == lev).to_numpy(dtype=float))
                names.append((cov, lev, base, int(vc[lev])))
    Xd = np.column_stack(cols)
    Y = uses.vectors
    pinv = np.linalg.pinv(Xd)
    beta = pinv @ Y
    norms = np.linalg.norm(beta[1:], axis=1)
    exceed = np.zeros(len(names))
    for _ in range(n_perm):
        bp = pinv @ Y[rng.permutation(len(Y))]
        exceed += np.linalg.norm(bp[1:], axis=1) >= norms
    return pd.DataFrame(
        {
            "covariate": [c for c, _, _, _ in names],
            "level": [lv for _, lv, _, _ in names],
            "reference": [b for _, _, b, _ in names],
            "n_uses": [k for _, _, _, k in names],
            "norm": norms,
            "p": (1 + exceed) / (1 + n_perm),
        }
    )
