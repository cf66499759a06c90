"""WARC archives of news (crawls, Common Crawl's CC-NEWS) as a corpus.

Records are streamed with ``warcio.ArchiveIterator`` (gzip'd or plain;
chunked and gzip/deflate content encodings decoded by ``content_stream()``).
One file is the unit of work: :func:`warc_file_events` reads one archive
into extraction events and is what runs on a Dask worker with ``client=``,
and on local workers with ``processes=`` when there are at least two files
per worker. With fewer files this process reads the records
(:func:`iter_warc_records`, :func:`record_batches`) while the workers
extract batches of :data:`RECORD_BATCH` responses (:func:`extract_records`),
so one large archive is extracted in parallel too.
"""

from __future__ import annotations

import dataclasses
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..._validation import positive_int
from ...errors import ParameterError, ReaderError
from ...parallel import Executor
from ...parallel.dask import check_client
from ..model import Corpus, ReadStats
from .html import extract_page, file_keys, html_files
from .records import NewsOptions, Page, Skip, documents, news_origin

__all__ = [
    "RECORD_BATCH",
    "WARC_SUFFIXES",
    "Response",
    "extract_records",
    "extract_response",
    "iter_warc_events",
    "iter_warc_records",
    "record_batches",
    "read_warc",
    "warc_file_events",
    "warc_worker_modules",
]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


def warc_worker_modules(options: NewsOptions) -> tuple[str, ...]:
    """What extraction imports lazily, for a fork server to import once (``Executor(preload=)``).

    warcio, trafilatura (which brings lxml and htmldate), and py3langid only
    when a language filter asks for detection.
    """
    mods = ("warcio.archiveiterator", "trafilatura", "trafilatura.metadata", "htmldate")
    return mods + (("py3langid",) if options.language is not None else ())


def _truncated(path: Path, offset: Any, detail: str, options: NewsOptions) -> Skip:
    where = f"{path}:{offset}"
    if options.bad_records == "raise":
        raise ReaderError(
            f"{path}: truncated or corrupt WARC at record offset {offset} ({detail}); "
            "the records before it can be kept with bad_records='skip'"
        )
    return Skip("truncated WARC", where)


@dataclasses.dataclass(frozen=True)
class Response:
    """An HTML response read from a WARC, not yet extracted (picklable: sent to a worker)."""

    payload: bytes
    where: str  # file:offset
    url: str  # WARC-Target-URI
    extra: tuple[tuple[str, Any], ...] = ()


