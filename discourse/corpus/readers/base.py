"""What every reader shares: options, codecs, bytes → lines, records → documents.

A format module (``jsonl.py``, ``csv.py``, ``parquet.py``, ``textfolder.py``)
checks its options with :func:`field_options` (or :func:`make_spec` and
:func:`check_codec`), turns its file into *records* (``(mapping, number,
place, where)``: the fields, the line or row number, the place for messages
and the ``"file:line"`` for ``stats.examples``) and hands a function making
them to :func:`stream_corpus`, which builds, checks and counts the documents
on every pass. The contract for bad input is in the package docstring.
"""

from __future__ import annotations

import codecs
import contextlib
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

from ..._validation import UNSET, check_choice
from ...errors import ParameterError, ReaderError, known
from .. import duplicates as registry
from ..model import Corpus, Document, ReadStats, parse_date
from ..news.dates import check_formats, parse_news_date
from ..news.dedupe import NearDuplicates, check_threshold

#: The default of ``date=``, ``id=`` and ``title=``: the field of that name if the
#: file has it (a field the user names must exist).
NOT_GIVEN: Any = UNSET
#: Fields optional when not named, and what their absence means (the note in ``stats.notes``).
OPTIONAL_FIELDS = {"date": "no dates", "id": "ids are <file>:<line>", "title": "empty titles"}

#: One record: its fields, its line or row number, the place for messages, ``"file:line"``.
Record = tuple[Mapping, int, str, str]

_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"
_REPLACE_HANDLER = "discourse.count_replace"
_MAX_DUPLICATES = 5
_CR_SPLIT = re.compile(rb"(?<=\r)(?!\n)")

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
class Spec:
    """What a record's fields mean (shared by every reader)."""

    text: str
    source: str | None
    date: str | None
    id: str | None
    title: str | None
    meta: tuple[str, ...] | None
    default_source: str | None
    default_date: tuple[dt.date | None, str] | None
    dedupe: str  # "off" | "exact" | "near"
    optional: frozenset = frozenset()  # of "date", "id", "title": not named by the user
    date_format: tuple[str, ...] | None = None
    bad_records: str = "raise"
    threshold: float = 0.7

    @property
    def named(self) -> set[str]:
        return {f for f in (self.text, self.source, self.date, self.id, self.title) if f}


@dataclasses.dataclass(frozen=True)
class Codec:
    """A checked ``encoding=`` / ``errors=`` pair."""

    encoding: str  # as given (for messages)
    codec: str  # normalised codec name
    strict: bool
    ascii_compatible: bool

    @property
    def handler(self) -> str:
        return "strict" if self.strict else _REPLACE_HANDLER


def check_codec(encoding: Any, errors: Any) -> Codec:
    """Check ``encoding=`` and ``errors=`` and return the :class:`Codec` they name."""
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
    return Codec(encoding, codec, errors == "strict", compatible)


def _check_name(value: Any, param: str, *, allow_none: bool = True) -> str | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or not value:
        raise ParameterError(
            f"{param}= must be a field name (a non-empty string){' or None' if allow_none else ''}, "
            f"got {value!r}"
        )
    return value


def check_dedupe(dedupe: Any) -> str:
    """``dedupe=`` as ``"off"``, ``"exact"`` (True) or ``"near"``."""
    if isinstance(dedupe, bool):
        return "exact" if dedupe else "off"
    if dedupe == "near":
        return "near"
    raise ParameterError(
        f"dedupe={dedupe!r}: use False, True (identical texts) or 'near' (wire copies with "
        "small edits, MinHash with Jaccard >= threshold)"
    )


