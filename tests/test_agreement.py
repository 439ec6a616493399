"""Holder × holder agreement: hand-computed counts and normalisations, symmetry, real-corpus conflicts."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from alignment_fixtures import make_corpus, make_document, rec, small_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycmp
from policycmp.agreement import MEASURES, NORMALISATIONS
from policycmp.errors import UsageError

# small_corpus statement sets (after the duplicate rule):
#   ann {negotiate+, crackdown-}            |A| = 2
#   bob {negotiate-, negotiate+, crackdown+} |A| = 3 (mixed on negotiate)
#   cat {negotiate~, cooperate-us+}          |A| = 2
#   dan {strike+}                            |A| = 1 (no overlap with anyone)
#   eve {crackdown+}                         |A| = 1


def test_counts_by_hand() -> None:
    a = small_corpus().agreement()
    assert list(a.index) == ["ann", "bob", "cat", "dan", "eve"]
    assert a.index.name == a.columns.name == "holder"
    assert a.shared.loc["ann", "bob"] == 2
    assert a.agreements.loc["ann", "bob"] == 1  # both support negotiating
    assert a.conflicts.loc["ann", "bob"] == 2  # ann+ vs bob- on negotiate, ann- vs bob+ on crackdown
    assert a.conflicts.loc["ann", "eve"] == 1
    assert a.agreements.loc["bob", "eve"] == 1
    # conditional against support is neither agreement nor conflict
    assert (a.shared.loc["ann", "cat"], a.agreements.loc["ann", "cat"], a.conflicts.loc["ann", "cat"]) == (1, 0, 0)
    # diagonal: a holder's own statements; conflicts with itself where it is mixed
    assert a.agreements.loc["bob", "bob"] == 3
    assert a.conflicts.loc["bob", "bob"] == 1
    assert a.conflicts.loc["ann", "ann"] == 0


def test_holder_with_no_overlap_scores_zero_everywhere() -> None:
    for how in NORMALISATIONS:
        a = small_corpus().agreement(how)
        others = a.loc["dan"].drop("dan")
        assert (others == 0).all()
        assert (a.shared.loc["dan"].drop("dan") == 0).all()


@pytest.mark.parametrize(
    ("how", "ann_bob", "bob_eve"),
    [
        ("raw", 1.0, 1.0),
        ("average", 1 / 2.5, 1 / 2.0),  # w / ((|A_i| + |A_j|) / 2)
        ("jaccard", 1 / 4, 1 / 3),  # w / |A_i ∪ A_j|
        ("cosine", 1 / math.sqrt(6), 1 / math.sqrt(3)),  # w / sqrt(|A_i| |A_j|)
    ],
)
def test_normalisations_by_hand(how: str, ann_bob: float, bob_eve: float) -> None:
    a = small_corpus().agreement(how)
    assert a.loc["ann", "bob"] == pytest.approx(ann_bob)
    assert a.loc["bob", "eve"] == pytest.approx(bob_eve)


def test_conflict_and_net_measures_by_hand() -> None:
    corpus = small_corpus()
    conflict = corpus.agreement("jaccard", measure="conflict")
    assert conflict.loc["ann", "bob"] == pytest.approx(2 / 4)
    net = corpus.agreement("jaccard", measure="net")
    assert net.loc["ann", "bob"] == pytest.approx(1 / 4 - 2 / 4)
    # |A_ann ∪ A_eve| = |{negotiate+, crackdown-, crackdown+}| = 3: conflict 1/3, agreement 0
    assert net.loc["ann", "eve"] == pytest.approx(-1 / 3)


def test_pairs_long_form() -> None:
    pairs = small_corpus().agreement("raw").pairs
    assert len(pairs) == 10  # 5 holders → 10 unordered pairs
    row = pairs.set_index(["a", "b"]).loc[("ann", "bob")]
    assert (row["shared"], row["agreements"], row["conflicts"], row["score"]) == (2, 1, 2, 1.0)


def test_tie_between_pairs_is_kept_in_matrix_order() -> None:
    corpus = make_corpus(
        [make_document("d1", [rec("ann", "negotiate", "support"), rec("bob", "negotiate", "support"),
                              rec("cat", "negotiate", "support")])]
    )
    a = corpus.agreement("jaccard")
    assert a.to_numpy().tolist() == [[1.0, 1.0, 1.0]] * 3
    assert list(a.pairs["a"] + "-" + a.pairs["b"]) == ["ann-bob", "ann-cat", "bob-cat"]


def test_agreement_by_group_and_errors() -> None:
    corpus = small_corpus()
    by_type = corpus.agreement("raw", by="holder_type")
    assert list(by_type.index) == ["government-body", "organisation", "person"]
    # person = ann ∪ bob ∪ dan: {negotiate+, negotiate-, crackdown-, crackdown+, strike+}; organisation = eve {crackdown+}
    assert by_type.loc["person", "organisation"] == 1.0
    assert by_type.conflicts.loc["person", "organisation"] == 1
    with pytest.raises(UsageError, match="not a normalisation"):
        corpus.agreement("pearson")
    with pytest.raises(UsageError, match="not an agreement measure"):
        corpus.agreement(measure="love")


def test_empty_table_gives_empty_matrix() -> None:
    a = make_corpus([make_document("d1", [])]).agreement()
    assert a.shape == (0, 0)
    assert a.pairs.empty


# --------------------------------------------------------------------------- properties

records = st.lists(
    st.tuples(
        st.sampled_from(["d1", "d2"]),
        st.sampled_from(["ann", "bob", "cat", "dan", "eve"]),
        st.sampled_from(["negotiate", "ceasefire", "crackdown", "strike", "cooperate-us"]),
        st.sampled_from(["support", "oppose", "conditional"]),
    ),
    max_size=25,
)


def corpus_of(items: list[tuple[str, str, str, str]]) -> policycmp.Corpus:
    docs: dict[str, list[dict[str, object]]] = {"d1": [], "d2": []}
    for doc, holder, option, stance in items:
        docs[doc].append(rec(holder, option, stance))
    return make_corpus([make_document(d, specs, date=dt.date(2023, 1, 1)) for d, specs in docs.items()])


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(records, st.sampled_from(NORMALISATIONS), st.sampled_from(MEASURES), st.sampled_from(["holder", "document", "holder_type"]))
def test_agreement_is_symmetric_and_bounded(items: list[tuple[str, str, str, str]], how: str, measure: str, by: str) -> None:
    a = corpus_of(items).agreement(how, measure=measure, by=by)
    values = a.to_numpy(dtype="float64")
    assert np.allclose(values, values.T)
    for counts in (a.shared, a.agreements, a.conflicts):
        assert (counts.to_numpy() == counts.to_numpy().T).all()
    assert (a.agreements.to_numpy() <= np.maximum(a.shared.to_numpy() * 3, 0)).all()
    if how != "raw" and measure != "net":
        assert ((values >= 0) & (values <= 1 + 1e-12)).all()
    if how != "raw" and measure == "net":
        assert ((values >= -1 - 1e-12) & (values <= 1 + 1e-12)).all()


@FAST
@given(records, st.sets(st.sampled_from(["ann", "bob", "cat", "dan", "eve"]), min_size=1), st.sampled_from(NORMALISATIONS))
def test_filter_then_agree_equals_agree_then_filter(items: list[tuple[str, str, str, str]], keep: set[str], how: str) -> None:
    corpus = corpus_of(items)
    full = corpus.agreement(how)
    sub = corpus.filter(holder=sorted(keep)).agreement(how)
    names = [h for h in full.index if h in keep]
    pd.testing.assert_frame_equal(pd.DataFrame(sub), pd.DataFrame(full.loc[names, names]), check_index_type=False,
                                  check_column_type=False)


# --------------------------------------------------------------------------- the shipped corpus


def test_real_corpus_two_analysts_conflict_on_us_cooperation(shipped: policycmp.Corpus) -> None:
    """Seed 004 (DW): Noor Fatima — 'If Islamabad has to join forces with the US for this, it should not
    hesitate'; Talat A Wizarat — 'Every time Pakistan got close to the United States, it plunged the
    country into war'. Same option, opposite stances: a conflict edge."""
    corpus = shipped
    a = corpus.agreement("raw")
    assert a.conflicts.loc["noor-fatima", "talat-a-wizarat"] >= 1
    assert a.conflicts.loc["talat-a-wizarat", "noor-fatima"] == a.conflicts.loc["noor-fatima", "talat-a-wizarat"]
    assert a.agreements.loc["noor-fatima", "talat-a-wizarat"] == 0
    us_only = corpus.filter(option="cooperate-with-us-against-ttp").agreement("raw")
    assert us_only.conflicts.loc["noor-fatima", "talat-a-wizarat"] == 1


def test_real_corpus_ttp_leader_and_government_sources_conflict_on_talks(shipped: policycmp.Corpus) -> None:
    """Seed 002: government sources say 'there will be no talks with the TTP going forward'; TTP leader Mufti
    Noor Wali Mehsud says 'We are still open to the ceasefire agreement'. Talks are contested."""
    corpus = shipped
    talks = corpus.filter(option="negotiate-with-ttp")
    a = talks.agreement("raw")
    assert a.conflicts.loc["noor-wali-mehsud", "pakistani-government-sources"] == 1
    assert a.agreements.loc["noor-wali-mehsud", "pakistani-government-sources"] == 0
    row = corpus.contested().loc["negotiate-with-ttp"]
    assert "noor-wali-mehsud" in row["support_names"].split("; ")
    assert "pakistani-government-sources" in row["oppose_names"].split("; ")
    assert row["opponents"] > row["supporters"]
