import json

import pytest

from discourse import Corpus, Document, tokens
from discourse.cli import main


@pytest.mark.shared
def test_corpus_info_ungdc_reports_the_whole_corpus(capsys, ungdc_corpus, shared_ungdc):
    assert main(["corpus", "info", "ungdc", "--mirror", str(shared_ungdc), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 10_760
    assert info["first_date"] == "1946-01-01" and info["last_date"] == "2023-01-01"
    assert info["date_precision"] == "year"
    assert info["sources"] == 200
    r = info["reader"]
    assert r["read"] == r["kept"] + sum(r["skipped"].values())
    assert sum(s["documents"] for s in info["per_source"]) == info["documents"]
    assert sum(s["tokens"] for s in info["per_source"]) == info["tokens"] > 30_000_000
    by = {s["source"]: s for s in info["per_source"]}
    assert by["CHN"]["name"] == "China"


@pytest.mark.shared
def test_corpus_info_text_output(capsys, ungdc_corpus, shared_ungdc):
    assert main(["corpus", "info", "ungdc", "--mirror", str(shared_ungdc)]) == 0
    out = capsys.readouterr().out
    # the UNGDC dates stand for years: shown as years, kept as ISO dates in --json
    assert "10,760" in out and "1946 – 2023" in out and "-01-01" not in out


def test_cache_list_and_clear(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path))
    tokens(Corpus([Document("a", "some words here", "X")]))
    assert main(["cache", "list"]) == 0
    assert "1 entries" in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert main(["cache", "list"]) == 0
    assert "0 entries" in capsys.readouterr().out


def test_unknown_dataset_is_a_clear_error(capsys):
    assert main(["corpus", "fetch", "nope"]) == 2
    assert "unknown dataset 'nope'" in capsys.readouterr().err


def test_corpus_info_on_own_files(capsys, tmp_path):
    jl = tmp_path / "news.jsonl"
    jl.write_text(
        '{"body": "Isolation ends.", "outlet": "bbc", "published": "2023-09-22"}\n'
        '{"body": "   ", "outlet": "bbc", "published": "2023-09-23"}\n'
        '{"body": "External interference.", "outlet": "xinhua", "published": "2023-09-22"}\n',
        encoding="utf-8",
    )
    args = [
        "corpus",
        "info",
        str(jl),
        "--text",
        "body",
        "--source",
        "outlet",
        "--date",
        "published",
        "--json",
    ]
    assert main(args) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 2 and info["reader"]["read"] == 3
    assert info["date_precision"] == "day" and info["first_date"] == "2023-09-22"
    assert info["reader"]["skipped"] == {"empty text": 1}
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "a.txt").write_text("Sovereignty first.", encoding="utf-8")
    (folder / "b.txt").write_text("Counterweight.", encoding="utf-8")
    assert (
        main(["corpus", "info", str(folder), "--pattern", "{id}.txt", "--label", "blog", "--json"])
        == 0
    )
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 2 and [s["source"] for s in info["per_source"]] == ["blog"]


def test_bad_file_gives_a_one_line_error(capsys, tmp_path):
    jl = tmp_path / "bad.jsonl"
    jl.write_text('{"text": "ok", "source": "a", "date": "2020"}\n{"text": \n', encoding="utf-8")
    assert main(["corpus", "info", str(jl)]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "line 2" in err
