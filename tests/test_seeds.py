"""The seed texts are kept byte for byte: manifest, checksums and the shared originals."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import REPO

SEEDS = REPO / "seeds"
MANIFEST = SEEDS / "SHA256SUMS"
SHARED_CANDIDATES = (Path("/work/shared/seeds"), REPO.parent / "shared" / "seeds")


def _manifest() -> dict[str, str]:
    """Map file name → expected SHA-256 from the `sha256sum`-format manifest."""
    entries: dict[str, str] = {}
    for number, line in enumerate(MANIFEST.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        assert len(digest) == 64 and name, f"SHA256SUMS line {number} is not '<sha256>  <file name>': {line!r}"
        assert name not in entries, f"SHA256SUMS lists {name} twice"
        entries[name.lstrip("*")] = digest.lower()
    return entries


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_names_are_numbered_uniquely() -> None:
    """Seeds are named NNN-slug.txt, numbers unique (``policycmp new`` takes the next free one)."""
    names = sorted(_manifest())
    assert names, "SHA256SUMS lists no seed"
    for name in names:
        assert re.fullmatch(r"[0-9]{3}-[a-z0-9]+(?:-[a-z0-9]+)*\.txt", name), f"{name}: seeds are named NNN-slug.txt"
    numbers = [name[:3] for name in names]
    assert len(set(numbers)) == len(numbers), f"two seeds share a number: {numbers}"


@pytest.mark.parametrize("name", sorted(_manifest()))
def test_seed_exists_and_matches_its_checksum(name: str) -> None:
    path = SEEDS / name
    assert path.is_file(), f"seeds/{name} is listed in SHA256SUMS but missing"
    assert _sha256(path) == _manifest()[name], f"seeds/{name} has changed: seeds must be kept byte for byte"


def test_every_seed_text_is_in_the_manifest() -> None:
    on_disk = {path.name for path in SEEDS.glob("*.txt")}
    assert on_disk, "no seed texts found"
    assert on_disk <= set(_manifest()), f"not in SHA256SUMS: {sorted(on_disk - set(_manifest()))}"


def test_shared_originals_are_copied_byte_for_byte() -> None:
    shared = next((path for path in SHARED_CANDIDATES if path.is_dir()), None)
    if shared is None:
        pytest.skip("no shared seed directory next to the repository")
    originals = sorted(shared.glob("*.txt"))
    assert originals, f"{shared} holds no .txt files"
    ours = {path.read_bytes() for path in SEEDS.glob("*.txt")}
    missing = [path.name for path in originals if path.read_bytes() not in ours]
    assert not missing, f"shared seeds with no byte-identical copy in seeds/: {missing}"

