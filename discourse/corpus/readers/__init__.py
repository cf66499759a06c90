"""Read a corpus from JSON Lines, CSV/TSV, Parquet or a folder of ``.txt`` files.

Every reader returns a lazy :class:`~discourse.Corpus`: nothing but a few
header checks happens at call time, and each pass over the corpus re-reads
the file, one record at a time (memory holds one record, the set of ids seen
and, with ``dedupe=True``, a 16-byte hash per text). ``corpus.origin`` holds
the absolute path, size, modification time and every reader option, so the
fingerprint and the token cache of an unchanged file are found again.

Files ending in ``.gz`` (or any file starting with the gzip magic bytes) are
decompressed on the fly. ``read(path)`` picks the reader from the extension:
``.jsonl``/``.ndjson``/``.json`` → :func:`read_jsonl`, ``.csv`` → :func:`read_csv`,
``.tsv`` → :func:`read_csv` with ``delimiter="\\t"``, ``.parquet``/``.pq`` →
:func:`read_parquet`, ``.html``/``.htm`` → :func:`~discourse.corpus.news.read_html`,
``.warc``/``.warc.gz`` → :func:`~discourse.corpus.news.read_warc`, a folder →
the reader of the files in it (``.txt``: :func:`read_text_folder`; HTML or
WARC: the news readers; a mix is an error), and a single ``.txt`` file → a
one-document corpus.

One module per format, behind one interface (:mod:`.base`):

=========================  ==================================================
:func:`read_jsonl`         JSON Lines (``jsonl.py``)
:func:`read_csv`           CSV and TSV (``csv.py``)
:func:`read_parquet`       Parquet, with pyarrow (``parquet.py``)
:func:`read_text_folder`   a folder of ``.txt`` files (``textfolder.py``)
``base.py``                what they share: option checks, codecs, bytes →
                           lines, records → documents, ``corpus.origin``
:func:`read`               picks one of them from the extension (here)
=========================  ==================================================

Records and ids
---------------
A *record* is one non-blank line of JSON Lines, one CSV row after the header,
one Parquet row or one ``.txt`` file; ``corpus.stats.read`` counts records,
and after a full pass ``read == kept + n_skipped``. Blank lines are not
records. Lines may end in LF, CRLF or a lone CR. When a record has no id
field (or ``id=None``), its id is ``"<file stem>:<line>"`` (``"news:12"`` for
line 12 of ``news.jsonl.gz``; the row number for Parquet); a text file's id is
its path below the folder without ``.txt`` (or the ``{id}`` placeholder).
Year-only and year-month dates are stored as the first day with
``meta["date_precision"]`` set to ``"year"`` / ``"month"``.

Bad input: the contract
-----------------------
Every problem below raises :class:`~discourse.errors.ReaderError` (a
``ValueError``) whose message names the file and the place, or is skipped and
counted in ``corpus.stats`` (examples in ``stats.examples`` as ``"file:line"``).
No other exception type leaves a reader, for any bytes on disk.

With ``bad_records="skip"`` (every reader) a problem with one record, marked
*(record)* below, is skipped instead, counted by reason (``"malformed JSON"``,
``"not a JSON object"``, ``"text is not a string"``, ``"no text field"``,
``"missing source"``, ``"missing date"``, ``"unparseable date"``, ``"field is
not a string or number"``, ``"malformed CSV row"``, ``"duplicate id"``) with
its first examples; ``"raise"`` (the default) raises the errors below. File-level
problems (a missing file, no text column, undecodable bytes, bad gzip) always raise.

Fields not named: ``date``, ``id`` and ``title`` default to the field of that
name *if the file has it* (a CSV header or Parquet schema; for JSON Lines, the
first record). Without it documents have no dates, ids ``"<stem>:<line>"`` or
empty titles, counted in ``stats.notes`` (``"no 'date' field: no dates"``). A
field you name must exist. Dates are read as outlets print them (ISO, years,
RFC 2822, ``Updated: 2022-03-07 17:49``, ``Published: Jul 13, 2022 08:43 PM``,
``23:17, 13-Jun-2022``; or ``date_format=`` patterns); a value with a time keeps
it, with its zone, in ``meta["published"]``.

=======================================  ==================================================
input                                    behaviour
=======================================  ==================================================
malformed JSON line (record)             ReaderError: file, line, column, the JSON message
JSON value that is not an object         ReaderError: file, line, the value's type
(record)
bytes not valid in ``encoding``          ``errors="strict"``: ReaderError: file, line,
                                         column, byte offset (in the decompressed data for
                                         ``.gz``), the bytes; suggests ``encoding="cp1252"``
                                         / ``"latin-1"`` or ``errors="replace"``.
                                         ``errors="replace"``: each bad sequence becomes
                                         U+FFFD, counted in ``stats.replacements``
UTF-8 byte-order mark                    removed (start of file only, UTF-8 encodings)
UTF-16 byte-order mark with UTF-8        ReaderError suggesting ``encoding="utf-16"``
NUL bytes (U+0000 in the decoded text)   ``errors="strict"``: ReaderError: file, line,
                                         offset (binary or UTF-16 file?).
                                         ``errors="replace"``: removed, counted in
                                         ``stats.replacements``
lone surrogate escapes (``"\\ud800"``)   replaced by U+FFFD, counted in
in JSON strings                          ``stats.replacements``
empty, null or whitespace-only text      skipped, counted as ``"empty text"``
missing text field / column              ReaderError: the field, the first record
                                         (file and line) and the fields it has
text that is not a string (JSON)         ReaderError: field, file, line, type
(record)
missing or empty source (record)         ReaderError: field, file, line; unless
                                         ``default_source=`` is given (then used)
missing or empty date (record)           ReaderError: field, file, line; unless
                                         ``default_date=`` is given; ``date=None``
                                         reads no dates at all
no date field in the file, ``date=``     no dates, counted in ``stats.notes``
not given
unparseable date (record)                ReaderError: file, line, field and the value
``date_format=`` that reads no date      ParameterError naming the first value
a list or object as source/id/title      ReaderError: field, file, line
(record)
duplicate ids (record)                   ReaderError listing the first few duplicates
                                         with both lines (after ``dedupe``)
exact duplicate texts, ``dedupe=True``   later copies skipped, counted as
                                         ``"duplicate text"``
wire copies, ``dedupe="near"``           later copies skipped, counted as ``"near
                                         duplicate"``; ``corpus.duplicates()`` lists
                                         each with the copy it matched
CSV row with more/fewer fields than      ReaderError: file, line (where the row starts),
the header (record)                      the counts; a stray quote is the usual cause
CSV header with repeated names           ReaderError naming them
CSV quoted fields with newlines          fine (fields up to 2 GB)
Parquet file that pyarrow cannot read    ReaderError: file and pyarrow's message
truncated or corrupt gzip                ReaderError: "truncated or corrupt gzip"
missing or unreadable file               ReaderError: file and the OS message
empty file, header-only CSV              an empty corpus (0 read), not an error
``.txt`` in a folder not matching        skipped, counted as ``"file name does not match
``pattern``                              pattern"``; ReaderError at call time when no file
                                         matches at all
hidden ``.txt`` files (``._x.txt``)      skipped, counted as ``"hidden file"``
=======================================  ==================================================

A reader that raises mid-pass has already yielded the documents before the
bad record; the error is raised again on every pass.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...errors import ParameterError, ReaderError, known
from ..model import Corpus
from ..news.html import HTML_SUFFIXES, read_html
from ..news.warc import WARC_SUFFIXES, read_warc
from .base import NOT_GIVEN, check_file, stem
from .csv import read_csv
from .jsonl import read_jsonl
from .parquet import read_parquet
from .textfolder import read_text_folder, text_corpus

__all__ = [
    "FOLDER_KINDS",
    "folder_kind",
    "input_kind",
    "read",
    "read_csv",
    "read_jsonl",
    "read_parquet",
    "read_text_folder",
]

#: What a folder can hold, by file name ending (hidden files are not counted).
FOLDER_KINDS = {
    "text": (".txt", ".txt.gz"),
    "html": HTML_SUFFIXES,
    "warc": WARC_SUFFIXES,
}


def folder_kind(folder: str | os.PathLike) -> str:
    """``"text"``, ``"html"`` or ``"warc"``: what the files below ``folder`` are.

    Decided by the extensions of the files (recursively; hidden files and
    other extensions, such as a sidecar CSV, are ignored). A folder holding
    more than one kind raises a ParameterError naming an example of each; a
    folder with none of them is ``"text"`` (and reads as empty or fails there).
    """
    root = Path(folder)
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            low = f.lower()
            if low.startswith("."):
                continue
            for kind, suffixes in FOLDER_KINDS.items():
                if low.endswith(suffixes):
                    found.setdefault(kind, str(Path(dirpath, f).relative_to(root)))
        if len(found) > 1:
            break
    if len(found) > 1:
        shown = ", ".join(f"{k} ({v!r})" for k, v in sorted(found.items()))
        raise ParameterError(
            f"{root}: the folder mixes kinds of files: {shown}; put each kind in its own folder "
            "and read them one by one, or call read_text_folder / read_html / read_warc on it"
        )
    return next(iter(found), "text")


def input_kind(path: str | os.PathLike) -> str:
    """The reader :func:`read` picks for ``path``: ``"jsonl"``, ``"csv"``, ``"tsv"``,
    ``"parquet"``, ``"txt"`` (one file), ``"text"`` (a folder of them), ``"html"``,
    ``"warc"``, or ``""`` when the extension says nothing."""
    p = Path(path)
    if p.is_dir():
        return folder_kind(p)
    low = p.name.lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    if low.endswith(".gz"):
        low = low[:-3]
    ext = low.rsplit(".", 1)[-1] if "." in low else ""
    return {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "pq": "parquet"}.get(
        ext, ext if ext in ("csv", "tsv", "parquet", "txt") else ""
    )


_FIELD_DEFAULTS = {"text": "text", "date": "date", "id": "id", "title": "title"}


def read(path: str | os.PathLike, **options: Any) -> Corpus:
    """Read a corpus file or folder, choosing the reader from the extension.

    ``.jsonl``, ``.ndjson``, ``.json`` (JSON Lines) → :func:`read_jsonl`;
    ``.csv`` → :func:`read_csv`; ``.tsv`` → :func:`read_csv` with
    ``delimiter="\\t"``; ``.parquet``/``.pq`` → :func:`read_parquet`; a
    ``.html``/``.htm`` → :func:`~discourse.corpus.news.read_html`;
    ``.warc``/``.warc.gz`` → :func:`~discourse.corpus.news.read_warc`; a
    folder → the reader of its files (:func:`folder_kind`: ``.txt`` →
    :func:`read_text_folder`, HTML or WARC → the news readers; a mix raises);
    one ``.txt`` file → a one-document corpus. Each may end in ``.gz`` (not
    Parquet or HTML).

    Parameters
    ----------
    path : str or Path
        The file or folder.
    **options
        Keyword options of the chosen reader; a misspelt option raises.
        For a folder or ``.txt`` file, the field-name options ``text``,
        ``date``, ``id``, ``title`` are accepted only at their defaults (or None),
        and ``source`` (or ``default_source``) is the constant label
        (``source="source"``, the field-name default, means none), so one set of options can be
        passed for any input (as the CLI does).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "news.tsv"
    >>> _ = p.write_text("source\\tdate\\ttext\\nbbc\\t2023\\tIsolation ends.\\n")
    >>> [(d.source, d.year) for d in read(p)]
    [('bbc', 2023)]
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterError(f"path must be a file or folder path, got {type(path).__name__}")
    p = Path(path)
    kind = input_kind(p)
    if kind in ("html", "warc"):
        reader = read_html if kind == "html" else read_warc
        return _call(reader, p, _news_options(options, p))
    if p.is_dir():
        return _call(read_text_folder, p, _folder_options(options, p))
    low = p.name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    ext = low.rsplit(".", 1)[-1] if "." in low else ""
    if ext in ("jsonl", "ndjson", "json"):
        return _call(read_jsonl, p, options)
    if ext == "csv":
        return _call(read_csv, p, options)
    if ext == "tsv":
        return _call(read_csv, p, {"delimiter": "\t", **options})
    if ext in ("parquet", "pq"):
        return _call(read_parquet, p, options)
    if ext == "txt":
        f = check_file(p)
        opts = _folder_options(options, p)
        opts.setdefault("pattern", None)
        unknown = set(opts) - {
            "pattern", "source", "default_date", "encoding", "errors", "name",
            "date_format", "bad_records",
        }  # fmt: skip
        if unknown:
            raise ParameterError(
                f"read({str(p)!r}): unknown option(s) {known(unknown)} for a .txt file; allowed: "
                "pattern, source, default_date, encoding, errors, name, date_format, bad_records"
            )
        return text_corpus(
            f.parent,
            [(f.name, f)],
            reader="read(txt)",
            recursive=False,
            sidecar=None,
            dedupe=False,
            name=opts.pop("name", None) or stem(f),
            **{
                "source": None,
                "default_date": None,
                "encoding": "utf-8",
                "errors": "strict",
                **opts,
            },
        )
    if not p.exists():
        raise ReaderError(f"{p}: no such file or folder")
    raise ParameterError(
        f"read({str(p)!r}): cannot tell the format from the extension {('.' + ext) if ext else '(none)'}; "
        "use .jsonl, .ndjson, .json, .csv, .tsv, .parquet, .txt (each may end in .gz except "
        "Parquet), .html, .htm, .warc, .warc.gz or a folder, or call read_jsonl / read_csv / "
        "read_parquet / read_text_folder / read_html / read_warc"
    )


