"""Parquet files, streamed in record batches with pyarrow (imported only when used)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ...errors import ReaderError
from ..model import Corpus
from .base import (
    NOT_GIVEN,
    Record,
    Spec,
    check_columns,
    field_options,
    file_key,
    origin,
    stem,
    stream_corpus,
)

__all__ = ["read_parquet"]


def read_parquet(
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
    """Read a Parquet file as a lazy corpus, streaming it in record batches (pyarrow).

    Only the needed columns are read. ``encoding`` / ``errors`` apply to
    binary text columns (string columns are UTF-8 by the Parquet format).
    Ids generated for rows without one are ``"<file stem>:<row>"`` (1-based).

    Parameters
    ----------
    path : str or Path
        The ``.parquet`` file.
    text, source, date, id, title, meta, default_source, default_date, encoding, errors
        As in :func:`read_jsonl`; here they name columns.
    dedupe, threshold, date_format, bad_records, name
        As in :func:`read_jsonl`.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib, pyarrow as pa, pyarrow.parquet as pq
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "news.parquet"
    >>> pq.write_table(pa.table({"text": ["Isolation ends."], "source": ["bbc"],
    ...                          "date": ["2023-09-22"]}), p)
    >>> [(d.id, d.source) for d in read_parquet(p)]
    [('news:1', 'bbc')]
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
    columns = _parquet_columns(p)
    check_columns(p, columns, spec)
    return stream_corpus(
        lambda stats: _parquet_records(p, spec),
        spec=spec,
        codec=codec,
        path=p,
        unit="row",
        name=name or stem(p),
        origin=origin("read_parquet", file_key(p), options),
        columns=columns,
    )


def _parquet_error(path: Path, exc: BaseException) -> ReaderError:
    return ReaderError(
        f"{path}: cannot read as Parquet ({type(exc).__name__}: {exc}); is it a Parquet file, "
        "complete and undamaged?"
    )


def _parquet_columns(path: Path) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as pf:
            return list(pf.schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError, TypeError, IndexError, KeyError) as exc:
        raise _parquet_error(path, exc) from None


def _parquet_records(path: Path, spec: Spec) -> Iterator[Record]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fname = path.name
    try:
        with pq.ParquetFile(path) as pf:
            names = list(pf.schema_arrow.names)
            check_columns(path, names, spec)
            wanted = [
                c
                for c in names
                if (spec.meta is None and not c.startswith("__index_level_"))
                or c in spec.named
                or (spec.meta is not None and c in spec.meta)
            ]
            row = 0
            for batch in pf.iter_batches(batch_size=256, columns=wanted):
                for rec in batch.to_pylist():
                    row += 1
                    yield rec, row, f"{path} row {row}", f"{fname}:{row}"
    except (pa.ArrowException, OSError, ValueError, TypeError, IndexError, KeyError) as exc:
        if isinstance(exc, ReaderError):
            raise
        raise _parquet_error(path, exc) from None
