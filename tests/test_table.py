"""The tidy table: one row per recommendation, columns and order as agreed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from alignment_fixtures import make_corpus, make_document, rec, small_corpus
from loader_helpers import write_manifest

import policycmp
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


CODEBOOK_YAML = """\
version: "1.0.0"
themes:
  - id: talks
    label: Talks
    definition: Talks with the group.
    options:
      - id: negotiate
        label: Hold negotiations
        definition: Talks or a ceasefire.
      - id: talks-other
        label: Other policy on talks
        definition: Anything else on talks.
        catch_all: true
actors:
  - id: government
    label: Government
holders:
  - id: writer
    label: Unnamed writer
    type: person
  - id: minister
    label: A minister
    type: government-body
    affiliation: Ministry of the Interior
"""

DOC_YAML = """\
document:
  id: doc
  seed: doc.txt
  title: null
  authors: []
  voice: writer
  outlet: null
  kind: editorial
  date: 2024-05-28
  date_note: printed at the head of the text
coders: [tests]
recommendations:
  - id: talk-now
    actors: [government]
    option: negotiate
    stance: support
    kind: recommendation
    strength: must
    quote: "The government must talk … before winter"
  - id: minister-first-disarm
    holder: minister
    actors: [government]
    option: negotiate
    stance: conditional
    kind: recommendation
    strength: should
    conditions: the group first lays down its arms
    quote: "would first have to lay down their arms"
"""

SEED = "The government must talk, as we said last week, before winter.\\nThe minister said they would first have to lay down their arms.\\n"


def test_tidy_of_a_corpus_loaded_from_yaml(tmp_path: Path) -> None:
    """Real files through the real loader: the voice default, an ellipsis quote with two segments, dates."""
    (tmp_path / "recommendations").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "recommendations" / "codebook.yaml").write_text(CODEBOOK_YAML, encoding="utf-8")
    (tmp_path / "recommendations" / "doc.yaml").write_text(DOC_YAML, encoding="utf-8")
    (tmp_path / "seeds" / "doc.txt").write_text(SEED, encoding="utf-8")
    write_manifest(tmp_path)
    corpus = policycmp.load(tmp_path)
    table = corpus.table.set_index("key")
    assert list(table.index) == ["doc/talk-now", "doc/minister-first-disarm"]
    first = table.loc["doc/talk-now"]
    assert first["holder"] == "writer"
    assert first["voice"] == "writer"
    assert len(first["segments"]) == 2
    text = corpus.documents["doc"].text
    assert [text[s:e] for s, e in first["segments"]] == ["The government must talk", "before winter"]
    assert first["document_date"] == pd.Timestamp("2024-05-28")
    second = table.loc["doc/minister-first-disarm"]
    assert (second["holder_label"], second["holder_affiliation"]) == ("A minister", "Ministry of the Interior")
    assert second["conditions"] == "the group first lays down its arms"
    assert corpus.matrix().to_dict() == {"negotiate": {"minister": "conditional", "writer": "support"}}
