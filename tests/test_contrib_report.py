"""reports/ stays out of pull-request diffs: a one-document change rebuilds only the pages that show it,
and ``policycmp report --check`` names every stale file without writing anything."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import REPO, run_cli

import policycmp
from policycmp.report import build, render_site

FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"

GAMMA_TEXT = "Gamma notes.\nThe ministry should fund clinics in every district this year.\n"
GAMMA_YAML = """document:
  id: gamma
  seed: gamma.txt
  title: Gamma notes
  authors: []
  voice: ministry-voice
  outlet: null
  kind: other
  date: null
  date_note: the text gives no date
coders: [fixture]
recommendations:
  - id: fund-clinics-now
    actors: [ministry]
    option: fund-clinics
    stance: support
    kind: recommendation
    strength: should
    quote: The ministry should fund clinics in every district this year
"""


def add_gamma(root: Path) -> None:
    """One more coded document, as a contributor's pull request would add it."""
    (root / "seeds" / "gamma.txt").write_text(GAMMA_TEXT, encoding="utf-8")
    digest = hashlib.sha256(GAMMA_TEXT.encode("utf-8")).hexdigest()
    with (root / "seeds" / "SHA256SUMS").open("a", encoding="utf-8") as manifest:
        manifest.write(f"{digest}  gamma.txt\n")
    (root / "recommendations" / "gamma.yaml").write_text(GAMMA_YAML, encoding="utf-8")


def test_adding_a_document_changes_only_the_pages_that_show_it(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    before = render_site(policycmp.load(root))
    add_gamma(root)
    after = render_site(policycmp.load(root))
    changed = sorted(path for path in after if before.get(path) != after[path])
    # new: the document and its (previously silent) holder's page; changed: the option, its theme and the overview.
    # (beta-desk, conditional on fund-clinics, is neither in agreement nor in conflict: its page stays as it was.)
    assert changed == [
        "assets/data.js",  # the statements view's and the search's data: every statement
        "documents.html",  # the list of documents, which names the new one
        "documents/gamma.html",
        "downloads/holder-theme.csv",  # the ministry's count on the theme grows (its stance on the option does not change)
        "downloads/holder-theme.json",
        "downloads/statements.csv",  # every statement, so a new one changes it (shipped once, as CSV)
        "downloads/themes/services.csv",  # the theme's side-by-side table, beside it on the theme page
        "downloads/themes/services.json",
        "holders/ministry-voice.html",
        "index.html",
        "options/fund-clinics.html",
        "themes/services.html",
    ]
    unrelated = [p for p in before if p.startswith(("documents/", "options/")) and p not in changed]
    assert unrelated, "the fixture has pages the new document does not touch"
    assert all(before[p] == after[p] for p in unrelated)


def test_no_page_carries_corpus_wide_counts_in_its_footer() -> None:
    files = render_site(policycmp.load(FIXTURE))
    pages = {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".html")}
    footers = {path: text.split("<footer>", 1)[1].split("</footer>", 1)[0] for path, text in pages.items()}
    assert footers and all("recommendation" not in footer and "document" not in footer for footer in footers.values())


def test_report_check_names_stale_files_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    build(policycmp.load(root), root / "reports")
    fresh = run_cli("report", "--check", "--root", root)
    assert fresh.returncode == 0, fresh.stderr
    assert "reports/ is the build of this corpus" in fresh.stdout

    add_gamma(root)
    (root / "reports" / "options" / "left-over.html").write_text("from an old build", encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in (root / "reports").rglob("*") if p.is_file()}
    stale = run_cli("report", "--check", "--root", root)
    assert stale.returncode == 1
    named = [line.split(": ", 1)[0] for line in stale.stderr.splitlines() if ": stale;" in line]
    assert named == [
        "reports/assets/data.js",
        "reports/documents.html",
        "reports/documents/gamma.html",
        "reports/downloads/holder-theme.csv",
        "reports/downloads/holder-theme.json",
        "reports/downloads/statements.csv",
        "reports/downloads/themes/services.csv",
        "reports/downloads/themes/services.json",
        "reports/holders/ministry-voice.html",
        "reports/index.html",
        "reports/options/fund-clinics.html",
        "reports/options/left-over.html",
        "reports/themes/services.html",
    ]
    assert "13 stale files in reports/" in stale.stderr
    assert {p: p.read_bytes() for p in (root / "reports").rglob("*") if p.is_file()} == snapshot, "--check wrote something"
