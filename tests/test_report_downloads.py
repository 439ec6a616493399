"""The report ships its tables as CSV files inside it, linked beside the tables (issue #15, downloads)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import policycmp
from policycmp.export import table_csv
from policycmp.report import build

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report" / "basic"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[policycmp.Corpus, Path]:
    corpus = policycmp.load(FIXTURE)
    out = tmp_path_factory.mktemp("downloads") / "site"
    build(corpus, out)
    return corpus, out


def test_download_links_beside_the_matrix_resolve_to_files_inside_the_report(built: tuple[policycmp.Corpus, Path]) -> None:
    _, out = built
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = page.select("p.downloads a[download]")
    assert len(links) == 2
    assert links[0].find_parent("p").find_next_sibling("div").table["id"] == "holder-option"
    for a in links:
        target = (out / str(a["href"])).resolve()
        assert target.is_file() and out.resolve() in target.parents


def test_statements_csv_is_the_export_of_the_tidy_table(built: tuple[policycmp.Corpus, Path]) -> None:
    corpus, out = built
    assert (out / "downloads" / "statements.csv").read_text(encoding="utf-8") == table_csv(corpus.table)


def test_holder_option_csv_holds_each_cell_state(built: tuple[policycmp.Corpus, Path]) -> None:
    corpus, out = built
    rows = list(csv.DictReader(io.StringIO((out / "downloads" / "holder-option.csv").read_text(encoding="utf-8"))))
    states = {(r["holder"], o): v for r in rows for o, v in r.items() if o != "holder"}
    for _, row in corpus.table.iterrows():
        # a holder with one stance on an option shows it; several stances show as mixed
        assert states[(row["holder"], row["option"])] in {row["stance"], "mixed"}
    assert states[("beta-desk", "open-talks")] == "oppose"
    assert states[("observers", "open-talks")] == "none"
