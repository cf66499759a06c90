"""Notebook defaults that come from the corpus, not from the UNGDC.

Every report parameter that names sources, groups or terms defaults to
``None`` in the notebooks; one function per kind turns ``None`` into a
choice the corpus supports and checks a value the user gave:

=========================  ====================================================
:func:`focus_sources`      the focus sources: the ``n`` largest by documents
:func:`source_pair`        two sources compared: the two largest
:func:`rest_targets`       sources each compared with all the others
:func:`source_group`       a group of the corpus's SourceTable (else why not)
:func:`embedding_groups`   source → group for per-group models (each source alone)
:func:`group_pair`         two of those groups: the two with most tokens
:func:`lexicon_terms`      lexicon terms (or single words) that occur, most frequent first
:func:`lexicon_frames`     frames of the lexicon that occur, most frequent first
:func:`trend_period`       years per bin of a trend: about seven bins over the years
:func:`topic_unit`         what a topic model sees as a document: paragraphs of long documents
:func:`table_name`         a plain file name for a table from source or term names
:func:`nouns`              what the corpus's documents and sources are called
=========================  ====================================================

A value the corpus lacks raises :class:`~discourse.errors.ParameterError`
naming it and what exists; a corpus that cannot support the choice at all
(one source, no groups, no lexicon term) raises
:class:`~discourse.errors.DataError` with the numbers. Inside
:func:`discourse.section` either becomes the section's note.

:data:`UNGDC_PARAMS` holds the curated choices of the UNGDC report;
:func:`discourse.report.render_report` passes them, to the notebooks that
declare them, only when the corpus is the UNGDC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..analysis.framing import mentions
from ..analysis.lexicon import Lexicon, parse_term
from ..analysis.matching import prepare
from ..analysis.targets import load_targets
from ..corpus import Corpus
from ..errors import DataError, ParameterError
from ..tokenization import tokens

#: The curated parameters of the UN General Debate report (ISO codes and blocs).
UNGDC_PARAMS: dict[str, Any] = {
    "sources": ["CHN", "SYR", "RUS", "USA", "IRN", "GBR", "FRA"],
    "years": [1990, 2023],
    "pair": ["CHN", "USA"],
    "pair_years": [2014, 2023],
    "focus": ["SYR"],
    "bloc": "P5",
    "collocate_pair": ["CHN", "USA"],
    "collocate_term": "sovereignty",
    "trend_frames": ["isolation", "coercion", "hegemony", "multipolarity"],
    "period": 5,
    "kwic_terms": ["isolation", "unilateral coercive measures"],
    "topic_pair": ["CHN", "USA"],
    "blocs": {
        "CHN": "China+Russia",
        "RUS": "China+Russia",
        "SYR": "Syria+Iran",
        "IRN": "Syria+Iran",
        "USA": "US+UK+France",
        "GBR": "US+UK+France",
        "FRA": "US+UK+France",
    },
    "terms": ["isolation", "sovereignty", "sanctions", "terrorism"],
    "focus_term": "sanctions",
    "shift_pair": ["China+Russia", "US+UK+France"],
    # the targets of the question the toolkit was built for: who speaks of Syria's isolation,
    # who calls China a counterweight (the first is compared around, by source)
    "targets": ["Syria", "China", "United States"],
}

#: The keyness columns a page shows (the CSV keeps all of them).
KEYNESS_SHOWN = (
    "term",
    "count_target",
    "count_reference",
    "g2",
    "log_ratio",
    "log_ratio_low",
    "log_ratio_high",
    "q",
)


def keyness_columns(table) -> list[str]:
    """The columns of a keyness table to show on a page: its group column, then :data:`KEYNESS_SHOWN`.

    >>> import pandas as pd
    >>> keyness_columns(pd.DataFrame(columns=["source", *KEYNESS_SHOWN, "chi2", "pct_diff"]))[:3]
    ['source', 'term', 'count_target']
    """
    return [str(table.columns[0]), *KEYNESS_SHOWN]


#: The columns of a shift test (:meth:`AlignedEmbeddings.shift_test`) a page shows;
#: the p-value, q-value and counts follow when the table has them.
SHIFT_SHOWN = ("term", "group_a", "group_b", "shift", "null_q05", "null_q50", "null_q95", "n_null")


def shift_columns(table) -> list[str]:
    """The columns of a shift-test table to show on a page: :data:`SHIFT_SHOWN`, then p, q, counts.

    >>> import pandas as pd
    >>> shift_columns(pd.DataFrame(columns=[*SHIFT_SHOWN, "null_mean", "p", "count_a"]))[-2:]
    ['p', 'count_a']
    """
    return [*SHIFT_SHOWN, *(c for c in ("p", "q", "count_a", "count_b") if c in table)]


#: Reader fields that say the sources are news outlets.
NEWS_SOURCE_FIELDS = ("outlet", "outlets", "publisher", "newspaper", "site", "sitename", "media")
#: Readers whose corpora are news articles (the first part of ``corpus.origin``).
NEWS_READERS = ("read_html", "read_warc")


def _known(values: Sequence[Any], limit: int = 12) -> str:
    shown = ", ".join(repr(v) for v in list(values)[:limit])
    return shown + (f" … ({len(values)} in all)" if len(values) > limit else "")


def _ranked_sources(corpus: Corpus) -> list[str]:
    """Sources by documents, largest first; ties by tokens (largest first), then by name.

    Ties are common (one UN speech a year each; outlets sampled to the same
    size), and the larger text should not lose to an earlier name.
    """
    per = corpus.summary()
    order = sorted(
        zip(per["source"], per["documents"], per["tokens"], strict=True),
        key=lambda r: (-int(r[1]), -int(r[2]), str(r[0])),
    )
    return [s for s, _, _ in order]


def _check_sources(corpus: Corpus, names: Sequence[str], parameter: str) -> list[str]:
    ranked = _ranked_sources(corpus)
    missing = [s for s in names if s not in set(ranked)]
    if missing:
        raise ParameterError(
            f"{parameter}: {_known(missing)} {'is' if len(missing) == 1 else 'are'} not in this "
            f"corpus; its sources (largest first): {_known(ranked)}"
        )
    return list(names)


def _need_sources(corpus: Corpus, n: int, what: str) -> list[str]:
    ranked = _ranked_sources(corpus)
    if len(ranked) < n:
        raise DataError(
            f"{what} needs at least {n} sources; this corpus has {len(ranked)} "
            f"({_known(ranked) or 'none'}) in {len(corpus):,} documents; "
            "read a corpus with more sources (--source FIELD names the field that holds them)"
        )
    return ranked


def focus_sources(corpus: Corpus, sources: Sequence[str] | None = None, *, n: int = 7) -> list[str]:
    """The focus sources: ``sources`` (checked) or the ``n`` largest by documents.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "x", "bbc"), Document("b", "y", "bbc"), Document("c", "z", "cnn")])
    >>> focus_sources(c), focus_sources(c, n=1)
    (['bbc', 'cnn'], ['bbc'])
    """
    if sources:
        return _check_sources(corpus, list(sources), "sources")
    return _ranked_sources(corpus)[:n]


def source_pair(corpus: Corpus, pair: Sequence[str] | None = None) -> list[str]:
    """Target and reference of a two-source comparison: ``pair`` (checked) or the two largest.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "x", "bbc"), Document("b", "y", "bbc"), Document("c", "z", "cnn")])
    >>> source_pair(c)
    ['bbc', 'cnn']
    """
    ranked = _need_sources(corpus, 2, "a comparison of two sources")
    if pair is None:
        return ranked[:2]
    pair = list(pair)
    if len(pair) != 2 or pair[0] == pair[1]:
        raise ParameterError(f"pair {pair!r} must name two different sources, e.g. {ranked[:2]!r}")
    return _check_sources(corpus, pair, "pair")


def rest_targets(
    corpus: Corpus, focus: str | Sequence[str] | None = None, *, n: int = 3
) -> list[str]:
    """Sources each compared with all the others: ``focus`` (checked) or the ``n`` largest.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "x", "bbc"), Document("b", "y", "cnn"), Document("c", "z", "dw")])
    >>> rest_targets(c, n=2), rest_targets(c, "dw")
    (['bbc', 'cnn'], ['dw'])
    """
    ranked = _need_sources(corpus, 2, "one source against all the others")
    if focus is None:
        return ranked[:n]
    focus = [focus] if isinstance(focus, str) else list(focus)
    return _check_sources(corpus, focus, "focus")


def source_group(corpus: Corpus, group: str | None = None) -> str:
    """A group of the corpus's SourceTable to set against the rest.

    ``group`` (checked), or the group with most members in the corpus that
    leaves at least one source outside it. Raises DataError when the
    corpus's source table defines no usable group (any corpus read from a
    file without one).

    Examples
    --------
    >>> from discourse import Corpus, Document, SourceTable
    >>> t = SourceTable(groups={"state": ["xinhua", "cgtn"]})
    >>> c = Corpus([Document(str(i), "x", s) for i, s in enumerate(["xinhua", "cgtn", "bbc"])],
    ...            sources=t)
    >>> source_group(c)
    'state'
    """
    table = corpus.sources
    names = list(table.group_names) if table is not None else []
    have = set(corpus.source_counts())
    usable = {
        g: len(set(table.members(g)) & have)
        for g in names
        if 0 < len(set(table.members(g)) & have) < len(have)
    }
    if group is not None:
        if group not in names:
            raise ParameterError(
                f"bloc {group!r} is not a group of this corpus's source table; "
                + (f"its groups: {_known(names)}" if names else "it defines no groups")
            )
        if group not in usable:
            n_in = len(set(table.members(group)) & have)
            raise DataError(
                f"group {group!r} has {n_in} of its {len(table.members(group))} members among "
                f"this corpus's {len(have)} sources, so it cannot be set against the rest"
            )
        return group
    if not usable:
        raise DataError(
            (
                f"none of the groups of this corpus's source table ({_known(names)}) has "
                f"members both in and outside its {len(have)} sources"
                if names
                else f"this corpus's {len(have)} sources come without a source table of groups"
            )
            + "; give the corpus a SourceTable with groups (discourse.SourceTable.read) "
            "to compare a group with the rest"
        )
    return sorted(usable, key=lambda g: (-usable[g], g))[0]


def embedding_groups(
    corpus: Corpus, groups: Mapping[str, str] | None = None, *, sources: Sequence[str] | None = None
) -> dict[str, str]:
    """Source → group for per-group embedding models: ``groups`` (checked) or each source alone.

    ``sources`` limits the default to those sources (all by default). Of a
    mapping given, the sources the corpus has are kept (a selection of
    sources may leave some out); fewer than two groups left raises.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "x", "bbc"), Document("b", "y", "cnn")])
    >>> embedding_groups(c)
    {'bbc': 'bbc', 'cnn': 'cnn'}
    """
    _need_sources(corpus, 2, "comparing embedding models of groups")
    if groups is None:
        chosen = list(sources) if sources else _ranked_sources(corpus)
        _check_sources(corpus, chosen, "sources")
        return {s: s for s in chosen}
    have = set(corpus.source_counts())
    kept = {s: g for s, g in dict(groups).items() if s in have}
    if len(set(kept.values())) < 2:
        missing = [s for s in groups if s not in have]
        raise ParameterError(
            f"blocs put this corpus's sources into {len(set(kept.values()))} group(s)"
            + (f" ({_known(missing)} not in this corpus)" if missing else "")
            + f"; give at least two groups of its sources: {_known(_ranked_sources(corpus))}"
        )
    return kept


def group_pair(
    corpus: Corpus, groups: Mapping[str, str], pair: Sequence[str] | None = None
) -> list[str]:
    """Two groups of ``groups`` to compare: ``pair`` (checked) or the two with most tokens.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "a b c", "bbc"), Document("b", "a", "cnn"), Document("c", "b", "dw")])
    >>> group_pair(c, {"bbc": "B", "cnn": "C", "dw": "D"})
    ['B', 'C']
    """
    names = sorted(set(groups.values()))
    if pair is not None:
        pair = list(pair)
        missing = [g for g in pair if g not in names]
        if missing or len(pair) != 2:
            raise ParameterError(
                f"shift_pair {pair!r} must name two of the groups {_known(names)}"
                + (f"; {_known(missing)} is not one" if missing else "")
            )
        return pair
    per = corpus.summary().set_index("source")["tokens"]
    tok: dict[str, int] = {}
    for s, g in groups.items():
        tok[g] = tok.get(g, 0) + int(per.get(s, 0))
    if len(tok) < 2:
        raise DataError(f"comparing two groups needs two; these blocs form {len(tok)}")
    return [g for g, _ in sorted(tok.items(), key=lambda kv: (-kv[1], str(kv[0])))[:2]]


def _matches(corpus: Corpus, lexicon: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Matches of each lexicon term and of each frame in the corpus (one pass over its tokens)."""
    try:
        _, rows, m = prepare(corpus, lexicon, None)
    except DataError:  # no documents
        return {}, {}
    tc, fc = m.counts(rows)
    terms = {str(t): int(n) for t, n in zip(m.terms, tc.sum(axis=0), strict=True)}
    frames = {str(f): int(n) for f, n in zip(m.frames, fc.sum(axis=0), strict=True)}
    return terms, frames


