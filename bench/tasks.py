"""One benchmark measurement, run in a fresh process by ``bench/run.py``.

Usage: ``python bench/tasks.py TASK 'JSON-ARGS' OUT.json``. The cache folder
comes from ``$DISCOURSE_CACHE`` (set by the runner). Writes a JSON object with
``seconds`` and the peak resident memory of this process and of its
children (``rss_mb``, ``rss_children_mb``; from ``getrusage``).
"""

from __future__ import annotations

import dataclasses
import json
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

UNGDC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc"


def corpus(spec: dict):
    """The benchmark corpus: the UNGDC, optionally its first ``limit`` speeches, ``replicate`` times.

    A replicated corpus yields each speech ``replicate`` times in a row
    with ids suffixed ``~k`` (streamed; never held in memory).
    """
    from discourse import Corpus
    from discourse.datasets import ungdc

    base = ungdc.load(spec.get("path") or UNGDC, speakers=False)
    limit, rep = spec.get("limit"), int(spec.get("replicate", 1))
    if limit is None and rep == 1:
        out = base
    else:

        def factory(stats):
            n = 0
            for d in base._factory(stats):
                if limit is not None and n >= limit:
                    return
                n += 1
                if rep == 1:
                    yield d
                else:
                    for k in range(rep):
                        yield dataclasses.replace(d, id=f"{d.id}~{k}")

        out = Corpus(
            factory,
            name=f"ungdc[:{limit}]x{rep}",
            origin=f"{base.origin}|bench limit={limit} replicate={rep}",
            sources=base.sources,
        )
    years = spec.get("years")
    return out.filter(years=tuple(years)) if years else out


def live_descendants_cpu() -> float:
    """CPU seconds of live descendants and of the children they reaped (psutil).

    Used by the news bench too. Local workers are forked by multiprocessing's fork server, which lives
    until this process exits: ``RUSAGE_CHILDREN`` does not see them yet.
    """
    try:
        import psutil
    except ImportError:
        return 0.0
    total = 0.0
    for p in psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def _rss() -> dict:
    kb = 1024.0  # ru_maxrss is in KiB on Linux
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return {
        "rss_mb": me.ru_maxrss / kb,
        "rss_children_mb": kids.ru_maxrss / kb,
        "cpu_s": me.ru_utime + me.ru_stime,
        "cpu_children_s": kids.ru_utime + kids.ru_stime + live_descendants_cpu(),
    }


# -- corpus pass ---------------------------------------------------------------
def bare_pass(spec: dict) -> dict:
    """read + lowercase + re.findall(r"\\w+") + Counter per source."""
    c = corpus(spec)
    rx = re.compile(r"\w+")
    t = time.perf_counter()
    per: dict = defaultdict(Counter)
    words = chars = docs = 0
    for d in c:
        toks = rx.findall(d.text.lower())
        per[d.source].update(toks)
        words += len(toks)
        chars += len(d.text)
        docs += 1
    return {"seconds": time.perf_counter() - t, "words": words, "chars": chars, "docs": docs}


def our_pass(spec: dict, processes: int = 1, dask: str | None = None) -> dict:
    """tokens(corpus) (build or open the cache) + counts per source.

    ``dask="local_client"``: on ``discourse.parallel.local_client(2)``;
    ``dask="default"``: on a ``LocalCluster`` of 2 workers with Dask's default settings.
    """
    import numpy as np

    from discourse import parallel, tokens

    c = corpus(spec)
    client = None
    if dask == "local_client":
        client = parallel.local_client(2, dashboard_address=None)
    elif dask == "default":
        from dask.distributed import Client

        client = Client(n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True)
    elif dask is not None:
        raise ValueError(f"dask= must be 'local_client' or 'default', got {dask!r}")
    if client is not None:
        # a long-lived cluster has its workers' imports done: not timed, like the start-up
        client.run(__import__, "discourse.tokenization")
    t = time.perf_counter()
    store = tokens(c, processes=processes, client=client, progress=False)
    rows = store.select(c)
    labels = store.labels(rows, "source")
    if client is not None:
        groups, counts = store.group_counts(rows, labels, client=client)
    else:
        groups, counts = store.group_counts(rows, labels)
    seconds = time.perf_counter() - t
    out = {
        "seconds": seconds,
        "tokens": int(store.n_tokens),
        "docs": int(store.n_docs),
        "groups": len(groups),
        "total": int(np.asarray(counts.sum())),
    }
    if client is not None:
        client.close()  # and its cluster
    return out


