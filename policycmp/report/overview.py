"""The overview page: summary, disagreements, consensus, heatmaps, agreement picture, themes.

Every number comes from the alignment modules (:mod:`policycmp.matrices`,
:mod:`policycmp.agreement`) applied to the tidy table; this module only arranges
their results into rows and cells and links each cell to the quotes behind it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from policycmp.agreement import agreement
from policycmp.coalitions import coalitions
from policycmp.matrices import consensus, contested, matrix
from policycmp.report import svg
from policycmp.report.env import plural
from policycmp.report.pages import Page, Site
from policycmp.report.style import STANCE_SYMBOLS
from policycmp.report.urls import Links, page_path
from policycmp.report.views import HolderView, RecView
from policycmp.table import split_list

TOP = 8
"""How many contested and consensus options the overview lists."""

PALETTE = ("#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#6a3d9a", "#8c510a", "#4d9221", "#b2182b")
"""Node colours of coalitions with two or more members (colour-blind-safe first); others are grey."""
LONER = "#9aa3ad"


@dataclass(frozen=True)
class Relation:
    """One other holder as seen from a holder page: options both address, agreements, conflicts."""

    other: str
    other_label: str
    shared: int
    agree: int
    conflict: int


@dataclass(frozen=True)
class Cell:
    """One heatmap cell: state (colour), symbol, count, link and words for screen readers."""

    state: str
    symbol: str
    count: int
    href: str | None
    label: str
    stances: str
    theme: str
    first: bool = False
    """First column of a theme group (drawn with a heavier left border)."""


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as plain dicts (the index, if named, included)."""
    return [{str(k): v for k, v in row.items()} for row in frame.reset_index().to_dict("records")]


def _at(frame: Any, row: object, col: object) -> Any:
    return frame.at[row, col]


def _pairs(site: Site) -> pd.DataFrame:
    if site.table.empty:
        return pd.DataFrame(columns=["a", "b", "shared", "agreements", "conflicts", "score"])
    return agreement(site.table, normalise="jaccard").pairs


def holder_relations(site: Site) -> dict[str, list[Relation]]:
    """For each holder, the holders it shares an option with (by label)."""
    out: dict[str, list[Relation]] = defaultdict(list)
    for row in _records(_pairs(site).set_index("a")):
        if int(row["shared"]) == 0:
            continue
        a, b = str(row["a"]), str(row["b"])
        for me, other in ((a, b), (b, a)):
            label = site.holders[other].label if other in site.holders else other
            out[me].append(Relation(other, label, int(row["shared"]), int(row["agreements"]), int(row["conflicts"])))
    return {h: sorted(rs, key=lambda r: (-r.conflict, -r.agree, r.other_label.casefold(), r.other)) for h, rs in out.items()}


def _cells_recs(site: Site, column: str) -> dict[tuple[str, str], list[RecView]]:
    cells: dict[tuple[str, str], list[RecView]] = defaultdict(list)
    for r in site.recs:
        cells[(r.holder, getattr(r, column))].append(r)
    return cells


