"""Rich display: HTML strings (not side effects), escaping, symbols without colour, determinism."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from alignment_fixtures import make_codebook, make_corpus, make_document, rec, small_corpus
from bs4 import BeautifulSoup

from policycmp.display import LEGEND, SYMBOLS, Frame, StanceMatrix, text_html
from policycmp.errors import UsageError
from policycmp.vocabulary import STANCE


def cells(html: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]


def test_stance_matrix_renders_symbols_and_labels() -> None:
    m = small_corpus().matrix()
    html = m._repr_html_()
    assert isinstance(html, str)
    soup = BeautifulSoup(html, "html.parser")
    assert [th.get_text() for th in soup.select("tbody th")] == ["ANN", "BOB", "CAT", "DAN", "EVE"]
    assert "Option negotiate" in [th.get_text() for th in soup.select("thead th")]
    grid = cells(html)
    assert grid[0] == ["✓", "✗", "", ""]
    assert grid[1][0] == "±"  # bob is mixed on negotiating
    assert grid[2] == ["~", "", "", "✓•"]  # conditional; an expectation only
    assert "✓ support" in soup.caption.get_text()


def test_colour_is_redundant_with_symbols() -> None:
    html = small_corpus().matrix()._repr_html_()
    # every coloured state has its own symbol, so the table reads without colour
    assert len(set(SYMBOLS.values()) - {""}) == 4
    assert f"background-color: {STANCE['support'].colour}" in html  # the vocabulary's palette, one source
    assert f"background-color: {STANCE['oppose'].colour}" in html


def test_html_is_deterministic() -> None:
    first = small_corpus().matrix()._repr_html_()
    assert first == small_corpus().matrix()._repr_html_()
    assert re.search(r'id="T_policycmp-stance-[0-9a-f]{12}"', first)
    assert small_corpus().agreement()._repr_html_() == small_corpus().agreement()._repr_html_()


def table_id(html: str) -> str:
    found = BeautifulSoup(html, "html.parser").find("table")
    assert found is not None
    return str(found["id"])


def test_different_tables_on_one_page_get_different_ids() -> None:
    """Styler's CSS selects cells by table id: two different tables with one id would colour each other."""
    corpus = small_corpus()
    whole = corpus.matrix()
    part = whole.select(cols=["strike", "cooperate-us"])
    other = corpus.filter(theme="talks").matrix()
    ids = {table_id(t._repr_html_()) for t in (whole, part, other, whole.numeric, whole.counts)}
    assert len(ids) == 5
    assert table_id(whole._repr_html_()) == table_id(small_corpus().matrix()._repr_html_())


def test_text_from_the_data_is_escaped() -> None:
    codebook = make_codebook(holders={"ann": {"type": "person"}, "bob": {"type": "person", "affiliation": "<b>Lab</b>"}})
    evil = '<script>alert("x")</script> & "quotes"'
    corpus = make_corpus(
        [make_document("d1", [rec("ann", "negotiate", "support", quote=evil), rec("bob", "negotiate", "oppose")])],
        codebook=codebook,
    )
    for html in (
        corpus.side_by_side("talks")._repr_html_(),
        corpus.quotes()._repr_html_(),
        corpus.matrix("holder_affiliation", "option")._repr_html_(),
        corpus.documents["d1"].recommendations[0]._repr_html_(),
        corpus.contested()._repr_html_(),
    ):
        assert "<script>" not in html
        assert "<b>Lab</b>" not in html
    assert "&lt;script&gt;" in corpus.side_by_side("talks")._repr_html_()


def test_numeric_count_and_agreement_views_render() -> None:
    m = small_corpus().matrix()
    numeric_html = m.numeric._repr_html_()
    assert "+1.00" in numeric_html
    assert "-1.00" in numeric_html
    counts = cells(m.counts._repr_html_())
    assert counts[0][0] == "2"
    agreement_html = small_corpus().agreement()._repr_html_()
    assert "+0.25" in agreement_html


def test_results_are_plain_dataframes_for_analysis() -> None:
    m = small_corpus().matrix()
    assert isinstance(m, StanceMatrix)
    assert isinstance(m, pd.DataFrame)
    assert type(m.copy()) is pd.DataFrame
    assert type(m == "support") is pd.DataFrame
    assert type(m.loc[["ann"]]) is pd.DataFrame
    assert isinstance(m.numeric, Frame)
    assert (m == "support").to_numpy().sum() == 5


def test_corpus_and_recommendation_html() -> None:
    corpus = small_corpus()
    html = corpus._repr_html_()
    assert isinstance(html, str)
    soup = BeautifulSoup(html, "html.parser")
    assert "2 documents, 11 recommendations" in soup.get_text()
    rows = soup.select("table.documents tbody tr")
    assert [r.find("td").get_text() for r in rows] == ["d1", "d2"]
    assert rows[0].find_all("td")[-1].get_text() == "7"
    filtered = corpus.filter(theme="talks")._repr_html_()
    assert "filtered: theme='talks'" in BeautifulSoup(filtered, "html.parser").get_text()
    anchored = corpus.documents["d1"].recommendations[5]
    rec_html = BeautifulSoup(anchored._repr_html_(), "html.parser").get_text()
    assert "~ conditional" in rec_html
    assert "if they first lay down their arms" in rec_html
    assert anchored.recommendation.quote in rec_html


