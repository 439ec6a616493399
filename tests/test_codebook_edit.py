"""``policycmp codebook rename`` and ``merge`` on temporary copies of real corpora.

The fixture (tests/fixtures/codebook/) holds comments, both quoting styles, flow and block lists, a team's
members, an id that is both a holder and an actor, and an extra coding; counts are exact on it. The shipped
corpus is renamed in a copy to show it stays valid and the diff touches only the id's lines.
"""

from __future__ import annotations

import difflib
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli

import policycmp
from policycmp.codebook_edit import plan, write
from policycmp.errors import UsageError

FIXTURE = REPO / "tests" / "fixtures" / "codebook"
CODEBOOK = "recommendations/codebook.yaml"
ALPHA = "recommendations/alpha.yaml"
CODING = "recommendations/codings/alpha.coder-b.yaml"


def copy_corpus(source: Path, tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name in ("recommendations", "seeds"):
        shutil.copytree(source / name, root / name)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The removed and the added lines of a diff."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return copy_corpus(FIXTURE, tmp_path)


def test_rename_option_touches_only_lines_holding_the_id(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "rename", "coercive-diplomacy", "apply-pressure", "--root", corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        f"{CODEBOOK}: 1 use",
        f"{ALPHA}: 2 uses",
        f"{CODING}: 1 use",
        "renamed option 'coercive-diplomacy' to 'apply-pressure': 4 uses in 3 files",
    ]
    after = snapshot(corpus)
    assert {path for path in after if after[path] != before[path]} == {CODEBOOK, ALPHA, CODING}
    for path, uses in ((CODEBOOK, 1), (ALPHA, 2), (CODING, 1)):
        removed, added = changed_lines(before[path].decode(), after[path].decode())
        assert len(removed) == len(added) == uses
        assert all("coercive-diplomacy" in line for line in removed)
        assert [line.replace("apply-pressure", "coercive-diplomacy") for line in added] == removed
    # quoting style kept: single quotes in the codebook, double quotes in one coding, plain in the other
    assert "      - id: 'apply-pressure'\n" in after[CODEBOOK].decode()
    assert '    option: "apply-pressure"\n' in after[ALPHA].decode()
    assert "    option: apply-pressure\n" in after[ALPHA].decode()
    # a mention in prose is listed, not rewritten
    assert "(pressure is coercive-diplomacy)" in after[CODEBOOK].decode()
    assert f"note: {CODEBOOK}:11: still mentions 'coercive-diplomacy'" in result.stdout
    data = policycmp.load(corpus)
    assert sum(rec.recommendation.option == "apply-pressure" for rec in data.documents["alpha"].recommendations) == 2


def test_rename_keeps_a_comment_on_the_renamed_line(corpus: Path) -> None:
    result = run_cli("codebook", "rename", "open-talks", "start-talks", "--root", corpus)
    assert result.returncode == 0, result.stderr
    text = (corpus / CODEBOOK).read_text(encoding="utf-8")
    assert "      - id: start-talks  # the main option; keep this comment\n" in text
    assert text.startswith("# A codebook for the rename and merge tests")
    assert "      # the catch-all comes last\n" in text
    # the recommendation id 'open-talks' is not an option use: it stays
    assert "  - id: open-talks\n    actors: [government]\n    option: start-talks\n" in (corpus / ALPHA).read_text(encoding="utf-8")


def test_rename_holder_rewrites_members_voice_and_holder(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "rename", "staff-writer", "writer", "--root", corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [f"{CODEBOOK}: 2 uses", f"{ALPHA}: 1 use", f"{CODING}: 1 use",
                                              "renamed holder 'staff-writer' to 'writer': 4 uses in 3 files"]
    book = (corpus / CODEBOOK).read_text(encoding="utf-8")
    assert "  - id: writer\n" in book and "      - writer\n      - critics\n" in book
    assert "  voice: writer\n" in (corpus / ALPHA).read_text(encoding="utf-8")
    removed, added = changed_lines(before[ALPHA].decode(), (corpus / ALPHA).read_text(encoding="utf-8"))
    assert removed == ["  voice: staff-writer"] and added == ["  voice: writer"]


def test_an_id_of_two_kinds_needs_kind(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "rename", "government", "state", "--root", corpus)
    assert result.returncode == 2
    assert "'government' is both a holder and an actor: say which with --kind holder or --kind actor" in result.stderr
    assert snapshot(corpus) == before
    result = run_cli("codebook", "rename", "government", "state", "--kind", "actor", "--root", corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [f"{CODEBOOK}: 1 use", f"{ALPHA}: 3 uses", f"{CODING}: 2 uses",
                                              "renamed actor 'government' to 'state': 6 uses in 3 files"]
    book = (corpus / CODEBOOK).read_text(encoding="utf-8")
    assert "  - id: state\n    label: The government\n" in book
    assert "  - id: government\n    label: The government, speaking officially\n" in book


def test_dry_run_prints_the_diff_and_writes_nothing(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "rename", "cross-border-strikes", "strikes", "--dry-run", "--root", corpus)
    assert result.returncode == 0, result.stderr
    assert snapshot(corpus) == before
    assert f"--- a/{CODEBOOK}\n+++ b/{CODEBOOK}\n" in result.stdout
    assert '-      - id: "cross-border-strikes"\n+      - id: "strikes"\n' in result.stdout
    assert "-    option: cross-border-strikes\n+    option: strikes\n" in result.stdout
    assert "would have renamed option 'cross-border-strikes' to 'strikes' (dry run, nothing written): 2 uses in 2 files" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("rename", "coercive-diplomcy", "x"), 1, "unknown option, holder or actor 'coercive-diplomcy' in recommendations/codebook.yaml; "
                                                  "did you mean 'coercive-diplomacy'?"),
        (("rename", "open-talks", "coercive-diplomacy"), 1, "option 'coercive-diplomacy' already exists in recommendations/codebook.yaml: "
                                                            "choose a new id, or fold 'open-talks' into it with "
                                                            "'policycmp codebook merge open-talks coercive-diplomacy'"),
        (("rename", "open-talks", "Open Talks"), 2, "'Open Talks' is not a valid id"),
        (("merge", "open-talks", "coercive-diplomcy"), 1, "unknown option 'coercive-diplomcy' in recommendations/codebook.yaml; "
                                                          "did you mean 'coercive-diplomacy'?"),
        (("merge", "cross-border-strikes", "open-talks"), 1, "options 'cross-border-strikes' (theme military) and 'open-talks' "
                                                             "(theme negotiations) are in different themes"),
        (("merge", "--kind", "holder", "army", "officials"), 1, "unknown holder 'army' in recommendations/codebook.yaml"),
    ],
)
def test_refusals_write_nothing(corpus: Path, args: tuple[str, ...], code: int, message: str) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", *args, "--root", corpus)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(corpus) == before


