"""The package's shape, checked from its source: layers, cycles, private names.

Every module of ``discourse`` is parsed with :mod:`ast` (nothing is
imported), every import statement is resolved to the module of the
package it names, and four rules are checked on the resulting graph:

1. **No cycles**, between modules and between units (``discourse.X.*``
   counts as the one unit ``X``; the top-level ``discourse/__init__.py``
   is the unit ``discourse``).
2. **Layers**: a module imports only its own unit and units of a strictly
   lower rank (:data:`LAYERS`), and :data:`ONLY` narrows that further
   (charts import nothing but ``errors`` and ``_validation``).
3. **No private names across modules**: ``from discourse.x import _name``
   and ``module._name`` are refused. Private *modules* (``_grouping``,
   ``_validation``, ``_config``, ``_version``) may be imported: their
   functions are public within the package.
4. **No deferred imports of the package**: an import inside a function is
   for an optional, heavy third-party dependency (gensim, matplotlib,
   papermill), never for a module of ``discourse``. A deferred import is
   how a cycle hides.

Imports under ``if TYPE_CHECKING:`` never run, so they are left out of
rules 1, 2 and 4 (rule 3 still applies). Edges are the modules an import
statement names; the parent packages Python initialises on the way are
not added (they would make every ``from .. import x`` look like a cycle).
The checker's own tests build a small fake package in ``tmp_path`` with
one violation of each kind, so this file cannot pass by finding nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "discourse"

#: Unit → rank. A module may import its own unit and any unit of a lower rank.
#: Units of the same rank are peers and never import each other. The order
#: follows the data: corpus → tokenization → analysis | models → plot →
#: report → cli, on a base of errors, settings, validation and tools.
LAYERS: dict[str, int] = {
    # the base: no imports from the package except what is listed below it
    "errors": 0,
    "_version": 0,
    "_config": 0,
    "_validation": 1,  # builds ParameterError messages
    # tools shared by every layer above
    "_grouping": 2,  # the one by= reader
    "stats": 2,
    "cache": 2,
    "parallel": 2,  # Executor and Dask primitives; knows no data type
    # the data pipeline
    "corpus": 3,
    "tokenization": 4,
    "datasets": 5,  # builds Corpus objects; above corpus, below report
    "analysis": 5,  # tidy tables from the token store
    "models": 5,  # topic models and embeddings: peers of analysis, neither imports the other
    "plot": 6,  # see ONLY: charts take finished tables and import no computation
    "report": 7,
    "cli": 8,
    "discourse": 9,  # the top-level facade re-exports everything
}

#: Units whose imports are narrower than their rank allows: unit → the other units it may import.
ONLY: dict[str, set[str]] = {"plot": {"errors", "_validation"}}


# ---------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One resolved import of a package module by another."""

    source: str  # importing module, dotted
    target: str  # imported module, dotted
    path: Path
    line: int
    in_function: bool
    type_only: bool

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root.parent)}:{self.line}"


@dataclass(frozen=True)
class Violation:
    kind: str  # "cycle" | "unit cycle" | "layer" | "private" | "deferred"
    where: str  # file:line
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.kind}] {self.message}"


def package_modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every ``.py`` under ``root`` (a package folder)."""
    name = root.name
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[0] == "data":  # shipped files (the report's notebooks), not modules
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join([name, *parts])] = path
    return modules


def unit(module: str) -> str:
    """``discourse.corpus.model`` → ``corpus``; ``discourse`` → ``discourse``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Scanner(ast.NodeVisitor):
    """Collects the imports of one module, and its private-attribute uses of imported modules."""

    def __init__(self, module: str, path: Path, is_package: bool, modules: dict[str, Path]):
        self.module, self.path, self.modules = module, path, modules
        self.package = module if is_package else module.rpartition(".")[0]
        self.top = module.split(".")[0]
        self.imports: list[Import] = []
        self.private: list[tuple[int, str]] = []  # (line, what)
        self.bound: dict[str, str] = {}  # local name → package module it is bound to
        self._depth = 0  # function nesting
        self._type_only = 0

    # -- scopes --------------------------------------------------------------
    def _function(self, node):
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_If(self, node: ast.If):
        if _is_type_checking(node.test):
            self._type_only += 1
            for child in node.body:
                self.visit(child)
            self._type_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    # -- imports -------------------------------------------------------------
    def _add(self, node: ast.stmt, target: str):
        self.imports.append(
            Import(
                self.module,
                target,
                self.path,
                node.lineno,
                self._depth > 0,
                self._type_only > 0,
            )
        )

    def _nearest_module(self, dotted: str) -> str | None:
        while dotted and dotted not in self.modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def visit_Import(self, node: ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] != self.top:
                continue
            target = self._nearest_module(alias.name)
            if target is None:
                continue
            self._add(node, target)
            if alias.asname:
                self.bound[alias.asname] = target
            else:  # ``import discourse.x.y`` binds ``discourse``
                self.bound[self.top] = self.top

    def visit_ImportFrom(self, node: ast.ImportFrom):
        if node.level:
            base_parts = self.package.split(".")
            if node.level > 1:
                base_parts = base_parts[: -(node.level - 1)]
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        if base.split(".")[0] != self.top:
            return
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            if sub in self.modules:  # ``from . import x`` where x is a submodule
                self._add(node, sub)
                self.bound[alias.asname or alias.name] = sub
                continue
            target = self._nearest_module(base)
            if target is None:
                continue
            self._add(node, target)
            if alias.name != "*" and _is_private(alias.name):
                self.private.append((node.lineno, f"imports {alias.name} from {target}"))

    # -- ``module._name`` ----------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute):
        chain = []
        value: ast.expr = node
        while isinstance(value, ast.Attribute):
            chain.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in self.bound and len(chain) >= 1:
            chain.reverse()
            mod = self.bound[value.id]
            for attr in chain:
                if f"{mod}.{attr}" in self.modules:
                    mod = f"{mod}.{attr}"
                    continue
                if _is_private(attr) and mod != self.module:
                    self.private.append((node.lineno, f"uses {mod}.{attr}"))
                break
            # the inner attributes of this chain are the same expression: do not revisit
            return
        self.generic_visit(node)


