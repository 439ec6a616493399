"""Links land on the exact place, and split quotes read without script (issue #15, defects 6 and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

import policycmp
from policycmp.report import build
from policycmp.report.highlight import cut
from policycmp.vocabulary import STANCE

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report" / "basic"


@pytest.fixture(scope="module")
def corpus() -> policycmp.Corpus:
    return policycmp.load(FIXTURE)


@pytest.fixture(scope="module")
def site(corpus: policycmp.Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anchors") / "site"
    build(corpus, out)
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_holder_and_option_links_on_document_cards_land_on_the_same_statement(site: Path) -> None:
    checked = 0
    for page in sorted((site / "documents").glob("*.html")):
        for card in soup(page).select("article.rec[data-key]"):
            for link in card.select(".head a"):
                href = str(link["href"])
                target, _, fragment = href.partition("#")
                assert fragment == card["id"], f"{page.name}: {href} should land on the card itself"
                landed = soup((page.parent / target).resolve()).find(id=fragment)
                assert isinstance(landed, Tag) and landed.name == "article", f"{href} has no such anchor"
                assert landed["data-key"] == card["data-key"]
                checked += 1
    assert checked >= 2 * 10  # the fixture's ten statements, each with a holder and an option link


def test_cut_marks_every_part_of_a_split_quote() -> None:
    text = "one two three four five"
    pieces = cut(text, {"a": [(0, 3), (8, 13), (19, 23)], "b": [(4, 7)]})
    parts = [(p.start, part) for p in pieces for part in p.parts]
    assert parts == [(0, ("a", 1, 3)), (8, ("a", 2, 3)), (19, ("a", 3, 3))]
    assert all(not any(k == "b" for k, _, _ in p.parts) for p in pieces)  # one-part quotes keep their single mark


def test_split_quotes_are_numbered_in_the_text_and_reachable_from_the_card(site: Path, corpus: policycmp.Corpus) -> None:
    split = corpus.table.loc[corpus.table["segments"].map(len) > 1]
    assert len(split), "the fixture has a quote in two parts"
    for _, row in split.iterrows():
        page = soup(site / "documents" / f"{row['document']}.html")
        key = f"{row['document']}/{row['rec_id']}"
        card = page.find("article", attrs={"data-key": key})
        number = card.find("a", href=lambda h: bool(h) and h.startswith("#t-")).get_text().strip("[]").split(".")[0]
        marks = page.select(f'.seed a.ref.part[data-key="{key}"]')
        n = len(row["segments"])
        # each badge: the stance symbol (for colour-blind readers, hidden from screen readers, who get the
        # stance in the label), then the number and part
        assert [m.find(class_="sym").get_text() for m in marks] == [STANCE[row["stance"]].symbol] * n
        assert all(m.find(class_="sym")["aria-hidden"] == "true" and f"s-{row['stance']}" in m["class"] for m in marks)
        assert [m.get_text()[1:] for m in marks] == [f"{number}.{i}" for i in range(1, n + 1)]
        for i, mark in enumerate(marks, start=1):
            assert f"part {i} of {n}" in mark["aria-label"]
            # the badge sits right before highlighted text of its own quote
            following = mark.find_next("mark")
            assert key in str(following["data-keys"]).split(" ")
        # the card links to every part, and every link lands on a badge
        links = [str(a["href"]) for a in card.select(".foot a[href^='#t-']")]
        assert len(links) == n
        for href in links:
            assert page.find(id=href[1:]) in marks
