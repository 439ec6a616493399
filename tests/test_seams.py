"""Modules meet at public names: no module of policycmp imports another's private (underscored) name.

A private name may change with its module alone; a module that needs another's internals gets a documented
public seam instead (e.g. :class:`policycmp.loader.Checker` for the validation cache,
:func:`policycmp.yamlsafe.implicit_tag` and :func:`~policycmp.yamlsafe.typed_value` for the fast YAML path).
"""

from __future__ import annotations

import ast
from pathlib import Path

import policycmp

PACKAGE = Path(policycmp.__file__).parent


def private_imports(source: str) -> list[tuple[int, str, str]]:
    """(line, module, name) of each ``from policycmp… import _name`` in ``source`` (at any depth, lazy imports too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "policycmp":
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            found += [(node.lineno, node.module or "", name) for name in private]
    return found


def test_the_check_finds_a_private_import() -> None:
    source = "def f():\n    from policycmp.loader import _check_all, load\n"
    assert private_imports(source) == [(2, "policycmp.loader", "_check_all")]
    assert private_imports("from policycmp.loader import load\nfrom policycmp import __version__\n") == []


def test_no_module_imports_a_private_name_of_another() -> None:
    found = {
        path.relative_to(PACKAGE).as_posix(): hits
        for path in sorted(PACKAGE.rglob("*.py"))
        if (hits := private_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}
