"""The token store: a tokenised corpus on disk, read many times.

:func:`tokens` returns a :class:`TokenStore` for a corpus. The store
belongs to the *unfiltered* corpus (``corpus.base``) and is keyed by its
fingerprint and the tokenizer settings, so every filtered or grouped view
of the same data (other sources, other years) reuses it; the rows of a
view are found from the store's document table without reading the texts
again (:meth:`TokenStore.select`).

On disk (one cache entry, written atomically, verified on open):

=================  ==========================================================
``ids.u32``        all token ids, document after document (uint32)
``offsets.npy``    start of each document in ``ids.u32`` (+ the end)
``paras.npy``      start of each paragraph in ``ids.u32``
``sents.npy``      start of each sentence in ``ids.u32`` (every paragraph start is one)
``vocab.txt``      the token of each id, one per line
``freq.npy``       corpus frequency and document frequency of each id
``dtm_*``          the document-term matrix in CSR form (counts per document)
``docs.parquet``   id, source, date, year, title, n_tokens, meta (JSON)
=================  ==========================================================

Reading never loads ``ids.u32`` whole: documents are read in order with
bounded buffers, so memory stays flat in corpus size.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _grouping
from .._validation import positive_int
from ..corpus import Corpus
from ..errors import ParameterError
from ..parallel import dask as dask_tools
from .tokenizer import ENGLISH_STOPWORDS, Tokenizer

if TYPE_CHECKING:  # imported where a store is opened or a matrix built: workers start without them
    import pandas as pd
    import scipy.sparse as sp


class TokenStore:
    """Read access to one tokenised corpus (see the module docstring for the files)."""

    def __init__(self, path: Path, *, fingerprint: str, tokenizer: Tokenizer):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self.tokenizer = tokenizer
        self.offsets = np.load(self.path / "offsets.npy")
        self.dtm_indptr = np.load(self.path / "dtm_indptr.npy")
        freq = np.load(self.path / "freq.npy")
        self.term_freq, self.doc_freq = freq[0], freq[1]
        with open(self.path / "vocab.txt", encoding="utf-8") as f:
            self.vocab = np.array(f.read().split("\n")[:-1], dtype=object)
        import pandas as pd

        self.docs = pd.read_parquet(self.path / "docs.parquet")
        self.docs["year"] = pd.array(
            [d.year if d is not None and d == d else None for d in self.docs["date"]], dtype="Int64"
        )
        self._token2id: dict[str, int] | None = None
        self._paras: np.ndarray | None = None
        self._sents: np.ndarray | None = None

    # -- basic facts -------------------------------------------------------
    @property
    def n_docs(self) -> int:
        return len(self.offsets) - 1

    @property
    def n_tokens(self) -> int:
        return int(self.offsets[-1])

    @property
    def token2id(self) -> dict[str, int]:
        if self._token2id is None:
            self._token2id = {t: i for i, t in enumerate(self.vocab)}
        return self._token2id

    @property
    def paragraph_starts(self) -> np.ndarray:
        """Start of each paragraph, as a position in the concatenated ids (sorted)."""
        if self._paras is None:
            self._paras = np.load(self.path / "paras.npy")
        return self._paras

    @property
    def sentence_starts(self) -> np.ndarray:
        """Start of each sentence (rule 8 of :mod:`~discourse.tokenization.tokenizer`), sorted.

        Every paragraph start and every document start is also a sentence start.
        """
        if self._sents is None:
            self._sents = np.load(self.path / "sents.npy")
        return self._sents

    def unit_starts(self, unit: str) -> np.ndarray:
        """:attr:`paragraph_starts` or :attr:`sentence_starts`, for ``unit="paragraph"|"sentence"``."""
        if unit == "paragraph":
            return self.paragraph_starts
        if unit == "sentence":
            return self.sentence_starts
        raise ParameterError(f"unit={unit!r}: use 'paragraph' or 'sentence'")

    def __repr__(self) -> str:
        return f"<TokenStore {self.n_docs:,} docs, {self.n_tokens:,} tokens, {len(self.vocab):,} types>"

    # -- selecting rows ----------------------------------------------------
    def select(self, corpus: Corpus) -> np.ndarray:
        """Row numbers (in store order) of the documents in ``corpus``."""
        if corpus.base.fingerprint != self.fingerprint:
            raise ParameterError(
                "this token store belongs to another corpus; call discourse.tokens(corpus)"
            )
        mask = np.ones(self.n_docs, dtype=bool)
        for f in corpus.filters:
            if f.mask is not None:
                mask &= np.asarray(f.mask(self.docs), dtype=bool)
            else:  # an arbitrary predicate: one pass over the documents
                keep = {d.id for d in corpus.base.derive(f.description, f.keep)}
                mask &= self.docs["id"].isin(keep).to_numpy()
        return np.flatnonzero(mask)

    def doc_frame(self, corpus: Corpus | None = None) -> pd.DataFrame:
        """The document table (id, source, date, year, title, n_tokens, meta) of a view."""
        if corpus is None:
            return self.docs
        return self.docs.iloc[self.select(corpus)].reset_index(drop=True)

    def labels(self, rows: np.ndarray, by: Any, corpus: Corpus | None = None) -> np.ndarray:
        """The group label of each row for any form of ``by=`` (None = not in any group).

        See :mod:`discourse._grouping`; a function of the document reads ``corpus``.
        """
        return _grouping.labels(self.docs.iloc[rows], by, corpus)

    # -- reading tokens ----------------------------------------------------
    def iter_ids(self, rows: Iterable[int] | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(row, token ids)`` for each row, reading the file in order."""
        rows = np.arange(self.n_docs) if rows is None else np.asarray(rows)
        off = self.offsets
        with open(self.path / "ids.u32", "rb") as f:
            for r in rows:
                a, b = int(off[r]), int(off[r + 1])
                f.seek(a * 4)
                yield int(r), np.fromfile(f, dtype=np.uint32, count=b - a)

    def iter_units(
        self, rows: Iterable[int] | None = None, *, unit: str | int = "document"
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(row, ids)`` per unit: whole documents, paragraphs, sentences or N-token chunks."""
        if unit == "document":
            yield from self.iter_ids(rows)
            return
        if unit in ("paragraph", "sentence"):
            starts = self.unit_starts(unit)
            for r, ids in self.iter_ids(rows):
                a = int(self.offsets[r])
                lo, hi = np.searchsorted(starts, [a, a + len(ids)])
                cuts = starts[lo:hi] - a
                for piece in np.split(ids, cuts[1:]) if len(cuts) else [ids]:
                    if len(piece):
                        yield r, piece
            return
        if isinstance(unit, (int, np.integer)) and not isinstance(unit, bool) and unit > 0:
            n = int(unit)
            for r, ids in self.iter_ids(rows):
                for i in range(0, len(ids), n):
                    yield r, ids[i : i + n]
            return
        raise ParameterError(
            f"unit={unit!r}: use 'document', 'paragraph', 'sentence' or a positive number of tokens"
        )

    def stop_mask(
        self, stopwords: Iterable[str] | None = ENGLISH_STOPWORDS, *, min_length: int = 1
    ) -> np.ndarray:
        """Boolean array over the vocabulary: True where a token is dropped."""
        words = frozenset(stopwords or ())
        mask = np.fromiter((t in words for t in self.vocab), dtype=bool, count=len(self.vocab))
        if min_length > 1:
            mask |= np.fromiter(
                (len(t) < min_length for t in self.vocab), dtype=bool, count=len(self.vocab)
            )
        return mask

    def iter_tokens(
        self,
        rows: Iterable[int] | None = None,
        *,
        stopwords: Iterable[str] | None = None,
        unit: str | int = "document",
    ) -> Iterator[list[str]]:
        """Token strings per unit (stop words dropped when ``stopwords`` is given)."""
        drop = self.stop_mask(stopwords) if stopwords else None
        vocab = self.vocab
        for _, ids in self.iter_units(rows, unit=unit):
            if drop is not None:
                ids = ids[~drop[ids]]
            yield vocab[ids].tolist()

    # -- counts ------------------------------------------------------------
    def iter_dtm(
        self, rows: np.ndarray | None = None, *, chunk: int = 2000
    ) -> Iterator[tuple[np.ndarray, sp.csr_matrix]]:
        """Yield ``(rows, counts)`` blocks of the document-term matrix (bounded memory)."""
        import scipy.sparse as sp

        rows = np.arange(self.n_docs) if rows is None else np.asarray(rows, dtype=np.int64)
        V = len(self.vocab)
        ip = self.dtm_indptr
        with (
            open(self.path / "dtm_indices.u32", "rb") as fi,
            open(self.path / "dtm_data.u32", "rb") as fd,
        ):
            for s in range(0, len(rows), chunk):
                block = rows[s : s + chunk]
                starts, ends = ip[block], ip[block + 1]
                lens = ends - starts
                ind = np.empty(int(lens.sum()), dtype=np.uint32)
                dat = np.empty(len(ind), dtype=np.uint32)
                pos = 0
                for a, n in _runs(starts, lens):
                    fi.seek(a * 4)
                    fd.seek(a * 4)
                    ind[pos : pos + n] = np.fromfile(fi, dtype=np.uint32, count=n)
                    dat[pos : pos + n] = np.fromfile(fd, dtype=np.uint32, count=n)
                    pos += n
                indptr = np.concatenate([[0], np.cumsum(lens)])
                yield (
                    block,
                    sp.csr_matrix(
                        (dat.astype(np.int64), ind.astype(np.int32), indptr), shape=(len(block), V)
                    ),
                )

    def dtm(self, rows: np.ndarray | None = None) -> sp.csr_matrix:
        """Document-term count matrix of ``rows`` (rows × vocabulary), in memory."""
        import scipy.sparse as sp

        blocks = [m for _, m in self.iter_dtm(rows)]
        if not blocks:
            return sp.csr_matrix((0, len(self.vocab)), dtype=np.int64)
        return sp.vstack(blocks, format="csr")

    def group_counts(
        self, rows: np.ndarray, labels: np.ndarray, *, client: Any = None, rows_per_task: int = 2000
    ) -> tuple[list, sp.csr_matrix]:
        """Summed term counts per group: ``(groups, groups × vocabulary int64 CSR)``.

        Rows labelled None/NaN are left out; groups are sorted as everywhere
        (:func:`discourse._grouping.sort_key`). With ``client=`` the rows are cut
        into contiguous tasks of at most ``rows_per_task`` documents and each
        Dask worker reads its rows from the store's files with
        :func:`partial_group_counts` (the cache folder must be on a filesystem
        the workers share; see :mod:`discourse.parallel`); the client adds up
        the sparse partial sums. Both give the same matrix.
        """
        import scipy.sparse as sp

        rows = np.asarray(rows, dtype=np.int64)
        labels = np.asarray(labels, dtype=object)
        if len(rows) != len(labels):
            raise ParameterError(f"rows and labels differ in length ({len(rows)} vs {len(labels)})")
        groups, gi, keep = _grouping.index_groups(labels)
        rows = rows[keep]
        if client is not None:
            return groups, self._group_counts_on(client, rows, gi, len(groups), rows_per_task)
        out = sp.csr_matrix((len(groups), len(self.vocab)), dtype=np.int64)
        pos = 0
        for block, m in self.iter_dtm(rows):
            g = gi[pos : pos + len(block)]
            pos += len(block)
            ind = sp.csr_matrix(
                (np.ones(len(block)), (g, np.arange(len(block)))), shape=(len(groups), len(block))
            )
            out = out + (ind @ m).astype(np.int64)
        return groups, out.tocsr()

    def _group_counts_on(
        self, client: Any, rows: np.ndarray, gi: np.ndarray, G: int, rows_per_task: int
    ) -> sp.csr_matrix:
        import scipy.sparse as sp

        dask_tools.check_client(client)
        positive_int("rows_per_task", rows_per_task)
        V = len(self.vocab)
        if len(rows) == 0:
            return sp.csr_matrix((G, V), dtype=np.int64)
        # at least one task per worker when there is enough work, never more rows than asked
        per = max(1, min(rows_per_task, -(-len(rows) // (2 * dask_tools.n_workers(client)))))
        path = str(Path(self.path).resolve())
        tasks = [(path, rows[s : s + per], gi[s : s + per], G, V) for s in range(0, len(rows), per)]
        out = sp.csr_matrix((G, V), dtype=np.int64)
        for part in dask_tools.map_unordered(client, partial_group_counts, tasks):
            out = out + part  # integer sums: order does not matter
        return out.tocsr()

    # -- looking up terms --------------------------------------------------
    def term_ids(self, pattern: str) -> np.ndarray:
        """Vocabulary ids of one token or a glob (``isolat*``, case-insensitive)."""
        p = pattern.lower() if self.tokenizer.lowercase else pattern
        if any(ch in p for ch in "*?["):
            rx = re.compile(fnmatch.translate(p))
            return np.fromiter((i for i, t in enumerate(self.vocab) if rx.match(t)), dtype=np.int64)
        i = self.token2id.get(p)
        return np.array([] if i is None else [i], dtype=np.int64)


def _runs(starts: np.ndarray, lens: np.ndarray) -> Iterator[tuple[int, int]]:
    """Merge adjacent (start, length) reads into contiguous runs."""
    if len(starts) == 0:
        return
    run_a, run_n = int(starts[0]), int(lens[0])
    for a, n in zip(starts[1:].tolist(), lens[1:].tolist(), strict=True):
        if a == run_a + run_n:
            run_n += n
        else:
            yield run_a, run_n
            run_a, run_n = a, n
    yield run_a, run_n


def partial_group_counts(
    path: str, rows: np.ndarray, gi: np.ndarray, n_groups: int, n_terms: int
) -> sp.csr_matrix:
    """groups × V counts of ``rows`` read from a store's DTM files (runs on a Dask worker)."""
    import scipy.sparse as sp

    path_ = Path(path)
    ip = np.load(path_ / "dtm_indptr.npy", mmap_mode="r")
    rows = np.asarray(rows, dtype=np.int64)
    starts = np.asarray(ip[rows], dtype=np.int64)
    lens = np.asarray(ip[rows + 1], dtype=np.int64) - starts
    total = int(lens.sum())
    if total == 0:
        return sp.csr_matrix((n_groups, n_terms), dtype=np.int64)
    # positions of every nonzero of every row: concatenated ranges [start, start + len)
    firsts = np.cumsum(lens) - lens
    pos = np.arange(total, dtype=np.int64) + np.repeat(starts - firsts, lens)
    ind = np.memmap(path_ / "dtm_indices.u32", dtype=np.uint32, mode="r")
    dat = np.memmap(path_ / "dtm_data.u32", dtype=np.uint32, mode="r")
    cols = np.asarray(ind[pos], dtype=np.int64)
    vals = np.asarray(dat[pos], dtype=np.int64)
    grp = np.repeat(np.asarray(gi, dtype=np.int64), lens)
    # COO → CSR sums duplicates (same group, same term) in integer arithmetic
    out = sp.coo_matrix((vals, (grp, cols)), shape=(n_groups, n_terms)).tocsr()
    out.sum_duplicates()
    return out
