"""Shared helpers for the loader tests: copy a fixture corpus and edit one file of the copy."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
DOC = "recommendations/alpha.yaml"
CODEBOOK = "recommendations/codebook.yaml"


def copy_mini(tmp_path: Path) -> Path:
    """A fresh copy of the mini corpus under ``tmp_path``."""
    root = tmp_path / "corpus"
    shutil.copytree(MINI, root)
    return root


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace the first ``old`` by ``new`` in ``root/name``; ``old`` must be there."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
