"""Reliability pages of the report: one page per double-coded document, and the figures on the front page.

``reliability/<doc>.html`` shows the document's figures, the codings side by side (each coder's coded
spans highlighted in the seed text, disputed units marked) and each disagreement with its quotes and
the fields that differ. :func:`overview_figures` gives the front page the corpus's figures, or None
when no document has an extra coding (the page then says so).
"""

from __future__ import annotations

from typing import Any

from policycmp.codings import MAIN
from policycmp.reliability import assess
from policycmp.reliability.assess import Reliability
from policycmp.reliability.units import FIELDS
from policycmp.report import highlight
from policycmp.report.pages import Page
from policycmp.report.site import Site
from policycmp.report.urls import page_path


def _figures(rel: Reliability) -> dict[str, Any]:
    return {
        "unitizing": [rel.unitizing(v) for v in ("spans", "sentences")],
        "fields": [r.as_dict() for r in rel.fields],
        "disagreements": len(rel.disagreements),
        "reps": rel.reps,
    }


def overview_figures(site: Site) -> dict[str, Any] | None:
    """The corpus's reliability figures for the front page, with links to the document pages; None without extra codings."""
    corpus = site.corpus
    docs = sorted(d for d in corpus.codings if d in corpus.documents)
    if not docs:
        return None
    rel = assess(corpus, docs)
    table = corpus.tidy()
    contested = table.loc[table["key"].isin(rel.contested_keys), ["holder", "option"]].drop_duplicates()
    return {
        **_figures(rel),
        "documents": [{"id": d, "coders": [c for c, _ in rel.codings[d]], "path": page_path("reliability", d)} for d in docs],
        "contested_cells": sorted(zip(contested["holder"], contested["option"], strict=True)),
    }


def reliability_pages(site: Site) -> list[Page]:
    """One page per document with an extra coding (none for a corpus without)."""
    corpus = site.corpus
    return [_page(site, assess(corpus, [doc]), doc) for doc in sorted(d for d in corpus.codings if d in corpus.documents)]


def _page(site: Site, rel: Reliability, doc: str) -> Page:
    path = page_path("reliability", doc)
    codings = rel.codings[doc]
    disputed = {(d.unit) for d in rel.disagreements}
    units = rel.units("spans")
    columns = []
    for coder, coding in codings:
        spans = {}
        for unit in units:
            for a in unit.coded[coder]:
                key = f"{'d' if unit.index in disputed else 'a'}-{unit.index}-{a.recommendation.id}"
                spans[key] = a.segments
        pieces = highlight.cut(coding.text, spans)
        columns.append(
            {
                "coder": coder,
                "names": list(coding.coded.coders),
                "pieces": [{"text": p.text, "disputed": any(k.startswith("d-") for k in p.keys), "coded": bool(p.keys),
                            "units": sorted({int(k.split("-")[1]) for k in p.keys})} for p in pieces],
            }
        )
    disagreements = [
        {
            "unit": d.unit,
            "start": d.start,
            "end": d.end,
            "fields": [{"field": f, "by_coder": [{"coder": c, "value": v} for c, v in vals.items()]} for f, vals in d.fields.items()],
            "quotes": [{"coder": c, "id": i, "quote": q} for c in d.coders for i, q in zip(d.ids[c], d.quotes[c], strict=True)],
        }
        for d in rel.disagreements
    ]
    title = site.documents[doc].title if doc in site.documents else doc
    return Page(
        path,
        "reliability.html",
        {
            **site.base(path, f"Reliability: {title}"),
            "doc_id": doc,
            "figures": _figures(rel),
            "fields": FIELDS,
            "main": MAIN,
            "columns": columns,
            "disagreements": disagreements,
        },
    )
