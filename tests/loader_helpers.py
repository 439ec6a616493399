"""Shared helpers for the loader tests: copy a fixture corpus and edit one file of the copy."""

from __future__ import annotations

import hashlib
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


def write_manifest(root: Path) -> None:
    """Rewrite ``seeds/SHA256SUMS`` of the copy to match its seed texts (after a test edited a seed on purpose)."""
    seeds = root / "seeds"
    lines = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n" for path in sorted(seeds.glob("*.txt"))]
    (seeds / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def copy_document(root: Path, name: str) -> Path:
    """A second coded document ``name``: alpha's coding, on its own copy of alpha's seed (a seed is coded once).

    The copy gets one more line, so it is another text: a byte-identical copy would be the same seed
    (refused as ``seed-coded-twice``).
    """
    seed = (root / "seeds/alpha.txt").read_text(encoding="utf-8")
    (root / f"seeds/{name}.txt").write_text(f"{seed}\nCopy {name}.\n", encoding="utf-8")
    target = root / f"recommendations/{name}.yaml"
    shutil.copy(root / DOC, target)
    edit(root, f"recommendations/{name}.yaml", "  id: alpha", f"  id: {name}")
    edit(root, f"recommendations/{name}.yaml", "seed: alpha.txt", f"seed: {name}.txt")
    write_manifest(root)
    return target
