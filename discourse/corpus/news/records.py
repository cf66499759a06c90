"""What the news readers share: extracted pages, reader options, pages → documents.

The readers run in two steps. *Extraction* (the expensive part, run on Dask
workers for WARC folders) turns raw HTML into a :class:`Page` or a reason to
skip it; :func:`extract_page` in :mod:`.html` is that kernel. *Assembly*
(:func:`documents`, always on the client, in reading order) maps the outlet,
parses the date, drops duplicates and builds the :class:`Document`. The
events one file gives are the same wherever extraction ran, so the corpus
is the same too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..._validation import check_choice
from ...cache import stable_hash
from ...errors import ParameterError
from .. import duplicates as registry
from ..model import Document, ReadStats
from .dates import check_formats, parse_news_date
from .dedupe import (
    DuplicateTable,
    ExactDuplicates,
    NearDuplicates,
    check_threshold,
    record_duplicates,
)

__all__ = [
    "NewsOptions",
    "Page",
    "Skip",
    "documents",
    "domain_of",
    "news_origin",
    "outlet_of",
]


@dataclasses.dataclass(frozen=True)
class Page:
    """One extracted page (picklable, so Dask workers can send it back)."""

    where: str  # file, or file:offset in a WARC
    text: str
    title: str = ""
    author: str = ""
    sitename: str = ""
    canonical: str = ""  # <link rel=canonical> / og:url
    url: str = ""  # where it was fetched (WARC-Target-URI); "" for saved files
    date_values: tuple[str, ...] = ()  # printed dates, most trusted first
    language: str = ""  # detected (py3langid) when a language filter is on
    extra: tuple[tuple[str, Any], ...] = ()  # reader-specific meta (e.g. WARC date)


@dataclasses.dataclass(frozen=True)
class Skip:
    """A record not kept: why, and where (``file`` or ``file:offset``)."""

    reason: str
    where: str


@dataclasses.dataclass(frozen=True)
class NewsOptions:
    """The validated options of a news reader (picklable)."""

    outlets: tuple[tuple[str, str], ...] = ()
    language: tuple[str, ...] | None = None
    dedupe: str = "off"  # "off" | "exact" | "near"
    threshold: float = 0.7
    shingle: int = 3
    seed: int = 1
    date_format: tuple[str, ...] | None = None
    bad_records: str = "raise"

    @classmethod
    def build(
        cls,
        *,
        outlets: Mapping[str, str] | None,
        language: str | Iterable[str] | None,
        dedupe: bool | str,
        threshold: float,
        shingle: int,
        seed: int,
        date_format: str | Iterable[str] | None,
        bad_records: str,
    ) -> NewsOptions:
        if outlets is None:
            pairs: tuple[tuple[str, str], ...] = ()
        elif isinstance(outlets, Mapping):
            bad = [k for k, v in outlets.items() if not (isinstance(k, str) and isinstance(v, str))]
            if bad:
                raise ParameterError(
                    f"outlets= maps domains to outlet names (str → str); bad entry {bad[0]!r}"
                )
            pairs = tuple(sorted((_norm_domain(k), v) for k, v in outlets.items()))
        else:
            raise ParameterError(
                f"outlets= must be a mapping of domain → outlet name such as "
                f"{{'globaltimes.cn': 'Global Times'}}, got {type(outlets).__name__}"
            )
        if language is None:
            langs = None
        elif isinstance(language, str):
            langs = (language.lower(),)
        else:
            langs = tuple(sorted(str(x).lower() for x in language))
        if langs is not None and not all(len(x) in (2, 3) and x.isalpha() for x in langs):
            raise ParameterError(
                f"language={language!r}: use ISO 639-1 codes such as 'en' or ['en', 'fr']"
            )
        modes = {False: "off", True: "exact", "near": "near"}
        if isinstance(dedupe, bool) or dedupe == "near":
            mode = modes[dedupe]
        else:
            raise ParameterError(
                f"dedupe={dedupe!r}: use False, True (identical texts) or 'near' (wire copies)"
            )
        if mode == "near":
            NearDuplicates(threshold=check_threshold(threshold), shingle=shingle, seed=seed)
        return cls(
            outlets=pairs,
            language=langs,
            dedupe=mode,
            threshold=check_threshold(threshold),
            shingle=int(shingle),
            seed=int(seed),
            date_format=check_formats(date_format),
            bad_records=check_choice("bad_records", bad_records, ("raise", "skip")),
        )

    def key(self) -> dict:
        return dataclasses.asdict(self)


def news_origin(reader: str, file_keys: list[str], options: NewsOptions) -> str:
    """The corpus origin: the reader, the dedupe mode and a hash of the files and options."""
    digest = stable_hash({"files": file_keys, "options": options.key()})
    key = f"discourse.news.{reader}|dedupe={options.dedupe}|{digest}"
    if options.dedupe != "off":
        registry.declare(key)  # corpus.duplicates() knows it drops copies
    return key


def _norm_domain(domain: str) -> str:
    d = domain.strip().lower().rstrip(".")
    if "//" in d:
        d = urlsplit(d).hostname or d
    return d.removeprefix("www.")


def domain_of(url: str) -> str:
    """The host of ``url`` without ``www.`` ("" if there is none)."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def outlet_of(page: Page, outlets: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """``(outlet, source_from)``: from ``outlets`` by domain, else site name, else the domain."""
    domain = domain_of(page.url) or domain_of(page.canonical)
    if domain:
        best = ""
        name = ""
        for key, value in outlets:
            if (domain == key or domain.endswith("." + key)) and len(key) > len(best):
                best, name = key, value
        if best:
            return name, "outlets"
    if page.sitename and page.sitename.lower().removeprefix("www.") != domain:
        return page.sitename, "sitename"
    if domain:
        return domain, "domain"
    return "unknown", "none"


class _DateCheck:
    """Tracks whether ``date_format=`` read anything in a whole pass."""

    def __init__(self, formats: tuple[str, ...] | None):
        self.formats = formats
        self.first_value: tuple[str, str] | None = None
        self.matched = 0

    def parse(self, page: Page) -> tuple[dt.date | None, dt.datetime | None, str, str]:
        for value in page.date_values:
            if self.formats is not None and self.first_value is None:
                self.first_value = (value, page.where)
            try:
                date, stamp, precision = parse_news_date(value, self.formats)
            except ValueError:
                continue
            self.matched += 1
            return date, stamp, precision, value
        return None, None, "none", ""

    def check(self) -> None:
        if self.formats is not None and self.matched == 0 and self.first_value is not None:
            value, where = self.first_value
            raise ParameterError(
                f"date_format={list(self.formats)!r} matched no date in this read; the first "
                f"date found was {value!r} ({where}). Give a pattern for it, such as "
                "'%d %B %Y' for '13 June 2022', or date_format=None to read common forms"
            )


def documents(
    events: Iterable[Page | Skip], stats: ReadStats, options: NewsOptions, origin: str
) -> Iterator[Document]:
    """Documents from extraction events, in order, counting every event into ``stats``.

    After a complete pass the duplicate clusters are filed under ``origin``
    (see :func:`~discourse.corpus.news.dedupe.duplicates`), and a
    ``date_format`` that read no date at all raises a ParameterError naming
    the first value.
    """
    langs = options.language
    seen_ids: set[str] = set()
    dates = _DateCheck(options.date_format)
    table = DuplicateTable()
    finder: ExactDuplicates | NearDuplicates | None = None
    if options.dedupe == "exact":
        finder = ExactDuplicates()
    elif options.dedupe == "near":
        finder = NearDuplicates(
            threshold=options.threshold, shingle=options.shingle, seed=options.seed
        )
    for ev in events:
        stats.read += 1
        if isinstance(ev, Skip):
            stats.skip(ev.reason, ev.where)
            continue
        page = ev
        if langs is not None and page.language not in langs:
            stats.skip("other language", page.where)
            continue
        doc_id = page.url or page.canonical or page.where
        if doc_id in seen_ids:
            stats.skip("duplicate id", page.where)
            continue
        outlet, source_from = outlet_of(page, options.outlets)
        date, stamp, precision, printed = dates.parse(page)
        if finder is not None:
            hit = finder.add(doc_id, page.text)
            if hit is not None:
                copy_of, jaccard = hit
                reason = "near duplicate" if options.dedupe == "near" else "duplicate text"
                stats.skip(reason, page.where)
                table.add_copy(doc_id, outlet, date, copy_of, jaccard, page.where)
                continue
            table.note_kept(doc_id, outlet, date, page.where)
        seen_ids.add(doc_id)
        meta: dict[str, Any] = {
            "source_from": source_from,
            "file": page.where,
            "url": page.url or page.canonical,
            "domain": domain_of(page.url) or domain_of(page.canonical),
            "author": page.author,
            "sitename": page.sitename,
            "published": (stamp.isoformat() if stamp else date.isoformat() if date else None),
            "date_printed": printed,
            "date_precision": precision,
        }
        if page.canonical and page.canonical != meta["url"]:
            meta["canonical"] = page.canonical
        if page.language:
            meta["language"] = page.language
        meta.update(page.extra)
        stats.kept += 1
        yield Document(
            id=doc_id, text=page.text, source=outlet, date=date, title=page.title, meta=meta
        )
    dates.check()
    if finder is not None:
        record_duplicates(origin, table)
