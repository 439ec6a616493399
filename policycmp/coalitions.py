"""Coalitions: groups of holders who agree, and the options that separate them.

Method: build the signed agreement network (:func:`policycmp.agreement.agreement_graph`; edge
weight = normalised agreement − normalised conflict), keep the edges with positive weight, and
find communities on that graph with Louvain (``networkx``; fixed seed, nodes and edges inserted
in sorted order, so the result is deterministic) or greedy modularity. Holders with no positive
tie form coalitions of their own.

Evidence and robustness. :meth:`Coalitions.evidence` lists, per coalition, the agreement ties
inside it and the statements and documents they rest on, with a note when a coalition rests on a
single statement or a single document. It is counted for every coalition at once over integer
codes (issue #17): coalition by coalition with pandas it was 3 CPU s at 5,000 documents and the
report's memory peak. :meth:`Coalitions.robustness` re-runs the method with one
document left out at a time (for more than 30 documents: 30 seeded runs each leaving out a random
fifth of them) and reports, per coalition, how often its members stay together: the share of
runs, averaged over member pairs present in a run, in which a pair lands in one coalition.

An option *separates* two coalitions when one leans to support and another to oppose it: for
each coalition, its position on an option is the mean numeric stance (+1/−1/0) of its members
who address it; ``spread`` is the highest minus the lowest position.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from policycmp.agreement import agreement, agreement_graph
from policycmp.display import Frame, text_html
from policycmp.matrices import labels_for, matrix
from policycmp.options import DUPLICATE_RULES, GROUP_KEYS, METHODS, NORMALISATIONS, Duplicates, GroupKey, Method, Normalise, choose
from policycmp.table import share
from policycmp.terminal import terminal_text


@dataclass(frozen=True)
class Coalitions:
    """The coalitions found, each a tuple of group ids (largest first), with their dividing lines."""

    groups: tuple[tuple[str, ...], ...]
    membership: pd.DataFrame
    positions: pd.DataFrame
    separating: pd.DataFrame
    modularity: float
    graph: nx.Graph
    table: pd.DataFrame = field(repr=False, compare=False, default_factory=pd.DataFrame)
    settings: tuple[tuple[str, object], ...] = field(repr=False, compare=False, default=())

    def evidence(self, *, keys: bool = True) -> pd.DataFrame:
        """Per coalition: members, agreement ties inside it, and the statements and documents behind them.

        Columns: coalition, members, ties (member pairs that agree), statements, documents,
        keys (the statements' keys, sorted and "; "-joined; left out with ``keys=False``, as the
        report does, which shows only the counts) and note ("rests on a single statement",
        "rests on a single document", "one member" or empty). Counted for every coalition at once
        (:func:`_evidence`).
        """
        settings = dict(self.settings)
        scores = agreement(
            self.table,
            normalise=choose("normalise", str(settings.get("normalise", "jaccard")), NORMALISATIONS, "a normalisation"),
            by=choose("by", str(settings.get("by", "holder")), GROUP_KEYS, "a grouping key"),
            duplicates=choose("duplicates", str(settings.get("duplicates", "document")), DUPLICATE_RULES, "a duplicate rule"),
        )
        return _evidence(self.groups, scores._pc_rows, scores._pc_ends, scores.agreements, self.table, keys=keys)

    def robustness(self, *, runs: int = 30, seed: int = 0) -> pd.DataFrame:
        """Per coalition: how often its members stay together when documents are left out (see the module docstring).

        Columns: coalition, members, runs (runs in which at least two members remain), together
        (mean share of runs in which a member pair lands in one coalition; empty for one member).
        """
        settings = dict(self.settings)
        documents = sorted(set(self.table["document"])) if not self.table.empty else []
        if len(documents) <= runs:
            left_out = [[d] for d in documents]
        else:
            rnd = random.Random(seed)
            left_out = [rnd.sample(documents, max(1, len(documents) // 5)) for _ in range(runs)]
        pair_runs: dict[tuple[str, str], list[bool]] = {}
        for leave in left_out:
            rest = share(self.table.loc[~self.table["document"].isin(leave)])  # only read here: its analyses may be kept
            again = coalitions(rest, **settings) if not rest.empty else None  # type: ignore[arg-type]
            where = {m: i for i, g in enumerate(again.groups if again else ()) for m in g}
            for members in self.groups:
                for a, b in combinations(members, 2):
                    if a in where and b in where:
                        pair_runs.setdefault((a, b), []).append(where[a] == where[b])
        rows = []
        for n, members in enumerate(self.groups, start=1):
            shares = [sum(v) / len(v) for a, b in combinations(members, 2) if (v := pair_runs.get((a, b)))]
            counted = max((len(pair_runs.get(p, [])) for p in combinations(members, 2)), default=0)
            together = sum(shares) / len(shares) if shares else float("nan")
            rows.append({"coalition": n, "members": len(members), "runs": counted, "together": together})
        return pd.DataFrame(rows, columns=["coalition", "members", "runs", "together"])

    def __repr__(self) -> str:
        """The plain-text twin of the HTML: each coalition's members by label, then the options that separate them."""
        names = dict(zip(self.membership.index, self.membership["label"], strict=True))
        lines = [f"policycmp coalitions: {len(self.groups)} groups, modularity {self.modularity:.3f}"]
        lines += [f"  coalition {n}: {', '.join(names.get(m, m) for m in members)}" for n, members in enumerate(self.groups, start=1)]
        split = self.separating.loc[self.separating["separates"]]
        lines.append("  separated by: " + (", ".join(f"{o} (spread {v:.2f})" for o, v in split["spread"].items()) or "nothing"))
        return terminal_text("\n".join(lines))

    def _repr_html_(self) -> str:
        names = dict(zip(self.membership.index, self.membership["label"], strict=True))
        items = "".join(
            f"<li><strong>coalition {n}</strong>: {text_html(', '.join(names.get(m, m) for m in members))}</li>"
            for n, members in enumerate(self.groups, start=1)
        )
        shown = self.separating[list(self.positions.columns)].assign(
            spread=self.separating["spread"].map("{:.2f}".format),
            separates=self.separating["separates"].map({True: "yes", False: ""}),
        )
        caption = "mean stance of each coalition on the options two or more of them address (+1 support, −1 oppose)"
        table = Frame.wrap(shown, "numeric", {}, caption)._repr_html_()
        return (
            f'<div class="policycmp coalitions"><p>{len(self.groups)} coalitions (modularity {self.modularity:.3f})</p>'
            f"<ol>{items}</ol>{table}</div>"
        )