# -- framing -----------------------------------------------------------------------
def _term_regex(term: str) -> str:
    words = term.lower().split()
    parts = [re.escape(w).replace(r"\*", r"\w*").replace(r"\?", r"\w") for w in words]
    return r"\b" + r"\s+".join(parts) + r"\b"


def bare_framing(spec: dict) -> dict:
    """One compiled alternation of the default lexicon's terms; findall per text, per source."""
    from discourse.analysis.lexicon import load_lexicon

    lex = load_lexicon()
    rx = re.compile("|".join(f"(?:{_term_regex(t)})" for t in lex.terms))
    c = corpus(spec)
    t = time.perf_counter()
    per: dict = defaultdict(int)
    hits = 0
    for d in c:
        n = len(rx.findall(d.text.lower()))
        per[d.source] += n
        hits += n
    return {"seconds": time.perf_counter() - t, "hits": hits, "terms": len(lex.terms)}


def our_framing(spec: dict, n_boot: int = 1) -> dict:
    from discourse.analysis.framing import term_rates
    from discourse.analysis.lexicon import load_lexicon

    c = corpus(spec)
    lex = load_lexicon()
    t = time.perf_counter()
    frame = term_rates(c, lex, by="source", n_boot=n_boot)
    return {
        "seconds": time.perf_counter() - t,
        "rows": len(frame),
        "hits": int(frame["count"].sum()),
    }


# -- models ------------------------------------------------------------------------
def _warm_up_view(c, store, rows, n: int = 100):
    """The view's first ``n`` documents (a small corpus for warm-up fits).

    The same size whatever the corpus, so the warm-up adds the same to the
    peak memory of the ×1 and ×4 fits (a first-year warm-up was four times
    larger on the replicated corpus). Found from the token store's document
    table: no metadata frame of the whole corpus in the measured memory.
    """
    return c.filter(ids=store.docs["id"].iloc[rows[:n]].tolist())


def _pair(ours_fit, bare_fit, rep: int) -> tuple[float, float]:
    """Time both sides back to back; the side that runs first alternates with ``rep``."""
    if rep % 2:
        bare = bare_fit()
        return ours_fit(), bare
    ours = ours_fit()
    return ours, bare_fit()


def lda(spec: dict, params: dict, bare: bool = True, rep: int = 0) -> dict:
    """TopicModel.fit vs bare gensim LdaModel (same bag-of-words, same gensim parameters).

    Ours: the whole fit (vocabulary, bag-of-words, training, document-topic
    inference). Bare: ``LdaModel(bow, id2word, **model.gensim_params())`` on
    the bag-of-words held in a list, plus inference of every document's
    topics (the same work ours does after training); building the bare
    vocabulary and list is not timed. The side that runs first alternates
    with ``rep`` (order effects on a shared VM).
    """
    import numpy as np
    from gensim.models import LdaModel  # imported before timing both: a session imports once

    from discourse import tokens
    from discourse.models.topics import TopicModel, _vocabulary_for, name_mask

    c = corpus(spec)
    store = tokens(c, progress=False)  # warm (built by an earlier row)
    rows = store.select(c)
    # a small warm-up fit first, so one-time start-up costs (BLAS threads,
    # first allocations) fall on neither side: they would land on whichever ran first
    TopicModel(**{**params, "n_topics": 2}, cache=False).fit(_warm_up_view(c, store, rows))
    tm = TopicModel(**params, cache=False)

    def ours_fit() -> float:
        t = time.perf_counter()
        tm.fit(c)
        return time.perf_counter() - t

    if not bare:
        out = {"seconds": ours_fit()}
        out.update(_rss())
        return out
    # the bare side's input: the vocabulary ours builds, as a gensim Dictionary
    p = tm._validated()
    d = _vocabulary_for(store, rows, p, drop=name_mask(c, store, rows, p)).dictionary()
    bow = [b for b in (d.doc2bow(toks) for toks in store.iter_tokens(rows)) if b]
    kw = tm.gensim_params(len(bow))  # the chunk size ours uses for these units
    timing = {}

    def bare_fit() -> float:
        t = time.perf_counter()
        model = LdaModel(bow, id2word=d, **kw)
        timing["train"] = time.perf_counter() - t
        for s in range(0, len(bow), 2000):
            model.inference(bow[s : s + 2000])
        return time.perf_counter() - t

    ours_s, bare_s = _pair(ours_fit, bare_fit, rep)
    return {
        "seconds": ours_s,
        "bare_seconds": bare_s,
        "bare_train_seconds": timing["train"],
        "bare_units": len(bow),
        "units_match": bool(len(bow) == tm.provenance_.get("n_units")),
        "vocabulary_match": d.token2id == tm.dictionary_.token2id,
        "theta_sum": float(np.asarray(tm.theta_).sum()),
        "provenance": {
            k: tm.provenance_.get(k)
            for k in (
                "prepare_seconds",
                "train_seconds",
                "infer_seconds",
                "n_units",
                "n_terms",
                "model",
            )
        },
    }


