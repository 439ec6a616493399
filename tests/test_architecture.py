"""The import structure: every import runs down the layers declared in ``policycmp/__init__.py``, and none forms a circle.

Imports are read with ``ast`` from every module of the package, including imports inside
functions and under ``if TYPE_CHECKING:``, so a lazy import cannot hide a dependency that runs
back up. A new module must be given a layer here (the test fails for an unplaced module).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "policycmp"

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "foundation",
        frozenset(
            {"version", "errors", "limits", "terminal", "atomic", "collector", "normalise", "cues", "vocabulary", "options"}
            | {"leads"}
            | {"markup", "models"}
        ),
    ),
    (
        "reading",
        frozenset({"yamlsafe", "yamlfast", "messages", "crossref", "lookalikes", "anchor", "sentences", "schema", "roots", "layout"}),
    ),
    (
        "data",
        frozenset({"records", "table", "data", "codings", "loader", "coverage", "newdoc", "codebook_edit", "cache"} | {"coverage_cache"}),
    ),
    (
        "analysis",
        frozenset({"filters", "display", "matrices", "agreement", "coalitions", "sidebyside", "positions", "findings", "reliability"}),
    ),
    ("outputs", frozenset({"report", "exports", "export", "tablecsv", "dna", "generated", "synth"})),
    ("api", frozenset({"corpus", "", "prdiff"})),
    ("command line", frozenset({"cli", "cli_contrib", "cli_output", "__main__", "entry"})),
)
"""Bottom to top; a module is placed by its first name under ``policycmp`` ("" is the package face)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The policycmp modules ``path`` imports (anywhere in the file); ``from X import y`` counts as ``X.y`` when that is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "policycmp")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "policycmp":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return found


def layer(module: str) -> int:
    first = module.split(".")[1] if "." in module else ""
    for index, (_, members) in enumerate(LAYERS):
        if first in members:
            return index
    raise AssertionError(f"{module} has no layer; add it to LAYERS here and to the picture in policycmp/__init__.py")


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer(name)


def test_no_import_runs_back_up_the_layers() -> None:
    upward = [
        f"{a} ({LAYERS[layer(a)][0]}) imports {b} ({LAYERS[layer(b)][0]})"
        for a, targets in graph().items()
        for b in sorted(targets)
        if layer(b) > layer(a)
    ]
    assert upward == []


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle() -> None:
    assert circles(graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_version_does_not_import_pandas_or_the_analyses() -> None:
    heavy = {"pandas", "numpy", "networkx", "jinja2", "policycmp.corpus", "policycmp.matrices"}
    code = "import sys; from policycmp.cli import main; print('\\n'.join(sys.modules))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "policycmp.cli" in loaded
    assert sorted(m for m in loaded if {m, m.split(".")[0]} & heavy) == []
    version = subprocess.run([sys.executable, "-m", "policycmp", "--version"], capture_output=True, text=True, check=True)
    assert "policycmp, version" in version.stdout
