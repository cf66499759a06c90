"""The README's Python examples run, and every ``dc.<name>`` in README and docs/ exists.

The ```python blocks of README.md are executed in order, in one namespace,
in a temporary working directory that holds a small generated corpus
(``speeches.jsonl``: four sources × ten years of short synthetic speeches
built from the framing vocabulary), with ``DISCOURSE_CACHE`` in tmp_path
and no network. A DeprecationWarning raised at a README line (an old
parameter name) is an error. Charts use the Agg backend and are closed afterwards.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import warnings

import pytest
from paths import REPO

README = REPO / "README.md"
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)
# dc.name, dc.name.sub, … anywhere in the text (code blocks, inline code, prose)
DC_NAME = re.compile(r"\bdc\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")

#: words every synthetic speech draws from, and each source's own framing terms
COMMON = (
    "the people of our nations must work together for peace development and security "
    "in the world the united nations charter cooperation dialogue"
).split()
FLAVOUR = {
    "CHN": ["external interference", "sovereignty", "non-interference", "multipolarity"],
    "SYR": ["isolation", "unilateral coercive measures", "terrorism", "reconstruction"],
    "RUS": ["hegemony", "multipolar world", "sanctions", "counterweight"],
    "USA": ["freedom", "democracy", "human rights", "isolation of the regime"],
}


def write_speeches(path, *, seed: int = 0) -> None:
    """40 short speeches (4 sources × 2014–2023) as JSON lines: id, source, date, text."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for source, terms in FLAVOUR.items():
            for year in range(2014, 2024):
                sentences = [
                    " ".join(rng.sample(COMMON, 6) + [rng.choice(terms)]) + "." for _ in range(40)
                ]
                paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, 40, 5)]
                record = {
                    "id": f"{source}_{year}",
                    "source": source,
                    "date": f"{year}-09-25",
                    "text": "\n\n".join(paragraphs),
                }
                f.write(json.dumps(record) + "\n")


def readme_blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_python_examples():
    assert len(readme_blocks()) >= 2


def unresolved_names(text: str) -> list[str]:
    """The ``dc.X(.Y…)`` chains in ``text`` that ``import discourse as dc`` does not provide."""
    import discourse as dc

    missing = []
    for name in sorted(set(DC_NAME.findall(text))):
        obj, path = dc, "dc"
        for part in name.split("."):
            path += "." + part
            try:
                obj = getattr(obj, part)
            except AttributeError:
                try:  # a subpackage's module not imported yet (dc.datasets.ungdc)
                    obj = importlib.import_module(f"{obj.__name__}.{part}")
                except (AttributeError, ImportError):
                    missing.append(path)
                    break
    return missing


def test_readme_names_resolve():
    """Every dc.X(.Y…) in the README is an attribute chain of ``import discourse as dc``."""
    text = README.read_text(encoding="utf-8")
    assert DC_NAME.search(text), "the README mentions no dc.<name>"
    missing = unresolved_names(text)
    assert not missing, f"README names that do not resolve from `import discourse as dc`: {missing}"


@pytest.mark.parametrize(
    "page",
    sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*.md")),
)
def test_docs_names_resolve(page):
    """The same for every page of the documentation site."""
    missing = unresolved_names((REPO / page).read_text(encoding="utf-8"))
    assert not missing, (
        f"{page}: names that do not resolve from `import discourse as dc`: {missing}"
    )


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_readme_examples_run(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    work = tmp_path / "work"
    work.mkdir()
    write_speeches(work / "speeches.jsonl")
    monkeypatch.chdir(work)
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISCOURSE_MIRROR", raising=False)  # the examples need no UNGDC

    namespace: dict = {"__name__": "readme"}
    try:
        with warnings.catch_warnings():
            # a renamed parameter used by the README (a DeprecationWarning whose
            # stack level points at the README's line) fails the test
            warnings.filterwarnings("error", category=DeprecationWarning, module="readme")
            for i, block in enumerate(readme_blocks(), 1):
                code = compile(block, f"README.md python block {i}", "exec")
                exec(code, namespace)  # noqa: S102 - the README's own examples
    finally:
        plt.close("all")

    assert (work / "frames.png").is_file()
    assert (work / "report" / "index.html").is_file()
    assert set(namespace["frames"]["source"]) == set(FLAVOUR)
