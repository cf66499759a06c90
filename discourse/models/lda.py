"""LDA's numeric kernel: gensim's E-step on arrays, training, inference, and the Dask fit.

One documented module-level E-step, :func:`inference`, serves every path
(after scikit-learn's ``_lda.py`` and gensim's ``lda_worker``): training in
this process (:func:`train_lda`, gensim's own ``update()`` calling it per
chunk), topic shares of new units (:func:`infer`), and the E-step on Dask
workers (:func:`fit_lda_on_client`). Units are ``(term ids, counts)`` array
pairs, as the token store holds them; nothing here knows the store.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numba
import numpy as np

from .._validation import positive_int
from ..errors import ParameterError
from ..parallel import dask

__all__ = [
    "fit_lda_on_client",
    "infer",
    "inference",
    "no_gc",
    "topic_change",
    "train_lda",
    "train_passes",
]


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a training loop.

    Streaming a bag-of-words allocates millions of small tuples, which makes
    the collector run thousands of times for nothing (they hold no cycles);
    bare gensim on a pre-built list does not pay that. Restored on exit.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@numba.njit(cache=True, nogil=True)
def _digamma(x: float) -> float:
    """ψ(x) for x > 0: recurrence up to 6, then the asymptotic series (error < 1e-12)."""
    out = 0.0
    while x < 6.0:
        out -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    t = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132)))))
    return out + np.log(x) - 0.5 / x + t


@numba.njit(cache=True, nogil=True)
def _exp_elog(gamma: np.ndarray, out: np.ndarray) -> None:
    """``out = exp(ψ(gamma) - ψ(Σ gamma))``: gensim's ``exp(dirichlet_expectation(gamma))``."""
    total = _digamma(gamma.sum())
    for k in range(len(gamma)):
        out[k] = np.exp(_digamma(gamma[k]) - total)


@numba.njit(cache=True, nogil=True, fastmath=True)
def _phinorm(theta, beta_d, eps, out):
    """``out = theta @ beta_d + eps``."""
    n = beta_d.shape[1]
    for j in range(n):
        out[j] = eps
    for k in range(len(theta)):
        t = theta[k]
        for j in range(n):
            out[j] += t * beta_d[k, j]


@numba.njit(cache=True, nogil=True, fastmath=True)
def _one_unit(ids, cts, exp_elog_beta, alpha, gam, iterations, threshold, eps, theta, phinorm):
    """gensim's E-step of one unit: ``gam`` (initial gamma, then the final one), ``theta``
    (its exp E[log θ]) and ``phinorm`` are updated in place."""
    K, n = exp_elog_beta.shape[0], len(ids)
    beta_d = np.empty((K, n))  # the unit's columns of exp E[log β]
    for k in range(K):
        for j in range(n):
            beta_d[k, j] = exp_elog_beta[k, ids[j]]
    ratio = np.empty(n)
    _exp_elog(gam, theta)
    _phinorm(theta, beta_d, eps, phinorm)
    for _ in range(iterations):
        for j in range(n):
            ratio[j] = cts[j] / phinorm[j]
        change = 0.0
        for k in range(K):
            s = 0.0
            for j in range(n):
                s += ratio[j] * beta_d[k, j]
            g = alpha[k] + theta[k] * s
            change += abs(g - gam[k])
            gam[k] = g
        _exp_elog(gam, theta)
        _phinorm(theta, beta_d, eps, phinorm)
        if change / K < threshold:
            break


@numba.njit(cache=True, nogil=True)
def _estep_serial(
    indptr, ids, cts, exp_elog_beta, alpha, gamma, iterations, threshold, eps, theta, phinorm
):
    """:func:`_one_unit` for each unit of a chunk, in order."""
    for d in range(len(indptr) - 1):
        a, b = indptr[d], indptr[d + 1]
        _one_unit(
            ids[a:b],
            cts[a:b],
            exp_elog_beta,
            alpha,
            gamma[d],
            iterations,
            threshold,
            eps,
            theta[d],
            phinorm[a:b],
        )


