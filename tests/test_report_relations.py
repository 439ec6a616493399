"""The holder pages' agreement table names the same options as the statement pairs of ``Agreement.evidence``.

:func:`policycmp.report.network.named_options` finds them from sets (linear in the statements); this
checks it against the pair-by-pair evidence on the fixture, the shipped corpus and a synthetic corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

import policycmp
from policycmp.agreement import agreement
from policycmp.report.network import _sides, named_options
from policycmp.synth import generate

FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"


def by_evidence(scores: object, me: str, other: str) -> dict[str, set[str]]:
    found = scores.evidence(me, other)  # type: ignore[attr-defined]
    named = {}
    for relation in ("agree", "conflict"):
        part = found.loc[found["relation"] == relation]
        named[relation] = {str(o) for o in part["a_option"]} | {str(o) for o in part.loc[part["via"] != part["a_option"], "b_option"]}
    return named


@pytest.mark.parametrize("source", ["fixture", "shipped", "synthetic"])
@pytest.mark.parametrize("duplicates", ["document", "all"])
def test_named_options_match_the_evidence_pairs(source: str, duplicates: str, tmp_path: Path) -> None:
    root = {"fixture": FIXTURE, "shipped": REPO}.get(source) or generate(6, tmp_path / "synth", seed=3)
    table = policycmp.load(root).table
    scores = agreement(table, normalise="jaccard", duplicates=duplicates)  # type: ignore[arg-type]
    sides = _sides(scores)
    pairs = scores.pairs
    checked = 0
    for a, b, shared in zip(pairs["a"], pairs["b"], pairs["shared"], strict=True):
        if int(shared) == 0:
            continue
        for me, other in ((str(a), str(b)), (str(b), str(a))):
            assert named_options(sides[me], sides[other]) == by_evidence(scores, me, other), (me, other)
            checked += 1
    assert checked > 0