def _folder_options(options: dict[str, Any], p: Path) -> dict[str, Any]:
    opts = dict(options)
    for field, default in _FIELD_DEFAULTS.items():
        if field in opts:
            if opts[field] is NOT_GIVEN:
                del opts[field]
                continue
            if opts[field] not in (default, None) or (field == "text" and opts[field] is None):
                raise ParameterError(
                    f"{field}={opts[field]!r} names a field, but {p} is a folder or .txt file "
                    "whose documents have no fields; use pattern= and sidecar= for metadata"
                )
            del opts[field]
    if opts.get("source") == "source":
        del opts["source"]
    if "default_source" in opts:  # for files without fields, the same thing as source=
        label = opts.pop("default_source")
        opts.setdefault("source", label)
    return opts


def _news_options(options: dict[str, Any], p: Path) -> dict[str, Any]:
    """The options of a field reader that also make sense for pages: field names at their
    defaults, the default codec and ``default_source``/``default_date`` are dropped."""
    opts = dict(options)
    for field, default in (*_FIELD_DEFAULTS.items(), ("source", "source")):
        if field in opts:
            if opts[field] not in (default, None, NOT_GIVEN):
                raise ParameterError(
                    f"{field}={opts[field]!r} names a field, but {p} holds web pages whose "
                    "outlet, date, title and id come from the pages; pass outlets= a mapping "
                    "of domain → outlet name"
                )
            del opts[field]
    for key, default in (("encoding", "utf-8"), ("errors", "strict")):
        if opts.get(key, default) != default:
            raise ParameterError(
                f"{key}={opts[key]!r}: web pages declare their own encoding; leave {key}= out"
            )
        opts.pop(key, None)
    return opts


def _call(fn: Callable[..., Corpus], p: Path, options: dict[str, Any]) -> Corpus:
    allowed = [k for k, v in inspect.signature(fn).parameters.items() if v.kind is v.KEYWORD_ONLY]
    unknown = set(options) - set(allowed)
    if unknown:
        raise ParameterError(
            f"read({str(p)!r}): unknown option(s) {known(unknown)} for {fn.__name__}; "
            f"allowed: {', '.join(allowed)}"
        )
    return fn(p, **options)
