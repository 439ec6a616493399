"""``policycmp new``: the next free number, a correct manifest line, a scaffold that validates once filled in,
and a refusal that writes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import REPO, run_cli

FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    (root / "seeds" / "007-older.txt").write_text("An older text.\n", encoding="utf-8")
    manifest = root / "seeds" / "SHA256SUMS"
    digest = hashlib.sha256(b"An older text.\n").hexdigest()
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"{digest}  007-older.txt", encoding="utf-8")  # no final newline
    return root


def test_new_takes_the_next_number_and_appends_a_correct_line(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    article = tmp_path / "My Article — Draft.txt"
    article.write_text("Officials said talks should resume.\n", encoding="utf-8")
    done = run_cli("new", article, "--root", root)
    assert done.returncode == 0, done.stderr
    assert (root / "seeds" / "008-my-article-draft.txt").read_bytes() == article.read_bytes()
    lines = (root / "seeds" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert lines[-2].endswith("  007-older.txt")
    assert lines[-1] == f"{hashlib.sha256(article.read_bytes()).hexdigest()}  008-my-article-draft.txt"
    scaffold = (root / "recommendations" / "008-my-article-draft.yaml").read_text(encoding="utf-8")
    assert scaffold.startswith("# yaml-language-server: $schema=../schema/document.schema.json\n")
    assert "  id: 008-my-article-draft\n  seed: 008-my-article-draft.txt\n" in scaffold
    assert "#   - id: holder-does-what" in scaffold  # the commented example
    # unfilled, it fails validation at the placeholder, naming its line
    checked = run_cli("validate", "--root", root)
    assert checked.returncode == 1 and "recommendations/008-my-article-draft.yaml:8:" in checked.stdout


def test_new_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    article = tmp_path / "talks.txt"
    article.write_text("Officials said talks should resume.\n", encoding="utf-8")
    (root / "recommendations" / "008-talks.yaml").write_text("# someone's work\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    refused = run_cli("new", article, "--root", root)
    assert refused.returncode == 1
    assert "recommendations/008-talks.yaml already exists; nothing was written" in refused.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_codebook_unused_lists_ids_no_document_uses(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    book = root / "recommendations" / "codebook.yaml"
    book.write_text(book.read_text(encoding="utf-8") + "  - id: nobody-yet\n    label: Nobody yet\n    type: person\n", encoding="utf-8")
    listed = run_cli("codebook", "unused", "--root", root)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["option unused-option", "holder nobody-yet", "2 unused ids in recommendations/codebook.yaml"]
    assert book.read_text(encoding="utf-8").endswith("type: person\n"), "read-only"
