"""Topic quality against tomotopy on the same units and vocabulary (``make bench`` rows ``topics``).

One measurement (:func:`measure`, run in a fresh process by ``bench/tasks.py``)
fits, on the UNGDC speeches 1990–2023 with K=20:

* ours: ``TopicModel(n_topics=20, seed=rep, unit=...)`` with every other
  default (the whole fit: vocabulary, names filter, bag-of-words, training
  until the topics stop moving, document shares), on the units the report
  chooses for the corpus (:func:`discourse.report.defaults.topic_unit`:
  paragraphs of the UNGDC's long speeches);
* tomotopy: ``LDAModel(k=20, seed=rep)``, 200 Gibbs iterations on 2 threads,
  on exactly our units (the same bags of words, as word lists) and so our
  vocabulary; adding the documents and training are timed.

The two fits run back to back in one process, the side that runs first
alternating with ``rep``; repetition ``rep`` fits both with seed ``rep``, so
that the coherence rows compare the two models' means over seeds: one seed
can land either in a poor optimum (ours with seed 0 and the earlier chunk of
a twentieth of the units: +0.064 where seeds 1 and 2 gave +0.090 and
+0.088). Coherence: gensim ``CoherenceModel`` c_npmi of
each model's top-10 words, on the same texts (our kept tokens of a seeded
sample of 1,000 of the speeches) and dictionary. Proper-noun share: a word
counts when at least 80 % of its uses in the raw text are capitalised
(:func:`discourse.tokenization.capital_share`); over the top-7
probability words and over the FREX label words (3 per topic) of ours.

:func:`add_rows` turns the paired measurements into the rows of
``bench/run.py``; without tomotopy the comparative rows are skipped with
"tomotopy not installed".
"""

from __future__ import annotations

import importlib.util
import statistics
import time

N_TOPICS = 20
GIBBS_ITERATIONS = 200
THREADS = 2
COHERENCE_DOCS = 1000


def measure(corpus, rep: int = 0, params: dict | None = None) -> dict:
    """Fit ours and tomotopy on ``corpus`` (a view), back to back; times, c_npmi, shares."""
    import numpy as np
    from gensim.models import CoherenceModel

    from discourse import tokens
    from discourse.models.topics import TopicModel, _Bow, _Units, _vocabulary_for, name_mask
    from discourse.report.defaults import topic_unit
    from discourse.tokenization import capital_share

    store = tokens(corpus, progress=False)
    rows = store.select(corpus)
    share = capital_share(corpus)  # cached: computed once, not timed on either side
    params = {"n_topics": N_TOPICS, "seed": rep, "unit": topic_unit(corpus)[0], **(params or {})}
    tm = TopicModel(**params, cache=False)
    p = tm._validated()
    # our units and vocabulary, given to tomotopy as word lists
    vocab = _vocabulary_for(store, rows, p, drop=name_mask(corpus, store, rows, p))
    units = [
        np.repeat(vocab.terms[ids], counts).tolist()
        for ids, counts in _Units(_Bow(store, rows, p["unit"], vocab.remap))
    ]
    have_tomotopy = importlib.util.find_spec("tomotopy") is not None
    out: dict = {"tomotopy": have_tomotopy}

    def ours_fit() -> float:
        t = time.perf_counter()
        tm.fit(corpus)
        return time.perf_counter() - t

    def tomotopy_fit() -> float:
        import tomotopy as tp

        t = time.perf_counter()
        mdl = tp.LDAModel(k=N_TOPICS, seed=rep)
        for words in units:
            mdl.add_doc(words)
        mdl.train(GIBBS_ITERATIONS, workers=THREADS)
        out["tomotopy_top"] = [
            [w for w, _ in mdl.get_topic_words(k, top_n=10)] for k in range(N_TOPICS)
        ]
        return time.perf_counter() - t

    if not have_tomotopy:
        out["seconds"] = ours_fit()
    elif rep % 2:
        out["bare_seconds"] = tomotopy_fit()
        out["seconds"] = ours_fit()
    else:
        out["seconds"] = ours_fit()
        out["bare_seconds"] = tomotopy_fit()
    assert list(tm.vocabulary_) == list(vocab.terms), "ours and tomotopy saw other vocabularies"
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(rows, min(COHERENCE_DOCS, len(rows)), replace=False))
    kept = set(vocab.terms.tolist())
    texts = [t for t in ([w for w in d if w in kept] for d in store.iter_tokens(sample)) if t]
    dictionary = tm.dictionary_

    def npmi(top: list[list[str]]) -> float:
        cm = CoherenceModel(
            topics=top, texts=texts, dictionary=dictionary, coherence="c_npmi", topn=10
        )
        return float(cm.get_coherence())

    top10 = tm.top_terms(n=10).groupby("topic")["term"].apply(list).tolist()
    out["npmi"] = npmi(top10)
    if have_tomotopy:
        out["bare_npmi"] = npmi(out.pop("tomotopy_top"))
    name_share = dict(zip(store.vocab.tolist(), share.tolist(), strict=True))

    def proper(words) -> float:
        words = list(words)
        return float(np.mean([name_share[w] >= 0.8 for w in words]))

    out["proper_top7"] = proper(tm.top_terms(n=7)["term"])
    out["proper_frex"] = proper(w for label in tm.labels_ for w in label.split(" · "))
    out["labels"] = tm.labels_
    out["corpus"] = f"{corpus.name} ({len(rows):,} speeches)"
    out["seed"] = rep
    out["passes"] = tm.passes_
    out["units"] = len(units)
    out["terms"] = len(vocab.terms)
    out["names_dropped"] = len(vocab.names_dropped)
    out["params"] = {k: v for k, v in p.items() if k not in ("stopwords", "exclude", "keep")}
    return out