def test_side_by_side_lists_every_option_and_quote() -> None:
    table = small_corpus().side_by_side("talks")
    assert list(table.index) == ["Option negotiate", "Option ceasefire", "Other on talks"]  # nobody on the last two, still rows
    assert list(table.columns) == ["ANN", "BOB", "CAT"]
    assert table.loc["Option negotiate", "BOB"].splitlines() == [
        "✗ “d1 quote 4: bob on negotiate (oppose).” (d1)",
        "✓ “d2 quote 2: bob on negotiate (support).” (d2)",
    ]
    assert "[if: if they first lay down their arms]" in table.loc["Option negotiate", "CAT"]
    assert table.loc["Option ceasefire"].tolist() == ["", "", ""]
    html = table._repr_html_()
    assert "white-space: pre-wrap" in html
    ids = small_corpus().side_by_side("talks", labels=False)
    assert list(ids.columns) == ["ann", "bob", "cat"]


def test_select_keeps_styling_and_companions() -> None:
    m = small_corpus().matrix()
    part = m.select(rows=["bob", "ann"], cols=["negotiate"])
    assert isinstance(part, StanceMatrix)
    assert part.to_dict() == {"negotiate": {"bob": "mixed", "ann": "support"}}
    assert part.counts.to_dict() == {"negotiate": {"bob": 2, "ann": 2}}
    assert part.numeric.loc["bob", "negotiate"] == 0.0
    assert "±" in part._repr_html_()
    addressed = m.select(cols=["strike", "cooperate-us"]).addressed()
    assert list(addressed.index) == ["cat", "dan"]
    agreement = small_corpus().agreement("raw").select(["ann", "bob"], ["ann", "bob"])
    assert agreement.conflicts.loc["ann", "bob"] == 2
    assert agreement.pairs["score"].tolist() == [1.0]


def test_addressed_drops_empty_rows_and_columns_of_any_view() -> None:
    m = small_corpus().matrix()
    numeric = m.numeric.select(cols=["strike"]).addressed()
    assert numeric.to_dict() == {"strike": {"dan": 1.0}}
    counts = m.counts.select(cols=["cooperate-us"]).addressed()
    assert counts.to_dict() == {"cooperate-us": {"cat": 1}}


def test_plain_repr_summarises_like_the_html() -> None:
    corpus = small_corpus()
    lines = repr(corpus).splitlines()
    assert lines[0] == "policycmp corpus"
    assert lines[1].startswith("  2 documents, 11 recommendations, ") and corpus.holder_figures() in lines[1]
    assert all(f"{s} {n}" in lines[2] for s, n in corpus.table["stance"].value_counts().items())
    assert [line.split()[0] for line in lines if line.startswith("    ")] == ["d1", "d2"]
    assert "    d1  op-ed, 2023-01-01, 7 recommendations — Title of d1 (Ann A)" in lines
    filtered = repr(corpus.filter(theme="talks")).splitlines()
    assert "  filtered: theme='talks'" in filtered and filtered[1].startswith("  2 documents, 6 recommendations")
    for line in lines[1:3]:  # the HTML carries the same summary text
        assert text_html(line.strip()) in corpus._repr_html_()
    assert repr(corpus.documents["d1"]) == "LoadedDocument(id='d1', recommendations=7, waivers=0)"


def test_stance_matrix_text_shows_symbols_and_blanks_not_none() -> None:
    m = small_corpus().matrix("holder", "option")
    text = repr(m)
    assert "none" not in text and text.splitlines()[0] == LEGEND
    shown = m.text_frame()
    for (row, col), value in pd.DataFrame(m).stack().items():
        cell = shown.loc[row, col]
        assert cell == "" if value == "none" else cell.startswith(f"{SYMBOLS[value]} {value}")
    assert "nan" not in repr(m.numeric).lower()


def test_recommendation_view_marks_the_quote_in_its_context() -> None:
    codebook = make_codebook()
    doc = make_document("d1", [rec("ann", "negotiate", "conditional", quote="talk <now> & later")])
    corpus = make_corpus([doc], codebook=codebook)
    view = corpus.recommendation("d1/r001")
    assert repr(view) == "d1/r001: ANN ~ negotiate (recommendation, should): “talk <now> & later”"
    pieces = view.context(chars=5)
    assert [p for p, quoted in pieces if quoted] == ["talk <now> & later"]
    assert "".join(p for p, _ in pieces) == doc.text[doc.recommendations[0].start - 5 : doc.recommendations[0].end + 1]
    soup = BeautifulSoup(view._repr_html_(), "html.parser")
    assert soup.find("mark").get_text() == "talk <now> & later"
    assert "<now>" not in view._repr_html_()
    assert "condition:" in soup.get_text()
    with pytest.raises(UsageError, match="no recommendation 'd1/r999'"):
        corpus.recommendation("d1/r999")
