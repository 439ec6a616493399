"""Accessibility of every kind of report page, checked by axe-core in Chromium, with screenshots kept.

One page of each kind (the largest of its kind in a fresh build of the shipped corpus, the hardest
to lay out) is opened at desktop (1366×900) and phone (390×844) size; axe-core (shipped inside the
``axe-playwright-python`` test dependency) must find no serious or critical violation. Full-page
screenshots of each page at both sizes are saved under ``test-artifacts/screenshots/`` (git-ignored),
named ``<kind>-<size>.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO
from playwright import sync_api
from test_report_browser import ARGS, CHROMIUM, shipped_report

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
KINDS = ("index", "documents", "holders", "themes", "options", "reliability")
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed: apt-get install -y chromium"
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


def page_of_kind(kind: str) -> str:
    """The overview, or the largest page of one kind in the shipped report."""
    if kind == "index":
        return "index.html"
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
            page.goto((shipped_report() / rel).as_uri())
            page.wait_for_load_state("load")
            shot = SCREENSHOTS / f"{kind}-{size}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            found = blocking(Axe().run(page).response["violations"])
            assert not found, f"{rel} at {width}px:\n" + "\n".join(found)
        finally:
            context.close()
