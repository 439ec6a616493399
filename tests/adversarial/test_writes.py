"""Writes that went to the wrong place: linked and mounted --out, unrelated files, running from the wrong directory."""

from __future__ import annotations

import errno
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import policycmp
from policycmp.report.build import MARKER, SINGLE_FILE_MARK, ReportError, build

building = importlib.import_module("policycmp.report.build")  # the module (policycmp.report.build is also a function's name)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "basic"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policycmp", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    return root


def relabel(root: Path, new: str) -> None:
    """Change one theme label, so a rebuilt report differs from the previous one."""
    path = root / "recommendations" / "codebook.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: Use of force", f"label: {new}"), encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_out_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    sites = tmp_path / "sites"
    sites.mkdir()
    target = sites / "v1"
    build(policycmp.load(root), target)
    link = tmp_path / "current"
    link.symlink_to(target)
    # debris of an earlier run of the old code: a staging link beside the link, from a process that is gone
    debris = tmp_path / f".current.building-{dead_pid()}-x1y2"
    debris.symlink_to(target)
    relabel(root, "Force, relabelled")

    result = run("report", "--root", root, "--out", link, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.readlink() == target
    assert "Force, relabelled" in (target / "index.html").read_text(encoding="utf-8")
    assert (target / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "current", "sites"]
    assert sorted(p.name for p in sites.iterdir()) == ["v1"]


def test_stale_debris_directories_of_killed_builds_are_removed(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    out = tmp_path / "reports"
    pid = dead_pid()
    for name in (f".reports.building-{pid}-a", f".reports.old-{pid}-b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("half")
    build(policycmp.load(root), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "reports"]


def _unmovable(out: Path, monkeypatch: pytest.MonkeyPatch, *, fail_after: int | None = None) -> list[tuple[Path, Path]]:
    """Make ``out`` behave like a mount point: renaming it (or onto it) fails with EBUSY.

    With ``fail_after``, the one rename after that many successful renames fails (an I/O error mid-swap).
    """
    real = building._rename
    done: list[tuple[Path, Path]] = []
    failed: list[Path] = []

    def rename(src: Path, dst: Path) -> None:
        if out.absolute() in (src.absolute(), dst.absolute()):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))
        if fail_after is not None and len(done) == fail_after and not failed:
            failed.append(src)
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)
        done.append((src, dst))

    def exchange(a: Path, b: Path) -> bool:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

    monkeypatch.setattr(building, "_rename", rename)
    monkeypatch.setattr(building, "_exchange", exchange)
    return done


def test_a_mount_point_gets_its_contents_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path)
    out = tmp_path / "reports"
    build(policycmp.load(root), out)
    inode = out.stat().st_ino
    (out / "stray.html").write_text("from an older report")
    relabel(root, "Force, remounted")
    _unmovable(out, monkeypatch)

    build(policycmp.load(root), out)

    assert out.stat().st_ino == inode  # the directory itself was never renamed
    assert "Force, remounted" in (out / "index.html").read_text(encoding="utf-8")
    assert tree(out) == building.render_site(policycmp.load(root))  # exactly the new report: no stray, no temporary entry
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "reports"]


def test_a_mount_point_keeps_its_old_report_when_the_swap_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path)
    out = tmp_path / "reports"
    build(policycmp.load(root), out)
    before = tree(out)
    relabel(root, "Force, never shown")
    entries = len(list(out.iterdir()))
    done = _unmovable(out, monkeypatch, fail_after=entries + 2)  # all old entries moved aside, two new ones in

    with pytest.raises(ReportError, match="the previous report is unchanged"):
        build(policycmp.load(root), out)

    assert len(done) > entries + 2  # the failure came mid-swap, after the old entries were moved aside
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "reports"]


def test_single_file_refuses_to_overwrite_an_unrelated_file(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("years of notes")
    result = run("report", "--root", root, "--format", "single-file", "--theme", "talks", "--out", notes, cwd=tmp_path)
    assert result.returncode == 2
    assert f"error: {notes} exists and is not a policycmp single-file report, so it will not be overwritten" in result.stderr
    assert notes.read_text() == "years of notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "notes.txt"]


def test_single_file_replaces_its_own_earlier_report(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    brief = tmp_path / "brief.html"
    first = run("report", "--root", root, "--format", "single-file", "--theme", "force", "--out", brief, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert SINGLE_FILE_MARK in brief.read_text(encoding="utf-8")
    relabel(root, "Force, second edition")
    again = run("report", "--root", root, "--format", "single-file", "--theme", "force", "--out", brief, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Force, second edition" in brief.read_text(encoding="utf-8")


def test_report_from_a_subdirectory_writes_beside_recommendations(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    result = run("report", cwd=root / "recommendations")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"corpus root: {root.resolve()} (found from {(root / 'recommendations').resolve()})\n"
    assert not (root / "recommendations" / "reports").exists()
    assert (root / "reports" / MARKER).is_file()


@pytest.mark.parametrize("command", [["report"], ["coverage"], ["validate"], ["schema"], ["schema", "--check"]])
def test_outside_any_corpus_commands_refuse(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    result = run(*command, cwd=empty)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"error: no corpus here: neither {empty.resolve()} nor its parents hold recommendations/codebook.yaml; "
        "run the command inside a corpus or name one with --root DIR"
    )
    assert list(empty.iterdir()) == []


def test_schema_writes_into_the_corpus_root_only(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    result = run("schema", cwd=root / "seeds")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "seeds").iterdir()) == sorted(p.name for p in (FIXTURE / "seeds").iterdir())
    assert (root / "schema" / "document.schema.json").is_file() and (root / "docs" / "errors.md").is_file()
    not_a_corpus = run("schema", "--root", root / "seeds", cwd=tmp_path)
    assert not_a_corpus.returncode == 2
    assert "is not a corpus root: it holds no recommendations/codebook.yaml" in not_a_corpus.stderr
