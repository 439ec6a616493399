"""Holders among themselves: agreement counts, coalitions and the agreement picture.

Counts come from :func:`policycmp.agreement.agreement` and coalitions from
:func:`policycmp.coalitions.coalitions` (Louvain, fixed seed), both with the build's
:class:`~policycmp.report.site.ReportOptions` (by default Jaccard, duplicate rule per document);
this module turns them into holder-page tables, coalition lists and the SVG geometry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from policycmp.agreement import agreement
from policycmp.coalitions import coalitions
from policycmp.report import svg
from policycmp.report.site import Site, records
from policycmp.report.urls import Links
from policycmp.vocabulary import STANCE

TOP = 8
"""How many separating options are listed."""

PALETTE = ("#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#6a3d9a", "#8c510a", "#4d9221", "#b2182b")
"""Node colours of coalitions with two or more members (colour-blind-safe first); others are grey."""
LONER = "#9aa3ad"


@dataclass(frozen=True)
class Relation:
    """One other holder as seen from a holder page: options both address, agreements, conflicts.

    ``agree_on`` and ``conflict_on`` name the options behind the two counts, so each number
    on the page leads to its evidence.
    """

    other: str
    other_label: str
    shared: int
    agree: int
    conflict: int
    agree_on: tuple[str, ...]
    conflict_on: tuple[str, ...]


def _pairs(site: Site) -> pd.DataFrame:
    if site.table.empty:
        return pd.DataFrame(columns=["a", "b", "shared", "agreements", "conflicts", "score"])
    return agreement(site.table, normalise=site.options.normalise, duplicates=site.options.duplicates).pairs


def _statements(site: Site) -> dict[str, set[tuple[str, str]]]:
    """Each holder's distinct (option, stance) statements: the sets agreement() counts with."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for holder, option, stance in zip(site.table["holder"], site.table["option"], site.table["stance"], strict=True):
        out[str(holder)].add((str(option), str(stance)))
    return out


def _evidence(mine: set[tuple[str, str]], theirs: set[tuple[str, str]], rank: dict[str, int]) -> tuple[list[str], list[str]]:
    """Options (with repeats when two stances are shared) where two holders agree, and where they conflict."""
    agree = [o for o, _ in sorted(mine & theirs, key=lambda s: (rank.get(s[0], 10**6), s))]
    conflict = [
        o for o, stance in sorted(mine, key=lambda s: (rank.get(s[0], 10**6), s))
        if any((o, other) in theirs for other in STANCE.values if STANCE.conflicts(stance, other))
    ]
    return agree, conflict


def holder_relations(site: Site) -> dict[str, list[Relation]]:
    """For each holder, the holders it shares an option with: counts from agreement(), options named."""
    out: dict[str, list[Relation]] = defaultdict(list)
    statements = _statements(site) if not site.table.empty else {}
    for row in records(_pairs(site)):
        if int(row["shared"]) == 0:
            continue
        a, b = str(row["a"]), str(row["b"])
        for me, other in ((a, b), (b, a)):
            label = site.holders[other].label if other in site.holders else other
            agree_on, conflict_on = _evidence(statements[me], statements[other], site.option_rank)
            if (len(agree_on), len(conflict_on)) != (int(row["agreements"]), int(row["conflicts"])):
                raise ValueError(f"agreement counts for {me} and {other} do not match their statements")
            counts = int(row["shared"]), int(row["agreements"]), int(row["conflicts"])
            out[me].append(Relation(other, label, *counts, tuple(agree_on), tuple(conflict_on)))
    return {h: sorted(rs, key=lambda r: (-r.conflict, -r.agree, r.other_label.casefold(), r.other)) for h, rs in out.items()}


def coalition_view(site: Site, links: Links) -> dict[str, Any]:
    """Coalitions (policycmp.coalitions, Louvain on the positive agreement network) and the options that separate them."""
    found = coalitions(site.table, normalise=site.options.normalise, duplicates=site.options.duplicates)
    groups: list[dict[str, Any]] = []
    colours: dict[str, str] = {}
    loners = []
    for number, members in enumerate(found.groups, start=1):
        holders = site.sort_holders(members)
        if len(members) < 2:
            loners.extend(holders)
            continue
        colour = PALETTE[len(groups) % len(PALETTE)]
        colours.update(dict.fromkeys(members, colour))
        chips = [{"id": h.id, "label": h.label, "href": links.holder(h.id)} for h in holders]
        groups.append({"number": number, "colour": colour, "holders": chips})
    names = {n: f"coalition {n}" for n in range(1, len(found.groups) + 1)}
    for number, members in enumerate(found.groups, start=1):
        if len(members) == 1:
            names[number] = site.holders[members[0]].label if members[0] in site.holders else members[0]
    lines = []
    for row in records(found.separating):
        if not bool(row["separates"]):
            continue
        option = str(row["option"])
        sides = []
        for number in range(1, len(found.groups) + 1):
            value = row.get(f"coalition {number}")
            if value is None or value != value:  # NaN: the coalition does not address the option
                continue
            state = "support" if value > 0 else "oppose" if value < 0 else "mixed"
            sides.append({"name": names[number], "state": state, "value": float(value)})
        lines.append({"id": option, "label": site.corpus.options[option].label, "href": links.option(option), "sides": sides})
    return {
        "groups": groups,
        "loners": [{"id": h.id, "label": h.label, "href": links.holder(h.id)} for h in site.sort_holders(h.id for h in loners)],
        "modularity": found.modularity,
        "separating": lines[:TOP],
        "colours": colours,
    }


def agreement_picture(site: Site, links: Links, colours: dict[str, str]) -> svg.Picture:
    """The agreement picture of the holders who make at least one statement, coloured by coalition."""
    nodes = [svg.NodeIn(h.id, h.label, links.holder(h.id), colours.get(h.id, LONER)) for h in site.active_holders]
    pairs = []
    for r in records(_pairs(site)):
        a, b = str(r["a"]), str(r["b"])
        counts = int(r["shared"]), int(r["agreements"]), int(r["conflicts"])
        pairs.append(svg.PairIn(a, b, *counts, href=links.holder(a, "alignment")))
    return svg.layout(nodes, pairs)
