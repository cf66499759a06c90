"""Shared statistics: document bootstrap, multiple-testing correction.

Every interval in ``discourse`` that is "by bootstrap over documents"
comes from :func:`bootstrap_sums`: documents are resampled with
replacement *within each group* (so each group keeps its size), the
per-document quantities are summed per group for each replicate, and a
statistic of those sums (a rate, a ratio, a mean share) is taken per
replicate; the interval is the percentile interval of the replicates.
"""

from __future__ import annotations

import warnings

__all__ = ["benjamini_hochberg", "bootstrap_sums", "check_ci", "check_seed", "percentile_interval"]

import numpy as np
import scipy.sparse as sp

from ._validation import check_ci, check_seed, positive_int


def bootstrap_sums(
    values: np.ndarray | sp.spmatrix,
    groups: np.ndarray,
    n_groups: int,
    *,
    n_boot: int,
    seed: int,
    chunk: int = 50,
) -> np.ndarray:
    """Per-group sums of ``values`` over ``n_boot`` document resamples.

    Parameters
    ----------
    values : (n_docs, k) array or sparse matrix
        Per-document quantities (counts, token totals, topic shares).
    groups : (n_docs,) int array
        Group index of each document, ``0 .. n_groups-1``.
    n_boot : int
        Number of bootstrap replicates.
    seed : int

    Returns
    -------
    ndarray of shape (n_boot, n_groups, k)
    """
    positive_int("n_boot", n_boot)
    rng = np.random.default_rng(check_seed(seed))
    groups = np.asarray(groups, dtype=np.int64)
    k = values.shape[1]
    out = np.zeros((n_boot, n_groups, k))
    X = values.tocsr() if sp.issparse(values) else np.asarray(values, dtype=float)
    members = [np.flatnonzero(groups == g) for g in range(n_groups)]
    for g, idx in enumerate(members):
        m = len(idx)
        if m == 0:
            continue
        Xg = X[idx]
        for b0 in range(0, n_boot, chunk):
            nb = min(chunk, n_boot - b0)
            draws = rng.integers(0, m, size=(nb, m))
            # w[b, j] = times document j of the group is drawn in replicate b
            flat = (np.arange(nb)[:, None] * m + draws).ravel()
            w = np.bincount(flat, minlength=nb * m).reshape(nb, m).astype(float)
            sums = (Xg.T @ w.T).T if sp.issparse(Xg) else w @ Xg
            out[b0 : b0 + nb, g, :] = np.asarray(sums)
    return out


def percentile_interval(
    replicates: np.ndarray, ci: float, axis: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percentile bounds of bootstrap replicates (NaNs ignored).

    The same numbers as ``np.nanquantile`` (linear interpolation), which runs
    one Python call per column; columns without a NaN, nearly all of them,
    go through one vectorised ``np.quantile`` instead.

    Examples
    --------
    >>> reps = np.array([[1.0, 2.0], [3.0, np.nan], [5.0, 4.0]])
    >>> [b.tolist() for b in percentile_interval(reps, 0.5)]
    [[2.0, 2.5], [4.0, 3.5]]
    """
    alpha = (1 - check_ci(ci)) / 2
    x = np.moveaxis(np.asarray(replicates, dtype=float), axis, 0)
    flat = x.reshape(x.shape[0], -1)
    lo, hi = np.empty(flat.shape[1]), np.empty(flat.shape[1])
    gaps = np.isnan(flat).any(axis=0)
    full = ~gaps
    if full.any():
        lo[full], hi[full] = np.quantile(flat[:, full], [alpha, 1 - alpha], axis=0)
    if gaps.any():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column gives NaN
            lo[gaps] = np.nanquantile(flat[:, gaps], alpha, axis=0)
            hi[gaps] = np.nanquantile(flat[:, gaps], 1 - alpha, axis=0)
    if x.ndim == 1:  # one column: scalars, as np.nanquantile gives
        return lo[0], hi[0]
    return lo.reshape(x.shape[1:]), hi.reshape(x.shape[1:])


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values); NaNs stay NaN.

    Examples
    --------
    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03])).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p, dtype=float)
    q = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    pv = p[ok]
    m = len(pv)
    if m == 0:
        return q
    order = np.argsort(pv)
    ranked = pv[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    q[ok] = out
    return q
