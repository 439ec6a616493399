"""The lean report (issue #17): compact cards on holder, option and theme pages, JSON downloads one record per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import policycmp
from policycmp.exports import jsonrecords
from policycmp.exports.tables import statement_table
from policycmp.report import build
from policycmp.report.downloads import lean_json
from policycmp.report.env import excerpt
from policycmp.report.views import short_anchors

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report" / "basic"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[policycmp.Corpus, Path]:
    corpus = policycmp.load(FIXTURE)
    out = tmp_path_factory.mktemp("lean") / "site"
    build(corpus, out)
    return corpus, out


@pytest.mark.parametrize("text", ["", "short quote", "x" * 300, "word " * 100, "a" * 1000, "one, two; " * 60])
def test_excerpt_is_bounded_and_a_prefix_of_the_quote(text: str) -> None:
    shown = excerpt(text)
    if len(text) <= 300:
        assert shown == text
    else:
        assert len(shown) <= 300 and shown.endswith("…")
        assert text.startswith(shown.removesuffix("…"))
        assert len(shown) > 150  # cut at a word boundary in the second half, or mid-word when there is none


def test_lean_json_holds_the_export_layout_with_one_record_per_line(built: tuple[policycmp.Corpus, Path]) -> None:
    corpus, _ = built
    table = statement_table(corpus)
    origin = {"version": "x", "list": [1, 2]}
    lean = lean_json({table.name: table}, origin)
    assert json.loads(lean) == json.loads(jsonrecords.document({table.name: table}, origin))
    lines = lean.decode("utf-8").splitlines()
    records = [line for line in lines if line.startswith("    {\"key\":")]
    assert len(records) == len(table.frame) > 0
    empty = type(table)(table.name, table.title, table.description, table.fields, table.frame.iloc[:0])
    assert json.loads(lean_json({table.name: empty}, origin))["tables"][table.name]["records"] == []


def test_holder_option_and_theme_pages_show_each_statement_compactly_linked_to_its_place(
    built: tuple[policycmp.Corpus, Path],
) -> None:
    corpus, out = built
    quotes = {f"{r['document']}/{r['rec_id']}": str(r["quote"]) for _, r in corpus.table.iterrows()}
    tokens = {f"{d}/{i}": t for d, doc in corpus.documents.items()
              for i, t in short_anchors([a.recommendation.id for a in doc.recommendations]).items()}
    seen: dict[str, int] = {}
    for kind in ("holders", "options", "themes"):
        for page in sorted((out / kind).glob("*.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for card in soup.select("article.rec[data-key]"):
                key = str(card["data-key"])
                assert card.blockquote.get_text() == excerpt(quotes[key])
                document = key.split("/")[0]
                (link,) = card.select("a.in-context")
                assert link["href"] == f"../documents/{document}.html#t{tokens[key]}"
                assert card.find(string=lambda s: "Who should act" in s) is None  # the full card is on the document page
                seen[key] = seen.get(key, 0) + 1
    # its holder's, option's and theme's page (the fixture's groups are small enough to show every statement)
    assert seen and set(seen) == set(quotes) and all(n == 3 for n in seen.values())