def test_merge_actor_removes_its_entry_and_the_repeated_list_item(corpus: Path) -> None:
    result = run_cli("codebook", "merge", "military", "army", "--root", corpus)
    assert result.returncode == 0, result.stderr
    lines = [f"{CODEBOOK}: 1 use", f"{ALPHA}: 2 uses", "merged actor 'military' into 'army': 3 uses in 2 files"]
    assert result.stdout.splitlines()[:3] == lines
    book = (corpus / CODEBOOK).read_text(encoding="utf-8")
    assert "  - id: army\n    label: The army\n\nholders:\n" in book
    assert "armed forces" not in book
    alpha = (corpus / ALPHA).read_text(encoding="utf-8")
    assert "    actors:\n      - army\n    option: cross-border-strikes\n" in alpha  # the block item 'military' removed
    assert "    actors: [army, government]\n" in alpha  # the flow item renamed
    assert "military" not in alpha
    policycmp.load(corpus)


def test_merge_holder_folds_uses_and_members(corpus: Path) -> None:
    result = run_cli("codebook", "merge", "critics", "officials", "--root", corpus)
    assert result.returncode == 0, result.stderr
    book = (corpus / CODEBOOK).read_text(encoding="utf-8")
    assert "critics" not in book
    assert "      - staff-writer\n      - officials\n" in book
    assert "    holder: 'officials'\n" in (corpus / ALPHA).read_text(encoding="utf-8")
    assert "    holder: officials\n" in (corpus / CODING).read_text(encoding="utf-8")
    data = policycmp.load(corpus)
    assert {rec.holder for rec in data.documents["alpha"].recommendations} == {"staff-writer", "officials"}


