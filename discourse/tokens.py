"""The token cache: a corpus tokenised once, read many times.

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
``vocab.txt``      the token of each id, one per line
``freq.npy``       corpus frequency and document frequency of each id
``dtm_*``          the document-term matrix in CSR form (counts per document)
``docs.parquet``   id, source, date, year, title, n_tokens, meta (JSON)
=================  ==========================================================

Reading never loads ``ids.u32`` whole: documents are read in order with
bounded buffers, so memory stays flat in corpus size.
"""

from __future__ import annotations

import array
import fnmatch
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import cache
from .corpus import Corpus, Document, ReadStats, group_key
from .errors import DataError, ParameterError, ReaderError
from .text import ENGLISH_STOPWORDS, Tokenizer

STORE_VERSION = 1
_BATCH_CHARS = 4_000_000  # text handed to one tokenising task


class _Vocab(dict):
    """token → id, assigning the next id to an unseen token."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


def _tokenize_batch(
    texts: list[str], tok_key: dict
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Tokenise texts with a local vocabulary.

    Returns the local vocabulary, the concatenated local ids, the number of
    tokens per document (pieces of a long document, marked
    :class:`_Continued`, are added to the document before them), and
    paragraph starts relative to the batch start.
    """
    tok = Tokenizer(
        lowercase=tok_key["lowercase"], mwes=tok_key["mwes"], min_length=tok_key["min_length"]
    )
    vocab = _Vocab()
    get = vocab.__getitem__
    local: list[int] = []  # a list, converted once: ~40 % faster than array.extend per text
    ends = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        local.extend(map(get, tok.tokens_and_breaks(text)))
        ends[i] = len(local)
    words = list(vocab)
    flat = array.array("I", local)
    del local
    raw = np.frombuffer(flat, dtype=np.uint32) if len(flat) else np.zeros(0, np.uint32)
    # drop the break markers; a paragraph starts at each document start and after each break
    is_break = np.fromiter(("\n" in w for w in words), dtype=bool, count=len(words))
    brk = is_break[raw] if len(raw) else np.zeros(0, bool)
    kept_before = np.concatenate([[0], np.cumsum(~brk)])  # kept tokens before raw position i
    ids = raw[~brk]
    doc_starts_raw = np.concatenate([[0], ends[:-1]])
    doc_starts = kept_before[doc_starts_raw]
    lens = kept_before[ends] - doc_starts
    breaks_at = kept_before[np.flatnonzero(brk) + 1]
    paras = np.unique(np.concatenate([doc_starts, breaks_at]))
    paras = paras[paras < len(ids)]
    # renumber the local vocabulary without the markers
    new_id = np.cumsum(~is_break) - 1
    ids = new_id[ids].astype(np.uint32) if len(ids) else ids
    words = [w for w, b in zip(words, is_break, strict=True) if not b]
    cont = np.fromiter((isinstance(t, _Continued) for t in texts), dtype=bool, count=len(texts))
    if cont.any():
        doc_of_piece = np.cumsum(~cont) - 1
        lens = np.bincount(doc_of_piece, weights=lens, minlength=int(doc_of_piece[-1]) + 1).astype(
            np.int64
        )
    return words, ids, lens, paras.astype(np.int64)


def _doc_hash_update(h: Any, d: Document) -> None:
    """Feed one document to the corpus fingerprint (same bytes as Corpus.compute_fingerprint)."""
    meta = json.dumps(dict(d.meta), sort_keys=True, default=str, ensure_ascii=True)
    for part in (d.id, d.source, d.date.isoformat() if d.date else "", d.title, meta, d.text):
        b = part.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)


