"""DNA's network definitions, checked against matrices worked out by hand on the fixture of dna_fixtures.py.

The fixture, after import (qualifier q: 1 = agree/support, 0 = disagree/oppose), counts a[actor, concept] = (q0, q1):

    Alpha  (A): Carbon tax (1, 2)  [statements 1 and 2 repeat one span: both q1; 9 is q0]   Coal phase-out (1, 0)
    Beta   (B): Carbon tax (2, 1)  [3 and 10 q0; 7 q1]                                      Coal phase-out (0, 1)
    Civic  (C): Coal phase-out (0, 1)
    Delta  (D): Nuclear power (0, 1)  — shares no concept with anyone, so its row is 0 everywhere.

Statement counts n: A 4, B 4, C 1, D 1. Rows/columns in label order: Alpha Party, Beta Union, Civic Forum, Delta Corp.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from dna_fixtures import make_dna

import policycmp as pc
import policycmp.dna as dna
from policycmp.agreement import agreement as pc_agreement
from policycmp.dna.networks import java_sorted
from policycmp.errors import UsageError

ACTORS = ["Alpha Party", "Beta Union", "Civic Forum", "Delta Corp"]
CONCEPTS = ["Carbon tax", "Coal phase-out", "Nuclear power"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> pc.Corpus:
    base = tmp_path_factory.mktemp("dna")
    dna.import_dna(make_dna(base / "debate.dna"), base / "corpus")
    return pc.load(base / "corpus")


def sym(ab: float, ac: float, bc: float) -> list[list[float]]:
    """A symmetric 4 × 4 matrix with zero diagonal; only pairs among A, B, C are non-zero (D shares nothing)."""
    return [[0, ab, ac, 0], [ab, 0, bc, 0], [ac, bc, 0, 0], [0, 0, 0, 0]]


# One-mode, duplicates="include". Per pair, summed over concepts:
#   ignore:     AB = 3·3 (carbon) + 1·1 (coal) = 10;  AC = 1·1 = 1;  BC = 1·1 = 1
#   congruence: AB = carbon 1·2 + 2·1 = 4, coal 1·0 + 0·1 = 0 → 4;  AC = 0;  BC = coal 1·1 = 1
#   conflict:   AB = carbon A0·B1 + A1·B0 = 1·1 + 2·2 = 5, coal 1·1 + 0·0 = 1 → 6;  AC = coal A0·C1 = 1;  BC = 0
#   subtract:   congruence − conflict: AB = 4 − 6 = −2;  AC = −1;  BC = 1
# Normalisations (denominators):
#   average (n_i + n_j)/2:  AB (4+4)/2 = 4;  AC (4+1)/2 = 2.5;  BC 2.5
#   cosine  n_i · n_j (DNA's):  AB 16;  AC 4;  BC 4
#   jaccard per (concept, qualifier) cell:  AB = only-A coal q0 1 + only-B coal q1 1 + both carbon 1·2 + 2·1 = 6
#                                            AC = only-A 1 + 2 + 1 = 4 + only-C coal q1 1 (A has none) → 5
#                                            BC = only-B 2+1 = 3 + both coal q1 1·1 = 1 → 4
ONEMODE: dict[tuple[str, str], list[list[float]]] = {
    ("ignore", "no"): sym(10, 1, 1),
    ("ignore", "average"): sym(10 / 4, 1 / 2.5, 1 / 2.5),  # 2.5, 0.4, 0.4
    ("ignore", "jaccard"): sym(10 / 6, 1 / 5, 1 / 4),  # above 1: the "ignore" numerator pairs opposite stances too
    ("ignore", "cosine"): sym(10 / 16, 1 / 4, 1 / 4),  # 0.625, 0.25, 0.25
    ("congruence", "no"): sym(4, 0, 1),
    ("congruence", "average"): sym(4 / 4, 0, 1 / 2.5),  # 1.0, 0, 0.4
    ("congruence", "jaccard"): sym(4 / 6, 0, 1 / 4),
    ("congruence", "cosine"): sym(4 / 16, 0, 1 / 4),
    ("conflict", "no"): sym(6, 1, 0),
    ("conflict", "average"): sym(6 / 4, 1 / 2.5, 0),  # 1.5, 0.4
    ("conflict", "jaccard"): sym(6 / 6, 1 / 5, 0),  # 1.0, 0.2
    ("conflict", "cosine"): sym(6 / 16, 1 / 4, 0),  # 0.375, 0.25
    ("subtract", "no"): sym(-2, -1, 1),
    ("subtract", "average"): sym(-2 / 4, -1 / 2.5, 1 / 2.5),  # −0.5, −0.4, 0.4
    ("subtract", "jaccard"): sym(-2 / 6, -1 / 5, 1 / 4),
    ("subtract", "cosine"): sym(-2 / 16, -1 / 4, 1 / 4),  # −0.125, −0.25, 0.25
}


@pytest.mark.parametrize(("aggregation", "normalization"), sorted(ONEMODE))
def test_onemode_every_aggregation_and_normalization(corpus: pc.Corpus, aggregation: str, normalization: str) -> None:
    got = dna.network(corpus, "onemode", aggregation, normalization)  # type: ignore[arg-type]
    assert list(got.index) == ACTORS and list(got.columns) == ACTORS
    np.testing.assert_allclose(got.to_numpy(dtype="float64"), np.array(ONEMODE[(aggregation, normalization)]), rtol=0, atol=1e-12)
    if normalization == "no":
        assert got.dtypes.eq("int64").all()


def test_twomode_ignore_and_subtract(corpus: pc.Corpus) -> None:
    # ignore: statements per actor and concept, whatever the qualifier (A carbon 3 = statements 1, 2, 9); total 10 statements
    ignore = dna.network(corpus, "twomode")
    assert list(ignore.index) == ACTORS and list(ignore.columns) == CONCEPTS
    assert ignore.to_numpy().tolist() == [[3, 1, 0], [3, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert int(ignore.to_numpy().sum()) == 10
    # subtract: agree − disagree: A carbon 2 − 1 = 1, A coal 0 − 1 = −1; B carbon 1 − 2 = −1, B coal 1 − 0 = 1
    subtract = dna.network(corpus, "twomode", "subtract")
    assert subtract.to_numpy().tolist() == [[1, -1, 0], [-1, 1, 0], [0, 1, 0], [0, 0, 1]]


def test_duplicates_document(corpus: pc.Corpus) -> None:
    # "ignore" compares holder and concept only: statement 2 repeats 1 in document 1, statement 10 repeats
    # Beta's carbon-tax statement 7 in document 2 (earlier in the text, so 7 is kept). Left: A carbon 2, B carbon 2.
    twomode = dna.network(corpus, "twomode", duplicates="document")
    assert twomode.to_numpy().tolist() == [[2, 1, 0], [2, 1, 0], [0, 1, 0], [0, 0, 1]]
    onemode = dna.network(corpus, "onemode", duplicates="document")
    assert onemode.to_numpy().tolist() == sym(2 * 2 + 1 * 1, 1, 1)  # AB = 5
    # with a qualifier aggregation the qualifier counts too: 10 (q0) differs from 7 (q1) and stays.
    # A carbon (1, 1), B carbon (2, 1): congruence AB = 1·2 + 1·1 = 3; BC = 1
    congruence = dna.network(corpus, "onemode", "congruence", duplicates="document")
    assert congruence.to_numpy().tolist() == sym(3, 0, 1)
    # subtract two-mode: A carbon 1 − 1 = 0; B carbon 1 − 2 = −1
    assert dna.network(corpus, "twomode", "subtract", duplicates="document").to_numpy().tolist() == [
        [0, -1, 0],
        [-1, 1, 0],
        [0, 1, 0],
        [0, 0, 1],
    ]


def test_matrices_are_symmetric_with_zero_diagonal(corpus: pc.Corpus) -> None:
    for aggregation in ("ignore", "congruence", "conflict", "subtract"):
        for normalization in ("no", "average", "jaccard", "cosine"):
            m = dna.network(corpus, "onemode", aggregation, normalization).to_numpy(dtype="float64")  # type: ignore[arg-type]
            assert np.array_equal(m, m.T) and not np.diag(m).any()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"network_type": "bipartite"}, "'twomode', 'onemode'"),
        ({"qualifier_aggregation": "combine"}, "'ignore', 'congruence', 'conflict', 'subtract'"),
        ({"normalization": "activity"}, "'no', 'average', 'jaccard', 'cosine'"),
        ({"duplicates": "week"}, "'include', 'document'"),
        ({"network_type": "twomode", "qualifier_aggregation": "congruence"}, "'ignore', 'subtract'"),
        ({"network_type": "twomode", "normalization": "jaccard"}, "'no'"),
    ],
)
def test_invalid_choices_list_the_valid_ones(corpus: pc.Corpus, kwargs: dict[str, str], words: str) -> None:
    with pytest.raises(UsageError, match="choose from") as info:
        dna.network(corpus, **kwargs)  # type: ignore[arg-type]
    assert words in str(info.value)


def test_conditional_stance_is_refused_with_a_way_out(corpus: pc.Corpus) -> None:
    table = corpus.table.copy()
    table.loc[0, "stance"] = "conditional"
    with pytest.raises(UsageError, match=r"conditional.*filter"):
        dna.network_from_table(table, "onemode")


def test_java_string_order() -> None:
    # Java compares UTF-16 code units: an emoji (surrogate 0xD83D…) sorts before U+FF5E, unlike code-point order.
    assert java_sorted({"b", "B", "\uff5e", "\U0001f600"}) == ["B", "b", "\U0001f600", "\uff5e"]


def test_network_on_the_shipped_corpus_runs() -> None:
    table = pc.load().table
    table = table.loc[table["stance"].isin(["support", "oppose"])]
    m = dna.network_from_table(table, "onemode", "subtract", "average")
    assert isinstance(m, pd.DataFrame) and list(m.index) == list(m.columns)
    assert np.array_equal(m.to_numpy(), m.to_numpy().T)


def test_labels_follow_holder_and_option_labels(tmp_path: Path) -> None:
    dna.import_dna(make_dna(tmp_path / "x.dna"), tmp_path / "c", holder="person")
    m = dna.network(pc.load(tmp_path / "c"), "twomode")
    # statements without a person are skipped (as DNA skips empty values): only Ann and Ben remain
    assert list(m.index) == ["Ann Alpha", "Ben Beta"]
    assert m.to_numpy().tolist() == [[2, 1], [1, 0]]  # Ann: statements 1, 2 (carbon), 5 (coal); Ben: 3


@pytest.mark.parametrize("normalise", ["raw", "average", "jaccard", "cosine"])
def test_relation_to_policycmp_agreement(corpus: pc.Corpus, normalise: str) -> None:
    # Without repeated (holder, option, stance) statements, DNA congruence equals policycmp's agreements for
    # raw, average and Jaccard; DNA's cosine is policycmp's divided by sqrt(n_i · n_j) (docs/dna.md).
    table = corpus.table.drop_duplicates(["holder", "option", "stance"], ignore_index=True)
    ours = pc_agreement(table, normalise=normalise, duplicates="document")
    ours = ours.rename(index=dict(zip(table["holder"], table["holder_label"], strict=True)))
    ours.columns = ours.index
    normalization = "no" if normalise == "raw" else normalise
    theirs = dna.network_from_table(table, "onemode", "congruence", normalization)  # type: ignore[arg-type]
    mine = pd.DataFrame(ours).loc[theirs.index, theirs.index].to_numpy(dtype="float64").copy()
    np.fill_diagonal(mine, 0.0)
    if normalise == "cosine":
        n = table.groupby("holder_label").size().loc[theirs.index].to_numpy(dtype="float64")
        mine = mine / np.sqrt(np.outer(n, n))
    np.testing.assert_allclose(theirs.to_numpy(dtype="float64"), mine, atol=1e-12)
