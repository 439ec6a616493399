"""Vectorised analysis helpers give exactly what their per-row predecessors gave.

The references below are the implementations that :func:`policycmp.agreement.directions` and
:func:`policycmp.matrices.labels_for` had before they were vectorised (issue #17), kept here
unchanged as the specification, and compared on the shipped corpus and a synthetic one, for
every grouping. The second half compares the tidy table, the duplicate rule, matrices, option
summaries, agreement and positions with :mod:`analyses_reference` (the code before the second
rewrite), on those corpora and on generated tables.
"""

from __future__ import annotations

import gc
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import analyses_reference as reference
import pandas as pd
import pytest
from alignment_fixtures import make_codebook, make_corpus, make_document, rec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycmp
from policycmp.agreement import FREE_TEXT, MEASURES, NORMALISATIONS, _prepare, agreement, agreement_graph, directions
from policycmp.coalitions import coalitions
from policycmp.filters import deduplicate
from policycmp.matrices import labels_for, matrix, option_summary
from policycmp.models import POSITION_KINDS
from policycmp.options import GROUP_KEYS, MATRIX_VALUES
from policycmp.positions import positions
from policycmp.records import CorpusRecord
from policycmp.synth import generate
from policycmp.table import _SHARED, COLUMNS, memo, share, split_list, tidy