def _lexicon_counts(corpus: Corpus, lexicon: Any) -> dict[str, int]:
    return _matches(corpus, lexicon)[0]


def _token_counts(corpus: Corpus, *, by_source: bool = False) -> tuple[Any, Any]:
    """``(store, counts)``: term counts of the corpus (one row) or of each source (None: empty)."""
    store = tokens(corpus)
    rows = store.select(corpus)
    if len(rows) == 0:
        return store, None
    if by_source:
        labels = store.docs["source"].to_numpy(dtype=object)[rows]
    else:
        labels = np.zeros(len(rows), dtype=object)
    return store, store.group_counts(rows, labels)[1]


def _word_counts(corpus: Corpus, lexicon: Any) -> dict[str, int]:
    """Occurrences of each single word a one-word lexicon term matches (globs expanded)."""
    lex = Lexicon.coerce(lexicon)
    store, m = _token_counts(corpus)
    if m is None:
        return {}
    totals = np.asarray(m.sum(axis=0)).ravel()
    out: dict[str, int] = {}
    for t in lex.terms:
        term = parse_term(t, store.tokenizer)
        if term.is_phrase:
            continue
        for i in store.term_ids(term.patterns[0]):
            if totals[i] > 0:
                out[store.vocab[i]] = int(totals[i])
    return out


