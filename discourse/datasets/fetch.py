"""Download the UN General Debate Corpus from a Dataverse server.

The files are listed with the public Dataverse API (no key needed)::

    GET {server}/api/datasets/:persistentId/versions/:latest-published/files?persistentId={doi}
    GET {server}/api/access/datafile/{id}

The archive is chosen by pattern (``UNGDC_*.tgz``, widest year range) so a
new release keeps working. Each file is streamed to a temporary file in
the destination folder, its size and checksum (of the type the listing
names: MD5, SHA-1, SHA-256 or SHA-512) are verified, and only then is it
renamed into place. A ``dataset.json`` next to the data records the
server, DOI, dataset version, file names, sizes and checksums and when
they were fetched.

Without internet access, download the files by hand and pass
``mirror=FOLDER`` or set ``DISCOURSE_MIRROR=FOLDER``: the folder is then
used as it is (read only).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fnmatch
import hashlib
import http.client
import json
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from .. import _config
from ..cache import atomic_write_text, cache_dir
from ..errors import FetchError, ParameterError

__all__ = [
    "DEFAULT_SERVER",
    "DOI",
    "MIRROR_ENV",
    "RemoteFile",
    "fetch_ungdc",
    "find_archive",
    "list_files",
    "read_dataset_record",
    "resolve_mirror",
]

DEFAULT_SERVER = "https://dataverse.harvard.edu"
DOI = "doi:10.7910/DVN/0TJX8Y"
ARCHIVE_PATTERN = "UNGDC_*.tgz"
SPEAKERS_FILE = "Speakers_by_session.xlsx"
MIRROR_ENV = _config.MIRROR_ENV
RECORD = "dataset.json"

_CHUNK = 1 << 20
_STALE_SECONDS = 3600.0  # leftover temporary downloads older than this are deleted
_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512"}
_YEARS_RE = re.compile(r"(\d{4})\s*-\s*(\d{4})")
_HELP_OFFLINE = (
    f"download {ARCHIVE_PATTERN} (and {SPEAKERS_FILE}) by hand from "
    f"{DEFAULT_SERVER}/dataset.xhtml?persistentId={DOI} into a folder and pass "
    f"mirror=FOLDER (or --mirror FOLDER), or set {MIRROR_ENV}=FOLDER"
)


@dataclasses.dataclass(frozen=True)
class RemoteFile:
    """One file of a Dataverse listing."""

    id: int
    name: str
    size: int | None
    checksum_type: str | None  # "MD5", "SHA-1", "SHA-256", "SHA-512"
    checksum: str | None  # lower-case hex
    original: bool = False  # fetch the originally uploaded format (?format=original)

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "size": self.size,
            "checksum": {"type": self.checksum_type, "value": self.checksum},
        }


# -- HTTP -----------------------------------------------------------------------
def _open(url: str, *, timeout: float, server: str) -> http.client.HTTPResponse:
    req = urllib.request.Request(url, headers={"User-Agent": "discourse (python urllib)"})
    try:
        return urllib.request.urlopen(req, timeout=timeout)  # follows redirects
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            hint = (
                "the file or dataset is not there: check server= and that the dataset "
                f"{DOI} is published on it, or " + _HELP_OFFLINE
            )
        elif exc.code in (401, 403):
            hint = "the server refuses access (the file may be restricted); " + _HELP_OFFLINE
        elif exc.code >= 500:
            hint = "the server has a problem; try again later, or " + _HELP_OFFLINE
        else:
            hint = _HELP_OFFLINE
        raise FetchError(f"GET {url} failed: HTTP {exc.code} {exc.reason}; {hint}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise FetchError(
            f"cannot connect to {server} (GET {url}: {reason}); check the internet "
            f"connection and server=, or " + _HELP_OFFLINE
        ) from None
    except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        raise FetchError(
            f"cannot connect to {server} (GET {url}: {exc!r}); check the internet connection "
            f"and server=, or raise timeout= (now {timeout} s), or " + _HELP_OFFLINE
        ) from None


def _get_json(url: str, *, timeout: float, server: str) -> Any:
    with _open(url, timeout=timeout, server=server) as resp:
        try:
            body = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(
                f"GET {url}: connection lost while reading the answer ({exc!r})"
            ) from None
    try:
        data = json.loads(body)
    except ValueError:
        raise FetchError(
            f"GET {url}: the answer is not JSON (starts {body[:80]!r}); is {server} a Dataverse server?"
        ) from None
    if not isinstance(data, dict) or data.get("status") != "OK":
        msg = data.get("message") if isinstance(data, dict) else None
        raise FetchError(f"GET {url}: Dataverse answered {msg or str(data)[:200]!r}")
    return data.get("data")


def _dataset_url(server: str, doi: str, suffix: str = "") -> str:
    q = urllib.parse.urlencode({"persistentId": doi})
    return f"{server.rstrip('/')}/api/datasets/:persistentId/versions/:latest-published{suffix}?{q}"


def list_files(
    server: str = DEFAULT_SERVER, doi: str = DOI, *, timeout: float = 60
) -> list[RemoteFile]:
    """List the files of the latest published version of a dataset.

    Raises
    ------
    FetchError
        When the server cannot be reached or answers with an error.
    """
    url = _dataset_url(server, doi, "/files")
    data = _get_json(url, timeout=timeout, server=server)
    if not isinstance(data, list):
        raise FetchError(f"GET {url}: expected a list of files, got {type(data).__name__}")
    out = []
    for item in data:
        try:
            df = item["dataFile"]
            original = bool(df.get("originalFileName"))
            name = df.get("originalFileName") or df.get("filename") or item["label"]
            size = df.get("originalFileSize") if original else df.get("filesize")
            ck = df.get("checksum") or {}
            ctype, cval = ck.get("type"), ck.get("value")
            if not cval and df.get("md5"):
                ctype, cval = "MD5", df["md5"]
            out.append(
                RemoteFile(
                    id=int(df["id"]),
                    name=str(name),
                    size=int(size) if size is not None else None,
                    checksum_type=_norm_type(ctype) if cval else None,
                    checksum=str(cval).lower() if cval else None,
                    original=original,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise FetchError(
                f"GET {url}: unexpected file entry {str(item)[:200]} ({exc!r})"
            ) from None
    return out


def _dataset_version(server: str, doi: str, *, timeout: float) -> dict[str, Any] | None:
    """``versionNumber``/``minorVersion``/``releaseTime`` if the server tells them."""
    try:
        data = _get_json(_dataset_url(server, doi), timeout=timeout, server=server)
    except FetchError:
        return None
    if not isinstance(data, dict):
        return None
    keys = ("versionNumber", "minorVersion", "versionState", "releaseTime", "lastUpdateTime")
    return {k: data[k] for k in keys if k in data} or None


def _norm_type(ctype: Any) -> str:
    t = str(ctype or "MD5").upper().replace("_", "-")
    if t.startswith("SHA") and "-" not in t:
        t = f"SHA-{t[3:]}"
    return t


def _hasher(ctype: str | None, *, where: str):
    if ctype is None:
        return None
    try:
        return hashlib.new(_HASHES[ctype])
    except KeyError:
        raise FetchError(
            f"{where}: checksum type {ctype!r} is not supported (known: {', '.join(_HASHES)})"
        ) from None


def _file_checksum(path: Path, ctype: str) -> str:
    h = _hasher(ctype, where=str(path))
    with open(path, "rb") as f:
        while block := f.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


# -- choosing files -----------------------------------------------------------
def _year_span(name: str) -> tuple[int, int, str]:
    m = _YEARS_RE.search(name)
    if not m:
        return (0, 0, name)
    lo, hi = int(m.group(1)), int(m.group(2))
    return (hi - lo, hi, name)


def _choose_archive(names: list[str]) -> str | None:
    matches = [n for n in names if fnmatch.fnmatchcase(n, ARCHIVE_PATTERN)]
    return max(matches, key=_year_span) if matches else None


def find_archive(folder: str | Path) -> Path | None:
    """The ``UNGDC_*.tgz`` with the widest year range in ``folder``, or ``None``."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    name = _choose_archive([p.name for p in folder.iterdir() if p.is_file()])
    return folder / name if name else None


