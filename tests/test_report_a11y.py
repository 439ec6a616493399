"""Accessibility of every kind of report page, checked by axe-core in Chromium, with screenshots kept.

One page of each kind (the largest of its kind in a fresh build of the shipped corpus, the hardest
to lay out) is opened at desktop (1366×900) and phone (390×844) size; axe-core (shipped inside the
``axe-playwright-python`` test dependency) must find no serious or critical violation. Full-page
screenshots of each page at both sizes are saved under ``test-artifacts/screenshots/`` (git-ignored),
named ``<kind>-<size>.png``.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO
from playwright import sync_api
from test_report_browser import browser, shipped_report

pytestmark = pytest.mark.browser

__all__ = ["browser"]  # the fixture this module uses, imported from the browser tests

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
KINDS = ("index", "documents", "holders", "themes", "options", "reliability", "statements", "search", "dimensions", "document-list")
ROOT_PAGES = {  # the views with state, so results are drawn
    "statements": "statements.html#stance=oppose", "search": "search.html#q=talks", "document-list": "documents.html",
}
BLOCKING = {"serious", "critical"}


def page_of_kind(kind: str) -> str:
    """The overview, or the largest page of one kind in the shipped report."""
    if kind == "index":
        return "index.html"
    if kind in ROOT_PAGES:
        return ROOT_PAGES[kind]
    files = sorted((shipped_report() / kind).glob("*.html"), key=lambda p: (-p.stat().st_size, p.name))
    assert files, f"the shipped report has no {kind} page"
    return f"{kind}/{files[0].name}"


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Serious and critical violations, one line per offending element (rule, impact, target selector, summary)."""
    lines = []
    for v in violations:
        if v.get("impact") not in BLOCKING:
            continue
        for node in v.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            summary = str(node.get("failureSummary", "")).replace("\n", " ")[:240]
            lines.append(f"{v['id']} ({v['impact']}) at {target}: {summary}")
    return lines


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_serious_violation_and_screenshots_are_kept(browser: sync_api.Browser, kind: str) -> None:
    rel = page_of_kind(kind)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            path, _, state = rel.partition("#")
            page.goto((shipped_report() / path).as_uri() + (f"#{state}" if state else ""))
            page.wait_for_load_state("load")
            shot = SCREENSHOTS / f"{kind}-{size}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            found = blocking(Axe().run(page).response["violations"])
            assert not found, f"{rel} at {width}px:\n" + "\n".join(found)
        finally:
            context.close()


# --------------------------------------------------------------------------- layout checks behind the fixes of issue #15


def opened(browser: sync_api.Browser, rel: str, width: int, *, javascript: bool = True) -> sync_api.Page:
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto((shipped_report() / rel).as_uri())
    page.wait_for_load_state("load")
    return page


def test_agreement_matrix_is_one_tab_stop_and_legible_on_a_phone(browser: sync_api.Browser) -> None:
    page = opened(browser, "index.html", 390)
    try:
        region = page.locator("div.table-wrap:has(> table#holder-holder)")
        assert region.get_attribute("tabindex") == "0"
        inside = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"
        assert region.locator(inside).count() == 0  # the region itself is the one tab stop
        sizes = region.evaluate(
            "el => Array.from(el.querySelectorAll('th, td, caption, span')).filter(e => e.textContent.trim() && e.getClientRects().length)"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 12, min(sizes)
        # the region scrolls by keyboard, and the holder column stays in view
        region.focus()
        first = region.locator("tbody th[scope=row]").first
        before = first.bounding_box()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('div.table-wrap:has(> #holder-holder)').scrollLeft > 0")
        after = first.bounding_box()
        assert before and after and abs(after["x"] - before["x"]) <= 1  # sticky: the scroll moved the cells, not the names
    finally:
        page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_wide_tables_say_they_scroll(browser: sync_api.Browser, javascript: bool) -> None:
    page = opened(browser, "index.html", 390, javascript=javascript)
    try:
        wraps = page.locator("div.table-wrap")
        for i in range(wraps.count()):
            wrap = wraps.nth(i)
            assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
            assert wrap.get_attribute("aria-label") or wrap.get_attribute("aria-labelledby")
        matrix = page.locator("div.table-wrap:has(> table#holder-option)")
        assert matrix.evaluate("el => el.scrollWidth > el.clientWidth")
        cue = page.locator("div.table-wrap:has(> table#holder-option)").locator("xpath=preceding-sibling::*[1]")
        if javascript:
            assert "overflowing" in str(matrix.get_attribute("class")) and "at-end" not in str(matrix.get_attribute("class"))
            assert "scroll-cue" in str(cue.get_attribute("class")) and cue.is_visible() and "scroll sideways" in cue.inner_text()
            matrix.evaluate("el => { el.scrollLeft = el.scrollWidth; el.dispatchEvent(new Event('scroll')); }")
            assert "at-end" in str(matrix.get_attribute("class"))
        else:
            assert "scroll-cue" not in str(cue.get_attribute("class"))  # without script the table still scrolls, uncued
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_document_text_comes_before_or_beside_the_cards(browser: sync_api.Browser, width: int) -> None:
    rel = page_of_kind("documents")
    page = opened(browser, rel, width)
    try:
        text = page.locator("div.seed").bounding_box()
        card = page.locator(".doc-cards ol.recs > li").first.bounding_box()
        assert text and card
        if width > 1000:
            assert card["x"] > text["x"] + text["width"] - 1 and abs(card["y"] - text["y"]) < 400  # beside
        else:
            assert card["y"] > text["y"] + text["height"] - 1  # the text first, the cards after it
            assert text["y"] < 1500  # the text starts near the top, not after every card
    finally:
        page.context.close()
