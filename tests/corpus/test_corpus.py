import datetime as dt

import numpy as np
import pytest

from discourse import Corpus, Document, ParameterError, Tokenizer, tokens
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


def test_tokenizer_rules():
    tok = Tokenizer(mwes=["unilateral coercive measures", "external interference"])
    out = tok.tokenize(
        "The U.S.-led order; sixty-\nninth. China\u2019s \ufb01nal Unilateral  Coercive Measures"
    )
    assert out == [
        "the",
        "u.s.",
        "led",
        "order",
        "sixty-ninth",
        "china",
        "s",
        "final",
        "unilateral_coercive_measures",
    ]


def test_token_store_counts_add_up(tiny_corpus):
    store = tokens(tiny_corpus)
    dtm = store.dtm()
    assert dtm.sum() == store.n_tokens == store.docs["n_tokens"].sum()
    assert np.array_equal(np.asarray(dtm.sum(axis=0)).ravel(), store.term_freq)
    brute = sum(len(Tokenizer().tokenize(d.text)) for d in tiny_corpus)
    assert store.n_tokens == brute
    groups, m = store.group_counts(
        store.select(tiny_corpus), store.labels(store.select(tiny_corpus), "source")
    )
    assert groups == ["CHN", "SYR", "USA"] and m.sum() == store.n_tokens


def test_token_store_is_cached_and_views_reuse_it(tiny_corpus):
    a = tokens(tiny_corpus)
    b = tokens(tiny_corpus.filter(source="SYR"))
    assert a.path == b.path
    rows = b.select(tiny_corpus.filter(source="SYR"))
    assert list(b.docs.iloc[rows]["id"]) == ["syr-2019", "syr-2020"]
    assert [len(ids) for _, ids in a.iter_ids(rows)] == [
        len(Tokenizer().tokenize(d.text)) for d in tiny_corpus.filter(source="SYR")
    ]


def test_token_store_corrupt_entry_is_rebuilt(tiny_corpus):
    store = tokens(tiny_corpus)
    with open(store.path / "ids.u32", "ab") as f:
        f.write(b"\0\0\0\0")
    again = tokens(Corpus(list(tiny_corpus)))
    assert again.n_tokens == store.n_tokens
    assert (again.path / "ids.u32").stat().st_size == store.n_tokens * 4


def test_paragraph_units():
    c = Corpus([Document("a", "First para.\nSecond\nwrapped line.\n\nThird", "X")])
    store = tokens(c)
    units = [store.vocab[ids].tolist() for _, ids in store.iter_units(unit="paragraph")]
    assert units == [["first", "para"], ["second", "wrapped", "line"], ["third"]]
    chunks = [len(ids) for _, ids in store.iter_units(unit=4)]
    assert chunks == [4, 2]


def test_duplicate_ids_are_an_error():
    c = Corpus([Document("a", "one", "X"), Document("a", "two", "X")])
    with pytest.raises(Exception, match="duplicate document id 'a'"):
        tokens(c)


def test_long_document_is_tokenised_in_pieces(monkeypatch):
    import importlib

    T = importlib.import_module("discourse.tokenization.batch")

    monkeypatch.setattr(T, "BATCH_CHARS", 50)
    text = " ".join(f"word{i % 7} and more.\n" for i in range(40))
    docs = [
        Document("short", "a short one", "X"),
        Document("long", text, "X"),
        Document("z", "tail end", "Y"),
    ]
    store = tokens(Corpus(docs))
    got = [store.vocab[ids].tolist() for _, ids in store.iter_ids()]
    assert got == [Tokenizer().tokenize(d.text) for d in docs]
    assert store.dtm().sum() == store.n_tokens


def test_views_answer_from_the_token_cache_without_reading(tmp_path):
    reads = []

    def factory(stats):
        reads.append(1)
        for i in range(20):
            stats.read += 1
            if i == 5:
                stats.skip("empty text", "line 6")
                continue
            stats.kept += 1
            yield Document(f"d{i}", f"words {i}", "A" if i % 2 else "B", dt.date(2000 + i, 1, 1))

    c = Corpus(factory, origin=f"view-test-{tmp_path}")
    tokens(c)
    n = len(reads)
    fresh = Corpus(factory, origin=f"view-test-{tmp_path}")
    view = fresh.filter(source="A", years=(2005, 2015))
    assert len(view) == 5 and view.ids == ["d7", "d9", "d11", "d13", "d15"]
    assert view.stats.read == 20 and view.stats.kept == 19 and view.stats.skipped["empty text"] == 1
    assert len(reads) == n, "the view read the texts although the token cache had the answer"


def test_learned_phrases_become_tokens():
    from discourse import learn_phrases

    verbs, topics = (
        ["met", "voted", "spoke", "acted", "decided", "failed"],
        ["Syria", "Iran", "trade"],
    )
    docs = [
        Document(f"{v}-{t}", f"The Security Council {v} on {t}.\nThe rule of law matters.", "X")
        for v in verbs
        for t in topics
    ]
    corpus = Corpus(docs)
    phrases = learn_phrases(corpus, min_count=5)
    assert "security council" in phrases and "rule of law" in phrases
    store = tokens(corpus, tokenizer=Tokenizer(mwes=phrases))
    assert "security_council" in store.token2id and "rule_of_law" in store.token2id
    assert store.term_freq[store.token2id["security_council"]] == len(docs)
