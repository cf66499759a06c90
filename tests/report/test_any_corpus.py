"""``discourse report`` on corpora that are not the UNGDC (issue 15).

(b) a multi-outlet news corpus read with ``--source outlet --dedupe`` …: every
section the data support is computed, the prose speaks of articles and
outlets, the manifest and index page carry the reader options and
``read = kept + skipped``; (c) two sources without dates: only the sections
over time (and those the data cannot support) are skipped, each with its
reason; a corpus with one source: the comparative sections say so.
"""

from __future__ import annotations

import json
import re
import stat

import pytest
from news_corpus import OUTLETS, write_news_corpus

from discourse import cli

NEWS_ARGS = ["--source", "outlet", "--text", "body", "--date", "published", "--title", "headline"]

#: Sections a small corpus cannot support, and what their reasons must say.
UNSUPPORTED = {
    ("keyness", "A group against the rest"): "without a source table of groups",
    # the base model of the whole corpus, or a group's model, has too few tokens
    ("embeddings", "Per-group models"): "word embeddings",
    # the synthetic articles name no country, person or place of the target lexicon
    ("targets", "Mentions of the targets"): "none of the 203 targets of the lexicon is mentioned",
}


def _report(tmp_path, corpus, *args, name="reports"):
    out = tmp_path / name
    code = cli.main(["report", "--corpus", str(corpus), "--out", str(out), "--small", *args])
    assert code == 0
    return out, json.loads((out / "manifest.json").read_text("utf-8"))


def _check_skips(manifest, allowed: dict):
    """Every skip is one the data cannot support (its reason names why) or follows from one."""
    skipped = {(s["notebook"], s["section"]): s["reason"] for s in manifest["skipped"]}
    for (nb, section), reason in skipped.items():
        assert reason, (nb, section)
        if reason.startswith("needs "):
            needed = re.findall(r"'([^']+)'", reason)
            assert all((nb, n) in skipped for n in needed), (nb, section, reason)
            continue
        assert (nb, section) in allowed, f"{nb} / {section} skipped: {reason}"
        assert allowed[(nb, section)] in reason, (nb, section, reason)


@pytest.fixture(scope="module")
def news_report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("news")
    corpus = write_news_corpus(tmp / "news.jsonl")
    return _report(tmp, corpus, *NEWS_ARGS, "--dedupe")


@pytest.mark.slow
def test_news_report_computes_what_the_data_support(news_report):
    out, m = news_report
    _check_skips(m, UNSUPPORTED)
    # the three above, the embedding sections that need the models and the 7 target sections
    # that need the mentions
    assert len(m["skipped"]) <= 17
    # the defaults came from the corpus: outlets, not UNGDC codes
    params = {nb["name"]: nb["parameters"] for nb in m["notebooks"]}
    assert set(m["parameters"]["sources"]) == set(OUTLETS)
    assert "pair" not in m["parameters"] and "blocs" not in m["parameters"]
    assert "reader_options" in params["keyness"]
    for name in ("keyness_pair", "keyness_every_source"):
        assert (out / "data" / "keyness" / f"{name}.csv").is_file()
    assert len(list((out / "data" / "keyness").glob("keyness_focus_*.csv"))) == 3
    for name in ("frame_trends", "collocates", "frame_differences"):
        assert (out / "data" / "framing" / f"{name}.csv").is_file()
    assert (out / "data" / "topics" / "topic_difference.csv").is_file()


@pytest.mark.slow
def test_news_reader_options_and_counts_in_manifest_and_index(news_report):
    out, m = news_report
    c = m["corpus"]
    assert c["reader_options"] == {
        "source": "outlet",
        "text": "body",
        "date": "published",
        "title": "headline",
        "dedupe": True,
    }
    r = c["reader"]
    assert r["read"] == 312 and r["skipped"] == {"duplicate text": 12}
    assert r["read"] == r["kept"] + sum(r["skipped"].values()) and c["documents"] == r["kept"]
    index = (out / "index.html").read_text("utf-8")
    assert "312 = 300 kept + 12 skipped (12 duplicate text)" in index
    assert "dedupe=True" in index and "source=&#x27;outlet&#x27;" in index


@pytest.mark.slow
def test_news_pages_speak_of_articles_and_outlets_and_fit_to_hand_on(news_report):
    out, m = news_report
    assert m["nouns"]["documents"] == "articles"
    pages = {p.stem: p.read_text("utf-8") for p in out.glob("*.html")}
    prose = re.sub(r"<[^>]+>", " ", pages["framing"] + pages["keyness"] + pages["embeddings"])
    assert "articles" in prose and "outlets" in prose
    assert not re.search(r"\b(speech|speeches|countr(y|ies))\b", prose, re.I)
    assert "{documents}" not in prose and "{source}" not in prose
    for name, page in pages.items():
        assert "ipykernel_" not in page, name  # warnings without the kernel's file paths
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page, name
        assert not re.search(r"<td>[^<]*\.\.\.</td>", page), name  # no cell cut with "..."
        if name != "index":
            assert '<details class="discourse-code">' in page, name
    assert 'href="data/keyness/keyness_pair.csv"' in pages["keyness"]
    # readable like any output folder
    for p in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o755 if p.is_dir() else 0o644), (p, oct(mode))


