"""Draw the charts of the documentation's user guide into ``docs/img/``.

Each chart is the one the report draws for that analysis, on a small slice
of the UN General Debate Corpus (four sources, 1990–2023) so the script
runs in a few minutes on two cores. ``DISCOURSE_MIRROR`` points at a local
UNGDC copy when there is one; otherwise the corpus is downloaded once into
the cache. Run from the repository root::

    python docs/make_figures.py

The PNGs are small (about 100 dpi) and are committed with the docs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import discourse as dc  # noqa: E402
from discourse.models import embeddings as emb_tools  # noqa: E402
from discourse.plot.style import house_style  # noqa: E402

OUT = Path(__file__).resolve().parent / "img"
SOURCES = ["CHN", "SYR", "RUS", "USA"]
YEARS = (1990, 2023)
SEED = 0


def save(ax, name: str) -> None:
    fig = ax.figure if hasattr(ax, "figure") else ax.flat[0].figure
    fig.savefig(OUT / name, dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {OUT / name} ({(OUT / name).stat().st_size // 1024} KB)")


def new_ax(w: float = 8, h: float = 4):
    return plt.subplots(figsize=(w, h))[1]


def main() -> int:
    OUT.mkdir(exist_ok=True)
    un = dc.datasets.ungdc.load(years=YEARS)
    focus = un.filter(source=SOURCES)
    table = un.sources

    # corpus: speeches per year in the slice
    per_year = focus.to_frame().assign(year=lambda d: d["date"].map(lambda x: x.year))
    counts = per_year.groupby(["year", "source"]).size().unstack(fill_value=0)
    ax = new_ax(8, 3)
    with house_style():
        counts.sum(axis=1).plot.bar(ax=ax, color="#0072B2", width=0.8)
        ax.set(xlabel="year", ylabel="speeches", title="Speeches per year, CHN/SYR/RUS/USA")
        ax.set_xticks(range(0, len(counts), 5), counts.index[::5])
    save(ax, "corpus_per_year.png")

    # framing
    rates = dc.frame_rates(focus, by="source", n_boot=200, seed=SEED)
    save(dc.plot.rate_heatmap(rates, table=table, ax=new_ax(9, 3.2)), "framing_heatmap.png")
    save(dc.plot.rate_dots(rates, table=table, ax=new_ax(8, 4.5)), "framing_dots.png")
    tr = dc.trends(focus, period=5, smooth=None, n_boot=200, seed=SEED)
    save(
        dc.plot.trend_lines(tr[tr["frame"] == "sovereignty"], table=table, ax=new_ax()),
        "framing_trend.png",
    )

    # keyness
    recent = un.filter(years=(2014, 2023))
    pair = dc.keyness(recent, target="CHN", reference="USA", n=None, seed=SEED)
    save(
        dc.plot.keyness_scatter(pair, n=30, table=table, ax=new_ax(7, 6)),
        "keyness_scatter.png",
    )
    save(dc.plot.keyness_bars(pair, n=12, table=table, ax=new_ax(8, 5)), "keyness_bars.png")

    # concordance and collocates
    disp = dc.dispersion(focus, ["isolation", "external interference"])
    save(dc.plot.dispersion_plot(disp, table=table, ax=new_ax(8, 3)), "dispersion.png")
    col = dc.collocates(focus, "sovereignty", min_count=3)
    save(dc.plot.collocate_bars(col[col["source"] == "CHN"], ax=new_ax(6, 4)), "collocates.png")

    # topics
    tm = dc.TopicModel(n_topics=8, unit="paragraph", seed=SEED).fit(focus)
    axes = plt.subplots(2, 4, figsize=(14, 5.5), layout="constrained")[1]
    top = tm.top_terms(rank="frex", n=6)
    save(dc.plot.top_terms_grid(top, n=6, ax=axes), "topics_terms.png")
    prev = tm.prevalence(by="source", n_boot=200, seed=SEED)
    save(dc.plot.prevalence_heatmap(prev, table=table, ax=new_ax(9, 3)), "topics_prevalence.png")

    # embeddings
    emb = dc.fit_by(focus, by="source", vector_size=50, epochs=30, sg=1, min_count=3, seed=SEED)
    proj = emb_tools.projection(emb, "sovereignty", n=6)
    save(dc.plot.neighbor_map(proj, ax=new_ax(7, 6)), "embeddings_map.png")
    axis = dc.semantic_axis(
        emb,
        positive=["cooperation", "dialogue", "partnership"],
        negative=["confrontation", "pressure", "threat"],
        terms=["sanctions", "sovereignty", "security", "development"],
        n_perm=200,
        n_boot=200,
        seed=SEED,
    )
    save(
        dc.plot.axis_dots(axis, pole_labels=("confrontation", "cooperation"), ax=new_ax(7, 4)),
        "embeddings_axis.png",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
