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

from policycmp.agreement import agreement
from policycmp.coalitions import coalitions
from policycmp.report import svg
from policycmp.report.site import Site, records
from policycmp.report.urls import Links

TOP = 8
"""How many separating options are listed."""

PALETTE = ("#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#6a3d9a", "#8c510a", "#4d9221", "#b2182b")
"""Node colours of coalitions with two or more members (colour-blind-safe first); others are grey."""
LONER = "#9aa3ad"
ROBUSTNESS_LIMIT = 200
"""Largest corpus (in documents) whose coalitions get a leave-documents-out robustness check at build time."""


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


@dataclass(frozen=True)
class _Side:
    """One holder's statements as the relation table needs them: keys by (option, stance), and (option, end) by dimension."""

    keys: dict[tuple[str, str], set[str]]
    ends: dict[str, set[tuple[str, int]]]


def _sides(scores: Any) -> dict[str, _Side]:
    """Every group of an :class:`~policycmp.agreement.Agreement`, indexed once (its prepared rows and dimension ends)."""
    from policycmp.agreement import directions

    rows = scores._pc_rows
    ends = scores._pc_ends if scores._pc_ends is not None else directions(rows)
    out: dict[str, _Side] = defaultdict(lambda: _Side(defaultdict(set), defaultdict(set)))
    for row, key, option, stance in zip(rows["_row"], rows["key"], rows["option"], rows["stance"], strict=True):
        out[str(row)].keys[(str(option), str(stance))].add(str(key))
    for row, option, dimension, end in zip(ends["_row"], ends["option"], ends["dimension"], ends["end"], strict=True):
        out[str(row)].ends[str(dimension)].add((str(option), int(end)))
    return out


def named_options(me: _Side, other: _Side) -> dict[str, set[str]]:
    """The options behind ``me``'s agreements and conflicts with ``other``: the options :func:`policycmp.agreement.evidence` names.

    Same option: agree when both take one stance in two different statements, conflict on support
    against oppose. Across a dimension: options of both sides, for different options pointing to the
    same end (agree) or opposite ends (conflict). Computed from sets instead of every statement pair,
    so a holder with thousands of statements costs linear time.
    """
    named: dict[str, set[str]] = {"agree": set(), "conflict": set()}
    for (option, stance), mine in me.keys.items():
        theirs = other.keys.get((option, stance))
        if theirs and not (len(mine) == 1 and mine == theirs):  # a pair of two different statements exists
            named["agree"].add(option)
        opposite = {"support": "oppose", "oppose": "support"}.get(stance)
        if opposite and other.keys.get((option, opposite)):
            named["conflict"].add(option)
    for dimension, mine_ends in me.ends.items():
        for option, end in mine_ends:
            for other_option, other_end in other.ends.get(dimension, ()):
                if option == other_option:
                    continue
                relation = named["agree" if end == other_end else "conflict"]
                relation.add(option)
                if dimension != option:
                    relation.add(other_option)
    return named


def holder_relations(site: Site) -> dict[str, list[Relation]]:
    """For each holder, the holders it shares an option or a dimension with: counts and evidence from agreement().

    The options named on a relation are those of the statement pairs :meth:`Agreement.evidence` lists
    (for a tie across a dimension, the options of both sides), so every count leads to its quotes;
    :func:`named_options` finds them without listing every pair.
    """
    out: dict[str, list[Relation]] = defaultdict(list)
    if site.table.empty:
        return {}
    scores = agreement(site.table, normalise=site.options.normalise, duplicates=site.options.duplicates)
    sides = _sides(scores)
    empty = _Side({}, {})
    rank = site.option_rank
    for row in records(scores.pairs):
        if int(row["shared"]) == 0:
            continue
        a, b = str(row["a"]), str(row["b"])
        for me, other in ((a, b), (b, a)):
            found = named_options(sides.get(me, empty), sides.get(other, empty))
            named = {relation: sorted(options, key=lambda o: (rank.get(o, 10**6), o)) for relation, options in found.items()}
            label = site.holders[other].label if other in site.holders else other
            counts = int(row["shared"]), int(row["agreements"]), int(row["conflicts"])
            out[me].append(Relation(other, label, *counts, tuple(named["agree"]), tuple(named["conflict"])))
    return {h: sorted(rs, key=lambda r: (-r.conflict, -r.agree, r.other_label.casefold(), r.other)) for h, rs in out.items()}


def coalition_view(site: Site, links: Links) -> dict[str, Any]:
    """Coalitions (policycmp.coalitions, Louvain on the positive agreement network) and the options that separate them."""
    found = coalitions(site.table, normalise=site.options.normalise, duplicates=site.options.duplicates)
    groups: list[dict[str, Any]] = []
    colours: dict[str, str] = {}
    loners = []
    evidence = {int(r["coalition"]): r for r in records(found.evidence())} if found.groups else {}
    documents = int(site.table["document"].nunique()) if not site.table.empty else 0
    robust = documents <= ROBUSTNESS_LIMIT
    together = {int(r["coalition"]): r for r in records(found.robustness())} if robust and found.groups else {}
    for number, members in enumerate(found.groups, start=1):
        holders = site.sort_holders(members)
        if len(members) < 2:
            loners.extend(holders)
            continue
        colour = PALETTE[len(groups) % len(PALETTE)]
        colours.update(dict.fromkeys(members, colour))
        chips = [{"id": h.id, "label": h.label, "href": links.holder(h.id)} for h in holders]
        proof = evidence.get(number, {})
        again = together.get(number)
        groups.append(
            {
                "number": number, "colour": colour, "holders": chips,
                "ties": int(proof.get("ties", 0)), "statements": int(proof.get("statements", 0)),
                "documents": int(proof.get("documents", 0)), "note": str(proof.get("note", "")),
                "together": None if again is None or again["together"] != again["together"] else float(again["together"]),
                "runs": 0 if again is None else int(again["runs"]),
            }
        )
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
        "robustness_computed": robust,
        "robustness_limit": ROBUSTNESS_LIMIT,
        "corpus_documents": documents,
    }


def agreement_picture(site: Site, links: Links, colours: dict[str, str]) -> svg.Picture:
    """The agreement picture of the holders who make at least one statement, coloured by coalition."""
    nodes = [svg.NodeIn(h.id, h.label, links.holder(h.id), colours.get(h.id, LONER)) for h in site.active_holders]
    pairs = []
    options = site.options
    found = agreement(site.table, normalise=options.normalise, duplicates=options.duplicates).pairs if not site.table.empty else None
    for r in records(found) if found is not None else []:
        a, b = str(r["a"]), str(r["b"])
        counts = int(r["shared"]), int(r["agreements"]), int(r["conflicts"])
        pairs.append(svg.PairIn(a, b, *counts, href=links.holder(a, "alignment")))
    return svg.layout(nodes, pairs)
