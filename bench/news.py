"""News rows of ``make bench``: WARC archives → corpus, against a bare warcio + trafilatura loop.

The archives are built here, in the run's temporary folder, from the test
fixture builders (``tests/support/news_fixtures.py``): ``PAGES`` pages in
``FILES`` gzipped WARC files, each page a realistic news page (menus, cookie
banner, related stories, comments, JSON-LD and og: metadata, a byline with a
date printed one of several ways) for one of eight outlets, with a request
record per response, some 404s and images, and one wire copy in ten.

Rows (each measurement in a fresh process, as in ``bench/run.py``; ``--repeat N``
rounds, each running every measurement the rows need once in rotating order; a
row is the median of its within-round ratios, with their range):

* ``news``: ``read_warc`` on one core, throughput as a share of a bare loop
  (``warcio.ArchiveIterator`` + ``trafilatura.extract`` on each HTML
  response) over the same files. Target ≥ 0.8.
* ``news2``: ``read_warc(processes=2)`` against one core. Target ≥ 1.6×.
* ``newsdask``: ``read_warc(client=local_client(2))`` gives the same
  documents as the local read (ids, sources, dates, texts). Target: equal.

Alone: ``python bench/news.py [--pages N] [--files K] [--repeat R]`` runs the
three rows and prints them; ``python bench/news.py TASK 'JSON' OUT.json`` is
one measurement (what the rows run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tasks import live_descendants_cpu  # bench/ is on sys.path: run as a script or by run.py

HERE = Path(__file__).resolve().parent
SUPPORT = HERE.parent / "tests" / "support"
PAGES = 2400
FILES = 8
ROW_NAMES = ["news", "news2", "newsdask"]
# how local workers start (as discourse.parallel.START_METHOD decides)
START = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"

OUTLETS = [
    ("https://www.reuters.com/world/", "Reuters", "iso"),
    ("https://www.globaltimes.cn/page/", "Global Times", "Published: %b %d, %Y %I:%M %p"),
    ("https://www.scmp.com/news/", "South China Morning Post", "Updated: %Y-%m-%d %H:%M"),
    ("https://english.news.cn/", "Xinhua", "%H:%M, %d-%b-%Y"),
    ("https://www.aljazeera.com/news/", "Al Jazeera", "%d %B %Y"),
    ("https://www.bbc.com/news/", "BBC", "iso"),
    ("https://apnews.com/article/", "AP", "%B %d, %Y"),
    ("https://www.dawn.com/news/", "Dawn", "Published %B %d, %Y"),
]


def build(folder: Path, pages: int = PAGES, files: int = FILES, seed: int = 0) -> list[str]:
    """Write ``files`` WARC files holding ``pages`` news pages; return their paths."""
    sys.path.insert(0, str(SUPPORT))
    import news_fixtures as nf

    rng = random.Random(seed)
    bodies = nf.filler_articles(pages, seed=seed, paragraphs=7, words=55)
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-pages // files)
    paths = []
    for k in range(files):
        records: list[dict] = [{"type": "warcinfo"}]
        for i in range(k * per, min(pages, (k + 1) * per)):
            base, outlet, fmt = OUTLETS[i % len(OUTLETS)]
            paras = bodies[i]
            if i % 10 == 9:  # a wire copy of an earlier story, lightly edited
                paras = nf.light_edits(bodies[i - 9], rng.choice(["word", "byline", "cut"]), rng)
            day = 1 + i % 28
            iso = f"2023-09-{day:02d}T{8 + i % 12:02d}:{i % 60:02d}:00Z"
            stamp = time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
            printed = None if fmt == "iso" else time.strftime(fmt, stamp)
            url = f"{base}2023/09/{day:02d}/story-{i}"
            html = nf.page(
                paras,
                title=f"Story {i}: " + " ".join(paras[0].split()[:8]),
                url=url,
                site_name=outlet,
                author=rng.choice(["Staff reporter", "Laurie Chen", "Wire desk", ""]),
                published_iso=iso if fmt == "iso" else None,
                printed_date=printed,
            )
            records.append(
                {"url": url, "body": html.encode(), "encoding": rng.choice([None, "gzip"])}
            )
            if i % 50 == 0:
                records.append(
                    {"url": url + "/gone", "body": b"<html>gone</html>", "status": "404 Not Found"}
                )
                records.append(
                    {"url": url + ".png", "body": b"\x89PNG", "content_type": "image/png"}
                )
        p = folder / f"crawl-{k:02d}.warc.gz"
        p.write_bytes(nf.warc_bytes(records, gzip_records=True))
        paths.append(str(p))
    return paths


# -- measurements (one per fresh process) ---------------------------------------------
def _peak() -> dict:
    """Peak memory and CPU seconds of this process and of its children (the workers)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return {
        "rss_mb": me.ru_maxrss / 1024,
        "rss_children_mb": kids.ru_maxrss / 1024,
        "cpu_s": me.ru_utime + me.ru_stime,
        "cpu_children_s": kids.ru_utime + kids.ru_stime + live_descendants_cpu(),
    }


