"""CSV and TSV files with a header row (``.gz`` allowed); quoted fields may hold newlines."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ...errors import ParameterError, ReaderError, known
from ..model import Corpus, ReadStats
from .base import (
    NOT_GIVEN,
    BadRecord,
    Codec,
    Record,
    Spec,
    check_columns,
    field_options,
    file_key,
    origin,
    stem,
    stream_corpus,
    text_lines,
)

__all__ = ["csv_rows", "read_csv"]

# csv refuses fields above 128 KiB by default; a 10 MB speech is one field.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def read_csv(
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
    delimiter: str = ",",
    encoding: str = "utf-8",
    errors: str = "strict",
    dedupe: bool | str = False,
    threshold: float = 0.7,
    date_format: str | Iterable[str] | None = None,
    bad_records: str = "raise",
    name: str | None = None,
) -> Corpus:
    """Read a CSV or TSV file with a header row (``.gz`` allowed) as a lazy corpus.

    Quoted fields may hold newlines (and the delimiter); lines may end in LF,
    CRLF or CR. Every value is a string; empty cells count as missing. A row
    with more or fewer fields than the header raises
    :class:`~discourse.errors.ReaderError` naming the line where the row starts.

    Parameters
    ----------
    path : str or Path
        The file.
    text, source, date, id, title, meta, default_source, default_date
        As in :func:`read_jsonl`; here they name columns. A missing text or
        source column, or a date column you named, is reported when the reader
        is called; without ``date=`` a file with no ``date`` column has no
        dates (noted in ``corpus.stats.notes``).
    delimiter : str
        One character: ``","`` (default) or ``"\\t"`` for TSV.
    encoding, errors, dedupe, threshold, date_format, bad_records, name
        As in :func:`read_jsonl`; a row with more or fewer fields than the
        header is a bad record (``"malformed CSV row"``).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = p.write_text('id,source,date,text\\nn1,bbc,2023-09-22,"Isolation\\nends."\\n')
    >>> [(d.id, d.source, d.text) for d in read_csv(p)]
    [('n1', 'bbc', 'Isolation\\nends.')]
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
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '\r\n"':
        raise ParameterError(
            f"delimiter= must be one character other than a quote or newline, e.g. ',' or '\\t'; "
            f"got {delimiter!r}"
        )
    header = _csv_header(p, codec, delimiter)
    if header is not None:
        check_columns(p, header, spec)
    options["delimiter"] = delimiter
    return stream_corpus(
        lambda stats: _csv_records(p, codec, delimiter, spec, stats),
        spec=spec,
        codec=codec,
        path=p,
        unit="line",
        name=name or stem(p),
        origin=origin("read_csv", file_key(p), options),
        columns=header if header is not None else None,
    )


class _LineCounter:
    def __init__(self, lines: Iterator[tuple[int, str]]):
        self.lines = lines
        self.lineno = 0

    def __iter__(self) -> _LineCounter:
        return self

    def __next__(self) -> str:
        self.lineno, line = next(self.lines)
        return line


def csv_rows(
    path: Path, codec: Codec, delimiter: str, stats: ReadStats
) -> Iterator[tuple[int, list[str]]]:
    """``(line where the row starts, fields)`` for each non-blank row."""
    lines = _LineCounter(text_lines(path, codec, stats))
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    while True:
        start = lines.lineno + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReaderError(f"{path} line {start}: malformed CSV ({exc})") from None
        if not row or (len(row) == 1 and not row[0].strip() and lines.lineno == start):
            continue  # a blank line
        yield start, row


def _csv_header(path: Path, codec: Codec, delimiter: str) -> list[str] | None:
    rows = csv_rows(path, codec, delimiter, ReadStats())
    try:
        first = next(rows, None)
    finally:
        rows.close()
    if first is None:
        return None
    header = [h.strip() for h in first[1]]
    seen: set[str] = set()
    repeated = [h for h in header if h in seen or seen.add(h)]
    if repeated:
        raise ReaderError(
            f"{path} line {first[0]}: the header repeats column names {known(set(repeated))}; "
            "rename them so each column has its own name"
        )
    return header


def _csv_records(
    path: Path, codec: Codec, delimiter: str, spec: Spec, stats: ReadStats
) -> Iterator[Record | BadRecord]:
    rows = csv_rows(path, codec, delimiter, stats)
    try:
        first = next(rows, None)
        if first is None:
            return
        header = [h.strip() for h in first[1]]
        check_columns(path, header, spec)
        n = len(header)
        fname = path.name
        for lineno, row in rows:
            place = f"{path} line {lineno}"
            if len(row) != n:
                msg = (
                    f"{place}: the row has {len(row)} fields but the header has {n}; a stray "
                    "quote or an unquoted delimiter is the usual cause (quote fields that hold "
                    f"{delimiter!r} or newlines)"
                )
                yield BadRecord("malformed CSV row", msg, f"{fname}:{lineno}")
                continue
            rec = {h: v for h, v in zip(header, row, strict=True) if v != ""}
            rec.setdefault(spec.text, "")
            yield rec, lineno, place, f"{fname}:{lineno}"
    finally:
        rows.close()
