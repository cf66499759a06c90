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
:func:`read_parquet`, a folder → :func:`read_text_folder`, and a single
``.txt`` file → a one-document corpus.

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

=======================================  ==================================================
input                                    behaviour
=======================================  ==================================================
malformed JSON line                      ReaderError: file, line, column, the JSON message
JSON value that is not an object         ReaderError: file, line, the value's type
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
missing or empty source                  ReaderError: field, file, line; unless
                                         ``default_source=`` is given (then used)
missing or empty date                    ReaderError: field, file, line; unless
                                         ``default_date=`` is given; ``date=None``
                                         reads no dates at all
unparseable date                         ReaderError: file, line, field and the value
a list or object as source/id/title      ReaderError: field, file, line
duplicate ids                            ReaderError listing the first few duplicates
                                         with both lines (after ``dedupe``)
exact duplicate texts, ``dedupe=True``   later copies skipped, counted as
                                         ``"duplicate text"``
CSV row with more/fewer fields than      ReaderError: file, line (where the row starts),
the header                               the counts; a stray quote is the usual cause
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

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ParameterError, ReaderError, known
from .model import Corpus, Document, ReadStats, parse_date

__all__ = ["read", "read_csv", "read_jsonl", "read_parquet", "read_text_folder"]

_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"
_REPLACE_HANDLER = "discourse.count_replace"
_MAX_DUPLICATES = 5
_CR_SPLIT = re.compile(rb"(?<=\r)(?!\n)")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# csv refuses fields above 128 KiB by default; a 10 MB speech is one field.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

# errors="replace" that counts: one U+FFFD per undecodable sequence.
_counter = threading.local()


def _count_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _counter.n = getattr(_counter, "n", 0) + 1
    return "\ufffd", exc.end


codecs.register_error(_REPLACE_HANDLER, _count_replace)


# -- options -----------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _Spec:
    """What a record's fields mean (shared by every reader)."""

    text: str
    source: str | None
    date: str | None
    id: str | None
    title: str | None
    meta: tuple[str, ...] | None
    default_source: str | None
    default_date: tuple[dt.date | None, str] | None
    dedupe: bool

    @property
    def named(self) -> set[str]:
        return {f for f in (self.text, self.source, self.date, self.id, self.title) if f}


@dataclasses.dataclass(frozen=True)
class _Codec:
    encoding: str  # as given (for messages)
    codec: str  # normalised codec name
    strict: bool
    ascii_compatible: bool

    @property
    def handler(self) -> str:
        return "strict" if self.strict else _REPLACE_HANDLER


def _check_codec(encoding: Any, errors: Any) -> _Codec:
    if not isinstance(encoding, str):
        raise ParameterError(
            f"encoding= must be a string such as 'utf-8' or 'cp1252', got {encoding!r}"
        )
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ParameterError(
            f"encoding={encoding!r} is not a known text encoding; try 'utf-8', 'cp1252' or 'latin-1'"
        ) from None
    if errors not in ("strict", "replace"):
        raise ParameterError(
            f"errors={errors!r} is not allowed; use 'strict' (raise on undecodable bytes) or "
            "'replace' (replace them with U+FFFD and count them)"
        )
    codec = info.name
    if codec == "utf-8-sig":
        codec = "utf-8"
    try:
        "a".encode(codec)
        b"".decode(codec)
    except LookupError:
        raise ParameterError(
            f"encoding={encoding!r} is not a text encoding; try 'utf-8', 'cp1252' or 'latin-1'"
        ) from None
    except UnicodeError:
        pass
    ascii_bytes = bytes(range(128))
    try:
        compatible = ascii_bytes.decode(codec) == ascii_bytes.decode("ascii") and codec != "utf-7"
        compatible = compatible and "\n\r".encode(codec) == b"\n\r"
    except (UnicodeError, LookupError, TypeError):
        compatible = False
    return _Codec(encoding, codec, errors == "strict", compatible)


def _check_name(value: Any, param: str, *, allow_none: bool = True) -> str | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or not value:
        raise ParameterError(
            f"{param}= must be a field name (a non-empty string){' or None' if allow_none else ''}, "
            f"got {value!r}"
        )
    return value