def add_rows(bench, res: dict) -> None:
    """The rows of one ``topics`` measurement (paired over ``res["runs"]``) on ``bench``."""
    pairs = res.get("pairs") or [[res["seconds"], res.get("bare_seconds")]]
    setting = (
        f"{res['corpus']}, K={N_TOPICS}, unit={res['params']['unit']}, {res['units']:,} units, "
        f"{res['terms']:,} terms ({res['names_dropped']:,} names dropped); ours ran "
        f"{res['passes']} passes"
    )
    every = res.get("every_run") or [res]
    if res["tomotopy"]:
        ours = statistics.mean(r["npmi"] for r in every)
        theirs = statistics.mean(r["bare_npmi"] for r in every)
        r = ours / theirs
        per_seed = ", ".join(
            f"seed {x['seed']}: {x['npmi']:+.4f} / {x['bare_npmi']:+.4f}" for x in every
        )
        bench.add(
            "topic coherence c_npmi (top 10), ours / tomotopy (200 Gibbs its, 2 threads), "
            f"mean of {len(every)} seeds",
            f"{ours:+.4f}",
            f"{theirs:+.4f}",
            f"{r:.2f}",
            ">= 1.0",
            r >= 1.0,
            f"{setting}; same units, vocabulary and coherence texts ({COHERENCE_DOCS:,} "
            f"speeches); gensim CoherenceModel; ours / tomotopy by seed: {per_seed}",
        )
        times = [a / b for a, b in pairs]
        t = statistics.median(times)
        bench.add(
            "topic model fit time, ours / tomotopy (200 Gibbs its, 2 threads)",
            f"{statistics.median(a for a, _ in pairs):.1f} s",
            f"{statistics.median(b for _, b in pairs):.1f} s",
            f"{t:.2f}",
            "<= 1.0",
            t <= 1.0,
            f"median of {len(times)} paired ratios ({', '.join(f'{x:.2f}' for x in times)}); "
            "ours: the whole fit (vocabulary, names, training, document shares) on its default "
            "threads (every core); "
            "tomotopy: add documents + train; the side that runs first alternates",
        )
    else:
        for row in (
            "topic coherence c_npmi, ours / tomotopy",
            "topic model fit time, ours / tomotopy",
        ):
            bench.skip(row, "tomotopy not installed (pip install 'discourse[bench]')")
    top7 = max(r["proper_top7"] for r in every)
    frex = max(r["proper_frex"] for r in every)
    bench.add(
        "proper-noun share of the top-7 probability words (worst seed)",
        f"{top7:.2f}",
        "",
        f"{top7:.2f}",
        "<= 0.15",
        top7 <= 0.15,
        "a word counts when >= 80 % of its uses are capitalised (capital_share)",
    )
    bench.add(
        "proper-noun share of the FREX label words (worst seed)",
        f"{frex:.2f}",
        "",
        f"{frex:.2f}",
        "<= 0.25",
        frex <= 0.25,
        "labels (seed 0): " + "; ".join(every[0]["labels"][:6]) + " …",
    )
