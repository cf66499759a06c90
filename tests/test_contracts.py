"""One contract, checked for every analysis and every chart (after sklearn's ``check_estimator``).

For each analysis: its documented columns are present (and named in its
docstring), the same seed gives an equal frame, and a bad ``by=`` raises
:class:`discourse.ParameterError`. For each chart in ``discourse.plot.__all__``:
given its analysis' output and an Axes, it draws there and returns that Axes.

Every call is written once, in :data:`CASES` and :data:`CHARTS`, so a
renamed parameter is a one-line change here. Names that the redesign is
renaming (see the report of the branch that added this file) are marked
``# rename:``.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from synthetic import make_synthetic  # noqa: E402

import discourse as dc  # noqa: E402
import discourse.plot as P  # noqa: E402
from discourse.analysis.keyness import KEYNESS_COLUMNS, LOG_ODDS_COLUMNS  # noqa: E402

# ---------------------------------------------------------------------------
# Shared inputs: one small synthetic corpus, one topic model, one set of embeddings
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    corpus, _, vocab = make_synthetic(80, seed=0)
    return corpus, [str(w) for w in vocab]


@pytest.fixture(scope="module")
def topic_model(synthetic):
    corpus, _ = synthetic
    return dc.TopicModel(n_topics=4, passes=2, no_below=1, seed=0, cache=False).fit(corpus)


EMBEDDING_WORDS = "peace security development cooperation sovereignty dialogue".split()


@pytest.fixture(scope="module")
def embeddings():
    docs = [
        dc.Document(f"{s}{i}", " ".join(EMBEDDING_WORDS * 200), s) for s in "AB" for i in range(2)
    ]
    with (
        warnings.catch_warnings()
    ):  # "too few tokens", "barely trained": true, and beside the point
        warnings.simplefilter("ignore", UserWarning)
        return dc.fit_by(
            dc.Corpus(docs), vector_size=4, epochs=1, min_count=1, min_tokens=1000, cache=False
        )


@pytest.fixture
def inputs(request, synthetic):
    """What a case needs: ``corpus``, ``words`` and, only when asked for, the fitted models."""
    corpus, words = synthetic
    env = {"corpus": corpus, "words": words}
    for name in request.param:
        env[name] = request.getfixturevalue(name)
    return env


# ---------------------------------------------------------------------------
# The analyses
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One analysis: how to call it, and what it promises."""

    id: str
    call: Callable[..., pd.DataFrame]  # (env, **by) → frame
    columns: list[str]
    doc: Callable | tuple | None = None  # docstring(s) naming the columns (None: *_COLUMNS)
    grouped: bool = True  # takes a grouping by= (call(env, by=...))
    needs: tuple[str, ...] = ()  # fixtures beyond the corpus
    by_call: Callable | None = None  # where by= goes when not to call (env, by=...)


def _terms(env):
    return env["words"][:3]


def _lexicon(env):
    w = env["words"]
    return {"first": w[:3], "second": w[25:28]}


GROUP = ["source"]  # the group column of by="source"
RATES = ["term", "count", "tokens", "rate_per_10k", "docs", "doc_share", "ci_low", "ci_high"]

