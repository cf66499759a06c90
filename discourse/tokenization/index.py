"""The token store as the corpus's document index (see :mod:`discourse.corpus.index`).

Registered by :mod:`discourse.tokenization` on import: a corpus whose store is
cached answers ``len``, ``ids`` and ``source_counts`` from the store's
document table, and ``summary`` counts tokens per source from it. The
reader's counts (``stats``) are not the store's: they are remembered with
the fingerprint, under the files and options read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..corpus import date_precision, display_name
from .build import cached_store, tokens

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_COLUMNS = [
    "source",
    "name",
    "documents",
    "tokens",
    "first",
    "last",
]  # attrs: date_precision


class StoreIndex:
    """:class:`~discourse.corpus.index.DocumentIndex` backed by the cached token store."""

    def doc_frame(self, corpus: Any) -> pd.DataFrame | None:
        store = cached_store(corpus)
        return None if store is None else store.doc_frame(corpus)

    def summary(self, corpus: Any, *, tokenizer: Any = None) -> pd.DataFrame:
        import pandas as pd

        store = tokens(corpus, tokenizer=tokenizer)
        frame = store.doc_frame(corpus)
        if frame.empty:
            return pd.DataFrame(columns=SUMMARY_COLUMNS)
        g = frame.groupby("source", sort=True)
        out = pd.DataFrame(
            {
                "documents": g.size(),
                "tokens": g["n_tokens"].sum(),
                "first": g["date"].min(),
                "last": g["date"].max(),
            }
        ).reset_index()
        out.insert(1, "name", [display_name(corpus, s) for s in out["source"]])
        out.attrs["date_precision"] = date_precision(frame)  # how pages show first and last
        return out
