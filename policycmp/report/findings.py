"""The overview's opening: key findings and each holder's position on each dimension; one page per dimension.

The findings come from :func:`policycmp.findings.key_findings` and the positions from
:func:`policycmp.positions.positions`, :func:`~policycmp.positions.positions_by_period` and
:func:`~policycmp.positions.positions_over_time`, with the build's duplicate rule, so the panel says exactly
what the analyses say and how much each rests on.

The overview shows positions over time aggregated by period (calendar years, or months when the dated
documents span little time; undated documents counted apart), so it stays the same size however many
documents the corpus holds (issue #17). Each period links to its part of the dimension's own page
(``dimensions/<id>.html``), which lists every document of the period with its position and a link to its
page, where the quotes are highlighted in the text.
"""

from __future__ import annotations

from typing import Any

from policycmp.findings import key_findings
from policycmp.positions import UNDATED, period_label
from policycmp.report.pages import Page
from policycmp.report.site import Site, records
from policycmp.report.urls import Links, page_path

HEADS = {"consensus": "Broad consensus", "contested": "Contested questions", "dimension": "Positions on each dimension"}
"""Panel headings per finding kind, in the order shown."""

UNIT_WORDS = {"year": "calendar year", "month": "calendar month"}
"""How the pages name the period unit of :func:`policycmp.positions.period_unit`."""


def findings_view(site: Site, links: Links) -> list[dict[str, Any]]:
    """Key findings grouped by kind: each with its text, the holders and documents it rests on, and a link."""
    if site.table.empty:
        return []
    found = key_findings(site.table, site.corpus.codebook.dimensions, duplicates=site.options.duplicates, placed=site.positions)
    groups = []
    for kind, head in HEADS.items():
        items = []
        for f in found.of(kind):
            href = links.option(f.subject) if kind != "dimension" else f"#dim-{f.subject}"
            items.append({"text": f.text, "holders": f.holders, "documents": f.documents, "href": href})
        if items:
            groups.append({"kind": kind, "title": head, "findings": items})
    return groups


def period_anchor(period: str) -> str:
    """The id of a period's part of a dimension page: ``p-2024``, ``p-2024-05``, ``p-undated``."""
    return f"p-{period}"


def periods_view(site: Site, links: Links, dimension: str) -> list[dict[str, Any]]:
    """One dimension's periods, oldest first and undated last: position, statements, documents, holders, link to the documents."""
    return [
        {
            "id": str(r["period"]), "undated": r["period"] == UNDATED, "href": links.dimension(dimension, period_anchor(str(r["period"]))),
            "position": float(r["position"]), "statements": int(r["statements"]), "documents": int(r["documents"]),
            "holders": int(r["holders"]),
        }
        for r in records(site.periods.reset_index())
        if r["dimension"] == dimension
    ]


def _unit(site: Site) -> str:
    units = site.periods["unit"].unique().tolist() if len(site.periods) else ["year"]
    return UNIT_WORDS[str(units[0])]


def positions_view(site: Site, links: Links) -> list[dict[str, Any]]:
    """Per dimension: each holder's position with its statement count, and the positions per period (undated last)."""
    dimensions = site.corpus.codebook.dimensions
    if site.table.empty or not dimensions:
        return []
    held = site.positions
    unit = _unit(site)
    out = []
    for d in dimensions:
        holders = [
            {
                "id": str(r["holder"]), "label": str(r["label"]), "href": links.holder(str(r["holder"])),
                "position": float(r["position"]), "statements": int(r["statements"]), "documents": int(r["documents"]),
            }
            for r in records(held.reset_index())
            if r["dimension"] == d.id
        ]
        out.append(
            {
                "id": d.id, "label": d.label, "first": d.poles[0].label, "second": d.poles[1].label,
                "holders": holders, "periods": periods_view(site, links, d.id), "unit": unit, "href": links.dimension(d.id),
            }
        )
    return out


def dimension_page(site: Site, dimension: str) -> Page:
    """A dimension's page: its periods, then every document's position, grouped by period, each linking to its page."""
    d = next(x for x in site.corpus.codebook.dimensions if x.id == dimension)
    path = page_path("dimensions", dimension)
    context = site.base(path, f"{d.label}: positions over time")
    links: Links = context["links"]
    unit = str(site.periods["unit"].iloc[0]) if len(site.periods) else "year"
    documents: dict[str, list[dict[str, Any]]] = {}
    for r in records(site.over_time.reset_index()):
        if r["dimension"] != dimension:
            continue
        dated = bool(r["dated"])
        documents.setdefault(period_label(r["date"] if dated else None, unit), []).append(
            {
                "id": str(r["document"]), "label": str(r["label"]), "href": links.document(str(r["document"])),
                "date": r["date"].date().isoformat() if dated else None,
                "position": float(r["position"]), "statements": int(r["statements"]),
            }
        )
    periods = periods_view(site, links, dimension)
    for p in periods:
        p["anchor"] = period_anchor(p["id"])
        p["documents_of"] = documents.get(p["id"], [])
    return Page(
        path,
        "dimension.html",
        {
            **context,
            "dimension": {"id": d.id, "label": d.label, "definition": d.definition, "first": d.poles[0].label, "second": d.poles[1].label},
            "periods": periods,
            "unit": UNIT_WORDS[unit],
        },
    )