def _make_spec(
    *,
    text: Any,
    source: Any,
    date: Any,
    id: Any,
    title: Any,
    meta: Any,
    default_source: Any,
    default_date: Any,
    dedupe: Any,
) -> _Spec:
    text = _check_name(text, "text", allow_none=False)
    if meta is not None:
        if isinstance(meta, str) or not isinstance(meta, Iterable):
            raise ParameterError(
                f"meta= must be None (all other fields) or a list of field names, got {meta!r}"
            )
        meta = tuple(meta)
        for m in meta:
            _check_name(m, "meta", allow_none=False)
    if default_source is not None and (not isinstance(default_source, str) or not default_source):
        raise ParameterError(
            f"default_source= must be a non-empty string label, got {default_source!r}"
        )
    parsed_default = None
    if default_date is not None:
        try:
            parsed_default = parse_date(default_date)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ParameterError(
                f"default_date={default_date!r} is not a date ({exc}); give e.g. '2023-09-22' or 2023"
            ) from None
    if not isinstance(dedupe, bool):
        raise ParameterError(f"dedupe= must be True or False, got {dedupe!r}")
    return _Spec(
        text=text,
        source=_check_name(source, "source"),
        date=_check_name(date, "date"),
        id=_check_name(id, "id"),
        title=_check_name(title, "title"),
        meta=meta,
        default_source=default_source,
        default_date=parsed_default,
        dedupe=dedupe,
    )


def _file(path: Any, what: str = "file") -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterError(f"path must be a file path (str or Path), got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise ReaderError(f"{p}: no such {what}; check the path (working folder: {os.getcwd()})")
    if what == "file" and not p.is_file():
        raise ReaderError(f"{p}: is not a file")
    return p


def _file_key(p: Path) -> str:
    st = p.stat()
    return f"{p.resolve()}|size={st.st_size}|mtime_ns={st.st_mtime_ns}"


def _origin(reader: str, key: str, options: Mapping[str, Any]) -> str:
    opts = json.dumps(dict(options), sort_keys=True, default=str)
    return f"discourse.readers.{reader}|{key}|options={opts}"


def _stem(p: Path) -> str:
    name = p.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


# -- bytes → lines -----------------------------------------------------------------
@contextlib.contextmanager
def _open_bytes(path: Path) -> Iterator[Any]:
    """A binary stream of the file, gunzipped when it starts with the gzip magic."""
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ReaderError(f"{path}: cannot open the file ({exc.strerror or exc})") from None
    try:
        try:
            head = f.peek(2)[:2]
        except OSError as exc:
            raise ReaderError(f"{path}: cannot read the file ({exc})") from None
        if head == _GZIP_MAGIC:
            with gzip.GzipFile(fileobj=f, mode="rb") as g:
                yield g
        elif path.name.lower().endswith(".gz") and head:
            raise ReaderError(
                f"{path}: truncated or corrupt gzip (the name ends in .gz but the data does not "
                "start with the gzip signature); compress or download the file again, or rename it"
            )
        else:
            yield f
    finally:
        f.close()


def _io_error(path: Path, exc: BaseException) -> ReaderError:
    if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
        return ReaderError(
            f"{path}: truncated or corrupt gzip data ({exc}); compress or download the file again"
        )
    return ReaderError(f"{path}: cannot read the file ({exc})")


def _raw_lines(f: Any) -> Iterator[bytes]:
    """Lines of a binary stream, split after LF, CRLF or a lone CR (terminators kept)."""
    for raw in f:
        if b"\r" in raw:
            for part in _CR_SPLIT.split(raw):
                if part:
                    yield part
        else:
            yield raw


def _decode_error(
    path: Path, codec: _Codec, lineno: int, offset: int, raw: bytes, exc: UnicodeDecodeError
) -> ReaderError:
    col = len(raw[: exc.start].decode(codec.codec, "replace")) + 1
    bad = raw[exc.start : min(exc.end, exc.start + 4)].hex(" ")
    hint = ""
    if offset + exc.start < 2 and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        hint = "the file starts with a UTF-16 byte-order mark: pass encoding='utf-16'; otherwise "
    return ReaderError(
        f"{path} line {lineno}, column {col} (byte offset {offset + exc.start}): byte(s) {bad} "
        f"cannot be decoded as {codec.encoding!r} ({exc.reason}); {hint}if the file is not "
        f"{codec.encoding} pass encoding='cp1252' (common for scraped Windows text) or "
        "encoding='latin-1', or errors='replace' to replace undecodable bytes with U+FFFD "
        "and count them in corpus.stats.replacements"
    )


def _unicode_error(path: Path, lineno: int, codec: _Codec, exc: UnicodeError) -> ReaderError:
    reason = getattr(exc, "reason", None) or str(exc)
    return ReaderError(
        f"{path} near line {lineno}: the bytes cannot be decoded as {codec.encoding!r} "
        f"({reason}); pass the right encoding= (e.g. 'utf-8', 'cp1252', 'utf-16') or "
        "errors='replace'"
    )


def _nul_error(path: Path, lineno: int, where: str) -> ReaderError:
    return ReaderError(
        f"{path} line {lineno}{where}: NUL byte in the text (is this a binary or UTF-16 file? "
        "then pass encoding='utf-16'); errors='replace' removes NUL bytes and counts them in "
        "corpus.stats.replacements"
    )


def _text_lines(path: Path, codec: _Codec, stats: ReadStats) -> Iterator[tuple[int, str]]:
    """``(line number, decoded line with its terminator)`` for every line of the file."""
    try:
        with _open_bytes(path) as f:
            if codec.ascii_compatible:
                yield from _ascii_lines(path, f, codec, stats)
            else:
                yield from _wide_lines(path, f, codec, stats)
    except (OSError, EOFError, zlib.error) as exc:
        raise _io_error(path, exc) from None


def _ascii_lines(path: Path, f: Any, codec: _Codec, stats: ReadStats) -> Iterator[tuple[int, str]]:
    offset = 0
    lineno = 0
    utf8 = codec.codec == "utf-8"
    for raw in _raw_lines(f):
        lineno += 1
        start = offset
        offset += len(raw)
        if lineno == 1 and utf8 and raw.startswith(_UTF8_BOM):
            raw = raw[3:]
            start += 3
        try:
            if codec.strict:
                line = raw.decode(codec.codec)
            else:
                _counter.n = 0
                line = raw.decode(codec.codec, _REPLACE_HANDLER)
                stats.replacements += _counter.n
        except UnicodeDecodeError as exc:
            raise _decode_error(path, codec, lineno, start, raw, exc) from None
        except UnicodeError as exc:
            raise _unicode_error(path, lineno, codec, exc) from None
        if "\x00" in line:
            if codec.strict:
                at = raw.find(b"\x00")
                where = f", column {line.index(chr(0)) + 1}"
                where += f" (byte offset {start + at})" if at >= 0 else ""
                raise _nul_error(path, lineno, where)
            stats.replacements += line.count("\x00")
            line = line.replace("\x00", "")
        yield lineno, line


def _wide_lines(path: Path, f: Any, codec: _Codec, stats: ReadStats) -> Iterator[tuple[int, str]]:
    """Lines of a UTF-16/UTF-32-like file (no byte offsets: only line numbers)."""
    text = io.TextIOWrapper(f, encoding=codec.codec, errors=codec.handler, newline="")
    lineno = 0
    try:
        while True:
            _counter.n = 0
            try:
                line = text.readline()
            except UnicodeError as exc:
                raise _unicode_error(path, lineno + 1, codec, exc) from None
            stats.replacements += _counter.n
            if not line:
                return
            lineno += 1
            if "\x00" in line:
                if codec.strict:
                    raise _nul_error(path, lineno, f", column {line.index(chr(0)) + 1}")
                stats.replacements += line.count("\x00")
                line = line.replace("\x00", "")
            yield lineno, line
    finally:
        text.detach()


def _decode_all(path: Path, label: str, data: bytes, codec: _Codec, stats: ReadStats) -> str:
    """A whole file's text (for one-document-per-file readers)."""
    shift = 0
    if codec.codec == "utf-8" and data.startswith(_UTF8_BOM):
        data, shift = data[3:], 3
    try:
        if codec.strict:
            text = data.decode(codec.codec)
        else:
            _counter.n = 0
            text = data.decode(codec.codec, _REPLACE_HANDLER)
            stats.replacements += _counter.n
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        lineno = data.count(b"\n", 0, exc.start) + 1
        raw = data[line_start : data.find(b"\n", exc.start) + 1 or len(data)]
        shifted = UnicodeDecodeError(
            exc.encoding, raw, exc.start - line_start, exc.end - line_start, exc.reason
        )
        raise _decode_error(Path(label), codec, lineno, line_start + shift, raw, shifted) from None
    except UnicodeError as exc:
        raise _unicode_error(Path(label), 1, codec, exc) from None
    if "\x00" in text:
        if codec.strict:
            i = text.index("\x00")
            lineno = text.count("\n", 0, i) + 1
            raise _nul_error(Path(label), lineno, f" (character {i})")
        stats.replacements += text.count("\x00")
        text = text.replace("\x00", "")
    return text


# -- records → documents -----------------------------------------------------------
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


def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or (isinstance(value, str) and not value.strip())
    )


