"""Dimensions with poles: opposing positions meet across options; positions, contestation ranking and findings.

Every expected number is worked out by hand from the fixture below (module docstrings of
``policycmp.agreement``, ``policycmp.positions`` and ``policycmp.findings`` give the rules).

Fixture: dimension ``kabul`` with poles ``engage`` (first) and ``coerce`` (second);
options ``talk-kabul`` (engage), ``press-kabul`` (coerce), ``sanction-kabul`` (coerce), ``courts`` (no pole).

  ann  support talk-kabul            → engage
  bob  support press-kabul           → coerce
  cat  oppose  press-kabul           → engage   (opposing a coerce option points to engage)
  dan  support talk-kabul            → engage   (same option as ann)
  dan  support sanction-kabul        → coerce   (dan is split on the dimension)
  eve  support talk-kabul, forecast  → nothing  (a forecast is not a position)
  ann, bob, cat support courts       (a plain option, no pole)
"""

from __future__ import annotations

import pandas as pd
from alignment_fixtures import make_codebook, make_corpus, make_document, rec

from policycmp.corpus import Corpus

THEMES = {"afghan": ["talk-kabul", "press-kabul", "sanction-kabul"], "justice": ["courts"]}
POLES = {"talk-kabul": ("kabul", "engage"), "press-kabul": ("kabul", "coerce"), "sanction-kabul": ("kabul", "coerce")}


def fixture() -> Corpus:
    codebook = make_codebook(THEMES, dimensions={"kabul": ("engage", "coerce")}, poles=POLES)
    d1 = make_document(
        "d1",
        [
            rec("ann", "talk-kabul", "support"),
            rec("bob", "press-kabul", "support"),
            rec("cat", "press-kabul", "oppose"),
            rec("ann", "courts", "support"),
            rec("bob", "courts", "support"),
        ],
    )
    d2 = make_document(
        "d2",
        [
            rec("dan", "talk-kabul", "support"),
            rec("dan", "sanction-kabul", "support"),
            rec("eve", "talk-kabul", "support", "forecast"),
            rec("cat", "courts", "support"),
        ],
        voice="eve",
    )
    return make_corpus([d1, d2], codebook=codebook)


def test_support_for_opposite_poles_is_a_conflict_across_options() -> None:
    counts = fixture().agreement(normalise="raw", measure="conflict")
    conflicts = counts.conflicts
    assert conflicts.loc["ann", "bob"] == conflicts.loc["bob", "ann"] == 1  # talk-kabul (engage) vs press-kabul (coerce)
    assert conflicts.loc["bob", "cat"] == 1  # the same option, support vs oppose: an option conflict, counted once
    assert conflicts.loc["ann", "dan"] == 1  # dan's sanction-kabul (coerce) against ann's talk-kabul (engage)
    assert conflicts.loc["dan", "dan"] == 1  # dan leans both ways through different options
    assert conflicts.loc["ann", "cat"] == 0


def test_the_same_end_through_different_options_is_an_agreement_and_the_same_option_is_not_counted_twice() -> None:
    agreements = fixture().agreement(normalise="raw").agreements
    assert agreements.loc["ann", "cat"] == 2  # courts (option) + engage through talk-kabul / opposing press-kabul
    assert agreements.loc["ann", "dan"] == 1  # talk-kabul (option) only: the same option is not also a dimension agreement
    assert agreements.loc["bob", "dan"] == 1  # coerce through press-kabul / sanction-kabul


def test_forecasts_take_no_side() -> None:
    corpus = fixture()
    assert "eve" not in corpus.agreement().index
    assert "eve" in corpus.agreement(kinds=None).index


def test_evidence_lists_the_statement_pairs_behind_each_tie() -> None:
    found = fixture().agreement().evidence("ann", "cat")
    assert found[["relation", "via", "a_key", "b_key"]].values.tolist() == [
        ["agree", "courts", "d1/r004", "d2/r004"],
        ["agree", "kabul", "d1/r001", "d1/r003"],
    ]
    clash = fixture().agreement().evidence("ann", "bob")
    assert clash.loc[clash["relation"] == "conflict", "via"].tolist() == ["kabul"]


def test_jaccard_stays_in_bounds_with_dimensions() -> None:
    scores = fixture().agreement(normalise="jaccard").to_numpy()
    assert ((scores >= 0) & (scores <= 1)).all()
    assert (scores == scores.T).all()