def lexicon_terms(
    corpus: Corpus,
    lexicon: Any,
    terms: str | Sequence[str] | None = None,
    *,
    n: int = 4,
    words: bool = False,
) -> list[str]:
    """Lexicon terms that occur in the corpus, most frequent first.

    ``terms`` given: each is checked to occur (a term absent from the corpus
    raises, listing the terms that do occur). ``words=True`` gives single
    words (globs expanded to the corpus's words: ``sanction*`` → ``sanctions``),
    for analyses of one word such as embeddings and collocates.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Sanctions and sanctions; sovereignty.", "x")])
    >>> lex = {"coercion": ["sanction*"], "sovereignty": ["sovereign*"], "power": ["hegemony"]}
    >>> lexicon_terms(c, lex), lexicon_terms(c, lex, words=True)
    (['sanction*', 'sovereign*'], ['sanctions', 'sovereignty'])
    """
    if words:
        counts = _word_counts(corpus, lexicon)
    else:
        counts = _lexicon_counts(corpus, lexicon)
    ranked = [t for t, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if k > 0]
    if terms is not None:
        terms = [terms] if isinstance(terms, str) else list(terms)
        if words:
            present = set(ranked)
        else:
            present = set(ranked) | set(_word_counts(corpus, lexicon))
            present |= {t for t in terms if t not in counts and _occurs(corpus, t)}
        missing = [t for t in terms if t not in present]
        if missing:
            raise ParameterError(
                f"term(s) {_known(missing)} do not occur in this corpus; lexicon "
                f"{'words' if words else 'terms'} that do (most frequent first): "
                f"{_known(ranked) or 'none'}"
            )
        return terms
    if not ranked:
        raise DataError(
            f"none of the lexicon's terms occurs in this corpus ({len(corpus):,} documents); "
            "pass a lexicon for its language and subject (--lexicon FILE)"
        )
    return ranked[:n]