CASES = [
    Case(
        "term_rates.around",
        lambda env, **by: dc.term_rates(
            env["corpus"],
            env["words"][1:4],
            around={"first word": [env["words"][0]]},
            window=5,
            n_boot=50,
            seed=0,
            **by,
        ),
        GROUP + ["target", "mentions"] + RATES,
        dc.term_rates,
    ),
    Case(
        "mentions",
        lambda env, **by: dc.mentions(
            env["corpus"],
            {"first word": [env["words"][0]], "second word": [env["words"][25]]},
            n_boot=50,
            seed=0,
            **by,
        ),
        GROUP
        + ["target", "mentions", "tokens", "rate_per_10k", "docs", "mention_docs"]
        + ["doc_share", "ci_low", "ci_high"],
        dc.mentions,
    ),
    Case(
        "mentions.over_time",
        lambda env: dc.mentions(
            env["corpus"],
            {"first word": [env["words"][0]]},
            by=["source", "year"],
            n_boot=50,
            seed=0,
        ),
        ["source", "year", "target", "mentions", "rate_per_10k", "ci_low", "ci_high"],
        dc.mentions,
        grouped=False,
    ),
    Case(
        "term_rates",
        lambda env, **by: dc.term_rates(env["corpus"], _terms(env), n_boot=50, seed=0, **by),
        GROUP + RATES,
        dc.term_rates,
    ),
    Case(
        "frame_rates",
        lambda env, **by: dc.frame_rates(env["corpus"], _lexicon(env), n_boot=50, seed=0, **by),
        GROUP + ["frame"] + RATES[1:],
        (dc.frame_rates, dc.term_rates),  # its docstring says "As term_rates, with frame"
    ),
    Case(
        "trends",
        lambda env, **by: dc.trends(
            env["corpus"], _terms(env), level="term", period=5, n_boot=50, seed=0, **by
        ),
        GROUP + ["period", "period_end"] + RATES,
        dc.trends,
    ),
    Case(
        "rate_differences",
        lambda env, **by: dc.rate_differences(
            env["corpus"],
            _terms(env),
            target="AAA",
            reference="BBB",
            n_boot=50,
            seed=0,
            **by,
        ),
        ["source_a", "source_b", "term", "count_a", "tokens_a", "rate_a", "count_b"]
        + ["tokens_b", "rate_b", "ratio", "ratio_low", "ratio_high", "log2_ratio", "p", "q"],
        dc.rate_differences,
    ),
    Case(
        "keyness",
        lambda env, **by: dc.keyness(
            env["corpus"], target="AAA", min_count=2, n=20, n_boot=50, seed=0, **by
        ),
        KEYNESS_COLUMNS,
    ),
    Case(
        "log_odds",
        lambda env, **by: dc.log_odds(env["corpus"], target="AAA", min_count=2, n=20, **by),
        LOG_ODDS_COLUMNS,
    ),
    Case(
        "collocates",
        lambda env, **by: dc.collocates(
            env["corpus"], env["words"][0], window=3, min_count=1, **by
        ),
        GROUP
        + ["collocate", "count", "expected", "pmi", "log_dice", "freq", "node_count"]
        + ["window_tokens"],
        dc.collocates,
    ),
    Case(
        "compare_collocates",
        lambda env, **by: dc.compare_collocates(
            env["corpus"],
            env["words"][0],
            target="AAA",
            reference="BBB",
            window=3,
            min_count=1,
            **by,
        ),
        ["collocate", "count_a", "log_dice_a", "count_b", "log_dice_b", "log_dice_diff"],
        dc.compare_collocates,
    ),
    Case(
        "dispersion",
        lambda env, **by: dc.dispersion(env["corpus"], _terms(env), **by),
        GROUP + ["term", "doc_id", "date", "year", "position", "n_tokens", "relative"],
        dc.dispersion,
    ),
    Case(
        "kwic",
        lambda env, **by: dc.kwic(env["corpus"], env["words"][0], window=3, n=10, seed=0, **by),
        ["doc_id", "source", "date", "term", "left", "match", "right", "position"],
        dc.kwic,
    ),
    Case(
        "TopicModel.prevalence",
        lambda env, **by: env["topic_model"].prevalence(n_boot=50, seed=0, **by),
        GROUP + ["topic", "label", "share", "ci_low", "ci_high", "n_docs"],
        dc.TopicModel.prevalence,
        needs=("topic_model",),
    ),
    Case(
        "TopicModel.effect",
        lambda env: env["topic_model"].effect(
            sources=["AAA", "BBB"], df=2, n_boot=20, seed=0
        ),  # sources= is a filter of the sources shown, not a pair
        ["source", "year", "topic", "label", "share", "ci_low", "ci_high"],
        dc.TopicModel.effect,
        grouped=False,
        needs=("topic_model",),
    ),
    Case(
        "TopicModel.difference",
        lambda env: env["topic_model"].difference(target="AAA", reference="BBB", n_boot=50, seed=0),
        ["topic", "label", "a", "b", "share_a", "share_b", "difference", "ci_low", "ci_high"],
        dc.TopicModel.difference,
        grouped=False,
        needs=("topic_model",),
    ),
    Case(
        "TopicModel.top_terms",
        lambda env: env["topic_model"].top_terms(n=5),  # its rank= is a score, not a grouping
        ["topic", "label", "rank", "term", "score", "prob"],
        dc.TopicModel.top_terms,
        grouped=False,
        needs=("topic_model",),
    ),
    Case(
        "fit_by.neighbors",
        lambda env: env["embeddings"].neighbors("peace", n=3),
        ["group", "rank", "neighbor", "similarity", "count"],
        dc.models.embeddings.AlignedEmbeddings.neighbors,
        needs=("embeddings",),
        # the grouping is fit_by's: a bad by= must fail before any training
        by_call=lambda env, by: dc.fit_by(env["corpus"], by=by, min_tokens=10, cache=False),
    ),
    Case(
        "projection",
        lambda env: dc.models.embeddings.projection(env["embeddings"], "peace", n=3),
        ["group", "word", "kind", "x", "y"],
        dc.models.embeddings.projection,
        grouped=False,
        needs=("embeddings",),
    ),
    Case(
        "fit_by.shift_test",
        lambda env: env["embeddings"].shift_test(
            ["peace", "security"], target="A", reference="B", n_perm=3, seeds=(0,), seed=0
        ),
        ["term", "group_a", "group_b", "shift", "shift_sd", "null_q05", "null_q95", "n_null"]
        + ["p", "count_a", "count_b"],
        dc.models.embeddings.AlignedEmbeddings.shift_test,
        grouped=False,
        needs=("embeddings",),
    ),
    Case(
        "semantic_axis",
        lambda env: dc.semantic_axis(
            env["embeddings"],
            positive=["peace", "cooperation"],
            negative=["security", "sovereignty"],
            terms=["dialogue", "development"],
            n_perm=20,
            n_boot=20,
            seed=0,
        ),
        ["group", "term", "score", "ci_low", "ci_high", "p"],
        dc.semantic_axis,
        grouped=False,
        needs=("embeddings",),
    ),
]
BY_CASE = {c.id: c for c in CASES}


