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

**Dimensions.** Options the codebook places on a pole of a dimension (engagement ↔ coercion of
Kabul, dialogue ↔ force with the TTP) also meet across options. Each such statement points to one
end of the dimension: support for an option on pole ``p`` points to ``p``, opposition to it points to
the other pole (a conditional stance points nowhere). With ``D_i`` the set of (dimension, end) that
holder ``i`` points to, the statement set becomes ``A_i ∪ D_i``, and two holders

* *agree on a dimension* when both point to the same end through **different** options (the same
  option is already an option agreement, so it is not counted twice): +1 per shared end;
* *conflict on a dimension* when they point to opposite ends through different options (opposite
  stances on one option are already an option conflict): +1 for each direction of the pair, as
  for options.

**Statement kinds.** Only positions count: demands, recommendations and commitments
(:data:`policycmp.models.POSITION_KINDS`). A forecast states what someone expects, not what they
want, so by default it neither agrees nor conflicts (``kinds=`` widens or narrows this).

All four are symmetric by construction (every formula is symmetric in ``i`` and ``j``) and the
three normalised ones lie in [0, 1] for agreements. The ``net`` measure is the normalised
agreement minus the normalised conflict (DNA's "subtract" network), in [−1, 1].
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

import networkx as nx
import numpy as np
import pandas as pd

from policycmp.display import Frame
from policycmp.filters import counted_rows, deduplicate, group_codes, with_group
from policycmp.matrices import axis_order, labels_for
from policycmp.models import POSITION_KINDS
from policycmp.options import DUPLICATE_RULES, GROUP_KEYS, MEASURES, NORMALISATIONS, Duplicates, GroupKey, Measure, Normalise, choose
from policycmp.table import memo, split_list
from policycmp.vocabulary import STANCE


class Agreement(Frame):
    """A group × group score matrix with the counts behind it.

    The frame itself holds the chosen score; ``.shared``, ``.agreements`` and ``.conflicts``
    are the raw count matrices and ``.pairs`` the same numbers in long form, one row per pair.
    """

    _metadata: ClassVar[list[str]] = [
        *Frame._metadata, "_pc_shared", "_pc_agreements", "_pc_conflicts", "_pc_normalise", "_pc_measure", "_pc_rows", "_pc_by", "_pc_ends",
        "_pc_contested",
    ]
    _pc_ends: pd.DataFrame
    _pc_rows: pd.DataFrame
    _pc_by: str
    _pc_contested: frozenset[tuple[str, str]] | None = None
    """Pairs whose shared evidence independent coders dispute (set by :meth:`policycmp.corpus.Corpus.agreement`)."""
    _pc_shared: pd.DataFrame
    _pc_agreements: pd.DataFrame
    _pc_conflicts: pd.DataFrame
    _pc_normalise: Normalise
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

    def evidence(self, a: Hashable, b: Hashable) -> pd.DataFrame:
        """The statement pairs behind the agreements and conflicts of ``a`` and ``b`` (see :func:`evidence`)."""
        return evidence(self._pc_rows, a, b, ends=self._pc_ends)

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


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts keyed by column name."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def positions_only(table: pd.DataFrame, kinds: Collection[str] | None = POSITION_KINDS) -> pd.DataFrame:
    """Rows of ``table`` whose statement kind is in ``kinds`` (``None``: every row)."""
    if kinds is None or table.empty:
        return table
    return table.loc[table["kind"].isin([str(k) for k in kinds])]


def directions(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (row of ``frame``, dimension) for statements on options placed on a pole.

    Columns: ``_row`` (the group), ``option``, ``key``, ``dimension``, ``end`` (+1 or −1: which end
    of the dimension the statement points to; the two poles of a dimension get opposite signs, in
    sorted order of the pole ids seen). Conditional stances point nowhere and are left out.
    """
    columns = ["_row", "option", "key", "dimension", "end"]
    if "option_poles" not in frame or frame.empty:
        return pd.DataFrame([], columns=columns)
    cell_codes, distinct = pd.factorize(frame["option_poles"])  # few distinct cells (one per option): split each once
    cells = [str(c) for c in distinct]
    placed = [bool(c) for c in cells]
    signs: dict[str, dict[str, int]] = {}
    items: list[list[tuple[str, str]]] = [
        [(d, p) for d, p in (item.split("=", 1) for item in split_list(cell))] if used else []
        for cell, used in zip(cells, placed, strict=True)
    ]
    for dimension, pole in sorted({pair for found in items for pair in found}):
        signs.setdefault(dimension, {})[pole] = 1 if not signs.get(dimension) else -1
    stance = frame["stance"].astype(str).map({"support": 1, "oppose": -1}).fillna(0).to_numpy(dtype="int64")
    items.append([])  # a missing cell (code −1) points nowhere
    lengths = np.array([len(i) for i in items], dtype="int64")
    rows = np.flatnonzero((stance != 0) & (lengths[cell_codes] > 0))
    if not len(rows):
        return pd.DataFrame([], columns=columns)
    flat = [pair for i in items for pair in i]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    repeats = lengths[cell_codes[rows]]
    at = np.repeat(rows, repeats)
    item = starts[cell_codes[at]] + np.arange(len(at)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    sign = np.array([signs[d][p] for d, p in flat], dtype="int64")
    dimension_of = np.array([d for d, _ in flat], dtype=object)
    out = {name: frame[name].to_numpy(dtype=object)[at].tolist() for name in ("_row", "option", "key")}
    end = (sign[item] * stance[at]).tolist()
    return pd.DataFrame({**out, "dimension": dimension_of[item].tolist(), "end": end}, columns=columns)


FREE_TEXT: tuple[str, ...] = ("document_title", "outlet", "conditions", "quote", "segments", "note", "holder_members")
"""Tidy columns the prepared rows of an agreement leave out: nothing derived from them reads free text (issue #17: memory)."""


def _prepare(table: pd.DataFrame, by: GroupKey, duplicates: Duplicates, kinds: Collection[str] | None) -> pd.DataFrame:
    """The statements that count (``kinds``, then the duplicate rule), each with its group in ``_row``; one copy of the rows.

    Every column of ``table`` but the :data:`FREE_TEXT` ones: the evidence of a pair, the report's
    relations and coalition evidence read ids, stances and keys, and keys lead to the quotes.
    """
    table = table[[c for c in table.columns if c not in FREE_TEXT]]
    if kinds is not None and not table.empty:
        counted = counted_rows(table, duplicates, kinds)
        frame = with_group(table.iloc[counted] if len(counted) < len(table) else table, by, "_row")
    else:
        frame = with_group(deduplicate(table, duplicates), by, "_row")
    return frame.loc[frame["_row"].notna()]


@dataclass(frozen=True)
class _Counts:
    """What every normalisation and measure of one agreement reads: the prepared rows, the groups and the raw counts."""

    frame: pd.DataFrame
    groups: list[Hashable]
    agree: np.ndarray
    conflict: np.ndarray
    shared: np.ndarray
    sizes: np.ndarray
    ends: pd.DataFrame


def _counts(table: pd.DataFrame, by: GroupKey, duplicates: Duplicates, kinds: Collection[str] | None) -> _Counts:
    """The counts behind an agreement matrix (see the module docstring), kept for a shared table (see :func:`policycmp.table.share`)."""
    wanted = None if kinds is None else tuple(sorted({str(k) for k in kinds}))
    return memo(table, ("agreement", by, duplicates, wanted), lambda: _count(table, by, duplicates, kinds))


def _count(table: pd.DataFrame, by: GroupKey, duplicates: Duplicates, kinds: Collection[str] | None) -> _Counts:
    frame = _prepare(table, by, duplicates, kinds)
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
    ends = directions(frame)
    dim_agree, dim_conflict, dim_sizes, dim_shared = _dimension_counts(ends, groups, options)
    agree = agree + dim_agree
    conflict = conflict + dim_conflict
    sizes = sizes + dim_sizes
    shared = shared + dim_shared
    np.fill_diagonal(agree, sizes)
    return _Counts(frame, groups, agree, conflict, shared, sizes, ends)


def agreement(
    table: pd.DataFrame,
    *,
    normalise: Normalise = "jaccard",
    measure: Measure = "agreement",
    by: GroupKey = "holder",
    duplicates: Duplicates = "document",
    kinds: Collection[str] | None = POSITION_KINDS,
) -> Agreement:
    """The ``by`` × ``by`` agreement matrix (default holders, Jaccard-normalised agreements).

    ``normalise`` is one of :data:`NORMALISATIONS`, ``measure`` one of :data:`MEASURES`;
    ``kinds`` the statement kinds that count (default: positions, not forecasts). See the module
    docstring for the formulas, dimensions included. The counts are worked out once per shared
    table, grouping, duplicate rule and kinds; each normalisation and measure reads them.
    """
    normalise = choose("normalise", normalise, NORMALISATIONS, "a normalisation")
    measure = choose("measure", measure, MEASURES, "an agreement measure")
    duplicates = choose("duplicates", duplicates, DUPLICATE_RULES, "a duplicate rule")
    by = choose("by", by, GROUP_KEYS, "a grouping key")
    counts = _counts(table, by, duplicates, kinds)
    groups, agree, conflict, sizes = counts.groups, counts.agree, counts.conflict, counts.sizes
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
    result._pc_shared = framed(np.asarray(counts.shared, dtype="int64"))
    result._pc_agreements = framed(np.asarray(agree, dtype="int64"))
    result._pc_conflicts = framed(np.asarray(conflict, dtype="int64"))
    result._pc_normalise = normalise
    result._pc_measure = measure
    result._pc_rows = counts.frame
    result._pc_by = by
    result._pc_ends = counts.ends
    return result


def _dimension_counts(
    pointing: pd.DataFrame, groups: list[Hashable], options: list[Hashable]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cross-option agreements, conflicts, ends pointed to and shared dimensions (see the module docstring)."""
    n = len(groups)
    agree = np.zeros((n, n), dtype="int64")
    conflict = np.zeros((n, n), dtype="int64")
    sizes = np.zeros(n, dtype="int64")
    shared = np.zeros((n, n), dtype="int64")
    ends = pointing.drop_duplicates(["_row", "option", "dimension", "end"])
    if ends.empty:
        return agree, conflict, sizes, shared
    rows = pd.Index(groups).get_indexer(pd.Index(ends["_row"]))
    cols = pd.Index(options).get_indexer(pd.Index(ends["option"]))
    for dimension in sorted(set(ends["dimension"])):
        on = (ends["dimension"] == dimension).to_numpy()
        q = {}
        for end in (1, -1):
            m = np.zeros((n, len(options)), dtype="int64")
            pick = on & (ends["end"] == end).to_numpy()
            m[rows[pick], cols[pick]] = 1
            q[end] = m
        r = {end: q[end].sum(axis=1) for end in q}
        for end in (1, -1):
            cross = np.outer(r[end], r[end]) - q[end] @ q[end].T
            agree += (cross > 0).astype("int64")
            sizes += (r[end] > 0).astype("int64")
        opposed = (np.outer(r[1], r[-1]) - q[1] @ q[-1].T > 0).astype("int64")
        conflict += opposed + opposed.T
        np.fill_diagonal(conflict, np.diag(conflict) - np.diag(opposed))
        pointed = ((r[1] + r[-1]) > 0).astype("int64")
        shared += np.outer(pointed, pointed)  # both take a side on this dimension
    return agree, conflict, sizes, shared


EVIDENCE_COLUMNS = ["relation", "via", "a_key", "b_key", "a_option", "b_option", "a_stance", "b_stance", "a_document", "b_document"]


def evidence(frame: pd.DataFrame, a: Hashable, b: Hashable, *, ends: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every pair of statements that makes ``a`` and ``b`` agree or conflict, one row per pair.

    ``frame`` is the prepared table of an :class:`Agreement` (after kinds, duplicates and grouping).
    ``relation`` is ``agree`` or ``conflict``; ``via`` the option (same option) or the dimension
    (different options pointing to the same or opposite ends). Keys lead to the quotes.
    """
    left = _records(frame.loc[frame["_row"] == a])
    right = _records(frame.loc[frame["_row"] == b])
    rows: list[dict[str, object]] = []
    for x in left:
        for y in right:
            if x["key"] == y["key"] or x["option"] != y["option"]:
                continue
            if x["stance"] == y["stance"]:
                relation = "agree"
            elif {x["stance"], y["stance"]} == {"support", "oppose"}:
                relation = "conflict"
            else:
                continue
            rows.append(_pair(relation, str(x["option"]), x, y))
    ends = directions(frame) if ends is None else ends
    by_key = {str(r["key"]): r for r in (*left, *right)}
    left_ends = _records(ends.loc[ends["_row"] == a])
    right_ends = _records(ends.loc[ends["_row"] == b])
    for x in left_ends:
        for y in right_ends:
            if x["dimension"] != y["dimension"] or x["option"] == y["option"]:
                continue
            relation = "agree" if x["end"] == y["end"] else "conflict"
            rows.append(_pair(relation, str(x["dimension"]), by_key[str(x["key"])], by_key[str(y["key"])]))
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return out.sort_values(["relation", "via", "a_key", "b_key"], kind="mergesort", ignore_index=True)


def _pair(relation: str, via: str, x: dict[str, Any], y: dict[str, Any]) -> dict[str, object]:
    return {"relation": relation, "via": via} | {
        f"{side}_{name}": row[name] for side, row in (("a", x), ("b", y)) for name in ("key", "option", "stance", "document")
    }


def _conflict_scores(scores: Agreement) -> np.ndarray:
    """The normalised conflicts behind ``scores`` (an agreement measure): what ``agreement(..., measure="conflict")`` holds.

    An agreement matrix's diagonal is each group's number of statements (``sizes``), so the
    union and the normalisation are worked out from its counts exactly as :func:`agreement` does.
    """
    agree = scores._pc_agreements.to_numpy()
    sizes = np.diag(agree).copy()
    union = sizes[:, None] + sizes[None, :] - agree
    return _normalise(scores._pc_conflicts.to_numpy(), sizes, union, scores._pc_normalise).astype("float64")


def agreement_graph(
    table: pd.DataFrame, *, normalise: Normalise = "jaccard", by: GroupKey = "holder", duplicates: Duplicates = "document"
) -> nx.Graph:
    """The signed agreement network: one node per ``by`` group, one edge per pair sharing an option.

    Node attributes: ``label``, ``statements`` and, for holders, ``type`` and ``affiliation``.
    Edge attributes: ``shared``, ``agreements``, ``conflicts`` (counts), ``agreement`` and
    ``conflict`` (normalised with ``normalise``) and ``weight`` = agreement − conflict.
    """
    score_agree = agreement(table, normalise=normalise, by=by, duplicates=duplicates)
    conflict_s = _conflict_scores(score_agree)  # the counts are made once, even for a table whose counts are not kept
    rows, codes, values = group_codes(table, by)
    counted = np.zeros(len(table), dtype=bool)
    counted[counted_rows(table, duplicates)] = True
    rows, codes = rows[counted[rows]], codes[counted[rows]]
    statements = np.bincount(codes, minlength=len(values))
    present, first_at = np.unique(codes, return_index=True)
    first = dict(zip((values[c] for c in present), rows[first_at].tolist(), strict=True))  # each group's first counted row
    position = {value: i for i, value in enumerate(values)}
    graph = nx.Graph(normalise=normalise, by=by, duplicates=duplicates)
    for node in score_agree.index:
        found = position.get(str(node))
        attrs: dict[str, str | int] = {"label": str(node), "statements": int(statements[found]) if found is not None else 0}
        if by == "holder":
            at = first[str(node)]
            attrs["label"] = str(table["holder_label"].iloc[at])
            attrs["type"] = str(table["holder_type"].iloc[at])
            affiliation = table["holder_affiliation"].iloc[at]
            attrs["affiliation"] = str(affiliation) if isinstance(affiliation, str) else ""
        graph.add_node(str(node), **attrs)
    names = list(score_agree.index)
    shared = score_agree.shared.to_numpy()
    agree_n = score_agree.agreements.to_numpy()
    conflict_n = score_agree.conflicts.to_numpy()
    agree_s = score_agree.to_numpy(dtype="float64")
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
