"""Links land on the exact place, and split quotes read without script (issue #15, defects 6 and 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

import policycmp
from policycmp.report import build
from policycmp.report.highlight import cut
from policycmp.report.views import short_anchors
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


def tokens_of(corpus: policycmp.Corpus, doc_id: str) -> dict[str, str]:
    """Card id (``r<token>``) → statement key, for one document."""
    ids = [a.recommendation.id for a in corpus.documents[doc_id].recommendations]
    return {f"r{token}": f"{doc_id}/{rec_id}" for rec_id, token in short_anchors(ids).items()}


def test_holder_and_option_links_on_document_cards_land_on_the_statement_or_its_group(site: Path, corpus: policycmp.Corpus) -> None:
    """A card's holder link lands on that holder's statements on the option, its option link on the holder's group
    under the statement's stance; there the statement is shown, or the group links to all its statements."""
    checked = 0
    for page in sorted((site / "documents").glob("*.html")):
        keys = tokens_of(corpus, page.stem)
        for card in soup(page).select("ol.recs > li[id^=r]"):
            key = keys[str(card["id"])]
            for link in card.find_all("a", href=lambda h: bool(h) and not h.startswith("#")):
                target, _, fragment = str(link["href"]).partition("#")
                landed = soup((page.parent / target).resolve()).find(id=fragment)
                assert isinstance(landed, Tag) and landed.name == "section", f"{page.name}: {link['href']} has no such section"
                shown = {str(c["data-key"]) for c in landed.select("article.rec[data-key]")}
                more = landed.select_one("p.more a[href*='statements.html#']")
                assert key in shown or more is not None, f"{link['href']}: {key} is neither shown nor one link away"
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
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    for _, row in split.iterrows():
        page = soup(site / "documents" / f"{row['document']}.html")
        token = short_anchors([a.recommendation.id for a in corpus.documents[row["document"]].recommendations])[row["rec_id"]]
        card = page.find("li", id=f"r{token}")
        number = card.find("a", href=f"#t{token}").get_text().strip("[]").split(".")[0]
        n = len(row["segments"])
        marks = [page.find("a", id=f"t{token}")] + [page.find("a", id=f"t{token}-{i}") for i in range(2, n + 1)]
        # each badge: coloured and marked by its stance (the symbol drawn by the stylesheet, for colour-blind readers),
        # then the number and part
        assert all(m is not None and {"ref", "part", f"s-{row['stance']}"} <= set(m["class"]) for m in marks)
        mark = STANCE[row["stance"]].symbol
        symbol = "\\" + format(ord(mark), "x") if ord(mark) > 127 else mark
        assert re.search(rf"\.seed a\.ref\.s-{row['stance']}::before[^{{]*\{{ content: \"{re.escape(symbol)}", css)
        assert [m.get_text() for m in marks] == [f"{number}.{i}" for i in range(1, n + 1)]
        for mark in marks:
            assert mark["href"] == f"#r{token}"
            # the badge sits right before highlighted text of its own quote
            following = mark.find_next("mark")
            assert token in str(following["data-keys"]).split(" ")
        # the card links to every part, and every link lands on a badge
        links = [str(a["href"]) for a in card.select(".foot a[href^='#t']")]
        assert len(links) == n
        for href in links:
            assert page.find(id=href[1:]) in marks
