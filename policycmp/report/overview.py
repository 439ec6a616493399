"""The overview page (summary, disagreements, consensus, heatmaps, agreement matrix, themes) and the list of documents.

Every number comes from the alignment modules (:mod:`policycmp.matrices`,
:mod:`policycmp.agreement`, :mod:`policycmp.coalitions`) applied to the tidy table; the
heatmaps live in :mod:`policycmp.report.heatmaps` and the holder network in
:mod:`policycmp.report.network`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from policycmp.matrices import consensus, contested
from policycmp.report.findings import findings_view, positions_view
from policycmp.report.heatmaps import option_heatmap, theme_heatmap
from policycmp.report.network import agreement_matrix, coalition_view
from policycmp.report.pages import Page
from policycmp.report.reliability import overview_figures
from policycmp.report.site import Site, records
from policycmp.report.urls import Links, page_path
from policycmp.table import split_list
from policycmp.vocabulary import CELL

TOP = 8
"""How many contested and consensus options the overview lists."""


def _sides(site: Site, links: Links, option: str, row: dict[str, Any]) -> list[dict[str, Any]]:
    sides = []
    for state, title in ((t.value, t.side) for t in CELL if t.side):
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
    for row in records(frame.head(TOP)):
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


def overview_page(site: Site) -> Page:
    """The front page of the report."""
    path = page_path("index", "")
    context = site.base(path, "Overview")
    links: Links = context["links"]
    empty = site.table.empty
    themes = []
    for number, t in enumerate(site.corpus.codebook.themes, start=1):
        recs = site.recs_by("theme").get(t.id, [])
        themes.append(
            {
                "number": number,
                "id": t.id,
                "label": t.label,
                "definition": t.definition,
                "recs": len(recs),
                "holders": len({r.holder for r in recs}),
                "options": [
                    {"id": o.id, "label": o.label, "recs": sum(1 for r in recs if r.option == o.id)}
                    for o in t.options
                    if o.id not in site.unused_catch_alls
                ],
            }
        )
    dates = sorted(d.date for d in site.documents.values() if d.date)
    holder_types = sorted({h.type for h in site.active_holders})
    blocs = None if empty else coalition_view(site, links)
    disputed = pd.DataFrame() if empty else contested(site.table, duplicates=site.options.duplicates)
    agreed = pd.DataFrame() if empty else consensus(site.table, duplicates=site.options.duplicates)
    return Page(
        path,
        "overview.html",
        {
            **context,
            "findings": findings_view(site, links),
            "dimensions": positions_view(site, links),
            "contested": [] if empty else _option_list(site, links, disputed),
            "contested_total": len(disputed),
            "consensus": [] if empty else _option_list(site, links, agreed),
            "consensus_total": len(agreed),
            "option_matrix": None if empty else option_heatmap(site, links),
            "theme_matrix": None if empty else theme_heatmap(site, links),
            "relations": None if blocs is None else agreement_matrix(site, blocs),
            "coalitions": blocs,
            "themes": themes,
            "documents_total": len(site.documents),
            "dated": {"first": dates[0].isoformat(), "last": dates[-1].isoformat()} if dates else None,
            "undated": len(site.documents) - len(dates),
            "holders": site.sort_holders(site.holders),
            "active": {h.id for h in site.active_holders},
            "holder_types": holder_types,
            "reliability": overview_figures(site),
        },
    )


def document_list_page(site: Site) -> Page:
    """Every document with its authors, outlet, kind, date and number of recommendations (``documents.html``).

    Kept off the overview, which would otherwise grow with every document added (issue #17).
    """
    path = page_path("documents", "")
    return Page(
        path,
        "documents.html",
        {
            **site.base(path, "Documents"),
            "documents": list(site.documents.values()),
            "rec_counts": {d: len(site.recs_of_document.get(d, [])) for d in site.documents},
        },
    )
