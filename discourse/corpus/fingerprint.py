"""The corpus fingerprint: a stable hash of every document, memoised by origin.

Two corpora with the same documents (ids, texts, sources, dates, titles,
meta) have the same fingerprint on any machine. A corpus read from files
has an ``origin`` key (paths, sizes, modification times, reader options);
its fingerprint is remembered on disk under that key, so a later session
finds its token store without hashing the texts again.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from .. import cache


def doc_hash_update(h: Any, d: Any) -> None:
    """Feed one :class:`Document` to a BLAKE2 hash: the bytes behind ``Corpus.fingerprint``."""
    meta = json.dumps(dict(d.meta), sort_keys=True, default=str, ensure_ascii=True)
    for part in (d.id, d.source, d.date.isoformat() if d.date else "", d.title, meta, d.text):
        b = part.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)


def fingerprint_memo(origin: str | None) -> Path | None:
    """Where the fingerprint of the data behind ``origin`` is remembered (``None``: nowhere)."""
    if origin is None:
        return None
    return cache.cache_dir() / "fingerprints" / f"{cache.stable_hash({'origin': origin})}.json"


def record_fingerprint(origin: str | None, fingerprint: str, reader: dict | None = None) -> None:
    """Remember ``fingerprint`` for ``origin`` (best effort: a read-only cache is fine).

    ``reader``: the reader's counts of that pass (``ReadStats.as_dict()``),
    remembered with it. They belong to the files and reader options behind
    ``origin``, not to the documents: two files that give the same documents
    (one with a malformed row skipped) share a token store, not their counts.
    """
    path = fingerprint_memo(origin)
    if path is not None:
        memo = {"fingerprint": fingerprint, "origin": origin}
        if reader is not None:
            memo["reader"] = reader
        with contextlib.suppress(OSError):
            cache.atomic_write_text(path, json.dumps(memo))


def remember_reader_stats(origin: str | None, reader: dict) -> None:
    """Add the reader's counts to the fingerprint remembered for ``origin`` (if one is)."""
    path = fingerprint_memo(origin)
    if path is None:
        return
    try:
        memo = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    record_fingerprint(origin, memo["fingerprint"], reader)


def remembered_reader_stats(origin: str | None) -> dict | None:
    """The reader's counts remembered for ``origin`` by :func:`record_fingerprint`, if any."""
    path = fingerprint_memo(origin)
    if path is None:
        return None
    try:
        return json.loads(path.read_text("utf-8")).get("reader")
    except (OSError, ValueError):
        return None


def remember_fingerprint(corpus: Any) -> str:
    """The fingerprint of an unfiltered corpus, memoised on disk by its origin key.

    A corpus read from files has an ``origin`` (paths, sizes, modification
    times, reader options); the fingerprint computed for it once is stored
    under that key, so later sessions need not hash the texts again. A
    corpus without an origin is hashed every time.
    """
    path = fingerprint_memo(corpus.origin)
    if path is not None:
        try:
            return json.loads(path.read_text("utf-8"))["fingerprint"]
        except (OSError, ValueError, KeyError):
            pass
    fp = corpus.compute_fingerprint()
    record_fingerprint(corpus.origin, fp, corpus.stats.as_dict())  # the pass just made counted
    return fp
