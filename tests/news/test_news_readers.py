"""read_html / read_warc on pages and archives built here (no network)."""

from __future__ import annotations

import re
from pathlib import Path

import news_fixtures as nf
import pytest

from discourse.corpus.news import duplicates, read_html, read_warc
from discourse.errors import ParameterError, ReaderError


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def precision_recall(extracted: str, truth: str) -> tuple[float, float]:
    from collections import Counter

    got, want = Counter(tokens(extracted)), Counter(tokens(truth))
    common = sum((got & want).values())
    return common / max(1, sum(got.values())), common / max(1, sum(want.values()))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    return folder, nf.news_site(folder)


def by_file(corpus):
    return {Path(d.meta["file"]).relative_to(corpus_root(d)).as_posix(): d for d in corpus}


def corpus_root(doc):
    p = Path(doc.meta["file"])
    return p.parent.parent


def test_main_text_precision_and_recall(site):
    folder, pages = site
    corpus = read_html(folder, outlets=nf.OUTLETS, bad_records="skip")
    docs = by_file(corpus)
    for name, spec in pages.items():
        p, r = precision_recall(docs[name].text, "\n".join(spec["paragraphs"]))
        assert p >= 0.9 and r >= 0.9, (name, p, r)
        assert docs[name].title == spec["title"]
    # no menu, cookie banner, related list or comments in any text
    for d in docs.values():
        for junk in ("cookies", "Related stories", "reader77", "Privacy policy"):
            assert junk not in d.text


def test_outlets_ids_dates_and_counts(site):
    folder, _ = site
    corpus = read_html(folder, outlets=nf.OUTLETS, language="en", bad_records="skip")
    docs = by_file(corpus)
    st = corpus.stats
    assert st.read == st.kept + st.n_skipped == 8
    assert st.skipped == {"other language": 1, "no main text": 1}
    assert any("lemonde" in w for w in st.examples["other language"])
    reuters = docs["reuters/xi-assad.html"]
    assert reuters.source == "Reuters" and reuters.meta["source_from"] == "outlets"
    assert reuters.id == "https://www.reuters.com/world/china/xi-assad-partnership-2023-09-22/"
    assert reuters.meta["published"] == "2023-09-22T09:31:00+00:00"
    assert docs["xinhua/talks.html"].source == "Xinhua"  # english.news.cn → news.cn
    assert docs["globaltimes/xi-assad.htm"].meta["published"] == "2023-09-22T20:43:00"
    assert docs["scmp/xi-assad.html"].meta["date_precision"] == "minute"
    seed = docs["unknown/seed.html"]
    assert seed.source == "dailyworldbrief.example.org" and seed.meta["source_from"] == "domain"
    assert "counterweight" in seed.text and "unilateral coercion" in seed.text
    broken = docs["broken/assad.html"]  # malformed HTML still extracted
    assert "Damascus" in broken.text and broken.id.endswith("assad.html")
    assert {d.date.isoformat() for d in docs.values() if d.date} == {"2023-09-22"}
    # without the map: site names
    plain = by_file(read_html(folder, language="en"))
    assert plain["globaltimes/xi-assad.htm"].source == "Global Times"
    assert plain["globaltimes/xi-assad.htm"].meta["source_from"] == "sitename"


def test_corpus_is_lazy_and_reiterable(site):
    folder, _ = site
    corpus = read_html(folder / "reuters", outlets=nf.OUTLETS)
    assert [d.id for d in corpus] == [d.id for d in corpus]
    assert read_html(str(folder / "*" / "*.htm")).stats.read == 1  # glob


def test_unreadable_page_raises_or_is_counted(tmp_path):
    nf.write(tmp_path / "ok.html", nf.page(nf.WIRE_PARAGRAPHS, title=nf.WIRE_TITLE))
    (tmp_path / "junk.html").write_bytes(b"")
    with pytest.raises(ReaderError, match="junk.html"):
        list(read_html(tmp_path))
    c = read_html(tmp_path, bad_records="skip")
    assert len(list(c)) == 1 and c.stats.skipped == {"unreadable HTML": 1}


def test_date_format(site):
    folder, _ = site
    c = read_html(folder / "xinhua", date_format="%H:%M, %d-%b-%Y")
    [d] = list(c)
    assert d.meta["published"] == "2023-09-22T23:17:00"
    with pytest.raises(ParameterError, match=r"first date found was '[^']+'") as err:
        list(read_html(folder / "reuters", date_format="%d/%m/%Y"))
    assert "2023-09-22T09:31:00.000Z" in str(err.value)
    with pytest.raises(ParameterError, match="date_format"):
        read_html(folder, date_format="dd/mm/yyyy")


def test_bad_options(site):
    folder, _ = site
    with pytest.raises(ParameterError, match="dedupe"):
        read_html(folder, dedupe="fuzzy")
    with pytest.raises(ParameterError, match="bad_records"):
        read_html(folder, bad_records="ignore")
    with pytest.raises(ParameterError, match="threshold"):
        read_html(folder, dedupe="near", threshold=1.5)
    with pytest.raises(ParameterError, match="no file"):
        read_html(folder / "missing")