def _cores(res: dict) -> str:
    """CPU seconds per wall second: how many cores the measurement got (whole process)."""
    return f"{(res['cpu_s'] + res['cpu_children_s']) / res['wall']:.2f}"


def bare(args: dict) -> dict:
    """warcio + trafilatura.extract on every 200 HTML response: the reference."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    t = time.perf_counter()
    docs = chars = 0
    for path in args["files"]:
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                if rec.http_headers.get_statuscode() != "200":
                    continue
                if "html" not in (rec.http_headers.get_header("Content-Type") or ""):
                    continue
                text = trafilatura.extract(rec.content_stream().read())
                if text:
                    docs += 1
                    chars += len(text)
    return {"seconds": time.perf_counter() - t, "docs": docs, "chars": chars, **_peak()}


def ours(args: dict) -> dict:
    """``read_warc`` over the same files (one core, ``processes=``, or a Dask client).

    warcio and trafilatura are imported before the timer, as :func:`bare`
    imports them, so the 1-core ratio compares the reading, not an import
    only one side pays; worker processes import them inside the time.
    """
    import trafilatura  # noqa: F401 - imported untimed, as in bare()
    from warcio.archiveiterator import ArchiveIterator  # noqa: F401

    from discourse.corpus.news import read_warc

    client = cluster_client = None
    if args.get("dask"):
        from discourse.parallel import local_client

        cluster_client = client = local_client(2)  # start-up not timed
    t = time.perf_counter()
    h = hashlib.blake2b(digest_size=16)
    docs = chars = 0
    try:
        kw = {"client": client} if client is not None else {"processes": args.get("processes", 1)}
        corpus = read_warc(args["files"], **kw)
        for d in corpus:
            docs += 1
            chars += len(d.text)
            h.update(f"{d.id}\x00{d.source}\x00{d.date}\x00{d.text}\x01".encode())
        seconds = time.perf_counter() - t
        skipped = dict(corpus.stats.skipped)
    finally:
        if cluster_client is not None:
            cluster_client.close()
    return {"seconds": seconds, "docs": docs, "chars": chars, "digest": h.hexdigest(),
            "skipped": skipped, **_peak()}  # fmt: skip


TASKS = {"bare": bare, "ours": ours}


def _run(task: str, args: dict, tmp: Path) -> dict:
    out = tmp / f"news-{task}-{time.monotonic_ns()}.json"
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), task, json.dumps(args), str(out)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"news {task} failed:\n" + "\n".join(proc.stderr.splitlines()[-6:]))
    return dict(json.loads(out.read_text("utf-8")), wall=time.perf_counter() - t)


ROW_KEYS = {"news": ("bare", "p1"), "news2": ("p1", "p2"), "newsdask": ("p2", "dask")}
SPECS = {
    "bare": ("bare", {}),
    "p1": ("ours", {"processes": 1}),
    "p2": ("ours", {"processes": 2}),
    "dask": ("ours", {"dask": True}),
}


class NewsRows:
    """The news measurements of one run, in interleaved rounds shared by the rows (memoised).

    A round runs each measurement the selected rows need once, each in a
    fresh process, the order rotating from round to round; a row is the
    median of its within-round ratios, so a busy minute on a shared machine
    hits both sides of a ratio instead of one.
    """

    def __init__(
        self,
        tmp: Path,
        pages: int = PAGES,
        files: int = FILES,
        repeat: int = 1,
        rows: set[str] | frozenset = frozenset(ROW_NAMES),
    ):
        self.tmp, self.pages, self.files, self.repeat = tmp, pages, files, max(1, repeat)
        self.keys = [k for k in SPECS if any(k in ROW_KEYS[r] for r in rows if r in ROW_KEYS)]
        self._paths: list[str] | None = None
        self.rounds: list[dict[str, dict]] = []
        self.results: dict[str, dict] = {}

    @property
    def paths(self) -> list[str]:
        if self._paths is None:
            t = time.perf_counter()
            self._paths = build(self.tmp / "warc", self.pages, self.files)
            mb = sum(Path(p).stat().st_size for p in self._paths) / 1e6
            print(f"  · news: built {self.pages:,} pages in {self.files} WARC files "
                  f"({mb:.1f} MB) in {time.perf_counter() - t:.0f} s", file=sys.stderr)  # fmt: skip
        return self._paths

    def _measure(self) -> None:
        if self.rounds:
            return
        for r in range(self.repeat):
            got = {}
            for key in self.keys[r % len(self.keys) :] + self.keys[: r % len(self.keys)]:
                task, args = SPECS[key]
                got[key] = _run(task, {"files": self.paths, **args}, self.tmp)
            self.rounds.append(got)
            shown = ", ".join(f"{k} {v['seconds']:.2f} s" for k, v in got.items())
            print(
                f"  · news round {r + 1}: {shown} (load {os.getloadavg()[0]:.2f})", file=sys.stderr
            )
        for key in self.keys:
            runs = [g[key] for g in self.rounds]
            self.results[key] = dict(
                min(runs, key=lambda x: x["seconds"]), runs=[x["seconds"] for x in runs]
            )

    def get(self, key: str) -> dict:
        """Measurement ``key``: the fastest of its rounds, with every round's time in ``runs``."""
        self._measure()
        return self.results[key]

    def ratio(self, num: str, den: str) -> tuple[float, str]:
        """Median over rounds of ``num`` seconds / ``den`` seconds, and a note with the spread."""
        self._measure()
        ratios = sorted(g[num]["seconds"] / g[den]["seconds"] for g in self.rounds)
        return statistics.median(ratios), (
            f"median of {len(ratios)} interleaved rounds "
            f"(range {ratios[0]:.2f}–{ratios[-1]:.2f}: {', '.join(f'{x:.2f}' for x in ratios)})"
        )


