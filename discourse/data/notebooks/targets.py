# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---


# %% [markdown]
# # Framing of a target: who says what about whom
#
# Rates over the whole text of each {source} blur the question this report asks: not
# how often one says *isolation*, but who speaks of **Syria's**
# isolation. Here every measure is taken where a text talks about a
# target: the tokens within a window of each mention, or the sentences or
# paragraphs holding one (overlapping contexts merge, the mention itself is
# not counted). Targets come from the target
# lexicon (`corpus/targets/countries.toml`: each country's name, demonyms,
# capital and short forms; add your own, e.g. people).

# %% tags=["parameters"]
corpus = "ungdc"
reader_options = {}  # options of discourse.read (text, source, dedupe …) for a file corpus
years = None  # [start, end]; None: all years
seed = 0
mirror = None
targets = None  # targets followed; None: the three most mentioned in the corpus
target_lexicon = None  # a targets TOML file; None: the shipped countries
sources = None  # sources compared around the first target; None: the six that mention it most
window = 10  # tokens either side of a mention
context = None  # "sentence" or "paragraph": the units holding a mention instead of a window
meaning_terms = ["sanctions", "isolation", "sovereignty"]  # the first two sources use 20+ times
# the base word2vec of the meaning section (the same cached model as the embeddings section's)
vector_size = 50
epochs = 15
min_count = 5
n_boot = 500

# %%
from IPython.display import display

import discourse
from discourse import plot
from discourse.report import defaults, show_table

c = discourse.open_corpus(corpus, mirror=mirror, years=years, **reader_options)
lex = discourse.load_targets(target_lexicon)

# %% [markdown]
# ## Mentions of the targets
#
# How often each {source} mentions each target, per 10,000 tokens of its
# {documents}, with a bootstrap interval over {documents}.

# %%
with discourse.section("Mentions of the targets") as found:
    targets = defaults.focus_targets(c, targets, lexicon=lex)
    sources = defaults.target_sources(c, targets[0], sources, lexicon=lex)
    view = c.filter(source=sources)
    counts = discourse.mentions(view, targets, targets=lex, n_boot=n_boot, seed=seed)
    show_table(counts, "mentions", rows=len(sources) * len(targets))

# %%
with discourse.section("Mentions over time", needs=found):
    discourse.report.require_dates(view, "mentions over time")
    over_time = discourse.mentions(
        view, targets[:1], by=["source", "year"], targets=lex, n_boot=n_boot, seed=seed
    )
    discourse.save_table(over_time, "mentions_over_time")
    plot.mention_lines(over_time, target=targets[0], table=c.sources)

# %% [markdown]
# ## Frames around the first target
#
# Frame rates per 10,000 context tokens around each mention of the first
# target, by {source}, with bootstrap intervals over {documents}; any {source}
# that never mentions it gets a row that says so.

# %%
with discourse.section("Frames around the first target", needs=found) as framed:
    around = discourse.frame_rates(
        view,
        around=targets[0],
        window=None if context else window,
        context=context,
        targets=lex,
        n_boot=n_boot,
        seed=seed,
    )
    discourse.save_table(around, "frames_around")
    plot.around_dots(around, target=targets[0], table=c.sources)

# %%
with discourse.section("Frames around the first target: heatmap", needs=framed):
    plot.around_heatmap(around, target=targets[0], table=c.sources)

# %% [markdown]
# ## Distinctive words around the first target
#
# The two {sources} that mention the target most, compared in the contexts
# of its mentions only (G2, log ratio with interval, weighted log-odds).

# %%
with discourse.section("Distinctive words around the first target", needs=found):
    pair = sources[:2]
    key = discourse.keyness(
        view,
        target=pair[0],
        reference=pair[1],
        around=targets[0],
        window=None if context else window,
        context=context,
        targets=lex,
        min_count=3,
        n=15,
        n_boot=n_boot,
        seed=seed,
    )
    print(f"{pair[0]} (target) vs {pair[1]} (reference), around {targets[0]}")
    show_table(key, "keyness_around", rows=30, columns=defaults.keyness_columns(key))

# %% [markdown]
# ## The passages
#
# A sample of the mentions of the first target, with their context, per
# {source}: what the numbers above count.

# %%
with discourse.section("Concordance of target contexts", needs=found):
    lines = discourse.kwic(view, list(lex[targets[0]]), window=window, n=3, by="source", seed=seed)
    display(lines)

# %% [markdown]
# ## The meaning of a term by {source}
#
# À la carte embeddings (Khodak et al. 2018; conText, Rodriguez, Spirling &
# Stewart 2023): each use of the term becomes a context vector through a
# transform learned from a word2vec model of the whole corpus; the mean per
# {source} is compared between {sources} with a permutation p-value (999
# permutations of the uses' labels), and each {source}'s vector is described
# by its nearest words.

# %%
with discourse.section("The meaning of a term by source", needs=found) as meant:
    term = defaults.meaning_term(view, candidates=meaning_terms)
    base = discourse.EmbeddingModel(
        vector_size=vector_size, epochs=epochs, min_count=min_count, seed=seed
    ).fit(c)
    alc = discourse.ALCModel(embeddings=base, seed=seed).fit(c)
    result = discourse.meaning(alc, view, term, seed=seed)
    compared = sorted(set(result.distances["a"]) | set(result.distances["b"]))
    print(
        f"Uses of {term!r} by {', '.join(compared)}: cosine distance between the mean vectors",
        "of each pair (n_a, n_b: uses)",
    )
    show_table(result.distances, "meaning_distances", rows=15)

# %%
with discourse.section("The meaning of a term: neighbours", needs=meant):
    plot.alc_neighbors(result.neighbors, table=c.sources, term=term)
