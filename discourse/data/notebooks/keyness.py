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
# Which words set one {source}'s {documents} apart from another's, or from
# everyone else's? For every comparison the table gives the counts, G2 and
# chi2 with Benjamini–Hochberg q-values, the log ratio (binary log of the
# ratio of relative frequencies) with a bootstrap interval over {documents},
# %DIFF, and the Monroe, Colaresi & Quinn (2008) weighted log-odds z-score,
# which the charts use to rank terms (it keeps rare words from dominating).

# %% tags=["parameters"]
corpus = "ungdc"
reader_options = {}  # options of discourse.read (text, source, dedupe …) for a file corpus
sources = None  # focus sources of the heatmap; None: the seven largest
years = None  # [start, end]; None: all years
seed = 0
mirror = None
pair = None  # [target, reference] of the two-source comparison; None: the two largest
pair_years = None  # [start, end] of that comparison; None: the years above
focus = None  # sources each set against all others; None: the three largest
bloc = None  # a group of the source table against the rest; None: its largest group
min_count = 10  # a term must occur this often in the two sides together
top = 25  # terms kept per side and target
n_boot = 200  # bootstrap replicates for the log-ratio interval

# %%
from IPython.display import display

import discourse
from discourse.report import defaults, show_table

c = discourse.open_corpus(corpus, mirror=mirror, **reader_options)
view = c.filter(years=tuple(years)) if years else c
sources = defaults.focus_sources(view, sources)
show_table(view.summary().sort_values("tokens", ascending=False), "sources", rows=10)

# %% [markdown]
# ## Two {sources} compared
#
# Each point is a term: its rate per 10,000 tokens in the reference {source}'s
# {documents} (x) against the target's (y), both on log scales. Terms above
# the diagonal are used more by the target (blue), below it by the reference
# (orange); the labelled terms are the most distinctive by weighted log-odds.
# Terms one side never uses sit on the dotted floor line.

# %%
with discourse.section("Two sources compared") as pair_section:
    pair = defaults.source_pair(view, pair)
    pair_view = view.filter(years=tuple(pair_years)) if pair_years else view
    pair_table = discourse.keyness(
        pair_view,
        target=pair[0],
        reference=pair[1],
        min_count=min_count,
        n=None,
        n_boot=n_boot,
        seed=seed,
    )
    discourse.save_table(pair_table, "keyness_pair")
    print(f"{pair[0]} (target) vs {pair[1]} (reference)")
    discourse.plot.keyness_scatter(pair_table, n=40, table=c.sources)

# %% [markdown]
# The same comparison as bars: the most over-used terms on each side, by
# log ratio, with 95% bootstrap intervals over {documents}.

# %%
with discourse.section("Two sources compared: top terms", needs=pair_section):
    discourse.plot.keyness_bars(pair_table, stat="log_ratio", n=15, table=c.sources)

# %%
with discourse.section("Two sources compared: table", needs=pair_section):
    show_table(pair_table, "keyness_pair", rows=top, columns=defaults.keyness_columns(pair_table))

# %% [markdown]
# ## One {source} against all others
#
# What does a focus {source} say that the rest of the corpus does not? The
# reference is every other {document} in the period.

# %%
with discourse.section("One source against all others") as one:
    focus = defaults.rest_targets(view, focus, n=3)

# %%
for target in focus if one else []:
    with discourse.section(f"{target} against all others", needs=one):
        focus_table = discourse.keyness(
            view, target=target, min_count=min_count, n=top, n_boot=n_boot, seed=seed
        )
        show_table(
            focus_table,
            defaults.table_name("keyness_focus", target),
            rows=10,
            columns=defaults.keyness_columns(focus_table),
        )
        discourse.plot.keyness_bars(focus_table, n=15, table=c.sources)

# %% [markdown]
# ## A group against the rest
#
# The members of a group of the corpus's source table are pooled into one
# target and every other {source} into "others"; the bootstrap resamples
# {documents} within each side. A corpus without a source table of groups
# skips this section.

# %%
with discourse.section("A group against the rest"):
    bloc = defaults.source_group(view, bloc)
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
    print(f"group {bloc!r}: {', '.join(c.sources.members(bloc))}")
    discourse.plot.keyness_bars(bloc_table, n=15, table=c.sources)

# %% [markdown]
# ## Every {source} against the rest, at once
#
# One call compares every {source} in the period with all the others (one
# matrix computation). The heatmap shows, for the focus {sources}, each
# one's most distinctive terms; a blank cell is a term outside that
# {source}'s top list.

# %%
with discourse.section("Every source against the rest") as every:
    defaults.source_pair(view)  # needs two sources
    every = discourse.keyness(view, min_count=min_count, n=top, n_boot=0)
    discourse.save_table(every, "keyness_every_source")
    display(every.groupby("source").size().describe().to_frame("terms per source"))

# %%
with discourse.section("Distinctive terms of the focus sources", needs=every):
    discourse.plot.keyness_heatmap(
        every, n=5, targets=[s for s in sources if s in set(every["source"])], table=c.sources
    )
