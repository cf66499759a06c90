"""The tokenizer (discourse/tokenization/tokenizer.py)."""

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
