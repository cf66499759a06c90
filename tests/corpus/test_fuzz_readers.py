"""Reader fuzzing: any bytes on disk either load with counts that add up or raise ReaderError.

Hypothesis generates random bytes, JSON-Lines-ish and CSV-ish files (valid and broken),
several encodings with NULs and BOMs, CR/CRLF line ends, gzip (whole or truncated) and
dates in many formats. The hand-made files in ``tests/bad_inputs/`` are checked the same
way, each against its documented behaviour.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import BAD_INPUTS

from discourse import Document, read, read_csv, read_jsonl, read_parquet, read_text_folder
from discourse.errors import ReaderError

BAD = BAD_INPUTS

FUZZ = settings(
    max_examples=60,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def load_or_reader_error(reader, path, **options):
    """Load fully; check the invariants. ReaderError is allowed, anything else fails the test."""
    try:
        corpus = reader(path, **options)
        docs = list(corpus)
    except ReaderError as exc:
        assert str(exc)  # a message, naming something
        return None
    stats = corpus.stats
    assert stats.read == stats.kept + stats.n_skipped
    assert stats.kept == len(docs)
    assert len({d.id for d in docs}) == len(docs)
    for d in docs:
        assert isinstance(d, Document)
        assert isinstance(d.source, str) and d.source
        assert d.text.strip()
        assert d.date is None or isinstance(d.date, dt.date)
        d.text.encode("utf-8")  # no lone surrogates reach the documents
        d.title.encode("utf-8")
    assert list(corpus) == docs  # re-iterable, same documents
    return docs


# -- strategies ----------------------------------------------------------------------
DATES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates(min_value=dt.date(1000, 1, 1)).map(lambda d: d.strftime("%d %B %Y")),
    st.dates(min_value=dt.date(1000, 1, 1)).map(lambda d: d.strftime("%m/%d/%Y")),
    st.datetimes().map(lambda d: d.isoformat()),
    st.integers(min_value=-5, max_value=12000),
    st.integers(min_value=1000, max_value=2100).map(str),
    st.builds("{}-{}".format, st.integers(0, 9999), st.integers(0, 14)),
    st.floats(allow_nan=True),
    st.sampled_from(
        [
            "",
            " ",
            "yesterday",
            "2023-02-30",
            "0000",
            "2023-13-01",
            "32/13/2020",
            "9" * 30,
            "N/A",
            "2023-09-22T25:00",
            "Sept 22nd, 2023",
        ]
    ),  # fmt: skip
    st.text(max_size=12),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "   ", "\t\n", "dup", "a\x00b", "\ud800", "caf\u00e9 \u2014 \u4e2d"]),
    st.none(),
    st.integers(),
)
LABELS = st.one_of(st.text(max_size=6), st.integers(), st.none(), st.sampled_from(["bbc", "cnn"]))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def records(draw):
    rec = {}
    for field, values in (("text", TEXTS), ("source", LABELS), ("date", DATES),
                          ("id", LABELS), ("title", LABELS)):  # fmt: skip
        if draw(st.integers(0, 9)) > 0:
            rec[field] = draw(values)
    if draw(st.booleans()):
        rec["extra"] = draw(st.one_of(st.text(max_size=5), st.integers(), st.none()))
    return rec


@st.composite
def jsonl_text(draw):
    lines = []
    for rec in draw(st.lists(records(), max_size=8)):
        line = json.dumps(rec, ensure_ascii=draw(st.booleans()))
        kind = draw(st.integers(0, 9))
        if kind == 0:
            line = line[: draw(st.integers(0, len(line)))]  # truncated JSON
        elif kind == 1:
            line = json.dumps(
                draw(st.one_of(st.lists(st.integers(), max_size=2), st.text(), st.none()))
            )
        elif kind == 2:
            line = draw(st.text(max_size=20))  # junk
        elif kind == 3:
            line = ""
        lines.append(line)
    return draw(LINE_ENDS).join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


@st.composite
def encoded(draw, text):
    enc = draw(ENCODINGS)
    data = text.encode(enc, errors="replace") if enc != "utf-16" else text.encode(
        "utf-16", errors="surrogatepass")  # fmt: skip
    if draw(st.integers(0, 4)) == 0 and data:  # stray NULs or bad bytes
        i = draw(st.integers(0, len(data)))
        data = (
            data[:i]
            + draw(st.sampled_from([b"\x00", b"\xff", b"\x81", b"\xe9", b"\xef\xbb\xbf"]))
            + data[i:]
        )
    return enc, data


def maybe_gzip(draw, data: bytes) -> tuple[bytes, str]:
    mode = draw(st.integers(0, 5))
    if mode == 0:
        return gzip.compress(data), ".gz"
    if mode == 1:
        z = gzip.compress(data)
        return z[: draw(st.integers(0, len(z)))], ".gz"  # truncated
    return data, ""


def reader_options(draw, file_enc):
    return {
        "encoding": draw(st.sampled_from([file_enc, "utf-8", "cp1252"])),
        "errors": draw(st.sampled_from(["strict", "replace"])),
        "dedupe": draw(st.booleans()),
        **draw(st.sampled_from([{}, {"default_source": "x", "default_date": "2020"}, {"date": None}, {"id": None}])),
    }  # fmt: skip


# -- properties ----------------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".jsonl", ".csv", ".tsv", ".jsonl.gz", ".txt", ".parquet"]))  # fmt: skip
def test_random_bytes_load_or_reader_error(data, suffix):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"random{suffix}"
        p.write_bytes(data)
        load_or_reader_error(read, p, default_source="s", default_date="2020")
        if suffix != ".parquet":
            load_or_reader_error(read, p, errors="replace", date=None, source="source")


@FUZZ
@given(st.data())
def test_jsonl_ish(data):
    text = data.draw(jsonl_text())
    enc, raw = data.draw(encoded(text))
    raw, gz = maybe_gzip(data.draw, raw)
    opts = reader_options(data.draw, enc)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"fuzz.jsonl{gz}"
        p.write_bytes(raw)
        load_or_reader_error(read_jsonl, p, **opts)


CELLS = st.one_of(
    st.text(max_size=15),
    st.sampled_from(['"', 'a"b', "x,y", "line\nbreak", "cr\rhere", "crlf\r\n", "", " ", "\x00"]),
    DATES.map(str),
)


GOOD_CELLS = {
    "date": st.dates(min_value=dt.date(1000, 1, 1)).map(lambda d: d.isoformat()),
    "source": st.sampled_from(["bbc", "cnn", "xinhua"]),
    "text": st.text(min_size=1, max_size=20),
}


@st.composite
def csv_text(draw):
    extra = draw(st.lists(st.sampled_from(["id", "title", "x", "y"]), max_size=3, unique=True))
    header = draw(st.permutations(["text", "source", "date"][: draw(st.integers(1, 3))] + extra))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(LINE_ENDS), quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))  # fmt: skip
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 6))):
        n = len(header) + (draw(st.sampled_from([0] * 12 + [-1, 1])))  # sometimes ragged
        cells = [draw(CELLS if draw(st.integers(0, 5)) == 0 else GOOD_CELLS.get(h, CELLS))
                 for h in header]  # fmt: skip
        writer.writerow((cells + [draw(CELLS)])[: max(n, 0)])
    text = out.getvalue()
    if draw(st.integers(0, 5)) == 0 and text:  # a stray quote or delimiter
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(['"', ",", "\r", "\n"])) + text[i:]
    return text


@FUZZ
@given(st.data())
def test_csv_ish(data):
    text = data.draw(csv_text())
    enc, raw = data.draw(encoded(text))
    raw, gz = maybe_gzip(data.draw, raw)
    opts = reader_options(data.draw, enc)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"fuzz.csv{gz}"
        p.write_bytes(raw)
        load_or_reader_error(read_csv, p, **opts)


@FUZZ
@given(st.data())
def test_text_folder_ish(data):
    names = data.draw(st.lists(st.one_of(
        st.builds("{}_{}_{}.txt".format, st.sampled_from(["CHN", "SYR", "a_b", ""]),
                  st.integers(0, 99), st.integers(0, 99999)),
        st.sampled_from(["notes.txt", ".hidden.txt", "x.txt.gz", "sub/USA_1_2000.txt", "README"]),
    ), max_size=5, unique=True))  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        root = Path(d) / "folder"
        root.mkdir()
        for name in names:
            enc, raw = data.draw(encoded(data.draw(st.text(max_size=30))))
            raw, _ = maybe_gzip(data.draw, raw)
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(raw)
        pattern = data.draw(st.sampled_from(["{source}_{session}_{year}.txt", None, "{id}_{x}"]))
        load_or_reader_error(
            read_text_folder, root, pattern=pattern, source=data.draw(st.sampled_from([None, "s"])),
            errors=data.draw(st.sampled_from(["strict", "replace"])),
            default_date=data.draw(st.sampled_from([None, "2020"])),
        )  # fmt: skip


@settings(max_examples=25, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), max_size=6))
def test_parquet_ish(recs):
    import pyarrow as pa
    import pyarrow.parquet as pq

    def cell(v):
        return None if v is None else str(v).encode("utf-8", "replace").decode("utf-8")

    cols = {k: [cell(r.get(k)) for r in recs]
            for k in ("text", "source", "date", "id", "title")}  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "fuzz.parquet"
        pq.write_table(pa.table(cols), p)
        load_or_reader_error(read_parquet, p)
        load_or_reader_error(read_parquet, p, default_source="s", date=None, dedupe=True)


@FUZZ
@given(value=DATES)
def test_any_date_value_parses_or_reader_error(value):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "d.jsonl"
        p.write_text(json.dumps({"text": "t", "source": "s", "date": value}) + "\n")
        docs = load_or_reader_error(read_jsonl, p, default_date="2000")
        if value is None or (isinstance(value, str) and not value.strip()):
            assert docs is not None and docs[0].date == dt.date(2000, 1, 1)


# -- hand-made bad files ---------------------------------------------------------------
EXPECTED = {
    # file → (options, None if it loads, else a substring of the ReaderError)
    "truncated.jsonl.gz": ({}, "truncated or corrupt gzip"),
    "random.jsonl": ({}, "random.jsonl"),
    "mixed-encoding.csv": ({}, "line 3"),
    "crlf.csv": ({}, None),
    "cr-only.csv": ({}, None),
    "not-object.jsonl": ({}, "line 2"),
    "bom.jsonl": ({}, None),
    "nul-bytes.jsonl": ({}, "NUL"),
    "lone-surrogate.jsonl": ({}, None),
    "ragged.csv": ({}, "line 3"),
    "bad-dates.jsonl": ({}, "'2023-13-45'"),
    "empty.jsonl": ({}, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_inputs_folder(name):
    options, error = EXPECTED[name]
    path = BAD / name
    if error is None:
        assert load_or_reader_error(read, path, **options) is not None
    else:
        with pytest.raises(ReaderError, match=error.replace("(", r"\(")) as e:
            list(read(path, **options))
        assert name in str(e.value)
    # replace mode never raises a different type either
    load_or_reader_error(read, path, errors="replace")


def test_bad_inputs_folder_is_complete():
    assert {p.name for p in BAD.iterdir() if p.name != "README.md"} == set(EXPECTED)
