"""Framing terms across sources: counts, rates with intervals, trends, differences.

Everything here reads the token store (:func:`discourse.tokens`), never the
raw texts:

* a single-word term or glob is a set of vocabulary ids, and its count per
  document is a column sum of the document-term matrix;
* a phrase (``external interference``, ``coercive measure*``) is matched as
  a sequence of ids, only in the documents whose matrix row holds every one
  of its words.

**What is counted.** A term's count is the number of places it matches
(a phrase counts once per start). Different terms are counted
independently: in "external interference" both ``external interference``
and ``interference`` count one. A *frame*'s count is the number of
occurrences of any of its terms, where overlapping matches of its terms
are one occurrence, so nothing is counted twice inside a frame: "external
interference" adds 1 to a frame that lists both terms above.

**Rates and intervals.** ``rate_per_10k = 10,000 × count / tokens`` per
group, where ``tokens`` is every token of the group's documents. Intervals
are percentile intervals of the rate over ``n_boot`` resamples of the
documents within each group (:func:`discourse.stats.bootstrap_sums`), so
they reflect how unevenly a term is spread over documents, not only how
many tokens there are.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import _grouping
from .._validation import check_choice, check_int, renamed
from ..corpus import Corpus
from ..errors import DataError, ParameterError, known
from ..stats import benjamini_hochberg, bootstrap_sums, check_ci, check_seed, percentile_interval
from ..tokenization import Tokenizer, tokens
from .lexicon import Lexicon, load_lexicon
from .matching import prepare
from .targets import TargetContexts, check_around, load_targets

__all__ = ["term_rates", "frame_rates", "trends", "rate_differences", "mentions"]

_BOOT_BYTES = 64 * 2**20  # bootstrap replicates held at once


# ---------------------------------------------------------------------------
# grouping and bootstrap
# ---------------------------------------------------------------------------
def _derive_seed(seed: int, i: int) -> int:
    return int(np.random.SeedSequence([seed, i]).generate_state(1)[0])


def _rolling(a: np.ndarray, window: int, axis: int) -> np.ndarray:
    """Centred moving sum along ``axis`` (partial windows at the ends)."""
    a = np.moveaxis(a, axis, -1)
    n = a.shape[-1]
    c = np.concatenate([np.zeros(a.shape[:-1] + (1,)), np.cumsum(a, axis=-1)], axis=-1)
    half = window // 2
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) - half + window, 0, n)
    return np.moveaxis(c[..., hi] - c[..., lo], -1, axis)


def _grouped_stats(
    values: np.ndarray,
    ntok: np.ndarray,
    gi: np.ndarray,
    series: list[np.ndarray],
    *,
    n_boot: int,
    ci: float,
    seed: int,
    smooth: int | None = None,
    keep_reps: bool = False,
) -> dict[str, np.ndarray]:
    """Sums per group and bootstrap intervals of ``10k × values / tokens``.

    ``series`` lists the group indices in chunks; with ``smooth`` each chunk is
    one ordered series and the sums are moving sums over ``smooth`` groups.
    """
    n_groups = int(max((s.max() for s in series if len(s)), default=-1)) + 1
    K = values.shape[1]
    X = np.column_stack([values, ntok, (values > 0).astype(float), np.ones(len(ntok))])
    out = {
        "count": np.zeros((n_groups, K)),
        "tokens": np.zeros(n_groups),
        "used": np.zeros((n_groups, K)),
        "docs": np.zeros(n_groups),
        "lo": np.full((n_groups, K), np.nan),
        "hi": np.full((n_groups, K), np.nan),
    }
    reps_all = np.full((n_boot, n_groups, K), np.nan) if keep_reps else None
    per_group = n_boot * (K + 1) * 8
    chunks: list[np.ndarray] = []
    if smooth:
        chunks = list(series)
    else:
        flat = np.concatenate(series) if series else np.zeros(0, np.int64)
        step = max(1, _BOOT_BYTES // max(per_group, 1))
        chunks = [flat[i : i + step] for i in range(0, len(flat), step)]
    for ci_, chunk in enumerate(chunks):
        if len(chunk) == 0:
            continue
        local = np.full(n_groups, -1, dtype=np.int64)
        local[chunk] = np.arange(len(chunk))
        sel = np.flatnonzero(local[gi] >= 0)
        lg = local[gi[sel]]
        point = np.zeros((len(chunk), X.shape[1]))
        np.add.at(point, lg, X[sel])
        reps = bootstrap_sums(
            X[sel][:, : K + 1], lg, len(chunk), n_boot=n_boot, seed=_derive_seed(seed, ci_)
        )
        if smooth:
            point = _rolling(point, smooth, axis=0)
            reps = _rolling(reps, smooth, axis=1)
        out["count"][chunk] = point[:, :K]
        out["tokens"][chunk] = point[:, K]
        out["used"][chunk] = point[:, K + 1 : 2 * K + 1]
        out["docs"][chunk] = point[:, 2 * K + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = 1e4 * reps[:, :, :K] / reps[:, :, K : K + 1]
        rates[~np.isfinite(rates)] = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # groups without tokens: all-NaN
            lo, hi = percentile_interval(rates, ci, axis=0)
        out["lo"][chunk], out["hi"][chunk] = lo, hi
        if reps_all is not None:
            reps_all[:, chunk, :] = rates
    if reps_all is not None:
        out["reps"] = reps_all
    return out


def _table(
    groups: list[tuple],
    cols: list[str],
    names: list[str],
    item: str,
    st: dict[str, np.ndarray],
) -> pd.DataFrame:
    G, K = st["count"].shape
    gidx = np.repeat(np.arange(G), K)
    kidx = np.tile(np.arange(K), G)
    data: dict[str, Any] = {}
    for c, col in enumerate(cols):
        vals = [g[c] for g in groups]
        data[col] = [vals[i] for i in gidx]
    data[item] = pd.array([names[k] for k in kidx], dtype="string")
    count = st["count"].ravel()
    tok = np.repeat(st["tokens"], K)
    docs = np.repeat(st["docs"], K)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tok > 0, 1e4 * count / tok, np.nan)
        share = np.where(docs > 0, st["used"].ravel() / docs, np.nan)
    data.update(
        count=np.rint(count).astype(np.int64),
        tokens=np.rint(tok).astype(np.int64),
        rate_per_10k=rate,
        docs=np.rint(docs).astype(np.int64),
        doc_share=share,
        ci_low=st["lo"].ravel(),
        ci_high=st["hi"].ravel(),
    )
    frame = pd.DataFrame(data)
    for col in cols:
        if all(isinstance(v, (int, np.integer)) for v in frame[col]):
            frame[col] = frame[col].astype(np.int64)
    return frame


def _check_boot(n_boot: Any, ci: Any, seed: Any) -> tuple[int, float, int]:
    """``n_boot, ci, seed`` of a rate analysis, checked."""
    return check_int("n_boot", n_boot), check_ci(ci), check_seed(seed)


def _check_level(level: Any) -> str:
    return check_choice("level", level, ("frame", "term"))


def _values(store: Any, m: Any, rows: np.ndarray, level: str) -> tuple[np.ndarray, np.ndarray]:
    """Counts per document of each term (or frame) and the documents' token totals."""
    tc, fc = m.counts(rows)
    ntok = store.docs["n_tokens"].to_numpy()[rows].astype(float)
    return (tc if level == "term" else fc), ntok


