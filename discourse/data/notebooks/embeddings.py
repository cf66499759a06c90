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
# # Same word, different company: word embeddings per source
#
# We train one word2vec model of the whole corpus (the base), then one model
# per group of {sources} that continues training from the base on the
# group's {documents} only (by default each focus {source} is its own group,
# or the groups of `blocs`), so all models share one space, and ask how the
# company of the focus terms differs between groups.
#
# **How much text is there?** Word embeddings need a lot of text: only
# frequent words get stable vectors, and a group below 20,000 tokens is
# refused. Pool small {sources} into groups with `blocs` (a mapping
# {source} → group), and read every shift next to its permutation null: the
# same statistic after shuffling {documents} between the two groups. A
# shift inside the null band is not evidence of different usage.

# %% tags=["parameters"]
corpus = "ungdc"
reader_options = {}  # options of discourse.read (text, source, dedupe …) for a file corpus
sources = None  # focus sources; None: the seven largest
years = None  # [start, end]; None: all years
seed = 0
mirror = None
lexicon = None  # frame lexicon (TOML) the default terms come from; None: the shipped one
blocs = None  # mapping source -> group; None: each focus source its own group
terms = None  # words whose company is compared; None: the four most frequent lexicon words
focus_term = None  # the term of the overlap table and the projection chart; None: the first term
shift_pair = None  # the two groups of the shift test; None: the two with most tokens
vector_size = 50
epochs = 15
min_count = 5
n_neighbors = 10
n_perm = 99  # document permutations of the shift test (p floor 0.01)
positive_pole = ["cooperation", "dialogue", "partnership", "peaceful", "mutual"]
negative_pole = ["confrontation", "aggression", "hostile", "war", "threat"]

# %%
from IPython.display import display

import discourse
import discourse.models.embeddings as emb_tools
from discourse.report import defaults, show_provenance, show_table

whole = discourse.open_corpus(corpus, mirror=mirror, years=years, **reader_options)
c = whole.filter(source=defaults.focus_sources(whole, sources))
lex = discourse.load_lexicon(lexicon)
show_table(c.summary(), "sources", rows=20)

# %% [markdown]
# ## Training one model per group
#
# One CBOW word2vec model of every selected {document} (the base, shared
# with the targets section); each group's model starts from it and continues
# training on the group's {documents} only, so every group has vectors for
# the whole base vocabulary, aligned by construction, and small groups are
# not noise. A word a group never uses keeps its base vector: the `count`
# columns give each group's own uses. Models are cached: a second run of
# this notebook loads them.

# %%
with discourse.section("Per-group models") as models:
    blocs = defaults.embedding_groups(c, blocs)
    terms = defaults.lexicon_terms(c, lex, terms, n=4, words=True)
    focus_term = focus_term or terms[0]
    base = discourse.EmbeddingModel(
        vector_size=vector_size, epochs=epochs, min_count=min_count, seed=seed
    ).fit(whole)
    emb = discourse.fit_by(c, by=blocs, base=base, seed=seed)
    tokens_table = emb.tokens_.rename_axis("group").reset_index()
    show_table(tokens_table, "embedding_tokens", rows=len(tokens_table))

# %% [markdown]
# ## Neighbours of each term, group by group
#
# The nearest words (cosine similarity inside each group's own model). A
# term too rare in a group is left out of that group's column, with a note
# giving its count there.

# %%
with discourse.section("Neighbours", needs=models):
    for term in terms:
        nb = discourse.save_table(
            emb.neighbors(term, n=n_neighbors), defaults.table_name("neighbors", term)
        )
        display(discourse.plot.neighbor_table(nb, table=c.sources, title=term))

# %% [markdown]
# ## How much do the neighbour lists overlap?
#
# Jaccard overlap of the focus term's top-k neighbours between every pair of
# groups (1 = the same neighbours, 0 = none shared).

# %%
with discourse.section("Neighbour overlap", needs=models):
    overlap = emb.overlap(focus_term, n=n_neighbors)
    show_table(overlap, "neighbor_overlap", rows=len(overlap))

# %% [markdown]
# ## A term and its company in one picture
#
# The first two principal components of the vectors of the focus term
# (large ringed dots) and its neighbours in each group, in the space the
# group models share. Two components keep only part of the distances: read
# it together with the neighbour tables.

# %%
with discourse.section("Projection", needs=models):
    proj = emb_tools.projection(emb, focus_term, n=8)
    discourse.plot.neighbor_map(proj)

# %% [markdown]
# ## Shift between two groups, against a permutation null
#
# The bar is the context shift of a term between the two groups of
# `shift_pair`: one minus the cosine of the summed base-model vectors of the
# words around its uses in each group (the direction in which each group's
# training pulls the term). The grey band is the 5–95% range of the same
# statistic after shuffling {documents} between the two groups (sizes kept,
# no refitting): the shift that noise alone produces. The p-value is the
# share of permutations at least as large (its floor is 1/(n_perm+1)).

# %%
with discourse.section("Shift with null", needs=models) as shift:
    target, reference = defaults.group_pair(c, blocs, shift_pair)
    shifts = emb.shift_test(
        terms,
        target=target,
        reference=reference,
        n_perm=n_perm,
        seed=seed,
    )
    discourse.plot.shift_bars(shifts, table=c.sources)
    show_table(shifts, "shift_test", rows=len(shifts), columns=defaults.shift_columns(shifts))

# %% [markdown]
# ## Which words moved most?
#
# A ranking of the words with at least 50 occurrences in both groups by the
# cosine distance between their vectors in the two group models. This is
# exploration, not a test: rare and function words
# move by chance; test a candidate with `shift_test` as above.

# %%
with discourse.section("Most shifted", needs=[models, shift]):
    moved = emb.most_shifted(target=target, reference=reference, n=20, min_count=50)
    show_table(moved, "most_shifted", rows=20)

# %% [markdown]
# ## A semantic axis: cooperation ↔ confrontation
#
# Each group's axis runs from the mean vector of the confrontation words to
# that of the cooperation words (SemAxis). A term's score is its cosine with
# the axis; intervals come from resampling the pole words, and filled dots
# have a permutation p-value (pole words re-split at random) below 0.05.

# %%
with discourse.section("Semantic axis", needs=models):
    axis = emb_tools.semantic_axis(
        emb, positive=positive_pole, negative=negative_pole, terms=terms, seed=seed
    )
    discourse.plot.axis_dots(axis, pole_labels=("confrontation", "cooperation"))
    show_table(axis, "semantic_axis", rows=len(axis))

# %% [markdown]
# ## Provenance
#
# Seeds, parameters, corpus fingerprint and library versions of the models
# above (also stored with each cached model).

# %%
with discourse.section("Provenance", needs=models):
    show_provenance("embeddings_reference", emb.provenance_["reference_model"])
