"""policycmp.atomic: a file is replaced whole or not at all, and nothing temporary is left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from policycmp.atomic import replace_file, write_temporary


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_text_and_bytes_replace_the_file_with_default_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    replace_file(target, "a,b\r\nc,d\n")
    assert target.read_bytes() == b"a,b\r\nc,d\n"  # newline="" keeps the text's own line ends
    replace_file(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert leftovers(tmp_path) == []


def test_newline_translation_and_missing_parents(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "proposal.yaml"
    replace_file(target, "one\ntwo\n", newline="\r\n")
    assert target.read_bytes() == b"one\r\ntwo\r\n"
    with pytest.raises(FileNotFoundError):
        replace_file(tmp_path / "absent" / "x.txt", "x", parents=False)
    assert not (tmp_path / "absent").exists()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("good output", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        replace_file(target, "half written \ud800 never lands")  # a lone surrogate fails mid-write
    assert target.read_text(encoding="utf-8") == "good output"
    assert leftovers(tmp_path) == []


def test_a_failed_rename_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()  # a directory cannot be replaced by a file
    (target / "inside").write_text("kept", encoding="utf-8")
    with pytest.raises(OSError):
        replace_file(target, "text")
    assert (target / "inside").read_text(encoding="utf-8") == "kept"
    assert leftovers(tmp_path) == []


def test_write_temporary_leaves_the_target_alone_and_can_copy_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "codebook.yaml"
    target.write_text("before\n", encoding="utf-8")
    target.chmod(0o600)
    temporary = write_temporary(target, "after\n", mode=None)
    assert target.read_text(encoding="utf-8") == "before\n"
    assert temporary.parent == tmp_path and temporary.read_text(encoding="utf-8") == "after\n"
    assert stat.S_IMODE(temporary.stat().st_mode) == 0o600
    temporary.replace(target)
    assert target.read_text(encoding="utf-8") == "after\n" and leftovers(tmp_path) == []