def iter_warc_records(path: str | os.PathLike, options: NewsOptions) -> Iterator[Response | Skip]:
    """The records of one WARC file in file order: a :class:`Response` to extract, or a Skip.

    The reading half of :func:`iter_warc_events` (same skips, same
    truncation handling), so the caller can read while workers extract.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with f:
        size = os.fstat(f.fileno()).st_size
        it = ArchiveIterator(f)
        offset: Any = 0
        try:
            for rec in it:
                rtype = rec.rec_type
                if rtype != "response" or rec.http_headers is None:
                    offset = it.get_record_offset()
                    yield Skip("not a response", f"{path}:{offset}")
                    continue
                status = rec.http_headers.get_statuscode()
                ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
                if status != "200" or ("html" not in ctype and ctype):
                    offset = it.get_record_offset()
                    reason = "HTTP status" if status != "200" else "not HTML"
                    yield Skip(reason, f"{path}:{offset}")
                    continue
                payload = rec.content_stream().read()
                rec.raw_stream.read()
                offset = it.get_record_offset()
                if getattr(rec.raw_stream, "limit", 0) > 0:
                    yield _truncated(path, offset, "the record ends early", options)
                    return
                extra = (("warc_date", rec.rec_headers.get_header("WARC-Date") or ""),)
                yield Response(payload, f"{path}:{offset}", uri, extra)
        except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
            if isinstance(exc, ReaderError):
                raise
            pos = getattr(it, "offset", offset)
            yield _truncated(path, pos, f"{type(exc).__name__}: {exc}", options)
            return
        end = getattr(it, "offset", size)
        if end < size:
            yield _truncated(path, end, f"{size - end} bytes after the last record", options)


def extract_response(response: Response, detect: bool = False) -> Page | Skip:
    """:func:`~.html.extract_page` on one response read from a WARC."""
    return extract_page(
        response.payload,
        where=response.where,
        url=response.url,
        detect=detect,
        extra=response.extra,
    )


def iter_warc_events(path: str | os.PathLike, options: NewsOptions) -> Iterator[Page | Skip]:
    """Extraction events of one WARC file, record by record, in file order.

    Every record is one event: a :class:`~.records.Page`, or a
    :class:`~.records.Skip` for request/metadata/warcinfo records
    (``"not a response"``), responses other than 200 (``"HTTP status"``),
    non-HTML payloads (``"not HTML"``), pages without main text, and a
    truncated end (``"truncated WARC"``, with ``bad_records="skip"``; a
    ReaderError naming the file and offset otherwise).
    """
    detect = options.language is not None
    for ev in iter_warc_records(path, options):
        yield extract_response(ev, detect) if isinstance(ev, Response) else ev


def warc_file_events(path: str, options: NewsOptions) -> list[Page | Skip]:
    """All events of one WARC file as a list: the task a Dask worker runs per file."""
    return list(iter_warc_events(path, options))


#: Responses per task when ``read_warc(processes=)`` has fewer than two files per worker.
RECORD_BATCH = 64


@dataclasses.dataclass(frozen=True)
class _ReadFailure:
    """A ReaderError met while reading ahead, raised when the reader reaches it."""

    message: str


def extract_records(batch: list, detect: bool) -> list:
    """The events of a batch of records, in order: responses extracted, skips as they are."""
    return [extract_response(ev, detect) if isinstance(ev, Response) else ev for ev in batch]


def record_batches(files: list[Path], options: NewsOptions, size: int | None = None) -> Iterator:
    """The records of ``files`` in order, in lists of ``size`` responses (:data:`RECORD_BATCH`)."""
    size = RECORD_BATCH if size is None else size
    batch: list = []
    n = 0
    try:
        for f in files:
            for ev in iter_warc_records(f, options):
                batch.append(ev)
                n += isinstance(ev, Response)
                if n >= size:
                    yield batch
                    batch, n = [], 0
    except ReaderError as exc:  # raised where the reader gets to it, after the documents before
        batch.append(_ReadFailure(str(exc)))
    if batch:
        yield batch


def read_warc(
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
    processes: int = 1,
    client: Any = None,
) -> Corpus:
    """Read WARC archives of news pages into a corpus (HTML responses only).

    Parameters
    ----------
    paths : path, glob or list of them
        ``.warc``/``.warc.gz`` files, folders searched recursively for them,
        or glob patterns; read in sorted path order.
    outlets, language, dedupe, threshold, shingle, seed, date_format, name
        As in :func:`~discourse.corpus.news.read_html`. The outlet comes from
        the domain of the record's ``WARC-Target-URI``.
    bad_records : "raise" or "skip"
        A truncated or corrupt archive raises a ReaderError naming the file
        and the record offset (the documents before it have been yielded);
        with ``"skip"`` the rest of that file is counted as one
        ``"truncated WARC"`` record at that offset and reading goes on.
    processes : int
        Extract on this many worker processes
        (:class:`discourse.parallel.Executor`: forked from a fork server that
        has imported warcio and trafilatura, where the platform has one): one
        WARC file per task when there are at least two files per worker
        (each worker holds one file's pages at a time, at most two files per
        worker in flight), else this process reads the records and the
        workers extract batches of 64 responses. The corpus is the same
        (same documents, same order, same ``stats``, a truncated archive
        raises after the same documents) as with ``processes=1``. A gain
        needs some seconds of extraction: the workers' start (about 0.45 s
        on a 2-core machine, importing warcio, trafilatura and ``discourse``
        once) is paid before the first page.
    client : dask.distributed.Client, optional
        Extract on the cluster instead, one WARC file per task; the corpus
        is the same as without it. The workers must see the files at the
        same paths.

    Returns
    -------
    Corpus
        As :func:`read_html`, with ``id`` = the WARC-Target-URI (the
        canonical URL, when it differs, is in ``meta["canonical"]``) and
        ``meta["warc_date"]``. Skip reasons add ``"not a response"``,
        ``"HTTP status"``, ``"not HTML"``, ``"truncated WARC"``.
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
    processes = positive_int("processes", processes)
    if client is not None:
        check_client(client)
        if processes != 1:
            raise ParameterError(
                f"processes={processes} and client= both ask for workers; give one of them"
            )
    files = html_files(paths, WARC_SUFFIXES)
    origin = news_origin("read_warc", file_keys(files), options)

    def events() -> Iterator[Page | Skip]:
        if client is None and processes == 1:
            for f in files:
                yield from iter_warc_events(f, options)
            return
        preload = () if client is not None else warc_worker_modules(options)
        if client is not None or len(files) >= 2 * processes:  # a file per task
            with Executor(
                processes=min(processes, len(files)), client=client, preload=preload
            ) as ex:
                for batch in ex.map(warc_file_events, [str(f) for f in files], options):
                    yield from batch
            return
        # few files: this process reads, the workers extract batches of records
        detect = options.language is not None
        with Executor(processes=processes, preload=preload) as ex:
            for batch in ex.map(extract_records, record_batches(files, options), detect):
                for ev in batch:
                    if isinstance(ev, _ReadFailure):
                        raise ReaderError(ev.message)
                    yield ev

    def factory(stats: ReadStats) -> Iterator:
        return documents(events(), stats, options, origin)

    if name is None:
        first = Path(paths if isinstance(paths, (str, os.PathLike)) else files[0])
        name = first.name.split(".")[0] if first.suffix else first.name
    return Corpus(factory, name=name, origin=origin)