def _rates(
    corpus: Corpus,
    terms: Any,
    *,
    level: str,
    by: Any,
    n_boot: int,
    ci: float,
    seed: int,
    tokenizer: Tokenizer | None,
    client: Any = None,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
) -> pd.DataFrame:
    n_boot, ci, seed = _check_boot(n_boot, ci, seed)
    cols = _grouping.columns(by)
    store, rows, m = prepare(corpus, terms, tokenizer, client)
    tcx = _contexts(store, around, window, context, targets)
    labels = store.labels(rows, by, corpus)
    groups, gi, keep = _grouping.index_groups(labels)
    if not groups:
        raise DataError(f"no document of this corpus view has a group for by={by!r}")
    rows_of = [_grouping.parts(g, by) for g in groups]
    names = m.terms if level == "term" else m.frames
    series = [np.arange(len(groups))]
    if tcx is None:
        values, ntok = _values(store, m, rows[keep], level)
        st = _grouped_stats(values, ntok, gi, series, n_boot=n_boot, ci=ci, seed=seed)
        return _table(rows_of, cols, names, level, st)
    parts = []
    for k, (name, sc) in enumerate(zip(tcx.names, tcx.scan(rows[keep], m), strict=True)):
        values = sc["terms"] if level == "term" else sc["frames"]
        st = _grouped_stats(
            values, sc["tokens"], gi, series, n_boot=n_boot, ci=ci, seed=_derive_seed(seed, k)
        )
        parts.append(_around_table(_table(rows_of, cols, names, level, st), st, sc, gi, name, cols))
    frame = pd.concat(parts, ignore_index=True)
    frame.attrs["around"] = tcx.describe()
    return frame


