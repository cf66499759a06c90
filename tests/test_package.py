"""The built wheel works on its own: installed into a new virtual environment, run outside the checkout.

The wheel is built from this checkout (sdist first, then the wheel from the
unpacked sdist, as ``python -m build`` does) without network: the build
backend comes from the test environment (``build --no-isolation``). The new
environment gets ``discourse`` from the wheel only; its dependencies are the
test environment's, reached through a ``.pth`` file that lists that
environment's site-packages folders (after the new one, so the wheel's
``discourse`` comes first; ``.pth`` files inside them are not run, so an
editable install of the checkout there is not activated), and its Jupyter
data folder (nbconvert's templates) through ``JUPYTER_PATH``. The report
runs its notebooks on a kernel of the interpreter that runs it, the new
environment's. Every command runs
from a folder outside the checkout with ``PYTHONPATH`` unset, and the test
checks that nothing from the checkout is on ``sys.path``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from paths import REPO

pytestmark = pytest.mark.slow

#: The shipped data the wheel must carry (paths inside the wheel).
SHIPPED = {
    "discourse/data/frames/international-order.toml",
    "discourse/data/sources/countries.csv",
    "discourse/data/sources/groups.toml",
    *(
        f"discourse/data/notebooks/{name}.{ext}"
        for name in ("overview", "framing", "keyness", "topics", "embeddings")
        for ext in ("ipynb", "py")
    ),
}

WORDS = (
    "peace security development sovereignty dialogue cooperation isolation sanctions "
    "multipolar world order interference coercion climate trade nations people future "
    "unilateral counterweight territorial integrity internal affairs legitimacy"
).split()


def _run(args, *, cwd, env, timeout=600):
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}\n"
        f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc.stdout


def _write_corpus(path: Path) -> Path:
    """Three sources x four years, ~120 words each, drawn deterministically from WORDS."""
    rows = []
    for s, source in enumerate(("AAA", "BBB", "CCC")):
        for year in range(2020, 2024):
            words = [WORDS[(7 * i + 3 * s + year) % len(WORDS)] for i in range(120)]
            text = ". ".join(" ".join(words[i : i + 12]) for i in range(0, 120, 12)) + "."
            rows.append(
                {"id": f"{source}-{year}", "source": source, "date": f"{year}-09-21", "text": text}
            )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """(venv python, environment for subprocesses, a work folder outside the checkout, wheel)."""
    tmp = tmp_path_factory.mktemp("wheel")
    assert not tmp.resolve().is_relative_to(REPO.resolve()), "tmp_path is inside the checkout"
    missing = [m for m in ("build", "setuptools") if importlib.util.find_spec(m) is None]
    assert not missing, f"{missing} missing: install the dev lock (make .venv/.installed)"
    import setuptools

    assert int(setuptools.__version__.split(".")[0]) >= 77, (
        f"setuptools {setuptools.__version__} cannot build the wheel (77 or newer needed): "
        "install the dev lock (make .venv/.installed)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DISCOURSE_"))}
    dist = tmp / "dist"
    _run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, REPO],
        cwd=tmp,
        env=clean,
    )
    (wheel,) = dist.glob("discourse-*.whl")

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp, env=clean)
    python = venv / "bin" / "python"
    _run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel],
        cwd=tmp,
        env=clean,
    )
    # the dependencies: this environment's site-packages, after the new environment's own
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=tmp,
        env=clean,
    ).strip()
    (Path(purelib) / "_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    work = tmp / "work"
    work.mkdir()
    env = {
        **clean,
        "DISCOURSE_CACHE": str(tmp / "cache"),
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(tmp / "mpl"),
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        # the dependencies' Jupyter data (nbconvert's templates) is under the prefix, not
        # site-packages; the report puts its own kernelspec (this venv's python) before it
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    return python, env, work, wheel


def test_wheel_carries_the_shipped_data(wheel_env):
    *_, wheel = wheel_env
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= SHIPPED, f"missing from the wheel: {sorted(SHIPPED - names)}"
    assert not [n for n in names if n.startswith(("tests/", "corpus/", "notebooks/", "bench/"))]


def test_installed_discourse_comes_from_the_wheel(wheel_env):
    python, env, work, _ = wheel_env
    venv = python.parent.parent
    code = (
        "import json, sys, discourse as dc\n"
        "lex = dc.load_lexicon()\n"
        "from discourse.corpus.sources import default_table\n"
        "print(json.dumps({'file': dc.__file__, 'path': sys.path, 'frames': len(lex.frames),\n"
        "  'usa': default_table().name('USA')}))\n"
    )
    info = json.loads(_run([python, "-c", code], cwd=work, env=env))
    assert Path(info["file"]).resolve().is_relative_to(venv.resolve())
    # nothing of the checkout's source is importable; its .venv only lends the dependencies
    repo, deps = REPO.resolve(), (REPO / ".venv").resolve()
    from_checkout = [
        p
        for p in info["path"]
        if p
        and Path(p).resolve().is_relative_to(repo)
        and not Path(p).resolve().is_relative_to(deps)
    ]
    assert not from_checkout
    assert info["frames"] > 0 and info["usa"] == "United States"


def test_cli_corpus_info_and_report_run_from_the_wheel(wheel_env):
    python, env, work, _ = wheel_env
    exe = python.parent / "discourse"
    corpus = _write_corpus(work / "small.jsonl")
    info = json.loads(_run([exe, "corpus", "info", corpus, "--json"], cwd=work, env=env))
    assert info["documents"] == 12

    out = work / "report"
    _run(
        [exe, "report", "--only", "overview,framing", "--corpus", corpus, "--small", "--out", out],
        cwd=work,
        env=env,
    )
    assert (out / "index.html").is_file()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [nb["name"] for nb in manifest["notebooks"]] == ["overview", "framing"]
