"""Positions over time aggregated by period (issue #17: the overview must not grow with the documents).

Count-exact checks on hand-made corpora (see ``alignment_fixtures``) for the period rule and the sums, and
invariants with hypothesis and on a small synthetic corpus: a dimension's periods add up to its documents'
rows of :func:`~policycmp.positions.positions_over_time`, and each period's position is that of its statements.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from alignment_fixtures import make_codebook, make_corpus, make_document, rec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycmp
from policycmp.corpus import Corpus
from policycmp.positions import MONTHS_LIMIT, UNDATED, period_label, period_unit, positions_by_period, positions_over_time
from policycmp.synth import generate

THEMES = {"afghan": ["talk-kabul", "press-kabul"], "justice": ["courts"]}
POLES = {"talk-kabul": ("kabul", "engage"), "press-kabul": ("kabul", "coerce")}
CODEBOOK = make_codebook(THEMES, dimensions={"kabul": ("engage", "coerce")}, poles=POLES)


def corpus_dated(*dates: dt.date | None) -> Corpus:
    """One document per date (``d0``, ``d1`` …): ann supports talking (engage), bob supports pressing (coerce)."""
    docs = [
        make_document(f"d{i}", [rec("ann", "talk-kabul", "support"), rec("bob", "press-kabul", "support")], date=date)
        for i, date in enumerate(dates)
    ]
    return make_corpus(docs, codebook=CODEBOOK)


def test_months_when_the_dated_documents_span_at_most_two_years() -> None:
    assert period_unit(corpus_dated(dt.date(2024, 1, 31), dt.date(2025, 12, 1)).tidy()) == "month"  # 24 months
    assert period_unit(corpus_dated(dt.date(2024, 1, 31), dt.date(2026, 1, 1)).tidy()) == "year"  # 25 months
    assert period_unit(corpus_dated(None, None).tidy()) == "year"
    assert MONTHS_LIMIT == 24  # the pages say "at most two years"


def test_period_labels() -> None:
    assert period_label(pd.Timestamp("2024-05-31"), "month") == "2024-05"
    assert period_label(pd.Timestamp("2024-05-31"), "year") == "2024"
    assert period_label(pd.NaT, "year") == UNDATED
    assert period_label(None, "month") == UNDATED


def test_periods_count_statements_documents_and_holders_undated_last() -> None:
    corpus = make_corpus(
        [
            make_document("a", [rec("ann", "talk-kabul", "support"), rec("bob", "press-kabul", "support")], date=dt.date(2020, 3, 1)),
            make_document("b", [rec("ann", "talk-kabul", "support"), rec("cat", "press-kabul", "oppose")], date=dt.date(2020, 11, 5)),
            make_document("c", [rec("bob", "press-kabul", "support")], date=dt.date(2023, 1, 1)),
            make_document("d", [rec("dan", "press-kabul", "support"), rec("eve", "talk-kabul", "support", "forecast")], date=None),
            make_document("e", [rec("ann", "courts", "support")], date=dt.date(2021, 6, 1)),  # no pole: no period row
        ],
        codebook=CODEBOOK,
    )
    periods = positions_by_period(corpus.tidy(), corpus.codebook.dimensions).loc["kabul"]
    assert list(periods.index) == ["2020", "2023", UNDATED]
    assert set(periods["unit"]) == {"year"}
    cols = ["toward_first", "toward_second", "statements", "documents", "holders"]
    # 2020: ann engage twice (two documents), bob coerce, cat opposes a coerce option → engage
    assert periods.loc["2020", cols].tolist() == [3, 1, 4, 2, 3]
    assert periods.loc["2020", "position"] == pytest.approx(-0.5)
    assert periods.loc["2023", cols].tolist() == [0, 1, 1, 1, 1]
    assert periods.loc[UNDATED, cols].tolist() == [0, 1, 1, 1, 1]  # the forecast takes no position
    assert periods.loc["2023", "keys"] == "c/r001"
    pd.testing.assert_frame_equal(corpus.positions_by_period(), positions_by_period(corpus.tidy(), corpus.codebook.dimensions))


def check_periods_add_up(corpus: Corpus, duplicates: str = "document") -> int:
    """A dimension's periods add up to its documents' rows; each period's position is that of its statements."""
    table, dimensions = corpus.tidy(), corpus.codebook.dimensions
    periods = positions_by_period(table, dimensions, duplicates=duplicates)  # type: ignore[arg-type]
    documents = positions_over_time(table, dimensions, duplicates=duplicates).reset_index()  # type: ignore[arg-type]
    unit = period_unit(table)
    documents["period"] = [period_label(d, unit) for d in documents["date"]]
    summed = documents.groupby(["dimension", "period"])[["toward_first", "toward_second", "statements"]].sum()
    counted = documents.groupby(["dimension", "period"]).size()
    assert sorted(periods.index) == sorted(summed.index)
    for key, row in periods.iterrows():
        assert row[["toward_first", "toward_second", "statements"]].tolist() == summed.loc[key].tolist(), key
        assert row["documents"] == counted.loc[key], key
        assert row["position"] == (row["toward_second"] - row["toward_first"]) / row["statements"]
        assert 1 <= row["holders"] <= row["statements"]
        keys = row["keys"].split("; ")
        assert len(keys) == row["statements"]
        assert keys == sorted(keys)
    for dimension, part in periods.groupby(level=0):  # undated last, the dated in time order
        labels = list(part.index.get_level_values(1))
        dated = [p for p in labels if p != UNDATED]
        assert labels == dated + [UNDATED] * (UNDATED in labels)
        assert dated == sorted(dated), dimension
    return len(periods)


DATES = st.one_of(st.none(), st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)))
STATEMENT = st.tuples(
    st.sampled_from(["ann", "bob", "cat"]), st.sampled_from(["talk-kabul", "press-kabul", "courts"]),
    st.sampled_from(["support", "oppose", "conditional"]), st.sampled_from(["should", "forecast", "commitment"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(DATES, st.lists(STATEMENT, min_size=1, max_size=4)), min_size=1, max_size=6),
    st.sampled_from(["document", "all"]),
)
def test_periods_add_up_to_the_documents_on_arbitrary_corpora(
    documents: list[tuple[dt.date | None, list[tuple[str, str, str, str]]]], duplicates: str
) -> None:
    corpus = make_corpus(
        [make_document(f"d{i}", [rec(*s) for s in statements], date=date) for i, (date, statements) in enumerate(documents)],
        codebook=CODEBOOK,
    )
    check_periods_add_up(corpus, duplicates)


def test_periods_add_up_on_the_shipped_and_a_synthetic_corpus(tmp_path: Path) -> None:
    assert check_periods_add_up(policycmp.load()) > 0
    generate(20, tmp_path / "synth")
    assert check_periods_add_up(policycmp.load(tmp_path / "synth")) > 0
