"""The passages behind the numbers: keyword in context, collocates, dispersion.

Matches are found on the token store exactly as :mod:`discourse.framing`
counts them (same words, phrases and globs), so a concordance shows the
lines behind a rate. :func:`kwic` then reads the raw text of only the
documents it shows, to cut the context from the original wording.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import _grouping
from .._validation import UNSET, check_int, renamed
from ..corpus import Corpus, date_precision, shown_date
from ..errors import DataError, ParameterError
from ..stats import check_seed
from ..tokenization.tokenizer import ENGLISH_STOPWORDS, TOKEN_RE, Tokenizer
from .matching import prepare
from .targets import TargetContexts, check_around, check_context

__all__ = ["Concordance", "kwic", "collocates", "compare_collocates", "dispersion"]

_WS = re.compile(r"\s+")
_HTML_ROWS = 200


class Concordance(pd.DataFrame):
    """A KWIC table that displays in a notebook with the match highlighted.

    Every value from the corpus is HTML-escaped in the display.
    """

    @property
    def _constructor(self):
        return Concordance

    def _repr_html_(self) -> str:  # noqa: D401 - IPython hook
        cols = [c for c in self.columns if c not in ("left", "match", "right", "position")]
        precision = self.attrs.get("date_precision", "day")
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
        body = []
        for _, row in self.head(_HTML_ROWS).iterrows():
            meta = "".join(
                f"<td>{html.escape(shown_date(row[c], precision) if c == 'date' else _fmt(row[c]))}</td>"
                for c in cols
            )
            body.append(
                f"<tr>{meta}<td style='text-align:right;white-space:nowrap'>"
                f"{html.escape(str(row['left']))}</td>"
                f"<td style='text-align:center'><mark><b>{html.escape(str(row['match']))}</b></mark></td>"
                f"<td style='text-align:left;white-space:nowrap'>{html.escape(str(row['right']))}</td></tr>"
            )
        more = len(self) - _HTML_ROWS
        tail = f"<p>… {more:,} more lines</p>" if more > 0 else ""
        return (
            f"<div class='discourse-kwic'><p>{len(self):,} lines</p><table><thead><tr>{head}"
            f"<th>left</th><th>match</th><th>right</th></tr></thead><tbody>{''.join(body)}"
            f"</tbody></table>{tail}</div>"
        )


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return str(v)


def _spans(text: str, tokenizer: Tokenizer) -> tuple[str, list[tuple[int, int]]]:
    """Normalised text and the span of each of its tokens, as the store tokenised it."""
    norm = tokenizer.normalize(text)
    spans = [m.span() for m in TOKEN_RE.finditer(norm)]  # tokenised as written, then lowercased
    if tokenizer.min_length > 1:
        low = tokenizer.lowercase
        spans = [
            (a, b)
            for a, b in spans
            if len(norm[a:b].lower() if low else norm[a:b]) >= tokenizer.min_length
        ]
    return norm, spans


def _all_matches(corpus: Corpus, pattern: Any, client: Any = None):
    store, rows, m = prepare(corpus, pattern, None, client)
    if store.tokenizer.mwes:
        raise ParameterError(
            "kwic/collocates/dispersion read the default token store; pass a tokenizer without mwes="
        )
    return store, rows, m


def kwic(
    corpus: Corpus,
    pattern: Any,
    *,
    window: int = 8,
    by: Any = None,
    n: int | None = None,
    seed: int = 0,
    client: Any = None,
    around: Any = None,
    within: int | None = None,
    context: str | None = None,
    targets: Any = None,
) -> Concordance:
    """Keyword-in-context lines for a word, phrase, glob, list of terms or lexicon.

    Parameters
    ----------
    corpus : Corpus
    pattern : str, list of str, Lexicon or mapping
        ``"isolation"``, ``"unilateral coercive measures"``, ``"isolat*"``.
    window : int, default 8
        Tokens of context on each side.
    by : str, list of str, mapping or callable, optional
        Add the group column(s) (as ``by=`` in :func:`discourse.term_rates`);
        with ``n``, sample ``n`` lines per group.
    n : int, optional
        Sample this many lines at random (per group with ``by``); default all.
    seed : int, default 0
        For the sample.
    client : dask.distributed.Client, optional
        Tokenise the corpus on a Dask cluster when its token store is not
        cached yet (as in :func:`discourse.term_rates`).
    around : str, list of str or mapping, optional
        Keep only the lines whose match lies inside the contexts of a target
        (names, codes or patterns as in :func:`discourse.term_rates`); adds a
        ``target`` column (the first target whose context holds the match).
    within : int, optional
        With ``around``: the target's context window, in tokens either side
        of a mention (default 10; ``window=`` is the width of the lines
        shown).
    context : {None, "sentence", "paragraph"}
        With ``around``: keep the matches in a sentence (or a paragraph)
        that holds a mention, instead of those ``within`` tokens of one
        (not with ``within``).
    targets
        With ``around``: as in :func:`discourse.term_rates`.

    Returns
    -------
    Concordance
        A DataFrame with columns ``doc_id, source, date`` (the group
        column(s) after these with ``by``, unless one of these already
        holds it, as for ``by="source"``), ``term`` (which term matched), ``left,
        match, right`` (original wording, white space collapsed) and
        ``position`` (token index of the match), in corpus order. In a
        notebook it displays with the match highlighted, all text escaped,
        and dates as the corpus gives them (``attrs["date_precision"]``:
        the UNGDC's ``1993``, not ``1993-01-01``).

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Syria rejects the Isolation imposed on it.", "SYR")])
    >>> k = kwic(c, "isolat*", window=2)
    >>> k[["left", "match", "right"]].values.tolist()
    [['rejects the', 'Isolation', 'imposed on']]
    """
    window = check_int("window", window, 0)
    seed = check_seed(seed)
    if n is not None:
        n = check_int("n", n)
    check_around(around, {"within": within, "context": context, "targets": targets})
    if around is not None:
        check_context(within, context, name="within")
    store, rows, m = _all_matches(corpus, pattern, client)
    found = [(r, t, int(s)) for _, r, _, f in m.matches(rows) for t, ss in f.items() for s in ss]
    found.sort()
    tnames = None
    if around is not None:
        tcx = TargetContexts(store, around, window=within, context=context, targets=targets)
        tnames = {}
        hit_rows = np.array(sorted({r for r, _, _ in found}), dtype=np.int64)
        ctx_of = {r: per for _, r, _, per in tcx.iter_docs(hit_rows)}
        kept = []
        for r, t, s in found:
            L = len(m.term_pats[t])
            for k, item in enumerate(ctx_of.get(r, ())):
                if item is not None and item[2][s : s + L].all():
                    kept.append((r, t, s))
                    tnames[(r, s)] = tcx.names[k]
                    break
        found = kept
    fixed = ["doc_id", "source", "date"]
    cols = _grouping.columns(by) if by is not None else []
    extra = [c for c in cols if c not in fixed]  # by="source" adds no second source column
    frame = store.docs
    lab = None
    if by is not None:
        hit_rows = np.array(sorted({r for r, _, _ in found}), dtype=np.int64)
        labels = store.labels(hit_rows, by, corpus)
        lab = dict(zip(hit_rows.tolist(), labels.tolist(), strict=True))
        found = [x for x in found if lab[x[0]] is not None]
    if n is not None and len(found) > n:
        rng = np.random.default_rng(seed)
        if by is None:
            pick = np.sort(rng.choice(len(found), size=n, replace=False))
            found = [found[i] for i in pick]
        else:
            groups: dict[Any, list[int]] = {}
            for i, x in enumerate(found):
                groups.setdefault(lab[x[0]], []).append(i)
            keep = []
            for g in sorted(groups, key=str):
                idx = groups[g]
                if len(idx) > n:
                    idx = sorted(rng.choice(idx, size=n, replace=False).tolist())
                keep.extend(idx)
            found = [found[i] for i in sorted(keep)]
    wanted = {frame["id"].iloc[r]: r for r in {r for r, _, _ in found}}
    texts = {wanted[i]: t for i, t in corpus.texts(wanted).items()} if wanted else {}
    tok = store.tokenizer
    cache: dict[int, tuple[str, list]] = {}
    out = []
    for r, t, s in found:
        if r not in cache:
            cache[r] = _spans(texts[r], tok)
        text, spans = cache[r]
        if len(spans) != int(frame["n_tokens"].iloc[r]):
            raise DataError(
                f"document {frame['id'].iloc[r]!r} no longer matches its token cache "
                "(the text changed?); clear the cache with `discourse cache clear tokens`"
            )
        L = len(m.term_pats[t])
        a, b = spans[s][0], spans[s + L - 1][1]
        lo = spans[max(0, s - window)][0] if window else a
        hi = spans[min(len(spans) - 1, s + L - 1 + window)][1] if window else b
        row = {
            "doc_id": frame["id"].iloc[r],
            "source": frame["source"].iloc[r],
            "date": frame["date"].iloc[r],
        }
        if by is not None:
            row.update(zip(cols, _grouping.parts(lab[r], by), strict=True))
        row.update(
            term=m.terms[t],
            left=_WS.sub(" ", text[lo:a]).strip(),
            match=_WS.sub(" ", text[a:b]),
            right=_WS.sub(" ", text[b:hi]).strip(),
            position=s,
        )
        if tnames is not None:
            row["target"] = tnames[(r, s)]
        out.append(row)
    columns = [*fixed, *extra, "term", "left", "match", "right", "position"]
    if tnames is not None:
        columns.insert(len(fixed) + len(extra), "target")
    lines = Concordance(pd.DataFrame(out, columns=columns))
    shown_rows = sorted({r for r, _, _ in found})
    lines.attrs["date_precision"] = date_precision(frame.iloc[shown_rows])
    return lines


def _window_mask(n: int, starts: np.ndarray, length: int, window: int) -> np.ndarray:
    """Positions within ``window`` tokens of a match (the match itself excluded)."""
    diff = np.zeros(n + 1, dtype=np.int64)
    np.add.at(diff, np.clip(starts - window, 0, n), 1)
    np.add.at(diff, np.clip(starts + length + window, 0, n), -1)
    inside = np.cumsum(diff[:n]) > 0
    dm = np.zeros(n + 1, dtype=np.int64)
    np.add.at(dm, starts, 1)
    np.add.at(dm, np.clip(starts + length, 0, n), -1)
    inside &= ~(np.cumsum(dm[:n]) > 0)
    return inside


def _group_freq(store: Any, rows: np.ndarray, gi: np.ndarray, G: int) -> sp.csr_matrix:
    """Summed term counts per group index (groups × vocabulary), streamed over the matrix."""
    out = sp.csr_matrix((G, len(store.vocab)), dtype=np.int64)
    pos = 0
    for block, mat in store.iter_dtm(rows):
        g = gi[pos : pos + len(block)]
        pos += len(block)
        ind = sp.csr_matrix(
            (np.ones(len(block)), (g, np.arange(len(block)))), shape=(G, len(block))
        )
        out = out + (ind @ mat).astype(np.int64)
    return out.tocsr()


def collocates(
    corpus: Corpus,
    term: Any,
    *,
    window: int = 5,
    by: Any = "source",
    min_count: int = 3,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    client: Any = None,
) -> pd.DataFrame:
    """Words that occur near a term, per group: counts, PMI and log-Dice.

    Parameters
    ----------
    corpus : Corpus
    term : str, list of str or Lexicon
        The node: a word, phrase or glob (several terms are pooled).
    window : int, default 5
        Tokens on each side of each match, within the document.
    by : str, list of str, mapping or callable, default "source"
        As in :func:`discourse.term_rates`.
    min_count : int, default 3
        Keep collocates seen at least this often in a group's windows.
    stopwords : iterable of str, optional
        Dropped as collocates (default :data:`discourse.ENGLISH_STOPWORDS`).
    client : dask.distributed.Client, optional
        As in :func:`kwic`.

    Returns
    -------
    DataFrame
        One row per group × collocate, sorted by group then log-Dice.
        Columns: the group column(s), ``collocate``, ``count`` (token
        positions in the windows holding it; overlapping windows count a
        position once), ``expected`` (``freq × window_tokens / tokens`` of
        the group), ``pmi`` (log2 count / expected), ``log_dice`` (14 +
        log2(2 count / (node_count + freq))), ``freq`` (its count in the
        group), ``node_count`` (matches of the term in the group),
        ``window_tokens``.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "end the illegal blockade now; the illegal blockade harms", "CUB")])
    >>> col = collocates(c, "blockade", window=1, min_count=2)
    >>> col[["collocate", "count"]].values.tolist()
    [['illegal', 2]]
    """
    window = check_int("window", window)
    min_count = check_int("min_count", min_count)
    cols = _grouping.columns(by)
    store, rows, m = _all_matches(corpus, term, client)
    labels = store.labels(rows, by, corpus)
    groups, gi, keep = _grouping.index_groups(labels)
    rows, gi_rows = rows[keep], gi
    local_group = gi_rows
    V = len(store.vocab)
    G = len(groups)
    drop = store.stop_mask(stopwords) if stopwords else np.zeros(V, dtype=bool)
    pairs_g: list[np.ndarray] = []
    pairs_id: list[np.ndarray] = []
    node = np.zeros(G)
    wtok = np.zeros(G)
    for j, _, arr, found in m.matches(rows):
        g = local_group[j]
        starts = np.concatenate(list(found.values()))
        lengths = np.concatenate([np.full(len(s), len(m.term_pats[t])) for t, s in found.items()])
        node[g] += len(starts)
        inside = np.zeros(len(arr), dtype=bool)
        for L in np.unique(lengths):
            inside |= _window_mask(len(arr), starts[lengths == L], int(L), window)
        ids = arr[inside]
        wtok[g] += len(ids)
        ids = ids[~drop[ids]]
        pairs_g.append(np.full(len(ids), g))
        pairs_id.append(ids.astype(np.int64))
    columns = [
        *cols,
        "collocate",
        "count",
        "expected",
        "pmi",
        "log_dice",
        "freq",
        "node_count",
        "window_tokens",
    ]
    if not pairs_g or not any(len(p) for p in pairs_id):
        return pd.DataFrame(columns=columns)
    keys, counts = np.unique(
        np.concatenate(pairs_g) * V + np.concatenate(pairs_id), return_counts=True
    )
    kg, kid = keys // V, keys % V
    ok = counts >= min_count
    kg, kid, counts = kg[ok], kid[ok], counts[ok]
    gc = _group_freq(store, rows, gi_rows, G)
    freq = np.asarray(gc[kg, kid]).ravel().astype(float) if len(kg) else np.zeros(0)
    gtok = np.bincount(gi_rows, weights=store.docs["n_tokens"].to_numpy()[rows], minlength=G)
    expected = freq * wtok[kg] / np.maximum(gtok[kg], 1)
    with np.errstate(divide="ignore"):
        pmi = np.log2(counts / expected)
        log_dice = 14 + np.log2(2 * counts / (node[kg] + freq))
    data: dict[str, Any] = _grouping.column_values([groups[g] for g in kg], by)
    data.update(
        collocate=pd.array(store.vocab[kid].tolist(), dtype="string"),
        count=counts.astype(np.int64),
        expected=expected,
        pmi=pmi,
        log_dice=log_dice,
        freq=freq.astype(np.int64),
        node_count=node[kg].astype(np.int64),
        window_tokens=wtok[kg].astype(np.int64),
    )
    out = pd.DataFrame(data, columns=columns)
    out["_g"] = kg
    out = out.sort_values(["_g", "log_dice", "collocate"], ascending=[True, False, True])
    return out.drop(columns="_g").reset_index(drop=True)


def compare_collocates(
    corpus: Corpus,
    term: Any,
    target: Any = None,
    reference: Any = None,
    *,
    window: int = 5,
    by: Any = "source",
    min_count: int = 3,
    n: int = 20,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    client: Any = None,
    a: Any = UNSET,
    b: Any = UNSET,
    top: Any = UNSET,
) -> pd.DataFrame:
    """Collocates of a term for two groups side by side.

    Parameters
    ----------
    corpus : Corpus
    term : str, list of str or Lexicon
    target, reference : group labels
        Two groups of ``by`` (two sources by default; a tuple such as
        ``("SYR", 2015)`` for ``by=`` a list of keys). The ``_a`` columns
        are the target's, the ``_b`` columns the reference's.
    window, by, min_count, stopwords, client
        As in :func:`collocates`.
    n : int, default 20
        Keep the union of each group's ``n`` collocates by log-Dice.
    a, b, top
        Deprecated names of ``target``, ``reference`` and ``n``.

    Returns
    -------
    DataFrame
        Columns ``collocate, count_a, log_dice_a, count_b, log_dice_b,
        log_dice_diff`` (a − b; NaN where one group lacks it), sorted by the
        larger log-Dice.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "illegal blockade. illegal blockade.", "CUB"),
    ...             Document("b", "naval blockade. naval blockade.", "USA")])
    >>> t = compare_collocates(c, "blockade", target="CUB", reference="USA", window=1, min_count=2)
    >>> t["collocate"].tolist()
    ['illegal', 'naval']
    """
    if a is not UNSET:
        target = renamed(
            "compare_collocates",
            "a",
            "target",
            a,
            UNSET if target is None else target,
            default=UNSET,
        )
    if b is not UNSET:
        reference = renamed(
            "compare_collocates",
            "b",
            "reference",
            b,
            UNSET if reference is None else reference,
            default=UNSET,
        )
    if top is not UNSET:
        n = renamed("compare_collocates", "top", "n", top, UNSET if n == 20 else n, default=UNSET)
    if target is None or reference is None:
        raise ParameterError(
            "compare_collocates(): give the two groups, e.g. target='CUB', reference='USA'"
        )
    for name, g in (("target", target), ("reference", reference)):
        if not _grouping.one_label(g, by):
            raise ParameterError(
                f"{name}={g!r}: name one group of by={by!r}"
                + (" (a tuple, one value per key)" if isinstance(by, (list, tuple)) else "")
                + "; to pool groups, pass a mapping as by="
            )
    n = check_int("n", n)
    table = collocates(
        corpus, term, window=window, by=by, min_count=min_count, stopwords=stopwords, client=client
    )
    cols = _grouping.columns(by)
    label = list(zip(*(table[c] for c in cols), strict=True)) if len(table) else []
    have = set(label)
    sides = [("_a", target), ("_b", reference)]
    for (_, g), name in zip(sides, ("target", "reference"), strict=True):
        if _grouping.parts(g, by) not in have:
            shown = sorted(str(h[0] if len(h) == 1 else h) for h in have)
            raise DataError(
                f"{name}={g!r} has no collocates of {term!r} with min_count={min_count} "
                f"(groups with some: {shown[:12]}); lower min_count or choose another group"
            )
    full = {}
    picked = []
    for suffix, g in sides:
        key = _grouping.parts(g, by)
        part = table[np.array([lab == key for lab in label], dtype=bool)]
        picked += part.nlargest(n, "log_dice")["collocate"].tolist()
        full[suffix] = part.set_index("collocate")
    words = list(dict.fromkeys(picked))
    out = pd.DataFrame({"collocate": pd.array(words, dtype="string")})
    for suffix, _ in sides:
        f = full[suffix]
        out["count" + suffix] = [int(f.at[w, "count"]) if w in f.index else 0 for w in words]
        out["log_dice" + suffix] = [
            float(f.at[w, "log_dice"]) if w in f.index else np.nan for w in words
        ]
    out["log_dice_diff"] = out["log_dice_a"] - out["log_dice_b"]
    best = np.fmax(out["log_dice_a"].to_numpy(), out["log_dice_b"].to_numpy())
    out = out.iloc[np.argsort(-best, kind="stable")].reset_index(drop=True)
    return out


def dispersion(
    corpus: Corpus, terms: Any, *, by: Any = "source", client: Any = None
) -> pd.DataFrame:
    """Where terms fall: one row per match, for an x-ray (dispersion) plot.

    Parameters
    ----------
    corpus : Corpus
    terms : str, list of str or Lexicon
    by : str, list of str, mapping or callable, default "source"
        As in :func:`discourse.term_rates`.
    client : dask.distributed.Client, optional
        As in :func:`kwic`.

    Returns
    -------
    DataFrame
        Columns: the group column(s) (except ``year`` or ``date``, which
        are columns anyway), ``term``, ``doc_id``, ``date``, ``year``, ``position`` (token index in the document), ``n_tokens``
        (document length), ``relative`` (position / n_tokens, in [0, 1)),
        in corpus order.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "isolation at the start, not isolation", "SYR")])
    >>> dispersion(c, "isolation")["relative"].round(2).tolist()
    [0.0, 0.83]
    """
    cols = _grouping.columns(by)
    store, rows, m = _all_matches(corpus, terms, client)
    labels = store.labels(rows, by, corpus)
    out = []
    docs = store.docs
    for j, r, arr, found in m.matches(rows):
        g = labels[j]
        if g is None:
            continue
        for t, starts in found.items():
            for s in starts.tolist():
                out.append((g, m.terms[t], r, s, len(arr)))
    out.sort(key=lambda x: (x[2], x[3]))
    fixed = ["term", "doc_id", "date", "year", "position", "n_tokens", "relative"]
    columns = [*(c for c in cols if c not in fixed), *fixed]
    if not out:
        return pd.DataFrame(columns=columns)
    rr = np.array([x[2] for x in out])
    pos = np.array([x[3] for x in out])
    ntok = np.array([x[4] for x in out])
    data: dict[str, Any] = _grouping.column_values([x[0] for x in out], by)
    data.update(
        term=pd.array([x[1] for x in out], dtype="string"),
        doc_id=docs["id"].to_numpy()[rr],
        date=docs["date"].to_numpy()[rr],
        year=docs["year"].to_numpy()[rr],
        position=pos,
        n_tokens=ntok,
        relative=pos / ntok,
    )
    return pd.DataFrame(data, columns=columns)
