"""Readers: JSON Lines, CSV/TSV, Parquet, text folders, ``read`` dispatch, bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from paths import BAD_INPUTS, SHARED_CORPORA

from discourse import read, read_csv, read_jsonl, read_parquet, read_text_folder
from discourse.errors import ParameterError, ReaderError

BAD = BAD_INPUTS
UNGDC_PATTERN = "{source}_{session}_{year}.txt"
SEED = SHARED_CORPORA / "seed-article.txt"

RECORDS = [
    {"id": "x1", "text": "External interference must stop.", "source": "xinhua", "date": "2023-09-22",
     "title": "Xi meets Assad", "lang": "en"},
    {"id": "b1", "text": "Assad breaks his isolation.", "source": "bbc", "date": "2023-09-21",
     "title": "Assad in China", "lang": "en"},
    {"id": "b2", "text": "   ", "source": "bbc", "date": "2023"},
    {"id": "r1", "text": "A counterweight to the U.S.-led order.", "source": "reuters", "date": "2023"},
]  # fmt: skip


def write_jsonl(path: Path, records, *, compress: bool = False) -> Path:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def check_counts(corpus) -> None:
    docs = list(corpus)
    st = corpus.stats
    assert st.read == st.kept + st.n_skipped
    assert st.kept == len(docs)


# -- JSON Lines ---------------------------------------------------------------------
@pytest.mark.parametrize("compress", [False, True])
def test_jsonl_reads_fields_dates_meta_and_skips_empty(tmp_path, compress):
    p = write_jsonl(tmp_path / ("news.jsonl.gz" if compress else "news.jsonl"), RECORDS,
                    compress=compress)  # fmt: skip
    c = read_jsonl(p)
    docs = list(c)
    assert [d.id for d in docs] == ["x1", "b1", "r1"]
    assert docs[0].source == "xinhua" and docs[0].date == dt.date(2023, 9, 22)
    assert docs[0].title == "Xi meets Assad" and dict(docs[0].meta) == {"lang": "en"}
    assert docs[2].date == dt.date(2023, 1, 1) and docs[2].meta["date_precision"] == "year"
    assert c.stats.read == 4 and c.stats.kept == 3
    assert dict(c.stats.skipped) == {"empty text": 1}
    assert c.stats.examples["empty text"] == [f"{p.name}:3"]
    assert c.name == "news"
    check_counts(c)


def test_jsonl_is_reiterable_and_lazy(tmp_path):
    p = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    c = read_jsonl(p)
    assert list(c) == list(c)
    p.write_text("")  # a lazy reader sees the file as it is when iterated
    assert list(c) == []


def test_origin_changes_with_file_and_options(tmp_path):
    p = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    o1 = read_jsonl(p).origin
    assert str(p.resolve()) in o1
    assert read_jsonl(p).origin == o1
    assert read_jsonl(p, dedupe=True).origin != o1
    assert read_jsonl(p, errors="replace").origin != o1
    write_jsonl(
        p, RECORDS + RECORDS[:1] + [{"id": "z", "text": "t", "source": "s", "date": "2020"}]
    )
    os.utime(p, ns=(1, 1))
    assert read_jsonl(p).origin != o1


def test_jsonl_field_names_meta_list_and_defaults(tmp_path):
    recs = [{"body": "Sovereignty first.", "outlet": "cgtn", "when": "2023-09-22", "k": 1, "x": 2}]
    p = write_jsonl(tmp_path / "b.jsonl", recs)
    (d,) = read_jsonl(p, text="body", source="outlet", date="when", meta=["k"])
    assert (d.text, d.source, d.date, dict(d.meta)) == (
        "Sovereignty first.", "cgtn", dt.date(2023, 9, 22), {"k": 1})  # fmt: skip
    assert d.id == "b:1"  # generated: <file stem>:<line>
    (d,) = read_jsonl(p, text="body", source=None, default_source="cgtn", date=None)
    assert d.source == "cgtn" and d.date is None
    (d,) = read_jsonl(p, text="body", source="nope", default_source="other", date="nope",
                      default_date="2020")  # fmt: skip
    assert d.source == "other" and d.date == dt.date(2020, 1, 1)


def test_dedupe_drops_exact_copies(tmp_path):
    recs = [
        {"text": "Wire copy.", "source": "afp", "date": "2023"},
        {"text": "Wire copy.", "source": "bbc", "date": "2023"},
        {"text": "Wire copy!", "source": "cnn", "date": "2023"},
    ]
    p = write_jsonl(tmp_path / "w.jsonl", recs)
    c = read_jsonl(p, dedupe=True)
    assert [d.source for d in c] == ["afp", "cnn"]
    assert dict(c.stats.skipped) == {"duplicate text": 1}
    assert c.stats.examples["duplicate text"] == ["w.jsonl:2"]
    check_counts(c)
    assert len(read_jsonl(p)) == 3


def test_duplicate_ids_are_listed_with_lines(tmp_path):
    recs = [{"id": f"d{i % 3}", "text": f"t{i}", "source": "s", "date": "2023"} for i in range(8)]
    p = write_jsonl(tmp_path / "dup.jsonl", recs)
    with pytest.raises(ReaderError) as e:
        list(read_jsonl(p))
    msg = str(e.value)
    assert "dup.jsonl" in msg and "'d0' at dup.jsonl:1 and dup.jsonl:4" in msg
    assert "'d1' at dup.jsonl:2 and dup.jsonl:5" in msg and "dedupe=True" in msg


def test_cp1252_needs_encoding_and_replace_counts(tmp_path):
    p = tmp_path / "win.jsonl"
    line = '{"text": "caf\u00e9 \u2014 na\u00efve", "source": "lemonde", "date": "2023"}\n'
    p.write_bytes(b'{"text": "plain", "source": "a", "date": "2023"}\n' + line.encode("cp1252"))
    with pytest.raises(ReaderError) as e:
        list(read_jsonl(p))
    msg = str(e.value)
    offset = len(b'{"text": "plain", "source": "a", "date": "2023"}\n') + len(b'{"text": "caf')
    assert "win.jsonl line 2" in msg and "column 14" in msg and f"byte offset {offset}" in msg
    assert "encoding='cp1252'" in msg and "errors='replace'" in msg
    docs = list(read_jsonl(p, encoding="cp1252"))
    assert docs[1].text == "caf\u00e9 \u2014 na\u00efve"
    c = read_jsonl(p, errors="replace")
    assert c.ids and c.stats.replacements == 3
    assert list(c)[1].text == "caf\ufffd \ufffd na\ufffdve"


def test_utf16_is_readable_with_encoding(tmp_path):
    p = tmp_path / "u16.jsonl"
    p.write_bytes('{"text": "\u00e9t\u00e9", "source": "a", "date": "2023"}\r\n'.encode("utf-16"))
    with pytest.raises(ReaderError, match="encoding='utf-16'"):
        list(read_jsonl(p))
    (d,) = read_jsonl(p, encoding="utf-16")
    assert d.text == "\u00e9t\u00e9"


def test_bom_is_removed():
    (d,) = read_jsonl(BAD / "bom.jsonl")
    assert d.id == "a" and d.text == "with a BOM"


def test_nul_bytes_strict_error_replace_strips():
    with pytest.raises(ReaderError) as e:
        list(read_jsonl(BAD / "nul-bytes.jsonl"))
    assert "nul-bytes.jsonl line 2" in str(e.value) and "NUL" in str(e.value)
    c = read_jsonl(BAD / "nul-bytes.jsonl", errors="replace")
    assert [d.text for d in c] == ["ok", "nulhere"] and c.stats.replacements == 1


def test_lone_surrogates_replaced_and_counted():
    c = read_jsonl(BAD / "lone-surrogate.jsonl")
    a, b = list(c)
    assert a.text == "half \ufffd a pair" and a.title == "t \ufffd"
    assert b.text == "a real pair \U0001f600"
    assert c.stats.replacements == 2
    a.text.encode("utf-8")  # would raise on a surrogate


def test_malformed_json_names_line_and_column(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "a", "source": "s", "date": "2023"}\n\n{"text": "b" "source": 1}\n')
    with pytest.raises(ReaderError) as e:
        list(read_jsonl(p))
    assert "bad.jsonl line 3" in str(e.value) and "column 14" in str(e.value)
    assert "invalid JSON" in str(e.value)


def test_json_array_file_gets_a_hint(tmp_path):
    p = tmp_path / "arr.json"
    p.write_text('[{"text": "a"},\n {"text": "b"}]\n')
    with pytest.raises(ReaderError, match="JSON array"):
        list(read(p))


def test_not_an_object():
    c = read_jsonl(BAD / "not-object.jsonl")
    with pytest.raises(ReaderError) as e:
        list(c)
    assert "not-object.jsonl line 2" in str(e.value) and "array" in str(e.value)


def test_bad_dates_name_line_and_value():
    with pytest.raises(ReaderError) as e:
        list(read_jsonl(BAD / "bad-dates.jsonl"))
    msg = str(e.value)
    assert "bad-dates.jsonl line 2" in msg and "'2023-13-45'" in msg and "'date'" in msg


@pytest.mark.parametrize(
    ("record", "needle"),
    [
        ({"body": "x", "source": "s", "date": "2023"}, "no field 'text'"),
        ({"text": "x", "date": "2023"}, "'source'"),
        ({"text": "x", "source": "", "date": "2023"}, "'source'"),
        ({"text": "x", "source": "s"}, "'date'"),
        ({"text": "x", "source": "s", "date": None}, "'date'"),
        ({"text": 42, "source": "s", "date": "2023"}, "not a string"),
        ({"text": "x", "source": ["a"], "date": "2023"}, "'source' is a list"),
    ],
)
def test_missing_and_wrong_fields_name_field_and_record(tmp_path, record, needle):
    ok = {"text": "fine", "source": "s", "date": "2023"}
    p = write_jsonl(tmp_path / "f.jsonl", [ok, record])
    with pytest.raises(ReaderError) as e:
        list(read_jsonl(p))
    assert "f.jsonl line 2" in str(e.value) and needle in str(e.value)


def test_empty_file_is_an_empty_corpus():
    c = read_jsonl(BAD / "empty.jsonl")
    assert list(c) == [] and c.stats.read == 0


def test_truncated_gzip_and_random_bytes():
    with pytest.raises(ReaderError, match="truncated or corrupt gzip"):
        list(read_jsonl(BAD / "truncated.jsonl.gz"))
    with pytest.raises(ReaderError, match="random.jsonl"):
        list(read_jsonl(BAD / "random.jsonl"))


def test_missing_file_and_bad_options(tmp_path):
    with pytest.raises(ReaderError, match="no such file"):
        read_jsonl(tmp_path / "nope.jsonl")
    p = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    with pytest.raises(ParameterError, match="errors="):
        read_jsonl(p, errors="ignore")
    with pytest.raises(ParameterError, match="encoding="):
        read_jsonl(p, encoding="no-such-codec")
    with pytest.raises(ParameterError, match="default_date="):
        read_jsonl(p, default_date="not a date at all")
    with pytest.raises(TypeError):
        read_jsonl(p, txt="body")  # misspelt option


def test_ten_mb_single_line_bounded_memory(tmp_path):
    import tracemalloc

    text = "word " * 2_000_000  # 10 MB
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"text": text, "source": "s", "date": "2023"}) + "\n")
    c = read_jsonl(p)
    tracemalloc.start()
    try:
        n = sum(len(d.text) for d in c)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == len(text)
    assert peak < 80 * 2**20  # a few copies of the 10 MB line, not more


# -- CSV / TSV ----------------------------------------------------------------------
def test_csv_embedded_newlines_and_line_numbers(tmp_path):
    p = tmp_path / "news.csv"
    p.write_text(
        'id,source,date,text,section\n'
        'a,bbc,2023-09-22,"Line one\nline two, with comma",world\n'
        'b,bbc,2023-09-22,,world\n'
        'c,cnn,2023-09-23,"He said ""no"".",\n',
        newline="",
    )  # fmt: skip
    c = read_csv(p)
    docs = list(c)
    assert [d.id for d in docs] == ["a", "c"]
    assert docs[0].text == "Line one\nline two, with comma" and dict(docs[0].meta) == {
        "section": "world"
    }
    assert docs[1].text == 'He said "no".' and dict(docs[1].meta) == {}
    assert c.stats.examples["empty text"] == ["news.csv:4"]  # line where row b starts
    check_counts(c)


@pytest.mark.parametrize("name", ["crlf.csv", "cr-only.csv"])
def test_csv_line_ends(name):
    docs = list(read_csv(BAD / name))
    assert [d.id for d in docs] == ["1", "2"]
    assert docs[0].text.splitlines() == [docs[0].text.splitlines()[0], docs[0].text.splitlines()[1]]
    assert docs[1].text == "plain"


def test_csv_ragged_row_names_line():
    with pytest.raises(ReaderError) as e:
        list(read_csv(BAD / "ragged.csv"))
    assert "ragged.csv line 3" in str(e.value) and "5 fields" in str(e.value)


def test_csv_mixed_encoding():
    with pytest.raises(ReaderError) as e:
        list(read_csv(BAD / "mixed-encoding.csv"))
    assert "mixed-encoding.csv line 3" in str(e.value) and "byte offset" in str(e.value)
    c = read_csv(BAD / "mixed-encoding.csv", errors="replace")
    assert [d.text for d in c][0] == "café in UTF-8" and c.stats.replacements == 2


def test_csv_missing_columns_reported_at_call(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("body,outlet\nhello,bbc\n")
    with pytest.raises(ReaderError, match="no column 'text'"):
        read_csv(p)
    with pytest.raises(ReaderError, match="no column 'date'"):
        read_csv(p, text="body", source="outlet", date="date")  # named: must exist
    c = read_csv(p, text="body", source="outlet")  # not named: optional, noted
    (d,) = c
    assert d.date is None and c.stats.notes["no 'date' field: no dates"] == 1
    (d,) = read_csv(p, text="body", source="outlet", date=None)
    assert (d.text, d.source, d.id) == ("hello", "bbc", "m:2")
    h = tmp_path / "h.csv"
    h.write_text("text,text\na,b\n")
    with pytest.raises(ReaderError, match="repeats column names"):
        read_csv(h)


def test_tsv_gz_and_dispatch(tmp_path):
    p = tmp_path / "t.tsv.gz"
    p.write_bytes(gzip.compress(b"source\tdate\ttext\nbbc\t2023-09\tIsolation, ends.\n"))
    (d,) = read(p)
    assert (d.source, d.date, d.text) == ("bbc", dt.date(2023, 9, 1), "Isolation, ends.")
    assert d.meta["date_precision"] == "month"


def test_csv_ten_mb_field(tmp_path):
    p = tmp_path / "big.csv"
    p.write_text('text,source,date\n"' + "a, b\n" * 2_000_000 + '",s,2023\n')
    (d,) = read_csv(p)
    assert len(d.text) == 10_000_000


# -- Parquet ------------------------------------------------------------------------
def test_parquet_streams_batches(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 700
    table = pa.table({
        "text": [f"doc {i}" if i % 100 else "" for i in range(n)],
        "source": ["bbc", "xinhua"] * (n // 2),
        "date": [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(n)],
        "score": list(range(n)),
    })  # fmt: skip
    p = tmp_path / "news.parquet"
    pq.write_table(table, p, row_group_size=200)
    c = read_parquet(p)
    docs = list(c)
    assert len(docs) == 693 and c.stats.skipped["empty text"] == 7
    assert docs[0].id == "news:2" and docs[0].date == dt.date(2020, 1, 2)
    assert dict(docs[0].meta) == {"score": 1}
    assert list(c) == docs
    check_counts(c)
    assert [d.id for d in read_parquet(p, meta=[])][:1] == ["news:2"]
    with pytest.raises(ReaderError, match="no column 'body'"):
        read_parquet(p, text="body")


def test_parquet_damaged(tmp_path):
    p = tmp_path / "bad.parquet"
    p.write_bytes(b"PAR1" + os.urandom(100))
    with pytest.raises(ReaderError, match="bad.parquet"):
        read_parquet(p)


# -- text folders -------------------------------------------------------------------
def test_text_folder_pattern_sidecar_and_skips(tmp_path):
    root = tmp_path / "speeches"
    (root / "2020").mkdir(parents=True)
    (root / "CHN_74_2019.txt").write_text("Non-interference.")
    (root / "SYR_74_2019.txt.gz").write_bytes(gzip.compress(b"Isolation is unjust."))
    (root / "2020" / "USA_75_2020.txt").write_text("Freedom.")
    (root / "2020" / "FRA_75_2020.txt").write_text("  \n")
    (root / "notes.txt").write_text("not a speech")
    (root / "._CHN_74_2019.txt").write_bytes(b"\x00\x05")
    (root / "readme.md").write_text("ignored")
    side = tmp_path / "side.csv"
    side.write_text(
        "file,title,speaker\nCHN_74_2019.txt,China at the UN,Wang Yi\n2020/USA_75_2020.txt,,Trump\n"
    )
    c = read_text_folder(root, sidecar=side, pattern=UNGDC_PATTERN)
    docs = {d.id: d for d in c}
    assert set(docs) == {"CHN_74_2019", "SYR_74_2019", "2020/USA_75_2020"}
    chn = docs["CHN_74_2019"]
    assert (chn.source, chn.date, chn.title) == ("CHN", dt.date(2019, 1, 1), "China at the UN")
    assert chn.meta["session"] == "74" and chn.meta["speaker"] == "Wang Yi"
    assert chn.meta["file"] == "CHN_74_2019.txt"
    assert docs["2020/USA_75_2020"].meta["speaker"] == "Trump"
    assert docs["SYR_74_2019"].text == "Isolation is unjust."
    assert dict(c.stats.skipped) == {
        "hidden file": 1, "empty text": 1, "file name does not match pattern": 1}  # fmt: skip
    check_counts(c)
    assert len(read_text_folder(root, recursive=False, pattern=UNGDC_PATTERN)) == 2


def test_text_folder_constant_source_and_seed_article(tmp_path):
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (needs ../shared/corpora)")
    root = tmp_path / "news"
    root.mkdir()
    shutil.copy(SEED, root / "seed-article.txt")
    try:
        (root / "link.txt").symlink_to(SEED)
    except OSError:
        pass
    c = read_text_folder(root, pattern=None, source="news-outlet")
    docs = list(c)
    assert {d.source for d in docs} == {"news-outlet"} and docs[-1].id == "seed-article"
    assert "China and Syria" in docs[-1].text and docs[-1].date is None
    (one,) = read(root / "seed-article.txt", source="news-outlet")
    assert one.text == docs[-1].text
    with pytest.raises(ReaderError, match="source='label'"):
        list(read_text_folder(root, pattern=None))


def test_text_folder_pattern_errors(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(ReaderError, match="none of the 1 .txt files matches"):
        read_text_folder(tmp_path, pattern=UNGDC_PATTERN)
    with pytest.raises(ParameterError, match="not a valid placeholder"):
        read_text_folder(tmp_path, pattern="{so urce}.txt")
    (d,) = read_text_folder(tmp_path, pattern="{title}", source="blog")
    assert (d.title, d.source, d.id) == ("a", "blog", "a")


def test_text_folder_strict_decode_names_file(tmp_path):
    (tmp_path / "w_2020.txt").write_bytes("line one\ncaf\u00e9".encode("cp1252"))
    with pytest.raises(ReaderError) as e:
        list(read_text_folder(tmp_path, pattern="{source}_{year}.txt"))
    assert "w_2020.txt line 2" in str(e.value) and "byte offset 12" in str(e.value)
    (d,) = read_text_folder(tmp_path, pattern="{source}_{year}.txt", encoding="cp1252")
    assert d.text.endswith("caf\u00e9") and d.source == "w" and d.year == 2020


def test_read_dispatch_errors(tmp_path):
    p = tmp_path / "x.xml"
    p.write_text("<a/>")
    with pytest.raises(ParameterError, match="extension .xml"):
        read(p)
    q = write_jsonl(tmp_path / "a.ndjson", RECORDS)
    with pytest.raises(ParameterError, match="unknown option"):
        read(q, delimiter=",")
    assert len(read(q, text="text", source="source")) == 3
    with pytest.raises(ParameterError, match="names a field"):
        read(tmp_path, text="body")
