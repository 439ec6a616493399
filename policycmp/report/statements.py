"""The statements view and the search page, and the data file both read (``assets/data.js``).

Both pages are static shells: their rows and results are drawn by the script from
``assets/data.js``, one data file for the whole site. Why not rows in the HTML: at 1,000 documents
the statements would then be written three times (document pages, a statements page, a search
index); as data they are written once more, compactly, and the two pages themselves never change
when a document does, so a one-document rebuild rewrites the data file and not the pages.
Without JavaScript each page says what it needs and links to the full tables and the downloads.

The data file is a script (``window.policycmpData = {…};``) rather than JSON, because a page opened
from ``file://`` cannot fetch a sibling JSON file in Chromium, while ``script-src 'self'`` admits
the script (see :mod:`policycmp.report.assets`). Its JSON text escapes ``<``, ``>`` and ``&``.
Statements refer to documents, holders and options, and to their stance, kind and strength, by their index
in those lists (``stances``, ``kinds``, ``strengths``: the values that occur, sorted; a missing strength is
``""``), in the order of the tidy table (document, then reading order). The quote is the one text per
statement: the statements view shows it and both pages search it (issue #17: the repeated words of each row
were ~0.05x the seed bytes at 1,000 documents).
"""

from __future__ import annotations

import json
from typing import Any

from policycmp.report.pages import Page
from policycmp.report.site import Site
from policycmp.report.urls import page_path

DATA_GLOBAL = "policycmpData"

STATEMENT_FIELDS = ("document", "holder", "option", "stance", "kind", "strength", "anchor", "quote")
"""Columns of each row of ``statements`` in the data file (the first six are indexes into the lists of those names)."""


def site_data(site: Site) -> dict[str, Any]:
    """Labels and statements for the statements view and the search, all sorted, nothing variable."""
    docs = list(site.documents.values())
    doc_index = {d.id: i for i, d in enumerate(docs)}
    holders = sorted(site.holders.values(), key=lambda h: h.id)
    holder_index = {h.id: i for i, h in enumerate(holders)}
    options = list(site.corpus.options)
    option_index = {o: i for i, o in enumerate(options)}
    themes = [t.id for t in site.corpus.codebook.themes]
    stances = sorted({r.stance for r in site.recs})
    kinds = sorted({r.kind for r in site.recs})
    strengths = sorted({r.strength or "" for r in site.recs})
    stance_index = {s: i for i, s in enumerate(stances)}
    kind_index = {k: i for i, k in enumerate(kinds)}
    strength_index = {s: i for i, s in enumerate(strengths)}
    return {
        "fields": list(STATEMENT_FIELDS),
        "documents": [[d.id, d.title, d.date.isoformat() if d.date else ""] for d in docs],
        "holders": [[h.id, h.label, h.type] for h in holders],
        "themes": [[t, site.corpus.themes[t].label] for t in themes],
        "options": [[o, site.corpus.options[o].label, site.corpus.option_theme[o]] for o in options],
        "stances": stances,
        "kinds": kinds,
        "strengths": strengths,
        "statements": [
            [doc_index[r.document], holder_index[r.holder], option_index[r.option], stance_index[r.stance], kind_index[r.kind],
             strength_index[r.strength or ""], r.anchor, r.quote]
            for r in site.recs
        ],
    }


def data_script(site: Site) -> bytes:
    """``assets/data.js``: the site data as a script assigning one global."""
    text = json.dumps(site_data(site), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.{DATA_GLOBAL} = {text};\n".encode()


def statements_page(site: Site) -> Page:
    """Every statement as a row, with facets, sorting and the filter state kept in the URL."""
    path = page_path("statements", "")
    return Page(path, "statements.html", site.base(path, "Every statement"))


def search_page(site: Site) -> Page:
    """Search over quotes and the labels of holders, options, themes and documents."""
    path = page_path("search", "")
    return Page(path, "search.html", site.base(path, "Search"))
