"""Coalitions: groups of holders who agree, and the options that separate them.

Method: build the signed agreement network (:func:`policycmp.agreement.agreement_graph`; edge
weight = normalised agreement − normalised conflict), keep the edges with positive weight, and
find communities on that graph with Louvain (``networkx``; fixed seed, nodes and edges inserted
in sorted order, so the result is deterministic) or greedy modularity. Holders with no positive
tie form coalitions of their own.

Evidence and robustness. :meth:`Coalitions.evidence` lists, per coalition, the agreement ties
inside it and the statements and documents they rest on, with a note when a coalition rests on a
single statement or a single document. :meth:`Coalitions.robustness` re-runs the method with one
document left out at a time (for more than 30 documents: 30 seeded runs each leaving out a random
fifth of them) and reports, per coalition, how often its members stay together: the share of
runs, averaged over member pairs present in a run, in which a pair lands in one coalition.

An option *separates* two coalitions when one leans to support and another to oppose it: for
each coalition, its position on an option is the mean numeric stance (+1/−1/0) of its members
who address it; ``spread`` is the highest minus the lowest position.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import pandas as pd

from policycmp.agreement import agreement, agreement_graph
from policycmp.coalition_evidence import coalition_evidence
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
        (:mod:`policycmp.coalition_evidence`).
        """
        settings = dict(self.settings)
        scores = agreement(
            self.table,
            normalise=choose("normalise", str(settings.get("normalise", "jaccard")), NORMALISATIONS, "a normalisation"),
            by=choose("by", str(settings.get("by", "holder")), GROUP_KEYS, "a grouping key"),
            duplicates=choose("duplicates", str(settings.get("duplicates", "document")), DUPLICATE_RULES, "a duplicate rule"),
        )
        return coalition_evidence(self.groups, scores._pc_rows, scores._pc_ends, scores.agreements, self.table, keys=keys)

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
    if positive.number_of_nodes() == 0:
        found: list[set[str]] = []
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

