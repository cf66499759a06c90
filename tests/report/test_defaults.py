"""Notebook defaults come from the corpus (issue 15): one function per kind, and no UNGDC code
left in any notebook's parameters cell."""

from __future__ import annotations

import datetime
import re

import nbformat
import pytest

from discourse import Corpus, Document, SourceTable
from discourse.errors import DataError, ParameterError
from discourse.report import UNGDC_PARAMS, declared_parameters, defaults, discover_notebooks
from discourse.report.html import say_nouns, tidy_notebook, warning_notes

#: UNGDC codes and blocs that must not be a notebook's default.
UNGDC_CODES = ("CHN", "USA", "SYR", "RUS", "P5", "IRN", "GBR", "FRA")

LEX = {
    "coercion": ["sanction*", "coercive measures"],
    "sovereignty": ["sovereign*"],
    "hegemony": ["hegemony"],
}


def corpus(
    sizes: dict[str, int], *, text: str = "sanctions and sanctions against sovereignty", **kw
):
    docs = [
        Document(f"{s}-{i}", f"{text} {i}", s, datetime.date(2000 + i % 10, 1, 1))
        for s, n in sizes.items()
        for i in range(n)
    ]
    return Corpus(docs, name="news", **kw)


def test_no_ungdc_code_in_any_parameters_cell():
    for nb_path in discover_notebooks():
        nb = nbformat.read(str(nb_path), as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        code = "\n".join(line.split("#", 1)[0] for line in cell.source.splitlines())
        found = [c for c in UNGDC_CODES if re.search(rf"\b{c}\b", code)]
        assert not found, f"{nb_path.name}: UNGDC codes {found} in the parameters cell"
        # the .py pair says the same
        py = nb_path.with_suffix(".py").read_text("utf-8")
        params = py.split('tags=["parameters"]', 1)[1].split("# %%", 1)[0]
        params = "\n".join(line.split("#", 1)[0] for line in params.splitlines())
        assert not [c for c in UNGDC_CODES if re.search(rf"\b{c}\b", params)], nb_path.name


def test_every_curated_ungdc_parameter_is_declared_by_some_notebook_and_defaults_to_none():
    declared = {}
    for p in discover_notebooks():
        declared.update(declared_parameters(p))
    for name in UNGDC_PARAMS:
        assert name in declared, f"UNGDC_PARAMS[{name!r}] is declared by no notebook"
        if name not in ("pair_years", "period"):
            assert declared[name] in ("None", None), (name, declared[name])


def test_focus_sources_and_pair_are_the_largest():
    c = corpus({"Reuters": 5, "Le Monde": 3, "Global Times": 4})
    assert defaults.focus_sources(c) == ["Reuters", "Global Times", "Le Monde"]
    assert defaults.focus_sources(c, n=2) == ["Reuters", "Global Times"]
    assert defaults.source_pair(c) == ["Reuters", "Global Times"]
    assert defaults.source_pair(c, ["Le Monde", "Reuters"]) == ["Le Monde", "Reuters"]
    assert defaults.rest_targets(c, n=2) == ["Reuters", "Global Times"]
    assert defaults.rest_targets(c, "Le Monde") == ["Le Monde"]


def test_a_source_the_corpus_lacks_is_named_with_what_exists():
    c = corpus({"Reuters": 5, "Le Monde": 3})
    with pytest.raises(ParameterError, match=r"'CHN' is not in this corpus.*'Reuters', 'Le Monde'"):
        defaults.source_pair(c, ["CHN", "Reuters"])
    with pytest.raises(ParameterError, match=r"focus: 'SYR' is not in this corpus"):
        defaults.rest_targets(c, "SYR")
    with pytest.raises(ParameterError, match="two different sources"):
        defaults.source_pair(c, ["Reuters", "Reuters"])


def test_one_source_cannot_be_compared_and_says_so_with_the_numbers():
    c = corpus({"Reuters": 4})
    for call in (defaults.source_pair, defaults.rest_targets, defaults.embedding_groups):
        with pytest.raises(
            DataError, match=r"at least 2 sources; this corpus has 1 \('Reuters'\) in 4"
        ):
            call(c)
    assert defaults.focus_sources(c) == ["Reuters"]


def test_groups_only_where_the_source_table_has_them():
    c = corpus({"Xinhua": 2, "CGTN": 2, "BBC": 3})
    with pytest.raises(DataError, match="without a source table of groups"):
        defaults.source_group(c)
    t = SourceTable(groups={"state": ["Xinhua", "CGTN"], "all": ["Xinhua", "CGTN", "BBC"]})
    c = corpus({"Xinhua": 2, "CGTN": 2, "BBC": 3}, sources=t)
    assert defaults.source_group(c) == "state"  # "all" leaves no source outside it
    with pytest.raises(ParameterError, match=r"'P5' is not a group.*'all', 'state'"):
        defaults.source_group(c, "P5")
    with pytest.raises(DataError, match="cannot be set against the rest"):
        defaults.source_group(c, "all")


def test_embedding_groups_are_the_sources_and_the_pair_has_most_tokens():
    c = corpus({"A": 1, "B": 3, "C": 2})
    groups = defaults.embedding_groups(c)
    assert groups == {"B": "B", "C": "C", "A": "A"}
    assert defaults.embedding_groups(c, sources=["A", "C"]) == {"A": "A", "C": "C"}
    assert defaults.group_pair(c, groups) == ["B", "C"]
    assert defaults.group_pair(c, {"A": "x", "B": "y", "C": "y"}) == ["y", "x"]
    with pytest.raises(ParameterError, match="two of the groups"):
        defaults.group_pair(c, groups, ["B", "Z"])
    assert defaults.embedding_groups(c, {"A": "g", "B": "h", "Z": "h"}) == {"A": "g", "B": "h"}
    with pytest.raises(ParameterError, match=r"into 1 group\(s\) \('Z' not in this corpus\)"):
        defaults.embedding_groups(c, {"A": "g", "Z": "h"})


def test_lexicon_terms_that_occur_most_frequent_first():
    c = corpus({"A": 2, "B": 2}, text="sanctions sanctions sovereign coercive measures")
    assert defaults.lexicon_terms(c, LEX) == ["sanction*", "coercive measures", "sovereign*"]
    assert defaults.lexicon_terms(c, LEX, n=1, words=True) == ["sanctions"]
    assert defaults.lexicon_terms(c, LEX, words=True) == ["sanctions", "sovereign"]
    assert defaults.lexicon_terms(c, LEX, ["sovereign*"]) == ["sovereign*"]
    with pytest.raises(ParameterError, match=r"'hegemony' do not occur.*'sanction\*'"):
        defaults.lexicon_terms(c, LEX, ["hegemony", "sanction*"])
    with pytest.raises(ParameterError, match=r"'isolation' do not occur.*words.*'sanctions'"):
        defaults.lexicon_terms(c, LEX, "isolation", words=True)
    assert defaults.lexicon_frames(c, LEX) == ["coercion", "sovereignty"]
    with pytest.raises(ParameterError, match=r"'hegemony' do not occur.*'coercion', 'sovereignty'"):
        defaults.lexicon_frames(c, LEX, ["hegemony"])
    empty = corpus({"A": 2}, text="nothing to see")
    with pytest.raises(DataError, match="none of the lexicon's terms occurs"):
        defaults.lexicon_terms(empty, LEX)
    with pytest.raises(DataError, match="no frame of lexicon"):
        defaults.lexicon_frames(empty, LEX)


def test_trend_period_from_the_years():
    c = corpus({"A": 10})  # 2000-2009
    assert defaults.trend_period(c) == 1
    assert defaults.trend_period(c, 5) == 5
    with pytest.raises(DataError, match=r"2000–2009, 10 year\(s\)\) fall into 1 bin"):
        defaults.trend_period(c, 10)
    undated = Corpus([Document("a", "x", "A"), Document("b", "y", "B")])
    with pytest.raises(DataError, match="none of the 2 documents has one"):
        defaults.trend_period(undated)


def test_topic_unit_is_paragraphs_for_long_documents_only():
    """Long documents in many paragraphs get paragraph units; articles and one-paragraph texts not."""
    para = " ".join(f"word{i} peace trade" for i in range(70))  # 210 tokens
    speeches = Corpus(
        [Document(f"s{i}", "\n\n".join([para] * 6), "A") for i in range(5)], name="speeches"
    )
    unit, why = defaults.topic_unit(speeches)
    assert unit == "paragraph" and "1,260 tokens in 6 paragraph" in why
    one_block = Corpus([Document(f"b{i}", " ".join([para] * 6), "A") for i in range(5)])
    assert defaults.topic_unit(one_block)[0] == "document"  # long, but one paragraph
    articles = Corpus([Document(f"a{i}", "\n\n".join([para] * 3), "A") for i in range(5)])
    assert defaults.topic_unit(articles)[0] == "document"  # 630 tokens
    assert defaults.topic_unit(speeches, 200) == (200, "unit=200 as given")


def test_nouns_follow_the_corpus():
    assert (
        defaults.nouns(Corpus([Document("a", "x", "USA")], name="ungdc"))["documents"] == "speeches"
    )
    other = Corpus([Document("a", "x", "s")], name="letters")
    assert defaults.nouns(other) == defaults.NOUNS["other"]
    assert defaults.nouns(other, {"source": "outlet"})["sources"] == "outlets"
    warc = Corpus([Document("a", "x", "s")], name="cc", origin="read_warc|key|opts")
    assert defaults.nouns(warc)["documents"] == "articles"
    assert say_nouns("{Documents} of each {source}; {sources}", defaults.NOUNS["news"]) == (
        "Articles of each outlet; outlets"
    )


def test_warnings_become_short_notes_without_kernel_paths():
    text = (
        "/tmp/ipykernel_4242/1234567.py:2: UserWarning: group 'A' has 5,000 tokens\n"
        "  emb = discourse.fit_by(\n"
        "/work/x/discourse/models/topics.py:88: RuntimeWarning: divide by zero\n"
        "  x = 1 / y\n"
        "plain line\n"
    )
    assert warning_notes(text) == [
        "UserWarning: group 'A' has 5,000 tokens",
        "RuntimeWarning: divide by zero",
        "plain line",
    ]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=text) for _ in "ab"]
    md = nbformat.v4.new_markdown_cell("Rates of each {source}'s {documents}")
    nb.cells = [md, cell]
    tidy_notebook(nb, defaults.NOUNS["ungdc"])
    assert nb.cells[0].source == "Rates of each country's speeches"
    (out,) = nb.cells[1].outputs  # the same warnings twice in one cell: shown once
    html = out["data"]["text/html"]
    assert "ipykernel" not in html and "/tmp/" not in html and "UserWarning: group" in html


