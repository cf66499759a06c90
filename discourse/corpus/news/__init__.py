"""News corpora as first-class input: saved HTML pages and WARC archives.

- :func:`read_html` (:mod:`.html`): saved pages, main text by trafilatura.
- :func:`read_warc` (:mod:`.warc`): WARC/CC-NEWS archives, optionally on Dask.
- :func:`parse_news_date` (:mod:`.dates`): dates as outlets print them.
- :func:`duplicates` (:mod:`.dedupe`): the wire-copy clusters a read found.

The two readers share their options and their assembly step
(:mod:`.records`): extraction events → documents, in reading order.
"""

from __future__ import annotations

from .dates import NEWS_FORMATS, parse_news_date
from .dedupe import DUPLICATE_COLUMNS, NearDuplicates, duplicates, normalise_text
from .html import extract_page, read_html
from .records import NewsOptions, Page, Skip
from .warc import read_warc, warc_file_events

__all__ = [
    "DUPLICATE_COLUMNS",
    "NEWS_FORMATS",
    "NearDuplicates",
    "NewsOptions",
    "Page",
    "Skip",
    "duplicates",
    "extract_page",
    "normalise_text",
    "parse_news_date",
    "read_html",
    "read_warc",
    "warc_file_events",
]
