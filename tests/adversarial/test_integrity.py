"""Section 4 of issue 9: the checksum manifest, a seed coded twice and member circles are located problems."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from loader_helpers import CODEBOOK, copy_document, copy_mini, edit

from policycmp.errors import CorpusError
from policycmp.loader import load

from .helpers import run


def problems(root: Path) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load(root)
    return [p.format() for p in caught.value.problems]


def test_a_second_manifest_line_for_an_edited_seed_is_an_error(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    seed = root / "seeds/alpha.txt"
    seed.write_bytes(seed.read_bytes() + b"An edit.\n")
    with (root / "seeds/SHA256SUMS").open("a", encoding="utf-8") as manifest:  # what `sha256sum alpha.txt >> SHA256SUMS` does
        manifest.write(f"{hashlib.sha256(seed.read_bytes()).hexdigest()}  alpha.txt\n")
    found = problems(root)
    assert found[0].startswith("seeds/SHA256SUMS:1:1: seeds/alpha.txt does not match its checksum")  # the first line stands
    assert found[1:] == [
        "seeds/SHA256SUMS:2:1: seeds/alpha.txt is already listed on line 1: a seed has one checksum, of the original text; "
        "remove this line (an edited seed must be restored, not re-listed) [PC311 manifest-duplicate]"
    ]
    assert len(found) == 2


def test_a_deleted_manifest_is_an_error(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / "seeds/SHA256SUMS").unlink()
    code, lines = run("validate", "--root", root)
    assert code == 1
    assert lines == [
        "seeds/SHA256SUMS:1:1: seeds/SHA256SUMS does not exist, so no seed can be checked byte for byte: restore it "
        "(for a new corpus: cd seeds && sha256sum *.txt > SHA256SUMS) [PC312 missing-manifest]",
        "1 problem in 1 file",
    ]


def test_a_seed_missing_from_the_manifest_is_a_validate_problem(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / "seeds/extra.txt").write_text("Not coded yet.\n", encoding="utf-8")
    code, lines = run("validate", "--root", root)
    assert code == 1
    assert lines == [
        "seeds/extra.txt:1:1: this seed is not listed in seeds/SHA256SUMS: add its line (cd seeds && sha256sum extra.txt >> SHA256SUMS), "
        "or remove the file [PC309 seed-not-in-manifest]",
        "1 problem in 1 file",
    ]


def test_two_documents_coding_one_seed_is_a_located_error(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    copy_document(root, "beta")
    edit(root, "recommendations/beta.yaml", "seed: beta.txt", "seed: alpha.txt")
    assert problems(root) == [
        "recommendations/beta.yaml:3:9: seed 'alpha.txt' is already coded in recommendations/alpha.yaml: a seed has one main coding "
        "(merge the two files, or correct 'seed' here); a second coder's independent coding goes to "
        "recommendations/codings/<id>.<coder>.yaml [PC313 seed-coded-twice]"
    ]


def test_a_holder_that_is_its_own_member_is_a_located_error(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, CODEBOOK, "    type: collective", "    type: collective\n    members: [staff-writer, critics]")
    assert problems(root) == [
        "recommendations/codebook.yaml:43:29: holder 'critics' lists itself among its members: remove it [PC314 member-cycle]"
    ]


def test_a_circle_of_members_is_one_located_error(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, CODEBOOK, "    type: person", "    type: person\n    members: [officials]")
    edit(root, CODEBOOK, "    type: anonymous-sources", "    type: anonymous-sources\n    members: [critics]")
    edit(root, CODEBOOK, "    type: collective", "    type: collective\n    members: [staff-writer]")
    assert problems(root) == [
        "recommendations/codebook.yaml:37:15: holder 'staff-writer' is its own member through a circle of members "
        "(staff-writer → officials → critics → staff-writer): remove the member that closes the circle [PC314 member-cycle]"
    ]
