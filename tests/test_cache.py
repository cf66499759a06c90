"""Crash safety and scale limits (issue 9, parts 2 and 5).

Crash tests kill a real subprocess with SIGKILL in the middle of a write
and check that nothing partial is ever taken for complete, and that the
next run rebuilds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from discourse import Corpus, Document, cache, tokens

SLOW_CORPUS = textwrap.dedent(
    """
    import sys, time
    from discourse import Corpus, Document, tokens

    def factory(stats):
        for i in range(100_000):
            stats.read += 1
            stats.kept += 1
            if i > 50:
                time.sleep(0.01)
            yield Document(f"d{i}", f"document {i} on sovereignty and isolation", "S")

    tokens(Corpus(factory, name="slow", origin="slow-crash-test"), progress=False)
    """
)


def _run_until(script: str, env: dict, ready, *, timeout: float = 60.0) -> subprocess.Popen:
    """Start ``script``; SIGKILL it as soon as ``ready()`` is true."""
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            if proc.poll() is not None:
                pytest.fail(f"the child exited early with code {proc.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("the child never reached the point to kill it at")
            time.sleep(0.02)
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return proc


def test_killed_token_cache_write_is_never_used(tmp_path, monkeypatch):
    env = dict(os.environ, DISCOURSE_CACHE=str(tmp_path))
    tok_dir = tmp_path / "tokens"
    _run_until(SLOW_CORPUS, env, lambda: tok_dir.is_dir() and any(tok_dir.glob(".tmp-*/ids.u32")))
    # only a temporary folder is left: no entry, no fingerprint memo
    assert [p.name for p in tok_dir.iterdir() if not p.name.startswith(".tmp-")] == []
    assert not (tmp_path / "fingerprints").exists() or not any(
        (tmp_path / "fingerprints").iterdir()
    )
    # a later run with the same data builds a complete, correct store
    docs = [Document(f"d{i}", f"document {i} on sovereignty and isolation", "S") for i in range(60)]
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path))
    store = tokens(Corpus(docs))
    assert store.n_docs == 60 and store.dtm().sum() == store.n_tokens
    assert cache.open_entry("tokens", store.path.name) == store.path
    # stale temporary folders are swept, never read
    for p in tok_dir.glob(".tmp-*"):
        os.utime(p, (0, 0))
    assert cache.sweep_stale("tokens") >= 1


def test_killed_model_cache_entry_is_never_used(tmp_path, monkeypatch):
    """Any cache entry (models use the same mechanism) killed mid-write is absent."""
    script = textwrap.dedent(
        """
        import time
        from discourse import cache
        with cache.write_entry("topics", "k1") as folder:
            (folder / "model.bin").write_bytes(b"x" * 1000)
            (folder / "started").write_text("yes")
            time.sleep(60)
        """
    )
    env = dict(os.environ, DISCOURSE_CACHE=str(tmp_path))
    _run_until(script, env, lambda: any((tmp_path / "topics").glob(".tmp-*/started")))
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path))
    assert cache.open_entry("topics", "k1") is None
    assert cache.list_entries() == []


def test_entry_with_a_damaged_file_is_deleted_and_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path))
    with cache.write_entry("topics", "k2") as folder:
        (folder / "a.bin").write_bytes(b"abcdef")
    path = cache.open_entry("topics", "k2")
    assert path is not None
    (path / "a.bin").write_bytes(b"abcdeX")  # same size, different bytes
    assert cache.open_entry("topics", "k2") is None
    assert not path.exists()


def test_killed_download_leaves_no_archive(tmp_path, ungdc_folder, monkeypatch):
    """SIGKILL in the middle of a download: no archive in place; the next fetch completes."""
    monkeypatch.delenv("DISCOURSE_MIRROR", raising=False)
    from dataverse_server import DataverseServer

    # a bigger archive so the download takes a while at the throttled rate
    big = ungdc_folder / "UNGDC_2019-2021.tgz"
    big.write_bytes(big.read_bytes() + os.urandom(2_000_000))
    dest = tmp_path / "dest"
    with DataverseServer(ungdc_folder) as server:
        server.block_delay = 0.05
        script = textwrap.dedent(
            f"""
            from discourse.datasets.fetch import fetch_ungdc
            fetch_ungdc(dest={str(dest)!r}, server={server.url!r}, progress=False, timeout=30)
            """
        )
        env = dict(os.environ, DISCOURSE_CACHE=str(tmp_path / "cache"))
        env.pop("DISCOURSE_MIRROR", None)
        _run_until(script, env, lambda: dest.is_dir() and any(dest.glob(".UNGDC_*.part")))
        assert not any(dest.glob("UNGDC_*.tgz")), "a partial download was put in place"
        server.block_delay = 0.0
        from discourse.datasets.fetch import fetch_ungdc

        folder = fetch_ungdc(dest=dest, server=server.url, progress=False)
        assert (folder / "UNGDC_2019-2021.tgz").read_bytes() == big.read_bytes()


SCALE = textwrap.dedent(
    """
    import sys, time
    from discourse import Corpus, Document, tokens
    kind = sys.argv[1]
    if kind == "one-100MB-document":
        para = "The sovereignty of states and non-interference must be respected by all. " * 20 + "\\n"
        text = para * (100_000_000 // len(para))
        docs = lambda: iter([Document("big", text, "X")])
    elif kind == "500k-tiny-documents":
        docs = lambda: (Document(f"d{i}", f"tiny document {i % 1000} on isolation", f"S{i % 50}")
                        for i in range(500_000))
    else:  # 5000 sources
        docs = lambda: (Document(f"d{i}", f"text {i % 97} on sanctions", f"S{i % 5000}")
                        for i in range(20_000))

    def factory(stats):
        for d in docs():
            stats.read += 1
            stats.kept += 1
            yield d

    c = Corpus(factory, name=kind, origin="scale-" + kind)
    store = tokens(c, progress=False)
    rows = store.select(c)
    groups, counts = store.group_counts(rows, store.labels(rows, "source"))
    assert counts.sum() == store.n_tokens
    # VmHWM belongs to this process image (ru_maxrss would include the forking parent's)
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print(store.n_docs, store.n_tokens, len(groups), int(hwm.split()[1]) // 1024)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "max_rss_mb"),
    # the documented limits (README "Limits"): peak memory stays within these
    [("one-100MB-document", 1100), ("500k-tiny-documents", 700), ("5000-sources", 400)],
)
def test_scale_limits_with_bounded_memory(tmp_path, kind, max_rss_mb):
    env = dict(os.environ, DISCOURSE_CACHE=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", SCALE, kind], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    n_docs, n_tokens, n_groups, rss = map(int, out.stdout.split())
    assert (
        n_docs
        == {"one-100MB-document": 1, "500k-tiny-documents": 500_000, "5000-sources": 20_000}[kind]
    )
    assert (
        n_groups == {"one-100MB-document": 1, "500k-tiny-documents": 50, "5000-sources": 5000}[kind]
    )
    assert rss < max_rss_mb, f"{kind}: peak RSS {rss} MB exceeds the documented {max_rss_mb} MB"


def test_token_store_corrupt_entry_is_rebuilt(tiny_corpus):
    store = tokens(tiny_corpus)
    with open(store.path / "ids.u32", "ab") as f:
        f.write(b"\0\0\0\0")
    again = tokens(Corpus(list(tiny_corpus)))
    assert again.n_tokens == store.n_tokens
    assert (again.path / "ids.u32").stat().st_size == store.n_tokens * 4


BUILD_ONCE = textwrap.dedent(
    """
    import os, sys, time
    from discourse import cache

    def build():
        with open(sys.argv[1], "a") as f:  # one line per build
            f.write(f"{os.getpid()}\\n")
        time.sleep(1.5)
        return 7

    def dump(x, folder):
        (folder / "x.txt").write_text(str(x))

    def load(folder):
        return int((folder / "x.txt").read_text())

    print(cache.cached("demo", {"n": 1}, build=build, dump=dump, load=load))
    """
)


@pytest.mark.skipif(cache.fcntl is None, reason="the build lock is POSIX only")
def test_two_processes_asking_for_one_key_build_it_once(tmp_path):
    env = dict(os.environ, DISCOURSE_CACHE=str(tmp_path / "cache"))
    builds = tmp_path / "builds.txt"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD_ONCE, str(builds)], env=env, stdout=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0].decode().strip() for p in procs]
    assert outs == ["7", "7"]
    assert len(builds.read_text().splitlines()) == 1  # the second waited and read the entry


@pytest.mark.skipif(cache.fcntl is None, reason="the build lock is POSIX only")
def test_a_builder_killed_mid_build_releases_the_lock(tmp_path, monkeypatch):
    script = textwrap.dedent(
        """
        import time
        from discourse import cache
        with cache.building("demo", "k3"):
            open(__import__("sys").argv[1], "w").close()
            time.sleep(60)
        """
    )
    started = tmp_path / "started"
    env = dict(os.environ, DISCOURSE_CACHE=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, "-c", script, str(started)], env=env)
    deadline = time.monotonic() + 60
    while not started.exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    t = time.monotonic()
    with cache.building("demo", "k3"):
        pass
    assert time.monotonic() - t < 5
    assert cache.clear() == 0  # the lock file is not an entry
