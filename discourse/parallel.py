"""Dask backend: the corpus pass and LDA's E-step on a ``dask.distributed`` cluster.

Every function here takes a connected :class:`dask.distributed.Client` and
returns exactly what the single-machine path returns, so an analysis
module needs one line to offer ``client=``::

    if client is not None:
        return parallel.group_counts(client, store, rows, labels)
    return store.group_counts(rows, labels)

========================  ====================================================
:func:`tokenize_on_client`  tokenising batches of texts (used by ``tokens(corpus, client=)``)
:func:`group_counts`        summed term counts per group; equal to ``TokenStore.group_counts``
:func:`fit_lda`             gensim ``LdaModel`` trained with the E-step on the workers
:func:`local_client`        a ``Client`` on a ``LocalCluster`` set up for CPU-bound passes
========================  ====================================================

Where the data live
-------------------
Large payloads go straight between the client and the workers
(``scatter(direct=True)``, ``gather(direct=True)``), not through the
scheduler, so the client must be able to reach the workers' addresses
(true on a LocalCluster and on most clusters; not behind a gateway that
only exposes the scheduler).

The client streams the corpus: texts to tokenise and bags of words for
LDA are sent to the workers in bounded batches, never held whole.
:func:`group_counts` does not ship counts: each worker reads its rows of
the document-term matrix from the token store's files, so the cache
folder (``$DISCOURSE_CACHE``) must be visible at the same path on every
worker. On a :class:`~dask.distributed.LocalCluster` it is; on a real
cluster put ``DISCOURSE_CACHE`` on a shared filesystem (NFS, Lustre, a
mounted bucket), or build the store on the client and copy its folder to
the same path on the workers.

Connecting to a cluster::

    from dask.distributed import Client
    import discourse
    client = Client("tcp://scheduler:8786")      # or Client(LocalCluster(...))
    corpus = discourse.datasets.ungdc.load()
    store = discourse.tokens(corpus, client=client)

The workers need the same ``discourse`` (and gensim/numpy) versions as
the client.

Settings for CPU-bound work
---------------------------
On one machine, :func:`local_client` starts a ``LocalCluster`` with
:data:`CPU_BOUND_CONFIG` (Dask's statistical profiler off, event-loop
checks once a second instead of 50 times). On a real cluster set the same
where the scheduler and the workers start, in their Dask config file or
environment::

    DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False
    DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL=1s
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .errors import ParameterError, positive_int

__all__ = [
    "CPU_BOUND_CONFIG",
    "fit_lda",
    "group_counts",
    "local_client",
    "n_workers",
    "tokenize_on_client",
]

#: Dask settings for CPU-bound passes on few cores. Dask's statistical profiler
#: samples every worker thread 100 times a second and every server checks its
#: event loop 50 times a second: an idle 2-worker LocalCluster used 1.4 s of CPU
#: per 10 s, 0.3 s with these settings (the profiler off, the check once a second).
#: :func:`local_client` applies them; on a real cluster set them where the
#: workers start (see the module docstring).
CPU_BOUND_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


def _check_client(client: Any) -> None:
    if not (hasattr(client, "submit") and hasattr(client, "scheduler_info")):
        raise ParameterError(
            f"client= must be a dask.distributed.Client, got {type(client).__name__}; "
            "create one with Client('tcp://scheduler:8786') or Client(LocalCluster())"
        )


def n_workers(client: Any) -> int:
    """Number of workers connected to the client's scheduler (at least 1)."""
    _check_client(client)
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


def local_client(n_workers: int | None = None, **cluster_kwargs: Any) -> Any:
    """A ``Client`` on a new ``LocalCluster`` set up for the corpus pass; closing it closes both.

    One single-threaded worker process per core (tokenising is pure Python,
    so threads would share one interpreter lock), started with
    :data:`CPU_BOUND_CONFIG`. On 2 cores the corpus pass took 1.13-1.19× the
    time of ``processes=2`` this way and 0.99-1.42× with Dask's default
    settings (``make bench``, three runs of 3 interleaved rounds each).

    Parameters
    ----------
    n_workers : int, optional
        Worker processes (default: the number of cores).
    **cluster_kwargs
        Passed to ``dask.distributed.LocalCluster`` (``threads_per_worker``,
        ``memory_limit``, ``dashboard_address=None`` to start no dashboard, ...).

    Examples
    --------
    >>> client = discourse.parallel.local_client(2)            # doctest: +SKIP
    >>> store = discourse.tokens(corpus, client=client)        # doctest: +SKIP
    >>> client.close()                                         # doctest: +SKIP
    """
    import dask
    from dask.distributed import Client

    n = positive_int("n_workers", (os.cpu_count() or 1) if n_workers is None else n_workers)
    cluster_kwargs.setdefault("threads_per_worker", 1)
    cluster_kwargs.setdefault("processes", True)
    # read when the scheduler and the workers start: the workers get the config from their nanny
    with dask.config.set(CPU_BOUND_CONFIG):
        return Client(n_workers=n, **cluster_kwargs)


