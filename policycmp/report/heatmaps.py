"""The heatmaps of the overview: holder × option (stance) and holder × theme (count, net direction).

Cell states come from :func:`policycmp.matrices.matrix` on the tidy table; this module only
arranges them into rows grouped by holder type and links each cell to the holder's quotes
behind it (``holders/<id>.html#o-<option>`` or ``#t-<theme>``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policycmp.report.env import plural
from policycmp.report.site import Site
from policycmp.report.style import STANCE_SYMBOLS
from policycmp.report.urls import Links
from policycmp.report.views import HolderView, RecView
from policycmp.vocabulary import EXPECTED_MARK


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


def cells_of(frame: Any) -> dict[tuple[Any, Any], Any]:
    """Every cell of a DataFrame by (row, column) label, read in one pass (``frame.at`` per cell took ~0.3 s of a
    1,000-document report); the values are the Python objects ``tolist`` gives, as ``frame.at`` then ``str``,
    ``int``, ``float`` or ``bool`` would read them."""
    columns = list(frame.columns)
    return {(row, col): value for row, values in zip(frame.index, frame.to_numpy().tolist(), strict=True)
            for col, value in zip(columns, values, strict=True)}


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
    stances = site.matrix("holder", "option", "stance")
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
    state_of, count_of, expected_of = cells_of(stances), cells_of(counts), cells_of(expected)
    for h in stances.index:
        hv = site.holders[str(h)]
        row = []
        for o in columns:
            state = str(state_of[(h, o)])
            recs = behind.get((hv.id, o), [])
            label = site.corpus.options[o].label
            if state == "none":
                row.append(Cell("none", "", 0, None, "", "", site.corpus.option_theme[o], o in firsts))
                continue
            n = int(count_of[(h, o)])
            exp = bool(expected_of[(h, o)])
            symbol = STANCE_SYMBOLS[state] + (EXPECTED_MARK if exp else "")
            words = f"{hv.label} on {label}: {state}{' (forecasts only)' if exp else ''}, {plural(n, 'statement')}"
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
    counts = site.matrix("holder", "theme", "count")
    net = site.matrix("holder", "theme", "net")
    behind = _cells_recs(site, "theme")
    columns = [str(t) for t in counts.columns]
    cells: dict[str, list[Cell]] = {}
    count_of, net_of = cells_of(counts), cells_of(net)
    for h in counts.index:
        hv = site.holders[str(h)]
        row = []
        for t in columns:
            n = int(count_of[(h, t)])
            label = site.corpus.themes[t].label
            if n == 0:
                row.append(Cell("none", "", 0, None, "", "", t))
                continue
            recs = behind.get((hv.id, t), [])
            value = float(net_of[(h, t)])
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
