"""Loading the UN General Debate Corpus straight from its archive."""

from __future__ import annotations

import datetime as dt
import tarfile

import pytest
from dataverse_server import DataverseServer

from discourse import Corpus
from discourse.corpus.sources import default_table
from discourse.datasets import ungdc
from discourse.errors import ParameterError, ReaderError


@pytest.fixture
def archive(ungdc_folder):
    return ungdc_folder / "UNGDC_2019-2021.tgz"


def test_documents_from_synthetic_archive(archive, ungdc_synthetic, ungdc_cache):
    corpus = ungdc.load(archive)
    assert isinstance(corpus, Corpus)
    assert corpus.name == "ungdc"
    assert corpus.sources is default_table()
    docs = {d.id: d for d in corpus}
    assert set(docs) == ungdc_synthetic.kept
    usa = docs["USA_75_2020"]
    assert usa.source == "USA"
    assert usa.date == dt.date(2020, 1, 1)
    assert usa.title == "United States — Session 75 (2020)"
    assert usa.text == "Peace through strength — caf\u00e9.\n"  # not normalised
    assert usa.meta["date_precision"] == "year"
    assert usa.meta["session"] == 75 and usa.meta["year"] == 2020
    assert usa.meta["country"] == "United States"
    assert usa.meta["file"] == "TXT/Session 75 - 2020/USA_75_2020.txt"
    assert docs["EU_74_2019"].meta["country"] == "European Union"
    assert corpus.source_counts() == {"CHN": 2, "EU": 1, "SYR": 1, "USA": 3}


def test_counts_add_up_and_skips_are_named(archive, ungdc_cache):
    corpus = ungdc.load(archive)
    st = corpus.stats
    assert st.read == st.kept + st.n_skipped
    assert st.read == 10  # every file member; directories are not records
    assert st.kept == 7
    assert dict(st.skipped) == {"unrecognised file name": 2, "empty text": 1}
    assert "TXT/Session 76 - 2021/notes.txt" in st.examples["unrecognised file name"]
    assert "TXT/Session 76 - 2021/._USA_76_2021.txt" in st.examples["unrecognised file name"]
    assert st.examples["empty text"] == ["TXT/Session 75 - 2020/FRA_75_2020.txt"]
    assert st.replacements == 1
    syr = next(d for d in corpus if d.source == "SYR")
    assert "\ufffd" in syr.text


def test_reiterable_and_same_each_pass(archive, ungdc_cache):
    corpus = ungdc.load(archive)
    first = [(d.id, d.text) for d in corpus]
    assert [(d.id, d.text) for d in corpus] == first
    assert corpus.fingerprint == ungdc.load(archive).fingerprint


def test_years_and_countries_are_views_of_the_whole_archive(archive, ungdc_cache):
    corpus = ungdc.load(archive, years=(2020, 2021), countries=["usa", "CHN"])
    assert sorted(corpus.ids) == ["CHN_75_2020", "USA_75_2020", "USA_76_2021"]
    # reader counts describe the archive; the selection is a filter on top
    st = corpus.stats
    assert st.read == st.kept + st.n_skipped
    assert corpus.base is not corpus and len(corpus.base) == st.kept
    assert ungdc.load(archive, years=2019).source_counts() == {"CHN": 1, "EU": 1, "USA": 1}
    assert len(ungdc.load(archive, years=(None, 2019))) == 3
    assert len(ungdc.load(archive, countries="SYR")) == 1


def test_selections_share_the_origin_but_not_the_fingerprint(archive, ungdc_cache):
    a = ungdc.load(archive)
    b = ungdc.load(archive, years=(2020, 2020))
    c = ungdc.load(archive, countries=["USA"])
    assert a.origin == b.origin == c.origin
    assert str(archive.resolve()) in a.origin
    assert len({a.fingerprint, b.fingerprint, c.fingerprint}) == 3


