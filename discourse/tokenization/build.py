"""Building a token store: one pass over a corpus, tokenised in batches, cached.

:func:`tokens` returns the :class:`~discourse.TokenStore` of a
corpus, building it on first use: the base corpus is read once in batches
of about :data:`~discourse.tokenization.batch.BATCH_CHARS` characters, each batch
tokenised by :func:`~discourse.tokenization.batch.tokenize_batch` (here, on
local worker processes or on Dask, through one
:class:`~discourse.parallel.Executor`), and the results streamed into the
files of one cache entry in corpus order. The same pass records the corpus
fingerprint and the reader's counts.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .. import cache
from ..corpus import Corpus, ReadStats
from ..corpus.fingerprint import doc_hash_update, record_fingerprint
from ..errors import ParameterError, ReaderError
from ..parallel import Executor
from . import batch
from .batch import (
    Continued,
    Vocab,
    pack_texts,
    split_long,
    tokenize_batch,
    tokenize_packed,
)
from .store import TokenStore
from .tokenizer import Tokenizer

#: Format of a store entry; part of its cache key (2: sentence starts in ``sents.npy``).
STORE_VERSION = 2


class _Writer:
    """Streams tokenised batches into the files of a store entry."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.f_ids = open(folder / "ids.u32", "wb")
        self.f_ind = open(folder / "dtm_indices.u32", "wb")
        self.f_dat = open(folder / "dtm_data.u32", "wb")
        self.vocab = Vocab()
        self.offsets = [0]
        self.paras: list[np.ndarray] = []
        self.sents: list[np.ndarray] = []
        self.indptr = [0]
        self.tf = np.zeros(1024, dtype=np.int64)
        self.df = np.zeros(1024, dtype=np.int64)
        self.pos = 0

    def add(
        self,
        local_vocab: list[str],
        local_ids: np.ndarray,
        lens: np.ndarray,
        paras: np.ndarray,
        sents: np.ndarray,
    ) -> None:
        remap = np.fromiter(
            map(self.vocab.__getitem__, local_vocab), dtype=np.uint32, count=len(local_vocab)
        )
        ids = remap[local_ids] if len(local_ids) else local_ids
        ids.tofile(self.f_ids)
        self.paras.append(paras + self.pos)
        self.sents.append(sents + self.pos)
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
        for name, starts in (("paras.npy", self.paras), ("sents.npy", self.sents)):
            np.save(folder / name, np.concatenate(starts) if starts else np.zeros(0, np.int64))
        np.save(folder / "dtm_indptr.npy", np.asarray(self.indptr, dtype=np.int64))
        np.save(folder / "freq.npy", np.stack([self.tf[:nv], self.df[:nv]]))
        with open(folder / "vocab.txt", "w", encoding="utf-8") as f:
            for t in self.vocab:
                f.write(t)
                f.write("\n")
        import pandas as pd

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
    executor = Executor(processes=processes, client=client)
    base = corpus.base
    fp = base.known_fingerprint
    if fp is None and base.origin is None:
        fp = base.fingerprint
    if fp is not None:
        path = cache.open_entry("tokens", _store_key(fp, tokenizer))
        if path is not None:
            return TokenStore(path, fingerprint=fp, tokenizer=tokenizer)
    with executor:
        return _build(base, tokenizer, executor=executor, progress=progress)


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
    for d in base.read_all(stats):
        if d.id in seen:
            raise ReaderError(
                f"duplicate document id {d.id!r} in corpus {base.name!r}; ids must be unique "
                "(readers take dedupe=True to drop exact duplicate texts, or give id= a unique field)"
            )
        seen.add(d.id)
        doc_hash_update(hasher, d)
        rows["id"].append(d.id)
        rows["source"].append(d.source)
        rows["date"].append(d.date)
        rows["title"].append(d.title)
        rows["meta"].append(json.dumps(dict(d.meta), sort_keys=True, default=str) if d.meta else "")
        # a long document is cut into pieces that stay in one batch; pieces after
        # the first are marked so their tokens are added to the same document
        for j, piece in enumerate(split_long(d.text, batch.BATCH_CHARS)):
            texts.append(piece if j == 0 else Continued(piece))
            size += len(piece)
        if size >= batch.BATCH_CHARS:
            yield texts
            texts, size = [], 0
    if texts:
        yield texts
    stats_out.append(stats)


def cached_store(corpus: Corpus, *, tokenizer: Tokenizer | None = None) -> TokenStore | None:
    """The token store of ``corpus`` if it is already cached, else ``None`` (never builds).

    Only uses a fingerprint that is known without reading the texts (kept on
    the corpus, or memoised on disk for its origin).
    """
    fp = corpus.base.known_fingerprint
    if fp is None:
        return None
    tokenizer = tokenizer or Tokenizer()
    path = cache.open_entry("tokens", _store_key(fp, tokenizer), verify=False)
    return None if path is None else TokenStore(path, fingerprint=fp, tokenizer=tokenizer)


def _build(
    base: Corpus, tokenizer: Tokenizer, *, executor: Executor, progress: bool | None
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
    if executor.kind != "serial":
        # the document table is written with pandas: import it while the first batches
        # are tokenised, not after the last one, when this process alone works
        threading.Thread(target=importlib.import_module, args=("pandas",), daemon=True).start()
    with cache.write_entry("tokens", tmp_key, hash_files=False, log=False) as folder:
        writer = _Writer(folder)
        batches = _batches(base, hasher, rows, stats_out)
        if executor.kind == "serial":
            results = executor.map(tokenize_batch, batches, tokenizer.key)
        else:  # one blob per batch: no pickling string by string on the way to a worker
            results = executor.map(tokenize_packed, map(pack_texts, batches), tokenizer.key)
        for res in results:
            writer.add(*res)
            bar.update(len(res[2]))
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
    base.record_pass(fingerprint=fp, stats=stats)
    record_fingerprint(base.origin, fp, stats.as_dict())
    # move the entry under its real key (fingerprint known only now)
    built = cache.entry_path("tokens", tmp_key)
    final = cache.entry_path("tokens", _store_key(fp, tokenizer))
    cache.move_entry(built, final)
    cache.log_written("tokens", final.name, {"description": f"tokens of {base.name}"})
    return TokenStore(final, fingerprint=fp, tokenizer=tokenizer)
