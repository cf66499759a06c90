"""Every notebook in ``notebooks/`` runs on a small slice of the real UNGDC, through ``render_report``.

One report is rendered per module (all notebooks present, small models), then
checked: pages, manifest fields, CSV tables. Reproducibility (issue 9, part
3): a second run with the same seed and *cold model caches* (only the token
store is kept) gives byte-identical CSV tables.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from discourse.report import UNGDC_PARAMS, discover_notebooks, render_report

SLICE = {
    "corpus": "ungdc",
    "sources": ["CHN", "USA", "SYR", "RUS"],
    "years": (2015, 2023),
    "small": True,
    "seed": 0,
    "progress": False,
}


def _tables(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out / "data")): p.read_bytes()
        for p in sorted((out / "data").rglob("*.csv"))
    }


@pytest.fixture(scope="module")
def slice_report(tmp_path_factory, shared_ungdc):
    out = tmp_path_factory.mktemp("nb") / "reports"
    return render_report(out=out, mirror=shared_ungdc, **SLICE)


@pytest.mark.slow
@pytest.mark.shared
def test_every_notebook_renders(slice_report):
    names = [
        nb["name"] for nb in slice_report.manifest["notebooks"]
    ]  # notebooks present at the run
    assert set(names) <= {p.stem for p in discover_notebooks()}
    out = slice_report.out
    assert names and names[0] == "overview"
    assert list(slice_report.pages) == names
    assert (out / "index.html").is_file()
    for name in names:
        assert (out / f"{name}.html").is_file()
        assert list((out / "data" / name).glob("*.csv")), f"{name} saved no table"
    m = slice_report.manifest
    assert m["corpus"]["name"] == "ungdc"
    for key in ("fingerprint", "documents", "tokens"):
        assert m["corpus"][key]
    assert m["parameters"]["seed"] == 0 and m["parameters"]["sources"] == SLICE["sources"]
    assert {"python", "numpy", "discourse"} <= set(m["versions"])
    assert [nb["name"] for nb in m["notebooks"]] == names
    for nb in m["notebooks"]:
        assert nb["seconds"] > 0 and nb["models_from_cache"]
    # the UNGDC keeps its curated choices, passed only to the notebooks declaring them
    params = {nb["name"]: nb["parameters"] for nb in m["notebooks"]}
    assert params["keyness"]["pair"] == UNGDC_PARAMS["pair"] and params["keyness"]["bloc"] == "P5"
    assert "pair" not in params["overview"] and "blocs" not in params["keyness"]
    assert params["embeddings"]["blocs"] == UNGDC_PARAMS["blocs"]
    assert m["nouns"]["documents"] == "speeches"
    # every section the slice supports is computed; a skip says why
    for s in m["skipped"]:
        assert s["reason"], s
    assert not [s for s in m["skipped"] if s["notebook"] in ("overview", "framing", "keyness")], m[
        "skipped"
    ]
    assert (out / "manifest.json").is_file()
    index = (out / "index.html").read_text()
    for name in names:
        assert f'href="{name}.html"' in index
    # the UNGDC's dates are years: pages show them as years, the manifest as ISO dates
    assert m["corpus"]["date_precision"] == "year" and m["corpus"]["first_date"].endswith("-01-01")
    first, last = m["corpus"]["first_date"], m["corpus"]["last_date"]
    assert f"{first[:4]} – {last[:4]}" in index and first not in index
    overview = (out / "overview.html").read_text()
    assert f"<td>{SLICE['years'][1]}-01-01</td>" not in overview  # tables (the manifest keeps ISO)
    assert f"<td>{SLICE['years'][1]}</td>" in overview


@pytest.mark.slow
@pytest.mark.shared
def test_same_seed_same_tables(slice_report, tmp_path, monkeypatch, shared_ungdc):
    from discourse import cache

    # cold models, warm tokens: copy only the token store and fingerprints into a new cache
    fresh = tmp_path / "cache"
    for kind in ("tokens", "fingerprints"):
        if (cache.cache_dir() / kind).is_dir():
            shutil.copytree(cache.cache_dir() / kind, fresh / kind)
    monkeypatch.setenv("DISCOURSE_CACHE", str(fresh))
    again = render_report(
        out=tmp_path / "again", mirror=shared_ungdc, only=list(slice_report.pages), **SLICE
    )
    first, second = _tables(slice_report.out), _tables(again.out)
    assert first.keys() == second.keys()
    differ = [k for k in first if first[k] != second[k]]
    assert differ == [], f"tables differ between two runs with seed 0: {differ}"


# columns that hold bootstrap intervals: the only numbers a new seed may change
# in the counting sections (framing, keyness, overview)
INTERVAL_COLUMNS = {
    "ci_low",
    "ci_high",
    "log_ratio_low",
    "log_ratio_high",
    "ratio_low",
    "ratio_high",
}
MODEL_SECTIONS = {"topics", "embeddings"}  # fitted models: everything depends on the seed
#: tables of other sections that come from a model fitted with the seed (word2vec + ALC)
MODEL_TABLES = {"targets/meaning_distances.csv"}


@pytest.mark.slow
@pytest.mark.shared
def test_other_seed_changes_only_what_it_should(slice_report, tmp_path, shared_ungdc):
    import io

    import pandas as pd

    other = render_report(
        out=tmp_path / "seed1",
        mirror=shared_ungdc,
        only=list(slice_report.pages),
        **{**SLICE, "seed": 1},
    )
    first, second = _tables(slice_report.out), _tables(other.out)
    assert first.keys() == second.keys()
    intervals_moved = False
    models_moved = set()
    for name in first:
        section = name.split("/")[0]
        a = pd.read_csv(io.BytesIO(first[name]))
        b = pd.read_csv(io.BytesIO(second[name]))
        if name in MODEL_TABLES:
            continue
        if section in MODEL_SECTIONS:
            if first[name] != second[name]:
                models_moved.add(section)
            continue
        fixed = [c for c in a.columns if c not in INTERVAL_COLUMNS]
        pd.testing.assert_frame_equal(a[fixed], b[fixed], obj=f"{name} (seed-free columns)")
        moving = [c for c in a.columns if c in INTERVAL_COLUMNS]
        if moving and not a[moving].equals(b[moving]):
            intervals_moved = True
    assert intervals_moved, "no bootstrap interval changed with the seed"
    present = {n.split("/")[0] for n in first} & MODEL_SECTIONS
    assert models_moved == present, (
        f"model sections unchanged by the seed: {present - models_moved}"
    )


def test_papermill_reads_every_parameter_without_a_warning(caplog):
    """papermill parses each line of a parameters cell itself: a line it cannot read
    (a comment holding "=", such as ">=") is logged as "Unable to parse line" on the
    user's terminal and left out of its listing."""
    import ast
    import logging

    import nbformat
    import papermill

    for path in discover_notebooks():
        nb = nbformat.read(str(path), as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        names = {
            t.id
            for node in ast.parse(cell.source).body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="papermill"):
            found = set(papermill.inspect_notebook(str(path)))
        assert not [r.message for r in caplog.records], path.name
        assert found == names, f"{path.name}: papermill misses {sorted(names - found)}"
