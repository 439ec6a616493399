"""Coalitions: groups of holders who agree, and the options that separate them.

Method: build the signed agreement network (:func:`policycmp.agreement.agreement_graph`; edge
weight = normalised agreement − normalised conflict), keep the edges with positive weight, and
find communities on that graph with Louvain (``networkx``; fixed seed, nodes and edges inserted
in sorted order, so the result is deterministic) or greedy modularity. Holders with no positive
tie form coalitions of their own.

An option *separates* two coalitions when one leans to support and another to oppose it: for
each coalition, its position on an option is the mean numeric stance (+1/−1/0) of its members
who address it; ``spread`` is the highest minus the lowest position.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from policycmp.agreement import agreement_graph
from policycmp.display import Frame, text_html
from policycmp.errors import UsageError
from policycmp.matrices import labels_for, matrix
from policycmp.terminal import terminal_text

METHODS: tuple[str, ...] = ("louvain", "greedy")


@dataclass(frozen=True)
class Coalitions:
    """The coalitions found, each a tuple of group ids (largest first), with their dividing lines."""

    groups: tuple[tuple[str, ...], ...]
    membership: pd.DataFrame
    positions: pd.DataFrame
    separating: pd.DataFrame
    modularity: float
    graph: nx.Graph

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
    normalise: str = "jaccard",
    by: str = "holder",
    method: str = "louvain",
    seed: int = 0,
    resolution: float = 1.0,
    duplicates: str = "document",
) -> Coalitions:
    """Find coalitions of ``by`` groups in ``table`` (see the module docstring)."""
    if method not in METHODS:
        raise UsageError(f"method={method!r} is not a community method; choose from: {', '.join(METHODS)}")
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
    return Coalitions(groups, membership, positions, separating, modularity, signed)
