"""Report layout under hostile labels: no page wider than the screen, no duplicate element ids."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

import policycmp
from policycmp.report.build import build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "basic"
UNBROKEN = "W" * 300


def hostile_corpus(root: Path) -> Path:
    """The report fixture with two themes whose ids differ by '-h' and 300-character unbroken labels."""
    shutil.copytree(FIXTURE, root)
    book = root / "recommendations" / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    for old, new in (
        ("- id: talks", "- id: negotiations"),
        ("- id: force", "- id: negotiations-h"),
        ("label: Use of force", f"label: Force{UNBROKEN}"),
        ("label: Ann Author", f"label: Ann{UNBROKEN}"),
        ("label: Fund clinics in every district", f"label: Fund{UNBROKEN}"),
        ("label: Alpha Memo authors", f"label: Alpha{UNBROKEN}"),
    ):
        assert old in text
        text = text.replace(old, new)
    book.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("layout")
    return build(policycmp.load(hostile_corpus(base / "corpus")), base / "site").out_dir


def test_every_id_on_every_page_is_unique(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        ids = Counter(str(tag["id"]) for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(id=True))
        assert [i for i, n in ids.items() if n > 1] == [], page.relative_to(site)
    holder = BeautifulSoup((site / "holders" / "alpha-team.html").read_text(encoding="utf-8"), "html.parser")
    sections = {str(s["id"]) for s in holder.find_all("section", id=True)}
    assert {"t-negotiations", "t-negotiations-h"} <= sections  # both themes are on the page, each under its own id
    for section in holder.find_all("section", attrs={"aria-labelledby": True}):
        assert holder.find(id=section["aria-labelledby"]) in section.find_all(True)  # each heading is inside its own section


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


def widths(browser: Any, pages: list[Path], width: int) -> dict[str, int]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        found = {}
        for path in pages:
            page.goto(path.as_uri())
            found[path.name if path.parent.name in ("site", "reports") else f"{path.parent.name}/{path.name}"] = page.evaluate(
                "document.documentElement.scrollWidth"
            )
        return found
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_unbroken_300_character_labels_do_not_widen_any_page(browser: Any, site: Path, width: int) -> None:
    measured = widths(browser, sorted(site.rglob("*.html")), width)
    assert len(measured) > 5
    assert {name: w for name, w in measured.items() if w > width} == {}


WORDY = "Public services, clinics, schools and courts in every district of the northern and western provinces"
"""A long theme label of ordinary words: it wraps, unless the theme key forbids wrapping."""


@pytest.mark.browser
def test_a_long_theme_label_in_the_theme_key_fits_a_phone(browser: Any, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    book = root / "recommendations" / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("label: Public services <em>& clinics</em>", f"label: {WORDY}"), encoding="utf-8")
    out = build(policycmp.load(root), tmp_path / "reports").out_dir
    assert WORDY in BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".theme-key").get_text()
    assert widths(browser, [out / "index.html"], 390) == {"index.html": 390}
