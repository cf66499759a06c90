"""Lexicon terms matched on the token store: token ids, phrases as id sequences, counts.

:class:`Matcher` compiles a :class:`~discourse.analysis.lexicon.Lexicon`
against one token store, so the counts of every term and frame in every
document come from the store's document-term matrix (single tokens and
globs) and one scan of the ids for phrases. :func:`prepare` is where every
lexicon analysis (rates, trends, concordances, collocates) starts.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..corpus import Corpus
from ..errors import DataError, ParameterError
from ..tokenization import Tokenizer, TokenStore, tokens
from .lexicon import Lexicon, Term, parse_term

__all__ = ["Matcher", "merged_count", "pattern_ids", "prepare"]

_vocab_arrow: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pattern_ids(store: TokenStore, pattern: str) -> np.ndarray:
    """Vocabulary ids of one token pattern (a token or a glob), vectorised over the vocabulary."""
    if not any(ch in pattern for ch in "*?"):
        i = store.token2id.get(pattern)
        return np.array([] if i is None else [i], dtype=np.int64)
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _vocab_arrow.get(store)
    if arr is None:
        arr = _vocab_arrow[store] = pa.array(store.vocab.tolist(), type=pa.large_string())
    rx = "".join(".*" if ch == "*" else "." if ch == "?" else _re2_escape(ch) for ch in pattern)
    mask = pc.match_substring_regex(arr, pattern=f"^{rx}$").to_numpy(zero_copy_only=False)
    return np.flatnonzero(mask).astype(np.int64)


def _re2_escape(ch: str) -> str:
    return ch if ch.isalnum() or ch == "_" else "\\" + ch


class Matcher:
    """The terms and frames of a lexicon compiled against one token store.

    Parameters
    ----------
    store : TokenStore
    lexicon : Lexicon
    """

    def __init__(self, store: TokenStore, lexicon: Lexicon):
        self.store = store
        self.lexicon = lexicon
        tok = store.tokenizer
        self.terms: list[str] = lexicon.terms
        self.parsed: list[Term] = [parse_term(t, tok) for t in self.terms]
        self.frames: list[str] = list(lexicon.frames)
        index = {t: i for i, t in enumerate(self.terms)}
        self.frame_terms = [[index[t] for t in lexicon.frames[f]] for f in self.frames]
        V = len(store.vocab)
        patterns = list(dict.fromkeys(p for t in self.parsed for p in t.patterns))
        self.pattern_index = {p: i for i, p in enumerate(patterns)}
        ids = [pattern_ids(store, p) for p in patterns]
        self.lookup = np.zeros((len(patterns), V), dtype=bool)
        for i, a in enumerate(ids):
            self.lookup[i, a] = True
        # V × patterns indicator: presence of each pattern per document
        self.pat_ind = _indicator([(a, i) for i, a in enumerate(ids)], V, len(patterns))
        single = [i for i, t in enumerate(self.parsed) if not t.is_phrase]
        self.single = np.array(single, dtype=np.int64)
        self.phrases = [i for i, t in enumerate(self.parsed) if t.is_phrase]
        self.term_pats = [[self.pattern_index[p] for p in t.patterns] for t in self.parsed]
        self.single_ind = _indicator(
            [(ids[self.term_pats[i][0]], k) for k, i in enumerate(single)], V, len(single)
        )
        # per frame: the union of its single-word terms' ids
        self.frame_uni = np.zeros((len(self.frames), V), dtype=bool)
        for f, ts in enumerate(self.frame_terms):
            for i in ts:
                if not self.parsed[i].is_phrase:
                    self.frame_uni[f] |= self.lookup[self.term_pats[i][0]]
        self.frame_ind = sp.csr_matrix(self.frame_uni.T.astype(np.float64))
        self.frame_has_phrase = [
            any(self.parsed[i].is_phrase for i in ts) for ts in self.frame_terms
        ]

    def _starts(self, arr: np.ndarray, term: int, first: np.ndarray | None = None) -> np.ndarray:
        """Match starts of one term in a document's ids.

        ``first`` (optional) holds the positions whose token may start a
        term, narrowing the scan from the whole document to those.
        """
        pats = self.term_pats[term]
        n = len(arr) - len(pats) + 1
        if n <= 0:
            return np.zeros(0, dtype=np.int64)
        if first is None:
            cand = np.flatnonzero(self.lookup[pats[0]][arr[:n]])
        else:
            cand = first[first < n]
            cand = cand[self.lookup[pats[0]][arr[cand]]]
        for k in range(1, len(pats)):
            if not len(cand):
                break
            cand = cand[self.lookup[pats[k]][arr[cand + k]]]
        return cand

    def starts(self, arr: np.ndarray, term: int) -> np.ndarray:
        """Match starts of term number ``term`` in one document's ids (every position scanned)."""
        return self._starts(arr, term)

    def iter_candidates(
        self, rows: np.ndarray, terms: Sequence[int]
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(local index, term mask)`` for documents where each term may match."""
        terms = list(terms)
        pos = 0
        for block, m in self.store.iter_dtm(rows):
            present = (m @ self.pat_ind) > 0
            present = np.asarray(present.todense()) if sp.issparse(present) else np.asarray(present)
            cand = np.ones((len(block), len(terms)), dtype=bool)
            for k, t in enumerate(terms):
                for p in self.term_pats[t]:
                    cand[:, k] &= present[:, p]
            for j in np.flatnonzero(cand.any(axis=1)):
                yield pos + int(j), cand[j]
            pos += len(block)

    def matches(
        self, rows: np.ndarray, terms: Sequence[int] | None = None
    ) -> Iterator[tuple[int, int, np.ndarray, dict[int, np.ndarray]]]:
        """Yield ``(local index, row, ids, {term: match starts})`` for documents with a match."""
        rows = np.asarray(rows, dtype=np.int64)
        terms = list(range(len(self.terms))) if terms is None else list(terms)
        cands = list(self.iter_candidates(rows, terms))
        if not cands:
            return
        local = np.array([c[0] for c in cands], dtype=np.int64)
        masks = [c[1] for c in cands]
        starters = np.zeros(self.lookup.shape[1], dtype=bool)
        for t in terms:
            starters |= self.lookup[self.term_pats[t][0]]
        for (r, arr), j, mask in zip(self.store.iter_ids(rows[local]), local, masks, strict=True):
            found = {}
            first = np.flatnonzero(starters[arr])
            for k, t in enumerate(terms):
                if mask[k]:
                    s = self._starts(arr, t, first)
                    if len(s):
                        found[t] = s
            if found:
                yield int(j), r, arr, found

    def counts(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-document counts: ``(rows × terms, rows × frames)`` (see the module docstring)."""
        rows = np.asarray(rows, dtype=np.int64)
        n, T, F = len(rows), len(self.terms), len(self.frames)
        tc = np.zeros((n, T))
        fc = np.zeros((n, F))
        pos = 0
        for block, m in self.store.iter_dtm(rows):
            sl = slice(pos, pos + len(block))
            if len(self.single):
                tc[sl, self.single] = _dense(m @ self.single_ind)
            fc[sl] = _dense(m @ self.frame_ind)
            pos += len(block)
        if not self.phrases:
            return tc, fc
        phrase_frames = [f for f in range(F) if self.frame_has_phrase[f]]
        for j, _, arr, found in self.matches(rows, self.phrases):
            for t, s in found.items():
                tc[j, t] = len(s)
            for f in phrase_frames:
                hit = [t for t in self.frame_terms[f] if t in found]
                if not hit:
                    continue
                uni = np.flatnonzero(self.frame_uni[f][arr])
                starts = np.concatenate([uni] + [found[t] for t in hit])
                ends = np.concatenate([uni + 1] + [found[t] + len(self.term_pats[t]) for t in hit])
                fc[j, f] = merged_count(starts, ends)
        return tc, fc


def merged_count(starts: np.ndarray, ends: np.ndarray) -> int:
    """Number of clusters of overlapping intervals ``[start, end)``.

    Examples
    --------
    >>> merged_count(np.array([0, 1, 5]), np.array([2, 2, 6]))
    2
    """
    if len(starts) == 0:
        return 0
    order = np.lexsort((-ends, starts))
    s, e = starts[order], ends[order]
    reach = np.maximum.accumulate(e)
    return int(1 + np.count_nonzero(s[1:] >= reach[:-1]))


def _indicator(pairs: list[tuple[np.ndarray, int]], V: int, k: int) -> sp.csr_matrix:
    r = np.concatenate([a for a, _ in pairs]) if pairs else np.zeros(0, np.int64)
    c = np.concatenate([np.full(len(a), j) for a, j in pairs]) if pairs else np.zeros(0, np.int64)
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(V, k))


def _dense(x: Any) -> np.ndarray:
    return np.asarray(x.todense()) if sp.issparse(x) else np.asarray(x)


def prepare(
    corpus: Corpus, terms: Any, tokenizer: Tokenizer | None, client: Any = None
) -> tuple[TokenStore, np.ndarray, Matcher]:
    """The token store, the rows of the view and a :class:`Matcher` for ``terms`` (a lexicon,
    a list of terms or a mapping frame → terms): what every lexicon analysis starts from."""
    if not isinstance(corpus, Corpus):
        raise ParameterError(f"corpus must be a discourse.Corpus, got {type(corpus).__name__}")
    lexicon = Lexicon.coerce(terms)
    store = tokens(corpus, tokenizer=tokenizer, client=client)
    rows = store.select(corpus)
    if len(rows) == 0:
        raise DataError("the corpus view has no documents; widen the sources or years filter")
    return store, rows, Matcher(store, lexicon)