def _case_params(cases):
    return [pytest.param(c, c.needs, id=c.id) for c in cases]


def _run(case: Case, env: dict, **by) -> pd.DataFrame:
    if by and case.by_call is not None:
        return case.by_call(env, **by)
    return case.call(env, **by)


@pytest.mark.parametrize(("case", "inputs"), _case_params(CASES), indirect=["inputs"])
def test_documented_columns_are_present(case, inputs):
    frame = _run(case, inputs)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0, f"{case.id} returned no rows on the synthetic corpus"
    missing = [c for c in case.columns if c not in frame.columns]
    assert not missing, (
        f"{case.id}: documented columns missing: {missing}; got {list(frame.columns)}"
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.doc is not None], ids=lambda c: c.id)
def test_columns_are_named_in_the_docstring(case):
    docs = case.doc if isinstance(case.doc, tuple) else (case.doc,)
    doc = "\n".join(inspect.getdoc(d) or "" for d in docs)
    group = set(GROUP) | {"source_a", "source_b"}  # named after by=, documented as <by>
    undocumented = [c for c in case.columns if c not in group and c not in doc]
    assert not undocumented, f"{case.id}: columns not in its docstring: {undocumented}"


@pytest.mark.parametrize(("case", "inputs"), _case_params(CASES), indirect=["inputs"])
def test_same_seed_same_frame(case, inputs):
    pd.testing.assert_frame_equal(_run(case, inputs), _run(case, inputs))


@pytest.mark.parametrize(
    ("case", "inputs"), _case_params([c for c in CASES if c.grouped]), indirect=["inputs"]
)
@pytest.mark.parametrize("bad", [42, "no_such_field"])
def test_bad_by_is_a_parameter_error(case, inputs, bad):
    with pytest.raises(dc.ParameterError) as raised:
        _run(case, inputs, by=bad)
    message = str(raised.value)
    assert "by" in message and str(bad) in message, (
        f"the error names neither by= nor {bad!r}: {message}"
    )


