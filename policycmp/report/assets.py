"""The report's stylesheet and script, shared as files by the site's pages, and each page's Content-Security-Policy.

Both assets are static files written by us (``templates/_style.css`` and ``_tables.css``,
``templates/_site.js`` and ``_tables.js``), never data. A page of the site links them as ``assets/site.css`` and
``assets/site.js``; the single-file page (:func:`~policycmp.report.build.build_theme_page`, for
e-mail) inlines them, since it has no site around it.

Measured in Chromium 156 (Debian's ``/usr/bin/chromium``, headless, pages opened from ``file://``,
both from the site's root and from a sub-directory with ``../assets/…``):

- ``style-src 'self'; script-src 'self'`` admits the sibling files: the stylesheet applies and the
  script runs, with no console error. This is the policy of every site page (:data:`SITE_POLICY`).
- a hash-based policy (``style-src 'sha256-…'``) refuses an *external* stylesheet whatever its
  hash: hash sources match inline blocks only. For an external script, CSP 3 lets a hash match
  only through Subresource Integrity (``integrity="sha256-…"``), and on ``file://`` Chromium fails
  the integrity check (a file response is not CORS-eligible), so the script is blocked too.

Decision: the site shares the files under ``'self'`` (no ``'unsafe-inline'``, nothing from the
network; an injected inline script or style is still refused), and the single-file page keeps the
hash policy over its inline blocks. Measured on the shipped corpus (five documents): the report went
from 3,420,822 bytes in 103 files (100 pages, 33.3 KB a page on average) to 2,136,644 bytes in 192 files
(102 pages, 15.2 KB a page; 65 KB of shared assets including the statements data; 523 KB of CSV/JSON
downloads), each page about 17.9 KB lighter; and a stylesheet change now rewrites two files instead of
every page. The cost: a page copied out of the site on its own opens unstyled (its links to other
pages break anyway), and whether ``'self'`` admits a sibling file on ``file://`` in browsers other
than Chromium is not tested here.

The page links carry no version query (``site.css?v=…``): it would put the assets' hash in every
page, so a stylesheet change would again rewrite every page.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from markupsafe import Markup

from policycmp.vocabulary import css_variables

CSS_FILE = "assets/site.css"
JS_FILE = "assets/site.js"
DATA_FILE = "assets/data.js"
"""The statements and labels for the statements view and the search (written by :mod:`policycmp.report.data`)."""

_REST = "img-src data:; base-uri 'none'; form-action 'none'"
SITE_POLICY = f"default-src 'none'; style-src 'self'; script-src 'self'; {_REST}"
"""The policy of every page of the site: the shared files only, nothing inline, nothing remote."""
_SITE_POLICY_MARKUP = Markup(SITE_POLICY)


def _read(name: str) -> str:
    return resources.files("policycmp.report").joinpath("templates", name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass(frozen=True)
class Assets:
    """The CSS and JS text, the inline policy that admits exactly these blocks, and the site's policy."""

    css: Markup
    js: Markup
    csp: Markup
    """For a single-file page: only the inline blocks, by SHA-256 hash."""
    site_csp: Markup = _SITE_POLICY_MARKUP
    """For a page of the site: the shared files under ``'self'``. Both policies are our own text, never data, and
    hold no double quote: marked as markup, their single quotes are not written as ``&#39;`` on every page."""

    def files(self) -> dict[str, bytes]:
        """The shared files of the site, by site-relative path."""
        return {CSS_FILE: str(self.css).encode("utf-8"), JS_FILE: str(self.js).encode("utf-8")}


@cache
def assets() -> Assets:
    """Read the assets once; the inline policy hashes the exact text placed in a single-file page."""
    css = css_variables() + _read("_style.css") + _read("_tables.css")
    js = _read("_site.js") + _read("_tables.js")
    if "</" in css or "</script" in js.lower():
        raise ValueError("inline assets must not contain '</'")
    csp = f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; {_REST}"
    if '"' in csp or '"' in SITE_POLICY:
        raise ValueError("a policy must not contain '\"'")
    return Assets(css=Markup(css), js=Markup(js), csp=Markup(csp))