class _Builder:
    """Turns records into documents for one pass: checks, skips, counts, duplicate ids."""

    def __init__(self, spec: _Spec, path: Path, unit: str, stats: ReadStats, codec: _Codec):
        self.spec = spec
        self.path = path
        self.unit = unit
        self.stats = stats
        self.codec = codec
        self.stem = _stem(path)
        self.ids: dict[str, str] = {}
        self.hashes: set[bytes] = set()
        self.duplicates: list[tuple[str, str, str]] = []

    def label(self, rec: Mapping, field: str | None, place: str) -> str | None:
        if field is None or field not in rec:
            return None
        v = rec[field]
        if _missing(v):
            return None
        if isinstance(v, bool) or isinstance(v, (dict, list, tuple, set, bytes)):
            raise ReaderError(
                f"{place}: field {field!r} is a {type(v).__name__} ({_short(v)}); "
                "expected a string or a number"
            )
        return str(v).strip() if isinstance(v, str) else str(v)

    def build(self, rec: Mapping, num: int, place: str, where: str) -> Document | None:
        spec, stats = self.spec, self.stats
        stats.read += 1
        if spec.text not in rec:
            raise ReaderError(
                f"{place}: no field {spec.text!r} holding the text; this record has "
                f"{known(rec) if rec else 'no fields'}; pass text='the field holding the text'"
            )
        text = rec[spec.text]
        if isinstance(text, bytes):
            text = _decode_all(self.path, f"{place}", text, self.codec, stats)
        if text is None or (isinstance(text, float) and text != text):
            text = ""
        if not isinstance(text, str):
            raise ReaderError(
                f"{place}: field {spec.text!r} is a {type(text).__name__} ({_short(text)}), "
                "not a string; pass text= the field holding the text"
            )
        if not text or text.isspace():
            stats.skip("empty text", where)
            return None

        source = self.label(rec, spec.source, place)
        if source is None:
            if spec.default_source is None:
                raise ReaderError(self._missing_msg(rec, place, spec.source, "source"))
            source = spec.default_source

        date, precision = None, "none"
        if spec.date is not None:
            value = rec.get(spec.date)
            if _missing(value):
                if spec.default_date is None:
                    raise ReaderError(self._missing_msg(rec, place, spec.date, "date"))
                date, precision = spec.default_date
            elif isinstance(value, (dict, list, bool)):
                raise ReaderError(
                    f"{place}: field {spec.date!r} is a {type(value).__name__} "
                    f"({_short(value)}), not a date"
                )
            else:
                try:
                    date, precision = parse_date(value)
                except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
                    raise ReaderError(
                        f"{place}: field {spec.date!r} = {_short(value)} is not a date ({exc}); "
                        "use ISO dates such as '2023-09-22', a year such as 2023, or fix the record"
                    ) from None

        doc_id = self.label(rec, spec.id, place)
        if doc_id is None:
            doc_id = f"{self.stem}:{num}"
        title = self.label(rec, spec.title, place) or ""

        if spec.meta is None:
            meta = {k: v for k, v in rec.items() if k not in spec.named}
        else:
            meta = {k: rec[k] for k in spec.meta if k in rec}
        if precision in ("year", "month"):
            meta["date_precision"] = precision

        if spec.dedupe:
            h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            if h in self.hashes:
                stats.skip("duplicate text", where)
                return None
            self.hashes.add(h)
        first = self.ids.get(doc_id)
        if first is not None:
            self.duplicates.append((doc_id, first, where))
            return None
        self.ids[doc_id] = where
        stats.kept += 1
        return Document(
            id=doc_id,
            text=text,
            source=source,
            date=date,
            title=title,
            meta=MappingProxyType(meta) if meta else MappingProxyType({}),
        )

    def _missing_msg(self, rec: Mapping, place: str, field: str | None, what: str) -> str:
        if self.unit == "file":
            fix = "source='label'" if what == "source" else "default_date=..."
            return (
                f"{place}: no {what} for this file from pattern= or the sidecar; add it to "
                f"the sidecar, or pass {fix}"
            )
        has = "has no field" if field not in rec else "has an empty field"
        return (
            f"{place}: the record {has} {field!r} (the {what}); fields: "
            f"{known(rec) if rec else 'none'}. Pass {what}='the field holding the {what}'"
            + (", date=None to read no dates," if what == "date" else "")
            + f" or default_{what}=... to use one value where it is missing"
        )

    def duplicate_error(self) -> ReaderError:
        shown = "; ".join(f"{i!r} at {a} and {b}" for i, a, b in self.duplicates[:_MAX_DUPLICATES])
        return ReaderError(
            f"{self.path}: duplicate document ids: {shown}"
            + (" (and maybe more)" if len(self.duplicates) >= _MAX_DUPLICATES else "")
            + "; ids must be unique. Pass id= a unique field, id=None to number records by "
            "line, or dedupe=True if the records are copies of the same text"
        )