def rows_for(bench, which: str) -> None:
    """Add the row ``which`` to a ``bench/run.py`` Bench (``bench.add``)."""
    news = getattr(bench, "news", None)
    if news is None:
        rows = set(getattr(bench, "selected", ())) & set(ROW_NAMES) or {which}
        news = bench.news = NewsRows(bench.tmp, repeat=getattr(bench, "repeat", 1), rows=rows)
    for row in _rows(news, which):
        bench.add(*row)


def _rows(news: NewsRows, which: str) -> list[tuple]:
    if which == "news":
        bare_r, p1 = news.get("bare"), news.get("p1")
        ratio, note = news.ratio("bare", "p1")  # pages are the same: throughput ratio = time ratio
        return [(
            "WARC → corpus, 1 core: pages/s ours / bare warcio+trafilatura.extract",
            f"{p1['docs'] / p1['seconds']:.0f} pages/s ({p1['seconds']:.1f} s)",
            f"{bare_r['docs'] / bare_r['seconds']:.0f} pages/s ({bare_r['seconds']:.1f} s)",
            f"{ratio:.2f}", ">= 0.8", ratio >= 0.8,
            f"{note}; times are the fastest of each side; {news.pages:,} pages in "
            f"{news.files} files; ours {p1['docs']:,} docs, bare {bare_r['docs']:,}; ours also "
            f"reads metadata, printed dates and outlets inside its time (both sides import "
            f"warcio and trafilatura before it); "
            f"skipped {p1['skipped']}",
        )]  # fmt: skip
    if which == "news2":
        p1, p2 = news.get("p1"), news.get("p2")
        speed, note = news.ratio("p1", "p2")
        return [(
            "WARC → corpus: processes=2 speed-up over 1 core",
            f"{p2['seconds']:.1f} s", f"{p1['seconds']:.1f} s", f"{speed:.2f}", ">= 1.6",
            speed >= 1.6,
            f"{note}; same documents: {p1['digest'] == p2['digest']}; workers started "
            f"the {START} way (start-up and imports timed), one file per task; cores in use "
            f"(CPU s / wall s of the whole process): processes=2 {_cores(p2)}, 1 core {_cores(p1)}",
        )]  # fmt: skip
    if which == "newsdask":
        p2, dk = news.get("p2"), news.get("dask")
        same = dk["digest"] == p2["digest"] and dk["docs"] == p2["docs"]
        ratio, note = news.ratio("dask", "p2")
        return [(
            "WARC → corpus on Dask local_client(2): same documents as local",
            f"{dk['docs']:,} docs ({dk['seconds']:.1f} s)",
            f"{p2['docs']:,} docs ({p2['seconds']:.1f} s, processes=2)",
            f"{ratio:.2f}", "equal", same,
            f"ratio = Dask time / processes=2 time (information; {note}; cluster start-up "
            "not timed)",
        )]  # fmt: skip
    raise ValueError(which)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in TASKS:
        task, args, out = argv[0], json.loads(argv[1]), Path(argv[2])
        out.write_text(json.dumps(TASKS[task](args)), "utf-8")
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=PAGES)
    ap.add_argument("--files", type=int, default=FILES)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--rows", default=",".join(ROW_NAMES))
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="discourse-bench-news-") as tmp:
        selected = {w.strip() for w in a.rows.split(",")}
        news = NewsRows(Path(tmp), a.pages, a.files, a.repeat, rows=selected)
        rows = [r for which in a.rows.split(",") for r in _rows(news, which.strip())]
    bad = False
    for name, ours_s, ref, ratio, target, ok, note in rows:
        status = "PASS" if ok else "FAIL"
        bad |= not ok
        print(
            f"{name}\n    ours {ours_s} | reference {ref} | ratio {ratio} (target {target}) {status}\n    {note}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
