"""A rebuild rewrites only the files whose content changed (issues #12 and #17), and a build is deterministic.

Builds the fixture corpus, changes one statement of one document in a temporary copy, rebuilds into
the same directory and compares each file's bytes and inode (a file carried over from the earlier
build keeps its inode and modification time; a rewritten one gets a new inode).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import policycmp
from policycmp.report import build

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "basic"


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``root``: bytes, inode and modification time (ns)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            info = path.stat()
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), info.st_ino, info.st_mtime_ns)
    return out


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    return root


def test_building_twice_gives_identical_bytes_and_rewrites_nothing(corpus_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(policycmp.load(corpus_copy), out)
    first = snapshot(out)
    build(policycmp.load(corpus_copy), out)
    second = snapshot(out)
    assert second == first  # same bytes, same inodes, same times: every file carried over


def test_rebuild_after_a_one_document_change_rewrites_only_the_pages_it_touches(corpus_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    corpus = policycmp.load(corpus_copy)
    theme = corpus.option_theme["army-ops"]
    build(corpus, out)
    before = snapshot(out)
    coded = corpus_copy / "recommendations" / "beta.yaml"
    text = coded.read_text(encoding="utf-8")
    head = "option: army-ops\n    stance: support\n    kind: recommendation\n    strength: "
    edited = text.replace(head + "must", head + "should")
    assert edited != text
    coded.write_text(edited, encoding="utf-8")
    build(policycmp.load(corpus_copy), out)
    after = snapshot(out)

    assert set(after) == set(before)
    changed = {p for p in after if after[p][0] != before[p][0]}
    rewritten = {p for p in after if after[p][1:] != before[p][1:]}
    assert rewritten == changed  # a file is written exactly when its bytes changed
    must_change = {"documents/beta.html", "holders/beta-desk.html", "options/army-ops.html", "assets/data.js", "downloads/statements.csv"}
    assert must_change <= changed
    may_change = {
        "documents/beta.html", "holders/beta-desk.html", "options/army-ops.html", f"themes/{theme}.html", "index.html", "assets/data.js",
    } | {p for p in after if p.startswith(("downloads/statements.", f"downloads/themes/{theme}."))}
    assert changed <= may_change, changed - may_change
    untouched = {"documents/alpha.html", "holders/alpha-team.html", "options/open-talks.html", "statements.html", "search.html",
                 "assets/site.css", "assets/site.js"}
    assert not untouched & changed
