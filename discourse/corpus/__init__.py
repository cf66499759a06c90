"""The corpus: documents with metadata, how they are read, and who their sources are.

=========================  ==================================================
:class:`Corpus`            lazy, re-iterable collection of :class:`Document`
                           records; filters and groups are lazy views
                           (``model.py``)
``fingerprint.py``         the stable hash of a corpus, memoised by origin
``index.py``               how a corpus answers ``len``/``ids`` without a pass
:class:`SourceTable`       display names, regions and groups of the sources
                           (``sources.py``)
:func:`read` and friends   one reader per format (``readers/``)
=========================  ==================================================
"""

from __future__ import annotations

from .model import (
    Corpus,
    Document,
    Filter,
    ReadStats,
    date_precision,
    display_name,
    parse_date,
    shown_date,
    shown_span,
)
from .sources import SourceTable, default_table

__all__ = [
    "Corpus",
    "Document",
    "Filter",
    "ReadStats",
    "SourceTable",
    "date_precision",
    "default_table",
    "display_name",
    "parse_date",
    "shown_date",
    "shown_span",
]