def test_table_name_is_a_plain_file_name():
    assert defaults.table_name("neighbors", "Le Monde/Paris") == "neighbors_Le_Monde_Paris"


def test_show_table_columns_show_a_part_and_the_csv_keeps_all(tmp_path, monkeypatch):
    import pandas as pd

    from discourse.report import show_table

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    frame = pd.DataFrame(
        {"source": ["A"], **{c: [1.23456] for c in defaults.KEYNESS_SHOWN[1:]}, "term": ["x"]}
    ).assign(chi2=2.0, pct_diff=3.0)
    show_table(frame, "keys", columns=defaults.keyness_columns(frame), folder=tmp_path)
    assert "chi2" not in shown[0] and "log_ratio_high" in shown[0]
    assert "(2 more columns in the CSV)" in shown[1]
    assert list(pd.read_csv(tmp_path / "keys.csv").columns) == list(frame.columns)
    with pytest.raises(ParameterError, match="no column"):
        show_table(frame, "keys", columns=["nope"], folder=tmp_path)


def test_show_table_keeps_small_numbers_readable(tmp_path, monkeypatch):
    import pandas as pd

    from discourse.report import show_table

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    frame = pd.DataFrame({"term": ["a", "b"], "shift": [0.00284, 0.5], "p": [0.01, None]})
    show_table(frame, "shifts", folder=tmp_path)
    assert "0.00284" in shown[0] and "0.500" in shown[0] and "0.010" in shown[0]
    assert "0.003<" not in shown[0] and "nan" not in shown[0].lower()


