"""Static HTML report: ``build(corpus, out_dir)`` for the site, ``build_theme_page`` for one theme.

See :mod:`policycmp.report.build` for the atomic build and :mod:`policycmp.report.pages`
and :mod:`policycmp.report.overview` for what each page shows.
"""

from __future__ import annotations

from policycmp.report.build import BuildResult, ReportError, build, build_theme_page, render_site

__all__ = ["BuildResult", "ReportError", "build", "build_theme_page", "render_site"]