def coalitions(
    table: pd.DataFrame,
    *,
    normalise: Normalise = "jaccard",
    by: GroupKey = "holder",
    method: Method = "louvain",
    seed: int = 0,
    resolution: float = 1.0,
    duplicates: Duplicates = "document",
) -> Coalitions:
    """Find coalitions of ``by`` groups in ``table`` (see the module docstring)."""
    method = choose("method", method, METHODS, "a community method")
    signed = agreement_graph(table, normalise=normalise, by=by, duplicates=duplicates)
    positive = nx.Graph()
    positive.add_nodes_from(sorted(signed.nodes))
    positive.add_weighted_edges_from(sorted((a, b, d["weight"]) for a, b, d in signed.edges(data=True) if d["weight"] > 0))
    if positive.number_of_edges() == 0:  # nobody agrees with anybody: each alone (the greedy method of networkx 3.2 divides by zero there)
        found: list[set[str]] = [{node} for node in positive.nodes]
    elif method == "louvain":
        found = nx.community.louvain_communities(positive, weight="weight", resolution=resolution, seed=seed)
    else:
        found = list(nx.community.greedy_modularity_communities(positive, weight="weight", resolution=resolution))
    groups = tuple(sorted((tuple(sorted(c)) for c in found), key=lambda g: (-len(g), g)))
    modularity = float(nx.community.modularity(positive, [set(g) for g in groups], weight="weight")) if positive.size() else 0.0
    labels = labels_for(table)
    member_rows = [(m, n, labels.get(m, m)) for n, members in enumerate(groups, start=1) for m in members]
    membership = pd.DataFrame(member_rows, columns=[by, "coalition", "label"]).set_index(by)
    numeric = matrix(table, by, "option", "numeric", duplicates=duplicates)
    numeric.index = numeric.index.map(str)
    positions = pd.DataFrame(
        {f"coalition {n}": numeric.reindex(list(members)).mean(axis=0, skipna=True) for n, members in enumerate(groups, start=1)},
        index=numeric.columns,
    )
    positions.index.name = "option"
    addressed = positions.notna().sum(axis=1)
    spread = (positions.max(axis=1) - positions.min(axis=1)).fillna(0.0)
    separating = positions.assign(
        coalitions_addressing=addressed,
        spread=spread.where(addressed >= 2, 0.0),
        separates=(addressed >= 2) & (positions.max(axis=1) > 0) & (positions.min(axis=1) < 0),
    )
    separating = separating.loc[separating["coalitions_addressing"] >= 2]
    order = pd.Series(range(len(separating)), index=separating.index)
    separating = separating.assign(_order=order).sort_values(["spread", "_order"], ascending=[False, True], kind="mergesort")
    separating = separating.drop(columns="_order")
    settings = (
        ("normalise", normalise), ("by", by), ("method", method), ("seed", seed), ("resolution", resolution), ("duplicates", duplicates),
    )
    return Coalitions(groups, membership, positions, separating, modularity, signed, table, settings)


