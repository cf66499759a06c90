"""JSON Lines: one JSON object per line (``.jsonl``, ``.ndjson``, ``.json``; ``.gz`` allowed)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ...errors import ReaderError
from ..model import Corpus, ReadStats
from .base import (
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
    date: str | None = "date",
    id: str | None = "id",
    title: str | None = "title",
    meta: Iterable[str] | None = None,
    default_source: str | None = None,
    default_date: Any = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    dedupe: bool = False,
    name: str | None = None,
) -> Corpus:
    """Read a JSON Lines file (one JSON object per line; ``.gz`` allowed) as a lazy corpus.

    Parameters
    ----------
    path : str or Path
        The ``.jsonl`` / ``.ndjson`` file, optionally gzipped.
    text, source, date, id, title : str or None
        Names of the fields holding each part of a document. ``date=None``
        reads no dates; ``id=None`` (or a record without the id field) gives
        ids ``"<file stem>:<line>"``; ``title=None`` gives empty titles.
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
    dedupe : bool
        Skip records whose text exactly repeats an earlier one (wire copies),
        counted as ``"duplicate text"``.
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


def _json_records(path: Path, codec: Codec, stats: ReadStats) -> Iterator[Record]:
    fname = path.name
    for lineno, line in text_lines(path, codec, stats):
        if not line or line.isspace():
            continue
        place = f"{path} line {lineno}"
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
            raise ReaderError(
                f"{place}: invalid JSON ({exc.msg} at column {exc.colno}){hint}"
            ) from None
        except RecursionError:
            raise ReaderError(f"{place}: invalid JSON (nested too deeply)") from None
        except ValueError as exc:  # e.g. an integer with more than 4300 digits
            raise ReaderError(f"{place}: invalid JSON ({exc})") from None
        if not isinstance(rec, dict):
            raise ReaderError(
                f"{place}: expected a JSON object {{...}} per line, got a "
                f"{_json_type(rec)} ({short(rec)})"
            )
        if _SURROGATE_ESCAPE.search(line):
            rec, n = _fix_surrogates(rec)
            stats.replacements += n
        yield rec, lineno, place, f"{fname}:{lineno}"


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
