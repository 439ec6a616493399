"""The overview opens with key findings, positions per dimension and coalition evidence (issue #15).

Built from the report fixture (real YAML and seeds); the dimension test copies the fixture and adds a
dimension to its codebook, so the shared fixture stays as other tests expect it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import policycmp
from policycmp.findings import key_findings
from policycmp.report import build, network

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"

DIMENSION = """
dimensions:
  - id: approach
    label: Talk or fight
    definition: Whether to end the conflict by talks or by force.
    poles:
      - id: dialogue
        label: Talk to the rebels
      - id: force
        label: Fight the rebels
"""


def _with_dimension(tmp: Path) -> Path:
    root = tmp / "corpus"
    shutil.copytree(FIXTURE, root)
    codebook = root / "recommendations" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    place = {"open-talks": "dialogue", "pause-operations": "dialogue", "army-ops": "force"}
    for option, pole in place.items():
        text = re.sub(
            rf"(      - id: {option}\n        label: [^\n]*\n        definition: [^\n]*\n)",
            rf"\1        poles:\n          - {{dimension: approach, pole: {pole}}}\n",
            text,
        )
    codebook.write_text(text.replace("\nactors:\n", DIMENSION + "actors:\n", 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    out = tmp_path_factory.mktemp("findings") / "site"
    build(policycmp.load(FIXTURE), out)
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def dimensional_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[policycmp.Corpus, Path]:
    tmp = tmp_path_factory.mktemp("dimension")
    corpus = policycmp.load(_with_dimension(tmp))
    build(corpus, tmp / "site")
    return corpus, tmp / "site"


@pytest.fixture(scope="module")
def dimensional(dimensional_site: tuple[policycmp.Corpus, Path]) -> tuple[policycmp.Corpus, BeautifulSoup]:
    corpus, site = dimensional_site
    return corpus, BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_findings_panel_comes_first_and_states_what_each_rests_on(plain: BeautifulSoup) -> None:
    main = plain.find("main")
    headings = [h["id"] for h in main.find_all("h2")]
    assert headings[0] == "findings-h", headings
    items = plain.select("#findings li.finding")
    assert items, "the fixture has a contested option, so the panel lists it"
    for li in items:
        assert re.search(r"Rests on \d+ holders? and \d+ documents?\.", li.get_text(" ", strip=True))
    contested = plain.select("#findings li.f-contested")
    assert [li.a["href"] for li in contested] == ["options/open-talks.html"]
    assert "1 holder for, 1 against" in contested[0].get_text()
    assert "Rests on 2 holders and 2 documents." in contested[0].get_text(" ", strip=True)


def test_findings_panel_matches_key_findings(dimensional: tuple[policycmp.Corpus, BeautifulSoup]) -> None:
    corpus, page = dimensional
    found = key_findings(corpus.table, corpus.codebook.dimensions)
    shown = [li.a.get_text() for li in page.select("#findings li.finding")]
    assert shown == [f.text for f in found.items]
    assert any(f.kind == "dimension" for f in found.items)


def test_positions_per_dimension_with_statement_counts_and_undated_documents(
    dimensional: tuple[policycmp.Corpus, BeautifulSoup],
) -> None:
    _, page = dimensional
    section = page.find(id="dim-approach")
    assert section is not None and section.h3.get_text() == "Talk or fight"
    rows = {tr["data-holder"]: [td.get_text() for td in tr.find_all("td")] for tr in section.select("table.positions tbody tr")}
    # alpha supports open talks (restated: one statement per document) and pausing operations: both toward dialogue
    assert rows["alpha-team"] == ["-1.00", "2", "1"]
    # beta's statements lean away from dialogue, so toward force; conditional and forecast holders take no position
    assert rows["beta-desk"][0] == "+1.00"
    assert set(rows) == {"alpha-team", "beta-desk"}
    # the overview shows the periods (months: the one dated document), undated documents counted apart, last
    periods = {tr["data-period"]: tr for tr in section.select("table.periods tbody tr")}
    assert list(periods) == ["2024-05", "undated"]
    assert "undated" in periods["undated"]["class"]
    assert periods["2024-05"].th.a["href"] == "dimensions/approach.html#p-2024-05"
    # each document has one holder placed on the dimension: its period says what that holder's row says, plus 1 holder
    assert [td.get_text() for td in periods["2024-05"].find_all("td")] == [*rows["alpha-team"], "1"]
    assert [td.get_text() for td in periods["undated"].find_all("td")] == [*rows["beta-desk"], "1"]
    assert section.find("a", href="dimensions/approach.html") is not None
    assert section.select("ol.timeline li") == [], "the per-document timeline lives on the dimension's page"


def test_dimension_page_lists_every_document_by_period(dimensional_site: tuple[policycmp.Corpus, Path]) -> None:
    _, site = dimensional_site
    page = BeautifulSoup((site / "dimensions" / "approach.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "Talk or fight: positions over time"
    rows = {tr["data-period"]: tr.th.a["href"] for tr in page.select("table.periods tbody tr")}
    assert rows == {"2024-05": "#p-2024-05", "undated": "#p-undated"}
    sections = page.select("section.period")
    assert [s["id"] for s in sections] == ["p-2024-05", "p-undated"]  # dated first, undated listed last rather than dropped
    timeline = page.select("section.period ol.timeline li")
    by_document = {li["data-document"]: li for li in timeline}
    assert set(by_document) == {"alpha", "beta"}
    assert by_document["beta"].find(class_="when").get_text() == "undated"
    assert "undated" in by_document["beta"]["class"]
    assert by_document["alpha"].find(class_="when").get_text() == "2024-05-01"
    assert by_document["alpha"].a["href"] == "../documents/alpha.html"
    assert [li["data-document"] for li in timeline][-1] == "beta"
    assert page.find(id="p-undated").select("li")[0]["data-document"] == "beta"


def test_overview_lists_no_document_and_links_to_the_list(dimensional_site: tuple[policycmp.Corpus, Path]) -> None:
    corpus, site = dimensional_site
    overview = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not [a["href"] for a in overview.select("main a[href]") if a["href"].startswith("documents/")]
    assert "2 documents, dated from 2024-05-01 to 2024-05-01; 1 undated." in overview.find(id="documents").find_next("p").get_text()
    listing = BeautifulSoup((site / "documents.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in listing.select("ul.documents > li > a")]
    assert links == [f"documents/{d}.html" for d in sorted(corpus.documents)]
    assert overview.select_one('nav a[href="documents.html"]') is not None
    # the explanations of a document's page live once, on the list, linked from every document's page
    assert "highlighted by stance" in listing.find(id="reading").find_next("ul").get_text()
    for doc_id in corpus.documents:
        page = BeautifulSoup((site / "documents" / f"{doc_id}.html").read_text(encoding="utf-8"), "html.parser")
        assert page.select_one('section.doc-text a[href="../documents.html#reading"]') is not None
        assert "highlighted by stance" not in page.get_text()


def test_no_dimensions_says_so(plain: BeautifulSoup) -> None:
    assert plain.select("section.dimension") == []
    assert "defines no dimensions" in plain.find(id="positions").find_next("p").get_text()


def test_coalitions_show_evidence_and_robustness(plain: BeautifulSoup) -> None:
    group = plain.find(id="coalition-1")
    evidence = group.find(class_="evidence").get_text(" ", strip=True)
    assert re.match(r"Evidence: 1 agreeing pair, \d+ statements? in 1 document — rests on a single document\.", evidence)
    assert re.match(r"Robustness: members stay together in \d+% of \d+ runs?", group.find(class_="robustness").get_text())


def test_robustness_is_not_computed_for_large_corpora(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(network, "ROBUSTNESS_LIMIT", 1)
    build(policycmp.load(FIXTURE), tmp_path / "site")
    page = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    note = page.find(id="coalition-1").find(class_="robustness").get_text(" ", strip=True)
    assert note.startswith("Robustness not computed: the corpus has") and "more than 1" in note
