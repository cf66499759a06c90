"""Saved news pages (``.html``/``.htm``) as a corpus, main text by trafilatura.

:func:`extract_page` is the extraction kernel every news reader calls (on
the client or on a Dask worker): HTML bytes → :class:`~.records.Page` (main
text without menus, banners, related stories and comments; title, author,
site name, canonical URL, the printed dates) or a :class:`~.records.Skip`.
"""

from __future__ import annotations

import copy
import functools
import glob
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ...errors import ParameterError, ReaderError
from ..model import Corpus, ReadStats
from .records import NewsOptions, Page, Skip, documents, news_origin

__all__ = [
    "date_values",
    "detect_language",
    "extract_page",
    "html_files",
    "page_metadata",
    "read_html",
]

HTML_SUFFIXES = (".html", ".htm")

# <meta> carrying the publication time, most trusted first
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "article:modified_time",
)
# classes/ids of elements whose visible text is a printed date
_DATE_CLASS_WORDS = ("date", "time", "publish", "updated", "posted", "dateline")
_DATE_CLASS_RE = re.compile("|".join(_DATE_CLASS_WORDS))
_NOT_DATE_TAGS = frozenset({"time", "meta", "script", "style"})


def _jsonld_dates(obj: Any, out: list[str]) -> None:
    if isinstance(obj, dict):
        for key in ("datePublished", "dateCreated", "dateModified"):
            value = obj.get(key)
            if isinstance(value, str) and value.strip():
                out.append(value.strip())
        for value in obj.values():
            if isinstance(value, (dict, list)):
                _jsonld_dates(value, out)
    elif isinstance(obj, list):
        for item in obj:
            _jsonld_dates(item, out)


def date_values(tree: Any) -> tuple[str, ...]:
    """The printed publication dates of a parsed page, most trusted first (no duplicates).

    ``<meta>`` (``article:published_time``, ``og:…``, ``itemprop=datePublished``,
    …), JSON-LD ``datePublished``, ``<time datetime>``, then the visible text of
    ``<time>`` and of elements whose class or id says date/time/published.
    """
    found: list[str] = []
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = (el.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    found += [metas[k] for k in _META_DATE_KEYS if k in metas]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                _jsonld_dates(json.loads(script.text), found)
            except ValueError:
                continue
    for el in tree.iter("time"):
        if el.get("datetime"):
            found.append(el.get("datetime").strip())
    for el in tree.iter("time"):
        text = " ".join(el.text_content().split())
        if text:
            found.append(text)
    for el in tree.xpath("//*[@class or @id]"):  # the few elements with labels, from C
        label = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if el.tag not in _NOT_DATE_TAGS and _DATE_CLASS_RE.search(label):
            text = " ".join(el.text_content().split())
            if 6 <= len(text) <= 80:
                found.append(text)
    return tuple(dict.fromkeys(v for v in found if v))


def detect_language(text: str) -> str:
    """The ISO 639-1 code py3langid gives ``text`` (its model ships in its wheel)."""
    import py3langid

    lang, _score = py3langid.classify(text)
    return str(lang)


def extract_page(
    content: bytes | str,
    *,
    where: str,
    url: str = "",
    detect: bool = False,
    extra: Iterable[tuple[str, Any]] = (),
) -> Page | Skip:
    """Extract one page: main text and metadata, or why it was not kept.

    Parameters
    ----------
    content : bytes or str
        The HTML (bytes are decoded as the page declares, else guessed).
    where : str
        Named in skip records: the file, or ``file:offset`` in a WARC.
    url : str
        Where the page was fetched (a WARC's target URI); "" for saved files.
    detect : bool
        Detect the language of the main text (for ``language=``).
    extra : pairs
        Further metadata to carry into ``Document.meta``.

    Returns
    -------
    Page or Skip
        ``Skip("unreadable HTML", where)`` when the bytes are no HTML document,
        ``Skip("no main text", where)`` when trafilatura finds no article text.
    """
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(content)
    if tree is None:
        return Skip("unreadable HTML", where)
    # metadata and dates first, on the parsed tree (extraction prunes a copy of it)
    printed = date_values(tree)
    meta = page_metadata(tree, url)
    canonical = _canonical(tree) or ("" if url else meta["url"])
    doc = trafilatura.bare_extraction(tree, options=_extraction_options(url))
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        return Skip("no main text", where)
    if not printed:  # no date the page shows: htmldate's guess, as trafilatura would make it
        from htmldate import find_date

        # no guessing a date from years in the text ("since 2004")
        fallback = find_date(tree, extensive_search=False, original_date=True, url=url or None)
        if fallback:
            printed = (str(fallback),)
    if canonical and url:
        canonical = urljoin(url, canonical)
    return Page(
        where=where,
        text=text,
        title=meta["title"],
        author=meta["author"],
        sitename=meta["sitename"],
        canonical=canonical,
        url=url,
        date_values=printed,
        language=detect_language(text) if detect else "",
        extra=tuple(extra),
    )


@functools.cache
def _options_template() -> Any:
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python",
        comments=False,
        images=False,
        links=False,
        dedup=False,
        with_metadata=False,
    )


