"""The notebook-facing filter API: typed keywords, date ranges that say what they leave out, citable quotes."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import pytest
from alignment_fixtures import make_corpus, make_document, rec, small_corpus

from policycmp.corpus import QUOTE_COLUMNS, Corpus
from policycmp.errors import UsageError
from policycmp.filters import FILTER_CRITERIA, UndatedWarning, filter_table


def undated_and_dated() -> Corpus:
    return make_corpus(
        [
            make_document("d1", [rec("ann", "negotiate", "support"), rec("bob", "negotiate", "oppose")], date=None),
            make_document("d2", [rec("ann", "crackdown", "oppose")]),  # 2023-01-01
            make_document("d3", [rec("bob", "crackdown", "support")], date=None),
        ]
    )


@pytest.mark.parametrize("method", [Corpus.filter, Corpus.quotes])
def test_signature_lists_every_criterion_by_name(method: object) -> None:
    params = inspect.signature(method).parameters  # type: ignore[arg-type]
    named = [name for name, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert tuple(named) == FILTER_CRITERIA
    assert not [p for p in params.values() if p.kind is inspect.Parameter.VAR_KEYWORD]
    assert all(params[name].annotation != inspect.Parameter.empty for name in named)
    documented = Corpus.filter.__doc__ or ""  # quotes() refers to filter's list
    assert [name for name in named if f"``{name}``" not in documented] == []
    assert list(inspect.signature(filter_table).parameters)[1:] == list(FILTER_CRITERIA)


def test_date_filter_warns_with_the_counts_of_what_it_left_out() -> None:
    corpus = undated_and_dated()
    with pytest.warns(UndatedWarning, match=r"left out 3 statements of 2 undated documents.*include_undated=True") as caught:
        kept = corpus.filter(since="2022-01-01")
    assert len(caught) == 1
    assert caught[0].filename == __file__  # points at the caller's line, not at policycmp
    assert list(kept.documents) == ["d2"]
    with pytest.warns(UndatedWarning, match=r"left out 1 statement of 2 undated documents"):
        corpus.filter(since="2022-01-01", holder="ann")  # both undated documents go, one holds a statement of ann
    with pytest.warns(UndatedWarning, match="left out 3 statements of 2 undated documents"):
        corpus.quotes(until="2030-01-01")


def test_include_undated_keeps_them_without_a_warning() -> None:
    corpus = undated_and_dated()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = corpus.filter(since="2022-01-01", include_undated=True)
        late = corpus.filter(since="2024-01-01", include_undated=True)
        assert len(corpus.quotes(since="2024-01-01", include_undated=True)) == 3
    assert list(kept.documents) == ["d1", "d2", "d3"] and len(kept.table) == 4
    assert list(late.documents) == ["d1", "d3"] and len(late.table) == 3
    assert late.criteria == {"since": "2024-01-01", "include_undated": True}


def test_no_warning_when_every_document_is_dated() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(small_corpus().filter(since="2023-03-01").documents) == ["d2"]


def test_impossible_range_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="since=2024-01-01 is after until=2023-01-01"):
        small_corpus().filter(since="2024-01-01", until="2023-01-01")
    with pytest.raises(UsageError, match="is after"):
        small_corpus().quotes(since="2024-01-01", until="2023-01-01")


def test_quotes_carry_what_a_citation_needs() -> None:
    corpus = small_corpus()
    quotes = corpus.quotes(option="negotiate", stance="oppose")
    assert tuple(quotes.columns) == QUOTE_COLUMNS
    assert quotes.index.name == "key"
    table = corpus.table.set_index("key")
    for key, row in quotes.iterrows():
        source = corpus.documents[row["document"]]
        assert source.text[row["start"] : row["end"]] == row["quote"]
        assert row["document_title"] == table.loc[key, "document_title"]
        assert row["holder_label"] == corpus.holders[row["holder"]].label
        assert row["option_label"] == corpus.options[row["option"]].label
    assert set(quotes["holder"]) == {"bob"}
    quotes[["holder", "quote"]]  # the call of the issue, which raised KeyError


def test_report_to_an_html_name_without_theme_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"names an HTML file.*theme="):
        small_corpus().report(tmp_path / "neg.html")
    assert not (tmp_path / "neg.html").exists()
