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
# How often do the {sources} speak of **isolation**, **sovereignty and
# non-interference**, **unilateral coercion**, **hegemony** or a
# **multipolar** world (the frames of the lexicon) — and since when? Rates
# are per 10,000 tokens of each {source}'s {documents}; every interval is a
# bootstrap over {documents}, so a term used heavily in one {document} gets
# a wide interval. Concordance lines show the passages behind the numbers.

# %% tags=["parameters"]
corpus = "ungdc"
reader_options = {}  # options of discourse.read (text, source, dedupe …) for a file corpus
sources = None  # focus sources; None: the seven largest
years = None  # [start, end]; None: all years
seed = 0
mirror = None
# lexicon: path to a frame lexicon (TOML); None: the shipped international-order lexicon
lexicon = None
n_boot = 500
# period: years per bin in the trends (None: about seven bins); smooth: window in periods, or None
period = None
smooth = None
trend_frames = None  # frames drawn over time; None: the four most frequent in the corpus
kwic_terms = None  # concordance terms; None: the two most frequent lexicon terms
kwic_lines = 12
collocate_term = None  # None: the most frequent lexicon word
collocate_pair = None  # [target, reference]; None: the two largest sources

# %%
from IPython.display import display

import discourse
from discourse import plot
from discourse.report import defaults, show_table

whole = discourse.open_corpus(corpus, mirror=mirror, years=years, **reader_options)
c = whole.filter(source=defaults.focus_sources(whole, sources))
lex = discourse.load_lexicon(lexicon)
display(lex)

# %% [markdown]
# ## Frames by source
#
# Each cell is a frame's rate per 10,000 tokens over the whole period; rows
# and columns are sorted by rate. `doc_share` in the table is the share of each
# {source}'s {documents} that use the frame at all.

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
# Frame rates per {source} and decade (one row per {source} × decade × frame).

# %%
with discourse.section("Frames by decade"):
    discourse.report.require_dates(c, "frame rates by decade")
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
# Rates per `period`-year bin with bootstrap bands, one line per {source}, for
# the frames of `trend_frames`. Bins without {documents} are gaps.

# %%
with discourse.section("Trends") as trends:
    period = defaults.trend_period(c, period)
    trend_frames = defaults.lexicon_frames(c, lex, trend_frames, n=4)
    tr = discourse.save_table(
        discourse.trends(c, lex, period=period, smooth=smooth, n_boot=n_boot, seed=seed),
        "frame_trends",
    )

# %%
for frame in trend_frames if trends else []:
    with discourse.section(f"Trend: {frame}", needs=trends):
        plot.trend_lines(tr[tr["frame"] == frame], table=c.sources)

# %% [markdown]
# ## Differences between {sources}
#
# For each pair of {sources} and each frame: the rate ratio with a document
# bootstrap interval, an exact binomial test on the counts and
# Benjamini–Hochberg q-values over the whole table. The binomial p treats
# tokens as independent and is optimistic when a frame clusters in few
# {documents}; trust the interval first. Shown: the 15 largest ratios with q < 0.05.

# %%
with discourse.section("Differences"):
    defaults.source_pair(c)  # needs two sources
    diffs = discourse.save_table(
        discourse.rate_differences(c, lex, level="frame", n_boot=n_boot, seed=seed),
        "frame_differences",
    )
    significant = diffs[diffs["q"] < 0.05].sort_values("log2_ratio", key=abs, ascending=False)
    show_table(significant, "frame_differences_significant", rows=15)

# %% [markdown]
# ## Concordance
#
# A random sample of lines (fixed by `seed`) for each concordance term; the
# match is highlighted, the original wording kept.

# %%
with discourse.section("Concordance terms") as concordance:
    kwic_terms = defaults.lexicon_terms(c, lex, kwic_terms, n=2)

# %%
for term in kwic_terms if concordance else []:
    with discourse.section(f"Concordance: {term}", needs=concordance):
        display(discourse.kwic(c, term, n=kwic_lines, seed=seed))

# %% [markdown]
# ## Where the terms fall
#
# Each tick is one use of a concordance term, placed by date of the {document}.

# %%
with discourse.section("Dispersion", needs=concordance):
    discourse.report.require_dates(c, "placing the terms in time")
    disp = discourse.dispersion(c, kwic_terms)
    plot.dispersion_plot(disp, table=c.sources)

# %% [markdown]
# ## In which company of words
#
# Collocates of the term within 5 tokens, for two {sources} side by side
# (log-Dice: 14 is the maximum; higher = more exclusive company).

# %%
with discourse.section("Collocates") as company:
    collocate_term = defaults.lexicon_terms(c, lex, collocate_term, n=1, words=True)[0]
    collocate_pair = defaults.source_pair(c, collocate_pair)
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
    print(
        f"Collocates of {collocate_term!r}: a = {collocate_pair[0]}, b = {collocate_pair[1]}",
        "(empty: fewer than 3 uses)",
    )
    show_table(side, "collocates", rows=20)

# %%
with discourse.section("Collocate bars", needs=company):
    col = discourse.collocates(c, collocate_term, min_count=3)
    bars = plot.collocate_bars(col[col["source"] == collocate_pair[0]])
    bars.set_title(f"collocates of {collocate_term!r} in {collocate_pair[0]}")