def test_near_dedupe_on_pages(site):
    folder, _ = site
    corpus = read_html(folder, outlets=nf.OUTLETS, language="en", dedupe="near")
    kept = {d.source for d in corpus}
    assert corpus.stats.skipped["near duplicate"] == 2
    assert {"Xinhua", "dailyworldbrief.example.org"} <= kept  # distinct stories stay
    table = duplicates(corpus)
    assert list(table.columns[:6]) == ["story", "outlet", "date", "id", "kept", "copy_of"]
    assert table["story"].nunique() == 1 and table["kept"].sum() == 1
    assert set(table["outlet"]) == {"Reuters", "Global Times", "South China Morning Post"}
    kept_id = table.loc[table["kept"], "id"].item()
    assert (table.loc[~table["kept"], "copy_of"] == kept_id).all()
    # a fresh corpus on the same data finds its table with one pass
    again = read_html(folder, outlets=nf.OUTLETS, language="en", dedupe="near")
    assert duplicates(again).equals(table)
    assert again.duplicates().equals(table)  # the method; the function is kept
    assert again.filter(source="Xinhua").duplicates().equals(table)  # a view: its base's
    with pytest.raises(ParameterError, match="dedupe"):
        duplicates(read_html(folder, language="en"))


def test_exact_dedupe(tmp_path):
    text = nf.page(nf.STATE_PARAGRAPHS, title=nf.STATE_TITLE)
    nf.write(tmp_path / "a.html", text)
    nf.write(tmp_path / "b.html", text.replace("<p>President", "<p>  PRESIDENT"))
    c = read_html(tmp_path, dedupe=True)
    assert len(list(c)) == 1 and c.stats.skipped == {"duplicate text": 1}
    assert len(duplicates(c)) == 2


# -- WARC ---------------------------------------------------------------------------


def warc_records(folder):
    read = lambda p: (folder / p).read_bytes()  # noqa: E731
    return [
        {"type": "warcinfo"},
        {
            "url": "https://www.reuters.com/world/a",
            "body": read("reuters/xi-assad.html"),
            "encoding": "gzip",
        },
        {
            "url": "https://english.news.cn/b",
            "body": read("xinhua/talks.html"),
            "encoding": "chunked",
        },
        {"type": "metadata", "url": "https://english.news.cn/b"},
        {
            "url": "https://www.scmp.com/logo.png",
            "body": b"\x89PNG\r\n",
            "content_type": "image/png",
        },
        {
            "url": "https://www.scmp.com/gone",
            "body": b"<html>Not found</html>",
            "status": "404 Not Found",
        },
        {"url": "https://www.scmp.com/c", "body": read("scmp/xi-assad.html")},
        {"url": "https://www.lemonde.fr/d", "body": read("lemonde/assad.html")},
    ]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_records_and_counts(site, tmp_path, gz):
    folder, pages = site
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(nf.warc_bytes(warc_records(folder), gzip_records=gz))
    c = read_warc(path, outlets=nf.OUTLETS, language="en")
    docs = list(c)
    assert [d.source for d in docs] == ["Reuters", "Xinhua", "South China Morning Post"]
    assert docs[0].id == "https://www.reuters.com/world/a"
    assert docs[0].meta["canonical"].startswith("https://www.reuters.com/world/china/")
    p, r = precision_recall(docs[1].text, "\n".join(nf.STATE_PARAGRAPHS))
    assert p >= 0.9 and r >= 0.9
    st = c.stats
    # warcinfo + 6 requests + metadata; png; 404; French
    assert st.skipped == {"not a response": 8, "not HTML": 1, "HTTP status": 1, "other language": 1}
    assert st.read == st.kept + st.n_skipped == 14
    assert all(re.search(r"crawl\.warc(\.gz)?:\d+$", w) for ws in st.examples.values() for w in ws)


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc(site, tmp_path, gz):
    folder, _ = site
    data = nf.warc_bytes(warc_records(folder), gzip_records=gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) - 500])  # inside the last response
    seen = []
    with pytest.raises(ReaderError, match=r"cut\.warc(\.gz)?: truncated .* offset \d+"):
        for d in read_warc(path):
            seen.append(d.id)
    assert len(seen) == 3  # the records before it were read
    c = read_warc(path, bad_records="skip", outlets=nf.OUTLETS)
    assert [d.source for d in c] == ["Reuters", "Xinhua", "South China Morning Post"]
    assert c.stats.skipped["truncated WARC"] == 1
    assert c.stats.read == c.stats.kept + c.stats.n_skipped