def make_spec(
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
    date_format: Any = None,
    bad_records: Any = "raise",
    threshold: Any = 0.7,
) -> Spec:
    """Check the field options of a reader and return the :class:`Spec` they give.

    ``date``, ``id`` and ``title`` may be :data:`NOT_GIVEN`: the field of that
    name, optional (see :data:`OPTIONAL_FIELDS`).
    """
    given = {"date": date, "id": id, "title": title}
    optional = frozenset(k for k, v in given.items() if v is NOT_GIVEN)
    date, id, title = (k if v is NOT_GIVEN else v for k, v in given.items())
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
    mode = check_dedupe(dedupe)
    if mode == "near":
        NearDuplicates(
            threshold=check_threshold(threshold)
        )  # refuses a threshold now, not mid-read
    return Spec(
        text=text,
        source=_check_name(source, "source"),
        date=_check_name(date, "date"),
        id=_check_name(id, "id"),
        title=_check_name(title, "title"),
        meta=meta,
        default_source=default_source,
        default_date=parsed_default,
        dedupe=mode,
        optional=optional,
        date_format=check_formats(date_format),
        bad_records=check_choice("bad_records", bad_records, ("raise", "skip")),
        threshold=check_threshold(threshold),
    )


def field_options(
    path: Any,
    *,
    text: Any,
    source: Any,
    date: Any,
    id: Any,
    title: Any,
    meta: Any,
    default_source: Any,
    default_date: Any,
    encoding: Any,
    errors: Any,
    dedupe: Any,
    date_format: Any = None,
    bad_records: Any = "raise",
    threshold: Any = 0.7,
) -> tuple[Path, Spec, Codec, dict[str, Any]]:
    """Check the options the field readers (JSONL, CSV, Parquet) share.

    Returns the file, the :class:`Spec`, the :class:`Codec` and the options
    as recorded in ``corpus.origin`` (a format adds its own to the last).
    """
    p = check_file(path)
    spec = make_spec(
        text=text,
        source=source,
        date=date,
        id=id,
        title=title,
        meta=meta,
        default_source=default_source,
        default_date=default_date,
        dedupe=dedupe,
        date_format=date_format,
        bad_records=bad_records,
        threshold=threshold,
    )
    codec = check_codec(encoding, errors)
    options = {
        **origin_options(spec),
        "default_date": default_date,
        "encoding": encoding,
        "errors": errors,
    }
    return p, spec, codec, options


def origin_options(spec: Spec) -> dict[str, Any]:
    """The spec as recorded in ``corpus.origin``; options at their defaults are left out, so
    the origin (and the caches keyed by it) of a read without them is what it always was."""
    out = dataclasses.asdict(spec)
    out["dedupe"] = {"off": False, "exact": True}.get(spec.dedupe, spec.dedupe)
    for key, default in (
        ("optional", frozenset()),
        ("date_format", None),
        ("bad_records", "raise"),
    ):
        if out[key] == default:
            del out[key]
    if "optional" in out:
        out["optional"] = sorted(out["optional"])
    if spec.dedupe != "near":
        del out["threshold"]
    return out


def absent_fields(spec: Spec, columns: Iterable[str]) -> frozenset:
    """The optional fields (not named by the user) that a file with ``columns`` lacks."""
    cols = set(columns)
    return frozenset(f for f in spec.optional if getattr(spec, f) not in cols)


def check_columns(path: Path, columns: list[str], spec: Spec) -> None:
    """Raise :class:`ReaderError` when ``columns`` lack a field ``spec`` needs."""

    def missing(field: str, what: str, extra: str) -> ReaderError:
        return ReaderError(
            f"{path}: no column {field!r} holding the {what} (line 1, the header); columns: "
            f"{known(columns)}. Pass {what}='the column holding the {what}'{extra}"
        )

    if spec.text not in columns:
        raise missing(spec.text, "text", "")
    if spec.source is not None and spec.source not in columns and spec.default_source is None:
        raise missing(spec.source, "source", " or default_source='label'")
    if (
        spec.date is not None
        and spec.date not in columns
        and spec.default_date is None
        and "date" not in spec.optional
    ):
        raise missing(spec.date, "date", ", date=None to read no dates, or default_date=...")
    if spec.meta is not None:
        absent = [m for m in spec.meta if m not in columns]
        if absent:
            raise ReaderError(
                f"{path}: meta= names {known(absent)}, which are not columns; columns: "
                f"{known(columns)}"
            )