def w2v(spec: dict, params: dict, rep: int = 0) -> dict:
    """EmbeddingModel.fit vs bare gensim Word2Vec (same sentences held in a list, same parameters)."""
    from gensim.models import Word2Vec

    from discourse import tokens
    from discourse.models.embeddings import EmbeddingModel

    c = corpus(spec)
    store = tokens(c, progress=False)
    em = EmbeddingModel(**params, cache=False)
    rows = store.select(c)
    sentences = [s for s in store.iter_tokens(rows, unit=em.unit, stopwords=em.stopwords) if s]
    gp = {
        k: params[k]
        for k in (
            "vector_size",
            "window",
            "min_count",
            "epochs",
            "sg",
            "negative",
            "sample",
            "alpha",
        )
        if k in params
    }

    def ours_fit() -> float:
        t = time.perf_counter()
        em.fit(c)
        return time.perf_counter() - t

    def bare_fit() -> float:
        t = time.perf_counter()
        Word2Vec(sentences, workers=params.get("workers", 1), seed=params.get("seed", 0), **gp)
        return time.perf_counter() - t

    ours, bare = _pair(ours_fit, bare_fit, rep)
    return {
        "seconds": ours,
        "bare_seconds": bare,
        "words": sum(map(len, sentences)),
        "provenance_fit_seconds": em.provenance_.get("fit_seconds"),
    }


def keyness(spec: dict, params: dict) -> dict:
    from discourse.analysis.keyness import keyness as kn

    c = corpus(spec)
    t = time.perf_counter()
    frame = kn(c, target=None, **params)
    out = {"seconds": time.perf_counter() - t, "rows": len(frame)}
    return out


def report(spec: dict) -> dict:  # pragma: no cover - optional row
    import subprocess

    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "discourse.cli",
            "report",
            "--mirror",
            str(UNGDC),
            "--out",
            spec["out"],
        ],
        check=True,
        capture_output=True,
    )
    return {"seconds": time.perf_counter() - t}


def topics_quality(spec: dict, params: dict | None = None, rep: int = 0) -> dict:
    """Topic quality and fit time, ours vs tomotopy (``bench/topics_quality.py``)."""
    import topics_quality as tq  # bench/ is on sys.path when run as a script

    return tq.measure(corpus(spec), rep=rep, params=params)


TASKS = {
    "bare_pass": bare_pass,
    "our_pass": our_pass,
    "bare_framing": bare_framing,
    "our_framing": our_framing,
    "lda": lda,
    "w2v": w2v,
    "keyness": keyness,
    "report": report,
    "emb_quality": lambda spec: __import__("embeddings_quality").measure(spec),
    "topics_quality": topics_quality,
}


def main() -> None:
    task, args, out = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    result = TASKS[task](**args)
    for k, v in _rss().items():
        result.setdefault(k, v)
    Path(out).write_text(json.dumps(result), "utf-8")


if __name__ == "__main__":
    main()