# ---------------------------------------------------------------------------
# The charts
# ---------------------------------------------------------------------------

#: chart name → (the case whose output it draws, how to call it on that output).
CHARTS: dict[str, tuple[str, Callable]] = {
    "rate_dots": ("term_rates", lambda f, ax: P.rate_dots(f, ax=ax)),
    "rate_heatmap": ("term_rates", lambda f, ax: P.rate_heatmap(f, columns="term", ax=ax)),
    "trend_lines": (
        "trends",
        lambda f, ax: P.trend_lines(f[f["term"] == f["term"].iloc[0]], ax=ax),
    ),
    "collocate_bars": (
        "collocates",
        lambda f, ax: P.collocate_bars(f[f["source"] == "AAA"], ax=ax),
    ),
    "dispersion_plot": ("dispersion", lambda f, ax: P.dispersion_plot(f, ax=ax)),
    "keyness_bars": ("keyness", lambda f, ax: P.keyness_bars(f, ax=ax)),
    "keyness_heatmap": ("keyness", lambda f, ax: P.keyness_heatmap(f, ax=ax)),
    "keyness_scatter": ("keyness", lambda f, ax: P.keyness_scatter(f, ax=ax)),
    "prevalence_heatmap": ("TopicModel.prevalence", lambda f, ax: P.prevalence_heatmap(f, ax=ax)),
    "prevalence_trend": ("TopicModel.effect", lambda f, ax: P.prevalence_trend(f, topic=0, ax=ax)),
    "difference_plot": ("TopicModel.difference", lambda f, ax: P.difference_plot(f, ax=ax)),
    "neighbor_map": ("projection", lambda f, ax: P.neighbor_map(f, ax=ax)),
    "shift_bars": ("fit_by.shift_test", lambda f, ax: P.shift_bars(f, ax=ax)),
    "axis_dots": ("semantic_axis", lambda f, ax: P.axis_dots(f, ax=ax)),
    "around_heatmap": ("term_rates.around", lambda f, ax: P.around_heatmap(f, ax=ax)),
    "around_dots": ("term_rates.around", lambda f, ax: P.around_dots(f, ax=ax)),
    "mention_lines": ("mentions.over_time", lambda f, ax: P.mention_lines(f, ax=ax)),
}

#: Names in ``discourse.plot.__all__`` that are not charts (or do not take one ``ax=``).
NOT_CHARTS = {
    "PALETTE",
    "colors",
    "get_ax",
    "house_style",
    "labels_for",
    "neighbor_table",  # returns an HTML table
    "top_terms_grid",  # draws a grid: axes=, not ax=
    "coherence_plot",  # draws topic_sweep's output, which trains several models
    # draw ALC results (Meaning.neighbors, a permutation null and the observed value), which
    # need a base embedding: tests/plot/test_plot_targets.py checks they return their Axes
    "alc_neighbors",
    "alc_null",
    "embeddings",
    "framing",
    "keyness",
    "topics",
    "targets",
}


def test_every_chart_has_a_case():
    names = set(P.__all__)
    assert names - NOT_CHARTS == set(CHARTS), (
        f"charts without a contract case: {sorted(names - NOT_CHARTS - set(CHARTS))}; "
        f"cases for names not exported: {sorted(set(CHARTS) - names)}"
    )


@pytest.fixture
def axes():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _chart_params():
    return [
        pytest.param(name, BY_CASE[case_id], BY_CASE[case_id].needs, id=name)
        for name, (case_id, _) in CHARTS.items()
    ]


@pytest.mark.parametrize(("chart", "case", "inputs"), _chart_params(), indirect=["inputs"])
def test_chart_returns_the_axes_it_was_given(chart, case, inputs, axes):
    frame = _run(case, inputs)
    out = CHARTS[chart][1](frame, axes)
    assert out is axes, f"{chart} returned {type(out).__name__}, not the Axes it was given"
    assert isinstance(out, Axes)
    assert out.has_data() or out.images or out.texts, f"{chart} drew nothing"