def check_file(path: Any, what: str = "file") -> Path:
    """``path`` as a :class:`~pathlib.Path`, checked to exist (and to be a file)."""
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterError(f"path must be a file path (str or Path), got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise ReaderError(f"{p}: no such {what}; check the path (working folder: {os.getcwd()})")
    if what == "file" and not p.is_file():
        raise ReaderError(f"{p}: is not a file")
    return p


def file_key(p: Path) -> str:
    """What identifies a file's contents in ``corpus.origin``: path, size, mtime."""
    st = p.stat()
    return f"{p.resolve()}|size={st.st_size}|mtime_ns={st.st_mtime_ns}"


def origin(reader: str, key: str, options: Mapping[str, Any]) -> str:
    """``corpus.origin`` of a reader's corpus: the reader, the input's key and the options."""
    opts = json.dumps(dict(options), sort_keys=True, default=str)
    return f"discourse.readers.{reader}|{key}|options={opts}"


def stem(p: Path) -> str:
    """The file name without ``.gz`` and its last extension (``news.jsonl.gz`` → ``news``)."""
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
    path: Path, codec: Codec, lineno: int, offset: int, raw: bytes, exc: UnicodeDecodeError
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


def _unicode_error(path: Path, lineno: int, codec: Codec, exc: UnicodeError) -> ReaderError:
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


def _decode(data: bytes, codec: Codec, stats: ReadStats) -> str:
    """``data`` decoded; with ``errors="replace"`` the replacements are counted in ``stats``."""
    if codec.strict:
        return data.decode(codec.codec)
    _counter.n = 0
    text = data.decode(codec.codec, _REPLACE_HANDLER)
    stats.replacements += _counter.n
    return text


def read_bytes(path: Path) -> bytes:
    """All bytes of a file, gunzipped when gzipped; read errors as :class:`ReaderError`."""
    try:
        with _open_bytes(path) as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise _io_error(path, exc) from None


def text_lines(path: Path, codec: Codec, stats: ReadStats) -> Iterator[tuple[int, str]]:
    """``(line number, decoded line with its terminator)`` for every line of the file."""
    try:
        with _open_bytes(path) as f:
            if codec.ascii_compatible:
                yield from _ascii_lines(path, f, codec, stats)
            else:
                yield from _wide_lines(path, f, codec, stats)
    except (OSError, EOFError, zlib.error) as exc:
        raise _io_error(path, exc) from None


def _ascii_lines(path: Path, f: Any, codec: Codec, stats: ReadStats) -> Iterator[tuple[int, str]]:
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
            line = _decode(raw, codec, stats)
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


def _wide_lines(path: Path, f: Any, codec: Codec, stats: ReadStats) -> Iterator[tuple[int, str]]:
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


def decode_all(path: Path, label: str, data: bytes, codec: Codec, stats: ReadStats) -> str:
    """A whole file's text (for one-document-per-file readers)."""
    shift = 0
    if codec.codec == "utf-8" and data.startswith(_UTF8_BOM):
        data, shift = data[3:], 3
    try:
        text = _decode(data, codec, stats)
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
def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or (isinstance(value, str) and not value.strip())
    )