def _short(value: Any, limit: int = 60) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 1] + "…"


def _emit(
    records: Iterator[tuple[Mapping, int, str, str]], builder: _Builder
) -> Iterator[Document]:
    """Build and yield documents; on a duplicate id, scan on for a few more, then raise."""
    while True:
        try:
            item = next(records, None)
            if item is None:
                break
            doc = builder.build(*item)
        except ReaderError:
            if builder.duplicates:
                break
            raise
        if builder.duplicates:
            if len(builder.duplicates) >= _MAX_DUPLICATES:
                break
            continue
        if doc is not None:
            yield doc
    if builder.duplicates:
        raise builder.duplicate_error()


# -- JSON Lines ----------------------------------------------------------------------
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
        or is counted as the module's table describes.

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
    p = _file(path)
    spec = _make_spec(
        text=text,
        source=source,
        date=date,
        id=id,
        title=title,
        meta=meta,
        default_source=default_source,
        default_date=default_date,
        dedupe=dedupe,
    )
    codec = _check_codec(encoding, errors)
    options = {
        **dataclasses.asdict(spec),
        "default_date": default_date,
        "encoding": encoding,
        "errors": errors,
    }

    def factory(stats: ReadStats) -> Iterator[Document]:
        builder = _Builder(spec, p, "line", stats, codec)
        return _emit(_json_records(p, codec, stats), builder)

    return Corpus(
        factory, name=name or _stem(p), origin=_origin("read_jsonl", _file_key(p), options)
    )