def _worker_addresses(client: Any) -> list[str]:
    return sorted(client.scheduler_info(n_workers=-1).get("workers", {}))


# -- tokenising -------------------------------------------------------------
def _pack_texts(texts: list[str]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """A batch of texts as one UTF-8 blob, character ends and :class:`_Continued` marks.

    One ``bytes`` object travels to a worker without a copy per string (a
    list of strings is pickled string by string); lone surrogates survive
    (``surrogatepass``, as in the corpus fingerprint).
    """
    from .tokens import _Continued

    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    cont = np.fromiter((isinstance(t, _Continued) for t in texts), dtype=bool, count=len(texts))
    return "".join(texts).encode("utf-8", "surrogatepass"), ends, cont


def _tokenize_packed(packed: tuple[bytes, np.ndarray, np.ndarray], tokenizer_key: dict) -> tuple:
    """``_tokenize_batch`` of a batch packed by :func:`_pack_texts` (runs on a worker)."""
    from .tokens import _Continued, _tokenize_batch

    blob, ends, cont = packed
    text = blob.decode("utf-8", "surrogatepass")
    starts = np.concatenate([[0], ends[:-1]]).tolist()
    texts = [
        _Continued(text[a:b]) if c else text[a:b]
        for a, b, c in zip(starts, ends.tolist(), cont.tolist(), strict=True)
    ]
    return _tokenize_batch(texts, tokenizer_key)


def tokenize_on_client(
    client: Any, batches: Iterable[list[str]], tokenizer_key: dict, *, ahead: int | None = None
) -> Iterator[tuple]:
    """Tokenise batches of texts on the cluster; yield the results in order.

    Each batch is packed into one UTF-8 blob, sent straight to a worker
    (``scatter(direct=True)``, round-robin, not through the scheduler) and
    tokenised there by ``discourse.tokens._tokenize_batch``. At most
    ``ahead`` batches (default: twice the number of workers) are in
    flight, so the client's memory stays bounded however long the corpus.
    Sending lists of strings through the scheduler instead cost about 30 %
    more time on a 2-worker LocalCluster (``bench/``, the Dask row).

    Parameters
    ----------
    client : dask.distributed.Client
    batches : iterable of list of str
        Texts, consumed lazily.
    tokenizer_key : dict
        ``Tokenizer.key`` of the tokenizer to use.
    ahead : int, optional
        Batches in flight.

    Yields
    ------
    tuple
        What ``_tokenize_batch`` returns, one per batch, in input order.
    """
    _check_client(client)
    workers = _worker_addresses(client)
    ahead = ahead or 2 * max(1, len(workers))
    pending: deque = deque()
    try:
        for k, batch in enumerate(batches):
            target = [workers[k % len(workers)]] if workers else None
            # hash=False / pure=False: hashing megabytes of text for a key costs more than the task
            [data] = client.scatter([_pack_texts(batch)], workers=target, hash=False, direct=True)
            pending.append(
                client.submit(
                    _tokenize_packed,
                    data,
                    tokenizer_key,
                    workers=target,
                    allow_other_workers=True,
                    pure=False,
                )
            )
            del data
            if len(pending) >= ahead:
                yield client.gather(pending.popleft(), direct=True)
        while pending:
            yield client.gather(pending.popleft(), direct=True)
    finally:
        for f in pending:
            f.cancel()


# -- counts per group -------------------------------------------------------
def _group_order(labels: np.ndarray) -> tuple[np.ndarray, list, np.ndarray]:
    """Kept mask, sorted groups and group index per kept label (as ``TokenStore.group_counts``)."""
    keep = np.array([lab is not None and lab == lab for lab in labels], dtype=bool)
    kept = np.asarray(labels, dtype=object)[keep]
    groups = sorted(
        set(kept.tolist()),
        key=lambda v: (0, v, "") if isinstance(v, (int, float)) else (1, 0, str(v)),
    )
    index = {g: i for i, g in enumerate(groups)}
    gi = np.fromiter((index[lab] for lab in kept), dtype=np.int64, count=len(kept))
    return keep, groups, gi


def _partial_group_counts(
    path: str, rows: np.ndarray, gi: np.ndarray, n_groups: int, n_terms: int
) -> sp.csr_matrix:
    """groups × V counts of ``rows`` read from a store's DTM files (runs on a worker)."""
    path_ = Path(path)
    ip = np.load(path_ / "dtm_indptr.npy", mmap_mode="r")
    rows = np.asarray(rows, dtype=np.int64)
    starts = np.asarray(ip[rows], dtype=np.int64)
    lens = np.asarray(ip[rows + 1], dtype=np.int64) - starts
    total = int(lens.sum())
    if total == 0:
        return sp.csr_matrix((n_groups, n_terms), dtype=np.int64)
    # positions of every nonzero of every row: concatenated ranges [start, start + len)
    firsts = np.cumsum(lens) - lens
    pos = np.arange(total, dtype=np.int64) + np.repeat(starts - firsts, lens)
    ind = np.memmap(path_ / "dtm_indices.u32", dtype=np.uint32, mode="r")
    dat = np.memmap(path_ / "dtm_data.u32", dtype=np.uint32, mode="r")
    cols = np.asarray(ind[pos], dtype=np.int64)
    vals = np.asarray(dat[pos], dtype=np.int64)
    grp = np.repeat(np.asarray(gi, dtype=np.int64), lens)
    # COO → CSR sums duplicates (same group, same term) in integer arithmetic
    out = sp.coo_matrix((vals, (grp, cols)), shape=(n_groups, n_terms)).tocsr()
    out.sum_duplicates()
    return out


def group_counts(
    client: Any,
    store: Any,
    rows: np.ndarray,
    labels: np.ndarray,
    *,
    rows_per_task: int = 2000,
) -> tuple[list, sp.csr_matrix]:
    """Summed term counts per group, computed on the cluster.

    Returns exactly what ``store.group_counts(rows, labels)`` returns:
    ``(groups, groups × vocabulary int64 CSR)``. Rows are cut into
    contiguous tasks of at most ``rows_per_task`` documents; each worker
    reads its rows from the store's files (the cache folder must be on a
    filesystem the workers share, see the module docstring) and returns a
    sparse partial sum, which the client adds up.

    Parameters
    ----------
    client : dask.distributed.Client
    store : TokenStore
    rows : array of int
        Rows of the store (``store.select(corpus)``).
    labels : array
        Group label per row; ``None``/NaN rows are left out.
    rows_per_task : int, default 2000
    """
    _check_client(client)
    if not isinstance(rows_per_task, int) or rows_per_task < 1:
        raise ParameterError(f"rows_per_task= must be a positive integer, got {rows_per_task!r}")
    rows = np.asarray(rows, dtype=np.int64)
    labels = np.asarray(labels, dtype=object)
    if len(rows) != len(labels):
        raise ParameterError(f"rows and labels differ in length ({len(rows)} vs {len(labels)})")
    keep, groups, gi = _group_order(labels)
    rows = rows[keep]
    V = len(store.vocab)
    G = len(groups)
    out = sp.csr_matrix((G, V), dtype=np.int64)
    if len(rows) == 0:
        return groups, out
    # at least one task per worker when there is enough work, never more rows than asked
    per = max(1, min(rows_per_task, -(-len(rows) // (2 * n_workers(client)))))
    path = str(Path(store.path).resolve())
    futures = [
        client.submit(
            _partial_group_counts, path, rows[s : s + per], gi[s : s + per], G, V, pure=False
        )
        for s in range(0, len(rows), per)
    ]
    from dask.distributed import as_completed

    for fut in as_completed(futures):  # integer sums: order does not matter
        out = out + client.gather(fut, direct=True)
        fut.release()
    return groups, out.tocsr()


# -- LDA ----------------------------------------------------------------------
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

    gensim's ``LdaModel.inference`` arithmetic (``discourse.topics._inference``)
    on the packed arrays, without rebuilding ``(id, count)`` tuples.
    """
    from .topics import _inference

    indptr, flat = packed
    ids = flat[:, 0].astype(np.int64)
    cts = flat[:, 1]
    bounds = indptr.tolist()
    chunk = [(ids[a:b], cts[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    ms = model_state
    stepper = _EStepper(
        ms["expElogbeta"], ms["alpha"], ms["iterations"], ms["gamma_threshold"], seed, ms["dtype"]
    )
    _gamma, sstats = _inference(stepper, chunk, collect_sstats=True)
    touched = np.unique(ids)
    return touched, sstats[:, touched], len(chunk)


def _chunk_seed(seed: int, pass_: int, chunk_no: int) -> int:
    """A per-(pass, chunk) seed, so results do not depend on which worker runs what."""
    ss = np.random.SeedSequence([seed, pass_, chunk_no])
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def fit_lda(
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

    _check_client(client)
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)):
        raise ParameterError(f"random_state= must be an integer seed, got {random_state!r}")
    for name, v in (("passes", passes), ("chunksize", chunksize), ("update_every", update_every)):
        if not isinstance(v, int) or v < 1:
            raise ParameterError(f"{name}= must be a positive integer, got {v!r}")
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
    workers = _worker_addresses(client)
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
                [state_f] = client.scatter([state], broadcast=True, hash=False)
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
    packed = _pack_chunk(chunk)
    target = [workers[k % len(workers)]] if workers else None
    [fut] = client.scatter([packed], workers=target, hash=False, direct=True)
    return fut