# The evidence of every coalition at once. A coalition's statements are those of its members that
# meet another member's: on an (option, stance) that two or more members hold, or pointing to one end
# of a dimension that two or more members point to through two or more options. Every row gets its
# coalition, option, stance, key and document as integer codes once; each test is a ``numpy.unique``
# over combined codes; the keys' text is joined only when asked for.

EVIDENCE_COLUMNS = ["coalition", "members", "ties", "statements", "documents", "keys", "note"]
ONE_MEMBER = "one member"
ONE_DOCUMENT = "rests on a single document"
ONE_PASSAGE = "rests on one passage of one document, coded for each member"


def _evidence(
    groups: Sequence[Sequence[str]],
    frame: pd.DataFrame,
    ends: pd.DataFrame,
    agreeing: pd.DataFrame,
    table: pd.DataFrame,
    *,
    keys: bool = True,
) -> pd.DataFrame:
    """One row per coalition (numbered from 1 in ``groups`` order): see :meth:`Coalitions.evidence` and :data:`EVIDENCE_COLUMNS`.

    ``frame`` and ``ends`` are an agreement's prepared rows and dimension ends (``Agreement._pc_rows``,
    ``_pc_ends``), ``agreeing`` its matrix of agreement counts, ``table`` the tidy table the
    coalitions were found in (its ``start`` and ``end`` tell whether statements share a passage).
    Without ``keys`` the ``keys`` column is left out (the statements' keys, ``"; "``-joined, sorted).
    """
    columns = EVIDENCE_COLUMNS if keys else [c for c in EVIDENCE_COLUMNS if c != "keys"]
    if not groups:
        return pd.DataFrame([], columns=columns)
    coalition_of = {member: n for n, members in enumerate(groups) for member in members}
    key_at, key_names = _key_codes(frame["key"])
    chosen = _chosen_pairs(frame, ends, coalition_of, key_at, key_names)
    statements = np.bincount(chosen // len(key_names), minlength=len(groups)) if len(key_names) else np.zeros(len(groups), "int64")
    documents = _documents(frame, key_at, chosen, len(key_names), len(groups))
    passage = _one_passage_each(table, key_names, chosen, len(groups))
    joined = _joined_keys(key_names, chosen, len(groups)) if keys else []
    position = {name: i for i, name in enumerate(agreeing.index)}
    counts = agreeing.to_numpy()
    rows = []
    for n, members in enumerate(groups):
        at = np.array([position[m] for m in members], dtype="int64")
        ties = int(np.triu(counts[np.ix_(at, at)] > 0, k=1).sum())  # pairs (a, b), a before b in the coalition's order
        note = ONE_MEMBER if len(members) == 1 else ""
        if len(members) > 1 and documents[n] == 1:
            note = ONE_DOCUMENT
        if len(members) > 1 and passage[n]:
            note = ONE_PASSAGE
        row: dict[str, Any] = {
            "coalition": n + 1, "members": len(members), "ties": ties, "statements": int(statements[n]), "documents": int(documents[n]),
        }
        if keys:
            row["keys"] = joined[n]
        row["note"] = note
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _key_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each row's value as a code into the distinct values' text (told apart by their text, as a set of strings does)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    names = [str(u) for u in uniques]
    first: dict[str, int] = {}
    remap = np.array([first.setdefault(name, i) for i, name in enumerate(names)], dtype="int64")
    kept = np.flatnonzero(remap == np.arange(len(names)))
    renumber = np.zeros(len(names), dtype="int64")
    renumber[kept] = np.arange(len(kept))
    return renumber[remap][np.asarray(codes, dtype="int64")], [names[i] for i in kept]


def _codes(values: pd.Series | list[Any]) -> np.ndarray:
    """Integer codes of ``values`` (−1 for missing: a ``groupby`` leaves those rows out)."""
    found, _ = pd.factorize(pd.Series(values, dtype=object) if isinstance(values, list) else values)
    return np.asarray(found, dtype="int64")


def _meeting(coalition: np.ndarray, rows: np.ndarray, parts: Sequence[np.ndarray], options: np.ndarray | None) -> np.ndarray:
    """Which rows are in a (coalition, *parts) group with two or more distinct ``rows`` (and, if given, two or more ``options``)."""
    valid = (coalition >= 0) & (rows >= 0)
    for part in parts:
        valid &= part >= 0
    group = coalition.copy()
    for part in parts:
        group = group * (int(part.max(initial=0)) + 1) + part
    group = np.where(valid, group, -1)
    meets = valid.copy()
    for member in (rows, options) if options is not None else (rows,):
        width = int(member.max(initial=0)) + 2
        pairs = np.unique(group[valid & (member >= 0)] * width + member[valid & (member >= 0)])
        found, distinct = np.unique(pairs // width, return_counts=True)
        meets &= np.isin(group, found[distinct >= 2])
    return meets


def _chosen_pairs(
    frame: pd.DataFrame, ends: pd.DataFrame, coalition_of: dict[str, int], key_at: np.ndarray, key_names: list[str]
) -> np.ndarray:
    """The distinct (coalition, key) pairs of every coalition's statements, as ``coalition * len(key_names) + key``, sorted."""
    width = len(key_names)
    found = []
    row_codes, row_values = pd.factorize(frame["_row"])
    coalition_by_row = np.array([coalition_of.get(str(v), -1) for v in row_values] + [-1], dtype="int64")
    coalition = coalition_by_row[np.asarray(row_codes, dtype="int64")]
    rows = np.asarray(row_codes, dtype="int64")
    meets = _meeting(coalition, rows, (_codes(frame["option"]), _codes(frame["stance"])), None)
    found.append(coalition[meets] * width + key_at[meets])
    if len(ends):
        end_rows, end_values = pd.factorize(pd.Series(ends["_row"], dtype=object))
        end_coalition = np.array([coalition_of.get(str(v), -1) for v in end_values] + [-1], dtype="int64")[np.asarray(end_rows)]
        lookup = pd.Index(key_names).get_indexer(pd.Index([str(k) for k in ends["key"]]))
        meets = _meeting(
            end_coalition, np.asarray(end_rows, dtype="int64"), (_codes(ends["dimension"]), _codes(ends["end"])), _codes(ends["option"])
        )
        found.append(end_coalition[meets] * width + lookup[meets])
    return np.unique(np.concatenate(found)) if width else np.zeros(0, dtype="int64")


def _documents(frame: pd.DataFrame, key_at: np.ndarray, chosen: np.ndarray, width: int, n: int) -> np.ndarray:
    """Per coalition, the number of distinct documents (as text) of the rows whose key is among its statements'."""
    if not len(chosen):
        return np.zeros(n, dtype="int64")
    present = frame["key"].notna().to_numpy()  # a missing key's text "nan" names no row
    document_at, _ = _key_codes(frame["document"])  # documents told apart by their text too
    of_key = pd.DataFrame({"key": key_at[present], "document": document_at[present]}).drop_duplicates()
    picked = pd.DataFrame({"coalition": chosen // width, "key": chosen % width})
    joined = picked.merge(of_key, on="key").drop_duplicates(["coalition", "document"])
    return np.bincount(joined["coalition"].to_numpy(dtype="int64"), minlength=n)


def _one_passage_each(table: pd.DataFrame, key_names: list[str], chosen: np.ndarray, n: int) -> np.ndarray:
    """Per coalition: whether the rows of ``table`` with its statements' keys come from one document and their spans overlap."""
    out = np.zeros(n, dtype=bool)
    if not len(chosen) or table.empty:
        return out
    width = len(key_names)
    at = pd.Index(key_names).get_indexer(pd.Index(table["key"]))
    hit = np.flatnonzero(at >= 0)
    rows = pd.DataFrame(
        {
            "key": at[hit], "document": table["document"].to_numpy(dtype=object)[hit],
            "start": table["start"].to_numpy()[hit], "end": table["end"].to_numpy()[hit],
        }
    )
    picked = pd.DataFrame({"coalition": chosen // width, "key": chosen % width})
    joined = picked.merge(rows, on="key")
    if joined.empty:
        return out
    summary = joined.groupby("coalition").agg(documents=("document", "nunique"), start=("start", "max"), end=("end", "min"))
    one = (summary["documents"] == 1) & (summary["start"].astype("int64") < summary["end"].astype("int64"))
    out[summary.index.to_numpy(dtype="int64")] = one.to_numpy(dtype=bool)
    return out


def _joined_keys(key_names: list[str], chosen: np.ndarray, n: int) -> list[str]:
    """Per coalition, its statements' keys sorted as text and ``"; "``-joined."""
    width = len(key_names)
    order = sorted(range(width), key=key_names.__getitem__)
    rank = np.empty(width, dtype="int64")
    rank[order] = np.arange(width)
    coalition, key = chosen // max(width, 1), chosen % max(width, 1)
    sequence = np.lexsort((rank[key], coalition))
    bounds = np.searchsorted(coalition[sequence], np.arange(n + 1))
    return ["; ".join(str(key_names[k]) for k in key[sequence[bounds[i] : bounds[i + 1]]].tolist()) for i in range(n)]
