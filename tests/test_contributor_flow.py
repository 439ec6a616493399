"""A contributor's whole path, played in a temporary copy of the repository.

New article (written for this test, tests/fixtures/contributor/) → ``policycmp new`` → coding with mistakes,
each caught at its line → fixes → validate, coverage, the shipped-corpus tests and ``policycmp diff`` green,
without touching a test, the README or reports/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from ruamel.yaml import YAML

import policycmp
from policycmp.prdiff import diff_findings

FIXTURES = REPO / "tests" / "fixtures" / "contributor"
ARTICLE = FIXTURES / "border-trade.txt"
CODED = FIXTURES / "border-trade.yaml"
SHIPPED_TESTS = ["tests/test_shipped_corpus.py", "tests/test_seeds.py", "tests/test_readme.py"]


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "c", "GIT_AUTHOR_EMAIL": "c@example.org",
           "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.org"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


def add_to_codebook(root: Path) -> None:
    """The codebook additions of the pull request: two holders and one option, written round-trip."""
    path = root / "recommendations" / "codebook.yaml"
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the codebook's own layout, so only the added lines change
    book = yaml.load(path.read_text(encoding="utf-8"))
    theme = next((t for t in book["themes"] if t["id"] == "border-management"), book["themes"][0])
    theme["options"].insert(0, {"id": "reopen-border-trade", "label": "Reopen the Afghan border crossings to trade",
                                "definition": "Opening or keeping open crossings such as Torkham for trade, apart from security disputes."})
    book["holders"].append({"id": "farah-qadir", "label": "Farah Qadir", "type": "person"})
    book["holders"].append({"id": "hamid-yusufzai", "label": "Hamid Yusufzai", "type": "person",
                            "affiliation": "Head of a traders' association in Peshawar"})
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(book, handle)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A git copy of the repository's committed files, as a contributor's fork would have them."""
    root = tmp_path / "fork"
    root.mkdir()
    tracked = git(REPO, "ls-files", "-z").split("\0")
    for name in filter(None, tracked):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "main")
    return root


def test_a_contributor_adds_an_article_and_the_pull_request_is_green(clone: Path) -> None:
    # 1. place the text
    made = run_cli("new", ARTICLE, "--title", "Border trade and the TTP question", cwd=clone)
    assert made.returncode == 0, made.stderr
    doc_id = re.search(r"seeds/(\d{3}-border-trade)\.txt", made.stdout)[1]  # type: ignore[index]
    assert (clone / "seeds" / f"{doc_id}.txt").read_bytes() == ARTICLE.read_bytes()
    again = run_cli("new", ARTICLE, cwd=clone)
    assert again.returncode == 1 and "already a seed" in again.stderr

    # 2. code it, with three mistakes a newcomer makes
    document = clone / "recommendations" / f"{doc_id}.yaml"
    add_to_codebook(clone)
    good = CODED.read_text(encoding="utf-8").replace("DOC_ID", doc_id)
    broken = (
        good.replace("holder: hamid-yusufzai", "holder: hamid-yousafzai")  # a misspelt holder
        .replace("keep the pressure on the Afghan Taliban", "keep up pressure on the Afghan Taliban")  # a paraphrase, not a quote
        .replace("    strength: could\n", "")  # a recommendation without strength
    )
    document.write_text(broken, encoding="utf-8")
    lines = broken.splitlines()

    def line_of(text: str, start: int = 0) -> int:
        return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1

    checked = run_cli("validate", cwd=clone)
    assert checked.returncode == 1
    reported = checked.stdout
    rel = f"recommendations/{doc_id}.yaml"
    assert f"{rel}:{line_of('hamid-yousafzai')}:" in reported and "did you mean 'hamid-yusufzai'" in reported
    assert f"{rel}:{line_of('keep up pressure')}:" in reported
    middle = line_of("id: middle-path-reopen-for-trade")
    assert f"{rel}:{line_of('kind: recommendation', middle)}:" in reported and "strength" in reported

    # 3. fix and check as CI does
    document.write_text(good, encoding="utf-8")
    assert run_cli("validate", "--format", "github", cwd=clone).returncode == 0
    coverage = run_cli("coverage", cwd=clone)
    assert coverage.returncode == 0, coverage.stdout

    # 4. the shipped-corpus tests pass on the fork unchanged (they run against the fork's own files)
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SHIPPED_TESTS],
                           cwd=clone, capture_output=True, text=True, timeout=600, check=False)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert " passed" in tests.stdout

    # 5. the findings diff names the new recommendations; the pull request touches only data
    diff = run_cli("diff", "HEAD", cwd=clone)
    assert diff.returncode == 0, diff.stderr
    assert f"{doc_id} / yusufzai-reopen-torkham: hamid-yusufzai support reopen-border-trade" in diff.stdout
    assert "hamid-yusufzai × reopen-border-trade: none → support" in diff.stdout
    git(clone, "add", "-A")
    touched = git(clone, "diff", "--cached", "--name-only").split()
    assert sorted(touched) == sorted(
        ["recommendations/codebook.yaml", f"recommendations/{doc_id}.yaml", "seeds/SHA256SUMS", f"seeds/{doc_id}.txt"]
    )