def _contexts(
    store: Any, around: Any, window: Any, context: Any, targets: Any
) -> TargetContexts | None:
    """The target contexts of an ``around=`` analysis (None without ``around``)."""
    check_around(around, {"window": window, "context": context, "targets": targets})
    if around is None:
        return None
    return TargetContexts(store, around, window=window, context=context, targets=targets)


def _around_table(
    frame: pd.DataFrame,
    st: dict[str, np.ndarray],
    sc: dict[str, Any],
    gi: np.ndarray,
    name: str,
    cols: list[str],
) -> pd.DataFrame:
    """A rates table of one target's contexts: target, mentions and the reason for empty rows."""
    G = len(st["tokens"])
    K = len(frame) // max(G, 1)
    mentions = np.bincount(gi, weights=sc["mentions"], minlength=G)
    mdocs = np.bincount(gi, weights=(sc["mentions"] > 0).astype(float), minlength=G)
    frame.insert(len(cols), "target", pd.array([name] * len(frame), dtype="string"))
    at = list(frame.columns).index("tokens") + 1
    frame.insert(at, "mentions", np.repeat(np.rint(mentions), K).astype(np.int64))
    frame.insert(at + 1, "mention_docs", np.repeat(np.rint(mdocs), K).astype(np.int64))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(np.repeat(mdocs, K) > 0, st["used"].ravel() / np.repeat(mdocs, K), np.nan)
    frame["doc_share"] = share
    note = np.where(
        np.repeat(mentions, K) == 0,
        f"no mention of {name} in this group",
        np.where(
            frame["tokens"].to_numpy() == 0, f"{name} is mentioned but has no context tokens", ""
        ),
    )
    frame["note"] = pd.array(note, dtype="string")
    return frame


