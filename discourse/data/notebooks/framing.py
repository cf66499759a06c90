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
# # Framing the international order across sources
#
# How often do governments speak of **isolation**, **sovereignty and
# non-interference**, **unilateral coercion**, **hegemony** or a
# **multipolar** world — and since when? Rates are per 10,000 tokens of a
# source's speeches; every interval is a bootstrap over speeches (documents),
# so a term used heavily in one speech gets a wide interval. Concordance
# lines show the passages behind the numbers.

# %% tags=["parameters"]
corpus = "ungdc"
sources = ["CHN", "SYR", "RUS", "USA", "IRN", "GBR", "FRA"]
years = [1990, 2023]
seed = 0
mirror = None
# lexicon: path to a frame lexicon (TOML); None = the shipped international-order lexicon
lexicon = None
n_boot = 500
# period: years per bin in the trends; smooth: moving window in periods, or None
period = 5
smooth = None
trend_frames = ["isolation", "coercion", "hegemony", "multipolarity"]
kwic_terms = ["isolation", "unilateral coercive measures"]
kwic_lines = 12
collocate_term = "sovereignty"
collocate_pair = ["CHN", "USA"]

# %%
from IPython.display import display

import discourse
from discourse import plot

c = discourse.open_corpus(corpus, mirror=mirror, sources=sources, years=years)
lex = discourse.load_lexicon(lexicon)
display(lex)

# %% [markdown]
# ## Frames by source
#
# Each cell is a frame's rate per 10,000 tokens over the whole period; rows
# and columns are sorted by rate. `doc_share` in the table is the share of a
# source's speeches that use the frame at all.

# %%
with discourse.section("Frames by source") as by_source:
    rates = discourse.save_table(
        discourse.frame_rates(c, lex, n_boot=n_boot, seed=seed), "frame_rates"
    )
    plot.rate_heatmap(rates, table=c.sources)

# %% [markdown]
# The same rates with their 95% intervals: where whiskers overlap, the data
# do not separate the sources.

# %%
with discourse.section("Frame rates with intervals", needs=by_source):
    plot.rate_dots(rates, table=c.sources)

# %% [markdown]
# ## Across decades
#
# Frame rates per source and decade (one row per source × decade × frame).

# %%
with discourse.section("Frames by decade"):
    decades = discourse.save_table(
        discourse.frame_rates(c, lex, by=["source", "decade"], n_boot=n_boot, seed=seed),
        "frame_rates_by_decade",
    )
    display(
        decades.pivot_table(
            index=["source", "decade"], columns="frame", values="rate_per_10k"
        ).round(1)
    )

# %% [markdown]
# ## Trends
#
# Rates per `period`-year bin with bootstrap bands, one line per source.
# Bins without speeches are gaps.

# %%
with discourse.section("Trends") as trends:
    tr = discourse.save_table(
        discourse.trends(c, lex, period=period, smooth=smooth, n_boot=n_boot, seed=seed),
        "frame_trends",
    )

# %%
with discourse.section(f"Trend: {trend_frames[0]}", needs=trends):
    plot.trend_lines(tr[tr["frame"] == trend_frames[0]], table=c.sources)

# %%
with discourse.section(f"Trend: {trend_frames[1]}", needs=trends):
    plot.trend_lines(tr[tr["frame"] == trend_frames[1]], table=c.sources)

# %%
with discourse.section(f"Trend: {trend_frames[2]}", needs=trends):
    plot.trend_lines(tr[tr["frame"] == trend_frames[2]], table=c.sources)

# %%
with discourse.section(f"Trend: {trend_frames[3]}", needs=trends):
    plot.trend_lines(tr[tr["frame"] == trend_frames[3]], table=c.sources)

# %% [markdown]
# ## Differences between sources
#
# For each pair of sources and each frame: the rate ratio with a document
# bootstrap interval, an exact binomial test on the counts and
# Benjamini–Hochberg q-values over the whole table. The binomial p treats
# tokens as independent and is optimistic when a frame clusters in few
# speeches; trust the interval first. Shown: the 15 largest ratios with q < 0.05.

# %%
with discourse.section("Differences"):
    diffs = discourse.save_table(
        discourse.rate_differences(c, lex, level="frame", n_boot=n_boot, seed=seed),
        "frame_differences",
    )
    display(diffs[diffs["q"] < 0.05].sort_values("log2_ratio", key=abs, ascending=False).head(15))

# %% [markdown]
# ## Concordance
#
# A random sample of lines (fixed by `seed`) for each concordance term; the
# match is highlighted, the original wording kept.

# %%
with discourse.section(f"Concordance: {kwic_terms[0]}"):
    display(discourse.kwic(c, kwic_terms[0], n=kwic_lines, seed=seed))

# %%
with discourse.section(f"Concordance: {kwic_terms[1]}"):
    display(discourse.kwic(c, kwic_terms[1], n=kwic_lines, seed=seed))

# %% [markdown]
# ## Where the terms fall
#
# Each tick is one use of a concordance term, placed by date of the speech.

# %%
with discourse.section("Dispersion"):
    disp = discourse.dispersion(c, kwic_terms)
    plot.dispersion_plot(disp, table=c.sources)

# %% [markdown]
# ## In which company of words
#
# Collocates of the term within 5 tokens, for two sources side by side
# (log-Dice: 14 is the maximum; higher = more exclusive company).

# %%
with discourse.section("Collocates"):
    side = discourse.save_table(
        discourse.compare_collocates(
            c,
            collocate_term,
            target=collocate_pair[0],
            reference=collocate_pair[1],
            min_count=3,
        ),
        "collocates",
    )
    display(side.head(20))

# %%
with discourse.section("Collocate bars"):
    col = discourse.collocates(c, collocate_term, min_count=3)
    plot.collocate_bars(col[col["source"] == collocate_pair[0]])