class _Writer:
    """Streams tokenised batches into the files of a store entry."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.f_ids = open(folder / "ids.u32", "wb")
        self.f_ind = open(folder / "dtm_indices.u32", "wb")
        self.f_dat = open(folder / "dtm_data.u32", "wb")
        self.vocab = _Vocab()
        self.offsets = [0]
        self.paras: list[np.ndarray] = []
        self.indptr = [0]
        self.tf = np.zeros(1024, dtype=np.int64)
        self.df = np.zeros(1024, dtype=np.int64)
        self.pos = 0

    def add(
        self, local_vocab: list[str], local_ids: np.ndarray, lens: np.ndarray, paras: np.ndarray
    ) -> None:
        remap = np.fromiter(
            map(self.vocab.__getitem__, local_vocab), dtype=np.uint32, count=len(local_vocab)
        )
        ids = remap[local_ids] if len(local_ids) else local_ids
        ids.tofile(self.f_ids)
        self.paras.append(paras + self.pos)
        ends = self.pos + np.cumsum(lens)
        self.offsets.extend(ends.tolist())
        self.pos = int(ends[-1]) if len(ends) else self.pos
        # document-term counts for the batch, keyed by (document, local id): a
        # bincount over the key space when it is small (no sort), else one sort
        n_local = max(len(local_vocab), 1)
        doc = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
        if len(lens) * n_local <= 8_000_000:
            dense = np.bincount(doc * n_local + local_ids, minlength=len(lens) * n_local)
            keys = np.flatnonzero(dense)
            counts = dense[keys]
            tdoc, tid = keys // n_local, remap[keys % n_local]
        else:
            keys, counts = np.unique((doc << 32) | local_ids.astype(np.int64), return_counts=True)
            tdoc, tid = keys >> 32, remap[keys & 0xFFFFFFFF]
        tid.tofile(self.f_ind)
        counts.astype(np.uint32).tofile(self.f_dat)
        per_doc = np.bincount(tdoc, minlength=len(lens))
        self.indptr.extend((self.indptr[-1] + np.cumsum(per_doc)).tolist())
        nv = len(self.vocab)
        if nv > len(self.tf):
            grow = max(nv, 2 * len(self.tf))
            self.tf = np.pad(self.tf, (0, grow - len(self.tf)))
            self.df = np.pad(self.df, (0, grow - len(self.df)))
        self.tf[: len(self.tf)] += np.bincount(tid, weights=counts, minlength=len(self.tf)).astype(
            np.int64
        )[: len(self.tf)]
        self.df[: len(self.df)] += np.bincount(tid, minlength=len(self.df))[: len(self.df)]

    def close(self, rows: dict[str, list]) -> None:
        for f in (self.f_ids, self.f_ind, self.f_dat):
            f.close()
        nv = len(self.vocab)
        folder = self.folder
        np.save(folder / "offsets.npy", np.asarray(self.offsets, dtype=np.int64))
        np.save(
            folder / "paras.npy",
            np.concatenate(self.paras) if self.paras else np.zeros(0, np.int64),
        )
        np.save(folder / "dtm_indptr.npy", np.asarray(self.indptr, dtype=np.int64))
        np.save(folder / "freq.npy", np.stack([self.tf[:nv], self.df[:nv]]))
        with open(folder / "vocab.txt", "w", encoding="utf-8") as f:
            for t in self.vocab:
                f.write(t)
                f.write("\n")
        frame = pd.DataFrame(rows)
        frame["n_tokens"] = np.diff(np.asarray(self.offsets, dtype=np.int64))
        frame.to_parquet(folder / "docs.parquet", index=False)


def _store_key(fingerprint: str, tokenizer: Tokenizer) -> str:
    return cache.stable_hash({"fp": fingerprint, "tok": tokenizer.key, "store": STORE_VERSION})


def tokens(
    corpus: Corpus,
    *,
    tokenizer: Tokenizer | None = None,
    processes: int = 1,
    progress: bool | None = None,
    client: Any = None,
) -> TokenStore:
    """The token store of ``corpus`` (tokenising and caching it on first use).

    Parameters
    ----------
    corpus : Corpus
        Any view of a corpus; the store covers its unfiltered base, and
        :meth:`TokenStore.select` gives the rows of the view.
    tokenizer : Tokenizer, optional
        Default ``Tokenizer()``. Part of the cache key.
    processes : int, default 1
        Worker processes for tokenising (2 on a 2-core machine is ~1.7× faster).
    progress : bool, optional
        Show a tqdm bar (default: when writing to a terminal).
    client : dask.distributed.Client, optional
        Tokenise on a Dask cluster instead (see :mod:`discourse.parallel`).

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> c = Corpus([Document("a", "Sovereignty and non-interference.", "CHN")])
    >>> store = tokens(c)
    >>> store.n_tokens, list(store.vocab)
    (3, ['sovereignty', 'and', 'non-interference'])
    """
    tokenizer = tokenizer or Tokenizer()
    if not isinstance(tokenizer, Tokenizer):
        raise ParameterError(
            f"tokenizer= must be a discourse.Tokenizer, got {type(tokenizer).__name__}"
        )
    if not isinstance(processes, int) or processes < 1:
        raise ParameterError(f"processes= must be a positive integer, got {processes!r}")
    base = corpus.base
    memo = cache.fingerprint_memo(base.origin)
    fp = base._fingerprint
    if fp is None and memo is not None and memo.exists():
        fp = base.fingerprint
    if fp is None and base.origin is None:
        fp = base.fingerprint
    if fp is not None:
        path = cache.open_entry("tokens", _store_key(fp, tokenizer))
        if path is not None:
            return TokenStore(path, fingerprint=fp, tokenizer=tokenizer)
    return _build(base, tokenizer, processes=processes, progress=progress, client=client)


def _batches(
    base: Corpus, hasher: Any, rows: dict[str, list], stats_out: list
) -> Iterator[list[str]]:
    """Stream the base corpus in batches of texts, recording metadata and the fingerprint.

    A text longer than the batch size is cut at white space into pieces of
    about that size, tokenised piece by piece and joined again by
    :class:`_Writer` (so one 100 MB document needs bounded memory).
    """
    texts: list[str] = []
    size = 0
    seen: set[str] = set()
    stats = ReadStats()
    for d in base._factory(stats):
        if d.id in seen:
            raise ReaderError(
                f"duplicate document id {d.id!r} in corpus {base.name!r}; ids must be unique "
                "(readers take dedupe=True to drop exact duplicate texts, or give id= a unique field)"
            )
        seen.add(d.id)
        _doc_hash_update(hasher, d)
        rows["id"].append(d.id)
        rows["source"].append(d.source)
        rows["date"].append(d.date)
        rows["title"].append(d.title)
        rows["meta"].append(json.dumps(dict(d.meta), sort_keys=True, default=str) if d.meta else "")
        # a long document is cut into pieces that stay in one batch; pieces after
        # the first are marked so their tokens are added to the same document
        for j, piece in enumerate(_split_long(d.text, _BATCH_CHARS)):
            texts.append(piece if j == 0 else _Continued(piece))
            size += len(piece)
        if size >= _BATCH_CHARS:
            yield texts
            texts, size = [], 0
    if texts:
        yield texts
    stats_out.append(stats)


class _Continued(str):
    """A piece of a long document after its first piece."""

    __slots__ = ()


def _split_long(text: str, limit: int) -> list[str]:
    """Cut ``text`` at white space into pieces of at most about ``limit`` characters."""
    if len(text) <= limit:
        return [text]
    out, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start + limit // 2, start + limit)
        if cut < 0:
            cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut < 0:
            cut = start + limit  # no white space at all: a hard cut
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def cached_store(corpus: Corpus, *, tokenizer: Tokenizer | None = None) -> TokenStore | None:
    """The token store of ``corpus`` if it is already cached, else ``None`` (never builds).

    Only uses a fingerprint that is known without reading the texts (kept on
    the corpus, or memoised on disk for its origin).
    """
    base = corpus.base
    fp = base._fingerprint
    if fp is None:
        memo = cache.fingerprint_memo(base.origin)
        if memo is None or not memo.exists():
            return None
        fp = base.fingerprint
    tokenizer = tokenizer or Tokenizer()
    path = cache.open_entry("tokens", _store_key(fp, tokenizer), verify=False)
    return None if path is None else TokenStore(path, fingerprint=fp, tokenizer=tokenizer)


def _build(
    base: Corpus, tokenizer: Tokenizer, *, processes: int, progress: bool | None, client: Any
) -> TokenStore:
    from tqdm.auto import tqdm

    hasher = hashlib.blake2b(digest_size=16)
    rows: dict[str, list] = {"id": [], "source": [], "date": [], "title": [], "meta": []}
    stats_out: list[ReadStats] = []
    tmp_key = cache.stable_hash({"building": base.origin or id(base), "pid": os.getpid()})
    bar = tqdm(
        unit="doc",
        desc=f"tokenising {base.name}",
        disable=None if progress is None else not progress,
        leave=False,
    )
    with cache.write_entry("tokens", tmp_key, hash_files=False, log=False) as folder:
        writer = _Writer(folder)
        batches = _batches(base, hasher, rows, stats_out)
        if client is not None:
            from .parallel import tokenize_on_client

            results = tokenize_on_client(client, batches, tokenizer.key)
        elif processes > 1:
            pool = ProcessPoolExecutor(max_workers=processes)
            results = _ordered_map(pool, batches, tokenizer.key, ahead=2 * processes)
        else:
            results = (_tokenize_batch(b, tokenizer.key) for b in batches)
        for res in results:
            writer.add(*res)
            bar.update(len(res[2]))
        if processes > 1 and client is None:
            pool.shutdown()
        writer.close(rows)
        fp = hasher.hexdigest()
        stats = stats_out[0]
        (folder / "build.json").write_text(
            json.dumps(
                {
                    "fingerprint": fp,
                    "tokenizer": tokenizer.key,
                    "reader": stats.as_dict(),
                    "name": base.name,
                }
            ),
            "utf-8",
        )
    bar.close()
    base._fingerprint = fp
    base._stats = stats
    base._len = stats.kept
    cache.record_fingerprint(base.origin, fp)
    # move the entry under its real key (fingerprint known only now)
    built = cache.entry_path("tokens", tmp_key)
    final = cache.entry_path("tokens", _store_key(fp, tokenizer))
    cache.move_entry(built, final)
    cache.log_written("tokens", final.name, {"description": f"tokens of {base.name}"})
    return TokenStore(final, fingerprint=fp, tokenizer=tokenizer)


def _ordered_map(
    pool: ProcessPoolExecutor, batches: Iterator[list[str]], key: dict, *, ahead: int
) -> Iterator:
    """pool.map that keeps at most ``ahead`` batches in flight (bounded memory)."""
    from collections import deque

    pending: deque = deque()
    for b in batches:
        pending.append(pool.submit(_tokenize_batch, b, key))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


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
        self.docs = pd.read_parquet(self.path / "docs.parquet")
        self.docs["year"] = pd.array(
            [d.year if d is not None and d == d else None for d in self.docs["date"]], dtype="Int64"
        )
        self._token2id: dict[str, int] | None = None
        self._paras: np.ndarray | None = None
        build = json.loads((self.path / "build.json").read_text("utf-8"))
        self.reader_stats = build["reader"]

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
        if self._paras is None:
            self._paras = np.load(self.path / "paras.npy")
        return self._paras

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
        for f in corpus._filters:
            if f.mask is not None:
                mask &= np.asarray(f.mask(self.docs), dtype=bool)
            else:  # an arbitrary predicate: one pass over the documents
                keep = {d.id for d in Corpus(corpus._factory, _filters=(f,))}
                mask &= self.docs["id"].isin(keep).to_numpy()
        return np.flatnonzero(mask)

    def doc_frame(self, corpus: Corpus | None = None) -> pd.DataFrame:
        """The document table (id, source, date, year, title, n_tokens, meta) of a view."""
        if corpus is None:
            return self.docs
        return self.docs.iloc[self.select(corpus)].reset_index(drop=True)

    def labels(self, rows: np.ndarray, by: Any, corpus: Corpus | None = None) -> np.ndarray:
        """The group label of each row for a ``by=`` key (None = not in any group)."""
        frame = self.docs.iloc[rows]
        if callable(by) and not isinstance(by, str):
            if corpus is None:
                raise ParameterError("by= as a function needs the corpus to read documents")
            fn = group_key(by)
            wanted = set(frame["id"])
            lab = {d.id: fn(d) for d in corpus if d.id in wanted}
            return np.array([lab.get(i) for i in frame["id"]], dtype=object)
        return frame_labels(frame, by)

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
        """Yield ``(row, ids)`` per unit: whole documents, paragraphs, or N-token chunks."""
        if unit == "document":
            yield from self.iter_ids(rows)
            return
        if unit == "paragraph":
            starts = self.paragraph_starts
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
            f"unit={unit!r}: use 'document', 'paragraph' or a positive number of tokens"
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
        blocks = [m for _, m in self.iter_dtm(rows)]
        if not blocks:
            return sp.csr_matrix((0, len(self.vocab)), dtype=np.int64)
        return sp.vstack(blocks, format="csr")

    def group_counts(self, rows: np.ndarray, labels: np.ndarray) -> tuple[list, sp.csr_matrix]:
        """Summed term counts per group: ``(groups, groups × vocabulary matrix)``."""
        keep = np.array([lab is not None and lab == lab for lab in labels], dtype=bool)
        rows, labels = np.asarray(rows)[keep], np.asarray(labels, dtype=object)[keep]
        groups = sorted(
            set(labels.tolist()),
            key=lambda v: (0, v, "") if isinstance(v, (int, float)) else (1, 0, str(v)),
        )
        index = {g: i for i, g in enumerate(groups)}
        gi = np.fromiter((index[lab] for lab in labels), dtype=np.int64, count=len(labels))
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


def frame_labels(frame: pd.DataFrame, by: Any) -> np.ndarray:
    """Group labels from a document table for ``by=`` keys that need no text."""
    if isinstance(by, dict) or hasattr(by, "keys") and hasattr(by, "get"):
        m = dict(by)
        return np.array([m.get(s) for s in frame["source"]], dtype=object)
    if by == "source":
        return frame["source"].to_numpy(dtype=object)
    if by == "year":
        return np.array([None if pd.isna(y) else int(y) for y in frame["year"]], dtype=object)
    if by == "decade":
        return np.array(
            [None if pd.isna(y) else int(y) // 10 * 10 for y in frame["year"]], dtype=object
        )
    if by == "date":
        return frame["date"].to_numpy(dtype=object)
    if isinstance(by, str):
        vals = [json.loads(m).get(by) if m else None for m in frame["meta"]]
        if all(v is None for v in vals) and len(vals):
            raise ParameterError(
                f"by={by!r}: no document has this field; use 'source', 'year', 'decade', a meta key, "
                "a mapping source → group, or a function doc → group"
            )
        return np.array(vals, dtype=object)
    raise ParameterError(f"by={by!r} is not understood")


def require_tokens(n_tokens: int, needed: int, what: str) -> None:
    if n_tokens < needed:
        raise DataError(f"{what} needs at least {needed:,} tokens, this corpus has {n_tokens:,}")


def learn_phrases(
    corpus: Corpus,
    *,
    min_count: int = 20,
    threshold: float = 0.5,
    scoring: str = "npmi",
    max_phrases: int | None = 2000,
    tokenizer: Tokenizer | None = None,
) -> list[str]:
    """Learn frequent multiword expressions with gensim ``Phrases``.

    Runs gensim's collocation detector over the cached tokens (English stop
    words act as connector words, so ``rule of law`` can be found) and
    returns the phrases as strings, most strongly associated first. Pass them
    to ``Tokenizer(mwes=...)`` to get a token store where each phrase is one
    token (``security_council``), e.g. for keyness or topic models.

    Parameters
    ----------
    min_count : int, default 20
        Ignore phrases seen fewer times.
    threshold : float, default 0.5
        Minimum score (for ``scoring="npmi"`` between -1 and 1).
    scoring : {"npmi", "default"}
        gensim's scoring function.
    max_phrases : int or None, default 2000
        Keep at most this many, by score.

    Examples
    --------
    >>> from discourse import Corpus, Document
    >>> verbs, topics = ["met", "voted", "spoke", "acted", "decided"], ["Syria", "Iran", "trade"]
    >>> docs = [Document(f"{v}-{t}", f"The Security Council {v} on {t}.", "X")
    ...         for v in verbs for t in topics]
    >>> learn_phrases(Corpus(docs), min_count=5)
    ['security council']
    """
    from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ParameterError(f"min_count must be a positive integer, got {min_count!r}")
    if scoring not in ("npmi", "default"):
        raise ParameterError(f"scoring={scoring!r}: use 'npmi' or 'default'")
    store = tokens(corpus, tokenizer=tokenizer)
    rows = store.select(corpus)
    model = Phrases(
        store.iter_tokens(rows, unit="paragraph"),
        min_count=min_count,
        threshold=threshold,
        scoring=scoring,
        connector_words=ENGLISH_CONNECTOR_WORDS,
        delimiter="\x1f",
    )
    found = sorted(model.export_phrases().items(), key=lambda kv: (-kv[1], kv[0]))
    phrases = [p.replace("\x1f", " ") for p, _ in found]
    return phrases[:max_phrases] if max_phrases is not None else phrases
