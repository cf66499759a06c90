"""Distinctive vocabulary: keyness, effect sizes and weighted log-odds.

Which words set one source (or a bloc of sources) apart from another, or
from everyone else? :func:`keyness` answers with the usual corpus
linguistics statistics and effect sizes, for one target or for every
group at once; :func:`log_odds` gives the detail of the Monroe, Colaresi
& Quinn (2008) weighted log-odds ratio.

Both read group counts from the token store (``store.group_counts``): a
groups × vocabulary sparse matrix, so "each of 200 sources against the
rest" is one matrix computation (totals per group; rest = all − group),
vectorised over the vocabulary.

Conventions shared by both functions
------------------------------------
* Documents are grouped by ``by=`` (default the source). Documents whose
  group is ``None`` (e.g. not covered by a mapping) take no part at all.
* Stop words (``stopwords=``) are dropped before counting; ``total_target``
  and ``total_reference`` count the tokens that remain.
* The *reference* is "all other grouped documents of the corpus view" when
  ``reference=None``, otherwise the named group(s).
* A term is reported for a target when ``count_target + count_reference >=
  min_count``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import erfc

from .. import _grouping
from .._validation import UNSET, check_int, renamed
from ..corpus import Corpus
from ..errors import DataError, ParameterError, known
from ..stats import benjamini_hochberg, check_ci, check_seed, percentile_interval
from ..tokenization import tokens
from ..tokenization.tokenizer import ENGLISH_STOPWORDS, Tokenizer
from .targets import TargetContexts, check_around

__all__ = ["keyness", "log_odds", "keyness_stats", "weighted_log_odds"]

KEYNESS_COLUMNS = [
    "term",
    "count_target",
    "count_reference",
    "total_target",
    "total_reference",
    "g2",
    "chi2",
    "log_ratio",
    "log_ratio_low",
    "log_ratio_high",
    "pct_diff",
    "p",
    "q",
    "log_odds_z",
]
LOG_ODDS_COLUMNS = [
    "term",
    "count_target",
    "count_reference",
    "total_target",
    "total_reference",
    "alpha",
    "delta",
    "se",
    "z",
]
_CHUNK_CELLS = 1_000_000  # targets × terms computed at once (bounded memory)


# ---------------------------------------------------------------------------
# array-level statistics (vectorised; any broadcastable shapes)
# ---------------------------------------------------------------------------
def keyness_stats(
    a: np.ndarray,
    b: np.ndarray,
    n_t: np.ndarray | float,
    n_r: np.ndarray | float,
    *,
    yates: bool = False,
) -> dict[str, np.ndarray]:
    """G2, chi2, log ratio, %DIFF and p for 2×2 tables, vectorised.

    The table of a term is ``[[a, b], [n_t - a, n_r - b]]``: its count and
    the count of all other tokens in target and reference.

    Parameters
    ----------
    a, b : array
        Counts of the term in target and reference.
    n_t, n_r : array or float
        Token totals of target and reference.
    yates : bool, default False
        Apply Yates' continuity correction to chi2 (as
        ``scipy.stats.chi2_contingency(correction=True)``); G2 is never
        corrected.

    Returns
    -------
    dict of arrays
        ``g2`` (log-likelihood, ≥ 0), ``chi2``, ``log_ratio`` (binary log of
        the ratio of relative frequencies, with 0.5 added to both counts so
        a zero count gives a finite value), ``pct_diff`` (Gabrielatos &
        Marchi's %DIFF on raw relative frequencies; ``inf`` when the
        reference count is 0) and ``p`` (p-value of G2, chi-squared with 1
        degree of freedom).

    Examples
    --------
    >>> s = keyness_stats(np.array([10.0]), np.array([5.0]), 1000.0, 2000.0)
    >>> round(float(s["log_ratio"][0]), 3), round(float(s["pct_diff"][0]))
    (1.933, 300)
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    n_t = np.asarray(n_t, dtype=float)
    n_r = np.asarray(n_r, dtype=float)
    n = n_t + n_r
    k = a + b
    obs = (a, b, n_t - a, n_r - b)
    exp = (k * n_t / n, k * n_r / n, (n - k) * n_t / n, (n - k) * n_r / n)
    g2 = np.zeros(np.broadcast(a, b, n_t, n_r).shape)
    chi2 = np.zeros_like(g2)
    with np.errstate(divide="ignore", invalid="ignore"):
        dev = np.abs(a - exp[0])  # |O - E| is the same in all four cells
        if yates:
            dev = np.maximum(dev - 0.5, 0.0)
        for o, e in zip(obs, exp, strict=True):
            g2 = g2 + np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / e), 0.0)
            chi2 = chi2 + np.where(e > 0, dev**2 / e, 0.0)
        g2 = np.maximum(2.0 * g2, 0.0)  # rounding can leave -1e-13
        log_ratio = np.log2(((a + 0.5) / n_t) / ((b + 0.5) / n_r))
        f_t, f_r = a / n_t, b / n_r
        pct_diff = np.where(b > 0, 100.0 * (f_t - f_r) / f_r, np.where(a > 0, np.inf, 0.0))
    p = erfc(np.sqrt(g2 / 2.0))  # chi-squared survival function, 1 df
    return {"g2": g2, "chi2": chi2, "log_ratio": log_ratio, "pct_diff": pct_diff, "p": p}


