"""``policycmp generated [--check]``, typed options and their one run-time check, and ``ReportOptions`` reaching the report.

Generated-file tests run on a copy of the small report fixture (real YAML, real seeds), so they
never depend on the shipped corpus's size.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest

import policycmp
from policycmp import generated
from policycmp.cli import CLI_DOC, cli_reference
from policycmp.errors import UsageError
from policycmp.options import DUPLICATE_RULES, GROUP_KEYS, NORMALISATIONS, GroupKey, choose
from policycmp.report.build import render_site
from policycmp.report.site import ReportOptions
from tests.conftest import REPO, run_cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "basic"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE, target)
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_names_every_missing_file_and_writes_nothing(root: Path) -> None:
    before = snapshot(root)
    result = run_cli("generated", "--check", "--root", root)
    assert result.returncode == 1
    named = {line.split(":")[0] for line in result.stderr.splitlines() if line.endswith("run 'policycmp generated' and commit the result")}
    assert {"schema/codebook.schema.json", "schema/document.schema.json", "docs/errors.md", "docs/cli.md", "reports/index.html"} <= named
    assert named == set(generated.check(root, extra={CLI_DOC: cli_reference().encode("utf-8")}))  # the command adds its reference
    assert snapshot(root) == before


def test_generate_then_check_is_clean_and_a_second_run_writes_nothing(root: Path) -> None:
    wrote = run_cli("generated", "--root", root)
    assert wrote.returncode == 0, wrote.stderr
    assert wrote.stdout.startswith("regenerated ")
    assert run_cli("generated", "--check", "--root", root).returncode == 0
    after = snapshot(root)
    again = run_cli("generated", "--root", root)
    assert again.stdout == "every generated file was already up to date\n"
    assert snapshot(root) == after
    assert generated.stale(root, generated.expected(policycmp.load(root))) == []


def test_check_finds_an_edited_report_page_a_stray_file_and_a_stale_schema(root: Path) -> None:
    run_cli("generated", "--root", root)
    page = root / "reports" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    (root / "reports" / "old-page.html").write_text("left over", encoding="utf-8")
    (root / "docs" / "errors.md").write_text("stale", encoding="utf-8")
    result = run_cli("generated", "--check", "--root", root)
    assert result.returncode == 1
    assert sorted(line.split(":")[0] for line in result.stderr.splitlines()[:-1]) == [
        "docs/errors.md",
        "reports/index.html",
        "reports/old-page.html",
    ]
    assert result.stderr.splitlines()[-1] == "3 generated files out of date"
    fixed = run_cli("generated", "--root", root)
    assert fixed.returncode == 0
    assert not (root / "reports" / "old-page.html").exists()
    assert generated.check(root) == []


def test_a_corpus_with_problems_is_reported_not_checked(root: Path) -> None:
    (root / "recommendations" / "alpha.yaml").write_text("document: [\n", encoding="utf-8")
    result = run_cli("generated", "--check", "--root", root)
    assert result.returncode == 1
    assert "yaml-syntax" in result.stderr
    assert "out of date" not in result.stderr


def test_the_repository_generated_files_are_current() -> None:
    """Every generated file of the repository (schemas, docs/errors.md, reports/) is what the code makes."""
    assert generated.check(REPO) == [], "run `policycmp generated` at the repository root and commit the result"


def test_choose_accepts_a_choice_and_names_every_choice_otherwise() -> None:
    assert choose("duplicates", "corpus", DUPLICATE_RULES, "a duplicate rule") == "corpus"
    with pytest.raises(UsageError) as info:
        choose("duplicates", "twice", DUPLICATE_RULES, "a duplicate rule")
    assert str(info.value) == "duplicates='twice' is not a duplicate rule; choose from: document, corpus, all"
    with pytest.raises(UsageError, match=r"^normalise=3 is not a normalisation; choose from: raw, average, jaccard, cosine$"):
        choose("normalise", 3, NORMALISATIONS, "a normalisation")


def test_group_keys_are_the_literal_and_each_reads_a_tidy_column() -> None:
    from policycmp.filters import GROUP_COLUMNS
    from policycmp.table import COLUMNS

    assert get_args(GroupKey) == GROUP_KEYS
    assert set(GROUP_COLUMNS) == set(GROUP_KEYS)
    assert set(GROUP_COLUMNS.values()) <= set(COLUMNS)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.matrix(duplicates="twice"), "duplicates='twice' is not a duplicate rule"),
        (lambda c: c.agreement("mean"), "normalise='mean' is not a normalisation"),
        (lambda c: c.agreement(measure="hate"), "measure='hate' is not an agreement measure"),
        (lambda c: c.coalitions(method="kmeans"), "method='kmeans' is not a community method"),
        (lambda c: c.contested(by="colour"), "by='colour' is not a grouping key"),
        (lambda c: c.side_by_side("nowhere"), "theme='nowhere' is not a theme of the codebook"),
        (lambda c: c.export("xlsx", "out"), "to='xlsx' is not an export format"),
        (lambda c: c.report("out", normalise="mean"), "normalise='mean' is not a normalisation"),
    ],
)
def test_every_public_choice_is_checked_by_the_one_helper(root: Path, call: object, message: str) -> None:
    corpus = policycmp.load(root)
    with pytest.raises(UsageError, match="^" + message.replace("(", r"\(") + "; choose from: "):
        call(corpus)  # type: ignore[operator]


def test_report_options_reach_the_analyses_and_the_default_is_todays_report(root: Path) -> None:
    corpus = policycmp.load(root)
    default = render_site(corpus)
    assert render_site(corpus, ReportOptions()) == default
    assert render_site(corpus, ReportOptions(normalise="jaccard", duplicates="document")) == default
    for how in NORMALISATIONS:
        for rule in DUPLICATE_RULES:
            files = render_site(corpus, ReportOptions(normalise=how, duplicates=rule))
            assert set(files) == set(default)  # every option set gives the whole site


def test_report_command_passes_its_options_to_the_site(root: Path, tmp_path: Path) -> None:
    corpus = policycmp.load(root)
    out = tmp_path / "site"
    result = run_cli("report", "--root", root, "--out", out, "--normalise", "raw", "--duplicates", "all")
    assert result.returncode == 0, result.stderr
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert built == render_site(corpus, ReportOptions(normalise="raw", duplicates="all"))
    via_api = corpus.report(tmp_path / "api", normalise="raw", duplicates="all")
    assert {p.relative_to(via_api).as_posix(): p.read_bytes() for p in via_api.rglob("*") if p.is_file()} == built
    bad = run_cli("report", "--root", root, "--out", out, "--duplicates", "twice")
    assert bad.returncode == 2
    assert "'twice' is not one of 'document', 'corpus', 'all'" in bad.stderr
