"""How a corpus answers ``len``, ``ids`` and ``summary`` without reading its texts.

A :class:`~discourse.corpus.Corpus` is the base type: it knows nothing of
the token store built above it. What it can learn from that store (the
document table of a view, tokens per source) it asks
of the *document index* registered here. The token layer registers its
own (:class:`discourse.tokenization.StoreIndex`) when it is imported, which
``import discourse`` always does; until then the corpus reads its
documents, as any lazy collection would.

This is the one place where a lower layer is served by a higher one, by
registration rather than by import, as ``codecs.register`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ..errors import DiscourseError

if TYPE_CHECKING:
    import pandas as pd


class DocumentIndex(Protocol):
    """What a corpus may ask of an index. Neither look-up ever reads texts or builds."""

    def doc_frame(self, corpus: Any) -> pd.DataFrame | None:
        """The document table (id, source, date, year, title, n_tokens, meta) of a view, if cached."""

    def summary(self, corpus: Any, *, tokenizer: Any = None) -> pd.DataFrame:
        """Per source: ``source, name, documents, tokens, first, last`` (may tokenise)."""


class _NoIndex:
    """Before any index is registered: nothing is known without a pass."""

    def doc_frame(self, corpus: Any) -> None:
        return None

    def summary(self, corpus: Any, *, tokenizer: Any = None) -> pd.DataFrame:
        raise DiscourseError("Corpus.summary needs the token layer: import discourse")


_INDEX: DocumentIndex = _NoIndex()


def register(index: DocumentIndex) -> None:
    """Make ``index`` the one every corpus asks (the token layer calls this on import)."""
    global _INDEX
    _INDEX = index


def get() -> DocumentIndex:
    """The registered document index."""
    return _INDEX