def weighted_log_odds(
    y_i: np.ndarray,
    y_j: np.ndarray,
    n_i: np.ndarray | float,
    n_j: np.ndarray | float,
    alpha: np.ndarray,
    alpha0: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Monroe, Colaresi & Quinn (2008) log-odds ratio with a Dirichlet prior.

    ``delta = log((y_i + a) / (n_i + a0 - y_i - a)) - log((y_j + a) / (n_j + a0 - y_j - a))``
    and its approximate variance ``1 / (y_i + a) + 1 / (y_j + a)``, with
    ``a`` the prior of the word and ``a0`` the sum of the prior over the
    vocabulary (their equations 16 and 18).

    Returns
    -------
    delta, variance : arrays

    Examples
    --------
    >>> d, v = weighted_log_odds(np.array([30.0]), np.array([10.0]), 1000, 1000,
    ...                          np.array([2.0]), 100.0)
    >>> round(float(d[0] / np.sqrt(v[0])), 3)
    2.952
    """
    y_i = np.asarray(y_i, dtype=float)
    y_j = np.asarray(y_j, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
            (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
        )
        var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, var


# ---------------------------------------------------------------------------
# shared preparation
# ---------------------------------------------------------------------------
class _Setup:
    """Counts, targets and reference of one call, resolved from the corpus."""

    store: Any
    rows: np.ndarray  # labelled rows of the view
    gi: np.ndarray  # group index of each row
    groups: list
    C: sp.csr_matrix  # groups × V counts, stop words zeroed
    keep: np.ndarray  # bool over V: not a stop word
    group_tokens: np.ndarray  # non-stop tokens per group
    targets: list  # (label, group indices)
    ref: np.ndarray | None  # group indices of a fixed reference, None = the rest
    ref_label: str
    columns: list[str]
    by: Any
    multi: bool  # by= is a list of keys: labels are tuples
    X: sp.csr_matrix | None  # per-row counts when not the store's matrix (around=)
    around: str | None


def _as_labels(value: Any, by: Any, name: str) -> list | None:
    out = _grouping.as_groups(value, by, name)
    return None if out is None else sorted(set(out), key=str)


def _resolve(values: list, index: dict, what: str) -> np.ndarray:
    missing = [v for v in values if v not in index]
    if missing:
        raise ParameterError(
            f"{what}={missing[0]!r} is not a group of this corpus view; known groups: "
            f"{known(index)}. Check the spelling, the by= key and the corpus filters."
        )
    return np.array(sorted(index[v] for v in values), dtype=np.int64)


def _label(values: list) -> Any:
    """One target's label: the group, or its groups joined with ``+`` (part by part for tuples)."""
    if len(values) == 1:
        return values[0]
    if isinstance(values[0], tuple):
        return tuple("+".join(str(v[c]) for v in values) for c in range(len(values[0])))
    return "+".join(map(str, values))


def _setup(
    corpus: Corpus,
    *,
    target: Any,
    reference: Any,
    by: Any,
    stopwords: Iterable[str] | None,
    tokenizer: Tokenizer | None,
    client: Any,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
    versus: str = "contexts",
) -> _Setup:
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"corpus must be a discourse.Corpus, got {type(corpus).__name__}")
    s = _Setup()
    store = tokens(corpus, tokenizer=tokenizer, client=client)
    rows = store.select(corpus)
    if len(rows) == 0:
        raise DataError("keyness needs documents, this corpus view has none; widen its filters")
    labels = store.labels(rows, by, corpus)
    has = _grouping.label_mask(labels)
    rows, labels = rows[has], labels[has]
    if len(rows) == 0:
        raise DataError(f"by={by!r} puts none of the {len(has):,} documents in a group")
    s.X, s.around = None, None
    check_around(around, {"window": window, "context": context, "targets": targets})
    if around is not None:
        rows, labels = _around_rows(
            s, store, rows, labels, by, target, reference, around, window, context, targets, versus
        )
        groups, gi_, _ = _grouping.index_groups(labels)
        ind = sp.csr_matrix(
            (np.ones(len(rows)), (gi_, np.arange(len(rows)))), shape=(len(groups), len(rows))
        )
        counts = (ind @ s.X).astype(np.int64).tocsr()
    else:
        groups, counts = store.group_counts(rows, labels, client=client)
    index = {g: i for i, g in enumerate(groups)}
    keep = ~store.stop_mask(stopwords) if stopwords else np.ones(len(store.vocab), dtype=bool)
    C = (counts @ sp.diags_array(keep.astype(np.int64), dtype=np.int64)).tocsr()
    C.eliminate_zeros()
    s.store, s.rows, s.groups, s.C, s.keep = store, rows, groups, C, keep
    s.gi = np.fromiter((index[lab] for lab in labels), dtype=np.int64, count=len(labels))
    s.group_tokens = np.asarray(C.sum(axis=1)).ravel().astype(float)
    s.columns = _grouping.columns(by)
    s.by, s.multi = by, isinstance(by, (list, tuple))

    t_vals = _as_labels(target, by, "target")
    r_vals = _as_labels(reference, by, "reference")
    if around is not None and versus == "outside":
        lab = _label(t_vals)
        s.targets = [(lab, np.array([index[_INSIDE]]))]
        s.ref = np.array([index[_OUTSIDE]])
        s.ref_label = f"{lab} outside the contexts"
        s.groups = [lab, s.ref_label]
        t_vals = r_vals = None
        _check_totals(s)
        return s
    if r_vals is not None:
        s.ref = _resolve(r_vals, index, "reference")
        lab = _label(r_vals)
        s.ref_label = " ".join(map(str, lab)) if isinstance(lab, tuple) else str(lab)
    else:
        s.ref, s.ref_label = None, "rest"
    if t_vals is not None:
        t_idx = _resolve(t_vals, index, "target")
        if s.ref is not None and np.intersect1d(t_idx, s.ref).size:
            both = [groups[i] for i in np.intersect1d(t_idx, s.ref)]
            raise ParameterError(
                f"target and reference share {known(both)}; a group can be on one side only"
            )
        s.targets = [(_label(t_vals), t_idx)]
    else:
        skip = set() if s.ref is None else set(s.ref.tolist())
        s.targets = [(g, np.array([i])) for i, g in enumerate(groups) if i not in skip]
        if not s.targets:
            raise DataError("no group is left to compare with the reference; add groups")
    if s.ref is None and len(groups) < 2:
        raise DataError(
            f"keyness needs at least two groups, this corpus view has {len(groups)} "
            f"({known(groups)}); widen the filters or change by="
        )
    _check_totals(s)
    return s


