"""The on-disk cache: where it lives, atomic writes, complete-or-absent entries.

Everything expensive (token streams, fitted models, fingerprints) is kept
under :func:`cache_dir`, which defaults to the user cache folder and moves
with the environment variable ``DISCOURSE_CACHE``.

An *entry* is a folder written under a temporary name and renamed into
place only when complete; it carries a ``manifest.json`` listing each
file's size and BLAKE2 hash. :func:`open_entry` verifies the manifest and
deletes an entry that does not match (a crash, a full disk, a manual edit),
so a partial entry is never used, only rebuilt. :func:`cached` builds each
key once at a time: a second process asking for a key being built waits for
it and reads the entry (a file lock, on POSIX).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

try:  # POSIX; elsewhere two processes may build the same entry at once (one copy is kept)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

from ._config import CACHE_ENV, CACHE_LOG_ENV
from ._version import __version__
from .errors import CacheError

ENV_VAR = CACHE_ENV
#: A file to which each entry written is appended as one line of JSON (kind,
#: key, description); ``discourse report`` sets it to list what each notebook,
#: and the worker processes it starts, wrote.
LOG_ENV_VAR = CACHE_LOG_ENV


def cache_dir() -> Path:
    """The cache root: ``$DISCOURSE_CACHE`` or the user cache folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        root = Path(env).expanduser()
    else:
        import platformdirs

        root = Path(platformdirs.user_cache_dir("discourse"))
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheError(
            f"cannot create the cache folder {root} ({exc}); set {ENV_VAR} to a writable folder"
        ) from None
    return root


def stable_hash(obj: Any, *, size: int = 16) -> str:
    """BLAKE2 hex digest of a JSON-serialisable object (keys sorted)."""
    data = json.dumps(obj, sort_keys=True, default=str, ensure_ascii=True).encode()
    return hashlib.blake2b(data, digest_size=size).hexdigest()


def library_versions() -> dict[str, str]:
    """Versions that change numerical results: python, numpy, gensim, discourse."""
    import platform

    import numpy

    out = {"python": platform.python_version(), "numpy": numpy.__version__}
    try:
        import gensim

        out["gensim"] = gensim.__version__
    except ImportError:  # pragma: no cover - gensim is a core dependency
        pass
    out["discourse"] = __version__
    return out


def file_digest(path: Path, *, chunk: int = 1 << 20) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def entry_path(kind: str, key: str) -> Path:
    """Where the entry ``kind/key`` lives (it may not exist)."""
    return cache_dir() / kind / key


def open_entry(kind: str, key: str, *, verify: bool = True) -> Path | None:
    """Return the folder of a complete, verified entry, or ``None``.

    An entry whose manifest is missing, unreadable, or does not match its
    files (sizes always; content hashes where recorded, unless
    ``verify=False`` for a quick look-up) is deleted so that the caller
    rebuilds it.
    """
    path = entry_path(kind, key)
    if not path.is_dir():
        return None
    manifest = path / "manifest.json"
    try:
        info = json.loads(manifest.read_text("utf-8"))
        for name, meta in info["files"].items():
            f = path / name
            if f.stat().st_size != meta["size"]:
                raise ValueError(f"{name}: size {f.stat().st_size} != {meta['size']}")
            if verify and meta.get("blake2") and file_digest(f) != meta["blake2"]:
                raise ValueError(f"{name}: checksum mismatch")
    except (OSError, ValueError, KeyError, TypeError):
        remove_entry(path)
        return None
    return path


def read_manifest(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text("utf-8"))