@pytest.mark.slow
def test_dask_path_equals_local(site, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    folder, _ = site
    recs = warc_records(folder)
    for k in range(3):
        part = recs[k * 3 : k * 3 + 3] or recs[:2]
        (tmp_path / f"part{k}.warc.gz").write_bytes(nf.warc_bytes(part, gzip_records=True))
    data = nf.warc_bytes(recs, gzip_records=False)
    (tmp_path / "part9.warc").write_bytes(data[:-500])
    opts = dict(outlets=nf.OUTLETS, dedupe="near", bad_records="skip", language="en")
    local = read_warc(tmp_path, **opts)
    expected = list(local)
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = read_warc(tmp_path, client=client, **opts)
        got = list(remote)
    assert got == expected and len(got) >= 2
    assert remote.stats.as_dict() == local.stats.as_dict()
    assert local.stats.skipped["truncated WARC"] == 1 and local.stats.skipped["near duplicate"] >= 1


@pytest.mark.slow
def test_processes_equal_serial(site, tmp_path):
    folder, _ = site
    recs = warc_records(folder)
    for k in range(3):
        part = recs[k * 3 : k * 3 + 3] or recs[:2]
        (tmp_path / f"part{k}.warc.gz").write_bytes(nf.warc_bytes(part, gzip_records=True))
    data = nf.warc_bytes(recs, gzip_records=False)
    (tmp_path / "part9.warc").write_bytes(data[:-500])
    opts = dict(outlets=nf.OUTLETS, dedupe="near", bad_records="skip", language="en")
    serial = read_warc(tmp_path, **opts)
    expected = list(serial)
    parallel = read_warc(tmp_path, processes=2, **opts)
    assert list(parallel) == expected and len(expected) >= 2
    assert parallel.stats.as_dict() == serial.stats.as_dict()
    assert parallel.duplicates().equals(serial.duplicates())
    with pytest.raises(ParameterError, match="processes"):
        read_warc(tmp_path, processes=0)


def test_warc_workers_preload_only_what_extraction_imports():
    from discourse.corpus.news.records import NewsOptions
    from discourse.corpus.news.warc import warc_file_events, warc_worker_modules
    from discourse.parallel import processes

    opts = dict(outlets=None, dedupe=False, threshold=0.7, shingle=3, seed=1, date_format=None)
    plain = NewsOptions.build(language=None, bad_records="raise", **opts)
    english = NewsOptions.build(language="en", bad_records="raise", **opts)
    assert {"trafilatura", "warcio.archiveiterator"} <= set(warc_worker_modules(plain))
    assert "py3langid" not in warc_worker_modules(plain)  # detection only for language=
    assert "py3langid" in warc_worker_modules(english)
    mods = processes.task_modules(warc_file_events, None, warc_worker_modules(plain))
    assert mods[-1] == "discourse.corpus.news.warc"
    assert not {"gensim", "matplotlib", "dask", "dask.distributed"} & set(mods)


@pytest.mark.slow
def test_processes_from_a_thread_equal_serial(site, tmp_path):
    """read_warc(processes=2) run from a thread (as in a Jupyter kernel) reads the same corpus."""
    import threading

    folder, _ = site
    recs = warc_records(folder)
    for k in range(3):
        (tmp_path / f"part{k}.warc.gz").write_bytes(
            nf.warc_bytes(recs[k * 3 : k * 3 + 3] or recs[:2], gzip_records=True)
        )
    opts = dict(outlets=nf.OUTLETS, language="en")
    expected = list(read_warc(tmp_path, **opts))
    got: list = []
    t = threading.Thread(target=lambda: got.extend(read_warc(tmp_path, processes=2, **opts)))
    t.start()
    t.join(timeout=120)
    assert got == expected and len(expected) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("gz", [True, False])
def test_one_archive_on_processes_equals_serial(site, tmp_path, monkeypatch, gz):
    """Fewer files than two per worker: records read here, extracted in batches by workers."""
    from discourse.corpus.news import warc

    monkeypatch.setattr(warc, "RECORD_BATCH", 2)  # several batches from one small file
    folder, _ = site
    recs = warc_records(folder)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(nf.warc_bytes(recs + recs[:4], gzip_records=gz))  # copies: duplicate ids
    opts = dict(outlets=nf.OUTLETS, language="en", dedupe="near")
    serial = read_warc(path, **opts)
    expected = list(serial)
    parallel = read_warc(path, processes=2, **opts)
    assert list(parallel) == expected and len(expected) >= 2
    assert parallel.stats.as_dict() == serial.stats.as_dict()
    # a truncated archive: the same documents, then the same error
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = nf.warc_bytes(recs, gzip_records=gz)
    cut.write_bytes(data[: len(data) - 500])
    for processes in (1, 2):
        seen = []
        with pytest.raises(ReaderError, match=r"cut\.warc(\.gz)?: truncated .* offset \d+"):
            for d in read_warc(cut, processes=processes):
                seen.append(d.id)
        assert len(seen) == 3
    skip = read_warc(cut, bad_records="skip", processes=2)
    assert [d.id for d in skip] == [d.id for d in read_warc(cut, bad_records="skip")]
    assert skip.stats.skipped["truncated WARC"] == 1