def _uses_per_source(corpus: Corpus, words: Sequence[str]) -> dict[str, np.ndarray]:
    """Per-source counts of each single word in ``words`` that the corpus has."""
    store, m = _token_counts(corpus, by_source=True)
    ids = {w: store.token2id[w.lower()] for w in words if w.lower() in store.token2id}
    if m is None or not ids:
        return {}
    return {w: m[:, i].toarray().ravel() for w, i in ids.items()}


def _occurs(corpus: Corpus, term: str) -> bool:
    return sum(_lexicon_counts(corpus, [term]).values()) > 0


def lexicon_frames(
    corpus: Corpus, lexicon: Any, frames: Sequence[str] | None = None, *, n: int = 4
) -> list[str]:
    """Frames of the lexicon that occur in the corpus, most frequent first (``frames`` checked).

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Sanctions, sanctions and sovereignty.", "x")])
    >>> lexicon_frames(c, {"coercion": ["sanction*"], "sovereignty": ["sovereign*"], "p": ["hegemony"]})
    ['coercion', 'sovereignty']
    """
    lex = Lexicon.coerce(lexicon)
    counts = _matches(corpus, lex)[1]
    ranked = [f for f, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if k > 0]
    if frames is not None:
        frames = list(frames)
        missing = [f for f in frames if f not in ranked]
        if missing:
            raise ParameterError(
                f"frame(s) {_known(missing)} "
                + (
                    "are not in the lexicon"
                    if any(f not in lex for f in missing)
                    else "do not occur"
                )
                + f"; frames that occur in this corpus (most frequent first): {_known(ranked) or 'none'}"
            )
        return frames
    if not ranked:
        raise DataError(
            f"no frame of lexicon {lex.name!r} occurs in this corpus ({len(corpus):,} documents); "
            "pass a lexicon for its language and subject (--lexicon FILE)"
        )
    return ranked[:n]


