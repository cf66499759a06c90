"""Folders of ``.txt`` (or ``.txt.gz``) files, one document per file.

Metadata come from the file names (``pattern=``) and/or a sidecar CSV.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ...errors import ParameterError, ReaderError
from ..model import Corpus, ReadStats
from .base import (
    Codec,
    Record,
    check_codec,
    check_file,
    decode_all,
    file_key,
    make_spec,
    origin,
    origin_options,
    read_bytes,
    stream_corpus,
)
from .csv import csv_rows

__all__ = ["read_text_folder", "text_corpus"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KNOWN_SIDE_KEYS = ("file", "filename", "file_name", "path", "name")


def read_text_folder(
    folder: str | os.PathLike,
    *,
    pattern: str | None = None,
    source: str | None = None,
    sidecar: str | os.PathLike | None = None,
    recursive: bool = True,
    default_date: Any = None,
    encoding: str = "utf-8",
    errors: str = "strict",
    dedupe: bool | str = False,
    threshold: float = 0.7,
    date_format: str | Iterable[str] | None = None,
    bad_records: str = "raise",
    name: str | None = None,
) -> Corpus:
    """Read a folder with one ``.txt`` (or ``.txt.gz``) file per document as a lazy corpus.

    Any file names are read. Metadata come from the file name through
    ``pattern`` (if given) and/or from a ``sidecar`` CSV; values in the sidecar
    win over those from the name. A file that gets no source from either takes
    ``source=`` if given, else the name of the sub-folder it is in (the first
    folder below ``folder``: ``bbc/2023/a.txt`` → ``"bbc"``); a file directly
    in ``folder`` with no source is a bad record (``"missing source"``).

    Parameters
    ----------
    folder : str or Path
        The folder; files are read in sorted path order.
    pattern : str or None
        File-name template (default None: no metadata from names). The UN
        General Debate names are ``"{source}_{session}_{year}.txt"``. ``{source}``, ``{year}`` (four digits), ``{date}``,
        ``{id}`` and ``{title}`` fill those fields; any other ``{name}`` goes
        into ``meta`` as a string. Matched against the name (or, if the
        pattern has a ``/``, the path below the folder) without ``.gz``, and
        without ``.txt`` if the pattern does not end in ``.txt``. Files that
        do not match are skipped and counted.
    source : str, optional
        A constant source label (e.g. ``"bbc"``) for files whose name and
        sidecar give none (it wins over the sub-folder's name).
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
    encoding, errors, dedupe, threshold, date_format, bad_records, name
        As in :func:`read_jsonl` (``date_format`` reads the dates the pattern or
        the sidecar give).

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
    >>> c = read_text_folder(d, pattern="{source}_{session}_{year}.txt")
    >>> [(x.id, x.source, x.year, x.meta["session"]) for x in c]
    [('CHN_78_2023', 'CHN', 2023, '78')]
    >>> news = pathlib.Path(tempfile.mkdtemp())
    >>> (news / "bbc").mkdir()
    >>> _ = (news / "bbc" / "assad-visit.txt").write_text("Assad breaks his isolation.")
    >>> [(x.id, x.source) for x in read_text_folder(news)]
    [('bbc/assad-visit', 'bbc')]
    """
    if not isinstance(folder, (str, os.PathLike)):
        raise ParameterError(f"folder must be a path (str or Path), got {type(folder).__name__}")
    root = Path(folder)
    if not root.is_dir():
        raise ReaderError(
            f"{root}: no such folder" if not root.exists() else f"{root}: is not a folder"
        )
    files = _folder_files(root, recursive)
    return text_corpus(
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
        threshold=threshold,
        date_format=date_format,
        bad_records=bad_records,
        name=name or root.resolve().name or "corpus",
    )


def text_corpus(
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
    dedupe: bool | str,
    name: str,
    threshold: float = 0.7,
    date_format: Any = None,
    bad_records: str = "raise",
) -> Corpus:
    """A lazy corpus of the text files ``files`` (``(path below root, path)`` pairs) below ``root``."""
    regex, fields = _compile_pattern(pattern)
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise ParameterError(f"source= must be a non-empty label such as 'bbc', got {source!r}")
    codec = check_codec(encoding, errors)
    side: dict[str, dict[str, str]] = {}
    side_key = "none"
    if sidecar is not None:
        sp = check_file(sidecar)
        side = _read_sidecar(sp, codec)
        side_key = file_key(sp)
    side_cols = {c for row in side.values() for c in row}
    has_dates = bool({"year", "date"} & (set(fields) | side_cols))
    spec = make_spec(
        text="text",
        source="source",
        date="date" if has_dates else None,
        id="id",
        title="title",
        meta=None,
        default_source=source,
        default_date=default_date,
        dedupe=dedupe,
        date_format=date_format,
        bad_records=bad_records,
        threshold=threshold,
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
        **{k: v for k, v in origin_options(spec).items() if k in ("date_format", "bad_records")},
    }
    if spec.dedupe == "near":
        options["threshold"] = spec.threshold
    key = f"{root.resolve()}|files={sig.hexdigest()}"

    return stream_corpus(
        lambda stats: _file_records(root, files, regex, pattern, side, codec, stats, source),
        spec=spec,
        codec=codec,
        path=root,
        unit="file",
        name=name,
        origin=origin(reader, key, options),
    )


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


def _read_sidecar(path: Path, codec: Codec) -> dict[str, dict[str, str]]:
    rows = csv_rows(path, codec, ",", ReadStats())
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
    codec: Codec,
    stats: ReadStats,
    label: str | None = None,
) -> Iterator[Record]:
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
        if "source" not in rec and label is None and "/" in rel:
            rec["source"] = rel.split("/", 1)[0]  # the sub-folder's name
        if "date" not in rec and "year" in rec:
            rec["date"] = rec.pop("year")
        rec_id = rel[:-7] if rel.lower().endswith(".txt.gz") else rel[:-4]
        rec.setdefault("id", rec_id)
        rec["file"] = rel
        data = read_bytes(full)
        rec["text"] = decode_all(full, str(full), data, codec, stats)
        yield rec, num, str(full), rel
