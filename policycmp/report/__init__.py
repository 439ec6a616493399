"""Static HTML report: ``build(corpus, out_dir)`` for the site, ``build_theme_page`` for one theme.

The site (``policycmp report --out reports``)::

    index.html                 overview: summary, disagreements, consensus, heatmaps, holder × holder
                               agreement matrix by coalition, coalitions, theme cards, documents and holders
    themes/<theme>.html        side by side: one row per option, one column per holder, quotes in full
    options/<option>.html      supporters, opponents and conditional holders with quotes and conditions
                               (none for a catch-all option no statement uses)
    holders/<holder>.html      everything a holder recommends, and with whom it agrees or conflicts
    documents/<document>.html  metadata and source link, then the whole seed text beside the cards, every
                               coded quote highlighted in its stance's colour and linked both ways
    .policycmp-report          marker: only a directory holding it is ever replaced

Where things live: :mod:`~policycmp.report.stream` (the files, rendered one page at a time),
:mod:`~policycmp.report.build` (written page by page, atomic swap),
:mod:`~policycmp.report.site` (``Site``, the hub every page reads, and ``ReportOptions``),
:mod:`~policycmp.report.pages` (entity pages), :mod:`~policycmp.report.overview`,
:mod:`~policycmp.report.heatmaps`, :mod:`~policycmp.report.network` (agreement, coalitions),
:mod:`~policycmp.report.svg` (network geometry of the notebook chart), :mod:`~policycmp.report.highlight` (overlapping
highlights), :mod:`~policycmp.report.env` (the Jinja environment and filters),
:mod:`~policycmp.report.assets` (inline CSS/JS and the Content-Security-Policy); templates are in
``policycmp/report/templates/``.
"""

from __future__ import annotations

from policycmp.report.build import BuildResult, ReportError, build, build_theme_page, render_site
from policycmp.report.site import ReportOptions

__all__ = ["BuildResult", "ReportError", "ReportOptions", "build", "build_theme_page", "render_site"]