def scan(root: Path) -> tuple[dict[str, Path], list[Import], list[Violation]]:
    """Parse every module under ``root``; return modules, imports and private-name violations."""
    modules = package_modules(root)
    imports: list[Import] = []
    private: list[Violation] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scanner = _Scanner(module, path, path.name == "__init__.py", modules)
        scanner.visit(tree)
        imports += [i for i in scanner.imports if i.target != module]
        for line, what in scanner.private:
            where = f"{path.relative_to(root.parent)}:{line}"
            private.append(Violation("private", where, f"{module} {what}"))
    return modules, imports, private


def _cycles(edges: dict[str, dict[str, Import]]) -> list[list[str]]:
    """One cycle (a list of nodes, first == last) per strongly connected component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def strongconnect(v: str):  # Tarjan; the graphs here are small
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, {}):
                components.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)

    cycles = []
    for comp in components:
        members = set(comp)
        start = comp[0]
        # breadth-first search for the shortest way back to start inside the component
        paths = {w: [start, w] for w in edges.get(start, {}) if w in members}
        frontier = list(paths)
        while start not in paths and frontier:
            nxt = []
            for v in frontier:
                for w in sorted(edges.get(v, {})):
                    if w in members and w not in paths:
                        paths[w] = [*paths[v], w]
                        nxt.append(w)
            frontier = nxt
        cycles.append(paths[start])
    return cycles


def _describe(cycle: list[str], edges: dict[str, dict[str, Import]], root: Path) -> str:
    steps = [
        f"{a} -> {b} ({edges[a][b].where(root)})" for a, b in zip(cycle, cycle[1:], strict=False)
    ]
    return "; ".join(steps)


def check(
    root: Path,
    layers: dict[str, int] = LAYERS,
    only: dict[str, set[str]] = ONLY,
) -> list[Violation]:
    """Every violation of the four rules in the package at ``root``."""
    modules, imports, violations = scan(root)
    runtime = [i for i in imports if not i.type_only]

    for imp in runtime:
        if imp.in_function:
            violations.append(
                Violation(
                    "deferred",
                    imp.where(root),
                    f"{imp.source} imports {imp.target} inside a function; import it at the "
                    "top of the module (in-function imports are for optional third-party "
                    "dependencies only)",
                )
            )

    for imp in runtime:
        a, b = unit(imp.source), unit(imp.target)
        if a == b:
            continue
        if a not in layers or b not in layers:
            missing = a if a not in layers else b
            violations.append(
                Violation(
                    "layer",
                    imp.where(root),
                    f"unit {missing!r} has no rank; add it to LAYERS in tests/test_architecture.py",
                )
            )
        elif a in only and b not in only[a]:
            violations.append(
                Violation(
                    "layer",
                    imp.where(root),
                    f"{imp.source} imports {imp.target}, but {a} may import only "
                    f"{', '.join(sorted(only[a]))}",
                )
            )
        elif layers[b] >= layers[a]:
            violations.append(
                Violation(
                    "layer",
                    imp.where(root),
                    f"{imp.source} (rank {layers[a]}) imports {imp.target} "
                    f"(rank {layers[b]}): a layer imports only lower layers",
                )
            )

    module_edges: dict[str, dict[str, Import]] = {}
    unit_edges: dict[str, dict[str, Import]] = {}
    for imp in runtime:
        module_edges.setdefault(imp.source, {}).setdefault(imp.target, imp)
        a, b = unit(imp.source), unit(imp.target)
        if a != b:
            unit_edges.setdefault(a, {}).setdefault(b, imp)
    for cycle in _cycles(module_edges):
        violations.append(
            Violation(
                "cycle",
                module_edges[cycle[0]][cycle[1]].where(root),
                _describe(cycle, module_edges, root),
            )
        )
    for cycle in _cycles(unit_edges):
        violations.append(
            Violation(
                "unit cycle",
                unit_edges[cycle[0]][cycle[1]].where(root),
                _describe(cycle, unit_edges, root),
            )
        )
    return violations


def _report(violations: Iterable[Violation]) -> str:
    lines = sorted(str(v) for v in violations)
    return f"{len(lines)} architecture violation(s):\n  " + "\n  ".join(lines)


# ---------------------------------------------------------------------------
# The real package
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def violations() -> list[Violation]:
    return check(PACKAGE_DIR)


@pytest.mark.parametrize("kind", ["cycle", "unit cycle", "layer", "private", "deferred"])
def test_package_has_no_violations(violations, kind):
    found = [v for v in violations if v.kind == kind]
    assert not found, _report(found)


def test_every_unit_has_a_rank():
    units = {unit(m) for m in package_modules(PACKAGE_DIR)}
    assert units <= set(LAYERS), f"units without a rank in LAYERS: {sorted(units - set(LAYERS))}"
    assert set(LAYERS) <= units, (
        f"LAYERS names units that no longer exist: {sorted(set(LAYERS) - units)}"
    )


def test_the_scan_sees_the_package():
    """Guard against a checker that passes because it read nothing."""
    modules, imports, _ = scan(PACKAGE_DIR)
    assert "discourse.corpus.model" in modules and "discourse.tokenization.store" in modules
    edges = {(i.source, i.target) for i in imports}
    assert ("discourse.tokenization.store", "discourse.corpus") in edges
    assert ("discourse.corpus.model", "discourse.corpus.index") in edges  # from . import index
    assert ("discourse.corpus.model", "discourse._grouping") in edges  # from .. import _grouping
    assert len(imports) > 100


# ---------------------------------------------------------------------------
# The checker's teeth: a fake package with one violation of each kind
# ---------------------------------------------------------------------------

FAKE = {
    "__init__.py": "from .top import run\n",
    "errors.py": "class Oops(Exception):\n    pass\n",
    "base/__init__.py": "from .core import thing\n",
    # upward import (base → top) that also closes a cycle base → top → base
    "base/core.py": "from ..top import run\n\nthing = 1\n",
    "top.py": (
        "from . import base\n"
        "from .errors import _hidden\n"  # private name
        "from . import errors\n"
        "\n\ndef run():\n"
        "    from .base import core  # deferred import of the package\n"
        "    import numpy  # a deferred third-party import is fine\n"
        "    return errors._secret, core\n"  # private attribute
    ),
    "typed.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .top import run\n",
}
FAKE_LAYERS = {"errors": 0, "base": 1, "typed": 1, "top": 2, "fake": 3}


@pytest.fixture
def fake_package(tmp_path) -> Path:
    root = tmp_path / "fake"
    for name, text in FAKE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_checker_reports_each_kind_in_a_fake_package(fake_package):
    found = check(fake_package, FAKE_LAYERS, {})
    by_kind: dict[str, list[Violation]] = {}
    for v in found:
        by_kind.setdefault(v.kind, []).append(v)
    assert set(by_kind) == {"cycle", "unit cycle", "layer", "private", "deferred"}, _report(found)

    (layer,) = by_kind["layer"]
    assert layer.where == "fake/base/core.py:1" and "fake.top (rank 2)" in layer.message
    assert any("fake.base.core -> fake.top" in v.message for v in by_kind["cycle"])
    (unit_cycle,) = by_kind["unit cycle"]
    assert "base -> top" in unit_cycle.message and "top -> base" in unit_cycle.message
    assert sorted(v.where for v in by_kind["private"]) == ["fake/top.py:2", "fake/top.py:9"]
    (deferred,) = by_kind["deferred"]  # numpy is not the package's own
    assert deferred.where == "fake/top.py:7"
    assert not any("typed.py" in v.where for v in found)  # TYPE_CHECKING imports never run


def test_checker_resolves_from_dot_import(fake_package):
    modules, imports, _ = scan(fake_package)
    targets = {(i.source, i.target) for i in imports}
    assert ("fake.top", "fake.base") in targets  # from . import base: a subpackage
    assert ("fake.top", "fake.errors") in targets  # from . import errors: a module
    assert ("fake", "fake.top") in targets  # from .top import run: a name in a module
    assert ("fake.base", "fake.base.core") in targets


def test_checker_names_a_unit_without_rank(fake_package):
    found = check(fake_package, {k: v for k, v in FAKE_LAYERS.items() if k != "base"}, {})
    assert any("unit 'base' has no rank" in v.message for v in found)


def test_checker_applies_only(fake_package):
    found = check(fake_package, FAKE_LAYERS, {"top": {"base"}})
    assert any("top may import only base" in v.message for v in found if v.kind == "layer")