def _extraction_options(url: str) -> Any:
    """trafilatura's options for one page: main text only, no comments, images or links.

    What ``bare_extraction(url=url, with_metadata=False, include_comments=False,
    include_images=False, include_links=False, deduplicate=False)`` builds on
    every call, copied from one built per process instead (building one reads
    eight settings from trafilatura's config: about 4 % of a page's extraction).
    """
    options = copy.copy(_options_template())
    options.url = url or None
    options.source = options.url and options.url.encode("utf-8", "replace").decode("utf-8")
    return options


def page_metadata(tree: Any, url: str = "") -> dict[str, str]:
    """Title, author, site name and URL of a parsed page, as trafilatura's metadata reads them.

    trafilatura's own ``extract_metadata`` steps without the ones the readers do
    not use (categories, tags, licence) or do themselves (the date: see
    :func:`date_values`): ``<meta>`` and JSON-LD first, then the page's
    title, byline and site-name elements.
    """
    from trafilatura import metadata as tm

    md = tm.examine_meta(tree)
    if md.author and " " not in md.author:  # as trafilatura: a one-word "author" is a site
        md.author = None
    try:
        md = tm.extract_meta_json(tree, md)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader can fail on odd markup
        pass
    title = md.title or tm.extract_title(tree) or ""
    author = md.author or tm.extract_author(tree) or ""
    sitename = (md.sitename or tm.extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    page_url = md.url or tm.extract_url(tree, url or None) or ""
    return {
        "title": " ".join(title.split()),
        "author": " ".join(author.split()),
        "sitename": " ".join(sitename.split()),
        "url": page_url,
    }


def _canonical(tree: Any) -> str | None:
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return el.get("href").strip()
    for el in tree.iter("meta"):
        if (el.get("property") or "").lower() == "og:url" and el.get("content"):
            return el.get("content").strip()
    return None


def html_files(paths: str | os.PathLike | Iterable[str | os.PathLike], suffixes: tuple) -> list:
    """Files named by ``paths`` (files, folders searched recursively, globs), sorted, unique."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    for item in paths:
        text = os.fspath(item)
        p = Path(text)
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(suffixes)
            )
        elif p.is_file():
            out.append(p)
        elif any(ch in text for ch in "*?["):
            matched = sorted(Path(m) for m in glob.glob(text, recursive=True))
            if not matched:
                raise ParameterError(f"paths: the pattern {text!r} matches no file")
            out += [m for m in matched if m.is_file()]
        else:
            raise ParameterError(f"paths: {text!r} is no file, folder or glob pattern")
    if not out:
        raise ParameterError(
            f"paths: no file ending in {' or '.join(suffixes)} found in {list(map(str, paths))}"
        )
    return list(dict.fromkeys(f.resolve() for f in out))


def file_keys(files: list[Path]) -> list[str]:
    keys = []
    for f in files:
        st = f.stat()
        keys.append(f"{f}|size={st.st_size}|mtime_ns={st.st_mtime_ns}")
    return keys


def _html_events(files: list[Path], options: NewsOptions) -> Iterator[Page | Skip]:
    detect = options.language is not None
    for f in files:
        try:
            content = f.read_bytes()
        except OSError as exc:
            raise ReaderError(f"{f}: cannot read ({exc.strerror or exc})") from None
        ev = extract_page(content, where=str(f), detect=detect)
        if (
            isinstance(ev, Skip)
            and ev.reason == "unreadable HTML"
            and options.bad_records == "raise"
        ):
            raise ReaderError(
                f"{f}: not an HTML document (no element could be parsed); "
                "pass bad_records='skip' to count it and go on"
            )
        yield ev


def read_html(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    outlets: Mapping[str, str] | None = None,
    language: str | Iterable[str] | None = None,
    dedupe: bool | str = False,
    threshold: float = 0.7,
    shingle: int = 3,
    seed: int = 1,
    date_format: str | Iterable[str] | None = None,
    bad_records: str = "raise",
    name: str | None = None,
) -> Corpus:
    """Read saved news pages into a corpus, one document per page with main text.

    Parameters
    ----------
    paths : path, glob or list of them
        HTML files, folders (searched recursively for ``*.html``/``*.htm``)
        or glob patterns. Files are read in sorted path order.
    outlets : mapping, optional
        Registered domain → outlet name, e.g. ``{"globaltimes.cn": "Global
        Times"}``; subdomains match (``www.``, ``en.``). Unmapped pages take
        the page's site name, else the domain (``meta["source_from"]`` says
        which: ``"outlets"``, ``"sitename"``, ``"domain"``).
    language : str or list of str, optional
        Keep only pages whose main text py3langid detects as one of these
        ISO 639-1 codes; others are skipped as ``"other language"``.
    dedupe : False, True or "near"
        ``True`` drops texts identical once normalised (``"duplicate text"``);
        ``"near"`` drops wire copies with small edits (``"near duplicate"``,
        MinHash over ``shingle``-word shingles with Jaccard ≥ ``threshold``,
        permutation ``seed``). The first copy read is kept; see
        :meth:`Corpus.duplicates <discourse.Corpus.duplicates>` for the clusters.
    threshold, shingle, seed
        Near-duplicate parameters (Jaccard of shingle sets, words per shingle,
        MinHash seed).
    date_format : str or list of str, optional
        strptime pattern(s) for the printed dates, tried in order; default:
        ISO 8601, RFC 2822 and common news forms. A pattern that reads no date
        in the whole read raises a ParameterError naming the first date seen.
    bad_records : "raise" or "skip"
        What to do with a file that is no HTML at all: raise a ReaderError
        naming it, or count it (``"unreadable HTML"``) and go on.
    name : str, optional
        Corpus name (default: the folder or file name).

    Returns
    -------
    Corpus
        Documents with ``id`` = canonical URL (else the file path), ``source``
        = outlet, ``date`` = the calendar date as printed, ``title``; meta
        ``published`` (ISO timestamp with zone when printed), ``date_precision``,
        ``date_printed``, ``author``, ``sitename``, ``url``, ``domain``,
        ``source_from``, ``file``, ``language`` (with ``language=``).
        ``corpus.stats`` counts pages skipped by reason: ``"no main text"``,
        ``"other language"``, ``"duplicate id"``, ``"duplicate text"``,
        ``"near duplicate"``, ``"unreadable HTML"``.
    """
    options = NewsOptions.build(
        outlets=outlets,
        language=language,
        dedupe=dedupe,
        threshold=threshold,
        shingle=shingle,
        seed=seed,
        date_format=date_format,
        bad_records=bad_records,
    )
    files = html_files(paths, HTML_SUFFIXES)
    origin = news_origin("read_html", file_keys(files), options)

    def factory(stats: ReadStats) -> Iterator:
        return documents(_html_events(files, options), stats, options, origin)

    if name is None:
        first = Path(paths if isinstance(paths, (str, os.PathLike)) else files[0])
        name = first.stem if first.suffix else first.name
    return Corpus(factory, name=name, origin=origin)
