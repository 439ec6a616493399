"""Where each page lives in the site, and relative links between pages.

Every page is ``index.html`` or ``<kind>/<id>.html`` (ids are slugs, safe as file
names). Links are relative, so the site works from ``file://`` and from any
sub-path of a static host. A standalone page (the single-file e-mail brief) has
no site around it: links to other pages are dropped and only in-page anchors stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policycmp.models import SLUG_PATTERN

KINDS = ("documents", "holders", "themes", "options", "reliability", "dimensions")
ROOT_PAGES = ("statements", "search", "documents")
"""Pages beside ``index.html`` at the site's root: the statements view, the search and the list of documents."""


def page_path(kind: str, ident: str) -> str:
    """Site-relative path of a page: ``page_path('themes', 'x')`` → 'themes/x.html'."""
    if kind == "index":
        return "index.html"
    if kind in ROOT_PAGES and not ident:
        return f"{kind}.html"
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}")
    if not re.fullmatch(SLUG_PATTERN, ident):
        raise ValueError(f"{ident!r} is not a slug and cannot name a page")
    return f"{kind}/{ident}.html"


@dataclass(frozen=True)
class Links:
    """Link maker for one page: knows how deep the page is and whether it stands alone."""

    here: str
    """Site-relative path of the page being rendered."""
    standalone: bool = False

    @property
    def root(self) -> str:
        return "../" * self.here.count("/")

    def to(self, kind: str, ident: str = "", anchor: str | None = None) -> str | None:
        """Relative href to a page (and anchor), or None when the page stands alone."""
        target = page_path(kind, ident)
        fragment = f"#{anchor}" if anchor else ""
        if target == self.here:
            return fragment or "#top"
        if self.standalone:
            return None
        return self.root + target + fragment

    def index(self, anchor: str | None = None) -> str | None:
        return self.to("index", anchor=anchor)

    def statements(self, state: str | None = None) -> str | None:
        """The statements view; ``state`` (e.g. ``stance=support``) is the filter state it opens with."""
        return self.to("statements", anchor=state)

    def search(self) -> str | None:
        return self.to("search")

    def document_list(self, anchor: str | None = None) -> str | None:
        """The list of every document (``documents.html``), kept off the overview so it does not grow with the corpus."""
        return self.to("documents", anchor=anchor)

    def dimension(self, ident: str, anchor: str | None = None) -> str | None:
        """A dimension's page: every document's position over time, grouped by period."""
        return self.to("dimensions", ident, anchor)

    def download(self, name: str) -> str:
        """Relative href to a file under ``downloads/``."""
        return self.root + "downloads/" + name

    def document(self, ident: str, anchor: str | None = None) -> str | None:
        return self.to("documents", ident, anchor)

    def holder(self, ident: str, anchor: str | None = None) -> str | None:
        return self.to("holders", ident, anchor)

    def theme(self, ident: str, anchor: str | None = None) -> str | None:
        return self.to("themes", ident, anchor)

    def option(self, ident: str, anchor: str | None = None) -> str | None:
        return self.to("options", ident, anchor)