def term_rates(
    corpus: Corpus,
    terms: Any,
    *,
    by: Any = "source",
    n_boot: int = 500,
    ci: float = 0.95,
    seed: int = 0,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
) -> pd.DataFrame:
    """Rate of each term per group, with bootstrap intervals over documents.

    Parameters
    ----------
    corpus : Corpus
        Any view (filtered by source or years); counts come from its token store.
    terms : Lexicon, list of str, str, mapping frame → terms, or path to a TOML lexicon
        Words, phrases (``"external interference"``) and globs (``"isolat*"``).
    by : str, list of str, mapping or callable, default "source"
        ``"source"``, ``"year"``, ``"decade"``, a meta key, a list of keys
        (``["source", "year"]``), a mapping source → group (e.g.
        ``corpus.sources.grouping("P5")``) or a function document → group.
    n_boot : int, default 500
        Bootstrap resamples of the documents within each group.
    ci : float, default 0.95
        Interval level.
    seed : int, default 0
    tokenizer : Tokenizer, optional
        The token store to read (default ``Tokenizer()``).
    client : dask.distributed.Client, optional
        Tokenise the corpus on a Dask cluster when its token store is not
        cached yet (see :mod:`discourse.parallel`); counts are identical.
    around : str, list of str or mapping, optional
        Count only in the contexts of a target (:mod:`discourse.analysis.targets`):
        a target name (``"Syria"``) or code (``"SYR"``) of ``targets``, a
        pattern (``"assad"``), several of those (one block of rows each), or
        a mapping name → patterns.
    window : int, optional
        With ``around``: tokens either side of a mention (at least 1;
        default 10); overlapping windows merge and the mention itself is
        not context.
    context : {None, "sentence", "paragraph"}
        With ``around``: the sentences (or paragraphs) holding a mention,
        instead of a window; sentences as the tokenizer splits them
        (:mod:`discourse.tokenization.tokenizer`, rule 8). Not with
        ``window``: a :class:`ParameterError` asks for one of the two.
    targets : Lexicon, path or mapping, optional
        The target set ``around`` names are looked up in (default
        :func:`discourse.load_targets`).

    Returns
    -------
    DataFrame
        One row per group × term. Columns: the group column(s) (named after
        ``by``; ``group`` for a mapping or function), ``term``, ``count``
        (matches), ``tokens`` (all tokens of the group), ``rate_per_10k``,
        ``docs`` (documents in the group), ``doc_share`` (share of those
        documents that use the term), ``ci_low``, ``ci_high`` (bootstrap
        interval of the rate; NaN for a group without tokens).

        With ``around``: one row per group × target × term; ``target``
        follows the group column(s); ``count`` counts matches inside the
        contexts (a phrase when all its tokens are context), ``tokens`` is
        the context tokens (the denominator), then ``mentions`` (of the
        target) and ``mention_docs`` (documents mentioning it); ``doc_share``
        is the share of mention_docs whose contexts use the term; the
        bootstrap resamples all the group's documents; ``note`` says why a
        rate is missing (``"no mention of Syria in this group"``).

    See Also
    --------
    frame_rates : the same per frame of a lexicon.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Isolation and more isolation.", "SYR"),
    ...             Document("b", "External interference.", "CHN")])
    >>> t = term_rates(c, ["isolation", "external interference"], n_boot=50)
    >>> t[["source", "term", "count", "tokens"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['CHN', 'isolation', 0, 2], ['CHN', 'external interference', 1, 2],
     ['SYR', 'isolation', 2, 4], ['SYR', 'external interference', 0, 4]]
    """
    return _rates(
        corpus,
        terms,
        level="term",
        by=by,
        n_boot=n_boot,
        ci=ci,
        seed=seed,
        tokenizer=tokenizer,
        client=client,
        around=around,
        window=window,
        context=context,
        targets=targets,
    )


def frame_rates(
    corpus: Corpus,
    lexicon: Any = None,
    *,
    by: Any = "source",
    n_boot: int = 500,
    ci: float = 0.95,
    seed: int = 0,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
) -> pd.DataFrame:
    """Rate of each frame of a lexicon per group, with bootstrap intervals.

    A frame's count is the number of occurrences of any of its terms,
    overlapping matches counted once (see the module docstring).

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, path, mapping frame → terms, or list of terms, optional
        Default: the shipped lexicon (:func:`discourse.load_lexicon`).
    by, n_boot, ci, seed, tokenizer, client, around, window, context, targets
        As in :func:`term_rates`.

    Returns
    -------
    DataFrame
        As :func:`term_rates`, with ``frame`` in place of ``term``.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "No external interference, no interference.", "CHN")])
    >>> f = frame_rates(c, {"sovereignty": ["interference", "external interference"]}, n_boot=20)
    >>> int(f["count"].iloc[0])
    2
    """
    if lexicon is None:
        lexicon = load_lexicon()
    return _rates(
        corpus,
        lexicon,
        level="frame",
        by=by,
        n_boot=n_boot,
        ci=ci,
        seed=seed,
        tokenizer=tokenizer,
        client=client,
        around=around,
        window=window,
        context=context,
        targets=targets,
    )