def short(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages."""
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 1] + "…"


class RecordError(ReaderError):
    """A problem with one record (not the file): raised with ``bad_records="raise"``,
    counted under ``reason`` with ``bad_records="skip"``."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class BadRecord:
    """What a format module yields instead of a record it cannot parse (a malformed JSON
    line, a value that is no object, a CSV row of the wrong length)."""

    reason: str
    message: str
    where: str


class _Builder:
    """Turns records into documents for one pass: checks, skips, counts, duplicates."""

    def __init__(
        self,
        spec: Spec,
        path: Path,
        unit: str,
        stats: ReadStats,
        codec: Codec,
        absent: frozenset | None,
    ):
        self.spec = spec
        self.path = path
        self.unit = unit
        self.stats = stats
        self.codec = codec
        self.stem = stem(path)
        # optional fields the file lacks (None: decided by the first record, for JSON Lines)
        self.absent = absent
        self.ids: dict[str, str] = {}
        self.duplicates: list[tuple[str, str, str]] = []
        self.table = registry.DuplicateTable()
        self.finder: NearDuplicates | None = None
        if spec.dedupe == "near":
            self.finder = NearDuplicates(threshold=spec.threshold)
        self.hashes: dict[bytes, str] = {}
        self.date_first: tuple[str, str] | None = None  # first date value and its place
        self.date_matched = 0

    def label(self, rec: Mapping, field: str | None, place: str) -> str | None:
        if field is None or field not in rec:
            return None
        v = rec[field]
        if _missing(v):
            return None
        if isinstance(v, bool) or isinstance(v, (dict, list, tuple, set, bytes)):
            raise RecordError(
                "field is not a string or number",
                f"{place}: field {field!r} is a {type(v).__name__} ({short(v)}); "
                "expected a string or a number",
            )
        return str(v).strip() if isinstance(v, str) else str(v)

    def bad(self, item: BadRecord) -> None:
        """Count a record the format module could not parse, or raise its error."""
        self.stats.read += 1
        if self.spec.bad_records == "raise":
            raise RecordError(item.reason, item.message)
        self.stats.skip(item.reason, item.where)

    def build(self, rec: Mapping, num: int, place: str, where: str) -> Document | None:
        self.stats.read += 1
        try:
            return self._build(rec, num, place, where)
        except RecordError as exc:
            if self.spec.bad_records == "raise":
                raise
            self.stats.skip(exc.reason, where)
            return None

    def _absent(self, rec: Mapping) -> frozenset:
        if self.absent is None:  # JSON Lines: the first record says which fields the file has
            self.absent = absent_fields(self.spec, rec)
        return self.absent

    def _date(self, value: Any, place: str) -> tuple[dt.date | None, str, Any]:
        """``(date, precision, timestamp or None)`` of a date value."""
        spec = self.spec
        if spec.date_format is not None and not isinstance(value, dt.date):
            if self.date_first is None:
                self.date_first = (short(value), place)
            try:
                date, stamp, precision = parse_news_date(str(value), spec.date_format)
            except ValueError:
                raise RecordError(
                    "unparseable date",
                    f"{place}: field {spec.date!r} = {short(value)} matches none of "
                    f"date_format={list(spec.date_format)!r}; give the pattern it is printed "
                    "in (such as '%d %B %Y' for '13 June 2022'), several patterns tried in "
                    "order, or date_format=None to read ISO, RFC 2822 and common news forms",
                ) from None
            self.date_matched += 1
            return date, precision, stamp
        try:
            date, precision = parse_date(value)
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            try:
                date, stamp, precision = parse_news_date(str(value).strip())
            except ValueError:
                raise RecordError(
                    "unparseable date",
                    f"{place}: field {spec.date!r} = {short(value)} is not a date ({exc}); "
                    "use ISO dates such as '2023-09-22', a year such as 2023, or fix the record",
                ) from None
            return date, precision, stamp
        stamp = None
        if isinstance(value, dt.datetime):
            stamp = value
        elif isinstance(value, str) and ":" in value:
            try:
                d2, stamp, _ = parse_news_date(value.strip())
            except ValueError:
                stamp = None
            else:
                stamp = stamp if d2 == date else None
        return date, precision, stamp

    def _build(self, rec: Mapping, num: int, place: str, where: str) -> Document | None:
        spec, stats = self.spec, self.stats
        if spec.text not in rec:
            raise RecordError(
                "no text field",
                f"{place}: no field {spec.text!r} holding the text; this record has "
                f"{known(rec) if rec else 'no fields'}; pass text='the field holding the text'",
            )
        text = rec[spec.text]
        if isinstance(text, bytes):
            text = decode_all(self.path, f"{place}", text, self.codec, stats)
        if text is None or (isinstance(text, float) and text != text):
            text = ""
        if not isinstance(text, str):
            raise RecordError(
                "text is not a string",
                f"{place}: field {spec.text!r} is a {type(text).__name__} ({short(text)}), "
                "not a string; pass text= the field holding the text",
            )
        if not text or text.isspace():
            stats.skip("empty text", where)
            return None

        absent = self._absent(rec) if spec.optional else frozenset()
        source = self.label(rec, spec.source, place)
        if source is None:
            if spec.default_source is None:
                raise RecordError(
                    "missing source", self._missing_msg(rec, place, spec.source, "source")
                )
            source = spec.default_source

        date, precision, stamp = None, "none", None
        if spec.date is not None:
            value = rec.get(spec.date)
            if spec.date not in rec and "date" in absent:
                if spec.default_date is not None:
                    date, precision = spec.default_date
            elif _missing(value):
                if spec.default_date is None:
                    raise RecordError(
                        "missing date", self._missing_msg(rec, place, spec.date, "date")
                    )
                date, precision = spec.default_date
            elif isinstance(value, (dict, list, bool)):
                raise RecordError(
                    "unparseable date",
                    f"{place}: field {spec.date!r} is a {type(value).__name__} "
                    f"({short(value)}), not a date",
                )
            else:
                date, precision, stamp = self._date(value, place)

        doc_id = self.label(rec, spec.id, place)
        if doc_id is None:
            doc_id = f"{self.stem}:{num}"
        title = self.label(rec, spec.title, place) or ""
        for field in absent:
            if getattr(spec, field) not in rec:
                stats.notes[f"no {getattr(spec, field)!r} field: {OPTIONAL_FIELDS[field]}"] += 1

        if spec.meta is None:
            meta = {k: v for k, v in rec.items() if k not in spec.named}
        else:
            meta = {k: rec[k] for k in spec.meta if k in rec}
        if precision in ("year", "month"):
            meta["date_precision"] = precision
        if stamp is not None:
            meta["published"] = stamp.isoformat()  # the key the news readers use

        if spec.dedupe == "exact":
            h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            first_copy = self.hashes.get(h)
            if first_copy is not None:
                stats.skip("duplicate text", where)
                self.table.add_copy(doc_id, source, date, first_copy, 1.0, where)
                return None
            self.hashes[h] = doc_id
            self.table.note_kept(doc_id, source, date, where)
        elif self.finder is not None:
            hit = self.finder.add(doc_id, text)
            if hit is not None:
                stats.skip("near duplicate", where)
                self.table.add_copy(doc_id, source, date, hit[0], hit[1], where)
                return None
            self.table.note_kept(doc_id, source, date, where)
        first = self.ids.get(doc_id)
        if first is not None:
            if spec.bad_records == "skip":
                stats.skip("duplicate id", where)
                return None
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

    def finish(self, origin: str) -> None:
        """After a complete pass: file the duplicate clusters; check ``date_format`` read a date."""
        spec = self.spec
        if spec.dedupe != "off":
            registry.record(origin, self.table)
        if spec.date_format is not None and self.date_matched == 0 and self.date_first:
            value, place = self.date_first
            raise ParameterError(
                f"date_format={list(spec.date_format)!r} matched no date in this read; the first "
                f"date was {value} ({place}). Give a pattern for it, such as '%d %B %Y' for "
                "'13 June 2022', or date_format=None to read ISO, RFC 2822 and common news forms"
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


def _emit(
    records: Iterator[Record | BadRecord], builder: _Builder, origin: str
) -> Iterator[Document]:
    """Build and yield documents; on a duplicate id, scan on for a few more, then raise."""
    while True:
        try:
            item = next(records, None)
            if item is None:
                break
            if isinstance(item, BadRecord):
                builder.bad(item)
                continue
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
    builder.finish(origin)


def stream_corpus(
    records: Callable[[ReadStats], Iterator[Record | BadRecord]],
    *,
    spec: Spec,
    codec: Codec,
    path: Path,
    unit: str,
    name: str,
    origin: str,
    columns: Iterable[str] | None = None,
) -> Corpus:
    """A lazy corpus whose every pass builds documents from ``records(stats)``.

    ``unit`` (``"line"``, ``"row"`` or ``"file"``) says what a record is, for
    messages; ``path`` is the file (or folder) named in them. ``columns``: the
    file's fields when known before reading (a CSV header, a Parquet schema);
    otherwise the first record says which optional fields the file has.
    """
    absent = absent_fields(spec, columns) if columns is not None else None
    if spec.dedupe != "off":
        registry.declare(origin)  # corpus.duplicates() knows this corpus drops copies

    def factory(stats: ReadStats) -> Iterator[Document]:
        builder = _Builder(spec, path, unit, stats, codec, absent)
        return _emit(records(stats), builder, origin)

    return Corpus(factory, name=name, origin=origin)