def _json_records(
    path: Path, codec: _Codec, stats: ReadStats
) -> Iterator[tuple[Mapping, int, str, str]]:
    fname = path.name
    for lineno, line in _text_lines(path, codec, stats):
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
                f"{_json_type(rec)} ({_short(rec)})"
            )
        if _SURROGATE_ESCAPE.search(line):
            rec, n = _fix_surrogates(rec)
            stats.replacements += n
        yield rec, lineno, place, f"{fname}:{lineno}"


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


# -- CSV -----------------------------------------------------------------------------
def read_csv(
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
    delimiter: str = ",",
    encoding: str = "utf-8",
    errors: str = "strict",
    dedupe: bool = False,
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
        As in :func:`read_jsonl`; here they name columns. Missing text /
        source / date columns are reported when the reader is called.
    delimiter : str
        One character: ``","`` (default) or ``"\\t"`` for TSV.
    encoding, errors, dedupe, name
        As in :func:`read_jsonl`.

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
    p = _file(path)
    spec = _make_spec(
        text=text,
        source=source,
        date=date,
        id=id,
        title=title,
        meta=meta,
        default_source=default_source,
        default_date=default_date,
        dedupe=dedupe,
    )
    codec = _check_codec(encoding, errors)
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '\r\n"':
        raise ParameterError(
            f"delimiter= must be one character other than a quote or newline, e.g. ',' or '\\t'; "
            f"got {delimiter!r}"
        )
    header = _csv_header(p, codec, delimiter)
    if header is not None:
        _check_columns(p, header, spec)
    options = {
        **dataclasses.asdict(spec),
        "default_date": default_date,
        "delimiter": delimiter,
        "encoding": encoding,
        "errors": errors,
    }

    def factory(stats: ReadStats) -> Iterator[Document]:
        builder = _Builder(spec, p, "line", stats, codec)
        return _emit(_csv_records(p, codec, delimiter, spec, stats), builder)

    return Corpus(factory, name=name or _stem(p), origin=_origin("read_csv", _file_key(p), options))


class _LineCounter:
    def __init__(self, lines: Iterator[tuple[int, str]]):
        self.lines = lines
        self.lineno = 0

    def __iter__(self) -> _LineCounter:
        return self

    def __next__(self) -> str:
        self.lineno, line = next(self.lines)
        return line


def _csv_rows(
    path: Path, codec: _Codec, delimiter: str, stats: ReadStats
) -> Iterator[tuple[int, list[str]]]:
    """``(line where the row starts, fields)`` for each non-blank row."""
    lines = _LineCounter(_text_lines(path, codec, stats))
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


def _csv_header(path: Path, codec: _Codec, delimiter: str) -> list[str] | None:
    rows = _csv_rows(path, codec, delimiter, ReadStats())
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


def _check_columns(path: Path, columns: list[str], spec: _Spec) -> None:
    def missing(field: str, what: str, extra: str) -> ReaderError:
        return ReaderError(
            f"{path}: no column {field!r} holding the {what} (line 1, the header); columns: "
            f"{known(columns)}. Pass {what}='the column holding the {what}'{extra}"
        )

    if spec.text not in columns:
        raise missing(spec.text, "text", "")
    if spec.source is not None and spec.source not in columns and spec.default_source is None:
        raise missing(spec.source, "source", " or default_source='label'")
    if spec.date is not None and spec.date not in columns and spec.default_date is None:
        raise missing(spec.date, "date", ", date=None to read no dates, or default_date=...")
    if spec.meta is not None:
        absent = [m for m in spec.meta if m not in columns]
        if absent:
            raise ReaderError(
                f"{path}: meta= names {known(absent)}, which are not columns; columns: "
                f"{known(columns)}"
            )


def _csv_records(
    path: Path, codec: _Codec, delimiter: str, spec: _Spec, stats: ReadStats
) -> Iterator[tuple[Mapping, int, str, str]]:
    rows = _csv_rows(path, codec, delimiter, stats)
    try:
        first = next(rows, None)
        if first is None:
            return
        header = [h.strip() for h in first[1]]
        _check_columns(path, header, spec)
        n = len(header)
        fname = path.name
        for lineno, row in rows:
            place = f"{path} line {lineno}"
            if len(row) != n:
                raise ReaderError(
                    f"{place}: the row has {len(row)} fields but the header has {n}; a stray "
                    "quote or an unquoted delimiter is the usual cause (quote fields that hold "
                    f"{delimiter!r} or newlines)"
                )
            rec = {h: v for h, v in zip(header, row, strict=True) if v != ""}
            rec.setdefault(spec.text, "")
            yield rec, lineno, place, f"{fname}:{lineno}"
    finally:
        rows.close()


# -- Parquet -------------------------------------------------------------------------
def read_parquet(
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
    """Read a Parquet file as a lazy corpus, streaming it in record batches (pyarrow).

    Only the needed columns are read. ``encoding`` / ``errors`` apply to
    binary text columns (string columns are UTF-8 by the Parquet format).
    Ids generated for rows without one are ``"<file stem>:<row>"`` (1-based).

    Parameters
    ----------
    path : str or Path
        The ``.parquet`` file.
    text, source, date, id, title, meta, default_source, default_date, encoding, errors, dedupe, name
        As in :func:`read_jsonl`; here they name columns.

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
    p = _file(path)
    spec = _make_spec(
        text=text,
        source=source,
        date=date,
        id=id,
        title=title,
        meta=meta,
        default_source=default_source,
        default_date=default_date,
        dedupe=dedupe,
    )
    codec = _check_codec(encoding, errors)
    _check_columns(p, _parquet_columns(p), spec)
    options = {
        **dataclasses.asdict(spec),
        "default_date": default_date,
        "encoding": encoding,
        "errors": errors,
    }

    def factory(stats: ReadStats) -> Iterator[Document]:
        builder = _Builder(spec, p, "row", stats, codec)
        return _emit(_parquet_records(p, spec), builder)

    return Corpus(
        factory, name=name or _stem(p), origin=_origin("read_parquet", _file_key(p), options)
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


def _parquet_records(path: Path, spec: _Spec) -> Iterator[tuple[Mapping, int, str, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fname = path.name
    try:
        with pq.ParquetFile(path) as pf:
            names = list(pf.schema_arrow.names)
            _check_columns(path, names, spec)
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


# -- folders of .txt files ----------------------------------------------------------
_KNOWN_SIDE_KEYS = ("file", "filename", "file_name", "path", "name")


def read_text_folder(
    folder: str | os.PathLike,
    *,
    pattern: str | None = "{source}_{session}_{year}.txt",
    source: str | None = None,
    sidecar: str | os.PathLike | None = None,
    recursive: bool = True,
    default_date: Any = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    dedupe: bool = False,
    name: str | None = None,
) -> Corpus:
    """Read a folder with one ``.txt`` (or ``.txt.gz``) file per document as a lazy corpus.

    Metadata come from the file name through ``pattern`` and/or from a
    ``sidecar`` CSV; values in the sidecar win over those from the name, and
    ``source`` is the label of every file that gets no source from either.

    Parameters
    ----------
    folder : str or Path
        The folder; files are read in sorted path order.
    pattern : str or None
        File-name template. ``{source}``, ``{year}`` (four digits), ``{date}``,
        ``{id}`` and ``{title}`` fill those fields; any other ``{name}`` goes
        into ``meta`` as a string. Matched against the name (or, if the
        pattern has a ``/``, the path below the folder) without ``.gz``, and
        without ``.txt`` if the pattern does not end in ``.txt``. Files that
        do not match are skipped and counted. ``None``: no metadata from names.
    source : str, optional
        A constant source label (e.g. ``"bbc"``) for files whose name and
        sidecar give none.
    sidecar : path, optional
        A CSV with one row per file: the key column (``file``, ``filename``,
        ``file_name``, ``path`` or ``name``; else the first column) holds the
        file name or the path below the folder; ``source``, ``date`` (or
        ``year``), ``title`` and ``id`` columns fill those fields and every
        other non-empty cell goes into ``meta``.
    recursive : bool
        Also read sub-folders.
    default_date : optional
        Date for files without one when names or sidecar give dates to others.
        When neither gives dates, documents have none.
    encoding, errors, dedupe, name
        As in :func:`read_jsonl`.

    Returns
    -------
    Corpus
        Ids are the ``{id}`` placeholder or sidecar ``id``, else the path below
        the folder without ``.txt`` (``"sub/CHN_74_2019"``); ``meta["file"]``
        holds that path with its extension.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "CHN_78_2023.txt").write_text("External interference must stop.")
    >>> c = read_text_folder(d)
    >>> [(x.id, x.source, x.year, x.meta["session"]) for x in c]
    [('CHN_78_2023', 'CHN', 2023, '78')]
    """
    if not isinstance(folder, (str, os.PathLike)):
        raise ParameterError(f"folder must be a path (str or Path), got {type(folder).__name__}")
    root = Path(folder)
    if not root.is_dir():
        raise ReaderError(
            f"{root}: no such folder" if not root.exists() else f"{root}: is not a folder"
        )
    files = _folder_files(root, recursive)
    return _text_corpus(
        root,
        files,
        reader="read_text_folder",
        pattern=pattern,
        source=source,
        sidecar=sidecar,
        recursive=recursive,
        default_date=default_date,
        encoding=encoding,
        errors=errors,
        dedupe=dedupe,
        name=name or root.resolve().name or "corpus",
    )


def _text_corpus(
    root: Path,
    files: list[tuple[str, Path]],
    *,
    reader: str,
    pattern: str | None,
    source: str | None,
    sidecar: Any,
    recursive: bool,
    default_date: Any,
    encoding: str,
    errors: str,
    dedupe: bool,
    name: str,
) -> Corpus:
    regex, fields = _compile_pattern(pattern)
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise ParameterError(f"source= must be a non-empty label such as 'bbc', got {source!r}")
    codec = _check_codec(encoding, errors)
    side: dict[str, dict[str, str]] = {}
    side_key = "none"
    if sidecar is not None:
        sp = _file(sidecar)
        side = _read_sidecar(sp, codec)
        side_key = _file_key(sp)
    side_cols = {c for row in side.values() for c in row}
    has_dates = bool({"year", "date"} & (set(fields) | side_cols))
    spec = _make_spec(
        text="text",
        source="source",
        date="date" if has_dates else None,
        id="id",
        title="title",
        meta=None,
        default_source=source,
        default_date=default_date,
        dedupe=dedupe,
    )
    usable = [f for f in files if not Path(f[0]).name.startswith(".")]
    if (
        regex is not None
        and usable
        and not any(regex.fullmatch(_match_name(r, pattern)) for r, _ in usable)
    ):
        raise ReaderError(
            f"{root}: none of the {len(usable)} .txt files matches pattern={pattern!r} "
            f"(e.g. {usable[0][0]!r}); pass pattern= a template such as '{{source}}_{{year}}.txt' "
            "or pattern=None (with source='label')"
        )
    sig = hashlib.blake2b(digest_size=16)
    for rel, full in files:
        st = full.stat()
        sig.update(f"{rel}|{st.st_size}|{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    options = {
        "pattern": pattern,
        "source": source,
        "recursive": recursive,
        "default_date": default_date,
        "encoding": encoding,
        "errors": errors,
        "dedupe": dedupe,
        "sidecar": side_key,
    }
    key = f"{root.resolve()}|files={sig.hexdigest()}"

    def factory(stats: ReadStats) -> Iterator[Document]:
        builder = _Builder(spec, root, "file", stats, codec)
        return _emit(_file_records(root, files, regex, pattern, side, codec, stats), builder)

    return Corpus(factory, name=name, origin=_origin(reader, key, options))


def _folder_files(root: Path, recursive: bool) -> list[tuple[str, Path]]:
    out = []
    if recursive:
        walk: Iterable = os.walk(root)
    else:
        walk = [(str(root), [], [e.name for e in os.scandir(root) if not e.is_dir()])]
    for dirpath, dirnames, filenames in walk:
        dirnames.sort()
        for f in sorted(filenames):
            low = f.lower()
            if low.endswith(".txt") or low.endswith(".txt.gz"):
                full = Path(dirpath) / f
                out.append((full.relative_to(root).as_posix(), full))
    return out


def _compile_pattern(pattern: Any) -> tuple[re.Pattern | None, list[str]]:
    if pattern is None:
        return None, []
    if not isinstance(pattern, str) or not pattern:
        raise ParameterError(
            f"pattern= must be a file-name template such as '{{source}}_{{year}}.txt' or None, "
            f"got {pattern!r}"
        )
    parts: list[str] = []
    fields: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[pos : m.start()]))
        field = m.group(1)
        if not field.isidentifier():
            raise ParameterError(
                f"pattern={pattern!r}: {{{field}}} is not a valid placeholder; use names such "
                "as {source}, {year}, {date}, {id}, {title} or {session}"
            )
        if field in fields:
            raise ParameterError(f"pattern={pattern!r}: {{{field}}} appears twice")
        fields.append(field)
        body = r"\d{4}" if field == "year" else (".+?" if "/" in pattern else "[^/]+?")
        parts.append(f"(?P<{field}>{body})")
        pos = m.end()
    parts.append(re.escape(pattern[pos:]))
    if "{" in pattern[pos:] or "}" in pattern[pos:]:
        raise ParameterError(f"pattern={pattern!r} has an unmatched brace")
    return re.compile("".join(parts), re.DOTALL), fields


def _match_name(rel: str, pattern: str | None) -> str:
    name = rel if pattern and "/" in pattern else rel.rsplit("/", 1)[-1]
    if name.lower().endswith(".gz"):
        name = name[:-3]
    if pattern and not pattern.lower().endswith(".txt") and name.lower().endswith(".txt"):
        name = name[:-4]
    return name


def _read_sidecar(path: Path, codec: _Codec) -> dict[str, dict[str, str]]:
    rows = _csv_rows(path, codec, ",", ReadStats())
    out: dict[str, dict[str, str]] = {}
    try:
        first = next(rows, None)
        if first is None:
            return out
        header = [h.strip() for h in first[1]]
        lower = [h.lower() for h in header]
        key = next((lower.index(k) for k in _KNOWN_SIDE_KEYS if k in lower), 0)
        for lineno, row in rows:
            if len(row) != len(header):
                raise ReaderError(
                    f"{path} line {lineno}: the row has {len(row)} fields but the header has "
                    f"{len(header)}; check the quoting"
                )
            k = row[key].strip().replace("\\", "/")
            if k in out:
                raise ReaderError(
                    f"{path} line {lineno}: file {k!r} appears twice in the sidecar; keep one row "
                    "per file"
                )
            out[k] = {
                h: v for i, (h, v) in enumerate(zip(header, row, strict=True)) if i != key and v
            }
    finally:
        rows.close()
    return out


def _file_records(
    root: Path,
    files: list[tuple[str, Path]],
    regex: re.Pattern | None,
    pattern: str | None,
    side: dict[str, dict[str, str]],
    codec: _Codec,
    stats: ReadStats,
) -> Iterator[tuple[Mapping, int, str, str]]:
    for num, (rel, full) in enumerate(files, 1):
        base = rel.rsplit("/", 1)[-1]
        if base.startswith("."):
            stats.read += 1
            stats.skip("hidden file", rel)
            continue
        rec: dict[str, Any] = {}
        if regex is not None:
            m = regex.fullmatch(_match_name(rel, pattern))
            if m is None:
                stats.read += 1
                stats.skip("file name does not match pattern", rel)
                continue
            rec.update(m.groupdict())
        extra = side.get(rel)
        if extra is None:
            extra = side.get(base, {})
        rec.update(extra)
        if "date" not in rec and "year" in rec:
            rec["date"] = rec.pop("year")
        rec_id = rel[:-7] if rel.lower().endswith(".txt.gz") else rel[:-4]
        rec.setdefault("id", rec_id)
        rec["file"] = rel
        data = _read_file(full)
        rec["text"] = _decode_all(full, str(full), data, codec, stats)
        yield rec, num, str(full), rel


def _read_file(path: Path) -> bytes:
    try:
        with _open_bytes(path) as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise _io_error(path, exc) from None


# -- dispatch ------------------------------------------------------------------------
_FIELD_DEFAULTS = {"text": "text", "date": "date", "id": "id", "title": "title"}


def read(path: str | os.PathLike, **options: Any) -> Corpus:
    """Read a corpus file or folder, choosing the reader from the extension.

    ``.jsonl``, ``.ndjson``, ``.json`` (JSON Lines) → :func:`read_jsonl`;
    ``.csv`` → :func:`read_csv`; ``.tsv`` → :func:`read_csv` with
    ``delimiter="\\t"``; ``.parquet``/``.pq`` → :func:`read_parquet`; a
    folder → :func:`read_text_folder`; one ``.txt`` file → a one-document
    corpus. Each may end in ``.gz`` (not Parquet).

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
        f = _file(p)
        opts = _folder_options(options, p)
        opts.setdefault("pattern", None)
        unknown = set(opts) - {"pattern", "source", "default_date", "encoding", "errors", "name"}
        if unknown:
            raise ParameterError(
                f"read({str(p)!r}): unknown option(s) {known(unknown)} for a .txt file; allowed: "
                "pattern, source, default_date, encoding, errors, name"
            )
        return _text_corpus(
            f.parent,
            [(f.name, f)],
            reader="read(txt)",
            recursive=False,
            sidecar=None,
            dedupe=False,
            name=opts.pop("name", None) or _stem(f),
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
        "Parquet) or a folder, or call read_jsonl / read_csv / read_parquet / read_text_folder"
    )


def _folder_options(options: dict[str, Any], p: Path) -> dict[str, Any]:
    opts = dict(options)
    for field, default in _FIELD_DEFAULTS.items():
        if field in opts:
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


def _call(fn: Callable[..., Corpus], p: Path, options: dict[str, Any]) -> Corpus:
    import inspect

    allowed = [k for k, v in inspect.signature(fn).parameters.items() if v.kind is v.KEYWORD_ONLY]
    unknown = set(options) - set(allowed)
    if unknown:
        raise ParameterError(
            f"read({str(p)!r}): unknown option(s) {known(unknown)} for {fn.__name__}; "
            f"allowed: {', '.join(allowed)}"
        )
    return fn(p, **options)
