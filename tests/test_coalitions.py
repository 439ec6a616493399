"""Coalitions by community detection, their dividing options, and the CSV/GraphML exports."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import networkx as nx
import pytest
from alignment_fixtures import make_corpus, make_document, rec, small_corpus
from conftest import REPO as ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycmp
from policycmp.coalitions import coalitions
from policycmp.errors import UsageError
from policycmp.export import agreement_graph, graphml_text, table_csv
from policycmp.table import tidy


def two_camps() -> policycmp.Corpus:
    """ann and bob want talks and no crackdown; cat and dan the reverse; eve sides with cat on strikes only."""
    return make_corpus(
        [
            make_document(
                "d1",
                [
                    rec("ann", "negotiate", "support"), rec("bob", "negotiate", "support"),
                    rec("ann", "crackdown", "oppose"), rec("bob", "crackdown", "oppose"),
                    rec("cat", "negotiate", "oppose"), rec("dan", "negotiate", "oppose"),
                    rec("cat", "crackdown", "support"), rec("dan", "crackdown", "support"),
                    rec("cat", "strike", "support"), rec("eve", "strike", "support"),
                    rec("ann", "ceasefire", "support"), rec("cat", "ceasefire", "support"),
                ],
            )
        ]
    )


@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_two_camps_are_found(method: str) -> None:
    found = two_camps().coalitions(method=method)
    assert {frozenset(g) for g in found.groups if len(g) > 1} >= {frozenset({"ann", "bob"})}
    camp_of = found.membership["coalition"].to_dict()
    assert camp_of["ann"] == camp_of["bob"]
    assert camp_of["cat"] == camp_of["dan"]
    assert camp_of["ann"] != camp_of["cat"]
    assert sorted(m for g in found.groups for m in g) == ["ann", "bob", "cat", "dan", "eve"]


def test_plain_repr_names_the_groups_one_line_each() -> None:
    found = coalitions(tidy(two_camps()), method="greedy")
    lines = repr(found).splitlines()
    assert lines[0] == f"policycmp coalitions: {len(found.groups)} groups, modularity {found.modularity:.3f}"
    labels = dict(zip(found.membership.index, found.membership["label"], strict=True))
    for n, members in enumerate(found.groups, start=1):
        assert lines[n] == f"  coalition {n}: " + ", ".join(labels[m] for m in members)
    assert lines[-1].startswith("  separated by: negotiate (spread ") and "crackdown (spread " in lines[-1]
    assert "DataFrame" not in repr(found) and "Graph" not in repr(found)


def test_separating_options_by_hand() -> None:
    found = coalitions(tidy(two_camps()), method="greedy")
    sep = found.separating
    split = sep.loc[sep["separates"]]
    assert set(split.index) == {"negotiate", "crackdown"}
    assert (split["spread"] == 2.0).all()
    ann = f"coalition {found.membership.loc['ann', 'coalition']}"
    cat = f"coalition {found.membership.loc['cat', 'coalition']}"
    assert found.positions.loc["negotiate", ann] == 1.0
    assert found.positions.loc["negotiate", cat] == -1.0
    assert found.positions.loc["crackdown", ann] == -1.0
    # ceasefire: both camps support → addressed by two coalitions, no spread, does not separate
    if "ceasefire" in sep.index:
        assert sep.loc["ceasefire", "spread"] == 0.0
        assert not sep.loc["ceasefire", "separates"]


def test_holder_without_positive_ties_is_alone() -> None:
    found = small_corpus().coalitions()
    assert ("dan",) in found.groups  # dan shares no option with anyone
    assert ("ann",) in found.groups  # ann conflicts with bob and eve more than she agrees


def test_coalitions_are_deterministic() -> None:
    first = two_camps().coalitions(seed=3)
    again = two_camps().coalitions(seed=3)
    assert first.groups == again.groups
    assert first.separating.equals(again.separating)
    html = first._repr_html_()
    assert isinstance(html, str)
    assert html == again._repr_html_()
    assert "coalition 1" in html


def test_unknown_method_is_a_plain_error() -> None:
    with pytest.raises(UsageError, match="not a community method"):
        small_corpus().coalitions(method="magic")


def test_empty_corpus_has_no_coalitions() -> None:
    found = make_corpus([make_document("d1", [])]).coalitions()
    assert found.groups == ()
    assert found.separating.empty


# --------------------------------------------------------------------------- exports


def test_graphml_reads_back_with_counts_and_scores(tmp_path: Path) -> None:
    path = small_corpus().to_graphml(tmp_path / "agreement.graphml")
    graph = nx.read_graphml(path)
    assert sorted(graph.nodes) == ["ann", "bob", "cat", "dan", "eve"]
    assert graph.nodes["ann"]["label"] == "ANN"
    assert graph.nodes["ann"]["type"] == "person"
    assert graph.nodes["ann"]["statements"] == 3  # four rows, one restated in the same document
    edge = graph.edges["ann", "bob"]
    assert (edge["shared"], edge["agreements"], edge["conflicts"]) == (2, 1, 2)
    assert edge["agreement"] == pytest.approx(0.25)
    assert edge["conflict"] == pytest.approx(0.5)
    assert edge["weight"] == pytest.approx(-0.25)
    assert not graph.has_edge("dan", "ann")  # no shared option, no edge


def test_csv_round_trips_the_table(tmp_path: Path) -> None:
    corpus = small_corpus()
    path = corpus.to_csv(tmp_path / "table.csv")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("key,document,rec_id,")
    assert "\r" not in text
    assert text.count("\n") == len(corpus.table) + 1
    assert ",11-50," in text.splitlines()[1]
    assert ",2023-01-01," in text.splitlines()[1]


records = st.lists(
    st.tuples(
        st.sampled_from(["d1", "d2", "d3"]),
        st.sampled_from(["ann", "bob", "cat", "dan", "eve"]),
        st.sampled_from(["negotiate", "ceasefire", "crackdown", "strike", "cooperate-us"]),
        st.sampled_from(["support", "oppose", "conditional"]),
    ),
    max_size=25,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.randoms(use_true_random=False))
def test_same_corpus_gives_identical_bytes(items: list[tuple[str, str, str, str]], rnd: random.Random) -> None:
    """Determinism: the same coded data, documents built in any order, gives the same CSV, GraphML and coalitions."""
    docs: dict[str, list[dict[str, object]]] = {"d1": [], "d2": [], "d3": []}
    for doc, holder, option, stance in items:
        docs[doc].append(rec(holder, option, stance))
    order = list(docs)
    built = make_corpus([make_document(d, docs[d], date=dt.date(2023, 1, 1)) for d in order])
    rnd.shuffle(order)
    rebuilt = make_corpus([make_document(d, docs[d], date=dt.date(2023, 1, 1)) for d in order])
    assert table_csv(tidy(built)).encode() == table_csv(tidy(rebuilt)).encode()
    assert graphml_text(agreement_graph(tidy(built))) == graphml_text(agreement_graph(tidy(rebuilt)))
    assert built.coalitions().groups == rebuilt.coalitions().groups


def test_real_corpus_exports_are_stable(tmp_path: Path) -> None:
    corpus = policycmp.load(ROOT)
    first = corpus.to_csv(tmp_path / "a.csv").read_bytes()
    second = policycmp.load(ROOT).to_csv(tmp_path / "b.csv").read_bytes()
    assert first == second
    graph = nx.read_graphml(corpus.to_graphml(tmp_path / "a.graphml"))
    holding = corpus.table.loc[corpus.table["kind"] != "forecast", "holder"]  # forecasts take no side
    assert graph.number_of_nodes() == holding.nunique()
    found = corpus.coalitions()
    assert sorted(m for g in found.groups for m in g) == sorted(holding.unique())