@pytest.mark.slow
def test_dedupe_is_visible_in_the_manifest(tmp_path):
    corpus = write_news_corpus(tmp_path / "news.jsonl", per_outlet=20)
    _, m = _report(tmp_path, corpus, *NEWS_ARGS, "--only", "overview")
    r = m["corpus"]["reader"]
    assert "dedupe" not in m["corpus"]["reader_options"]
    assert r["kept"] == r["read"] == 112 and not r["skipped"]
    _, m = _report(tmp_path, corpus, *NEWS_ARGS, "--dedupe", "--only", "overview", name="d")
    r = m["corpus"]["reader"]
    assert r["read"] == 112 and r["kept"] == 100 and r["skipped"] == {"duplicate text": 12}
    counts = (tmp_path / "d" / "data" / "overview" / "reader_counts.csv").read_text()
    assert "skipped: duplicate text,12" in counts and "read,112" in counts


@pytest.mark.slow
def test_two_sources_without_dates(tmp_path):
    corpus = write_news_corpus(tmp_path / "two.jsonl", dates=False, per_outlet=80)
    lines = [json.loads(x) for x in corpus.read_text().splitlines()]
    two = [r for r in lines if r["outlet"] in OUTLETS[:2]]
    corpus.write_text("\n".join(json.dumps(r) for r in two) + "\n")
    out, m = _report(tmp_path, corpus, "--source", "outlet", "--text", "body", "--date", "none")
    assert m["corpus"]["reader_options"]["date"] is None and m["corpus"]["first_date"] is None
    over_time = {
        ("overview", "Documents per year"),
        ("overview", "Most recent documents"),
        ("framing", "Frames by decade"),
        ("framing", "Trends"),
        ("framing", "Dispersion"),
        ("topics", "Prevalence over time"),
    }
    allowed = {**UNSUPPORTED, **{k: "needs dates" for k in over_time}}
    allowed[("framing", "Trends")] = "a trend needs dates"
    _check_skips(m, allowed)
    skipped = {(s["notebook"], s["section"]) for s in m["skipped"]}
    assert over_time <= skipped
    assert (out / "data" / "keyness" / "keyness_pair.csv").is_file()
    assert (out / "data" / "topics" / "topic_difference.csv").is_file()


@pytest.mark.slow
def test_one_source_comparisons_say_so(tmp_path):
    corpus = write_news_corpus(tmp_path / "one.jsonl", per_outlet=60)
    lines = [json.loads(x) for x in corpus.read_text().splitlines()]
    corpus.write_text(
        "\n".join(json.dumps(r) for r in lines if r["outlet"] == "Reuters") + "\n", "utf-8"
    )
    out, m = _report(tmp_path, corpus, *NEWS_ARGS, "--only", "overview,framing,keyness")
    comparative = {
        ("framing", "Differences"),
        ("framing", "Collocates"),
        ("keyness", "Two sources compared"),
        ("keyness", "One source against all others"),
        ("keyness", "Every source against the rest"),
    }
    allowed = {**UNSUPPORTED, **{k: "at least 2 sources; this corpus has 1" for k in comparative}}
    _check_skips(m, allowed)
    assert comparative <= {(s["notebook"], s["section"]) for s in m["skipped"]}
    assert (out / "data" / "framing" / "frame_rates.csv").is_file()
    assert (out / "data" / "framing" / "frame_trends.csv").is_file()


@pytest.mark.slow
def test_a_parameter_naming_what_the_corpus_lacks(tmp_path):
    corpus = write_news_corpus(tmp_path / "news.jsonl", per_outlet=20)
    _, m = _report(
        tmp_path,
        corpus,
        *NEWS_ARGS,
        "--only",
        "keyness,framing",
        "--set",
        'pair=["CHN", "Reuters"]',
        "--set",
        'kwic_terms=["perestroika"]',
    )
    reasons = {s["section"]: s["reason"] for s in m["skipped"]}
    assert "'CHN' is not in this corpus" in reasons["Two sources compared"]
    assert "'Reuters'" in reasons["Two sources compared"]  # and what exists
    assert "'perestroika' do not occur" in reasons["Concordance terms"]
    assert "sovereign*" in reasons["Concordance terms"]