def test_show_table_shows_years_where_the_corpus_dates_are_years(tmp_path, monkeypatch):
    from discourse import read
    from discourse.report import show_table

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    path = tmp_path / "speeches.csv"
    path.write_text("who,year,text\nA,2001,peace now\nB,2003,peace later\n")
    speeches = read(path, source="who", date="year", text="text")
    assert "2001 – 2003" in speeches._repr_html_() and "2001-01-01" not in speeches._repr_html_()
    summary = speeches.summary()
    show_table(summary.sort_values("tokens"), "sources", folder=tmp_path)
    assert "<td>2001</td>" in shown[0] and "-01-01" not in shown[0]
    assert (tmp_path / "sources.csv").read_text().count("2001-01-01") == 2  # the CSV keeps dates
    path.write_text("who,day,text\nA,2001-01-01,peace now\nB,2003-05-02,peace later\n")
    show_table(read(path, source="who", date="day", text="text").summary(), "days", folder=tmp_path)
    assert "<td>2001-01-01</td>" in shown[2]


def test_meaning_term_is_one_two_sources_use_enough():
    from discourse import Corpus, Document

    docs = [
        Document("a", "sanctions " * 30 + "sovereignty " * 25, "A"),
        Document("b", "sanctions " * 3 + "sovereignty " * 22, "B"),
        Document("c", "isolation " * 2, "C"),
    ]
    c = Corpus(docs)
    cands = ["sanctions", "isolation", "sovereignty"]
    assert defaults.meaning_term(c, candidates=cands) == "sovereignty"
    # no candidate has enough: the first that occurs, so the section can say how many uses
    assert defaults.meaning_term(c, candidates=cands, min_uses=100) == "sanctions"
    assert defaults.meaning_term(c, "isolation", candidates=cands) == "isolation"


def test_focus_sources_break_ties_in_documents_by_tokens():
    from discourse import Corpus, Document

    docs = [
        Document(f"{s}{i}", "peace " * (n + i), s)
        for s, n in (("A", 5), ("B", 9), ("C", 7))
        for i in range(2)
    ]
    assert defaults.focus_sources(Corpus(docs), n=2) == ["B", "C"]
    assert defaults.source_pair(Corpus(docs)) == ["B", "C"]
