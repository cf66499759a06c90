# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Topics: what sources talk about, and how that changes
#
# An LDA topic model (gensim) is fitted on **every** document of the chosen
# years, so topics describe the whole corpus; the focus `sources` are then
# compared on it. Shares are per {document} (each counts once), with
# bootstrap intervals over {documents}. Fitted models are cached: a second
# run with the same data, parameters and seed loads in seconds.

# %% tags=["parameters"]
corpus = "ungdc"
reader_options = {}  # options of discourse.read (text, source, dedupe …) for a file corpus
sources = None  # focus sources; None: the seven largest
years = None  # [start, end]; None: all years
seed = 0
mirror = None
n_topics = 20
passes = 20  # most passes; training stops once the topics move less than tol in a pass
tol = 0.01  # None: exactly `passes` passes
unit = None  # "document", "paragraph" or tokens per chunk; None: paragraphs of long documents
names = (
    "drop"  # leave names (terms capitalised in at least 80% of their uses) out; "keep" keeps them
)
exclude = []  # further terms to leave out (globs allowed)
keep = []  # name-like terms to keep
sweep_passes = 2  # passes per K of the sweep (fixed, so the Ks are comparable in cost)
workers = None  # threads of the fit (None: every core); the model is the same for any number
sweep_ks = [10, 20, 30]
sweep_docs = 1500  # documents sampled for the K sweep
topic_pair = None  # the two sources compared topic by topic; None: the two largest
trend_topics = [0, 1, 2]  # topics drawn over time
stability_seeds = [1]  # extra seeds refitted to check topic stability
n_boot = 500
processes = 2  # worker processes for the K sweep (same numbers whatever the number)

# %%
from IPython.display import display

import discourse
from discourse.report import defaults, show_provenance, show_table

c = discourse.open_corpus(corpus, mirror=mirror, years=years, **reader_options)
sources = defaults.focus_sources(c, sources)
unit, unit_why = defaults.topic_unit(c, unit)
show_table(c.summary().sort_values(["documents", "tokens"], ascending=False), "sources", rows=10)

# %% [markdown]
# ## Choosing the number of topics
#
# For each K a model is fitted on a sample of documents (10 % held out).
# Higher coherence (c_v, c_npmi) means the top words of a topic tend to
# occur together; a higher held-out bound means the model predicts unseen
# {documents} better. They rarely agree on one K: look for where coherence
# stops rising. The model below keeps `n_topics` (20 unless given, e.g.
# `discourse report --set n_topics=10`) rather than the sweep's best K: on a
# small sample the ranking is noise (on 300 news articles, c_npmi put K=30
# first by 0.003).

# %%
with discourse.section("Choosing K"):
    sweep = discourse.topic_sweep(
        c,
        discourse.TopicModel(
            passes=sweep_passes,
            tol=None,
            unit=unit,
            names=names,
            exclude=exclude,
            keep=keep,
            seed=seed,
        ),
        ks=sweep_ks,
        max_docs=sweep_docs,
        processes=processes,
    )
    discourse.save_table(sweep.drop(columns=["seconds"]), "topic_sweep")  # timings vary by run
    discourse.plot.coherence_plot(sweep, measures=["c_v", "c_npmi"])
    display(sweep.round(3))

# %% [markdown]
# ## The topic model
#
# Topics are numbered by overall prevalence (topic 0 is the most common),
# so the numbering does not reshuffle between runs. The provenance records
# the seed, parameters, corpus fingerprint and library versions.

# %%
with discourse.section("Topic model") as fit:
    model = discourse.TopicModel(
        n_topics=n_topics,
        passes=passes,
        tol=tol,
        unit=unit,
        names=names,
        exclude=exclude,
        keep=keep,
        workers=workers,
        seed=seed,
    ).fit(c)
    dropped = model.names_dropped_
    print(
        f"Topics of {unit_why};",
        f"{model.passes_} pass{'es' if model.passes_ != 1 else ''};",
        f"{len(dropped):,} names left out, e.g. {', '.join(dropped[:20])}"
        if len(dropped)
        else "no names left out",
        f"{model.provenance_['n_numbers_dropped']:,} numbers",
        f"and {model.provenance_['n_short_dropped']:,} one-letter tokens",
    )
    show_provenance("topic_model", model.provenance_)

# %% [markdown]
# ## What the topics are about
#
# Each topic's label is its three top **FREX** words (frequent in the topic
# *and* exclusive to it). The table also lists the most probable words and
# the words of highest LDAvis relevance (λ = 0.6).

# %%
with discourse.section("Topic labels", needs=fit):
    labels = model.labels(n=7)
    show_table(labels, "topic_labels", rows=50)
    empty = labels.loc[labels["share"] < 0.1 / len(labels), "topic"].tolist()
    if empty:  # a tenth of an even share: what online VB leaves of a topic it lost
        print(
            f"Topic{'s' if len(empty) > 1 else ''} {', '.join(map(str, empty))} "
            f"hold{'' if len(empty) > 1 else 's'} less than {0.1 / len(labels):.1%} of the text "
            "(a tenth of an even share): nearly empty, so their words are not a theme; "
            "a smaller n_topics may serve better."
        )

# %%
with discourse.section("Top terms", needs=fit):
    discourse.plot.top_terms_grid(model.top_terms(rank="frex", n=8), n=8)

# %% [markdown]
# ## Who talks about what
#
# Mean share of each topic in the focus {sources}' {documents} (numbers are
# percent of one {document}).

# %%
with discourse.section("Prevalence by source", needs=fit):
    prev = model.prevalence(by="source", sources=sources, n_boot=n_boot, seed=seed)
    discourse.save_table(prev, "topic_prevalence_by_source")
    discourse.plot.prevalence_heatmap(prev, table=c.sources)

# %% [markdown]
# ## Over time
#
# Predicted topic share by source and year from a regression of (logit)
# document shares on the source and a natural spline in year, with 95 %
# intervals from refitting on resampled {documents}.

# %%
with discourse.section("Prevalence over time", needs=fit):
    discourse.report.require_dates(c, "topic prevalence over time")
    effect = model.effect(sources=sources, seed=seed)
    discourse.save_table(effect, "topic_prevalence_over_time")
    for k in trend_topics:
        discourse.plot.prevalence_trend(effect, topic=k, table=c.sources)

# %% [markdown]
# ## Two {sources} compared
#
# Difference in mean topic share between the two {sources} of `topic_pair`;
# larger dots mark topics whose 95 % interval excludes zero.

# %%
with discourse.section("Difference between two sources", needs=fit):
    topic_pair = defaults.source_pair(c, topic_pair)
    diff = model.difference(target=topic_pair[0], reference=topic_pair[1], n_boot=n_boot, seed=seed)
    discourse.save_table(diff, "topic_difference")
    discourse.plot.difference_plot(diff, table=c.sources)

# %% [markdown]
# ## Are the topics stable?
#
# The model is refitted with other seeds; each topic is matched to its
# closest topic in every refit (Hungarian assignment on Jensen–Shannon
# distance). Stability near 1 means the topic comes back nearly unchanged.
# All topics share common words, so even arbitrary pairs score something:
# `baseline` is the mean similarity of unmatched pairs. A topic whose
# stability is close to the baseline is an artefact of one run and should
# not be interpreted on its own.

# %%
with discourse.section("Topic stability", needs=fit):
    show_table(model.stability(c, seeds=stability_seeds), "topic_stability", rows=50)
