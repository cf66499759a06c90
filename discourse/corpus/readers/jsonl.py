"""JSON Lines: one JSON object per line (``.jsonl``, ``.ndjson``, ``.json``; ``.gz`` allowed)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Corpus, ReadStats
from .base import (
    NOT_GIVEN,
    BadRecord,
    Codec,
    Record,
    field_options,
    file_key,
    origin,
    short,
    stem,
    stream_corpus,
    text_lines,
)

__all__ = ["read_jsonl"]

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(
    path: str | os.PathLike,
    *,
    text: str = "text",
    source: str | None = "source",
    date: str | None = NOT_GIVEN,
    id: str | None = NOT_GIVEN,
    title: str | None = NOT_GIVEN,
    meta: Iterable[str] | None = None,
    default_source: str | None = None,
    default_date: Any = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    dedupe: bool | str = False,
    threshold: float = 0.7,
    date_format: str | Iterable[str] | None = None,
    bad_records: str = "raise",
    name: str | None = None,
) -> Corpus:
    """Read a JSON Lines file (one JSON object per line; ``.gz`` allowed) as a lazy corpus.

    Parameters
    ----------
    path : str or Path
        The ``.jsonl`` / ``.ndjson`` file, optionally gzipped.
    text, source, date, id, title : str or None
        Names of the fields holding each part of a document. ``date``, ``id``
        and ``title`` are optional when not given: if the file has no such
        field (JSON Lines: the first record has none), documents have no
        dates, ids ``"<file stem>:<line>"`` or empty titles, and
        ``corpus.stats.notes`` counts them (``"no 'date' field: no dates"``).
        A field you name must exist. ``date=None`` reads no dates; ``id=None``
        (or a record without the id field) gives ids ``"<file stem>:<line>"``;
        ``title=None`` gives empty titles.
    meta : list of str, optional
        Fields kept in ``Document.meta``; by default every field not named above.
    default_source, default_date : optional
        Used where a record lacks the source / date; without them a missing
        value raises :class:`~discourse.errors.ReaderError`.
    encoding : str
        Text encoding of the file (``"cp1252"`` is common in scraped text).
    errors : {"strict", "replace"}
        ``"strict"`` raises on undecodable bytes; ``"replace"`` substitutes
        U+FFFD and counts them in ``corpus.stats.replacements``.
    dedupe : False, True or "near"
        ``True`` skips records whose text exactly repeats an earlier one,
        counted as ``"duplicate text"``; ``"near"`` skips wire copies with
        small edits (MinHash over 3-word shingles, LSH; Jaccard >= ``threshold``),
        within and across sources, counted as ``"near duplicate"``. The first
        copy read is kept; :meth:`Corpus.duplicates` lists every dropped copy
        with the copy it matched.
    threshold : float
        Jaccard similarity at or above which ``dedupe="near"`` calls a text a
        copy (default 0.7: recall 0.98 on planted wire copies, no distinct
        stories merged; 0.8 missed 15 %).
    date_format : str or list of str, optional
        strptime pattern(s) the dates are printed in, tried in order
        (``"%d/%m/%Y"``, ``["%H:%M, %d-%b-%Y", "%B %d, %Y"]``). Default: ISO
        dates, years, ``YYYY-MM``, unambiguous forms (dateutil), then the news
        forms of :func:`~discourse.corpus.news.parse_news_date` (``Updated:
        2022-03-07 17:49``, ``Published: Jul 13, 2022 08:43 PM``, RFC 2822).
        A value with a time keeps it, with its zone, in ``meta["published"]``;
        ``Document.date`` is the calendar date as printed. A pattern that
        reads no date in the whole read raises a ParameterError naming the first
        value.
    bad_records : {"raise", "skip"}
        ``"raise"``: a bad record (malformed JSON line, a value that is not an
        object, text that is not a string, missing source or date, unparseable
        date, duplicate id) raises a ReaderError naming file and line.
        ``"skip"``: it is skipped and counted by reason in ``corpus.stats``
        (first examples as ``"file:line"`` in ``stats.examples``). File-level
        problems (missing file, no text column, undecodable bytes) always raise.
    name : str, optional
        Corpus name (default: the file stem).

    Returns
    -------
    Corpus
        Lazy and re-iterable; every pass re-reads the file. Bad input raises
        or is counted as the table in :mod:`discourse.corpus.readers` describes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
    >>> _ = p.write_text('{"text": "Isolation ends.", "source": "bbc", "date": "2023-09-22"}\\n'
    ...                  '{"text": "  ", "source": "xinhua", "date": "2023"}\\n')
    >>> c = read_jsonl(p)
    >>> [(d.id, d.source, str(d.date)) for d in c]
    [('news:1', 'bbc', '2023-09-22')]
    >>> c.stats.read, c.stats.kept, dict(c.stats.skipped)
    (2, 1, {'empty text': 1})
    """
    p, spec, codec, options = field_options(
        path,
        text=text,
        source=source,
        date=date,
        id=id,
        title=title,
        meta=meta,
        default_source=default_source,
        default_date=default_date,
        encoding=encoding,
        errors=errors,
        dedupe=dedupe,
        date_format=date_format,
        bad_records=bad_records,
        threshold=threshold,
    )
    return stream_corpus(
        lambda stats: _json_records(p, codec, stats),
        spec=spec,
        codec=codec,
        path=p,
        unit="line",
        name=name or stem(p),
        origin=origin("read_jsonl", file_key(p), options),
    )


def _json_records(path: Path, codec: Codec, stats: ReadStats) -> Iterator[Record | BadRecord]:
    fname = path.name
    for lineno, line in text_lines(path, codec, stats):
        if not line or line.isspace():
            continue
        place = f"{path} line {lineno}"
        where = f"{fname}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            hint = ""
            if lineno == 1 and line.lstrip().startswith("["):
                hint = (
                    "; the file looks like one JSON array, but JSON Lines needs one object per "
                    "line (convert it with pandas.read_json(path).to_json(out, "
                    "orient='records', lines=True))"
                )
            msg = f"{place}: invalid JSON ({exc.msg} at column {exc.colno}){hint}"
            yield BadRecord("malformed JSON", msg, where)
            continue
        except RecursionError:
            yield BadRecord("malformed JSON", f"{place}: invalid JSON (nested too deeply)", where)
            continue
        except ValueError as exc:  # e.g. an integer with more than 4300 digits
            yield BadRecord("malformed JSON", f"{place}: invalid JSON ({exc})", where)
            continue
        if not isinstance(rec, dict):
            msg = (
                f"{place}: expected a JSON object {{...}} per line, got a "
                f"{_json_type(rec)} ({short(rec)})"
            )
            yield BadRecord("not a JSON object", msg, where)
            continue
        if _SURROGATE_ESCAPE.search(line):
            rec, n = _fix_surrogates(rec)
            stats.replacements += n
        yield rec, lineno, place, where


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _fix_surrogates(value: Any) -> tuple[Any, int]:
    """Replace lone surrogates (from JSON ``\\ud800`` escapes) with U+FFFD, counting them."""
    if isinstance(value, str):
        fixed, n = _SURROGATE.subn("\ufffd", value)
        return fixed, n
    if isinstance(value, dict):
        out, total = {}, 0
        for k, v in value.items():
            k2, n1 = _fix_surrogates(k)
            v2, n2 = _fix_surrogates(v)
            out[k2] = v2
            total += n1 + n2
        return out, total
    if isinstance(value, list):
        items = [_fix_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0
