import json

import pytest

from discourse import Corpus, Document, tokens
from discourse.cli import main


@pytest.mark.shared
def test_corpus_info_ungdc_reports_the_whole_corpus(capsys, ungdc_corpus, shared_ungdc):
    assert main(["corpus", "info", "ungdc", "--mirror", str(shared_ungdc), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 10_760
    assert info["first_date"].startswith("1946") and info["last_date"].startswith("2023")
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
    assert "10,760" in out and "1946-01-01 – 2023-01-01" in out


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
