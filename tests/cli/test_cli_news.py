"""``discourse corpus info`` on news input: WARC, folders of HTML, and the reader options."""

from __future__ import annotations

import argparse
import json

import news_fixtures as nf
import pytest

from discourse.cli import build_parser, main, reader_options


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    nf.news_site(folder)
    return folder


def info_json(capsys, argv):
    assert main(argv + ["--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_html_folder_with_outlets_language_and_near_dedupe(capsys, site, tmp_path):
    outlets = tmp_path / "outlets.json"
    outlets.write_text(json.dumps(nf.OUTLETS), "utf-8")
    argv = ["corpus", "info", str(site), "--outlets", str(outlets), "--language", "en",
            "--bad-records", "skip", "--dedupe", "near"]  # fmt: skip
    info = info_json(capsys, argv)
    r = info["reader"]
    assert r["skipped"] == {"other language": 1, "no main text": 1, "near duplicate": 2}
    assert info["duplicates"] == {"clusters": 1, "copies": 2}
    assert {"Global Times", "Xinhua"} <= {s["source"] for s in info["per_source"]}  # first read
    # the same in text, with reasons, first examples and the cluster count
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "skipped    near duplicate: 2 (e.g. " in out and "lemonde" in out
    assert "duplicates   1 clusters, 2 copies dropped" in out
    # TOML outlets, --threshold, and a threshold so high that no copy is found
    toml = tmp_path / "outlets.toml"
    toml.write_text("[outlets]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in nf.OUTLETS.items()))
    argv[4] = str(toml)
    info = info_json(capsys, argv + ["--threshold", "0.98"])
    assert "near duplicate" not in info["reader"]["skipped"] and info["duplicates"]["clusters"] == 0


def test_warc_file_and_bad_option_errors(capsys, site, tmp_path):
    body = (site / "xinhua" / "talks.html").read_bytes()
    w = tmp_path / "crawl.warc.gz"
    w.write_bytes(
        nf.warc_bytes([{"url": "https://english.news.cn/b", "body": body}], gzip_records=True)
    )
    info = info_json(capsys, ["corpus", "info", str(w)])
    assert info["documents"] == 1 and info["per_source"][0]["source"] == "Xinhua"
    assert info["reader"]["skipped"] == {"not a response": 1}
    assert main(["corpus", "info", str(w), "--text", "body"]) == 1
    assert "names a field" in capsys.readouterr().err
    assert main(["corpus", "info", str(w), "--threshold", "0.8"]) == 1
    assert "--dedupe near" in capsys.readouterr().err


def test_csv_with_printed_dates_skip_and_exact_dedupe(capsys, tmp_path):
    p = tmp_path / "news.csv"
    p.write_text(
        "source,when,text\n"
        "bbc,Updated: 2022-03-07 17:49,Assad breaks his isolation.\n"
        'gt,"Published: Jul 13, 2022 08:43 PM",External interference must stop.\n'
        "gt,13/07/2022,External interference must stop.\n"
        "cgtn,yesterday,A counterweight.\n",
        "utf-8",
    )
    base = ["corpus", "info", str(p), "--date", "when"]
    assert main(base) == 1
    assert "news.csv line 5" in capsys.readouterr().err  # 'yesterday': today's error
    info = info_json(capsys, base + ["--bad-records", "skip", "--dedupe"])
    assert info["reader"]["skipped"] == {"duplicate text": 1, "unparseable date": 1}
    assert info["reader"]["skipped_examples"]["unparseable date"] == ["news.csv:5"]
    assert info["first_date"] == "2022-03-07" and info["last_date"] == "2022-07-13"
    assert info["duplicates"] == {"clusters": 1, "copies": 1}
    fmts = ["--date-format", "%d/%m/%Y", "--date-format", "Updated: %Y-%m-%d %H:%M"]
    info = info_json(capsys, base + fmts + ["--bad-records", "skip"])
    assert info["reader"]["skipped"] == {"unparseable date": 2}
    # a JSONL without dates: no dates, and a note saying so
    jl = tmp_path / "nodate.jsonl"
    jl.write_text('{"text": "a b", "source": "x"}\n', "utf-8")
    assert main(["corpus", "info", str(jl)]) == 0
    assert "note         no 'date' field: no dates (1 documents)" in capsys.readouterr().out


def test_reader_options_maps_only_what_was_given(tmp_path):
    parser = build_parser()

    def opts(path, *extra):
        args = parser.parse_args(["corpus", "info", str(path), *extra])
        return reader_options(str(path), args)

    assert opts(tmp_path / "a.csv") == {}
    assert opts(tmp_path / "a.csv", "--date", "when", "--dedupe", "near", "--threshold", "0.8") == {
        "date": "when", "dedupe": "near", "threshold": 0.8}  # fmt: skip
    assert opts(tmp_path / "a.warc.gz", "--language", "en,fr", "--date-format", "%d %B %Y") == {
        "language": ["en", "fr"], "date_format": "%d %B %Y"}  # fmt: skip
    assert opts(tmp_path / "a.jsonl", "--dedupe") == {"dedupe": True}
    with pytest.raises(Exception, match="--outlets"):
        opts(tmp_path / "a.csv", "--outlets", "x.json")
    assert isinstance(parser, argparse.ArgumentParser)