def test_merge_refused_when_a_holder_would_code_one_statement_twice(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "merge", "coercive-diplomacy", "open-talks", "--root", corpus)
    assert result.returncode == 1
    assert (f"{ALPHA}:23:5: recommendations 'open-talks' and 'talks-as-pressure' would give holder 'staff-writer' two codings "
            "of option 'open-talks' in the same statement") in result.stderr
    assert snapshot(corpus) == before


def test_merge_refused_with_the_loader_problems_when_the_result_would_not_validate(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "merge", "negotiations-other", "open-talks", "--root", corpus)
    assert result.returncode == 1
    assert "the merge is refused, nothing was written: the result would not validate" in result.stderr
    assert f"{CODEBOOK}:" in result.stderr and "theme 'negotiations' has 0 catch-all options" in result.stderr
    assert snapshot(corpus) == before


def test_a_failed_write_restores_every_file(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(corpus)
    edit = plan(corpus, "rename", "coercive-diplomacy", "apply-pressure")
    calls: list[Path] = []
    real_replace = Path.replace

    def failing_replace(self: Path, target: Path) -> Path:  # the second rename fails, as on a full disk
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    with pytest.raises(policycmp.PolicycmpError, match="the files already replaced were restored"):
        write(corpus, edit)
    assert snapshot(corpus) == before  # first file restored, no temporary file left


def test_missing_ruamel_names_the_extra(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ruamel.yaml", None)  # import fails as when the extra is not installed
    with pytest.raises(UsageError, match=r"pip install 'policycmp\[maintain\]'"):
        plan(corpus, "rename", "open-talks", "start-talks")


def test_shipped_corpus_stays_valid_after_a_rename(tmp_path: Path, shipped: policycmp.Corpus) -> None:
    """Rename the shipped corpus's most used option in a copy: it validates, every use moved, only id lines changed."""
    counts: dict[str, int] = {}
    for doc in shipped.documents.values():
        for rec in doc.recommendations:
            counts[rec.recommendation.option] = counts.get(rec.recommendation.option, 0) + 1
    option = max(sorted(counts), key=lambda key: counts[key])
    root = copy_corpus(REPO, tmp_path)
    before = snapshot(root)
    result = run_cli("codebook", "rename", option, "renamed-option", "--root", root)
    assert result.returncode == 0, result.stderr
    after = policycmp.load(root)
    moved = sum(rec.recommendation.option == "renamed-option" for doc in after.documents.values() for rec in doc.recommendations)
    assert moved == counts[option]
    assert sum(len(d.recommendations) for d in after.documents.values()) == sum(len(d.recommendations) for d in shipped.documents.values())
    changed = 0
    for path, data in snapshot(root).items():
        removed, added = changed_lines(before[path].decode(), data.decode())
        assert all(option in line for line in removed), path
        assert [line.replace("renamed-option", option) for line in added] == removed, path
        changed += len(removed)
    assert f"{changed} uses in" in result.stdout


def test_holder_merge_refused_when_it_would_code_one_statement_twice(corpus: Path) -> None:
    before = snapshot(corpus)
    result = run_cli("codebook", "merge", "officials", "staff-writer", "--root", corpus)
    assert result.returncode == 1
    assert (f"{CODING}:29:5: recommendations 'talks' and 'officials-talks' would give holder 'staff-writer' two codings "
            "of option 'open-talks' in the same statement") in result.stderr
    assert snapshot(corpus) == before


def test_windows_line_ends_are_kept(corpus: Path) -> None:
    path = corpus / ALPHA
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    result = run_cli("codebook", "rename", "cross-border-strikes", "strikes", "--root", corpus)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == before.replace(b"option: cross-border-strikes\r\n", b"option: strikes\r\n")
