"""The UN General Debate Corpus (UNGDC) as a streamed :class:`~discourse.Corpus`.

One document per speech: countries are the sources, the year is the date
(``meta["date_precision"] == "year"``). The official archive
``UNGDC_1946-2023.tgz`` is read directly, member by member, without
unpacking; an unpacked ``TXT/Session NN - YYYY/ISO_NN_YYYY.txt`` tree
works too. Speaker names and posts come from ``Speakers_by_session.xlsx``
when it sits next to the data.

Cite the corpus as its authors ask (see the dataset's README):
Jankin, Baturo & Dasandi, "Words to unite nations: The complete UN General
Debate Corpus, 1946-present", Journal of Peace Research; and Baturo,
Dasandi & Mikhaylov, "Understanding State Preferences With Text As Data:
Introducing the UN General Debate Corpus", Research & Politics, 2017.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import numbers
import os
import re
import tarfile
import warnings
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import cache
from ..corpus import Corpus, Document, ReadStats
from ..corpus.sources import default_table
from ..errors import CacheError, ParameterError, ReaderError, known
from . import fetch as _fetch
from .fetch import read_dataset_record

__all__ = ["load", "read_speakers"]

#: ``ISO_NN_YYYY.txt``: country code (2-3 capitals: ISO 3166-1 alpha-3 or EU), session, year.
NAME_RE = re.compile(r"^([A-Z]{2,3})_(\d{1,3})_(\d{4})\.txt$")
_SESSION_DIR_RE = re.compile(r"^Session \d+ - \d{4}$")
_REPLACEMENT = "\ufffd"
_REPLACEMENT_BYTES = _REPLACEMENT.encode("utf-8")
#: Codes in Speakers_by_session.xlsx that differ from the archive's.
_SPEAKER_CODE_ALIASES = {"YDYE": "YMD"}


def load(
    path: str | os.PathLike | None = None,
    *,
    years: int | tuple[int | None, int | None] | None = None,
    countries: str | Iterable[str] | None = None,
    speakers: bool | str | os.PathLike = True,
    mirror: str | os.PathLike | None = None,
    server: str = _fetch.DEFAULT_SERVER,
    download: bool = True,
) -> Corpus:
    """Load the UN General Debate Corpus as a lazy, re-iterable corpus.

    Parameters
    ----------
    path : path, optional
        A ``UNGDC_*.tgz`` archive, a folder holding one, or an unpacked
        tree holding ``TXT/Session NN - YYYY/ISO_NN_YYYY.txt``. By default
        the data are looked for in ``mirror`` / ``$DISCOURSE_MIRROR``, then
        in the download cache, and downloaded if ``download`` is true.
    years : int or (int or None, int or None), optional
        Keep speeches of these years (inclusive; ``None`` leaves an end open).
    countries : str or iterable of str, optional
        Keep speeches of these country codes (``"USA"``, ``"EU"``, ...).
    speakers : bool or path
        Join speaker names and posts from ``Speakers_by_session.xlsx``
        found next to the data (``True``), not at all (``False``), or from
        this file. Speeches without a match get no ``speaker``/``post`` key.
    mirror : path, optional
        A local folder holding ``UNGDC_*.tgz``; default ``$DISCOURSE_MIRROR``.
    server : str
        Dataverse server to download from when needed.
    download : bool
        Download the data when no local copy is found.

    Returns
    -------
    Corpus
        Named ``"ungdc"``, with ``sources`` set to
        :func:`discourse.corpus.sources.default_table`. Each document has
        ``id="USA_75_2020"``, ``source="USA"``, ``date=2020-01-01`` and
        ``meta`` keys ``date_precision="year"``, ``session``, ``year``,
        ``country`` (display name), ``file`` (member name), and
        ``speaker``/``post`` where known. Files that are not speeches and
        empty speeches are counted in ``corpus.stats.skipped``, as are
        speeches left out by ``years=``/``countries=``.

    Examples
    --------
    >>> from discourse.datasets import ungdc
    >>> corpus = ungdc.load(years=(2020, 2023), countries=["CHN", "SYR"])  # doctest: +SKIP
    >>> corpus.source_counts()  # doctest: +SKIP
    {'CHN': 4, 'SYR': 4}
    """
    year_range = _check_years(years)
    wanted = _check_countries(countries)
    data = _resolve(path, mirror=mirror, server=server, download=download)

    speaker_file: Path | None = None
    if speakers is True:
        folder = data if data.is_dir() else data.parent
        candidate = folder / _fetch.SPEAKERS_FILE
        speaker_file = candidate if candidate.is_file() else None
    elif speakers is not False and speakers is not None:
        speaker_file = Path(speakers)
        if not speaker_file.is_file():
            raise ParameterError(
                f"speakers={str(speakers)!r} is not a file; pass the path of {_fetch.SPEAKERS_FILE}, True or False"
            )
    speaker_map = read_speakers(speaker_file) if speaker_file is not None else {}

    table = _default_table()
    names = {c: table.name(c) for c in table} if table is not None else {}

    if data.is_file():
        members = _archive_members
        st = data.stat()
        data_key = f"archive={data.resolve()}|size={st.st_size}|mtime_ns={st.st_mtime_ns}"
    else:
        members = _tree_members
        data_key = f"tree={data.resolve()}|files={_tree_signature(data)}"
    if speaker_file is not None:
        sst = speaker_file.stat()
        sp_key = f"{speaker_file.resolve()}|{sst.st_size}|{sst.st_mtime_ns}"
    else:
        sp_key = "none"
    # years= and countries= are applied as filters on the whole corpus, so every
    # selection shares one fingerprint and one token cache.
    origin = f"discourse.datasets.ungdc.load|{data_key}|speakers={sp_key}"

    def factory(stats: ReadStats) -> Iterator[Document]:
        for name, read in members(data):
            stats.read += 1
            if read is None:
                stats.skip("not a regular file", name)
                continue
            base = name.rsplit("/", 1)[-1]
            m = NAME_RE.match(base)
            if m is None:
                stats.skip("unrecognised file name", name)
                continue
            code, session_s, year_s = m.groups()
            session, year = int(session_s), int(year_s)
            raw = read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", errors="replace")
                stats.replacements += text.count(_REPLACEMENT) - raw.count(_REPLACEMENT_BYTES)
            if not text.strip():
                stats.skip("empty text", name)
                continue
            country = names.get(code, code)
            meta: dict[str, Any] = {
                "date_precision": "year",
                "session": session,
                "year": year,
                "country": country,
                "file": name,
            }
            sp = speaker_map.get((code, session))
            if sp is not None:
                if sp[0]:
                    meta["speaker"] = sp[0]
                if sp[1]:
                    meta["post"] = sp[1]
            stats.kept += 1
            yield Document(
                id=base[:-4],
                text=text,
                source=code,
                date=dt.date(year, 1, 1),
                title=f"{country} — Session {session} ({year})",
                meta=MappingProxyType(meta),
            )

    record = read_dataset_record(data if data.is_dir() else data.parent)
    dataset = {
        "name": "UN General Debate Corpus",
        "doi": "doi:10.7910/DVN/0TJX8Y",
        "path": str(data),
    }
    if record:
        dataset.update({k: v for k, v in record.items() if isinstance(v, (str, int, float))})
    corpus = Corpus(factory, name="ungdc", origin=origin, sources=table, dataset=dataset)
    if year_range is not None:
        corpus = corpus.filter(years=year_range)
    if wanted is not None:
        corpus = corpus.derive(
            f"source in {sorted(wanted)}",
            lambda d, w=wanted: d.source in w,
            lambda f, w=sorted(wanted): f["source"].isin(w).to_numpy(),
        )
    return corpus


# -- locating the data ---------------------------------------------------------
def _resolve(path: Any, *, mirror: Any, server: str, download: bool) -> Path:
    """An archive file or the root of an unpacked tree."""
    if path is not None:
        p = Path(path).expanduser()
        if p.is_file():
            if not p.name.endswith((".tgz", ".tar.gz")):
                raise ParameterError(
                    f"path={str(p)!r} is not a .tgz archive; pass the UNGDC_*.tgz file or its folder"
                )
            return p
        if p.is_dir():
            archive = _fetch.find_archive(p)
            if archive is not None:
                return archive
            if (p / "TXT").is_dir():
                return p / "TXT"
            if any(_SESSION_DIR_RE.match(c.name) for c in p.iterdir() if c.is_dir()):
                return p
            raise ParameterError(
                f"path={str(p)!r} holds neither a {_fetch.ARCHIVE_PATTERN} archive nor a "
                "TXT/Session NN - YYYY/ folder tree; point it at the downloaded archive or its folder"
            )
        raise ParameterError(
            f"path={str(p)!r} does not exist; pass the UNGDC_*.tgz archive or its folder"
        )
    mirror_dir = _fetch.resolve_mirror(mirror)
    if mirror_dir is not None:
        return _fetch.find_archive(mirror_dir)  # type: ignore[return-value]
    dest = _fetch.default_dest()
    archive = _fetch.find_archive(dest)  # only verified downloads are renamed into place
    if archive is not None:
        return archive
    if not download:
        raise ParameterError(
            f"the UNGDC is not downloaded yet (nothing in {dest}) and download=False; "
            f"pass path=, mirror= (or set {_fetch.MIRROR_ENV}), or allow download=True"
        )
    folder = _fetch.fetch_ungdc(dest, server=server)
    archive = _fetch.find_archive(folder)
    if archive is None:  # pragma: no cover - fetch_ungdc guarantees it
        raise ReaderError(f"{folder}: no {_fetch.ARCHIVE_PATTERN} after download")
    return archive


def _archive_members(archive: Path) -> Iterator[tuple[str, Any]]:
    """Yield ``(member name, read)`` for every non-directory member, streaming.

    ``read()`` returns the member's bytes; it is ``None`` for links and
    other members that are not regular files.
    """
    try:
        tar = tarfile.open(archive, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise ReaderError(
            f"{archive}: not a readable .tgz archive ({exc}); download it again "
            "(delete the file and call load() or fetch_ungdc())"
        ) from None
    with tar:
        try:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():
                    yield member.name, None
                    continue
                yield member.name, functools.partial(_read_member, tar, member, archive)
        except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
            raise _damaged(archive, exc) from None


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo, archive: Path) -> bytes:
    try:
        return tar.extractfile(member).read()  # type: ignore[union-attr]
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise _damaged(archive, exc) from None


def _damaged(archive: Path, exc: BaseException) -> ReaderError:
    return ReaderError(
        f"{archive}: the archive is damaged or incomplete ({exc!r}); download it again "
        "(delete the file and call load() or fetch_ungdc())"
    )


def _tree_files(root: Path) -> list[tuple[str, Path]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            full = Path(dirpath) / f
            out.append((full.relative_to(root.parent).as_posix(), full))
    return out


def _tree_members(root: Path) -> Iterator[tuple[str, Any]]:
    for name, full in _tree_files(root):
        yield name, full.read_bytes


def _tree_signature(root: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    for name, full in _tree_files(root):
        st = full.stat()
        h.update(f"{name}|{st.st_size}|{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _default_table():
    try:
        return default_table()
    except FileNotFoundError as exc:
        warnings.warn(f"UNGDC loaded without country names: {exc}", stacklevel=3)
        return None


# -- validation ------------------------------------------------------------------
def _check_years(years: Any) -> tuple[int | None, int | None] | None:
    if years is None:
        return None
    if isinstance(years, bool):
        raise ParameterError(f"years={years!r} must be a year or a pair (start, end)")
    if isinstance(years, numbers.Integral):
        return (int(years), int(years))
    try:
        lo, hi = years
    except (TypeError, ValueError):
        raise ParameterError(
            f"years={years!r} must be a year or a pair (start, end), e.g. (1990, 2023)"
        ) from None
    for v in (lo, hi):
        if v is not None and (isinstance(v, bool) or not isinstance(v, numbers.Integral)):
            raise ParameterError(f"years={years!r}: {v!r} is not an integer year")
    lo = int(lo) if lo is not None else None
    hi = int(hi) if hi is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise ParameterError(f"years=({lo}, {hi}): start is after end")
    return (lo, hi)


def _check_countries(countries: Any) -> frozenset[str] | None:
    if countries is None:
        return None
    wanted = {countries} if isinstance(countries, str) else set(countries)
    if not wanted:
        raise ParameterError("countries= is empty; give at least one country code, e.g. ['USA']")
    bad = [c for c in wanted if not isinstance(c, str)]
    if bad:
        raise ParameterError(f"countries= must hold code strings, got {bad[0]!r}")
    wanted = {c.strip().upper() for c in wanted}
    table = _default_table()
    if table is not None:
        unknown = wanted - set(table)
        if unknown:
            raise ParameterError(
                f"countries: {known(unknown)} is not a UNGDC country code; known codes: "
                f"{known(table)} (ISO 3166-1 alpha-3, e.g. 'USA', 'CHN', plus 'EU')"
            )
    return frozenset(wanted)


# -- speakers -------------------------------------------------------------------
def read_speakers(path: str | os.PathLike) -> dict[tuple[str, int], tuple[str | None, str | None]]:
    """Speaker name and post per ``(country code, session)`` from ``Speakers_by_session.xlsx``.

    Parsing the spreadsheet takes 1.5-2 s and every ``load()`` needs it, so
    the table is kept twice: per process (keyed by path, size and
    modification time) and in the cache folder (kind ``speakers``, keyed by
    the file's content hash), so that a new process, such as each notebook
    of a report, reads about 10,000 rows of JSON instead.

    Reads the first sheet whose header has an ISO code column, a session
    (or year) column and a speaker column. Values are stripped; a country
    with several speakers in one session gets them joined with ``"; "``.

    Raises
    ------
    ReaderError
        If the file cannot be read or lacks the needed columns.
    """
    st = Path(path).stat()
    return dict(_read_speakers(str(Path(path).resolve()), st.st_size, st.st_mtime_ns))


#: Bump when the parsing below changes what it returns (old cache entries are then unused).
_SPEAKERS_FORMAT = 1


@functools.lru_cache(maxsize=4)
def _read_speakers(
    path: str, size: int, mtime_ns: int
) -> dict[tuple[str, int], tuple[str | None, str | None]]:
    import json

    path_ = Path(path)
    try:
        key = cache.stable_hash({"file": cache.file_digest(path_), "format": _SPEAKERS_FORMAT})
    except OSError as exc:
        raise ReaderError(f"{path_}: cannot read the speakers workbook ({exc})") from None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, CacheError):
        entry = cache.open_entry("speakers", key)
        if entry is not None:
            rows = json.loads((entry / "speakers.json").read_text("utf-8"))
            return {(code, session): (name, post) for code, session, name, post in rows}
    table = _parse_speakers(path_)
    with contextlib.suppress(OSError, CacheError):  # a read-only cache is fine
        rows = [[code, session, name, post] for (code, session), (name, post) in table.items()]
        info = {"description": f"speakers of {path_.name}", "file": str(path_)}
        with cache.write_entry("speakers", key, info=info) as folder:
            (folder / "speakers.json").write_text(json.dumps(rows), "utf-8")
    return table


def _parse_speakers(path: Path) -> dict[tuple[str, int], tuple[str | None, str | None]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise ReaderError(f"{path}: cannot read the speakers workbook ({exc!r})") from None
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                continue
            cols = _speaker_columns(header)
            if cols is None:
                continue
            return _collect_speakers(rows, cols)
    finally:
        wb.close()
    raise ReaderError(
        f"{path}: no sheet has the columns 'ISO Code', 'Session' (or 'Year') and "
        "'Name of Person Speaking'; is this the UNGDC's Speakers_by_session.xlsx?"
    )


def _speaker_columns(header: tuple) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        k = str(h or "").strip().lower()
        if "iso" in k:
            cols.setdefault("code", i)
        elif k == "session":
            cols.setdefault("session", i)
        elif k == "year":
            cols.setdefault("year", i)
        elif "speak" in k or k in ("name", "speaker"):
            cols.setdefault("speaker", i)
        elif k == "post":
            cols.setdefault("post", i)
    if "code" in cols and "speaker" in cols and ("session" in cols or "year" in cols):
        return cols
    return None


def _collect_speakers(rows: Iterator[tuple], cols: dict[str, int]) -> dict:
    found: dict[tuple[str, int], tuple[list[str], list[str]]] = {}

    def cell(row: tuple, key: str) -> Any:
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else None

    for row in rows:
        code = cell(row, "code")
        if not isinstance(code, str) or not code.strip():
            continue
        code = code.strip().upper()
        code = _SPEAKER_CODE_ALIASES.get(code, code)
        session = _as_int(cell(row, "session"))
        if session is None:
            year = _as_int(cell(row, "year"))
            session = year - 1945 if year is not None else None
        if session is None:
            continue
        names, posts = found.setdefault((code, session), ([], []))
        for value, bucket in ((cell(row, "speaker"), names), (cell(row, "post"), posts)):
            if value is not None and str(value).strip() and str(value).strip() not in bucket:
                bucket.append(str(value).strip())
    return {k: ("; ".join(n) or None, "; ".join(p) or None) for k, (n, p) in found.items()}


def _as_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None
