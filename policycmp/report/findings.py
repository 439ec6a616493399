"""The overview's opening: key findings and each holder's position on each dimension.

The findings come from :func:`policycmp.findings.key_findings` and the positions from
:func:`policycmp.positions.positions` / :func:`~policycmp.positions.positions_over_time`, with the
build's duplicate rule, so the panel says exactly what the analyses say and how much each rests on.
"""

from __future__ import annotations

from typing import Any

from policycmp.findings import key_findings
from policycmp.positions import positions_over_time
from policycmp.report.site import Site, records
from policycmp.report.urls import Links

HEADS = {"consensus": "Broad consensus", "contested": "Contested questions", "dimension": "Positions on each dimension"}
"""Panel headings per finding kind, in the order shown."""


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


def positions_view(site: Site, links: Links) -> list[dict[str, Any]]:
    """Per dimension: each holder's position with its statement count, and each document's over time (undated last)."""
    dimensions = site.corpus.codebook.dimensions
    if site.table.empty or not dimensions:
        return []
    held = site.positions
    timeline = positions_over_time(site.table, dimensions, duplicates=site.options.duplicates)
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
        documents = [
            {
                "id": str(r["document"]), "label": str(r["label"]), "href": links.document(str(r["document"])),
                "date": r["date"].date().isoformat() if bool(r["dated"]) else None,
                "position": float(r["position"]), "statements": int(r["statements"]),
            }
            for r in records(timeline.reset_index())
            if r["dimension"] == d.id
        ]
        out.append(
            {
                "id": d.id, "label": d.label, "first": d.poles[0].label, "second": d.poles[1].label,
                "holders": holders, "documents": documents,
            }
        )
    return out
