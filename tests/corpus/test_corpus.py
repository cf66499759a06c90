import datetime as dt

import pytest

from discourse import Corpus, Document, ParameterError
from discourse.corpus import parse_date


def test_corpus_is_reiterable_and_lazy(tiny_corpus):
    first = [d.id for d in tiny_corpus]
    second = [d.id for d in tiny_corpus]
    assert first == second and len(first) == 6
    assert len(tiny_corpus) == 6


def test_generator_is_refused():
    with pytest.raises(ParameterError, match="one-shot"):
        Corpus(Document(str(i), "x", "A") for i in range(3))


def _counting_factory(n: int, calls: list, doc=lambda i: Document(str(i), f"text {i}", "A")):
    """A corpus factory of ``n`` documents that appends to ``calls`` on every pass."""

    def factory(stats):
        calls.append(1)
        for i in range(n):
            stats.read += 1
            stats.kept += 1
            yield doc(i)

    return factory


def test_factory_corpus_streams_each_time():
    calls = []
    c = Corpus(_counting_factory(3, calls))
    assert len(c) == 3 and len(list(c)) == 3
    assert len(calls) == 2
    assert c.stats.read == c.stats.kept + c.stats.n_skipped


def test_texts_reads_once_and_keeps_a_small_corpus(monkeypatch):
    passes = []
    factory = _counting_factory(
        6, passes, lambda i: Document(f"d{i}", f"text number {i}", "AB"[i % 2])
    )
    view = Corpus(factory).filter(source="A")
    passes.clear()  # filter() looked at the sources
    assert view.texts(["d0", "d2", "d1", "nope"]) == {"d0": "text number 0", "d2": "text number 2"}
    assert view.texts(["d4"]) == {"d4": "text number 4"}
    assert len(passes) == 1  # the second call read nothing
    # a corpus larger than the memo is read on every call, and never held whole
    monkeypatch.setattr(Corpus, "TEXT_MEMO_CHARS", 20)
    big = Corpus(factory)
    passes.clear()
    assert big.texts(["d5"]) == {"d5": "text number 5"}
    assert big.texts(["d3"]) == {"d3": "text number 3"}
    assert len(passes) == 2 and big._texts is None


def test_filter_by_source_years_and_where(tiny_corpus):
    assert len(tiny_corpus.filter(source="CHN")) == 2
    assert len(tiny_corpus.filter(source={"CHN", "SYR"}, years=(2020, 2020))) == 2
    assert len(tiny_corpus.filter(where=lambda d: "isolation" in d.text.lower())) == 2
    assert len(tiny_corpus.filter(dates=("2019-09-25", None))) == 4
    with pytest.raises(ParameterError, match="known sources: 'CHN', 'SYR', 'USA'"):
        tiny_corpus.filter(source="BBC")
    with pytest.raises(ParameterError, match="start is after end"):
        tiny_corpus.filter(years=(2021, 2019))


def test_group_by_and_sample(tiny_corpus):
    groups = tiny_corpus.group_by("year")
    assert list(groups) == [2019, 2020]
    assert sum(len(g) for g in groups.values()) == len(tiny_corpus)
    blocs = tiny_corpus.group_by({"CHN": "east", "SYR": "east", "USA": "west"})
    assert {k: len(v) for k, v in blocs.items()} == {"east": 4, "west": 2}
    a = [d.id for d in tiny_corpus.sample(3, seed=1)]
    b = [d.id for d in tiny_corpus.sample(3, seed=1)]
    assert a == b and len(a) == 3


def test_fingerprint_stable_and_sensitive(tiny_corpus):
    docs = list(tiny_corpus)
    same = Corpus(docs)
    assert same.fingerprint == tiny_corpus.fingerprint
    changed = Corpus(
        docs[:-1] + [Document(docs[-1].id, docs[-1].text + "!", docs[-1].source, docs[-1].date)]
    )
    assert changed.fingerprint != tiny_corpus.fingerprint
    assert tiny_corpus.filter(source="CHN").fingerprint != tiny_corpus.fingerprint


def test_to_frame_has_metadata_without_text(tiny_corpus):
    f = tiny_corpus.to_frame()
    assert list(f.columns[:6]) == ["id", "source", "date", "year", "title", "n_chars"]
    assert "text" not in f.columns and len(f) == 6


def test_repr_html_escapes_markup():
    c = Corpus([Document("x", "hello", "<script>alert(1)</script>", dt.date(2020, 1, 1))])
    html = c._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2023, (dt.date(2023, 1, 1), "year")),
        ("2023", (dt.date(2023, 1, 1), "year")),
        ("2023-09", (dt.date(2023, 9, 1), "month")),
        ("2023-09-22", (dt.date(2023, 9, 22), "day")),
        ("2023-09-22T10:00:00Z", (dt.date(2023, 9, 22), "day")),
        ("22 September 2023", (dt.date(2023, 9, 22), "day")),
        (None, (None, "none")),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_parse_date_rejects_garbage():
    with pytest.raises(ValueError, match="cannot parse date"):
        parse_date("not a date at all")
