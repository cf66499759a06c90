"""``discourse report``: the runner, failure and skip handling, and a real-browser check.

The browser test renders every notebook in ``notebooks/`` on a small
synthetic JSONL corpus whose texts, titles and source names carry HTML and
script payloads, opens each page in headless Chromium and checks: no
console errors, no requests other than ``file:``/``data:``, every image
decodes, nothing executes and the payloads show up as literal text.
Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import numpy as np
import pytest
from paths import TESTS

from discourse import cli
from discourse.errors import ParameterError
from discourse.report import (
    discover_notebooks,
    make_offline,
    parse_set,
    parse_sources,
    parse_years,
    render_report,
)
from discourse.report.execute import start_order

ARTIFACTS = TESTS / "artifacts"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = '<a href="javascript:alert(1)">click me</a>'
BOLD_SOURCE = "<b>X</b>"

WORDS = (
    "sovereignty interference coercion sanctions isolation partnership development "
    "climate peace security cooperation dialogue multilateral order democracy rights "
    "economy trade growth poverty health pandemic refugees conflict terrorism nuclear "
    "disarmament charter council reform justice people nations region stability"
).split()


def write_hostile_corpus(path: Path, *, seed: int = 0) -> Path:
    """Four sources x 8 years of speeches (~300 words each); one document carries the payloads."""
    rng = np.random.default_rng(seed)
    rows = []
    for source in ("AAA", "BBB", "CCC", BOLD_SOURCE):
        weights = rng.dirichlet(np.ones(len(WORDS)) * 0.5)
        for year in range(2016, 2024):
            words = rng.choice(WORDS, size=300, p=weights)
            text = ". ".join(" ".join(words[i : i + 12]) for i in range(0, 300, 12)) + "."
            rows.append(
                {
                    "id": f"{source}-{year}",
                    "source": source,
                    "date": f"{year}-09-2{year % 7}",
                    "title": f"Speech of {source} in {year}",
                    "text": text,
                }
            )
    for day, payload in enumerate((SCRIPT, IMG, JS_URL), start=29):
        rows.append(
            {
                "id": f"hostile-{day}",
                "source": "AAA",
                "date": f"2023-12-{day}",
                "title": f"Hostile {payload}",
                "text": f"Peace {SCRIPT} security {IMG} dialogue {JS_URL} [x](javascript:alert(1)) "
                * 20,
                "note": payload,
            }
        )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


def make_notebook(folder: Path, name: str, *cells: str, params: str = "corpus = 'x'\nseed = 0"):
    """A notebook whose first code cell is tagged ``parameters``."""
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell(params)
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(folder / f"{name}.ipynb"))


@pytest.fixture
def hostile_corpus(tmp_path):
    return write_hostile_corpus(tmp_path / "hostile.jsonl")


# ---------------------------------------------------------------------------
# small pieces
# ---------------------------------------------------------------------------
def test_parse_helpers():
    assert parse_years("1990-2023") == (1990, 2023)
    assert parse_years("2001") == (2001, 2001)
    assert parse_years("all") is None
    with pytest.raises(ParameterError, match="START-END"):
        parse_years("ninety")
    with pytest.raises(ParameterError, match="after the end"):
        parse_years("2023-1990")
    assert parse_sources("CHN, SYR") == ["CHN", "SYR"]
    assert parse_set(["n=3", 'terms=["a", "b"]', "label=plain"]) == {
        "n": 3,
        "terms": ["a", "b"],
        "label": "plain",
    }
    with pytest.raises(ParameterError, match="NAME=VALUE"):
        parse_set(["novalue"])


def test_discovery_order(tmp_path):
    for name in ("zeta", "topics", "alpha", "overview", "framing", "embeddings", "keyness"):
        make_notebook(tmp_path, name)
    names = [p.stem for p in discover_notebooks(tmp_path)]
    assert names == ["overview", "framing", "keyness", "topics", "embeddings", "alpha", "zeta"]


def test_make_offline_strips_scripts_and_remote_loads():
    page = (
        '<html><head><script src="https://cdn.example/require.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example/x.css"><style>@import url("https://f/x.css");'
        'b{background:url(https://x/y.png)}</style></head><body><img src="https://x/y.png">'
        "<p>&lt;script&gt;kept as text&lt;/script&gt;</p><script>alert(1)</script></body></html>"
    )
    out = make_offline(page)
    assert "https://" not in out
    assert "<script" not in out.lower()
    assert "&lt;script&gt;kept as text" in out
    assert "Content-Security-Policy" in out


# ---------------------------------------------------------------------------
# the runner, with stand-in notebooks
# ---------------------------------------------------------------------------
def test_two_notebooks_run_side_by_side_and_the_report_keeps_its_order(tmp_path, hostile_corpus):
    """jobs=2: two kernels at once (their run times overlap), long ones first, pages in order."""
    nbs = tmp_path / "nbs"
    stamp = (
        "import json, os, time\n"
        "t0 = time.time(); time.sleep(4)\n"
        "path = os.path.join(os.environ['DISCOURSE_REPORT_DATA'], 'span.json')\n"
        "json.dump([t0, time.time(), os.getppid()], open(path, 'w'))"
    )
    for name in ("overview", "topics", "zeta"):
        make_notebook(nbs, name, stamp)
    result = render_report(
        corpus=str(hostile_corpus), out=tmp_path / "r", notebooks=nbs, progress=False, jobs=2
    )
    assert list(result.pages) == ["overview", "topics", "zeta"]
    versions = result.manifest["versions"]
    assert {"pandas", "pyarrow", "dask", "ipykernel", "jupyter_client"} <= set(versions)
    assert versions["lock"].startswith("sha256:")  # run from a checkout: the lock file's hash
    assert [r["name"] for r in result.manifest["notebooks"]] == ["overview", "topics", "zeta"]
    spans = {
        n: json.loads((tmp_path / "r" / "data" / n / "span.json").read_text()) for n in result.pages
    }
    # topics (LONG_FIRST) and overview started together and overlapped; zeta came after
    assert spans["topics"][0] < spans["overview"][1] and spans["overview"][0] < spans["topics"][1]
    assert spans["zeta"][0] >= min(spans["topics"][1], spans["overview"][1]) - 0.5
    assert spans["topics"][2] != os.getpid()  # kernels are children of worker processes
    assert start_order([Path("a"), Path("topics"), Path("targets")], 2) == [2, 1, 0]
    assert start_order([Path("a"), Path("topics")], 1) == [0, 1]
    with pytest.raises(ParameterError, match="jobs"):
        render_report(corpus=str(hostile_corpus), out=tmp_path / "x", notebooks=nbs, jobs=0)


def test_failing_cell_names_notebook_cell_and_error_and_keeps_previous(
    tmp_path, hostile_corpus, capsys
):
    nbs = tmp_path / "nbs"
    make_notebook(nbs, "good", "print('fine')")
    make_notebook(nbs, "broken", "x = 1", "value = 1 / 0  # the bad cell\nprint(value)")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "previous.txt").write_text("old report")
    code = cli.main(
        ["report", "--corpus", str(hostile_corpus), "--out", str(out), "--notebooks", str(nbs)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "'broken'" in err and "cell 3 of broken.ipynb" in err and "value = 1 / 0" in err
    assert "ZeroDivisionError" in err
    # the previous report is untouched and no partial folder is left beside it
    assert (out / "previous.txt").read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.jsonl", "nbs", "reports"]


def test_skipped_sections_are_listed_and_exit_zero(tmp_path, hostile_corpus, capsys):
    nbs = tmp_path / "nbs"
    make_notebook(
        nbs,
        "small",
        "import discourse\n"
        "with discourse.section('Topic model'):\n"
        "    raise discourse.DataError('the topic model needs at least 20 documents, this corpus has 3')",
        "import pandas as pd\ndiscourse.save_table(pd.DataFrame({'a': [seed]}), 'numbers')",
        params="corpus = 'x'\nseed = 0\nn_topics = 10",
    )
    out = tmp_path / "reports"
    code = cli.main(
        [
            "report",
            "--corpus",
            str(hostile_corpus),
            "--out",
            str(out),
            "--notebooks",
            str(nbs),
            "--seed",
            "7",
            "--set",
            "n_topics=3",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "[1/1] small" in text
    assert "1 section(s) not computed" in text and "Topic model" in text
    manifest = json.loads((out / "manifest.json").read_text())
    nb = manifest["notebooks"][0]
    assert nb["parameters"] == {"corpus": str(hostile_corpus), "seed": 7, "n_topics": 3}
    assert manifest["skipped"][0]["section"] == "Topic model"
    assert (out / "data" / "small" / "numbers.csv").read_text().split() == ["a", "7"]
    assert "Topic model" in (out / "index.html").read_text()
    for key in ("corpus", "parameters", "seed", "versions", "notebooks"):
        assert key in manifest
    with pytest.raises(ParameterError, match="declared by no notebook"):
        render_report(
            corpus=hostile_corpus, out=out, notebooks=nbs, params={"n_topic": 3}, progress=False
        )


WRITE_ENTRY = (
    "import subprocess, sys\n"
    "from discourse import cache\n"
    "with cache.write_entry('probe', 'k-' + name, info={'description': 'by ' + name}) as f:\n"
    "    (f / 'x.txt').write_text(name)\n"
    "code = 'from discourse import cache\\n' \\\n"
    '    \'with cache.write_entry("probe", "w-\' + name + \'") as f: (f / "y").write_text("1")\'\n'
    "subprocess.run([sys.executable, '-c', code], check=True)  # a worker process of the notebook"
)


def test_each_notebook_lists_the_cache_entries_it_and_its_workers_wrote(
    tmp_path, hostile_corpus, monkeypatch
):
    nbs = tmp_path / "nbs"
    for name in ("alpha", "beta"):
        make_notebook(nbs, name, f"name = {name!r}", WRITE_ENTRY)
    make_notebook(
        nbs,
        "gamma",
        "import discourse, pandas as pd\n"
        "discourse.save_table(pd.DataFrame({'seed': [seed]}), 'seed')",
    )
    # an entry written outside the notebooks is listed under none of them
    from discourse import cache

    with cache.write_entry("probe", "elsewhere"):
        pass
    res = render_report(corpus=hostile_corpus, out=tmp_path / "out", notebooks=nbs, seed=5)
    nbm = {r["name"]: r for r in res.manifest["notebooks"]}
    assert list(nbm) == ["alpha", "beta", "gamma"]
    for name in ("alpha", "beta"):
        written = nbm[name]["cache_entries_written"]
        assert [(w["kind"], w["key"]) for w in written] == [
            ("probe", f"k-{name}"),
            ("probe", f"w-{name}"),
        ]
        assert written[0]["description"] == f"by {name}"
        assert nbm[name]["models_from_cache"] == "no: trained probe"
    assert nbm["gamma"]["cache_entries_written"] == []
    assert (res.out / "data" / "gamma" / "seed.csv").read_text().split() == ["seed", "5"]


def test_an_entry_completed_twice_keeps_one_copy(tmp_path, monkeypatch):
    from discourse import cache

    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("DISCOURSE_CACHE_LOG", str(log))
    with cache.write_entry("probe", "same") as old:
        (old / "a.txt").write_text("old")
    real_remove = cache.remove_entry

    def remove_then_another_writer(path):
        real_remove(path)
        monkeypatch.setattr(cache, "remove_entry", real_remove)
        with cache.write_entry("probe", "same") as other:  # lands between remove and rename
            (other / "a.txt").write_text("new")

    monkeypatch.setattr(cache, "remove_entry", remove_then_another_writer)
    with cache.write_entry("probe", "same") as mine:
        (mine / "a.txt").write_text("new")
    entry = cache.open_entry("probe", "same")
    assert entry is not None and (entry / "a.txt").read_text() == "new"
    assert [p.name for p in (tmp_path / "cache" / "probe").iterdir()] == ["same"]  # no .tmp-*
    assert len(log.read_text().splitlines()) == 3


@pytest.mark.skipif(os.name != "posix", reason="IPC sockets are POSIX only")
def test_kernels_talk_over_local_sockets_not_tcp(tmp_path, hostile_corpus, capfd):
    nbs = tmp_path / "nbs"
    make_notebook(
        nbs,
        "probe",
        "import pandas as pd\nimport discourse\nfrom ipykernel.kernelapp import IPKernelApp\n"
        "app = IPKernelApp.instance()\n"
        "discourse.save_table(pd.DataFrame({'transport': [app.transport]}), 'kernel')",
    )
    out = tmp_path / "out"
    render_report(corpus=hostile_corpus, out=out, notebooks=nbs, progress=False)
    assert (out / "data" / "probe" / "kernel.csv").read_text().split() == ["transport", "ipc"]
    assert "without encryption" not in capfd.readouterr().err


# ---------------------------------------------------------------------------
# the real notebooks in a real browser
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    from browser import BrowserUnavailable, Chromium

    try:
        with Chromium() as b:
            yield b
    except BrowserUnavailable as exc:  # fail loudly: CI installs chromium
        pytest.fail(str(exc))


@pytest.mark.slow
def test_report_in_browser(tmp_path, hostile_corpus, browser):
    result = render_report(
        corpus=hostile_corpus, out=tmp_path / "reports", small=True, seed=0, progress=False
    )
    pages = {"index": result.index, **result.pages}
    assert "overview" in result.pages
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in pages.items():
        page = browser.open(path.as_uri(), screenshot=ARTIFACTS / f"report-{name}.png")
        assert page.errors == [], f"{name}: {page.errors}"
        assert page.external_requests == [], f"{name}: {page.external_requests}"
        assert page.dialogs == [], f"{name}: a dialog opened: {page.dialogs}"
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert all(ok and w > 0 for ok, w in images), f"{name}: undecoded images {images}"
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0
        assert page.evaluate("document.querySelectorAll('b').length") == page.evaluate(
            "Array.from(document.querySelectorAll('b')).filter(b => b.textContent !== 'X').length"
        ), f"{name}: the source name <b>X</b> became markup"
        assert ARTIFACTS.joinpath(f"report-{name}.png").stat().st_size > 1000
    index_text = browser.open(result.index.as_uri()).evaluate("document.body.innerText")
    assert BOLD_SOURCE in index_text
    overview = browser.open(result.pages["overview"].as_uri())
    text = overview.evaluate("document.body.innerText")
    for payload in (SCRIPT, IMG, BOLD_SOURCE, "javascript:alert(1)"):
        assert payload in text, f"{payload!r} is not shown as text in the overview"
    assert overview.evaluate("document.images.length") >= 1


def test_killed_report_never_looks_complete(tmp_path, hostile_corpus):
    """SIGKILL while a report renders: the previous report stays; the next run sweeps the leftovers."""
    import os
    import signal
    import subprocess
    import sys
    import time

    nbs = tmp_path / "nbs"
    make_notebook(nbs, "a_fast", "print('fine')")
    make_notebook(nbs, "b_slow", "import time\ntime.sleep(120)")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "previous.txt").write_text("old report")
    args = ["report", "--corpus", str(hostile_corpus), "--out", str(out), "--notebooks", str(nbs)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "discourse.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the kill takes the notebook kernel with it
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".reports.tmp-*/notebooks/a_fast.ipynb")):
        assert proc.poll() is None, "the report finished or failed before it could be killed"
        assert time.monotonic() < deadline, "the report never reached its second notebook"
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # nothing in place looks like a new report; the temporary folder is clearly marked as such
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]
    assert [p.name.startswith(".reports.tmp-") for p in tmp_path.glob(".reports.*")] == [True]
    # the next run (the slow notebook made fast) completes and removes the dead run's folder
    make_notebook(nbs, "b_slow", "print('quick now')")
    assert cli.main(args) == 0
    assert (out / "index.html").is_file() and (out / "b_slow.html").is_file()
    assert not list(tmp_path.glob(".reports.tmp-*"))
    assert os.path.exists(out / "a_fast.html")


def test_report_error_crosses_process_boundaries_whole():
    import pickle

    from discourse.errors import ReportError

    e = pickle.loads(pickle.dumps(ReportError("cell 3 failed", notebook="topics", cell=3)))
    assert (str(e), e.notebook, e.cell) == ("cell 3 failed", "topics", 3)