def reference_directions(frame: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    signs: dict[str, dict[str, int]] = {}
    placed = frame.loc[frame["option_poles"].fillna("").astype(str) != ""] if "option_poles" in frame else frame.iloc[0:0]
    for dimension, pole in sorted({tuple(item.split("=", 1)) for cell in placed["option_poles"] for item in split_list(cell)}):
        signs.setdefault(dimension, {})[pole] = 1 if not signs.get(dimension) else -1
    records: list[dict[str, Any]] = [{str(k): v for k, v in row.items()} for row in placed.to_dict("records")]
    for record in records:
        stance = str(record["stance"])
        if stance not in ("support", "oppose"):
            continue
        for item in split_list(record["option_poles"]):
            dimension, pole = item.split("=", 1)
            end = signs[dimension][pole] * (1 if stance == "support" else -1)
            rows.append({"_row": record["_row"], "option": record["option"], "key": record["key"], "dimension": dimension, "end": end})
    return pd.DataFrame(rows, columns=["_row", "option", "key", "dimension", "end"])


def reference_labels(table: pd.DataFrame) -> dict[Hashable, str]:
    labels: dict[Hashable, str] = {}
    for key, label in (("holder", "holder_label"), ("theme", "theme_label"), ("option", "option_label")):
        if not table.empty:
            labels.update(dict(zip(table[key], table[label], strict=True)))
    return labels


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> list[pd.DataFrame]:
    synthetic = generate(12, tmp_path_factory.mktemp("synth") / "corpus", source=repo)
    return [policycmp.load(repo).tidy(), policycmp.load(synthetic).tidy()]


@pytest.mark.parametrize("by", ["holder", "document", "holder_type", "theme"])
@pytest.mark.parametrize("duplicates", ["document", "corpus", "all"])
def test_directions_equal_the_per_row_reference(tables: list[pd.DataFrame], by: str, duplicates: str) -> None:
    for table in tables:
        for part in (table, table.iloc[0:0], table.loc[table["stance"] == "conditional"], table.iloc[::3]):
            frame = _prepare(part, by, duplicates, None)  # type: ignore[arg-type]
            got, expected = directions(frame), reference_directions(frame)
            assert len(expected) > 0 or part is not table
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
            assert got["end"].tolist() == expected["end"].tolist()


def test_labels_equal_the_per_row_reference(tables: list[pd.DataFrame]) -> None:
    for table in tables:
        for part in (table, table.iloc[0:0], table.iloc[::5]):
            assert labels_for(part) == reference_labels(part)


# ---------------------------------------------------------------------------------------------
# Issue #17 rewrite: the table built column by column, the duplicate rule and groupings on integer
# codes, counts kept per shared table. The specification is tests/analyses_reference.py (the code
# as it was), compared on the shipped corpus, a synthetic one and generated tables.

KEYS_ACROSS: list[tuple[str, str]] = sorted(
    {(k, "option") for k in GROUP_KEYS}
    | {("holder", k) for k in GROUP_KEYS}
    | {("author", "actor"), ("actor", "actor"), ("theme", "document")}
)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> list[policycmp.Corpus]:
    synthetic = generate(12, tmp_path_factory.mktemp("synth-corpora") / "corpus", source=repo)
    return [policycmp.load(repo), policycmp.load(synthetic)]


def variants(table: pd.DataFrame) -> list[pd.DataFrame]:
    """The shared table itself (its counts kept), an unshared copy, a slice with gaps in its index, and no rows."""
    return [table, table.copy(), table.iloc[::3], table.iloc[0:0]]


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert type(got) is type(expected)
    for extra in ("_pc_numeric", "_pc_counts", "_pc_expected"):
        if getattr(expected, extra, None) is not None:
            pd.testing.assert_frame_equal(getattr(got, extra), getattr(expected, extra), check_exact=True)
    assert dict(getattr(got, "_pc_labels", {})) == dict(getattr(expected, "_pc_labels", {}))


def test_tidy_equals_the_per_row_reference(corpora: list[policycmp.Corpus]) -> None:
    for corpus in corpora:
        same(tidy(corpus), reference.tidy(corpus))
    empty = CorpusRecord(root=corpora[0].root, codebook=corpora[0].codebook)
    same(tidy(empty), reference.tidy(empty))


@pytest.mark.parametrize("duplicates", ["document", "corpus", "all"])
def test_deduplicate_equals_the_reference(corpora: list[policycmp.Corpus], duplicates: str) -> None:
    for corpus in corpora:
        for table in variants(corpus.tidy()):
            same(deduplicate(table, duplicates), reference.deduplicate(table, duplicates))  # type: ignore[arg-type]


@pytest.mark.parametrize("duplicates", ["document", "corpus", "all"])
def test_matrices_equal_the_reference_for_every_grouping(corpora: list[policycmp.Corpus], duplicates: str) -> None:
    for n, corpus in enumerate(corpora):
        table = corpus.tidy()
        for part in (table, table.iloc[::3]) if n == 0 else (table,):
            for rows, cols in KEYS_ACROSS:
                for value in MATRIX_VALUES:
                    got = matrix(part, rows, cols, value, duplicates=duplicates)  # type: ignore[arg-type]
                    same(got, reference.matrix(part, rows, cols, value, duplicates=duplicates))


def test_matrices_with_fixed_axes_equal_the_reference(corpora: list[policycmp.Corpus]) -> None:
    corpus = corpora[0]
    holders = ["nobody", *sorted(corpus.holders), "nobody"]  # an unknown group, listed twice
    options = list(corpus.options)
    for table in variants(corpus.tidy()):
        for value in MATRIX_VALUES:
            got = matrix(table, "holder", "option", value, row_order=holders, col_order=options)
            same(got, reference.matrix(table, "holder", "option", value, row_order=holders, col_order=options))
            got = matrix(table, "document", "theme", value, row_order=[], col_order=["x"])
            same(got, reference.matrix(table, "document", "theme", value, row_order=[], col_order=["x"]))


@pytest.mark.parametrize("by", ["holder", "document", "author", "holder_affiliation"])
def test_option_summaries_equal_the_reference(corpora: list[policycmp.Corpus], by: str) -> None:
    for corpus in corpora:
        for table in variants(corpus.tidy()):
            for duplicates in ("document", "all"):
                for kinds in (POSITION_KINDS, None, ("forecast",)):
                    got = option_summary(table, by=by, duplicates=duplicates, kinds=kinds)  # type: ignore[arg-type]
                    same(got, reference.option_summary(table, by=by, duplicates=duplicates, kinds=kinds))


@pytest.mark.parametrize("by", ["holder", "document", "actor", "theme"])
def test_agreement_rows_and_scores_equal_the_reference(corpora: list[policycmp.Corpus], by: str) -> None:
    """The prepared rows and dimension ends equal the reference; counts kept for a shared table equal counts made afresh."""
    for corpus in corpora:
        for table in variants(corpus.tidy())[:3]:
            for duplicates in ("document", "corpus", "all"):
                for kinds in (POSITION_KINDS, None, ("forecast",)):
                    prepared = _prepare(table, by, duplicates, kinds)  # type: ignore[arg-type]
                    expected = reference.prepare(table, by, duplicates, kinds).drop(columns=list(FREE_TEXT))
                    pd.testing.assert_frame_equal(prepared, expected, check_exact=True)
                    pd.testing.assert_frame_equal(directions(prepared), reference_directions(prepared), check_exact=True)
        table, fresh = corpus.tidy(), corpus.tidy().copy()  # the corpus's table keeps its counts; the copy's are made each time
        for normalise in NORMALISATIONS:
            for measure in MEASURES:
                kept = agreement(table, normalise=normalise, measure=measure, by=by)  # type: ignore[arg-type]
                again = agreement(fresh, normalise=normalise, measure=measure, by=by)  # type: ignore[arg-type]
                pd.testing.assert_frame_equal(kept, again, check_exact=True)
                for name in ("shared", "agreements", "conflicts"):
                    pd.testing.assert_frame_equal(getattr(kept, name), getattr(again, name), check_exact=True)
                expected = reference.prepare(table, by, "document", POSITION_KINDS).drop(columns=list(FREE_TEXT))
                pd.testing.assert_frame_equal(kept._pc_rows, expected, check_exact=True)


@pytest.mark.parametrize("by", ["holder", "document", "author"])
def test_agreement_graph_nodes_equal_the_reference(corpora: list[policycmp.Corpus], by: str) -> None:
    for corpus in corpora:
        for table in variants(corpus.tidy())[:3]:
            for duplicates in ("document", "all"):
                graph = agreement_graph(table, by=by, duplicates=duplicates)  # type: ignore[arg-type]
                expected = reference.graph_nodes(table, list(graph.nodes), by, duplicates)
                assert dict(graph.nodes(data=True)) == expected


@pytest.mark.parametrize("by", ["holder", "document"])
def test_positions_equal_the_reference(corpora: list[policycmp.Corpus], by: str) -> None:
    for corpus in corpora:
        dimensions = corpus.codebook.dimensions
        for table in variants(corpus.tidy()):
            for duplicates in ("document", "corpus", "all"):
                for kinds in (POSITION_KINDS, None, ("forecast",)):
                    got = positions(table, dimensions, by=by, duplicates=duplicates, kinds=kinds)  # type: ignore[arg-type]
                    same(got, reference.positions(table, dimensions, by=by, duplicates=duplicates, kinds=kinds))


def test_kept_counts_follow_each_table(corpora: list[policycmp.Corpus]) -> None:
    """Counts kept for a corpus's table never leak into a filtered corpus, a modified copy, or a new table."""
    corpus = corpora[0]
    before = corpus.matrix("holder", "option", "count")
    narrowed = corpus.filter(stance="support")
    same(narrowed.matrix("holder", "option", "count"), reference.matrix(narrowed.tidy(), "holder", "option", "count"))
    assert int(narrowed.matrix("holder", "option", "count").to_numpy().sum()) < int(before.to_numpy().sum())
    edited = corpus.table
    edited["stance"] = "oppose"
    same(matrix(edited, "holder", "option", "stance"), reference.matrix(edited, "holder", "option", "stance"))
    assert set(matrix(edited, "holder", "option", "stance").to_numpy().ravel()) <= {"oppose", "none"}
    same(corpus.matrix("holder", "option", "count"), before)


def test_kept_counts_are_dropped_with_their_table() -> None:
    table = share(pd.DataFrame({"holder": ["a"], "option": ["o"], "stance": ["support"], "kind": ["demand"], "document": ["d"]}))
    key = id(table)
    assert memo(table, "answer", lambda: 42) == 42
    assert memo(table, "answer", lambda: 0) == 42  # kept
    assert memo(table.copy(), "answer", lambda: 0) == 0  # a copy is not shared
    del table
    gc.collect()
    assert key not in _SHARED


def generated_tables(corpus: policycmp.Corpus) -> st.SearchStrategy[pd.DataFrame]:
    """Small tidy tables drawn from ``corpus``'s codebook: repeated statements, several authors and actors, missing fields."""
    options = list(corpus.options)
    holders = sorted(corpus.holders)[:6]
    row = st.fixed_dictionaries(
        {
            "document": st.sampled_from(["d1", "d2", "d3"]),
            "holder": st.sampled_from(holders),
            "option": st.sampled_from(options[:8]),
            "stance": st.sampled_from(["support", "oppose", "conditional"]),
            "kind": st.sampled_from(["demand", "recommendation", "commitment", "forecast"]),
            "strength": st.sampled_from(["must", "should", None]),
            "authors": st.sampled_from(["", "A", "A; B"]),
            "actors": st.sampled_from(["", "x", "x; y"]),
            "affiliation": st.sampled_from([None, "Group"]),
        }
    )

    def build(rows: list[dict[str, Any]]) -> pd.DataFrame:
        records = []
        for i, r in enumerate(rows):
            option = corpus.options[r["option"]]
            theme = corpus.option_theme[r["option"]]
            records.append(
                {
                    "key": f"{r['document']}/r{i}", "document": r["document"], "rec_id": f"r{i}", "document_title": f"T {r['document']}",
                    "document_kind": "op-ed", "document_date": None, "outlet": None, "authors": r["authors"], "voice": "v",
                    "holder": r["holder"], "holder_label": r["holder"].upper(), "holder_type": "person",
                    "holder_affiliation": r["affiliation"], "holder_members": "", "actors": r["actors"], "theme": theme,
                    "theme_label": theme.title(), "option": r["option"], "option_label": option.label,
                    "option_poles": "; ".join(f"{p.dimension}={p.pole}" for p in option.poles), "stance": r["stance"],
                    "kind": r["kind"], "strength": r["strength"], "conditions": None, "quote": "q", "start": i, "end": i + 1,
                    "segments": ((i, i + 1),), "note": None, "theme_order": corpus.codebook.themes.index(corpus.themes[theme]),
                    "option_order": options.index(r["option"]),
                }
            )
        frame = pd.DataFrame(records, columns=list(COLUMNS))
        frame["document_date"] = pd.to_datetime(frame["document_date"])
        for column in COLUMNS:
            if column not in ("start", "end", "theme_order", "option_order", "document_date", "segments"):
                frame[column] = frame[column].astype("str")
        return frame

    return st.lists(row, max_size=25).map(build)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_tables_equal_the_reference(shipped: policycmp.Corpus, data: st.DataObject) -> None:
    table = data.draw(generated_tables(shipped))
    if data.draw(st.booleans()):
        table = share(table)  # kept counts and fresh ones alike
    duplicates = data.draw(st.sampled_from(["document", "corpus", "all"]))
    rows, cols = data.draw(st.sampled_from(KEYS_ACROSS))
    same(deduplicate(table, duplicates), reference.deduplicate(table, duplicates))  # type: ignore[arg-type]
    for value in MATRIX_VALUES:
        same(matrix(table, rows, cols, value, duplicates=duplicates), reference.matrix(table, rows, cols, value, duplicates=duplicates))  # type: ignore[arg-type]
    same(option_summary(table, duplicates=duplicates), reference.option_summary(table, duplicates=duplicates))  # type: ignore[arg-type]
    same(
        positions(table, shipped.codebook.dimensions, duplicates=duplicates),  # type: ignore[arg-type]
        reference.positions(table, shipped.codebook.dimensions, duplicates=duplicates),
    )
    expected = reference.prepare(table, rows, duplicates, POSITION_KINDS).drop(columns=list(FREE_TEXT))
    pd.testing.assert_frame_equal(_prepare(table, rows, duplicates, POSITION_KINDS), expected, check_exact=True)  # type: ignore[arg-type]


def one_passage_corpus() -> policycmp.Corpus:
    """Two coalitions: one resting on one passage coded for each member, one on a single document, partly across a dimension."""
    poles = {"c": ("k", "down"), "d": ("k", "down")}
    codebook = make_codebook({"t": ["a", "b", "c", "d"]}, dimensions={"k": ("up", "down")}, poles=poles)
    quote = "Party leaders demanded the rollback."
    first = make_document("d1", [rec("ann", "a", "support", quote=quote), rec("bob", "a", "support", quote=quote)])
    second = make_document(
        "d2",
        [rec("cat", "b", "support"), rec("dan", "b", "support"), rec("cat", "a", "oppose"), rec("dan", "a", "oppose"),
         rec("cat", "c", "support"), rec("dan", "d", "support")],
    )
    return make_corpus([first, second], codebook=codebook)


@pytest.mark.parametrize("by", ["holder", "document", "actor", "author"])
def test_coalition_evidence_equals_the_per_coalition_reference(corpora: list[policycmp.Corpus], by: str) -> None:
    """Every column of ``Coalitions.evidence()`` (keys included) equals the pandas-per-coalition code it replaced."""
    notes: set[str] = set()
    for corpus in [*corpora, one_passage_corpus()]:
        for table in variants(corpus.tidy())[:3]:
            for duplicates in ("document", "all"):
                for method in ("louvain", "greedy"):
                    found = coalitions(table, by=by, duplicates=duplicates, method=method, normalise="raw")  # type: ignore[arg-type]
                    expected = reference.coalition_evidence(found)
                    got = found.evidence()
                    pd.testing.assert_frame_equal(got, expected, check_exact=True)
                    pd.testing.assert_frame_equal(found.evidence(keys=False), expected.drop(columns="keys"), check_exact=True)
                    notes.update(got["note"])
    assert len(notes) >= 2  # evidence with and without a note was compared
    if by == "holder":
        found = coalitions(one_passage_corpus().tidy()).evidence()
        assert set(found["note"]) == {"rests on one passage of one document, coded for each member", "rests on a single document"}
        assert "d2/" in found["keys"].iloc[0] + found["keys"].iloc[1]


@pytest.mark.parametrize("normalise", NORMALISATIONS)
def test_agreement_graph_edges_equal_the_agreement_and_conflict_measures(corpora: list[policycmp.Corpus], normalise: str) -> None:
    """The graph's edge scores are those of ``agreement`` under both measures (the graph counts once, for any table)."""
    edges = 0
    for corpus in corpora:
        for table in variants(corpus.tidy())[:3]:
            for by in ("holder", "actor"):
                graph = agreement_graph(table, normalise=normalise, by=by)  # type: ignore[arg-type]
                agree = agreement(table, normalise=normalise, by=by)  # type: ignore[arg-type]
                conflict = agreement(table, normalise=normalise, measure="conflict", by=by)  # type: ignore[arg-type]
                for a, b, data in graph.edges(data=True):
                    i, j = agree.index.get_loc(a), agree.index.get_loc(b)
                    x, y = float(agree.iat[i, j]), float(conflict.iat[i, j])
                    assert (data["agreement"], data["conflict"], data["weight"]) == (round(x, 6), round(y, 6), round(x - y, 6))
                    assert (data["agreements"], data["conflicts"]) == (agree.agreements.iat[i, j], agree.conflicts.iat[i, j])
                    edges += 1
    assert edges > 0
