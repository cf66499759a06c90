"""Issue 17 wiring in the field readers: optional fields, news dates, bad records, near dedupe,
``read()`` dispatch to the news readers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import news_fixtures as nf
import pytest

import discourse as dc
from discourse import read, read_csv, read_jsonl, read_parquet, read_text_folder
from discourse.errors import ParameterError, ReaderError

# dates as outlets print them, and what Document.date / meta["published"] must be
PRINTED = [
    ("Updated: 2022-03-07 17:49", dt.date(2022, 3, 7), "2022-03-07T17:49:00"),
    ("Published: Jul 13, 2022 08:43 PM", dt.date(2022, 7, 13), "2022-07-13T20:43:00"),
    ("23:17, 13-Jun-2022", dt.date(2022, 6, 13), "2022-06-13T23:17:00"),
    ("2022-07-31T13:18:51.000Z", dt.date(2022, 7, 31), "2022-07-31T13:18:51+00:00"),
    ("Tue, 12 Jul 2022 20:43:00 +0000", dt.date(2022, 7, 12), "2022-07-12T20:43:00+00:00"),
    ("2023-09-22", dt.date(2023, 9, 22), None),
    ("2023", dt.date(2023, 1, 1), None),
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_jsonl(path: Path, lines: list) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8"
    )
    return path


def test_csv_of_news_rows_with_printed_dates(tmp_path):
    rows = [[f"n{i}", "outlet", printed, f"Story number {i} text."] for i, (printed, _, _) in
            enumerate(PRINTED)]  # fmt: skip
    p = write_csv(tmp_path / "news.csv", ["id", "source", "date", "text"], rows)
    docs = list(read_csv(p))
    for d, (printed, date, stamp) in zip(docs, PRINTED, strict=True):
        assert d.date == date, printed
        assert d.meta.get("published") == stamp, printed
    assert docs[-1].meta["date_precision"] == "year"  # as before


def test_date_format_one_or_several_and_errors_name_the_first_value(tmp_path):
    p = write_csv(tmp_path / "d.csv", ["source", "date", "text"],
                  [["a", "13/06/2022", "one"], ["b", "June 14, 2022", "two"]])  # fmt: skip
    with pytest.raises(ReaderError, match=r"d.csv line 3: .*'June 14, 2022' matches none"):
        list(read_csv(p, date_format="%d/%m/%Y"))
    docs = list(read_csv(p, date_format=["%d/%m/%Y", "%B %d, %Y"]))
    assert [d.date for d in docs] == [dt.date(2022, 6, 13), dt.date(2022, 6, 14)]
    with pytest.raises(ReaderError, match=r"line 2: field 'date' = '13/06/2022' matches none"):
        list(read_csv(p, date_format="%Y.%m.%d"))
    # skipping every record would hide a wrong pattern: the pass ends in an error naming it
    with pytest.raises(ParameterError, match=r"matched no date .* first date was '13/06/2022'"):
        list(read_csv(p, date_format="%Y.%m.%d", bad_records="skip"))
    with pytest.raises(ParameterError, match="date_format"):
        read_csv(p, date_format="dd/mm/yyyy")


def test_jsonl_without_a_date_field_has_no_dates_and_says_so(tmp_path):
    p = write_jsonl(tmp_path / "nodate.jsonl", [{"text": "a b", "source": "x"},
                                                {"text": "c d", "source": "y"}])  # fmt: skip
    c = read_jsonl(p)
    docs = list(c)
    assert [d.date for d in docs] == [None, None] and [d.id for d in docs] == [
        "nodate:1",
        "nodate:2",
    ]
    assert c.stats.notes["no 'date' field: no dates"] == 2
    assert c.stats.as_dict()["notes"]["no 'id' field: ids are <file>:<line>"] == 2
    with pytest.raises(ReaderError, match="'date'"):  # a field the user names must exist
        list(read_jsonl(p, date="date"))
    with pytest.raises(ReaderError, match="'published'"):
        list(read_jsonl(p, date="published"))
    # a file that has dates: a record without one is still an error
    q = write_jsonl(tmp_path / "some.jsonl", [{"text": "a", "source": "x", "date": "2020"},
                                              {"text": "b", "source": "x"}])  # fmt: skip
    with pytest.raises(ReaderError, match="some.jsonl line 2"):
        list(read_jsonl(q))


def test_parquet_without_title_or_id_columns(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    p = tmp_path / "t.parquet"
    pq.write_table(pa.table({"text": ["one", "two"], "source": ["a", "b"]}), p)
    c = read_parquet(p)
    assert [d.date for d in c] == [None, None]
    assert c.stats.notes["no 'date' field: no dates"] == 2
    with pytest.raises(ReaderError, match="no column 'date'"):
        read_parquet(p, date="date")


BAD_LINES = [
    {"text": "fine one", "source": "a", "date": "2023-01-01"},
    '{"text": "broken", "source": ',  # malformed JSON
    "[1, 2]",  # not an object
    {"text": 42, "source": "a", "date": "2023"},  # text not a string
    {"text": "no source", "date": "2023"},
    {"text": "bad date", "source": "a", "date": "2023-13-45"},
    {"text": "list source", "source": ["a"], "date": "2023"},
    {"id": "dup", "text": "first", "source": "a", "date": "2023"},
    {"id": "dup", "text": "second", "source": "a", "date": "2023"},
    {"text": "fine two", "source": "b", "date": "Published: Jul 13, 2022 08:43 PM"},
]


def test_bad_records_skip_counts_reasons_with_examples(tmp_path):
    p = write_jsonl(tmp_path / "bad.jsonl", BAD_LINES)
    with pytest.raises(ReaderError, match=r"bad.jsonl line 2: invalid JSON"):  # today's error
        list(read_jsonl(p))
    c = read_jsonl(p, bad_records="skip")
    docs = list(c)
    assert [d.text for d in docs] == ["fine one", "first", "fine two"]
    st = c.stats
    assert st.read == len(BAD_LINES) == st.kept + st.n_skipped
    assert dict(st.skipped) == {
        "malformed JSON": 1, "not a JSON object": 1, "text is not a string": 1,
        "missing source": 1, "unparseable date": 1, "field is not a string or number": 1,
        "duplicate id": 1,
    }  # fmt: skip
    assert st.examples["malformed JSON"] == ["bad.jsonl:2"]
    assert st.examples["unparseable date"] == ["bad.jsonl:6"]
    assert st.examples["duplicate id"] == ["bad.jsonl:9"]


def test_reader_counts_belong_to_the_file_read_not_to_its_documents(tmp_path, monkeypatch):
    # a.csv has a bad row skipped; b.csv is a.csv without it: the same documents, one token
    # store, but b.csv's counts must not say a row of a.csv was skipped
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    rows = ["id,source,date,text", "1,A,2020-01-01,peace now", "3,B,2021-02-02,war later"]
    (tmp_path / "a.csv").write_text("\n".join([*rows[:2], "2,B,2020-13-45,bad", rows[2]]))
    (tmp_path / "b.csv").write_text("\n".join(rows))
    a = read_csv(tmp_path / "a.csv", bad_records="skip")
    dc.tokens(a)
    b = read_csv(tmp_path / "b.csv")
    assert b.fingerprint == a.fingerprint
    for fresh in (read_csv(tmp_path / "b.csv"), read_csv(tmp_path / "b.csv")):
        st = fresh.info()["reader"]
        assert (st["read"], st["kept"], st["skipped"]) == (2, 2, {})
    st = read_csv(tmp_path / "a.csv", bad_records="skip").info()["reader"]
    assert st["skipped"] == {"unparseable date": 1} and st["skipped_examples"] == {
        "unparseable date": ["a.csv:3"]
    }


def test_bad_records_skip_in_csv_and_text_folder(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("source,date,text\na,2023,ok\nb,2023,too,many\nc,,no date\n", "utf-8")
    with pytest.raises(ReaderError, match="line 3: the row has 4 fields"):
        list(read_csv(p))
    c = read_csv(p, bad_records="skip")
    assert [d.source for d in c] == ["a"]
    assert dict(c.stats.skipped) == {"malformed CSV row": 1, "missing date": 1}
    assert c.stats.examples["malformed CSV row"] == ["r.csv:3"]
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "loose.txt").write_text("no source for me", "utf-8")
    (tmp_path / "txt" / "bbc").mkdir()
    (tmp_path / "txt" / "bbc" / "a.txt").write_text("Assad visits China.", "utf-8")
    with pytest.raises(ReaderError, match="source='label'"):
        list(read_text_folder(tmp_path / "txt"))
    t = read_text_folder(tmp_path / "txt", bad_records="skip")
    assert [(d.id, d.source) for d in t] == [("bbc/a", "bbc")]  # the sub-folder's name
    assert dict(t.stats.skipped) == {"missing source": 1}
    assert [d.source for d in read_text_folder(tmp_path / "txt", source="blog")] == ["blog"] * 2


def wire_rows():
    """The wire story as four outlets ran it, a distinct story, and filler."""
    wire = "\n\n".join(nf.WIRE_PARAGRAPHS)
    rows = [
        ["reuters", "2023-09-22T09:31:00Z", wire],
        ["globaltimes", "Published: Sep 22, 2023 08:43 PM",
         "\n\n".join(nf.edit_wire(nf.WIRE_PARAGRAPHS, "globaltimes"))],
        ["xinhua", "23:17, 22-Sep-2023", "\n\n".join(nf.STATE_PARAGRAPHS)],
        ["scmp", "Updated: 2023-09-22 17:49", "\n\n".join(nf.edit_wire(nf.WIRE_PARAGRAPHS, "scmp"))],
        ["reuters", "2023-09-23", "By Wire desk\n\n" + wire],  # same source, a new byline
    ]  # fmt: skip
    rows += [["filler", "2023-09-24", "\n\n".join(p)] for p in nf.filler_articles(5)]
    return rows


def test_near_dedupe_in_read_csv_within_and_across_sources(tmp_path):
    p = write_csv(tmp_path / "wire.csv", ["source", "date", "text"], wire_rows())
    c = read_csv(p, dedupe="near")
    docs = list(c)
    assert [d.source for d in docs] == ["reuters", "xinhua"] + ["filler"] * 5
    assert c.stats.skipped == {"near duplicate": 3}
    table = c.duplicates()
    assert list(table.columns[:6]) == ["story", "outlet", "date", "id", "kept", "copy_of"]
    assert table["story"].nunique() == 1 and table["kept"].sum() == 1
    assert set(table["outlet"]) == {"reuters", "globaltimes", "scmp"}
    assert (table.loc[~table["kept"], "copy_of"] == "wire:2").all()
    copies = table.loc[~table["kept"]]  # where = the line the row starts on (texts span lines)
    assert copies["where"].tolist() == [f"wire.csv:{i.split(':')[1]}" for i in copies["id"]]
    assert table["jaccard"].between(0.7, 1.0).all()
    # a fresh corpus on the same data finds the same clusters (one pass), and a view its base's
    again = read_csv(p, dedupe="near").filter(source="xinhua")
    assert again.duplicates().equals(table)
    # exact dedupe keeps its meaning, and records its clusters too
    exact = read_csv(p, dedupe=True)
    assert len(exact) == 10 and exact.duplicates().empty
    with pytest.raises(ParameterError, match="dedupe"):
        read_csv(p).duplicates()
    with pytest.raises(ParameterError, match="dedupe"):
        read_csv(p, dedupe="fuzzy")
    with pytest.raises(ParameterError, match="threshold"):
        read_csv(p, dedupe="near", threshold=1.2)


def test_origin_of_a_plain_read_is_unchanged_by_the_new_options(tmp_path):
    p = write_csv(tmp_path / "o.csv", ["source", "date", "text"], [["a", "2023", "t"]])
    o = read_csv(p).origin
    assert "date_format" not in o and "bad_records" not in o and "threshold" not in o
    assert read_csv(p, bad_records="skip").origin != o
    assert read_csv(p, dedupe="near").origin != read_csv(p, dedupe="near", threshold=0.8).origin


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    nf.news_site(folder)
    return folder


def test_read_dispatches_html_and_warc(site, tmp_path):
    page = read(site / "reuters" / "xi-assad.html", outlets=nf.OUTLETS)
    assert [d.source for d in page] == ["Reuters"]
    folder = read(site, bad_records="skip", language="en")
    assert folder.stats.skipped == {"other language": 1, "no main text": 1}
    w = tmp_path / "w"
    w.mkdir()
    body = (site / "xinhua" / "talks.html").read_bytes()
    data = nf.warc_bytes([{"url": "https://english.news.cn/b", "body": body}], gzip_records=True)
    (w / "a.warc.gz").write_bytes(data)
    assert [d.source for d in read(w / "a.warc.gz", outlets=nf.OUTLETS)] == ["Xinhua"]
    assert [d.source for d in read(w, outlets=nf.OUTLETS)] == ["Xinhua"]  # a folder of WARCs
    # the field options a CLI passes at their defaults are accepted; others refused
    assert len(read(w, text="text", source="source", encoding="utf-8")) == 1
    with pytest.raises(ParameterError, match="names a field"):
        read(w, text="body")
    (w / "page.html").write_bytes(body)
    with pytest.raises(ParameterError, match=r"mixes kinds of files: html .*warc"):
        read(w)
    assert dc.read_html is dc.corpus.news.read_html and dc.read_warc is dc.corpus.news.read_warc
    assert {"read_html", "read_warc"} <= set(dc.__all__)
