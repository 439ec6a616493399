"""The report ships its tables as CSV files inside it, linked beside the tables (issue #15, downloads)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import policycmp
from policycmp.report import build
from policycmp.report.downloads import DOWNLOADS, SINGLE_FORMAT, STATEMENT_COLUMNS, frame_csv, json_twin

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report" / "basic"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[policycmp.Corpus, Path]:
    corpus = policycmp.load(FIXTURE)
    out = tmp_path_factory.mktemp("downloads") / "site"
    build(corpus, out)
    return corpus, out


def test_every_table_of_the_overview_has_csv_and_json_links_to_files_inside_the_report(built: tuple[policycmp.Corpus, Path]) -> None:
    _, out = built
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    for table_id in ("holder-option", "holder-theme"):
        wrap = page.find("table", id=table_id).find_parent("div")
        beside = list(wrap.find_previous_siblings("p", class_="downloads"))[:2]
        assert table_id in {p["data-table"] for p in beside}
    for p in page.select("p.downloads"):
        hrefs = [str(a["href"]) for a in p.select("a[download]")]
        if p["data-table"] in SINGLE_FORMAT:  # shipped once, as CSV; the export gives every format
            assert hrefs == [f"downloads/{p['data-table']}.csv"] and "policycmp export" in p.get_text()
        else:
            assert hrefs == [f"downloads/{p['data-table']}.csv", f"downloads/{p['data-table']}.json"]
        for href in hrefs:
            target = (out / href).resolve()
            assert target.is_file() and out.resolve() in target.parents


def test_csv_and_json_twins_hold_the_same_rows(built: tuple[policycmp.Corpus, Path]) -> None:
    _, out = built
    for name, path in DOWNLOADS.items():
        if not (out / path).exists() or name in SINGLE_FORMAT:
            continue
        rows = list(csv.DictReader(io.StringIO((out / path).read_text(encoding="utf-8"))))
        tables = json.loads((out / json_twin(path)).read_text(encoding="utf-8"))["tables"]
        (records,) = [t["records"] for t in tables.values()]
        assert len(rows) == len(records), path
        if rows:
            assert list(rows[0]) == list(records[0]), path
            first = {k: v for k, v in records[0].items() if isinstance(v, str) and not v.startswith(("=", "+", "-", "@", "'"))}
            assert all(rows[0][k] == v for k, v in first.items()), path


def test_statements_are_shipped_once_as_csv_with_every_statement_and_its_quote(built: tuple[policycmp.Corpus, Path]) -> None:
    """One file, the statements view's columns by id, every statement of the tidy table in its order, the quote in the
    seed's own words (the export keeps every column in every format)."""
    corpus, out = built
    assert not (out / "downloads" / "statements.json").exists()
    rows = list(csv.DictReader(io.StringIO((out / "downloads" / "statements.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(STATEMENT_COLUMNS)
    table = corpus.table
    assert [(r["document"], r["rec_id"]) for r in rows] == list(zip(table["document"], table["rec_id"], strict=True))
    for r, (_, t) in zip(rows, table.iterrows(), strict=True):
        text = corpus.documents[r["document"]].text
        assert r["quote"] == " … ".join(text[s:e] for s, e in t["segments"])
        assert (r["holder"], r["option"], r["stance"], r["kind"]) == (t["holder"], t["option"], t["stance"], t["kind"])
        assert r["strength"] == (t["strength"] if isinstance(t["strength"], str) else "")


def test_csv_downloads_neutralise_formulas() -> None:
    frame = pd.DataFrame({"holder": ["=cmd()", "plain", "+1", "@x"], "n": [1, 2, 3, 4]})
    rows = list(csv.reader(io.StringIO(frame_csv(frame).decode("utf-8"))))
    assert [r[0] for r in rows[1:]] == ["'=cmd()", "plain", "'+1", "'@x"]


def test_holder_option_csv_holds_each_cell_state(built: tuple[policycmp.Corpus, Path]) -> None:
    corpus, out = built
    rows = list(csv.DictReader(io.StringIO((out / "downloads" / "holder-option.csv").read_text(encoding="utf-8"))))
    states = {(r["holder"], o): v for r in rows for o, v in r.items() if o != "holder"}
    for _, row in corpus.table.iterrows():
        # a holder with one stance on an option shows it; several stances show as mixed
        assert states[(row["holder"], row["option"])] in {row["stance"], "mixed"}
    assert states[("beta-desk", "open-talks")] == "oppose"
    assert states[("observers", "open-talks")] == "none"


def test_every_download_is_linked_beside_its_table_and_every_link_resolves(built: tuple[policycmp.Corpus, Path]) -> None:
    _, out = built
    files = {p.relative_to(out).as_posix() for p in (out / "downloads").rglob("*") if p.is_file()}
    linked: set[str] = set()
    for page_path in sorted(out.rglob("*.html")):
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
        for p in page.select("p.downloads"):
            table = p.find_next_sibling("div", class_="table-wrap")  # the table the links stand beside
            assert table is not None and table.find("table") is not None, page_path
            for a in p.select("a[download]"):
                target = (page_path.parent / str(a["href"])).resolve()
                assert target.is_file(), (page_path, a["href"])
                linked.add(target.relative_to(out.resolve()).as_posix())
    assert linked == files


def test_reliability_figures_downloads_hold_the_rows_of_their_tables() -> None:
    """On a corpus with extra codings (the shipped one): the front page's and each reliability page's figures."""
    from conftest import REPO

    from policycmp.report import render_site

    corpus = policycmp.load(REPO)
    if not corpus.codings:
        pytest.skip("the shipped corpus has no extra codings")
    files = render_site(corpus)
    pages = [p for p in files if p == "index.html" or p.startswith("reliability/")]
    assert len(pages) > 1
    for path in pages:
        page = BeautifulSoup(files[path].decode("utf-8"), "html.parser")
        (links,) = [p for p in page.select("p.downloads") if str(p["data-table"]).startswith("reliability")]
        base = "../" * path.count("/")
        csv_href = str(links.select("a[download]")[0]["href"]).removeprefix(base)
        rows = list(csv.DictReader(io.StringIO(files[csv_href].decode("utf-8"))))
        shown = [(tr.find_parent("table").caption.get_text(), tr.th.get_text()) for tr in page.select("table.reliability tbody tr")]
        assert [r["field"] for r in rows] == [field for _, field in shown], path
        assert [r["view"] for r in rows] == ["spans" if "coded spans" in caption else "sentences" for caption, _ in shown], path
        first = page.select("table.reliability tbody tr")[0].find_all("td")
        assert first[0].get_text() == rows[0]["units"]
        assert first[1].get_text().startswith(f"{float(rows[0]['percent']):.3f}")
        assert json.loads(files[json_twin(csv_href)])["tables"]["reliability"]["records"][0]["field"] == rows[0]["field"]