def test_unknown_country_lists_known_codes(archive, ungdc_cache):
    with pytest.raises(ParameterError) as err:
        ungdc.load(archive, countries=["USA", "XXX"])
    assert "'XXX'" in str(err.value) and "known codes" in str(err.value)
    assert "'AFG'" in str(err.value)


@pytest.mark.parametrize(
    "years, match",
    [
        ((2021, 2019), "start is after end"),
        ("2020", "pair"),
        ((2020.5, 2021), "not an integer"),
        (True, "year"),
    ],
)
def test_bad_years(archive, ungdc_cache, years, match):
    with pytest.raises(ParameterError, match=match):
        ungdc.load(archive, years=years)


def test_speakers_joined(archive, ungdc_cache):
    docs = {d.id: d for d in ungdc.load(archive)}
    assert docs["USA_75_2020"].meta["speaker"] == "Mr. Donald Trump"
    assert docs["USA_75_2020"].meta["post"] == "President"
    assert docs["CHN_75_2020"].meta["speaker"] == "Mr. Xi Jinping"
    assert docs["CHN_74_2019"].meta["speaker"] == "Mr. Wang Yi"  # duplicate rows merged
    assert docs["CHN_74_2019"].meta["post"] == "Foreign Minister"
    assert "speaker" not in docs["USA_76_2021"].meta and "post" not in docs["USA_76_2021"].meta
    no_sp = {d.id: d for d in ungdc.load(archive, speakers=False)}
    assert "speaker" not in no_sp["USA_75_2020"].meta


def test_speakers_from_explicit_file(tmp_path, ungdc_synthetic, ungdc_cache):
    arch = ungdc_synthetic.write_archive(tmp_path / "a" / "UNGDC_2019-2021.tgz")
    assert "speaker" not in next(iter(ungdc.load(arch))).meta  # no xlsx next to it
    xlsx = ungdc_synthetic.write_speakers(
        tmp_path / "sp.xlsx",
        [
            ("Year", "Session", "ISO Code", "Name of Person Speaking", "Post"),
            (2021, 76, "USA", "Mr. Biden", "President"),
        ],
    )
    docs = {d.id: d for d in ungdc.load(arch, speakers=xlsx)}
    assert docs["USA_76_2021"].meta["speaker"] == "Mr. Biden"
    with pytest.raises(ParameterError, match="speakers="):
        ungdc.load(arch, speakers=tmp_path / "missing.xlsx")


def test_speakers_table_is_kept_in_the_cache(tmp_path, ungdc_synthetic, ungdc_cache, monkeypatch):
    import openpyxl

    xlsx = ungdc_synthetic.write_speakers(tmp_path / "sp.xlsx")
    first = ungdc.read_speakers(xlsx)
    assert first[("CHN", 74)] == ("Mr. Wang Yi", "Foreign Minister")
    assert len(list((ungdc_cache / "speakers").iterdir())) == 1
    ungdc._read_speakers.cache_clear()  # as in a new process: only the cache folder is left
    with monkeypatch.context() as m:
        m.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed again"))
        assert ungdc.read_speakers(xlsx) == first
    # another file's content is parsed, never served from the first file's entry
    header = ("Year", "Session", "ISO Code", "Name of Person Speaking", "Post")
    ungdc_synthetic.write_speakers(xlsx, [header, (2021, 76, "USA", "Mr. Biden", "President")])
    assert ungdc.read_speakers(xlsx) == {("USA", 76): ("Mr. Biden", "President")}
    assert len(list((ungdc_cache / "speakers").iterdir())) == 2


def test_read_speakers_needs_columns(tmp_path, ungdc_synthetic):
    bad = ungdc_synthetic.write_speakers(tmp_path / "bad.xlsx", [("a", "b"), (1, 2)])
    with pytest.raises(ReaderError, match="ISO Code"):
        ungdc.read_speakers(bad)
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(ReaderError, match="junk.xlsx"):
        ungdc.read_speakers(tmp_path / "junk.xlsx")