def _grouped_rows(site: Site, holders: list[HolderView], cells: dict[str, list[Cell]]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for h in site.sort_holders(h.id for h in holders):
        if not groups or groups[-1]["type"] != h.type:
            groups.append({"type": h.type, "rows": []})
        groups[-1]["rows"].append({"holder": h, "cells": cells[h.id]})
    return groups


def option_heatmap(site: Site, links: Links) -> dict[str, Any]:
    """Holder × option: stance per cell (support, oppose, conditional, mixed), linked to the holder's quotes."""
    stances = matrix(site.table, "holder", "option", "stance")
    counts, expected = stances.counts, stances.expected
    behind = _cells_recs(site, "option")
    columns = [str(o) for o in stances.columns]
    themes: list[dict[str, Any]] = []
    firsts: set[str] = set()
    for o in columns:
        t = site.corpus.option_theme[o]
        if not themes or themes[-1]["id"] != t:
            themes.append({"id": t, "label": site.corpus.themes[t].label, "number": site.theme_rank[t] + 1, "span": 0})
            firsts.add(o)
        themes[-1]["span"] += 1
    cells: dict[str, list[Cell]] = {}
    for h in stances.index:
        hv = site.holders[str(h)]
        row = []
        for o in columns:
            state = str(_at(stances, h, o))
            recs = behind.get((hv.id, o), [])
            label = site.corpus.options[o].label
            if state == "none":
                row.append(Cell("none", "", 0, None, "", "", site.corpus.option_theme[o], o in firsts))
                continue
            n = int(_at(counts, h, o))
            exp = bool(_at(expected, h, o))
            symbol = STANCE_SYMBOLS[state] + ("•" if exp else "")
            words = f"{hv.label} on {label}: {state}{' (expected only)' if exp else ''}, {plural(n, 'statement')}"
            if len(recs) != n:
                words += f" ({plural(len(recs), 'quote')})"
            tokens = sorted({r.stance for r in recs} | {state})
            href = links.holder(hv.id, f"o-{o}")
            row.append(Cell(state, symbol, n, href, words, " ".join(tokens), site.corpus.option_theme[o], o in firsts))
        cells[hv.id] = row
    holders = [site.holders[str(h)] for h in stances.index]
    options = [
        {"id": o, "label": site.corpus.options[o].label, "theme": site.corpus.option_theme[o], "first": o in firsts} for o in columns
    ]
    return {"themes": themes, "columns": options, "groups": _grouped_rows(site, holders, cells)}


def theme_heatmap(site: Site, links: Links) -> dict[str, Any]:
    """Holder × theme: how many statements and their net direction, linked to the holder's quotes."""
    counts = matrix(site.table, "holder", "theme", "count")
    net = matrix(site.table, "holder", "theme", "net")
    behind = _cells_recs(site, "theme")
    columns = [str(t) for t in counts.columns]
    cells: dict[str, list[Cell]] = {}
    for h in counts.index:
        hv = site.holders[str(h)]
        row = []
        for t in columns:
            n = int(_at(counts, h, t))
            label = site.corpus.themes[t].label
            if n == 0:
                row.append(Cell("none", "", 0, None, "", "", t))
                continue
            recs = behind.get((hv.id, t), [])
            value = float(_at(net, h, t))
            found = {r.stance for r in recs}
            if value > 0:
                state = "support"
            elif value < 0:
                state = "oppose"
            else:
                state = "conditional" if found == {"conditional"} else "mixed"
            words = f"{hv.label} on {label}: {plural(n, 'statement')}, net direction {value:+.0f} ({state})"
            row.append(Cell(state, STANCE_SYMBOLS[state], n, links.holder(hv.id, f"t-{t}"), words, " ".join(sorted(found | {state})), t))
        cells[hv.id] = row
    holders = [site.holders[str(h)] for h in counts.index]
    themes = [{"id": t, "label": site.corpus.themes[t].label, "number": site.theme_rank[t] + 1} for t in columns]
    return {"columns": themes, "groups": _grouped_rows(site, holders, cells)}


def _sides(site: Site, links: Links, option: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    sides = []
    for state, title in (("support", "For"), ("oppose", "Against"), ("conditional", "Conditional"), ("mixed", "Both ways")):
        chips = []
        for h in site.sort_holders(split_list(row[f"{state}_names"])):
            anchor = f"{state}--{h.id}" if state != "mixed" else None
            href = links.option(option, anchor) if anchor else links.holder(h.id, f"o-{option}")
            chips.append({"holder": h.id, "label": h.label, "href": href})
        if chips:
            sides.append({"stance": state, "title": title, "chips": chips})
    return sides


def _option_list(site: Site, links: Links, frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in _records(frame.head(TOP)):
        option = str(row["option"])
        out.append(
            {
                "id": option,
                "label": site.corpus.options[option].label,
                "theme": row["theme"],
                "theme_label": site.corpus.themes[str(row["theme"])].label,
                "contestation": float(row["contestation"]),
                "sides": _sides(site, links, option, row),
            }
        )
    return out


def coalition_view(site: Site, links: Links) -> dict[str, Any]:
    """Coalitions (policycmp.coalitions, Louvain on the positive agreement network) and the options that separate them."""
    found = coalitions(site.table)
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
    for row in _records(found.separating):
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
    pairs = [
        svg.PairIn(str(r["a"]), str(r["b"]), int(r["shared"]), int(r["agreements"]), int(r["conflicts"]))
        for r in _records(_pairs(site).set_index("a"))
    ]
    return svg.layout(nodes, pairs)


def overview_page(site: Site) -> Page:
    """The front page of the report."""
    path = page_path("index", "")
    context = site.base(path, "Overview")
    links: Links = context["links"]
    empty = site.table.empty
    themes = []
    for number, t in enumerate(site.corpus.codebook.themes, start=1):
        recs = [r for r in site.recs if r.theme == t.id]
        themes.append(
            {
                "number": number,
                "id": t.id,
                "label": t.label,
                "definition": t.definition,
                "recs": len(recs),
                "holders": len({r.holder for r in recs}),
                "options": len(t.options),
            }
        )
    documents = list(site.documents.values())
    holder_types = sorted({h.type for h in site.active_holders})
    blocs = None if empty else coalition_view(site, links)
    return Page(
        path,
        "overview.html",
        {
            **context,
            "contested": [] if empty else _option_list(site, links, contested(site.table)),
            "consensus": [] if empty else _option_list(site, links, consensus(site.table)),
            "option_matrix": None if empty else option_heatmap(site, links),
            "theme_matrix": None if empty else theme_heatmap(site, links),
            "picture": None if blocs is None else agreement_picture(site, links, blocs["colours"]),
            "coalitions": blocs,
            "themes": themes,
            "documents": documents,
            "holders": site.sort_holders(site.holders),
            "active": {h.id for h in site.active_holders},
            "holder_types": holder_types,
            "rec_counts": {d: sum(1 for r in site.recs if r.document == d) for d in site.documents},
        },
    )