@numba.njit(cache=True, nogil=True, parallel=True)
def _estep_parallel(
    indptr, ids, cts, exp_elog_beta, alpha, gamma, iterations, threshold, eps, theta, phinorm
):
    """:func:`_one_unit` for each unit of a chunk, on numba's threads (units are independent)."""
    for d in numba.prange(len(indptr) - 1):
        a, b = indptr[d], indptr[d + 1]
        _one_unit(
            ids[a:b],
            cts[a:b],
            exp_elog_beta,
            alpha,
            gamma[d],
            iterations,
            threshold,
            eps,
            theta[d],
            phinorm[a:b],
        )


@numba.njit(cache=True, nogil=True)
def _add_sstats(indptr, ids, cts, theta, phinorm, sstats):
    """``sstats[:, ids_d] += outer(theta_d, cts_d / phinorm_d)``, unit by unit in order."""
    for d in range(len(indptr) - 1):
        for j in range(indptr[d], indptr[d + 1]):
            r = cts[j] / phinorm[j]
            w = ids[j]
            for k in range(theta.shape[1]):
                sstats[k, w] += theta[d, k] * r


def pack(chunk: Sequence) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Units given as ``(term ids, counts)`` pairs as CSR arrays ``(indptr, ids, counts)``."""
    lens = np.fromiter((len(ids) for ids, _ in chunk), dtype=np.int64, count=len(chunk))
    indptr = np.zeros(len(chunk) + 1, dtype=np.int64)
    np.cumsum(lens, out=indptr[1:])
    if not len(chunk):
        return indptr, np.zeros(0, np.int64), np.zeros(0)
    ids = np.concatenate([np.asarray(i, dtype=np.int64) for i, _ in chunk])
    cts = np.concatenate([np.asarray(c, dtype=np.float64) for _, c in chunk])
    return indptr, ids, cts


def inference(
    lda, chunk: Sequence, collect_sstats: bool = False, *, random_state=None, threads: int = 1
):
    """gensim's ``LdaModel.inference`` on units given as ``(term ids, counts)`` arrays, compiled.

    The algorithm of gensim 4's E-step (Hoffman's online VB with the
    Lee & Seung update), step for step: the same initial gammas (drawn
    from ``random_state``, default the model's, as gensim does), the same
    updates, the same per-unit stopping rule (``iterations``,
    ``gamma_threshold``) and the same sufficient statistics, returned in
    the model's dtype. The loops are compiled with numba and computed in
    float64 (sums may be reordered), so the numbers agree with gensim's
    float32 arithmetic to its rounding (tested), not bit for bit.

    ``threads`` > 1 runs the units on that many threads; each unit's
    arithmetic and the order in which the statistics are added do not
    change, so the result is the same for any number of threads.
    """
    rng = lda.random_state if random_state is None else random_state
    dtype = lda.dtype
    exp_elog_beta = np.asarray(lda.expElogbeta)
    gamma = rng.gamma(100.0, 1.0 / 100.0, (len(chunk), lda.num_topics)).astype(dtype, copy=False)
    work = gamma.astype(np.float64)
    indptr, ids, cts = pack(chunk)
    theta = np.empty_like(work)
    phinorm = np.empty(len(ids))
    args = (
        indptr,
        ids,
        cts,
        exp_elog_beta,
        np.asarray(lda.alpha, dtype=np.float64),
        work,
        int(lda.iterations),
        float(lda.gamma_threshold),
        float(np.finfo(dtype).eps),
        theta,
        phinorm,
    )
    if threads > 1 and len(chunk) > 1:
        before = numba.get_num_threads()
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
        try:
            _estep_parallel(*args)
        finally:
            numba.set_num_threads(before)
    else:
        _estep_serial(*args)
    gamma = work.astype(dtype)
    if not collect_sstats:
        return gamma, None
    sstats = np.zeros(exp_elog_beta.shape)
    _add_sstats(indptr, ids, cts, theta, phinorm, sstats)
    return gamma, (sstats * exp_elog_beta).astype(dtype, copy=False)


def train_lda(
    units: Any, dictionary: Any, kw: dict, *, tol: float | None = None, threads: int = 1
) -> Any:
    """gensim ``LdaModel(corpus=units, id2word=dictionary, **kw)``, with the E-step on arrays.

    The model is built as gensim builds it and trained by gensim's own
    online VB (same chunks, same learning rate, same M-step); only
    ``inference``, which training calls per chunk, is replaced for the
    duration by :func:`inference` on the store's arrays. The result is a
    plain ``LdaModel``, equal to bare gensim's on the same bag-of-words
    (tested).

    With ``tol=None``, ``kw["passes"]`` passes are run by gensim's own
    ``update()``. With a ``tol``, ``kw["passes"]`` is an upper bound: the
    passes are run one by one (:func:`train_passes`, gensim's ``update()``
    loop step for step, so ``n`` passes give the model of
    ``LdaModel(passes=n)``) until the topics move less than ``tol``
    between two passes (:func:`topic_change`). The passes run are in
    ``lda.passes_run_`` and the change after each pass in
    ``lda.pass_changes_``.
    """
    from gensim.models import LdaModel

    lda = LdaModel(corpus=None, id2word=dictionary, **kw)
    # update() calls self.inference
    lda.inference = functools.partial(inference, lda, threads=threads)
    try:
        if tol is None:
            lda.update(units)
            lda.passes_run_, lda.pass_changes_ = int(kw.get("passes", 1)), []
        else:
            train_passes(lda, units, max_passes=int(kw.get("passes", 1)), tol=tol)
    finally:
        del lda.inference
    return lda


def topic_change(before: np.ndarray, after: np.ndarray) -> float:
    """Mean total-variation distance between matching topic rows (0 = unchanged, 1 = disjoint).

    ``before`` and ``after`` are topic–word weights (gensim's lambda, any
    positive scale); each row is normalised to a distribution first.
    """
    p = before / before.sum(1, keepdims=True)
    q = after / after.sum(1, keepdims=True)
    return float(0.5 * np.abs(p - q).sum(1).mean())


def train_passes(lda: Any, units: Any, *, max_passes: int, tol: float) -> Any:
    """Train ``lda`` pass by pass until the topics move less than ``tol``, at most ``max_passes``.

    gensim 4's ``LdaModel.update()`` loop (online VB, one M-step per
    ``update_every`` chunks, learning rate ``(offset + pass + updates /
    chunksize) ** -decay``, alpha/eta learned when asked), with a check
    after each pass: :func:`topic_change` of the topic–word matrix against
    the previous pass. Stops after the first pass whose change is below
    ``tol`` (at least 2 passes). Sets ``lda.passes_run_`` and
    ``lda.pass_changes_`` (the change after each pass).
    """
    from gensim import utils
    from gensim.models.ldamodel import LdaState

    lencorpus = len(units)
    chunksize = min(lencorpus, lda.chunksize)
    decay, offset, update_every = lda.decay, lda.offset, lda.update_every
    lda.state.numdocs += lencorpus
    changes: list[float] = []
    pass_ = 0

    def rho() -> float:
        return pow(offset + pass_ + (lda.num_updates / chunksize), -decay)

    before = lda.state.get_lambda().copy()
    for pass_ in range(max_passes):
        other = LdaState(lda.eta, lda.state.sstats.shape, lda.dtype)
        dirty = False
        for chunk_no, chunk in enumerate(utils.grouper(units, chunksize)):
            gammat = lda.do_estep(chunk, other)
            if lda.optimize_alpha:
                lda.update_alpha(gammat, rho())
            dirty = True
            if update_every and (chunk_no + 1) % (update_every * lda.numworkers) == 0:
                lda.do_mstep(rho(), other, pass_ > 0)
                other = LdaState(lda.eta, lda.state.sstats.shape, lda.dtype)
                dirty = False
        if dirty:
            lda.do_mstep(rho(), other, pass_ > 0)
        after = lda.state.get_lambda()
        changes.append(topic_change(before, after))
        before = after.copy()
        if pass_ >= 1 and changes[-1] < tol:
            break
    lda.passes_run_ = pass_ + 1
    lda.pass_changes_ = changes
    return lda


def infer(lda: Any, units: Any, *, seed: int, chunk: int = 2000, threads: int = 1) -> np.ndarray:
    """Variational topic shares of every unit (rows sum to 1), reproducible for a seed.

    Equal to gensim's ``lda.inference`` on chunks of ``chunk`` units with a
    ``RandomState(seed)`` (see :func:`inference`).
    """
    rng = np.random.RandomState(seed)
    out = np.empty((len(units), lda.num_topics))
    it = iter(units)
    for pos in range(0, len(units), chunk):
        batch = list(itertools.islice(it, chunk))
        out[pos : pos + len(batch)] = inference(lda, batch, random_state=rng, threads=threads)[0]
    return out / out.sum(1, keepdims=True)


# -- the E-step on a Dask cluster ---------------------------------------------
class _EStepper:
    """The attributes the E-step reads from a model, without building one on the worker."""

    def __init__(self, exp_elog_beta, alpha, iterations, gamma_threshold, seed, dtype):
        self.expElogbeta = exp_elog_beta
        self.alpha = alpha
        self.num_topics = exp_elog_beta.shape[0]
        self.iterations = iterations
        self.gamma_threshold = gamma_threshold
        self.random_state = np.random.RandomState(seed)
        self.dtype = dtype


def _pack_chunk(chunk: Sequence[Sequence[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """A chunk of bag-of-words documents as (indptr, n × 2 float64 array of (id, count))."""
    lens = np.fromiter((len(d) for d in chunk), dtype=np.int64, count=len(chunk))
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.chain.from_iterable(chunk)),
        dtype=np.float64,
        count=2 * int(lens.sum()),
    ).reshape(-1, 2)
    return np.concatenate([[0], np.cumsum(lens)]), flat


def _estep(model_state: dict, packed: tuple, seed: int) -> tuple:
    """E-step of one chunk on a worker: (term ids touched, their sstats columns, n docs).

    gensim's ``LdaModel.inference`` arithmetic (:func:`inference`)
    on the packed arrays, without rebuilding ``(id, count)`` tuples.
    """
    indptr, flat = packed
    ids = flat[:, 0].astype(np.int64)
    cts = flat[:, 1]
    bounds = indptr.tolist()
    chunk = [(ids[a:b], cts[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    ms = model_state
    stepper = _EStepper(
        ms["expElogbeta"], ms["alpha"], ms["iterations"], ms["gamma_threshold"], seed, ms["dtype"]
    )
    _gamma, sstats = inference(stepper, chunk, collect_sstats=True)
    touched = np.unique(ids)
    return touched, sstats[:, touched], len(chunk)


def _chunk_seed(seed: int, pass_: int, chunk_no: int) -> int:
    """A per-(pass, chunk) seed, so results do not depend on which worker runs what."""
    ss = np.random.SeedSequence([seed, pass_, chunk_no])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def fit_lda_on_client(
    client: Any,
    corpus: Iterable[Sequence[tuple[int, float]]],
    *,
    id2word: Any,
    num_topics: int = 100,
    passes: int = 1,
    chunksize: int = 2000,
    update_every: int = 1,
    alpha: Any = "symmetric",
    eta: Any = None,
    decay: float = 0.5,
    offset: float = 1.0,
    iterations: int = 50,
    gamma_threshold: float = 0.001,
    random_state: int = 0,
    dtype: Any = np.float32,
    eval_every: int | None = None,
) -> Any:
    """Train a gensim ``LdaModel`` with the E-step on the cluster's workers.

    Online variational Bayes as in gensim's own distributed mode (Hoffman et
    al. 2010): the client holds the model; the corpus is sent once to the
    workers in chunks of ``chunksize`` documents; for each group of
    ``update_every × workers`` chunks the current topics (``expElogbeta``)
    are broadcast, every worker runs ``LdaModel.inference`` on its chunk and
    returns the sufficient statistics, and the client sums them
    (``LdaState.merge``) and runs the M-step (``LdaModel.do_mstep``) with
    gensim's learning rate ``rho``. Parameters mean what they mean for
    ``gensim.models.LdaModel``, so ``fit_lda(client, bow, id2word=d,
    **topic_model.gensim_params())`` works; ``eval_every`` must be off
    (``None`` or 0).

    Result versus the local ``LdaModel`` with the same parameters and seed:
    the initial topics are identical, but the local model updates after
    every chunk and this one after every ``workers`` chunks, and the
    per-document initial gammas come from per-chunk seeds, so topics are
    not bit-identical. On a corpus with clear topics, matched topics (one
    to one, by Hellinger distance) are within a mean Hellinger distance of
    0.1 of the local fit's, and the per-word likelihood bound within 2%
    (``tests/test_parallel.py``). With one worker and one chunk per update,
    the updates match the local schedule. The same seed on any cluster
    gives identical topics (per-chunk seeds, merges in chunk order).

    Parameters
    ----------
    client : dask.distributed.Client
    corpus : re-iterable of bag-of-words documents
        ``[(term id, count), ...]`` per document, as for gensim; read once.
    id2word : gensim Dictionary or mapping id → token
    random_state : int
        Seed of the initial topics and of the per-chunk document gammas.

    Returns
    -------
    gensim.models.LdaModel
        A plain gensim model (save, ``get_document_topics``, ``show_topics``).
    """
    from gensim.models.ldamodel import LdaModel, LdaState

    dask.check_client(client)
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)):
        raise ParameterError(f"random_state= must be an integer seed, got {random_state!r}")
    for name, v in (("passes", passes), ("chunksize", chunksize), ("update_every", update_every)):
        positive_int(name, v)
    if eval_every:
        raise ParameterError(
            f"eval_every={eval_every!r} is not supported with client=; use None "
            "(compute model.log_perplexity(...) after fitting instead)"
        )
    if isinstance(alpha, str) and alpha == "auto":
        raise ParameterError(
            "alpha='auto' is not supported with client= (as in gensim's distributed LDA); "
            "use 'symmetric', 'asymmetric' or a number"
        )
    model = LdaModel(
        corpus=None,
        id2word=id2word,
        num_topics=num_topics,
        passes=passes,
        chunksize=chunksize,
        update_every=update_every,
        alpha=alpha,
        eta=eta,
        decay=decay,
        offset=offset,
        iterations=iterations,
        gamma_threshold=gamma_threshold,
        random_state=int(random_state),
        eval_every=None,
        dtype=dtype,
    )
    workers = dask.worker_addresses(client)
    nw = max(1, len(workers))
    # send the corpus once, chunk by chunk, round-robin over the workers
    chunks: list = []
    lencorpus = 0
    batch: list = []
    for doc in corpus:
        batch.append(doc)
        if len(batch) == chunksize:
            chunks.append(_scatter_chunk(client, batch, workers, len(chunks)))
            lencorpus += len(batch)
            batch = []
    if batch:
        chunks.append(_scatter_chunk(client, batch, workers, len(chunks)))
        lencorpus += len(batch)
    if lencorpus == 0:
        raise ParameterError("fit_lda: the corpus has no documents")
    chunksize = min(lencorpus, chunksize)
    model.state.numdocs += lencorpus
    per_update = update_every * nw
    seed = int(random_state)
    try:
        for pass_ in range(passes):

            def rho(pass_: int = pass_) -> float:
                return pow(offset + pass_ + (model.num_updates / chunksize), -decay)

            for g0 in range(0, len(chunks), per_update):
                group = chunks[g0 : g0 + per_update]
                state = {
                    "expElogbeta": model.expElogbeta,
                    "alpha": model.alpha,
                    "iterations": iterations,
                    "gamma_threshold": gamma_threshold,
                    "dtype": model.dtype,
                }
                state_f = dask.broadcast(client, state)
                futs = [
                    client.submit(_estep, state_f, cf, _chunk_seed(seed, pass_, g0 + i), pure=False)
                    for i, cf in enumerate(group)
                ]
                other = LdaState(model.eta, model.state.sstats.shape, model.dtype)
                for f in futs:  # in chunk order: the sum is the same on every run
                    touched, cols, ndocs = client.gather(f, direct=True)
                    # LdaState.merge, for the columns the chunk touched
                    other.sstats[:, touched] += cols
                    other.numdocs += ndocs
                    f.release()
                state_f.release()
                model.do_mstep(rho(), other, pass_ > 0)
    finally:
        for cf in chunks:
            cf.release()
    return model


def _scatter_chunk(client: Any, chunk: list, workers: list[str], k: int) -> Any:
    return dask.scatter_to(client, _pack_chunk(chunk), k)