def trends(
    corpus: Corpus,
    terms: Any = None,
    *,
    by: Any = "source",
    period: int = 1,
    smooth: int | None = None,
    level: str = "frame",
    n_boot: int = 500,
    ci: float = 0.95,
    seed: int = 0,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """Rates per group and period (years or bins of years), with bootstrap intervals.

    Parameters
    ----------
    corpus : Corpus
    terms : Lexicon, list of str, mapping or path, optional
        Default: the shipped lexicon.
    by : str, list of str, mapping or callable, default "source"
        The series (one line per group), in any form of ``by=`` (see
        :func:`term_rates`); the period is added to it.
    period : int, default 1
        Bin width in years; bins start at multiples of ``period`` (1990, 2000, …).
    smooth : int, optional
        Moving window, in periods, centred: counts and tokens are summed
        over the window before dividing (also in every bootstrap replicate).
    level : {"frame", "term"}, default "frame"
    n_boot, ci, seed, tokenizer, client
        As in :func:`term_rates`.

    Returns
    -------
    DataFrame
        One row per group × period × frame (or term), every period from the
        first to the last year of the view (empty periods have ``tokens`` 0
        and NaN rates). Columns: the group column(s), ``period`` (first
        year), ``period_end`` (last year), ``frame`` or ``term``, ``count``,
        ``tokens``, ``rate_per_10k``, ``docs``, ``doc_share``, ``ci_low``,
        ``ci_high``.

    Examples
    --------
    >>> import datetime as dt
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document(str(y), "isolation " * (y - 2000) + "peace", "SYR", dt.date(y, 9, 1))
    ...             for y in range(2001, 2005)])
    >>> t = trends(c, ["isolation"], level="term", n_boot=20)
    >>> t["count"].tolist()
    [1, 2, 3, 4]
    """
    cols = _grouping.columns(by)
    if "period" in cols:
        raise ParameterError(f"by={by!r}: 'period' is the column trends add; group by another key")
    level = _check_level(level)
    period = check_int("period", period)
    if smooth is not None:
        smooth = check_int("smooth", smooth)
    n_boot, ci, seed = _check_boot(n_boot, ci, seed)
    if terms is None:
        terms = load_lexicon()
    store, rows, m = prepare(corpus, terms, tokenizer, client)
    labels = store.labels(rows, by, corpus)
    years = store.docs["year"].iloc[rows]
    keep = _grouping.label_mask(labels) & years.notna().to_numpy()
    if not keep.any():
        raise DataError("no document of this corpus view has both a date and a group")
    yrs = years.to_numpy(dtype=np.float64)[keep].astype(np.int64)
    bins = yrs // period * period
    first, last = int(bins.min()), int(bins.max())
    periods = np.arange(first, last + 1, period)
    series_labels, si, _ = _grouping.index_groups(labels[keep])
    P = len(periods)
    gi = si * P + (bins - first) // period
    values, ntok = _values(store, m, rows[keep], level)
    series = [np.arange(s * P, (s + 1) * P) for s in range(len(series_labels))]
    st = _grouped_stats(
        values, ntok, gi, series, n_boot=n_boot, ci=ci, seed=seed, smooth=smooth or None
    )
    groups = [(*_grouping.parts(s, by), int(p)) for s in series_labels for p in periods]
    frame = _table(groups, [*cols, "period"], m.terms if level == "term" else m.frames, level, st)
    frame.insert(
        len(cols) + 1, "period_end", np.minimum(frame["period"] + period - 1, int(yrs.max()))
    )
    return frame


def _pairs(groups: list, target: list | None, reference: list | None) -> list[tuple[Any, Any]]:
    """The pairs (a, b) compared: each target with each reference, each unordered pair once."""
    t_list = groups if target is None else target
    r_list = groups if reference is None else reference
    out, seen = [], set()
    for a in t_list:
        for b in r_list:
            if a == b or frozenset((a, b)) in seen:
                continue
            seen.add(frozenset((a, b)))
            out.append((a, b))
    return out


def rate_differences(
    corpus: Corpus,
    terms: Any,
    *,
    target: Any = None,
    reference: Any = None,
    by: Any = "source",
    level: str = "term",
    n_boot: int = 500,
    ci: float = 0.95,
    seed: int = 0,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
    max_groups: int = 30,
    sources: Sequence[Any] | None = None,
    around: Any = None,
    window: int | None = None,
    context: str | None = None,
    targets: Any = None,
) -> pd.DataFrame:
    """Pairs of groups: rate ratio with interval and a test on the counts.

    Parameters
    ----------
    corpus : Corpus
    terms : Lexicon, list of str, str, mapping or path
        The terms (``level="term"``) or frames (``level="frame"``) compared.
    target : group label or list of labels, optional
        The ``a`` side of each pair (default: every group of the view).
    reference : group label or list of labels, optional
        The ``b`` side (default: every group of the view). Each target is
        compared with each reference, each unordered pair once, in the
        order given: ``target="SYR"`` gives SYR against every other group;
        ``target=L, reference=L`` every pair within ``L``. Unlike
        :func:`~discourse.keyness`, a list is several groups, not a pooled
        bloc (pool with a mapping ``by=``). With ``by=`` a list of keys a
        group is a tuple such as ``("SYR", 2015)``.
    by : str, list of str, mapping or callable, default "source"
        As in :func:`term_rates`.
    level : {"term", "frame"}, default "term"
    n_boot, ci, seed, tokenizer, client
        As in :func:`term_rates`.
    max_groups : int, default 30
        Refuse more groups than this (the pairs grow quadratically); pass
        ``target=`` / ``reference=``.
    sources : list, optional
        Deprecated: ``sources=L`` is ``target=L, reference=L``.
    around, window, context, targets
        Compare rates inside the contexts of a target, as in
        :func:`term_rates` (``target=`` here is still the group compared;
        what is looked around is ``around=``). A target gets its own block
        of rows, with a ``target`` column after the group columns; tokens
        are context tokens.

    Returns
    -------
    DataFrame
        One row per pair × term (or frame). Columns: ``<column>_a``,
        ``<column>_b`` for each group column (``a``/``b`` for a mapping or
        function), ``term`` or ``frame``, ``count_a``, ``tokens_a``,
        ``rate_a``, ``count_b``, ``tokens_b``, ``rate_b`` (per 10k tokens),
        ``ratio`` (rate_a / rate_b), ``ratio_low``, ``ratio_high``
        (document-bootstrap interval), ``log2_ratio``, ``p`` (exact
        conditional binomial test of count_a given count_a + count_b with
        probability tokens_a / (tokens_a + tokens_b), two-sided) and ``q``
        (Benjamini–Hochberg over every row of the table).

    Notes
    -----
    The binomial test treats tokens as independent; when a term clusters in
    a few documents its p-value is optimistic. The bootstrap interval of the
    ratio resamples documents and is the more honest guide.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "isolation " * 30 + "peace " * 70, "SYR"),
    ...             Document("b", "isolation " * 2 + "peace " * 98, "USA")])
    >>> d = rate_differences(c, ["isolation"], n_boot=50)
    >>> round(float(d["ratio"].iloc[0]), 1), bool(d["p"].iloc[0] < 0.001)
    (15.0, True)
    """
    from scipy.stats import binomtest

    if sources is not None:
        if isinstance(sources, str):
            raise ParameterError(f"sources={sources!r}: give a list of two or more groups")
        target = renamed(
            "rate_differences", "sources", "target= and reference", sources, target, default=None
        )
        if reference is not None:
            raise ParameterError("rate_differences(): give target= and reference= only")
        reference = sources
    level = _check_level(level)
    n_boot, ci, seed = _check_boot(n_boot, ci, seed)
    max_groups = check_int("max_groups", max_groups, 2)
    cols = _grouping.columns(by)
    t_vals = _grouping.as_groups(target, by, "target")
    r_vals = _grouping.as_groups(reference, by, "reference")
    store, rows, m = prepare(corpus, terms, tokenizer, client)
    labels = store.labels(rows, by, corpus)
    groups, gi, keep = _grouping.index_groups(labels)
    for name, vals in (("target", t_vals), ("reference", r_vals)):
        missing = [v for v in vals or [] if v not in groups]
        if missing:
            raise ParameterError(
                f"{name}: {known(missing)} not found in this corpus view for by={by!r}; "
                f"known: {known(groups)}"
            )
    pairs = _pairs(groups, t_vals, r_vals)
    wanted = list(dict.fromkeys(g for pair in pairs for g in pair))
    if not pairs:
        raise DataError(
            f"need at least two groups to compare, this view has {len(wanted or groups)}"
        )
    if len(wanted) > max_groups:
        raise ParameterError(
            f"{len(wanted)} groups give {len(pairs):,} pairs; pass target=[...] / "
            f"reference=[...] to choose some, or raise max_groups={max_groups}"
        )
    order = [groups.index(g) for g in wanted]
    remap = np.full(len(groups), -1)
    remap[order] = np.arange(len(order))
    sel = remap[gi] >= 0
    tcx = _contexts(store, around, window, context, targets)
    if tcx is None:
        blocks = [(None, *_values(store, m, rows[keep][sel], level))]
    else:
        scans = tcx.scan(rows[keep][sel], m)
        blocks = [
            (name, sc["terms"] if level == "term" else sc["frames"], sc["tokens"])
            for name, sc in zip(tcx.names, scans, strict=True)
        ]
    names = m.terms if level == "term" else m.frames
    side = {s: [f"{c}_{s}" if c != "group" else s for c in cols] for s in ("a", "b")}
    out = []
    alpha = (1 - ci) / 2
    pos = {g: i for i, g in enumerate(wanted)}
    for bi, (tname, values, ntok) in enumerate(blocks):
        st = _grouped_stats(
            values,
            ntok,
            remap[gi[sel]],
            [np.arange(len(order))],
            n_boot=n_boot,
            ci=ci,
            seed=seed if tname is None else _derive_seed(seed, bi),
            keep_reps=True,
        )
        reps = st["reps"]
        for ga, gb in pairs:
            a, b = pos[ga], pos[gb]
            with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                rr = reps[:, a, :] / reps[:, b, :]
                rr[~np.isfinite(rr)] = np.nan
                lo = np.nanquantile(rr, alpha, axis=0)
                hi = np.nanquantile(rr, 1 - alpha, axis=0)
            head = dict(zip(side["a"], _grouping.parts(ga, by), strict=True))
            head.update(zip(side["b"], _grouping.parts(gb, by), strict=True))
            if tname is not None:
                head["target"] = tname
            for k, name in enumerate(names):
                xa, xb = int(round(st["count"][a, k])), int(round(st["count"][b, k]))
                na, nb = st["tokens"][a], st["tokens"][b]
                ra = 1e4 * xa / na if na else np.nan
                rb = 1e4 * xb / nb if nb else np.nan
                ratio = ra / rb if rb else (np.inf if ra else np.nan)
                p = (
                    binomtest(xa, xa + xb, na / (na + nb)).pvalue
                    if xa + xb > 0 and na > 0 and nb > 0
                    else np.nan
                )
                out.append(
                    {
                        **head,
                        level: name,
                        "count_a": xa,
                        "tokens_a": int(na),
                        "rate_a": ra,
                        "count_b": xb,
                        "tokens_b": int(nb),
                        "rate_b": rb,
                        "ratio": ratio,
                        "ratio_low": lo[k],
                        "ratio_high": hi[k],
                        "log2_ratio": np.log2(ratio) if ratio and np.isfinite(ratio) else np.nan,
                        "p": p,
                    }
                )
    frame = pd.DataFrame(out)
    frame["q"] = benjamini_hochberg(frame["p"].to_numpy(dtype=float))
    return frame


def mentions(
    corpus: Corpus,
    around: Any = None,
    *,
    by: Any = "source",
    targets: Any = None,
    n_boot: int = 500,
    ci: float = 0.95,
    seed: int = 0,
    tokenizer: Tokenizer | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """How often each group mentions each target, per 10,000 tokens, with bootstrap intervals.

    Parameters
    ----------
    corpus : Corpus
    around : str, list of str or mapping, optional
        The targets (names, codes or patterns, as in :func:`term_rates`);
        default every target of ``targets``.
    by : str, list of str, mapping or callable, default "source"
        As in :func:`term_rates`; ``by=["source", "year"]`` for mentions over time.
    targets : Lexicon, path or mapping, optional
        Default :func:`discourse.load_targets`.
    n_boot, ci, seed, tokenizer, client
        As in :func:`term_rates`.

    Returns
    -------
    DataFrame
        One row per group × target. Columns: the group column(s),
        ``target``, ``mentions`` (overlapping matches of the target's
        patterns count once; a match inside a longer match of another
        target does not count), ``tokens`` (all tokens of the group),
        ``rate_per_10k``, ``docs``, ``mention_docs`` (documents with a
        mention), ``doc_share``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Syria and the Syrian people; South Sudan.", "SYR"),
    ...             Document("b", "Sudan and China.", "CHN")])
    >>> t = mentions(c, ["Syria", "Sudan"], n_boot=20)
    >>> t[["source", "target", "mentions"]].values.tolist()
    [['CHN', 'Syria', 0], ['CHN', 'Sudan', 1], ['SYR', 'Syria', 2], ['SYR', 'Sudan', 0]]
    """
    n_boot, ci, seed = _check_boot(n_boot, ci, seed)
    cols = _grouping.columns(by)
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"corpus must be a discourse.Corpus, got {type(corpus).__name__}")
    store = tokens(corpus, tokenizer=tokenizer, client=client)
    rows = store.select(corpus)
    if len(rows) == 0:
        raise DataError("the corpus view has no documents; widen the sources or years filter")
    if around is None:
        tset = load_targets() if targets is None else targets
        around = Lexicon.coerce(tset) if not isinstance(tset, Lexicon) else tset
        around = [n for n in around.frames if not around.descriptions[n].startswith("shield:")]
    tcx = TargetContexts(store, around, window=1, targets=targets)
    labels = store.labels(rows, by, corpus)
    groups, gi, keep = _grouping.index_groups(labels)
    if not groups:
        raise DataError(f"no document of this corpus view has a group for by={by!r}")
    rk = rows[keep]
    values = tcx.mention_counts(rk)
    ntok = store.docs["n_tokens"].to_numpy()[rk].astype(float)
    st = _grouped_stats(values, ntok, gi, [np.arange(len(groups))], n_boot=n_boot, ci=ci, seed=seed)
    frame = _table([_grouping.parts(g, by) for g in groups], cols, tcx.names, "target", st)
    frame = frame.rename(columns={"count": "mentions"})
    frame.insert(
        list(frame.columns).index("docs") + 1,
        "mention_docs",
        np.rint(st["used"].ravel()).astype(np.int64),
    )
    return frame