def test_speaker_aliases(tmp_path, ungdc_synthetic):
    xlsx = ungdc_synthetic.write_speakers(
        tmp_path / "sp.xlsx",
        [
            ("Year", "Session", "ISO Code", "Name of Person Speaking", "Post"),
            (1970, 25, "YDYE ", "Mr. X", None),
        ],
    )
    assert ungdc.read_speakers(xlsx) == {("YMD", 25): ("Mr. X", None)}


def test_folder_and_unpacked_tree(archive, ungdc_folder, tmp_path, ungdc_synthetic, ungdc_cache):
    from_archive = [(d.id, d.text, dict(d.meta)) for d in ungdc.load(archive, speakers=False)]
    from_folder = [(d.id, d.text, dict(d.meta)) for d in ungdc.load(ungdc_folder, speakers=False)]
    assert from_folder == from_archive
    tree = tmp_path / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    corpus = ungdc.load(tree, speakers=False)
    assert [(d.id, d.text, dict(d.meta)) for d in corpus] == from_archive
    assert corpus.stats.read == corpus.stats.kept + corpus.stats.n_skipped == 10
    assert [d.id for d in ungdc.load(tree / "TXT")] == [d[0] for d in from_archive]


def test_bad_paths(tmp_path, ungdc_cache):
    with pytest.raises(ParameterError, match="does not exist"):
        ungdc.load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParameterError, match="neither"):
        ungdc.load(tmp_path / "empty")
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(ParameterError, match="not a .tgz"):
        ungdc.load(tmp_path / "x.txt")


def test_damaged_archive_is_a_reader_error(tmp_path, archive, ungdc_cache):
    bad = tmp_path / "UNGDC_2019-2021.tgz"
    bad.write_bytes(archive.read_bytes()[:200])
    with pytest.raises(ReaderError, match="download it again"):
        list(ungdc.load(bad))


def test_no_data_and_no_download(ungdc_cache):
    with pytest.raises(ParameterError, match="download=False"):
        ungdc.load(download=False)


def test_resolution_mirror_then_cache_then_download(
    ungdc_folder, tmp_path, ungdc_cache, monkeypatch
):
    with DataverseServer(ungdc_folder) as srv:
        monkeypatch.setenv("DISCOURSE_MIRROR", str(ungdc_folder))
        assert str(ungdc_folder.resolve()) in ungdc.load(server=srv.url).origin
        assert sum(srv.downloads.values()) == 0
        monkeypatch.delenv("DISCOURSE_MIRROR")
        corpus = ungdc.load(server=srv.url)  # downloads into the cache
        assert len(corpus) == 7
        assert "speaker" in {k for d in corpus for k in d.meta}
        assert srv.downloads["UNGDC_2019-2021.tgz"] == 1
        ungdc.load(server=srv.url)  # found in the cache: no network
        assert srv.downloads["UNGDC_2019-2021.tgz"] == 1
    assert str(ungdc_cache) in corpus.origin


# -- the real corpus (read once for the module) -----------------------------------
@pytest.fixture(scope="module")
def real(shared_ungdc):
    corpus = ungdc.load(shared_ungdc)
    years, sources, n = set(), set(), 0
    usa_2020 = None
    for d in corpus:
        n += 1
        years.add(d.date.year)
        sources.add(d.source)
        if d.id == "USA_75_2020":
            usa_2020 = d
    return corpus, n, years, sources, usa_2020


@pytest.mark.shared
def test_real_corpus(real):
    corpus, n, years, sources, usa = real
    assert n == 10_760
    assert min(years) == 1946 and max(years) == 2023 and len(years) == 78
    assert len(sources) == 200
    st = corpus.stats
    assert st.read == st.kept + st.n_skipped
    assert st.kept == 10_760
    assert sources <= set(default_table())  # every code has a name and region
    assert all(default_table().region(s) for s in sources)
    assert usa.meta["speaker"] == "Mr. Donald Trump" and usa.meta["post"] == "President"
    assert usa.title == "United States — Session 75 (2020)"
    assert usa.text.startswith("It is my profound honor to address")
