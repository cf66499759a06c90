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


def inference(lda, chunk: Sequence, collect_sstats: bool = False, *, random_state=None):
    """gensim's ``LdaModel.inference`` on units given as ``(term ids, counts)`` arrays.

    The arithmetic of gensim 4's E-step (Hoffman's online VB with the
    Lee & Seung update), step for step in the same order and dtype, so
    gamma and the sufficient statistics are gensim's for the same random
    state (tested bit for bit). It reads each unit's ids and counts as the
    arrays the store holds instead of ``(id, count)`` tuples that gensim
    would take apart again. Draws the initial gammas from ``random_state``
    (default: the model's, as gensim does).
    """
    from gensim.matutils import dirichlet_expectation, mean_absolute_difference

    rng = lda.random_state if random_state is None else random_state
    dtype = lda.dtype
    eps = np.finfo(dtype).eps
    exp_elog_beta, alpha = lda.expElogbeta, lda.alpha
    iterations, threshold = lda.iterations, lda.gamma_threshold
    gamma = rng.gamma(100.0, 1.0 / 100.0, (len(chunk), lda.num_topics)).astype(dtype, copy=False)
    exp_elog_theta = np.exp(dirichlet_expectation(gamma))
    sstats = np.zeros_like(exp_elog_beta, dtype=dtype) if collect_sstats else None
    for d, (ids, counts) in enumerate(chunk):
        cts = counts.astype(dtype)
        gammad = gamma[d, :]
        exp_elog_thetad = exp_elog_theta[d, :]
        exp_elog_betad = exp_elog_beta[:, ids]
        phinorm = np.dot(exp_elog_thetad, exp_elog_betad) + eps
        for _ in range(iterations):
            lastgamma = gammad
            gammad = alpha + exp_elog_thetad * np.dot(cts / phinorm, exp_elog_betad.T)
            exp_elog_thetad = np.exp(dirichlet_expectation(gammad))
            phinorm = np.dot(exp_elog_thetad, exp_elog_betad) + eps
            if mean_absolute_difference(gammad, lastgamma) < threshold:
                break
        gamma[d, :] = gammad
        if collect_sstats:
            sstats[:, ids] += np.outer(exp_elog_thetad.T, cts / phinorm)
    if collect_sstats:
        sstats *= exp_elog_beta
    return gamma, sstats


def train_lda(units: Any, dictionary: Any, kw: dict, *, tol: float | None = None) -> Any:
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
    lda.inference = functools.partial(inference, lda)  # update() calls self.inference
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


def infer(lda: Any, units: Any, *, seed: int, chunk: int = 2000) -> np.ndarray:
    """Variational topic shares of every unit (rows sum to 1), reproducible for a seed.

    Equal to gensim's ``lda.inference`` on chunks of ``chunk`` units with a
    ``RandomState(seed)`` (see :func:`inference`).
    """
    rng = np.random.RandomState(seed)
    out = np.empty((len(units), lda.num_topics))
    it = iter(units)
    for pos in range(0, len(units), chunk):
        batch = list(itertools.islice(it, chunk))
        out[pos : pos + len(batch)] = inference(lda, batch, random_state=rng)[0]
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
