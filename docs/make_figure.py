"""Regenerate ``docs/figure.png``, the README's chart, from the default corpus.

Frame rates per 10,000 tokens of the seven default focus sources of the UN
General Debate Corpus, 1990–2023, with the shipped frame lexicon
(``discourse.plot.rate_heatmap``). Falls back to documents per year when
the framing module is not available. Run with ``make docs-figure``
(``DISCOURSE_MIRROR`` points at a local UNGDC copy when there is one).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import discourse  # noqa: E402
from discourse.report import DEFAULT_SOURCES, DEFAULT_YEARS  # noqa: E402

OUT = Path(__file__).resolve().parent / "figure.png"


def main() -> int:
    corpus = discourse.open_corpus("ungdc", years=DEFAULT_YEARS)
    focus = corpus.filter(source=list(DEFAULT_SOURCES))
    fig, ax = plt.subplots(figsize=(9, 4.2))
    try:
        rates = discourse.frame_rates(focus, by="source", n_boot=200, seed=0)
        discourse.plot.rate_heatmap(rates, table=corpus.sources, ax=ax)
        ax.set_title(
            f"Frames per 10,000 tokens, UN General Debate {DEFAULT_YEARS[0]}–{DEFAULT_YEARS[1]}"
        )
    except (ImportError, AttributeError):  # framing not installed: the overview chart
        from discourse.plot.style import house_style

        per_year = discourse.tokens(corpus).doc_frame(corpus).groupby("year").size()
        with house_style():
            ax.bar(per_year.index, per_year.values, color="#0072B2")
            ax.set(xlabel="year", ylabel="speeches", title="UN General Debate: speeches per year")
    fig.savefig(OUT, dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