def test_positions_by_hand() -> None:
    placed = fixture().positions().loc["kabul"]
    assert placed.loc["ann", ["toward_first", "toward_second", "statements", "documents"]].tolist() == [1, 0, 1, 1]
    assert placed.loc["ann", "position"] == -1.0
    assert placed.loc["bob", "position"] == 1.0
    assert placed.loc["cat", "position"] == -1.0  # opposing a coerce option
    assert placed.loc["dan", "position"] == 0.0  # one each way
    assert "eve" not in placed.index
    assert placed.loc["dan", "keys"] == "d2/r001; d2/r002"


def test_positions_over_time_list_undated_documents_last() -> None:
    codebook = make_codebook(THEMES, dimensions={"kabul": ("engage", "coerce")}, poles=POLES)
    undated = make_document("a0", [rec("ann", "press-kabul", "support")], date=None)
    dated = make_document("z9", [rec("bob", "talk-kabul", "support")])
    over = make_corpus([undated, dated], codebook=codebook).positions_over_time().loc["kabul"]
    assert list(over.index) == ["z9", "a0"]
    assert over["dated"].tolist() == [True, False]
    assert pd.isna(over.loc["a0", "date"])


def test_contested_ranks_by_the_smaller_side_not_by_the_score() -> None:
    codebook = make_codebook({"t": ["split", "five"]})
    doc = make_document(
        "d1",
        [rec("ann", "split", "support"), rec("bob", "split", "oppose")]
        + [rec(h, "five", "support") for h in ("ann", "bob", "cat")]
        + [rec(h, "five", "oppose") for h in ("dan", "eve")],
    )
    contested = make_corpus([doc], codebook=codebook).contested()
    assert list(contested.index) == ["five", "split"]  # 3 v 2 above 1 v 1, though 1 v 1 scores 1.0
    assert contested.loc["split", "contestation"] == 1.0
    assert contested.loc["five", ["supporters", "opponents", "minority", "statements", "documents"]].tolist() == [3, 2, 2, 5, 1]


def test_consensus_finding_is_not_claimed_when_others_lean_to_the_opposite_pole() -> None:
    codebook = make_codebook(THEMES, dimensions={"kabul": ("engage", "coerce")}, poles=POLES)
    docs = [
        make_document("d1", [*(rec(h, "talk-kabul", "support") for h in ("ann", "bob", "cat")), rec("dan", "press-kabul", "support")]),
        make_document("d2", [rec("ann", "talk-kabul", "support"), *(rec(h, "courts", "support") for h in ("ann", "bob", "cat"))]),
        make_document("d3", [rec("eve", "courts", "support")]),
    ]
    findings = make_corpus(docs, codebook=codebook).findings()
    consensus = [f.subject for f in findings.of("consensus")]
    assert consensus == ["courts"]  # talk-kabul has 3 supporters and nobody opposing it, but dan leans to coerce
    assert findings.of("consensus")[0].holders == 4 and findings.of("consensus")[0].documents == 2
    (dimension,) = findings.of("dimension")
    assert "3 holders lean to “Pole engage”, 1 to “Pole coerce”" in dimension.text


def test_coalition_evidence_says_when_it_rests_on_one_passage() -> None:
    codebook = make_codebook({"t": ["a", "b"]})
    quote = "Party leaders demanded the rollback."
    first = make_document("d1", [rec("ann", "a", "support", quote=quote), rec("bob", "a", "support", quote=quote)])
    second = make_document(
        "d2", [rec("cat", "b", "support"), rec("dan", "b", "support"), rec("cat", "a", "oppose"), rec("dan", "a", "oppose")]
    )
    corpus = make_corpus([first, second], codebook=codebook)
    found = corpus.coalitions()
    evidence = found.evidence().set_index("coalition")
    groups = {g: n for n, g in enumerate(found.groups, start=1)}
    assert evidence.loc[groups[("ann", "bob")], "note"] == "rests on one passage of one document, coded for each member"
    assert evidence.loc[groups[("cat", "dan")], ["ties", "statements", "documents", "note"]].tolist() == [
        1, 4, 1, "rests on a single document"
    ]
    robust = found.robustness().set_index("coalition")
    # two documents: two runs, each leaving one out; each coalition survives only in the run that keeps its document
    assert robust["runs"].tolist() == [1, 1]
    assert robust["together"].tolist() == [1.0, 1.0]


def test_the_corpus_repr_ends_with_its_key_findings() -> None:
    corpus = fixture()
    text = repr(corpus)
    assert text.splitlines()[-len(corpus.findings().items) - 1] == "Key findings:"
    assert all(f"- {f.text}" in text for f in corpus.findings().items)
    assert 'class="policycmp findings"' in corpus._repr_html_()
