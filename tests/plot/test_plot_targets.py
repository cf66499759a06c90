import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from discourse.plot import targets as pt  # noqa: E402

RATES = pd.DataFrame(
    {
        "source": ["A", "A", "B", "B"],
        "target": "Syria",
        "frame": ["x", "y", "x", "y"],
        "rate_per_10k": [1.0, 2.0, 0.0, 3.0],
        "ci_low": [0.5, 1.0, 0.0, 2.0],
        "ci_high": [1.5, 3.0, 0.5, 4.0],
        "year": [2000, 2000, 2001, 2001],
    }
)


def test_each_chart_returns_the_axes_it_was_given():
    nb = pd.DataFrame(
        {"group": ["A", "B"], "rank": [1, 1], "word": ["x", "y"], "similarity": [1, 1]}
    )
    for draw in (
        lambda ax: pt.around_heatmap(RATES, ax=ax),
        lambda ax: pt.around_dots(RATES, ax=ax),
        lambda ax: pt.mention_lines(RATES, ax=ax),
        lambda ax: pt.alc_neighbors(nb, ax=ax),
        lambda ax: pt.alc_null(np.arange(10) / 10, 0.5, ax=ax),
    ):
        fig, ax = plt.subplots()
        assert draw(ax) is ax
        plt.close(fig)


def test_dots_draw_one_series_per_frame():
    fig, ax = plt.subplots()
    pt.around_dots(RATES, ax=ax)
    assert len(ax.collections) >= 2
    plt.close(fig)


def test_charts_name_their_target_or_term():
    nb = pd.DataFrame(
        {"group": ["A", "B"], "rank": [1, 1], "word": ["x", "y"], "similarity": [1, 1]}
    )
    assert pt.around_dots(RATES).get_title() == "frames around Syria"
    assert pt.around_heatmap(RATES).get_title() == "per 10k context tokens around Syria"
    assert pt.mention_lines(RATES).get_title() == "mentions of Syria"
    assert "'sanctions'" in pt.alc_neighbors(nb, term="sanctions").get_title()
    plt.close("all")


def test_mention_lines_show_a_source_with_one_year_and_whole_years():
    ax = pt.mention_lines(RATES)  # each source has a single year here
    assert all(line.get_marker() == "o" for line in ax.lines)
    ax.figure.canvas.draw()
    assert all(float(t.get_text().replace("−", "-")).is_integer() for t in ax.get_xticklabels())
    plt.close("all")