@contextlib.contextmanager
def write_entry(
    kind: str, key: str, *, info: dict | None = None, hash_files: bool = True, log: bool = True
) -> Iterator[Path]:
    """Write a cache entry atomically.

    Yields a temporary folder; write the entry's files into it. On normal
    exit a manifest (file sizes, hashes, ``info``) is written and the folder
    is renamed into place; on an exception it is deleted. A process killed
    mid-way leaves only a ``.tmp-*`` folder that is never read and is swept
    by :func:`sweep_stale`. The entry is listed in ``$DISCOURSE_CACHE_LOG``
    unless ``log=False`` (for an entry written under a temporary key and
    renamed later; call :func:`log_written` then).
    """
    final = entry_path(kind, key)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:16]}-", dir=final.parent))
    try:
        yield tmp
        files = {}
        for f in sorted(tmp.rglob("*")):
            if f.is_file():
                rel = f.relative_to(tmp).as_posix()
                files[rel] = {
                    "size": f.stat().st_size,
                    "blake2": file_digest(f) if hash_files else None,
                }
        manifest = {
            "kind": kind,
            "key": key,
            "created": time.time(),
            "files": files,
            "info": info or {},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str), "utf-8")
        move_entry(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if log:
        log_written(kind, key, info or {})


def entry_key(parts: Mapping[str, Any]) -> str:
    """The key of a result determined by ``parts`` (data, parameters, seed) and the library versions."""
    return stable_hash({**parts, "versions": library_versions()})


def cached(
    kind: str,
    parts: Mapping[str, Any],
    *,
    build: Callable[[], Any],
    dump: Callable[[Any, Path], None],
    load: Callable[[Path], Any],
    info: dict | Callable[[Any], dict] | None = None,
    use: bool = True,
) -> Any:
    """Get a result from the cache, or build it and put it there: the one get-or-fit.

    The key is :func:`entry_key` of ``parts``. With ``use=True`` a complete,
    verified entry is read with ``load(folder)``; otherwise ``build()``
    makes the result and ``dump(result, folder)`` writes it into a
    :func:`write_entry` folder (atomic: complete or absent). ``info`` (or
    ``info(result)``) goes into the manifest and the write log. With
    ``use=False`` the cache is neither read nor written.

    Examples
    --------
    >>> def dump(x, folder):
    ...     (folder / "x.txt").write_text(str(x))
    >>> def load(folder):
    ...     return int((folder / "x.txt").read_text())
    >>> cached("demo", {"n": 2}, build=lambda: 2 ** 10, dump=dump, load=load)
    1024
    >>> cached("demo", {"n": 2}, build=lambda: 0, dump=dump, load=load)  # read back, not built
    1024
    """
    if not use:
        return build()
    key = entry_key(parts)
    path = open_entry(kind, key)
    if path is not None:
        return load(path)
    with building(kind, key):
        path = open_entry(kind, key)  # built by another process while this one waited
        if path is not None:
            return load(path)
        result = build()
        meta = info(result) if callable(info) else info
        with write_entry(kind, key, info=meta) as folder:
            dump(result, folder)
    return result


@contextlib.contextmanager
def building(kind: str, key: str) -> Iterator[None]:
    """Hold the build lock of the entry ``kind/key`` (an exclusive ``flock``; POSIX).

    Held by one process at a time and released when the holder exits or
    dies; the lock file ``kind/.key.lock`` stays (it is empty). Without
    ``fcntl`` (Windows) this does nothing.
    """
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    folder = cache_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".{key}.lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def move_entry(built: Path, final: Path) -> None:
    """Put the complete entry folder ``built`` in place as ``final``, replacing an old one.

    If another process puts the same entry in place meanwhile, its copy is
    kept and ``built`` is deleted: the same key means the same content.
    """
    if final.exists():
        remove_entry(final)
    try:
        os.replace(built, final)
    except OSError:
        if not (final / "manifest.json").is_file():
            raise
        shutil.rmtree(built, ignore_errors=True)


def log_written(kind: str, key: str, info: dict) -> None:
    """Append the entry to ``$DISCOURSE_CACHE_LOG`` if it is set (best effort)."""
    log = os.environ.get(LOG_ENV_VAR)
    if log:
        line = {"kind": kind, "key": key, "description": str(info.get("description", ""))}
        with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")  # one short write: appends do not interleave


def remove_entry(path: Path) -> None:
    """Delete an entry folder (rename first so a half-deleted one is never read)."""
    path = Path(path)
    if not path.exists():
        return
    trash = path.with_name(f".tmp-del-{path.name}-{os.getpid()}")
    try:
        os.replace(path, trash)
    except OSError:
        trash = path
    shutil.rmtree(trash, ignore_errors=True)


def sweep_stale(kind: str, *, older_than: float = 3600.0) -> int:
    """Delete leftover ``.tmp-*`` folders of ``kind`` older than ``older_than`` seconds."""
    root = cache_dir() / kind
    if not root.is_dir():
        return 0
    n = 0
    now = time.time()
    for p in root.glob(".tmp-*"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > older_than:
                shutil.rmtree(p, ignore_errors=True)
                n += 1
    return n


def list_entries() -> list[dict]:
    """All complete entries: kind, key, size in bytes, created time, info."""
    root = cache_dir()
    out = []
    for kind_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for entry in sorted(
            p for p in kind_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            try:
                man = read_manifest(entry)
            except (OSError, ValueError):
                continue
            size = sum(m["size"] for m in man["files"].values())
            out.append(
                {
                    "kind": kind_dir.name,
                    "key": entry.name,
                    "bytes": size,
                    "created": man.get("created"),
                    "info": man.get("info", {}),
                }
            )
    return out


def clear(kind: str | None = None) -> int:
    """Delete all entries (of one kind); return how many were removed."""
    root = cache_dir()
    n = 0
    kinds = [root / kind] if kind else [p for p in root.iterdir() if p.is_dir()]
    for kdir in kinds:
        if not kdir.is_dir():
            continue
        for entry in kdir.iterdir():
            if entry.is_dir():
                remove_entry(entry)
                n += 1
            elif entry.is_file():
                entry.unlink()
                n += not entry.name.endswith(".lock")  # build locks are not entries
    return n
