"""The stylesheet and script inlined into every page, and the page's Content-Security-Policy.

Both assets are static files written by us (``templates/_style.css`` and
``templates/_site.js``), never data, so they are the only text marked safe. The
policy allows exactly these two inline blocks (by SHA-256 hash), inline SVG and
nothing from the network: an injected script or a remote image would be refused
by the browser even if it slipped past escaping.

Why inline rather than one stylesheet beside the pages: the assets are about 15 KB a
page (half of the shipped site's 2.3 MB), but every page then opens correctly on its
own, copied or attached anywhere, and the hash policy holds on ``file://`` in every
browser, whereas whether a ``'self'`` source admits a sibling file on ``file://``
depends on how each browser treats local files as origins (Chromium admits it; other
browsers are not tested here). The cost: a stylesheet change touches every page of ``reports/``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from markupsafe import Markup

from policycmp.vocabulary import css_variables


def _read(name: str) -> str:
    return resources.files("policycmp.report").joinpath("templates", name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass(frozen=True)
class Assets:
    """Inline CSS and JS, and the policy that admits only them."""

    css: Markup
    js: Markup
    csp: str


@cache
def assets() -> Assets:
    """Read the assets once; the policy hashes the exact text placed in the page."""
    css = css_variables() + _read("_style.css")
    js = _read("_site.js")
    if "</" in css or "</script" in js.lower():
        raise ValueError("inline assets must not contain '</'")
    csp = (
        "default-src 'none'; "
        f"style-src {_hash(css)}; "
        f"script-src {_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return Assets(css=Markup(css), js=Markup(js), csp=csp)
