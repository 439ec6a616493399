"""The tidy table: one row per recommendation, columns and order as agreed."""

from __future__ import annotations

import pandas as pd
from alignment_fixtures import make_corpus, make_document, rec, small_corpus

from policycmp.table import COLUMNS, split_list, tidy


def test_one_row_per_recommendation_with_agreed_columns() -> None:
    corpus = small_corpus()
    table = tidy(corpus)
    assert list(table.columns) == list(COLUMNS)
    assert len(table) == sum(len(d.recommendations) for d in corpus.documents.values()) == 11
    assert table["key"].is_unique
    assert table.loc[0, "key"] == "d1/r001"


def test_sorted_by_document_then_start() -> None:
    table = tidy(small_corpus())
    assert list(table[["document", "start", "rec_id"]].itertuples(index=False)) == sorted(
        table[["document", "start", "rec_id"]].itertuples(index=False)
    )


def test_voice_is_the_default_holder_and_labels_are_resolved() -> None:
    table = tidy(small_corpus()).set_index("key")
    row = table.loc["d2/r004"]
    assert row["holder"] == "eve"
    assert row["holder_label"] == "EVE"
    assert row["holder_type"] == "organisation"
    assert row["theme"] == "force"
    assert row["theme_label"] == "Theme force"
    assert row["option_label"] == "Option crackdown"
    assert row["document_date"] == pd.Timestamp("2023-06-01")
    assert row["authors"] == ""
    assert table.loc["d1/r001", "authors"] == "Ann A"


def test_span_points_at_the_quote_in_the_text() -> None:
    corpus = small_corpus()
    for row in tidy(corpus).itertuples():
        text = corpus.documents[row.document].text
        assert text[row.start : row.end] == row.quote
        assert row.segments == ((row.start, row.end),)


def test_codebook_order_columns() -> None:
    table = tidy(small_corpus())
    order = dict(zip(table["option"], table["option_order"], strict=False))
    assert order["negotiate"] < order["crackdown"] < order["strike"] < order["cooperate-us"]


def test_empty_corpus_gives_empty_table_with_columns() -> None:
    table = tidy(make_corpus([make_document("d1", [])]))
    assert table.empty
    assert list(table.columns) == list(COLUMNS)


def test_lists_are_joined_and_split_back() -> None:
    corpus = make_corpus([make_document("d1", [rec("ann", "negotiate", "support", actors=["government", "army"])], authors=("A", "B"))])
    row = tidy(corpus).iloc[0]
    assert split_list(row["actors"]) == ["government", "army"]
    assert split_list(row["authors"]) == ["A", "B"]
    assert split_list("") == []
    assert split_list(None) == []


def test_corpus_table_is_cached_and_returns_a_copy() -> None:
    corpus = small_corpus()
    first = corpus.table
    first.loc[0, "stance"] = "oppose"
    assert corpus.table.loc[0, "stance"] == "support"
    assert corpus.tidy() is corpus.tidy()
