"""Frame lexicons: loading, validation with file and line, coercion."""

from __future__ import annotations

import pytest

from discourse import LexiconError, ParameterError
from discourse.analysis.lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon, parse_term

REQUIRED = {
    "multipolarity",
    "isolation",
    "sovereignty",
    "coercion",
    "hegemony",
    "security",
    "development",
    "legitimacy",
}


def write(tmp_path, text):
    p = tmp_path / "lex.toml"
    p.write_text(text, "utf-8")
    return p


def test_default_lexicon_has_the_required_frames():
    lex = load_lexicon()
    assert lex.path == DEFAULT_LEXICON
    assert REQUIRED <= set(lex.frames)
    assert "unilateral coercive measures" in lex["coercion"]
    assert all(len(ts) > 0 for ts in lex.frames.values())


def test_terms_and_shared_terms(tmp_path):
    p = write(
        tmp_path,
        '[frames.a]\ndescription = "A"\nterms = ["Isolation", "isolat*"]\n'
        '[frames.b]\nterms = ["isolation", "pariah"]\n',
    )
    lex = load_lexicon(p)
    assert lex.terms == ["Isolation", "isolat*", "isolation", "pariah"]
    assert lex.frames_of("isolat*") == ["a"]
    assert lex.descriptions["a"] == "A"
    assert list(lex.to_frame().columns) == ["frame", "term", "description"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('name = "x"\ncolour = "red"\n[frames.a]\nterms = ["a"]\n', 2, "unknown key 'colour'"),
        ('[frames.a]\nterms = ["war"]\n\n[frames.b]\nterms = []\n', 5, "empty"),
        ('[frames.a]\nterms = ["war"]\nweight = 2\n', 3, "unknown key 'weight'"),
        ('[frames.a]\nterms = [\n  "war",\n  "is*",\n]\n', 4, "fewer than 3"),
        ('[frames.a]\nterms = [\n  "war",\n  "hege[m]on*",\n]\n', 4, "bad glob"),
        ('[frames.a]\nterms = ["war", "peace", "War"]\n', 2, "twice"),
        ('[frames.a]\ndescription = "no terms"\n', 1, "no terms"),
        ("[frames.a]\nterms = [1, 2]\n", 2, "list of strings"),
    ],
)
def test_semantic_errors_name_file_and_line(tmp_path, text, line, words):
    p = write(tmp_path, text)
    with pytest.raises(LexiconError) as err:
        load_lexicon(p)
    msg = str(err.value)
    assert str(p) in msg and f"line {line}:" in msg and words in msg


def test_syntax_error_names_file_and_line(tmp_path):
    p = write(tmp_path, '[frames.a]\nterms = ["war" oops]\n')
    with pytest.raises(LexiconError, match=r"lex\.toml.*line 2"):
        load_lexicon(p)


def test_missing_file_names_default(tmp_path):
    with pytest.raises(LexiconError, match="does not exist"):
        load_lexicon(tmp_path / "nope.toml")


def test_parse_term_follows_the_tokenizer():
    assert parse_term("U.S.-led  Order").patterns == ("u.s.", "led", "order")
    assert parse_term("Non-Interference").patterns == ("non-interference",)
    assert parse_term("China's role").patterns == ("china", "s", "role")
    assert parse_term("coercive MEASURE*").patterns == ("coercive", "measure*")
    with pytest.raises(ValueError, match="no word characters"):
        parse_term("!!")


def test_coerce_accepts_lists_mappings_and_paths(tmp_path):
    assert Lexicon.coerce(["a", "b", "a"]).frames == {"a": ("a",), "b": ("b",)}
    assert Lexicon.coerce("hegemon*").terms == ["hegemon*"]
    assert Lexicon.coerce({"f": ["x", "y"]}).frames == {"f": ("x", "y")}
    p = write(tmp_path, '[frames.f]\nterms = ["x"]\n')
    assert Lexicon.coerce(str(p)).frames == {"f": ("x",)}
    with pytest.raises(ParameterError, match="empty"):
        Lexicon.coerce([])
    with pytest.raises(ParameterError, match="one string"):
        Lexicon({"f": "x"})


def test_html_is_escaped():
    lex = Lexicon({"<b>f</b>": ["x"]}, descriptions={"<b>f</b>": "<script>alert(1)</script>"})
    out = lex._repr_html_()
    assert "<script>" not in out and "&lt;script&gt;" in out
