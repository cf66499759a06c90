# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Targets: who says what about whom
#
# Mentions of the focus targets by source over time, frames around each
# target with intervals, distinctive words around a target, a concordance
# of target contexts, and the meaning of a term by source (à la carte).

# %% tags=["parameters"]
corpus = None  # path or Corpus; None: the report's corpus
targets = None  # focus targets; None: the most mentioned targets of the corpus
sources = None  # sources compared; None: those with most mentions
term = None  # a term whose meaning is compared; None: "sanctions" if present
window = 10
seed = 0

# %%
import discourse as dc
from discourse import plot

c = dc.open_corpus(corpus)
all_mentions = dc.mentions(c, by="source", n_boot=0)
totals = all_mentions.groupby("target")["mentions"].sum().sort_values(ascending=False)
targets = targets or list(totals.index[:3])
per_source = all_mentions[all_mentions.target == targets[0]].sort_values("mentions")
sources = sources or list(per_source["source"].tail(6))
term = term or "sanctions"
print(targets, sources, term)

# %%
dc.section("Mentions of the focus targets over time")
over_time = dc.mentions(c.filter(source=set(sources)), targets, by=["source", "decade"], seed=seed)
plot.mention_lines(over_time, x="decade", target=targets[0], table=c.sources)

# %%
dc.section("Frames around each target, by source")
around = dc.frame_rates(c.filter(source=set(sources)), around=targets, window=window, seed=seed)
dc.save_table(around, "frames_around_targets")
plot.around_dots(around, target=targets[0], table=c.sources)

# %%
plot.around_heatmap(around, target=targets[0], table=c.sources)

# %%
dc.section("Distinctive words around the first target: first two sources")
dc.keyness(c, target=sources[-1], reference=sources[-2], around=targets[0], window=window, n=15)

# %%
dc.section("Concordance of target contexts")
dc.kwic(c.filter(source=set(sources)), term, around=targets[0], within=window, n=3, by="source")

# %%
dc.section(f"The meaning of {term!r} by source")
alc = dc.ALCModel(embeddings=dc.EmbeddingModel(workers=2, seed=seed), seed=seed).fit(c)
result = dc.meaning(alc, c.filter(source=set(sources)), term, seed=seed)
dc.save_table(result.distances, "meaning_distances")

# %%
plot.alc_neighbors(result.neighbors, table=c.sources)
