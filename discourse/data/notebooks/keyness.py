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
# # Distinctive vocabulary: who says what?
#
# Which words set one country's General Debate speeches apart from another's,
# or from everyone else's? For every comparison the table gives the counts,
# G2 and chi2 with Benjamini–Hochberg q-values, the log ratio (binary log of
# the ratio of relative frequencies) with a bootstrap interval over speeches,
# %DIFF, and the Monroe, Colaresi & Quinn (2008) weighted log-odds z-score,
# which the charts use to rank terms (it keeps rare words from dominating).

# %% tags=["parameters"]
corpus = "ungdc"
sources = ["CHN", "SYR", "RUS", "USA", "IRN", "GBR", "FRA"]
years = [1990, 2023]
seed = 0
mirror = None
pair = ["CHN", "USA"]  # target, reference of the two-country comparison
pair_years = [2014, 2023]
focus = "SYR"  # one country against all others
bloc = "P5"  # a group of the source table against the rest
min_count = 10  # a term must occur this often in the two sides together
top = 25  # terms kept per side and target
n_boot = 200  # bootstrap replicates for the log-ratio interval

# %%
from IPython.display import display

import discourse

c = discourse.open_corpus(corpus, mirror=mirror)
view = c.filter(years=tuple(years))
view.summary()

# %% [markdown]
# ## China and the United States
#
# Each point is a term: its rate per 10,000 tokens in US speeches (x) against
# Chinese speeches (y), both on log scales. Terms above the diagonal are used
# more by China (blue), below it by the United States (orange); the labelled
# terms are the most distinctive by weighted log-odds. Terms one side never
# uses sit on the dotted floor line.

# %%
with discourse.section("China vs the United States") as pair_section:
    pair_table = discourse.keyness(
        view.filter(years=tuple(pair_years)),
        target=pair[0],
        reference=pair[1],
        min_count=min_count,
        n=None,
        n_boot=n_boot,
        seed=seed,
    )
    discourse.save_table(pair_table, "keyness_pair")
    discourse.plot.keyness_scatter(pair_table, n=40, table=c.sources)

# %% [markdown]
# The same comparison as bars: the most over-used terms on each side, by
# log ratio, with 95% bootstrap intervals over speeches.

# %%
with discourse.section("China vs the United States: top terms", needs=pair_section):
    discourse.plot.keyness_bars(pair_table, stat="log_ratio", n=15, table=c.sources)

# %%
with discourse.section("China vs the United States: table", needs=pair_section):
    display(pair_table.head(top))

# %% [markdown]
# ## One country against all others
#
# What does the focus country say that the rest of the General Assembly does
# not? The reference is every other speech in the period.

# %%
with discourse.section("One country against all others") as one:
    focus_table = discourse.keyness(
        view, target=focus, min_count=min_count, n=top, n_boot=n_boot, seed=seed
    )
    discourse.save_table(focus_table, "keyness_focus")
    discourse.plot.keyness_bars(focus_table, n=15, table=c.sources)

# %%
with discourse.section("One country against all others: table", needs=one):
    display(focus_table.head(top))

# %% [markdown]
# ## A bloc against the rest
#
# The members of the bloc (from the corpus's source table) are pooled into one
# target and every other country into "others" (a grouping of the source
# table); the bootstrap resamples speeches within each side.

# %%
with discourse.section("A bloc against the rest"):
    bloc_table = discourse.keyness(
        view,
        target=bloc,
        by=c.sources.grouping(bloc, other="others"),
        min_count=min_count,
        n=top,
        n_boot=n_boot,
        seed=seed,
    )
    discourse.save_table(bloc_table, "keyness_bloc")
    discourse.plot.keyness_bars(bloc_table, n=15, table=c.sources)

# %% [markdown]
# ## Every country against the rest, at once
#
# One call compares every country in the period with all the others (one
# matrix computation). The heatmap shows, for the chosen countries, each
# one's most distinctive terms; a blank cell is a term outside that country's
# top list.

# %%
with discourse.section("Every country against the rest") as every:
    every = discourse.keyness(view, min_count=min_count, n=top, n_boot=0)
    discourse.save_table(every, "keyness_every_source")
    display(every.groupby("source").size().describe())

# %%
with discourse.section("Distinctive terms of the chosen countries", needs=every):
    discourse.plot.keyness_heatmap(
        every, n=5, targets=[s for s in sources if s in set(every["source"])], table=c.sources
    )
