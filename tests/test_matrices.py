"""Matrices, duplicate rule, filtering and contestation: hand-computed expectations and properties."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from alignment_fixtures import make_corpus, make_document, rec, small_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycmp
from policycmp.errors import UsageError
from policycmp.filters import deduplicate, filter_table, with_group
from policycmp.matrices import contestation, option_summary
from policycmp.table import tidy

HOLDERS = ["ann", "bob", "cat", "dan", "eve"]
OPTIONS = ["negotiate", "ceasefire", "crackdown", "strike", "cooperate-us"]


# --------------------------------------------------------------------------- hand-computed, small_corpus


def test_holder_option_stance_matrix_by_hand() -> None:
    m = small_corpus().matrix("holder", "option")
    assert m.index.name == "holder"
    assert m.columns.name == "option"
    assert list(m.columns) == ["negotiate", "crackdown", "strike", "cooperate-us"]  # codebook order
    expected = {
        "ann": ["support", "oppose", "none", "none"],
        "bob": ["mixed", "support", "none", "none"],  # bob opposes in d1, supports in d2
        "cat": ["conditional", "none", "none", "support"],
        "dan": ["none", "none", "support", "none"],
        "eve": ["none", "support", "none", "none"],  # eve is d2's voice
    }
    assert {h: list(m.loc[h]) for h in m.index} == expected


def test_numeric_view_and_counts_by_hand() -> None:
    m = small_corpus().matrix("holder", "option")
    numeric = m.numeric
    assert numeric.loc["ann", "negotiate"] == 1.0
    assert numeric.loc["ann", "crackdown"] == -1.0
    assert numeric.loc["bob", "negotiate"] == 0.0  # mixed: mean of +1 and -1
    assert numeric.loc["cat", "negotiate"] == 0.0  # conditional
    assert math.isnan(numeric.loc["dan", "negotiate"])  # none
    counts = m.counts
    # ann: negotiate twice in d1 (counted once per document) and once in d2
    assert counts.loc["ann", "negotiate"] == 2
    assert counts.loc["bob", "negotiate"] == 2
    assert counts.loc["dan", "negotiate"] == 0
    assert int(counts.to_numpy().sum()) == 10
    assert m.expected.loc["cat", "cooperate-us"]
    assert not m.expected.loc["cat", "negotiate"]


def test_duplicate_rule_is_configurable() -> None:
    corpus = small_corpus()
    rules = ("all", "document", "corpus")
    count = {rule: corpus.matrix("holder", "option", "count", duplicates=rule).loc["ann", "negotiate"] for rule in rules}
    assert count == {"all": 3, "document": 2, "corpus": 1}
    with pytest.raises(UsageError, match="duplicate rule"):
        corpus.matrix(duplicates="sometimes")


def test_dedup_keeps_first_occurrence() -> None:
    table = tidy(small_corpus())
    kept = deduplicate(table, "document")
    assert "d1/r001" in set(kept["key"])
    assert "d1/r002" not in set(kept["key"])
    assert len(kept) == 10


def test_document_option_and_document_theme_by_hand() -> None:
    corpus = small_corpus()
    m = corpus.matrix("document", "option")
    assert list(m.loc["d1"]) == ["mixed", "mixed", "none", "support"]
    assert list(m.loc["d2"]) == ["support", "support", "support", "none"]
    counts = corpus.matrix("document", "theme", "count")
    assert list(counts.columns) == ["talks", "force", "partners"]
    assert counts.loc["d1"].tolist() == [3, 2, 1]
    assert counts.loc["d2"].tolist() == [2, 2, 0]


def test_holder_theme_net_direction_by_hand() -> None:
    net = small_corpus().matrix("holder", "theme", "net")
    assert net.loc["ann", "talks"] == 2.0  # supports negotiation in d1 and in d2
    assert net.loc["ann", "force"] == -1.0
    assert net.loc["bob", "talks"] == 0.0  # one support, one oppose
    assert net.loc["cat", "talks"] == 0.0  # conditional
    stance = small_corpus().matrix("holder", "theme")
    assert stance.loc["ann", "talks"] == "support"
    assert stance.loc["bob", "force"] == "support"


def test_grouping_by_type_affiliation_and_author() -> None:
    corpus = small_corpus()
    by_type = corpus.matrix("holder_type", "option", "count")
    assert list(by_type.index) == ["government-body", "organisation", "person"]
    assert by_type.loc["person", "negotiate"] == 4  # ann 2 + bob 2
    by_affiliation = corpus.matrix("holder_affiliation", "option")
    assert by_affiliation.loc["Institute A", "negotiate"] == "mixed"  # ann and bob
    assert by_affiliation.loc["CAT", "negotiate"] == "conditional"  # no affiliation → own label
    by_author = corpus.matrix("author", "option", "count")
    assert list(by_author.index) == ["Ann A", "[eve]"]  # d2 prints no author: its voice
    assert by_author.loc["[eve]"].sum() == 4


def test_multi_valued_actor_grouping_counts_each_actor() -> None:
    corpus = make_corpus([make_document("d1", [rec("ann", "negotiate", "support", actors=["government", "army"])])])
    m = corpus.matrix("actor", "option", "count")
    assert m.to_dict() == {"negotiate": {"army": 1, "government": 1}}


def test_unknown_keys_and_values_are_plain_errors() -> None:
    corpus = small_corpus()
    with pytest.raises(UsageError, match="rows='colour' is not a grouping key; choose from: holder, "):
        corpus.matrix("colour", "option")
    with pytest.raises(UsageError, match="not a matrix value"):
        corpus.matrix(value="mean")
    with pytest.raises(UsageError, match="unknown strength 'maybe'"):
        corpus.filter(strength="maybe")
    with pytest.raises(UsageError, match="unknown holder 'zed'"):
        corpus.filter(holder="zed")
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        corpus.filter(since="last spring")


# --------------------------------------------------------------------------- filtering


def test_filter_chain_matches_the_sketch() -> None:
    corpus = small_corpus()
    m = corpus.filter(theme="talks", strength={"must", "should"}).matrix("document", "option")
    assert m.to_dict() == {"negotiate": {"d1": "mixed", "d2": "support"}}
    assert corpus.filter(exclude_kind="forecast").matrix().loc["cat"].tolist() == ["conditional", "none", "none"]


def test_filter_by_date_kind_author_and_stance() -> None:
    corpus = small_corpus()
    assert list(corpus.filter(since=dt.date(2023, 3, 1)).documents) == ["d2"]
    assert list(corpus.filter(until="2023-01-01").documents) == ["d1"]
    assert list(corpus.filter(document_kind="news").documents) == ["d2"]
    assert list(corpus.filter(author="Ann A").documents) == ["d1"]
    assert set(corpus.filter(stance="oppose").table["key"]) == {"d1/r003", "d1/r004"}
    assert len(corpus.filter(holder_type="person", document="d2").table) == 3
    # a theme filter keeps documents, possibly empty
    kept = corpus.filter(theme="partners")
    assert list(kept.documents) == ["d1", "d2"]
    assert len(kept.table) == 1
    assert kept.criteria == {"theme": "partners"}


def test_filtered_corpus_table_equals_a_fresh_tidy_of_it() -> None:
    view = small_corpus().filter(holder=["ann", "bob"]).filter(exclude_kind="forecast")
    pd.testing.assert_frame_equal(view.table, tidy(view))
    assert view.criteria == {"holder": ["ann", "bob"], "exclude_kind": "forecast"}


def test_undated_documents_are_left_out_of_date_ranges() -> None:
    corpus = make_corpus([make_document("d1", [rec("ann", "negotiate", "support")], date=None)])
    assert corpus.table["document_date"].isna().all()
    with pytest.warns(UserWarning, match="undated"):
        assert corpus.filter(since="2000-01-01").table.empty


# --------------------------------------------------------------------------- contestation


def test_contestation_formula() -> None:
    assert contestation(0, 0) == 0.0
    assert contestation(3, 0) == 0.0
    assert contestation(2, 2) == 1.0
    assert contestation(2, 1) == pytest.approx(2 / 3)
    assert contestation(9, 1) == pytest.approx(0.2)


def test_option_summary_by_hand() -> None:
    summary = small_corpus().options_summary()
    crackdown = summary.loc["crackdown"]
    assert (crackdown["supporters"], crackdown["opponents"], crackdown["n"]) == (2, 1, 3)
    assert crackdown["support_names"] == "bob; eve"
    assert crackdown["oppose_names"] == "ann"
    assert crackdown["contestation"] == pytest.approx(2 / 3)
    negotiate = summary.loc["negotiate"]
    assert (negotiate["supporters"], negotiate["opponents"], negotiate["conditional"], negotiate["mixed"]) == (1, 0, 1, 1)
    assert negotiate["statements"] == 5
    assert summary.index[0] == "crackdown"
    assert list(small_corpus().contested().index) == ["crackdown"]


def test_ranking_ties_break_by_holders_then_codebook_order() -> None:
    corpus = make_corpus(
        [
            make_document(
                "d1",
                [
                    rec("ann", "strike", "support"), rec("bob", "strike", "oppose"),
                    rec("ann", "negotiate", "support"), rec("bob", "negotiate", "oppose"),
                    rec("ann", "crackdown", "support"), rec("bob", "crackdown", "oppose"),
                    rec("cat", "crackdown", "support"), rec("dan", "crackdown", "oppose"),
                    rec("ann", "ceasefire", "support"), rec("bob", "ceasefire", "support"), rec("cat", "ceasefire", "support"),
                    rec("ann", "cooperate-us", "oppose"), rec("bob", "cooperate-us", "oppose"),
                ],
            )
        ]
    )
    contested = corpus.contested()
    assert list(contested.index) == ["crackdown", "negotiate", "strike"]  # all 1.0: 4 holders, then codebook order
    assert contested["contestation"].tolist() == [1.0, 1.0, 1.0]
    consensus = corpus.consensus()
    assert list(consensus.index) == ["ceasefire", "cooperate-us"]  # 3 holders, then 2


# --------------------------------------------------------------------------- properties

records = st.lists(
    st.tuples(
        st.sampled_from(["d1", "d2", "d3"]),
        st.sampled_from(HOLDERS),
        st.sampled_from(OPTIONS),
        st.sampled_from(["support", "oppose", "conditional"]),
        st.sampled_from(["must", "should", "could", "forecast"]),
    ),
    max_size=30,
)


def corpus_of(items: list[tuple[str, str, str, str, str]]) -> policycmp.Corpus:
    by_doc: dict[str, list[dict[str, object]]] = {"d1": [], "d2": [], "d3": []}
    for doc, holder, option, stance, strength in items:
        by_doc[doc].append(rec(holder, option, stance, strength))
    dates = {"d1": dt.date(2022, 1, 1), "d2": dt.date(2023, 1, 1), "d3": None}
    return make_corpus([make_document(d, specs, date=dates[d], kind="news" if d == "d2" else "op-ed") for d, specs in by_doc.items()])


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(records, st.sampled_from(["holder", "document", "holder_type", "author"]), st.sampled_from(["option", "theme"]),
       st.sampled_from(["document", "corpus", "all"]))
def test_matrix_totals_equal_table_counts(items: list[tuple[str, str, str, str, str]], rows: str, cols: str, rule: str) -> None:
    corpus = corpus_of(items)
    table = corpus.tidy()
    counts = corpus.matrix(rows, cols, "count", duplicates=rule)
    expected_rows = len(with_group(deduplicate(table, rule), rows, "_g"))
    assert int(counts.to_numpy().sum()) == expected_rows
    if rule == "all" and rows != "author":
        assert int(counts.to_numpy().sum()) == len(table)
    stance = corpus.matrix(rows, cols, duplicates=rule)
    assert ((stance != "none").to_numpy() == (counts > 0).to_numpy()).all()
    summary = option_summary(table, duplicates=rule)  # positions only: forecasts take no side
    positions = corpus.filter(exclude_kind="forecast")
    per_option = positions.matrix("holder", "option", duplicates=rule) if len(positions.table) else pd.DataFrame()
    for option in summary.index:
        row = summary.loc[option]
        assert row["supporters"] + row["opponents"] + row["conditional"] + row["mixed"] == int((per_option[option] != "none").sum())
        assert 0.0 <= row["contestation"] <= 1.0


@FAST
@given(records, st.sets(st.sampled_from(OPTIONS), min_size=1), st.sampled_from(["stance", "numeric", "count", "net"]))
def test_filter_then_align_equals_align_then_filter(items: list[tuple[str, str, str, str, str]], keep: set[str], value: str) -> None:
    corpus = corpus_of(items)
    filtered = corpus.filter(option=sorted(keep)).matrix("holder", "option", value)
    full = corpus.matrix("holder", "option", value)
    columns = [c for c in full.columns if c in keep]
    counts = corpus.matrix("holder", "option", "count")[columns]
    rows = [r for r in full.index if counts.loc[r].sum() > 0]
    pd.testing.assert_frame_equal(pd.DataFrame(filtered), pd.DataFrame(full.loc[rows, columns]), check_dtype=False)


@FAST
@pytest.mark.filterwarnings("ignore::policycmp.filters.UndatedWarning")
@given(records, st.sampled_from(["must", "should", "could"]))
def test_filter_table_and_corpus_filter_agree(items: list[tuple[str, str, str, str, str]], strength: str) -> None:
    corpus = corpus_of(items)
    direct = filter_table(corpus.tidy(), exclude_strength=strength, since="2022-06-01")
    pd.testing.assert_frame_equal(corpus.filter(exclude_strength=strength, since="2022-06-01").table, direct.reset_index(drop=True))


# --------------------------------------------------------------------------- the shipped corpus


@pytest.fixture(scope="module")
def real(shipped: policycmp.Corpus) -> policycmp.Corpus:
    return shipped  # loaded once per session (conftest)


def test_real_corpus_us_cooperation_is_contested(real: policycmp.Corpus) -> None:
    """Seed 004: Noor Fatima says Islamabad 'should not hesitate' to join forces with the US; Talat A Wizarat
    warns that 'every time Pakistan got close to the United States, it plunged the country into war'."""
    stance = real.matrix("holder", "option")
    assert stance.loc["noor-fatima", "cooperate-with-us-against-ttp"] == "support"
    assert stance.loc["talat-a-wizarat", "cooperate-with-us-against-ttp"] == "oppose"
    contested = real.contested()
    assert "cooperate-with-us-against-ttp" in contested.index
    row = contested.loc["cooperate-with-us-against-ttp"]
    assert "noor-fatima" in row["support_names"].split("; ")
    assert "talat-a-wizarat" in row["oppose_names"].split("; ")


def test_real_corpus_drone_strikes_only_opposed(real: policycmp.Corpus) -> None:
    """Seed 004: PTI and Wizarat speak against allowing US drone strikes; nobody in the texts asks for them."""
    summary = real.options_summary()
    drones = summary.loc["allow-us-drone-strikes"]
    assert drones["supporters"] == 0
    assert drones["opponents"] >= 2
    assert "talat-a-wizarat" in drones["oppose_names"].split("; ")


def test_real_corpus_side_by_side_has_the_quotes(real: policycmp.Corpus) -> None:
    table = real.side_by_side("us-cooperation", labels=False)
    cell = table.loc["cooperate-with-us-against-ttp", "noor-fatima"]
    assert cell.startswith("✓ “")
    assert "should not hesitate" in real.documents["004-dw-news-us-cooperation"].text
    assert "(004-dw-news-us-cooperation)" in cell


def test_affiliation_filter_matches_affiliation_grouping() -> None:
    corpus = small_corpus()
    assert set(corpus.filter(holder_affiliation="Institute A").table["holder"]) == {"ann", "bob"}
    assert set(corpus.filter(holder_affiliation="CAT").table["holder"]) == {"cat"}  # no affiliation: its own label
    assert list(corpus.filter(holder_affiliation="CAT").matrix("holder_affiliation", "option").index) == ["CAT"]
    with pytest.raises(UsageError, match="unknown actor 'navy'"):
        corpus.filter(actor="navy")
    assert len(corpus.filter(actor="government").table) == 11


def test_complete_matrices_have_every_codebook_entry() -> None:
    corpus = small_corpus()
    m = corpus.filter(theme="partners").matrix(complete=True)
    assert list(m.columns) == [
        *("negotiate", "ceasefire", "talks-other", "crackdown", "strike", "force-other", "cooperate-us", "partners-other")
    ]
    assert list(m.index) == ["ann", "bob", "cat", "dan", "eve"]
    assert m.loc["cat", "cooperate-us"] == "support"
    assert (m != "none").to_numpy().sum() == 1
    assert m.counts.loc["ann", "ceasefire"] == 0
    assert math.isnan(m.numeric.loc["ann", "ceasefire"])
    by_theme = corpus.filter(document="d2").matrix("document", "theme", "count", complete=True)
    assert by_theme.to_dict() == {"talks": {"d2": 2}, "force": {"d2": 2}, "partners": {"d2": 0}}
    # the shapes of two different filters agree
    assert corpus.filter(holder="dan").matrix(complete=True).shape == corpus.matrix(complete=True).shape


@FAST
@given(records, st.sets(st.sampled_from(["d1", "d2", "d3"]), min_size=1), st.sets(st.sampled_from(HOLDERS), min_size=1))
def test_filtering_rows_then_align_equals_align_then_selecting_rows(
    items: list[tuple[str, str, str, str, str]], docs: set[str], holders: set[str]
) -> None:
    corpus = corpus_of(items)
    for key, keep in (("document", docs), ("holder", holders)):
        full = corpus.matrix(key, "option")
        sub = corpus.filter(**{key: sorted(keep)}).matrix(key, "option")
        expected = full.select(rows=[r for r in full.index if r in keep]).addressed()
        pd.testing.assert_frame_equal(pd.DataFrame(sub), pd.DataFrame(expected), check_index_type=False, check_column_type=False)
        pd.testing.assert_frame_equal(sub.counts, expected.counts, check_index_type=False, check_column_type=False)
