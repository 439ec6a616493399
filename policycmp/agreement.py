"""Holder × holder agreement and conflict, as discourse network analysis builds them.

Each holder (or group, see ``by``) is reduced to the set ``A`` of its (option, stance)
statements, after the duplicate rule. For two holders ``i`` and ``j``:

* ``shared``     — options both address: ``|O_i ∩ O_j|``;
* ``agreements`` — statements they share, same option and same stance: ``|A_i ∩ A_j|``
  (the congruence network; two conditional stances on one option count as agreement);
* ``conflicts``  — pairs of opposite stances on one option, support against oppose:
  ``|{o : (o, support) ∈ A_i, (o, oppose) ∈ A_j}| + |{o : (o, oppose) ∈ A_i, (o, support) ∈ A_j}|``
  (the conflict network; conditional against either side is neither).

A holder that both supports and opposes one option holds both statements, as in DNA; the
diagonal of ``conflicts`` counts the options on which a holder is so divided against itself.

Normalisations of a count ``w`` (agreements or conflicts) between ``i`` and ``j``, with
``|A|`` a holder's number of distinct statements:

* ``raw``      — ``w``: how much two holders have in common, but active holders dominate;
* ``average``  — ``w / ((|A_i| + |A_j|) / 2)``: DNA's average-activity normalisation, the
  share of the two holders' mean activity that they have in common;
* ``jaccard``  — ``w / |A_i ∪ A_j|`` (for agreements, the Jaccard similarity of the two
  statement sets): penalises holders who say much the other does not;
* ``cosine``   — ``w / sqrt(|A_i| · |A_j|)``: the cosine of the two statement vectors, less
  harsh than Jaccard to a pair where one holder is far more active.

All four are symmetric by construction (every formula is symmetric in ``i`` and ``j``) and the
three normalised ones lie in [0, 1] for agreements. The ``net`` measure is the normalised
agreement minus the normalised conflict (DNA's "subtract" network), in [−1, 1].
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

import networkx as nx
import numpy as np
import pandas as pd

from policycmp.display import Frame
from policycmp.errors import UsageError
from policycmp.filters import deduplicate, with_group
from policycmp.matrices import axis_order, labels_for
from policycmp.vocabulary import STANCE

NORMALISATIONS: tuple[str, ...] = ("raw", "average", "jaccard", "cosine")
MEASURES: tuple[str, ...] = ("agreement", "conflict", "net")


class Agreement(Frame):
    """A group × group score matrix with the counts behind it.

    The frame itself holds the chosen score; ``.shared``, ``.agreements`` and ``.conflicts``
    are the raw count matrices and ``.pairs`` the same numbers in long form, one row per pair.
    """

    _metadata: ClassVar[list[str]] = [
        *Frame._metadata, "_pc_shared", "_pc_agreements", "_pc_conflicts", "_pc_normalise", "_pc_measure", "_pc_contested"
    ]
    _pc_contested: frozenset[tuple[str, str]] | None = None
    """Pairs whose shared evidence independent coders dispute (set by :meth:`policycmp.corpus.Corpus.agreement`)."""
    _pc_shared: pd.DataFrame
    _pc_agreements: pd.DataFrame
    _pc_conflicts: pd.DataFrame
    _pc_normalise: str
    _pc_measure: str
    _pc_companions: ClassVar[tuple[str, ...]] = ("_pc_shared", "_pc_agreements", "_pc_conflicts")

    @property
    def shared(self) -> pd.DataFrame:
        return pd.DataFrame(self._pc_shared)

    @property
    def agreements(self) -> pd.DataFrame:
        return pd.DataFrame(self._pc_agreements)

    @property
    def conflicts(self) -> pd.DataFrame:
        return pd.DataFrame(self._pc_conflicts)

    @property
    def pairs(self) -> pd.DataFrame:
        """One row per unordered pair (i < j in matrix order) with shared, agreements, conflicts, score."""
        names = list(self.index)
        shared, agree, conflict = (m.to_numpy() for m in (self._pc_shared, self._pc_agreements, self._pc_conflicts))
        score = self.to_numpy(dtype="float64")
        rows = []
        for a in range(len(names)):
            for b in range(a + 1, len(names)):
                rows.append(
                    {
                        "a": names[a],
                        "b": names[b],
                        "shared": int(shared[a, b]),
                        "agreements": int(agree[a, b]),
                        "conflicts": int(conflict[a, b]),
                        "score": float(score[a, b]),
                    }
                )
        pairs = pd.DataFrame(rows, columns=["a", "b", "shared", "agreements", "conflicts", "score"])
        if self._pc_contested is not None:
            pairs["contested_coding"] = [(a, b) in self._pc_contested for a, b in zip(pairs["a"], pairs["b"], strict=True)]
        return pairs


def _normalise(counts: np.ndarray, sizes: np.ndarray, union: np.ndarray, how: str) -> np.ndarray:
    if how == "raw":
        return counts.astype("float64")
    if how == "average":
        denominator = (sizes[:, None] + sizes[None, :]) / 2.0
    elif how == "jaccard":
        denominator = union
    else:
        denominator = np.sqrt(np.outer(sizes, sizes).astype("float64"))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(denominator > 0, counts / np.where(denominator > 0, denominator, 1.0), 0.0)
    return out.astype("float64")


def agreement(
    table: pd.DataFrame,
    *,
    normalise: str = "jaccard",
    measure: str = "agreement",
    by: str = "holder",
    duplicates: str = "document",
) -> Agreement:
    """The ``by`` × ``by`` agreement matrix (default holders, Jaccard-normalised agreements).

    ``normalise`` is one of :data:`NORMALISATIONS`, ``measure`` one of :data:`MEASURES`;
    see the module docstring for the formulas.
    """
    if normalise not in NORMALISATIONS:
        raise UsageError(f"normalise={normalise!r} is not a normalisation; choose from: {', '.join(NORMALISATIONS)}")
    if measure not in MEASURES:
        raise UsageError(f"measure={measure!r} is not an agreement measure; choose from: {', '.join(MEASURES)}")
    frame = with_group(deduplicate(table, duplicates), by, "_row")
    frame = frame.loc[frame["_row"].notna()]
    groups: list[Hashable] = axis_order(frame, by, "_row")
    options: list[Hashable] = axis_order(frame, "option", "option") if not frame.empty else []
    stances = STANCE.values
    incidence = np.zeros((len(stances), len(groups), len(options)), dtype="int64")
    distinct = frame.drop_duplicates(["_row", "option", "stance"])
    positions = (
        pd.Index(stances).get_indexer(pd.Index(distinct["stance"])),
        pd.Index(groups).get_indexer(pd.Index(distinct["_row"])),
        pd.Index(options).get_indexer(pd.Index(distinct["option"])),
    )
    incidence[positions] = 1
    support, oppose, conditional = incidence
    agree = support @ support.T + oppose @ oppose.T + conditional @ conditional.T
    conflict = support @ oppose.T + oppose @ support.T
    np.fill_diagonal(conflict, np.diag(support @ oppose.T))
    addressed = (incidence.sum(axis=0) > 0).astype("int64")
    shared = addressed @ addressed.T
    sizes = incidence.sum(axis=(0, 2))
    union = sizes[:, None] + sizes[None, :] - agree
    score_agree = _normalise(agree, sizes, union, normalise)
    if measure == "agreement":
        score = score_agree
    else:
        score_conflict = _normalise(conflict, sizes, union, normalise)
        score = score_conflict if measure == "conflict" else score_agree - score_conflict
    def framed(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=pd.Index(groups, name=by), columns=pd.Index(groups, name=by))

    result = Agreement.wrap(framed(score), "score", labels_for(table), f"{measure} between {by}s, normalised: {normalise}")
    result._pc_shared = framed(np.asarray(shared, dtype="int64"))
    result._pc_agreements = framed(np.asarray(agree, dtype="int64"))
    result._pc_conflicts = framed(np.asarray(conflict, dtype="int64"))
    result._pc_normalise = normalise
    result._pc_measure = measure
    return result


def agreement_graph(table: pd.DataFrame, *, normalise: str = "jaccard", by: str = "holder", duplicates: str = "document") -> nx.Graph:
    """The signed agreement network: one node per ``by`` group, one edge per pair sharing an option.

    Node attributes: ``label``, ``statements`` and, for holders, ``type`` and ``affiliation``.
    Edge attributes: ``shared``, ``agreements``, ``conflicts`` (counts), ``agreement`` and
    ``conflict`` (normalised with ``normalise``) and ``weight`` = agreement − conflict.
    """
    score_agree = agreement(table, normalise=normalise, by=by, duplicates=duplicates)
    score_conflict = agreement(table, normalise=normalise, measure="conflict", by=by, duplicates=duplicates)
    grouped = with_group(deduplicate(table, duplicates), by, "_row")
    statements = grouped.groupby("_row").size()
    first = grouped.drop_duplicates("_row").set_index("_row")
    graph = nx.Graph(normalise=normalise, by=by, duplicates=duplicates)
    for node in score_agree.index:
        attrs: dict[str, str | int] = {"label": str(node), "statements": int(statements.get(node, 0))}
        if by == "holder":
            attrs["label"] = str(first.at[node, "holder_label"])
            attrs["type"] = str(first.at[node, "holder_type"])
            affiliation = first.at[node, "holder_affiliation"]
            attrs["affiliation"] = str(affiliation) if isinstance(affiliation, str) else ""
        graph.add_node(str(node), **attrs)
    names = list(score_agree.index)
    shared = score_agree.shared.to_numpy()
    agree_n = score_agree.agreements.to_numpy()
    conflict_n = score_agree.conflicts.to_numpy()
    agree_s = score_agree.to_numpy(dtype="float64")
    conflict_s = score_conflict.to_numpy(dtype="float64")
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            if shared[a, b] == 0:
                continue
            graph.add_edge(
                str(names[a]),
                str(names[b]),
                shared=int(shared[a, b]),
                agreements=int(agree_n[a, b]),
                conflicts=int(conflict_n[a, b]),
                agreement=round(float(agree_s[a, b]), 6),
                conflict=round(float(conflict_s[a, b]), 6),
                weight=round(float(agree_s[a, b] - conflict_s[a, b]), 6),
            )
    return graph
