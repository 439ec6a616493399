"""Holders among themselves: agreement counts, coalitions and the holder × holder agreement matrix.

Counts come from :func:`policycmp.agreement.agreement` and coalitions from
:func:`policycmp.coalitions.coalitions` (Louvain, fixed seed), both with the build's
:class:`~policycmp.report.site.ReportOptions` (by default Jaccard, duplicate rule per document);
this module turns them into holder-page tables, coalition lists and the agreement matrix (a table,
ordered by coalition: the legible, keyboard-sane replacement of the earlier network drawing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policycmp.coalitions import coalitions
from policycmp.report.env import plural
from policycmp.report.site import Site, records
from policycmp.report.urls import Links

TOP = 8
"""How many separating options are listed."""

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
    for row, key, option, stance in zip(*(rows[c].tolist() for c in ("_row", "key", "option", "stance")), strict=True):
        out[str(row)].keys[(str(option), str(stance))].add(str(key))
    for row, option, dimension, end in zip(*(ends[c].tolist() for c in ("_row", "option", "dimension", "end")), strict=True):
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
    scores = site.agreement
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
    loners = []
    evidence = {int(r["coalition"]): r for r in records(found.evidence(keys=False))} if found.groups else {}
    documents = int(site.table["document"].nunique()) if not site.table.empty else 0
    robust = documents <= ROBUSTNESS_LIMIT
    together = {int(r["coalition"]): r for r in records(found.robustness())} if robust and found.groups else {}
    for number, members in enumerate(found.groups, start=1):
        holders = site.sort_holders(members)
        if len(members) < 2:
            loners.extend(holders)
            continue
        chips = [{"id": h.id, "label": h.label, "href": links.holder(h.id)} for h in holders]
        proof = evidence.get(number, {})
        again = together.get(number)
        groups.append(
            {
                "number": number, "holders": chips,
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
        "robustness_computed": robust,
        "robustness_limit": ROBUSTNESS_LIMIT,
        "corpus_documents": documents,
    }


DEFINING = 3
"""How many options are named as defining each coalition block of the agreement matrix."""
MATRIX_LIMIT = 60
"""Most holders the agreement matrix shows (its size grows with the square); above it the page says so instead."""


def _defining(site: Site, members: list[str]) -> list[dict[str, Any]]:
    """The options most members of a coalition take the same side on (at least two, none on the other side).

    Each comes with its side (``support``/``oppose``) and how many members hold it, most widely held first,
    so a block of the agreement matrix is labelled by what holds it together.
    """
    rows = site.table.loc[site.table["holder"].isin(members) & site.table["stance"].isin(("support", "oppose"))]
    sides: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for option, stance, holder in zip(rows["option"].tolist(), rows["stance"].tolist(), rows["holder"].tolist(), strict=True):
        sides[str(option)][str(stance)].add(str(holder))
    found: list[tuple[int, int, str, str]] = []
    for option, by_stance in sides.items():
        if len(by_stance) != 1:
            continue
        (stance, holders), = by_stance.items()
        if len(holders) >= 2:
            found.append((-len(holders), site.option_rank.get(option, 10**6), option, stance))
    return [
        {"id": option, "label": site.corpus.options[option].label, "stance": stance, "holders": -count}
        for count, _, option, stance in sorted(found)[:DEFINING]
    ]


def _relation_cell(agree: int, conflict: int, shared: int) -> dict[str, Any]:
    """One holder × holder cell: its state (agree, conflict, both, neither, none), counts and words for a screen reader."""
    state = "none" if shared == 0 else "agree" if agree > conflict else "conflict" if conflict > agree else "both" if agree else "neither"
    words = [plural(agree, "agreement"), plural(conflict, "conflict")] if shared else ["no option both address"]
    if shared and not agree and not conflict:
        words = [f"{plural(shared, 'option')} both address, no agreement or conflict"]
    return {"state": state, "agree": agree, "conflict": conflict, "shared": shared, "words": ", ".join(words)}


def agreement_matrix(site: Site, blocs: dict[str, Any]) -> dict[str, Any]:
    """Holder × holder agreement/conflict counts, holders ordered by coalition (then holders in none).

    ``blocs`` is :func:`coalition_view`'s result. Each block carries its coalition number, the options that
    define it (:func:`_defining`) and its robustness; each cell the counts of options on which the two
    holders agree and conflict (from :func:`policycmp.agreement.agreement`, with the build's options).
    """
    if len(site.active_holders) > MATRIX_LIMIT:
        return {"blocks": [], "columns": [], "spans": [], "too_many": len(site.active_holders), "limit": MATRIX_LIMIT}
    blocks: list[dict[str, Any]] = []
    for g in blocs["groups"]:
        members = [str(h["id"]) for h in g["holders"]]
        blocks.append({"number": g["number"], "holders": g["holders"], "defining": _defining(site, members),
                       "together": g["together"], "runs": g["runs"]})
    placed = {str(h["id"]) for b in blocks for h in b["holders"]}
    rest = [{"id": h.id, "label": h.label} for h in site.active_holders if h.id not in placed]
    if rest:
        blocks.append({"number": None, "holders": rest, "defining": [], "together": None, "runs": 0})
    scores = site.agreement.pairs
    counts: dict[frozenset[str], tuple[int, int, int]] = {}
    for r in records(scores):
        counts[frozenset((str(r["a"]), str(r["b"])))] = (int(r["agreements"]), int(r["conflicts"]), int(r["shared"]))
    order = [str(h["id"]) for b in blocks for h in b["holders"]]
    firsts = {str(b["holders"][0]["id"]) for b in blocks}
    for b in blocks:
        b["rows"] = []
        for h in b["holders"]:
            me = str(h["id"])
            cells = []
            for other in order:
                cell = {"state": "self"} if other == me else _relation_cell(*counts.get(frozenset((me, other)), (0, 0, 0)))
                cells.append(cell | {"first": other in firsts})
            b["rows"].append({"id": me, "label": h["label"], "cells": cells})
    columns = [{"id": str(h["id"]), "label": h["label"], "first": str(h["id"]) in firsts} for b in blocks for h in b["holders"]]
    spans = [{"number": b["number"], "span": len(b["holders"])} for b in blocks]
    return {"blocks": blocks, "columns": columns, "spans": spans, "too_many": 0, "limit": MATRIX_LIMIT,
            "robustness_computed": blocs["robustness_computed"], "robustness_limit": blocs["robustness_limit"],
            "corpus_documents": blocs["corpus_documents"]}