def trend_period(corpus: Corpus, period: int | None = None, *, bins: int = 7) -> int:
    """Years per bin of a trend: ``period`` (checked), or about ``bins`` bins over the corpus's years.

    Raises DataError when the documents have no dates, or when their years
    fall into fewer than two bins of ``period`` (there is no trend to draw).

    Examples
    --------
    >>> import datetime
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document(str(y), "x", "bbc", datetime.date(y, 1, 1)) for y in (1990, 2023)])
    >>> trend_period(c), trend_period(c, 10)
    (5, 10)
    """
    years = sorted({d.year for d in corpus if d.year is not None})
    if not years:
        raise DataError(
            f"a trend needs dates, and none of the {len(corpus):,} documents has one; give the "
            "reader a date field (--date FIELD)"
        )
    span = years[-1] - years[0] + 1
    if period is None:
        period = max(1, round(span / bins))
    if int(period) < 1:
        raise ParameterError(f"period={period!r} must be a whole number of years ≥ 1, e.g. 5")
    period = int(period)
    n_bins = len({(y - years[0]) // period for y in years})
    if n_bins < 2:
        raise DataError(
            f"the documents' years ({years[0]}–{years[-1]}, {span} year(s)) fall into {n_bins} "
            f"bin of period={period} years, and a trend needs at least two; lower the period "
            f"(e.g. --set period=1)"
        )
    return period


#: Documents count as long (topics on their paragraphs) from this median length in tokens …
LONG_DOCUMENT_TOKENS = 1000
#: … when they have at least this median number of paragraphs.
LONG_DOCUMENT_PARAGRAPHS = 5


def topic_unit(corpus: Corpus, unit: str | int | None = None) -> tuple[str | int, str]:
    """What the topic model sees as a document: ``(unit, why)``.

    ``unit`` when given; else ``"paragraph"`` when the median document has
    at least :data:`LONG_DOCUMENT_TOKENS` tokens in at least
    :data:`LONG_DOCUMENT_PARAGRAPHS` paragraphs (a speech or a report moves
    through several themes, and one topic mixture per speech blurs them:
    on the UNGDC 1990–2023, K=20, c_npmi of the top-10 words is +0.067 on
    paragraphs against +0.043 on whole speeches, and no topic is left
    empty), else ``"document"`` (an article, a post). ``why`` says which
    and the medians, for the page.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> topic_unit(Corpus([Document("a", "short text", "bbc")]))[0]
    'document'
    >>> topic_unit(Corpus([Document("a", "short text", "bbc")]), 200)[0]
    200
    """
    if unit is not None:
        return unit, f"unit={unit!r} as given"
    store = tokens(corpus, progress=False)
    rows = store.select(corpus)
    if not len(rows):
        return "document", "no documents"
    lengths = store.offsets[rows + 1] - store.offsets[rows]
    starts = store.paragraph_starts
    paragraphs = np.searchsorted(starts, store.offsets[rows + 1]) - np.searchsorted(
        starts, store.offsets[rows]
    )
    med_len, med_par = float(np.median(lengths)), float(np.median(paragraphs))
    long = med_len >= LONG_DOCUMENT_TOKENS and med_par >= LONG_DOCUMENT_PARAGRAPHS
    choice = "paragraph" if long else "document"
    why = (
        f"{'paragraphs' if long else 'whole documents'}: the median document has "
        f"{med_len:,.0f} tokens in {med_par:,.0f} paragraph(s)"
    )
    return choice, why


def table_name(*parts: Any) -> str:
    """A plain file name for a table from its parts (source names may hold spaces or slashes).

    >>> table_name("keyness_focus", "Le Monde"), table_name("x", "<b>X</b>")
    ('keyness_focus_Le_Monde', 'x_b_X_b')
    """
    import re

    return "_".join(p for p in (re.sub(r"\W+", "_", str(x)).strip("_") for x in parts) if p)


#: The nouns of the UNGDC, of news and of any other corpus.
NOUNS = {
    "ungdc": {
        "document": "speech",
        "documents": "speeches",
        "source": "country",
        "sources": "countries",
    },
    "news": {
        "document": "article",
        "documents": "articles",
        "source": "outlet",
        "sources": "outlets",
    },
    "other": {
        "document": "document",
        "documents": "documents",
        "source": "source",
        "sources": "sources",
    },
}


def nouns(corpus: Corpus, reader_options: Mapping[str, Any] | None = None) -> dict[str, str]:
    """What the corpus's documents and sources are called in the report's prose.

    The UNGDC's are speeches and countries; a corpus read by a news reader
    (``read_html``, ``read_warc``), or whose source field is an outlet-like
    field (``--source outlet``, ``publisher``, ``site`` …), has articles and
    outlets; any other has documents and sources.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "x", "bbc")], name="news")
    >>> nouns(c)["documents"], nouns(c, {"source": "outlet"})["sources"]
    ('documents', 'outlets')
    """
    origin = str(getattr(corpus, "origin", "") or "")
    if corpus.name == "ungdc" or origin.startswith("discourse.datasets.ungdc"):
        return dict(NOUNS["ungdc"])
    field = str((reader_options or {}).get("source", "")).lower()
    if origin.split("|", 1)[0] in NEWS_READERS or field in NEWS_SOURCE_FIELDS:
        return dict(NOUNS["news"])
    return dict(NOUNS["other"])


def focus_targets(
    corpus: Corpus, targets: str | Sequence[str] | None = None, *, n: int = 3, lexicon: Any = None
) -> list[str]:
    """Targets to follow: ``targets`` (checked against the target lexicon) or the ``n`` most mentioned.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Syria, Syria and China.", "X"), Document("b", "Syria.", "Y")])
    >>> focus_targets(c, n=2)
    ['Syria', 'China']
    """
    lex = load_targets(lexicon) if lexicon is None or isinstance(lexicon, (str, Path)) else lexicon
    if targets is not None:
        wanted = [targets] if isinstance(targets, str) else list(targets)
        known = {name.lower(): name for name in lex.frames}
        missing = [t for t in wanted if t.lower() not in known]
        if missing:
            raise ParameterError(
                f"targets: {_known(missing)} not in the target lexicon; its targets include "
                f"{_known(sorted(lex.frames))} (add your own with a targets TOML file)"
            )
        return [known[t.lower()] for t in wanted]
    counts = mentions(corpus, by="source", targets=lex, n_boot=1)
    totals = counts.groupby("target")["mentions"].sum()
    totals = totals[totals > 0].sort_values(ascending=False, kind="stable")
    if totals.empty:
        raise DataError(
            f"none of the {len(lex.frames)} targets of the lexicon is mentioned in this corpus "
            f"({len(corpus):,} documents); give targets= from a lexicon of your own"
        )
    return [str(t) for t in totals.index[:n]]


def target_sources(
    corpus: Corpus,
    target: str,
    sources: Sequence[str] | None = None,
    *,
    n: int = 6,
    lexicon: Any = None,
) -> list[str]:
    """Sources compared around ``target``, those that mention it most first.

    ``sources`` (checked, all kept) or the ``n`` that mention it most; so the
    first two are the pair a notebook compares. At least two sources must
    mention the target, else a :class:`DataError` with the counts.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Syria and Syria.", "X"), Document("b", "Syria.", "Y"),
    ...             Document("c", "China.", "Z")])
    >>> target_sources(c, "Syria")
    ['X', 'Y']
    >>> target_sources(c, "Syria", ["Z", "Y", "X"])
    ['X', 'Y', 'Z']
    """
    lex = load_targets(lexicon) if lexicon is None or isinstance(lexicon, (str, Path)) else lexicon
    if sources:
        sources = _check_sources(corpus, list(sources), "sources")
        counts = mentions(corpus.filter(source=sources), [target], targets=lex, n_boot=1)
        rank = dict(zip(counts["source"], counts["mentions"], strict=True))
        return sorted(sources, key=lambda s: -rank.get(s, 0))  # stable: ties keep their order
    counts = mentions(corpus, [target], by="source", targets=lex, n_boot=1)
    counts = counts[counts["mentions"] > 0].sort_values(
        ["mentions", "source"], ascending=[False, True], kind="stable"
    )
    if len(counts) < 2:
        raise DataError(
            f"a comparison around {target!r} needs two sources that mention it; "
            f"{len(counts)} do ({_known(counts['source'].tolist()) or 'none'})"
        )
    return [str(s) for s in counts["source"].head(n)]


def meaning_term(
    corpus: Corpus,
    term: str | None = None,
    *,
    candidates: Sequence[str] = (),
    min_uses: int = 20,
) -> str:
    """The term whose meaning is compared: ``term`` (checked) or a candidate the corpus supports.

    The first candidate that two sources each use at least ``min_uses``
    times (what :func:`discourse.meaning` needs to compare them); failing
    that, the first that occurs at all (the section then says how many uses
    each source has).

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Isolation ends.", "X")])
    >>> meaning_term(c, candidates=["sanctions", "isolation"])
    'isolation'
    >>> docs = [Document(s, "sanctions isolation " + "isolation " * 20, s) for s in "AB"]
    >>> meaning_term(Corpus(docs), candidates=["sanctions", "isolation"])
    'isolation'
    """
    if term is not None:
        if not _occurs(corpus, term):
            raise ParameterError(f"term {term!r} does not occur in this corpus; choose another")
        return term
    uses = {w: u for w, u in _uses_per_source(corpus, candidates).items() if u.sum() > 0}
    for cand in candidates:
        if np.count_nonzero(uses.get(cand, np.zeros(0)) >= min_uses) >= 2:
            return cand
    for cand in candidates:  # the section will say how many uses each source has
        if cand in uses:
            return cand
    raise DataError(
        f"none of {_known(list(candidates))} occurs in this corpus; give term= a word it uses"
    )