def resolve_mirror(mirror: str | Path | None = None) -> Path | None:
    """The mirror folder from ``mirror=`` or ``$DISCOURSE_MIRROR`` (``None`` if neither).

    Raises
    ------
    ParameterError
        If the folder does not exist or holds no ``UNGDC_*.tgz``.
    """
    origin = "mirror="
    if mirror is None:
        env = os.environ.get(MIRROR_ENV)
        if not env:
            return None
        mirror, origin = env, f"${MIRROR_ENV}"
    folder = Path(mirror).expanduser()
    if not folder.is_dir():
        raise ParameterError(
            f"{origin} {str(folder)!r} is not a folder; point it at a folder holding {ARCHIVE_PATTERN}"
        )
    if find_archive(folder) is None:
        raise ParameterError(
            f"{origin} {str(folder)!r} holds no {ARCHIVE_PATTERN} file; put the archive "
            f"downloaded from {DEFAULT_SERVER} (dataset {DOI}) there"
        )
    return folder


def default_dest() -> Path:
    """Where downloads go by default: ``cache_dir()/datasets/ungdc``."""
    return cache_dir() / "datasets" / "ungdc"


def read_dataset_record(folder: str | Path) -> dict | None:
    """The ``dataset.json`` written by :func:`fetch_ungdc` in ``folder``, or ``None``."""
    try:
        return json.loads((Path(folder) / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return None


# -- downloading ----------------------------------------------------------------
def _sweep_partials(dest: Path, name: str) -> None:
    now = time.time()
    for p in dest.glob(f".{name}.*.part"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > _STALE_SECONDS:
                p.unlink()


def _is_current(path: Path, rf: RemoteFile, record: dict | None) -> bool:
    """Does the local file match the listing? (Hash only when the record cannot vouch.)"""
    try:
        st = path.stat()
    except OSError:
        return False
    if rf.size is not None and st.st_size != rf.size:
        return False
    if rf.checksum is None:
        return True
    for entry in (record or {}).get("files", []):
        if (
            entry.get("name") == rf.name
            and entry.get("checksum") == {"type": rf.checksum_type, "value": rf.checksum}
            and entry.get("local_size") == st.st_size
            and entry.get("mtime_ns") == st.st_mtime_ns
        ):
            return True
    return _file_checksum(path, rf.checksum_type) == rf.checksum


def _download(server: str, rf: RemoteFile, dest: Path, *, progress: bool, timeout: float) -> Path:
    url = f"{server.rstrip('/')}/api/access/datafile/{rf.id}"
    if rf.original:
        url += "?format=original"
    final = dest / rf.name
    _sweep_partials(dest, rf.name)
    hasher = _hasher(rf.checksum_type, where=url)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{rf.name}.", suffix=".part", dir=dest)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, _open(url, timeout=timeout, server=server) as resp:
            header_len = resp.headers.get("Content-Length")
            expected = rf.size if rf.size is not None else (int(header_len) if header_len else None)
            got = 0
            from tqdm.auto import tqdm

            # a terminal, or a Jupyter kernel (where stderr is not a TTY but tqdm shows a widget)
            show = progress and (sys.stderr.isatty() or "ipykernel" in sys.modules)
            with tqdm(
                total=expected,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=rf.name,
                disable=not show,
                leave=False,
            ) as bar:
                while True:
                    try:
                        block = resp.read(_CHUNK)
                    except http.client.IncompleteRead as exc:
                        got += len(exc.partial)
                        block = b""
                    except (OSError, http.client.HTTPException) as exc:
                        raise FetchError(
                            f"GET {url}: connection lost after {got:,} of "
                            f"{expected if expected is not None else '?'} bytes ({exc!r}); "
                            "run again to restart the download"
                        ) from None
                    if not block:
                        break
                    out.write(block)
                    if hasher is not None:
                        hasher.update(block)
                    got += len(block)
                    bar.update(len(block))
            out.flush()
            os.fsync(out.fileno())
        if expected is not None and got != expected:
            raise FetchError(
                f"GET {url}: truncated download of {rf.name}: got {got:,} bytes, expected "
                f"{expected:,}; the connection was cut. Run again to restart the download, or "
                + _HELP_OFFLINE
            )
        if hasher is not None and hasher.hexdigest() != rf.checksum:
            raise FetchError(
                f"GET {url}: {rf.checksum_type} checksum mismatch for {rf.name}: expected "
                f"{rf.checksum}, got {hasher.hexdigest()} ({got:,} bytes); the file is corrupt "
                "or the listing is out of date. Run again; if it persists, " + _HELP_OFFLINE
            )
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return final


def fetch_ungdc(
    dest: str | Path | None = None,
    *,
    server: str = DEFAULT_SERVER,
    mirror: str | Path | None = None,
    progress: bool = True,
    timeout: float = 60,
) -> Path:
    """Download the UN General Debate Corpus (once) and return its folder.

    Lists the latest published version of dataset ``doi:10.7910/DVN/0TJX8Y``,
    picks the ``UNGDC_*.tgz`` archive with the widest year range plus
    ``Speakers_by_session.xlsx``, and downloads each file that is missing
    or does not match the listing (size and checksum). Files already in
    place and verified are not downloaded again.

    Parameters
    ----------
    dest : path, optional
        Folder for the files; default ``cache_dir()/"datasets"/"ungdc"``.
    server : str
        Base URL of the Dataverse installation.
    mirror : path, optional
        A local folder that already holds ``UNGDC_*.tgz`` (and optionally
        the xlsx); default ``$DISCOURSE_MIRROR``. Nothing is downloaded and
        the mirror is returned as is; it is never written to (the record of
        what it holds goes to ``dest/dataset.json``).
    progress : bool
        Show a progress bar (only in a terminal or a Jupyter kernel).
    timeout : float
        Seconds to wait for the server before giving up.

    Returns
    -------
    pathlib.Path
        The folder holding the archive.

    Raises
    ------
    FetchError
        On a connection failure, an HTTP error, a truncated download or a
        checksum mismatch; the message names the URL and what to do.

    Examples
    --------
    >>> from discourse.datasets.fetch import fetch_ungdc
    >>> folder = fetch_ungdc()  # doctest: +SKIP
    >>> sorted(p.name for p in folder.iterdir())  # doctest: +SKIP
    ['Speakers_by_session.xlsx', 'UNGDC_1946-2023.tgz', 'dataset.json']
    """
    if not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ParameterError(f"timeout must be a positive number of seconds, got {timeout!r}")
    dest = Path(dest).expanduser() if dest is not None else default_dest()
    mirror_path = resolve_mirror(mirror)
    if mirror_path is not None:
        _record_mirror(mirror_path, dest)
        return mirror_path
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(
            f"cannot create the download folder {dest} ({exc}); pass dest= a writable folder"
        ) from None

    files = list_files(server, DOI, timeout=timeout)
    names = [f.name for f in files]
    archive = _choose_archive(names)
    if archive is None:
        raise FetchError(
            f"{server}: dataset {DOI} lists no {ARCHIVE_PATTERN} file (files: "
            f"{', '.join(names) or 'none'}); the dataset layout has changed, or " + _HELP_OFFLINE
        )
    wanted = [f for f in files if f.name in (archive, SPEAKERS_FILE)]
    version = _dataset_version(server, DOI, timeout=timeout)
    record = read_dataset_record(dest)
    entries = []
    for rf in wanted:
        path = dest / rf.name
        if not _is_current(path, rf, record):
            path = _download(server, rf, dest, progress=progress, timeout=timeout)
        st = path.stat()
        entries.append({**rf.as_record(), "local_size": st.st_size, "mtime_ns": st.st_mtime_ns})
    new_record = {
        "dataset": "UN General Debate Corpus (UNGDC)",
        "server": server,
        "doi": DOI,
        "version": version,
        "archive": archive,
        "files": entries,
        "mirror": None,
        "fetched_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    if record and _same_files(record, new_record):
        new_record["fetched_at"] = record.get("fetched_at", new_record["fetched_at"])
    atomic_write_text(dest / RECORD, json.dumps(new_record, indent=1))
    return dest


def _same_files(old: dict, new: dict) -> bool:
    keys = ("name", "size", "checksum", "local_size", "mtime_ns")
    pick = [[{k: e.get(k) for k in keys} for e in r.get("files", [])] for r in (old, new)]
    return pick[0] == pick[1] and old.get("server") == new.get("server")


def _record_mirror(mirror: Path, dest: Path) -> None:
    """Record what the mirror holds in ``dest/dataset.json`` (never in the mirror).

    Skipped when ``dest`` holds a download of its own (its record describes
    that) or is the mirror itself. MD5s are computed only for files whose
    size or modification time changed since the last record.
    """
    with contextlib.suppress(OSError):  # a record is a courtesy; never fail a read-only use
        if dest.resolve() == mirror.resolve() or find_archive(dest) is not None:
            return
        old = read_dataset_record(dest) or {}
        known_md5 = {
            (e.get("name"), e.get("local_size"), e.get("mtime_ns")): e.get("checksum")
            for e in old.get("files", [])
        }
        archive = find_archive(mirror)
        entries = []
        for p in (archive, mirror / SPEAKERS_FILE):
            if p is None or not p.is_file():
                continue
            st = p.stat()
            key = (p.name, st.st_size, st.st_mtime_ns)
            checksum = known_md5.get(key) or {"type": "MD5", "value": _file_checksum(p, "MD5")}
            entries.append(
                {
                    "name": p.name,
                    "size": st.st_size,
                    "checksum": checksum,
                    "local_size": st.st_size,
                    "mtime_ns": st.st_mtime_ns,
                }
            )
        record = {
            "dataset": "UN General Debate Corpus (UNGDC)",
            "server": None,
            "doi": DOI,
            "version": None,
            "archive": archive.name if archive else None,
            "files": entries,
            "mirror": str(mirror.resolve()),
            "fetched_at": None,
        }
        if old != record:
            atomic_write_text(dest / RECORD, json.dumps(record, indent=1))
