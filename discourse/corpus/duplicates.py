"""The registry of duplicate clusters a reader pass found, keyed by the corpus's origin.

Readers that drop copies (``dedupe=True`` or ``dedupe="near"``) *declare*
their corpus's origin when the corpus is made and *record* a
:class:`DuplicateTable` after each complete pass. :meth:`Corpus.duplicates
<discourse.corpus.model.Corpus.duplicates>` reads it from here, so the
corpus model needs no reader module (and no reader imports the model's
callers). The origin names the files, their sizes and mtimes and the reader
options, so the same key means the same data.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DUPLICATE_COLUMNS", "DuplicateTable", "declare", "declared", "lookup", "record"]

#: Columns of :meth:`Corpus.duplicates`.
DUPLICATE_COLUMNS = ["story", "outlet", "date", "id", "kept", "copy_of", "jaccard", "where"]


@dataclasses.dataclass
class DuplicateTable:
    """The clusters one reader pass found: one row per document in a cluster of two or more."""

    rows: list[dict] = dataclasses.field(default_factory=list)
    story_of: dict[str, int] = dataclasses.field(default_factory=dict)
    kept_rows: dict[str, dict] = dataclasses.field(default_factory=dict)

    def note_kept(self, doc_id: str, outlet: str, date: Any, where: str = "") -> None:
        """Remember a kept document (it opens a cluster if a later copy matches it)."""
        self.kept_rows[doc_id] = {"outlet": outlet, "date": date, "where": where}

    def add_copy(
        self, doc_id: str, outlet: str, date: Any, copy_of: str, jaccard: float, where: str = ""
    ) -> None:
        """Record a dropped copy of the kept document ``copy_of``."""
        if copy_of not in self.story_of:
            story = len(self.story_of)
            self.story_of[copy_of] = story
            kept = self.kept_rows[copy_of]
            self.rows.append(
                {
                    "story": story,
                    "outlet": kept["outlet"],
                    "date": kept["date"],
                    "id": copy_of,
                    "kept": True,
                    "copy_of": None,
                    "jaccard": 1.0,
                    "where": kept["where"],
                }
            )
        self.rows.append(
            {
                "story": self.story_of[copy_of],
                "outlet": outlet,
                "date": date,
                "id": doc_id,
                "kept": False,
                "copy_of": copy_of,
                "jaccard": float(jaccard),
                "where": where,
            }
        )

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        df = pd.DataFrame(self.rows, columns=DUPLICATE_COLUMNS)
        if len(df):
            df = df.sort_values(["story", "kept"], ascending=[True, False], kind="stable")
        return df.reset_index(drop=True).astype({"story": int, "kept": bool})


_LOCK = threading.Lock()
_DECLARED: set[str] = set()
_TABLES: dict[str, DuplicateTable] = {}


def declare(origin: str) -> None:
    """Say that the corpus of ``origin`` drops duplicates (its passes record a table)."""
    with _LOCK:
        _DECLARED.add(origin)


def declared(origin: str | None) -> bool:
    """Whether a reader declared ``origin`` as a corpus that drops duplicates."""
    with _LOCK:
        return origin is not None and origin in _DECLARED


def record(origin: str, table: DuplicateTable) -> None:
    """File the cluster table of a complete reader pass under the corpus's origin."""
    with _LOCK:
        _DECLARED.add(origin)
        _TABLES[origin] = table


def lookup(origin: str | None) -> DuplicateTable | None:
    """The table recorded for ``origin`` in this process, or None."""
    with _LOCK:
        return _TABLES.get(origin) if origin is not None else None