def test_the_findings_diff_counts_exactly_on_a_fixture(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "report" / "basic", root)
    base = policycmp.load(root)
    beta = root / "recommendations" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("    stance: oppose\n", "    stance: support\n", 1), encoding="utf-8")
    found = diff_findings(base, policycmp.load(root))
    assert found.added == [] and found.removed == []
    assert found.changed == [("beta", "no-talks", "stance oppose → support")]
    assert ("beta-desk", "open-talks", "oppose", "support") in found.cells
    assert "### Changed recommendations" in found.markdown()
    unchanged = diff_findings(base, base)
    assert unchanged.empty and unchanged.markdown().endswith(
        "No finding changes: the coded recommendations and everything derived from them are the same.\n"
    )


def add_beside_related(root: Path, suffix: str, slug: str) -> None:
    """The second request's codebook additions, written as text the way a contributor edits: its option at the
    end of another theme's own options (before the catch-all), its holders after the first holder they relate to."""
    path = root / "recommendations" / "codebook.yaml"
    text = path.read_text(encoding="utf-8")
    catch_all = "      - id: us-cooperation-other\n"
    assert catch_all in text
    option = (f"      - id: reopen-border-trade{suffix}\n        label: Reopen the border crossings to trade ({slug})\n"
              "        definition: Opening or keeping open crossings for trade, apart from security disputes.\n")
    text = text.replace(catch_all, option + catch_all, 1)
    anchor = "\nholders:\n"
    head, rest = text.split(anchor, 1)
    first, after = rest.split("\n  - ", 1)
    holders = "".join(f"  - id: {ident}{suffix}\n    label: {label} ({slug})\n    type: person\n"
                      for ident, label in (("farah-qadir", "Farah Qadir"), ("hamid-yusufzai", "Hamid Yusufzai")))
    path.write_text(f"{head}{anchor}{first}\n{holders}  - {after}", encoding="utf-8")


def open_pull_request(root: Path, branch: str, slug: str, suffix: str) -> str:
    """On a new branch from main: one article placed with ``policycmp new``, its codebook additions and its coding.

    ``suffix`` makes the second request's text and codebook ids its own (a seed's text and every id are unique).
    """
    git(root, "checkout", "-q", "-b", branch, "main")
    article = root.parent / f"{slug}.txt"
    text = ARTICLE.read_text(encoding="utf-8")
    article.write_text(f"{text}\n(Filed by the {slug} desk.)\n" if suffix else text, encoding="utf-8")
    made = run_cli("new", article, "--slug", slug, "--title", f"Border trade ({slug})", cwd=root)
    assert made.returncode == 0, made.stderr
    doc_id = re.search(rf"seeds/(\d{{3}}-{slug})\.txt", made.stdout)[1]  # type: ignore[index]
    coded = CODED.read_text(encoding="utf-8").replace("DOC_ID", doc_id)
    if suffix:  # the second request's entries go next to related ones (CONTRIBUTING), not where the first appends
        add_beside_related(root, suffix, slug)
        for ident in ("reopen-border-trade", "farah-qadir", "hamid-yusufzai"):
            coded = re.sub(rf"\b{ident}\b", f"{ident}{suffix}", coded)
    else:
        add_to_codebook(root)
    (root / "recommendations" / f"{doc_id}.yaml").write_text(coded, encoding="utf-8")
    assert run_cli("validate", cwd=root).returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"add {doc_id}")
    return doc_id


def test_two_data_pull_requests_merge_without_conflicts(clone: Path) -> None:
    """Two contributors each add an article from the same main: both merge cleanly and the result validates.

    Both take the next free number and append a manifest line at the same place (``.gitattributes`` merges the
    manifest as a union of lines); their codebook additions go next to related entries, as CONTRIBUTING asks.
    ``validate`` then checks the merged corpus as a whole.
    """
    git(clone, "branch", "-M", "main")
    first = open_pull_request(clone, "pr-one", "border-trade", "")
    second = open_pull_request(clone, "pr-two", "border-trade-desk", "-b")
    assert first[:3] == second[:3]  # both took the same next free number, from the same main
    git(clone, "checkout", "-q", "main")
    git(clone, "merge", "-q", "--no-ff", "-m", "merge one", "pr-one")
    merged = subprocess.run(["git", "merge", "--no-ff", "-m", "merge two", "pr-two"], cwd=clone, capture_output=True,
                            text=True, timeout=120, check=False,
                            env={**os.environ, "GIT_AUTHOR_NAME": "c", "GIT_AUTHOR_EMAIL": "c@example.org",
                                 "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.org"})
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert git(clone, "status", "--porcelain") == ""
    checked = run_cli("validate", "--no-cache", cwd=clone)
    assert checked.returncode == 0, checked.stdout
    corpus = policycmp.load(clone)
    assert {first, second} <= set(corpus.documents)
    assert {"reopen-border-trade", "reopen-border-trade-b"} <= set(corpus.options)
    assert run_cli("coverage", cwd=clone).returncode == 0
