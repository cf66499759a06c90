"""The tokenizer (discourse/tokenization/tokenizer.py)."""

import pytest

from discourse import Tokenizer


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


# -- sentences (rule 8 of the tokenizer docstring) ------------------------------
@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # . ! ? before white space and a capital, a digit or an opening quote
        ("Peace. War! Why? Yes", ["peace", "war", "why", "yes"]),
        ("It ended in 1945. 1946 was calm.", ["it ended in 1945", "1946 was calm"]),
        ("He spoke. \"We refuse,\" he said. 'No.'", ["he spoke", "we refuse he said", "no"]),
        (
            'Enough." Then silence. (Applause) Thanks.',
            ["enough", "then silence", "applause thanks"],
        ),
        ("Wait... Then more", ["wait", "then more"]),
        ("Wait\u2026 Then more", ["wait", "then more"]),  # … folds to ... (NFKC)
        ("Really?! Yes", ["really", "yes"]),
        # no end before a lower-case word
        ("The etc. and the rest. The e.g. also.", ["the etc and the rest", "the e.g. also"]),
        ("Sanctions, etc. The end", ["sanctions etc", "the end"]),
        # titles and initials
        ("Mr. Smith and Mrs. Jones met Dr. Who.", ["mr smith and mrs jones met dr who"]),
        ("Ms. Lee met St. Lucia vs. Brazil.", ["ms lee met st lucia vs brazil"]),
        ("H. E. Mr. Guterres spoke. He left", ["h e mr guterres spoke", "he left"]),
        # dotted abbreviations: the last full stop belongs to the token
        (
            "The U.S. Congress and the U.K. Parliament. Then",
            ["the u.s. congress and the u.k. parliament", "then"],
        ),
        # numbers: no end inside one; "No." and "Art." before a number
        ("Growth was 1.5 per cent. Then 2.25.", ["growth was 1 5 per cent", "then 2 25"]),
        (
            "Resolution No. 242 and Art. 51 apply. No. We refuse",
            ["resolution no 242 and art 51 apply", "no", "we refuse"],
        ),
        # paragraph or list numbers at the start of a line or the text
        ("1. The first.\n12. The second", ["1 the first", "12 the second"]),
        # a paragraph break always ends a sentence, even before lower case
        ("one thing:\nanother\n\nand a third", ["one thing", "another", "and a third"]),
        # document edges
        ("", []),
        ("   ", []),
        ("No final stop", ["no final stop"]),
        ('"Quoted start." End.', ["quoted start", "end"]),
        (". . . Then", ["then"]),
    ],
)
def test_sentence_rules(text, sentences):
    assert [" ".join(s) for s in Tokenizer().sentences(text)] == sentences


def test_sentences_tile_the_tokens_and_phrases_stop_at_sentence_ends():
    text = "Mr. Smith spoke of external interference. Interference! External\ninterference too."
    tok = Tokenizer()
    assert sum(tok.sentences(text), []) == tok.tokenize(text)
    joined = Tokenizer(mwes=["external interference"])
    assert joined.sentences("External. Interference, external interference.") == [
        ["external"],
        ["interference", "external_interference"],
    ]
    assert joined.tokenize("External. Interference") == ["external", "interference"]


def test_scan_keeps_case_and_breaks_are_told_apart():
    from discourse.tokenization.tokenizer import is_break, is_paragraph_break

    pieces = Tokenizer().scan("The U.S. said No. Then:\nmore.\n\nEnd")
    assert [p for p in pieces if not is_break(p)] == [
        "The",
        "U.S.",
        "said",
        "No",
        "Then",
        "more",
        "End",
    ]
    assert [is_paragraph_break(p) for p in pieces if is_break(p)] == [False, True, True]