def _check_totals(s: _Setup) -> None:
    for lab, idx in s.targets:
        if s.group_tokens[idx].sum() == 0:
            raise DataError(f"target {lab!r} has no tokens after stop-word removal")
    if s.ref is not None and s.group_tokens[s.ref].sum() == 0:
        raise DataError(f"reference {s.ref_label!r} has no tokens after stop-word removal")


_INSIDE, _OUTSIDE = "\0around", "\0outside"


def _around_rows(
    s: _Setup,
    store: Any,
    rows: np.ndarray,
    labels: np.ndarray,
    by: Any,
    target: Any,
    reference: Any,
    around: Any,
    window: Any,
    context: Any,
    targets: Any,
    versus: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows, labels and per-row counts (``s.X``) of the contexts of ``around``.

    Several targets are pooled into one (their contexts merged). With
    ``versus="outside"`` the target's documents appear twice: their contexts
    and the rest of their text (mentions excluded from both).
    """
    if versus not in ("contexts", "outside"):
        raise ParameterError(f"versus={versus!r}: use 'contexts' or 'outside'")
    tcx = TargetContexts(store, around, window=window, context=context, targets=targets)
    if len(tcx.names) > 1:
        pooled = {" + ".join(tcx.names): [p for n in tcx.names for p in tcx.patterns[n]]}
        tcx = TargetContexts(store, pooled, window=window, context=context, targets=targets)
    s.around = tcx.describe()
    if versus == "outside":
        if target is None or reference is not None:
            raise ParameterError(
                "versus='outside' compares one target group's contexts with the rest of its "
                "own text: give target= and no reference="
            )
        t_vals = _as_labels(target, by, "target")
        wanted = set(t_vals)
        inside = np.array([lab in wanted for lab in labels], dtype=bool)
        if not inside.any():
            raise ParameterError(
                f"target={target!r} is not a group of this corpus view; known groups: "
                f"{known(sorted(set(labels.tolist()), key=str))}"
            )
        rows = rows[inside]
        sc = tcx.scan(rows)[0]
        full = store.dtm(rows)
        out = (full - sc["matrix"] - sc["mention_tokens"]).tocsr()
        out.eliminate_zeros()
        s.X = sp.vstack([sc["matrix"], out], format="csr")
        n = len(rows)
        lab = np.empty(2 * n, dtype=object)
        lab[:n], lab[n:] = _INSIDE, _OUTSIDE
        return np.concatenate([rows, rows]), lab
    sc = tcx.scan(rows)[0]
    s.X = sc["matrix"]
    return rows, labels


def _check_prior(prior: Any) -> float:
    if isinstance(prior, bool) or not isinstance(prior, (int, float)) or not prior > 0:
        raise ParameterError(
            f"prior= must be a positive number of pseudo-tokens (e.g. 1000), got {prior!r}"
        )
    return float(prior)


def _target_matrix(s: _Setup, chunk: list[int]) -> sp.csr_matrix:
    """Indicator matrix (targets in chunk × groups)."""
    r, c = [], []
    for j, t in enumerate(chunk):
        idx = s.targets[t][1]
        r.extend([j] * len(idx))
        c.extend(idx.tolist())
    return sp.csr_matrix(
        (np.ones(len(r)), (np.array(r, dtype=np.int64), np.array(c, dtype=np.int64))),
        shape=(len(chunk), len(s.groups)),
    )


def _pair_counts(s: _Setup, cand: np.ndarray, chunk: list[int]):
    """Dense counts and totals of target and reference for a chunk of targets."""
    Cc = s.C[:, cand]
    T = _target_matrix(s, chunk)
    a = np.asarray((T @ Cc).todense(), dtype=float)
    n_t = T @ s.group_tokens
    if s.ref is None:
        total = np.asarray(Cc.sum(axis=0), dtype=float)
        b = total - a
        n_r = s.group_tokens.sum() - n_t
    else:
        b = np.broadcast_to(np.asarray(Cc[s.ref].sum(axis=0), dtype=float), a.shape)
        n_r = np.full(len(chunk), s.group_tokens[s.ref].sum())
    return a, b, n_t[:, None], n_r[:, None]


def _prior(s: _Setup, cand: np.ndarray, alpha0: float) -> np.ndarray:
    """Informative Dirichlet prior: alpha0 × each term's share of all grouped tokens."""
    freq = np.asarray(s.C.sum(axis=0), dtype=float).ravel()
    return alpha0 * freq[cand] / freq.sum()


def _candidates(s: _Setup, min_count: int) -> np.ndarray:
    freq = np.asarray(s.C.sum(axis=0)).ravel()
    cand = np.flatnonzero((freq >= min_count) & s.keep)
    if len(cand) == 0:
        raise DataError(
            f"no term occurs at least min_count={min_count} times in this corpus view "
            f"({int(freq.sum()):,} tokens); lower min_count or widen the filters"
        )
    return cand


def _chunks(s: _Setup, n_terms: int) -> list[list[int]]:
    step = max(1, _CHUNK_CELLS // max(n_terms, 1))
    n = len(s.targets)
    return [list(range(i, min(i + step, n))) for i in range(0, n, step)]


def _select(z: np.ndarray, ok: np.ndarray, n: int | None) -> np.ndarray:
    """Column indices kept for one target: all that pass, or the n most over- and under-used by z."""
    idx = np.flatnonzero(ok)
    if n is None or len(idx) <= 2 * n:
        order = np.argsort(-z[idx], kind="stable")
        return idx[order]
    zz = z[idx]
    part = np.argpartition(zz, [n - 1, len(zz) - n])
    chosen = np.union1d(part[:n], part[len(zz) - n :])
    chosen = chosen[np.argsort(-zz[chosen], kind="stable")]
    return idx[chosen]


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------
def keyness(
    corpus: Corpus,
    *,
    target: Any = None,
    reference: Any = None,
    by: Any = "source",
    min_count: int = 5,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    n: int | None = 100,
    n_boot: int = 500,
    ci: float = 0.95,
    ci_terms: int | None = 200,
    seed: int = 0,
    yates: bool = False,
    prior: float = 1000.0,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
    top: Any = UNSET,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
    versus: str = "contexts",
) -> pd.DataFrame:
    """Distinctive terms of a target against a reference, with effect sizes and intervals.

    Parameters
    ----------
    corpus : Corpus
        Any view of a corpus (filter it first to compare, e.g., 2014–2023).
    target : group label, list of labels, or None
        The group (``"SYR"``), or a bloc of groups pooled together
        (``["CHN", "RUS"]``; labelled ``"CHN+RUS"``). ``None``: every group
        in turn, each against the reference, stacked in one table. With
        ``by=`` a list of keys a group is a tuple (``("SYR", 2015)``) and a
        bloc a list of tuples (labelled part by part: ``("CHN+RUS", "2015+2015")``).
    reference : group label, list of labels, or None
        ``None``: all other grouped documents of the view ("the rest").
        Otherwise the group(s) to compare with; they must not overlap the
        target.
    by : str, list of str, mapping, or callable, default "source"
        How documents are grouped (``"source"``, ``"year"``, ``"decade"``, a
        meta key, a list of keys such as ``["source", "decade"]``, a mapping
        source → group such as ``corpus.sources.grouping("P5", other="other")``,
        or a function document → group).
    min_count : int, default 5
        Report a term when ``count_target + count_reference >= min_count``.
    stopwords : iterable of str or None
        Dropped before counting (``None`` keeps every token).
    n : int or None, default 100
        Keep, per target, the ``n`` terms with the largest ``log_odds_z``
        and the ``n`` with the smallest (``None``: every term passing
        ``min_count``; with ``target=None`` that is groups × terms rows).
        q-values are computed over all terms passing ``min_count`` before
        this cut.
    n_boot : int, default 500
        Bootstrap replicates for the log-ratio interval (0 skips it: the
        interval columns are NaN).
    ci : float, default 0.95
        Interval level.
    ci_terms : int or None, default 200
        Intervals are computed for at most this many rows per target (those
        with the largest ``|log_odds_z|``); other rows get NaN. Bounds
        memory to ``n_boot × targets × ci_terms`` replicates. ``None``: every
        row.
    seed : int, default 0
        Seed of the bootstrap.
    yates : bool, default False
        Yates' continuity correction for chi2.
    prior : float, default 1000
        ``alpha0`` of the informative Dirichlet prior of the weighted
        log-odds: term ``w`` gets ``alpha_w = alpha0 × (share of w among all
        grouped, non-stop-word tokens of the view)``, i.e. ``alpha0``
        pseudo-tokens spread like the whole view. Larger values pull rare
        terms harder towards "no difference"; keep it well below the token
        total of the smaller side (on a tiny corpus it swamps the data).
    tokenizer : Tokenizer, optional
        Read the token store of this tokenizer (e.g. one with multiword
        expressions, so ``external_interference`` is one term).
    client : dask.distributed.Client, optional
        Used when the token store must first be built.
    top : int or None
        Deprecated name of ``n``.
    around : str, list of str or mapping, optional
        Count only the contexts of a target (:mod:`discourse.analysis.targets`;
        names, codes or patterns as in :func:`discourse.term_rates`; several
        are pooled into one): the target group's contexts against the
        reference's contexts of the same target. The mention itself is not
        counted.
    window, context, targets
        The contexts, as in :func:`discourse.term_rates`: ±``window`` tokens
        (default 10), or ``context="sentence"`` / ``"paragraph"``.
    versus : {"contexts", "outside"}, default "contexts"
        With ``around``: ``"outside"`` compares the target group's contexts
        with the rest of its own text (give ``target=``, no ``reference=``);
        the two sides are bootstrapped as separate groups.

    Returns
    -------
    DataFrame
        One row per (target, term), sorted by target then ``log_odds_z``
        (over-used first). Columns: the group column(s) (named after ``by``,
        e.g. ``source``, one per key of a list; ``group`` for a mapping or
        function) naming the target, ``term``, ``count_target``, ``count_reference``,
        ``total_target`` and ``total_reference`` (non-stop-word tokens),
        ``g2`` (log-likelihood G2, ≥ 0, direction in the sign of
        ``log_ratio``), ``chi2`` (Pearson, optionally Yates-corrected),
        ``log_ratio`` (log2 of the ratio of relative frequencies, 0.5 added
        to both counts), ``log_ratio_low``/``log_ratio_high`` (bootstrap
        percentile interval), ``pct_diff`` (%DIFF; ``inf`` when the
        reference count is 0), ``p`` (of G2, 1 df), ``q``
        (Benjamini–Hochberg within each target), ``log_odds_z`` (weighted
        log-odds z-score, Monroe et al. 2008; > 0 means over-used by the
        target). ``attrs`` records the reference, the parameters and, for
        ``by="source"``, display names of the sources.

    Notes
    -----
    The interval is a document bootstrap: documents are resampled with
    replacement within each group (each source keeps its number of
    documents, so a bloc or "the rest" is resampled source by source), the
    log ratio is recomputed per replicate, and the percentile interval is
    taken. All groups are resampled in one pass per batch of replicates
    (one sparse product per batch), so the one-against-rest intervals of
    every source cost about as much as one.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "isolation isolation sanctions peace", "SYR"),
    ...             Document("b", "peace peace freedom sanctions", "USA")])
    >>> k = keyness(c, target="SYR", min_count=1, n_boot=0)
    >>> k[["source", "term", "count_target", "count_reference"]].head(2)
      source       term  count_target  count_reference
    0    SYR  isolation             2                0
    1    SYR  sanctions             1                1
    """
    if top is not UNSET:
        n = renamed("keyness", "top", "n", top, UNSET if n == 100 else n)
    n_boot = check_int("n_boot", n_boot, 0)
    ci_terms = check_int("ci_terms", ci_terms, 1, none=True)
    ci = check_ci(ci)
    seed = check_seed(seed)
    s, cand, alpha, alpha0, min_count, n = _prepare(
        corpus,
        target=target,
        reference=reference,
        by=by,
        min_count=min_count,
        n=n,
        prior=prior,
        stopwords=stopwords,
        tokenizer=tokenizer,
        client=client,
        around=around,
        window=window,
        context=context,
        targets=targets,
        versus=versus,
    )
    parts = []
    for chunk in _chunks(s, len(cand)):
        a, b, n_t, n_r = _pair_counts(s, cand, chunk)
        st = keyness_stats(a, b, n_t, n_r, yates=yates)
        delta, var = weighted_log_odds(a, b, n_t, n_r, alpha[None, :], alpha0)
        z = delta / np.sqrt(var)
        ok = (a + b) >= min_count
        for j, t in enumerate(chunk):
            q = np.full(len(cand), np.nan)
            q[ok[j]] = benjamini_hochberg(st["p"][j][ok[j]])
            sel = _select(z[j], ok[j], n)
            frame = _counts_frame(s, cand, sel, a[j], b[j], n_t[j, 0], n_r[j, 0])
            frame = frame.assign(
                g2=st["g2"][j, sel],
                chi2=st["chi2"][j, sel],
                log_ratio=st["log_ratio"][j, sel],
                log_ratio_low=np.nan,
                log_ratio_high=np.nan,
                pct_diff=st["pct_diff"][j, sel],
                p=st["p"][j, sel],
                q=q[sel],
                log_odds_z=z[j, sel],
            )
            frame["_t"] = t
            frame["_k"] = cand[sel]
            parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    if n_boot > 0:
        _bootstrap_log_ratio(s, out, n_boot=n_boot, ci=ci, ci_terms=ci_terms, seed=seed)
    _insert_groups(s, out, out["_t"].to_numpy())
    out = out.drop(columns=["_t", "_k"])
    out.attrs.update(_attrs(corpus, s, by))
    out.attrs.update(
        {
            "around": s.around,
            "min_count": min_count,
            "n": n,
            "n_boot": n_boot,
            "ci": ci,
            "ci_terms": ci_terms,
            "seed": seed,
            "yates": yates,
            "prior": alpha0,
        }
    )
    return out


def _prepare(
    corpus: Corpus,
    *,
    target: Any,
    reference: Any,
    by: Any,
    min_count: Any,
    n: Any,
    prior: Any,
    stopwords: Iterable[str] | None,
    tokenizer: Tokenizer | None,
    client: Any,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
    versus: str = "contexts",
) -> tuple[_Setup, np.ndarray, np.ndarray, float, int, int | None]:
    """The checks and counts :func:`keyness` and :func:`log_odds` share.

    Returns the setup, the candidate term ids, their prior, ``alpha0`` and
    the checked ``min_count`` and ``n``.
    """
    min_count = check_int("min_count", min_count, 1)
    n = check_int("n", n, 1, none=True)
    alpha0 = _check_prior(prior)
    s = _setup(
        corpus,
        target=target,
        reference=reference,
        by=by,
        stopwords=stopwords,
        tokenizer=tokenizer,
        client=client,
        around=around,
        window=window,
        context=context,
        targets=targets,
        versus=versus,
    )
    cand = _candidates(s, min_count)
    return s, cand, _prior(s, cand, alpha0), alpha0, min_count, n


def _counts_frame(
    s: _Setup,
    cand: np.ndarray,
    sel: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    n_t: float,
    n_r: float,
) -> pd.DataFrame:
    """The columns both tables start with: term, counts and totals of one target."""
    return pd.DataFrame(
        {
            "term": s.store.vocab[cand[sel]],
            "count_target": a[sel].astype(np.int64),
            "count_reference": b[sel].astype(np.int64),
            "total_target": np.full(len(sel), int(n_t)),
            "total_reference": np.full(len(sel), int(n_r)),
        }
    )


def _insert_groups(s: _Setup, out: pd.DataFrame, targets: np.ndarray) -> None:
    """Insert the group column(s) naming each row's target, first, in place."""
    labels = [s.targets[t][0] for t in targets]
    values = _grouping.column_values(labels, s.by)
    for i, col in enumerate(s.columns):
        out.insert(i, col, values[col])


def _attrs(corpus: Corpus, s: _Setup, by: Any) -> dict:
    names = {}
    table = getattr(corpus, "sources", None)
    if by == "source" and table is not None:
        for g in s.groups:
            names[g] = table.name(g)
    return {
        "reference": s.ref_label,
        "group_column": s.columns[0] if len(s.columns) == 1 else None,
        "group_columns": list(s.columns),
        "by": by if isinstance(by, str) else list(s.columns) if s.multi else "mapping",
        "names": names,
        "fingerprint": s.store.fingerprint,
    }


def _row_blocks(s: _Setup):
    """Per-row count blocks: the store's matrix, or the context counts with ``around=``."""
    if s.X is None:
        for _, m in s.store.iter_dtm(s.rows):
            yield m
    else:
        for a in range(0, s.X.shape[0], 2000):
            yield s.X[a : a + 2000]


def _bootstrap_log_ratio(
    s: _Setup, out: pd.DataFrame, *, n_boot: int, ci: float, ci_terms: int | None, seed: int
) -> None:
    """Fill log_ratio_low/high of ``out`` (in place) by a stratified document bootstrap."""
    # rows that get an interval: the ci_terms rows per target with the largest |z|
    if ci_terms is None:
        pick = np.arange(len(out))
    else:
        rank = (
            out["log_odds_z"].abs().groupby(out["_t"]).rank(method="first", ascending=False)
        ).to_numpy()
        pick = np.flatnonzero(rank <= ci_terms)
    if len(pick) == 0:
        return
    pt = out["_t"].to_numpy()[pick]
    K, pk = np.unique(out["_k"].to_numpy()[pick], return_inverse=True)
    # per-document counts of the K terms and non-stop token totals (bounded reads)
    blocks, lens = [], []
    keep = s.keep.astype(float)
    for m in _row_blocks(s):
        blocks.append(m[:, K].astype(float))
        lens.append(m @ keep)
    X = sp.vstack(blocks, format="csr")
    XT = X.T.tocsr()
    L = np.concatenate(lens)
    n_docs, G = len(s.rows), len(s.groups)
    order = np.argsort(s.gi, kind="stable")
    sizes = np.bincount(s.gi, minlength=G)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    slot_group = s.gi[order]  # the group of each resampling slot
    # documents and pair positions of each target
    targets = sorted(set(pt.tolist()))
    docs_of = {t: np.flatnonzero(np.isin(s.gi, s.targets[t][1])) for t in targets}
    pairs_of = {t: np.flatnonzero(pt == t) for t in targets}
    ref_docs = None if s.ref is None else np.flatnonzero(np.isin(s.gi, s.ref))
    rng = np.random.default_rng(seed)
    reps = np.empty((n_boot, len(pick)))
    nb = max(1, min(n_boot, 5_000_000 // max(n_docs, len(K), 1)))
    for b0 in range(0, n_boot, nb):
        nbb = min(nb, n_boot - b0)
        # W[i, d] = times document d is drawn in replicate i; each slot draws a
        # random document of its own group, so every group keeps its size
        u = rng.random((nbb, n_docs))
        draws = order[starts[slot_group] + (u * sizes[slot_group]).astype(np.int64)]
        flat = (np.arange(nbb)[:, None] * n_docs + draws).ravel()
        W = np.bincount(flat, minlength=nbb * n_docs).reshape(nbb, n_docs).astype(float)
        if ref_docs is None:  # the rest = everything − target
            all_sums = np.asarray(XT @ W.T).T  # nbb × K
            all_tokens = W @ L
        else:
            ref_sums = np.asarray(XT[:, ref_docs] @ W[:, ref_docs].T).T
            ref_tokens = W[:, ref_docs] @ L[ref_docs]
        for t in targets:
            d, pp = docs_of[t], pairs_of[t]
            cols = pk[pp]
            a = np.asarray(XT[cols][:, d] @ W[:, d].T).T  # nbb × pairs of t
            nt = (W[:, d] @ L[d])[:, None]
            if ref_docs is None:
                b = all_sums[:, cols] - a
                nr = all_tokens[:, None] - nt
            else:
                b = ref_sums[:, cols]
                nr = ref_tokens[:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                reps[b0 : b0 + nbb, pp] = np.log2(((a + 0.5) / nt) / ((b + 0.5) / nr))
    if np.isfinite(reps).all():  # the usual case; np.quantile is far faster than nanquantile
        alpha = (1 - ci) / 2
        lo, hi = np.quantile(reps, [alpha, 1 - alpha], axis=0)
    else:
        lo, hi = percentile_interval(reps, ci, axis=0)
    out.loc[pick, "log_ratio_low"] = lo
    out.loc[pick, "log_ratio_high"] = hi


def log_odds(
    corpus: Corpus,
    *,
    target: Any = None,
    reference: Any = None,
    by: Any = "source",
    prior: float = 1000.0,
    min_count: int = 5,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    n: int | None = 100,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
    top: Any = UNSET,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
    versus: str = "contexts",
) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008).

    Two groups, or each group against the rest, exactly as :func:`keyness`
    (same ``target``, ``reference``, ``by``, ``min_count``, ``stopwords``,
    ``n``, ``tokenizer``, ``client``, ``around``, ``window``, ``context``,
    ``targets``, ``versus``; ``top`` is the deprecated name of ``n``); this
    table shows the parts of the estimate.

    Parameters
    ----------
    prior : float, default 1000
        ``alpha0``: the prior adds ``alpha_w = alpha0 × share of w`` among all
        grouped, non-stop-word tokens of the view to each side's count of
        ``w`` (Monroe et al.'s informative prior, section 3.5.2).

    Returns
    -------
    DataFrame
        The group column(s), ``term``, ``count_target``, ``count_reference``,
        ``total_target``, ``total_reference``, ``alpha`` (prior of the term),
        ``delta`` (log-odds ratio, natural log), ``se`` (its approximate
        standard error) and ``z`` (``delta / se``; > 0: over-used by the
        target), sorted by target then ``z`` descending.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "isolation isolation sanctions peace", "SYR"),
    ...             Document("b", "peace peace freedom sanctions", "USA")])
    >>> t = log_odds(c, target="SYR", reference="USA", min_count=1)
    >>> t["term"].tolist()[0], bool(t["z"].iloc[0] > 0)
    ('isolation', True)
    """
    if top is not UNSET:
        n = renamed("log_odds", "top", "n", top, UNSET if n == 100 else n)
    s, cand, alpha, alpha0, min_count, n = _prepare(
        corpus,
        target=target,
        reference=reference,
        by=by,
        min_count=min_count,
        n=n,
        prior=prior,
        stopwords=stopwords,
        tokenizer=tokenizer,
        client=client,
        around=around,
        window=window,
        context=context,
        targets=targets,
        versus=versus,
    )
    parts, owner = [], []
    for chunk in _chunks(s, len(cand)):
        a, b, n_t, n_r = _pair_counts(s, cand, chunk)
        delta, var = weighted_log_odds(a, b, n_t, n_r, alpha[None, :], alpha0)
        se = np.sqrt(var)
        z = delta / se
        ok = (a + b) >= min_count
        for j, t in enumerate(chunk):
            sel = _select(z[j], ok[j], n)
            frame = _counts_frame(s, cand, sel, a[j], b[j], n_t[j, 0], n_r[j, 0])
            parts.append(
                frame.assign(alpha=alpha[sel], delta=delta[j, sel], se=se[j, sel], z=z[j, sel])
            )
            owner.append(np.full(len(sel), t))
    out = pd.concat(parts, ignore_index=True)
    _insert_groups(s, out, np.concatenate(owner))
    out.attrs.update(_attrs(corpus, s, by))
    out.attrs.update({"min_count": min_count, "n": n, "prior": alpha0})
    return out
