"""The token store: built once, counted, read back (discourse/tokenization/build.py, store.py, batch.py)."""

import numpy as np
import pytest

from discourse import Corpus, Document, Tokenizer, tokens


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


def test_paragraph_units():
    c = Corpus([Document("a", "First para.\nSecond\nwrapped line.\n\nThird", "X")])
    store = tokens(c)
    units = [store.vocab[ids].tolist() for _, ids in store.iter_units(unit="paragraph")]
    assert units == [["first", "para"], ["second", "wrapped", "line"], ["third"]]
    chunks = [len(ids) for _, ids in store.iter_units(unit=4)]
    assert chunks == [4, 2]


SENTENCE_DOCS = [
    Document("a", "Mr. Smith spoke. The U.S. agreed!\nA new paragraph: it is 1.5 km. End", "X"),
    Document("empty", "", "X"),
    Document("b", '"Quoted." Then no stop', "X"),
    Document("c", "one", "Y"),
    Document("d", "12. Numbered paragraph.\n\n13. Next one. Etc. and more.", "Y"),
]


@pytest.mark.parametrize(
    "tokenizer",
    [
        Tokenizer(),
        Tokenizer(min_length=3),
        Tokenizer(mwes=["new paragraph"]),
        Tokenizer(lowercase=False),
    ],
    ids=["default", "min_length", "mwes", "cased"],
)
def test_sentence_units_are_the_tokenizers_sentences(tokenizer):
    """The kernel's sentence starts = Tokenizer.sentences per document; paragraphs are sentences too."""
    store = tokens(Corpus(SENTENCE_DOCS), tokenizer=tokenizer)
    got = [store.vocab[ids].tolist() for _, ids in store.iter_units(unit="sentence")]
    assert got == [s for d in SENTENCE_DOCS for s in tokenizer.sentences(d.text)]
    assert np.isin(store.paragraph_starts, store.sentence_starts).all()
    assert np.isin(store.offsets[:-1][np.diff(store.offsets) > 0], store.sentence_starts).all()
    assert np.all(np.diff(store.sentence_starts) > 0) and store.sentence_starts[-1] < store.n_tokens


def test_sentence_starts_survive_pieces_of_a_long_document(monkeypatch):
    """A long document is tokenised in pieces: each cut may add a start, none is lost."""
    import importlib

    T = importlib.import_module("discourse.tokenization.batch")
    monkeypatch.setattr(T, "BATCH_CHARS", 60)
    text = " ".join(f"Word{i % 7} and more. Then" for i in range(30))
    store = tokens(Corpus([Document("long", text, "X")]))
    want = Tokenizer().sentences(text)
    got = [store.vocab[ids].tolist() for _, ids in store.iter_units(unit="sentence")]
    assert sum(got, []) == sum(want, [])
    ends = set(np.cumsum([len(x) for x in got]).tolist())
    assert set(np.cumsum([len(x) for x in want]).tolist()) <= ends
    assert len(got) > len(want)  # the cuts of this text fall inside sentences


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
