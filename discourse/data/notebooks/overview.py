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
# # Corpus overview
#
# What the report is about: how many {documents} and tokens, from which
# {sources}, over which years, and what the reader kept or skipped. The
# tables behind the chart are saved as CSV next to the report.

# %% tags=["parameters"]
corpus = "ungdc"
reader_options = {}  # options of discourse.read (text, source, dedupe …) for a file corpus
sources = None  # focus sources; None: the seven largest
years = None  # [start, end]; None: all years
seed = 0
mirror = None
reader_counts = None  # the report's own read/kept/skipped counts; None: the corpus's

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.ticker import MaxNLocator

import discourse
from discourse.plot.style import house_style
from discourse.report import defaults, show_table

whole = discourse.open_corpus(corpus, mirror=mirror, **reader_options)
c = whole.filter(years=tuple(years)) if years else whole
sources = defaults.focus_sources(c, sources)
info = c.info()
docs = discourse.tokens(c).doc_frame(c)

# %% [markdown]
# ## The corpus

# %%
with discourse.section("Corpus information"):
    corpus_table = pd.DataFrame(
        [
            ("corpus", info["name"]),
            ("documents", f"{info['documents']:,}"),
            ("tokens", f"{info['tokens']:,}"),
            ("sources", f"{info['sources']:,}"),
            ("first date", discourse.corpus.shown_date(info["first_date"], info["date_precision"])),
            ("last date", discourse.corpus.shown_date(info["last_date"], info["date_precision"])),
            ("years selected", f"{years[0]}–{years[1]}" if years else "all"),
            ("fingerprint", info["fingerprint"]),
            *((f"dataset {k}", v) for k, v in (info["dataset"] or {}).items()),
        ],
        columns=["field", "value"],
    )
    discourse.save_table(corpus_table, "corpus_info")
    display(corpus_table.set_index("field"))

# %% [markdown]
# ## Documents per year
#
# Bars: all {documents} of the selected years; dark bars: those of the focus {sources}.

# %%
with discourse.section("Documents per year"):
    discourse.report.require_dates(c, "counting documents per year")
    per_year = (
        docs.dropna(subset=["year"])
        .assign(
            year=lambda d: d["year"].astype(int), focus=lambda d: d["source"].isin(sources or [])
        )
        .groupby("year")
        .agg(documents=("id", "size"), tokens=("n_tokens", "sum"), focus_documents=("focus", "sum"))
        .reset_index()
    )
    discourse.save_table(per_year, "documents_per_year")
    with house_style():
        fig, ax = plt.subplots(figsize=(8, 3.4))
        ax.bar(per_year["year"], per_year["documents"], color="#c9d3dd", label="all sources")
        ax.bar(
            per_year["year"], per_year["focus_documents"], color="#0072B2", label="focus sources"
        )
        ax.set(xlabel="year", ylabel="documents", title="Documents per year")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, not "2020.75"
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # off the bars
        plt.show()

# %% [markdown]
# ## {Sources}
#
# The fifteen largest {sources} by {documents}, ties by tokens (all of them are in `sources.csv`),
# then the focus {sources} of this report.

# %%
with discourse.section("Sources"):
    summary = c.summary().sort_values(
        ["documents", "tokens", "source"], ascending=[False, False, True]
    )
    show_table(summary, "sources", rows=15)

# %%
with discourse.section("Focus sources"):
    focus_table = summary[summary["source"].isin(sources or [])]
    missing = sorted(set(sources or []) - set(focus_table["source"]))
    if focus_table.empty:
        raise discourse.DataError(
            f"none of the focus sources {sources} has documents in {years}; "
            "choose other --sources or --years"
        )
    discourse.save_table(focus_table, "focus_sources")
    display(discourse.report.shown_dates(focus_table).set_index("source"))
    if missing:
        print(f"No documents in the selected years for: {', '.join(missing)}")

# %% [markdown]
# ## What the reader kept
#
# Every record read is either kept or skipped with a reason, so the counts add
# up; the reader options are those the report was run with.

# %%
with discourse.section("Reader counts"):
    reader = reader_counts or info["reader"]
    reader_table = pd.DataFrame(
        [(f"option {k}", repr(v)) for k, v in sorted(reader_options.items())]
        + [("read", reader["read"]), ("kept", reader["kept"])]
        + [(f"skipped: {k}", v) for k, v in sorted(reader["skipped"].items())]
        + [("undecodable bytes replaced", reader.get("replacements", 0))],
        columns=["count", "value"],
    )
    discourse.save_table(reader_table, "reader_counts")
    display(reader_table.set_index("count"))

# %% [markdown]
# ## Most recent {documents}

# %%
with discourse.section("Most recent documents"):
    discourse.report.require_dates(c, "listing the most recent documents")
    recent = docs.sort_values(["date", "id"], na_position="first").tail(10)[
        ["date", "source", "title", "n_tokens"]
    ]
    recent.attrs["date_precision"] = info["date_precision"]
    display(discourse.report.shown_dates(recent).set_index("date"))
