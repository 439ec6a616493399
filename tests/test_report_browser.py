"""The report in a real browser: Debian's Chromium driven by Playwright, pages opened from file://.

One browser for the module. Flows run on a fresh build of the fixture corpus (stable
expectations); page health, phone layout and the screenshots use a fresh build of the shipped
corpus (not the committed reports/, which the main-branch workflow rebuilds after a merge). Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REPO
from playwright import sync_api  # a test dependency: a missing one must fail, not skip

import policycmp
from policycmp.report import build
from policycmp.report.views import short_anchors

pytestmark = pytest.mark.browser

FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"


@functools.cache
def token(doc_id: str, rec_id: str) -> str:
    """The page-scoped anchor token of a fixture statement (its card is ``#r<token>``, its quote ``#t<token>``)."""
    doc = policycmp.load(FIXTURE).documents[doc_id]
    return short_anchors([a.recommendation.id for a in doc.recommendations])[rec_id]


@functools.cache
def shipped_report() -> Path:
    """The shipped corpus's report, built once for this module in a temporary directory.

    Not the committed reports/: pull requests do not rebuild it (the main-branch workflow does), so it may lag
    behind the corpus a pull request tests.
    """
    out = Path(tempfile.mkdtemp(prefix="policycmp-shipped-")) / "reports"
    atexit.register(shutil.rmtree, out.parent, True)
    build(policycmp.load(REPO), out)
    return out
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]


@dataclass
class Watched:
    """A page with everything that went wrong on it collected."""

    page: sync_api.Page
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    # The README's test command installs it; a missing browser fails the suite instead of hiding these tests.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed: apt-get install -y chromium"
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build(policycmp.load(FIXTURE), out)
    return out


def open_page(browser: sync_api.Browser, url: str, *, width: int = 1280, javascript: bool = True) -> Watched:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    watched = Watched(page)
    page.on("console", lambda msg: watched.problems.append(f"console {msg.type}: {msg.text}") if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: watched.problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: watched.problems.append(f"request failed: {req.url} {req.failure}"))
    page.on("request", lambda req: None if req.url.startswith(("file://", "data:")) else watched.problems.append(f"network: {req.url}"))
    page.goto(url)
    page.wait_for_load_state("load")
    return watched


def close(watched: Watched) -> None:
    watched.page.context.close()


def url(root: Path, rel: str) -> str:
    return (root / rel).as_uri() if "#" not in rel else (root / rel.split("#")[0]).as_uri() + "#" + rel.split("#", 1)[1]


def horizontal_overflow(page: sync_api.Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


# --------------------------------------------------------------------------- every kind of page


def largest_page(kind: str) -> str:
    """The overview, the list of documents, or of one kind of page the largest one in the shipped report (the hardest to lay out)."""
    if kind in ("index", "documents.html"):
        return "index.html" if kind == "index" else kind
    files = sorted((shipped_report() / kind).glob("*.html"), key=lambda p: (-p.stat().st_size, p.name))
    assert files, f"the shipped report has no {kind} page"
    return f"{kind}/{files[0].name}"


@pytest.mark.parametrize("kind", ["index", "documents", "holders", "themes", "options", "dimensions", "documents.html"])
def test_real_report_pages_open_cleanly_on_desktop_and_phone(browser: sync_api.Browser, kind: str) -> None:
    rel = largest_page(kind)
    for width in (1280, 390):
        watched = open_page(browser, url(shipped_report(), rel), width=width)
        try:
            assert watched.problems == []
            assert watched.page.locator("h1").first.is_visible()
            assert horizontal_overflow(watched.page) <= 0, f"{rel} scrolls sideways at {width}px"
        finally:
            close(watched)


def test_a_period_of_the_overview_leads_to_its_documents_and_their_quotes(browser: sync_api.Browser) -> None:
    """Front page → a period of a dimension → the dimension's page at that period → a document of it, its quotes highlighted."""
    watched = open_page(browser, url(shipped_report(), "index.html"))
    try:
        page = watched.page
        period = page.locator("section.dimension table.periods tbody tr:not(.undated) th a").first
        period_id = period.inner_text()
        period.click()
        page.wait_for_load_state("load")
        assert "/dimensions/" in page.url and page.url.endswith(f"#p-{period_id}")
        section = page.locator(f"section#p-{period_id}")
        assert section.is_visible()
        assert page.evaluate("document.querySelector(':target').id") == f"p-{period_id}"
        statements = int(page.locator(f'table.periods tr[data-period="{period_id}"] td').nth(1).inner_text())
        shown = page.locator(f"section#p-{period_id} ol.timeline li")
        assert shown.count() >= 1
        # every document of the period is dated in it, and its statements add up to the period's
        counts = [int(t.split("(")[-1].split(" ")[0]) for t in shown.all_inner_texts()]
        assert sum(counts) == statements
        assert all(when.startswith(period_id) for when in section.locator(".when").all_inner_texts())
        section.locator("ol.timeline li a").first.click()
        page.wait_for_load_state("load")
        assert "/documents/" in page.url and page.locator("div.seed mark").count() > 0
        assert watched.problems == []
    finally:
        close(watched)


def test_fixture_pages_open_cleanly(browser: sync_api.Browser, site: Path) -> None:
    for rel in ("index.html", "documents/alpha.html", "holders/evil-doctor.html", "themes/force.html", "options/open-talks.html"):
        watched = open_page(browser, url(site, rel))
        try:
            assert watched.problems == [], rel
            # hostile text from the data never runs: no dialog, and it shows as text
            assert watched.page.evaluate("document.querySelectorAll('img, script:not(:last-of-type)').length") == 0
        finally:
            close(watched)


def test_browser_shows_each_seed_verbatim(browser: sync_api.Browser, shipped: policycmp.Corpus) -> None:
    for doc_id, doc in shipped.documents.items():
        watched = open_page(browser, url(shipped_report(), f"documents/{doc_id}.html"))
        try:
            shown = watched.page.evaluate(
                "() => { const s = document.querySelector('div.seed').cloneNode(true);"
                " s.querySelectorAll('a.ref, a.wref').forEach(a => a.remove()); return s.textContent; }"
            )
            assert shown == doc.text, doc_id
            # one first mark per statement (id t<token>); further parts of a split quote are t<token>-2, -3 …
            firsts = "div.seed a.ref:not([id*='-'])"
            assert watched.page.locator(firsts).count() == len(doc.recommendations) > 0
            assert watched.page.locator("div.seed mark").count() > 0
        finally:
            close(watched)


def test_overview_screenshots_and_phone_layout(browser: sync_api.Browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width, name in ((1280, "overview-desktop.png"), (390, "overview-phone.png")):
        watched = open_page(browser, url(shipped_report(), "index.html"), width=width)
        try:
            page = watched.page
            assert watched.problems == []
            assert horizontal_overflow(page) <= 0
            # wide tables scroll inside their own container instead
            wrap = page.locator(".table-wrap").first
            overflow = wrap.evaluate("el => [getComputedStyle(el).overflowX, el.scrollWidth > el.clientWidth]")
            assert overflow[0] == "auto"
            if width == 390:
                assert overflow[1] is True
            page.screenshot(path=str(ARTIFACTS / name), full_page=True)
            assert (ARTIFACTS / name).stat().st_size > 10_000
        finally:
            close(watched)


# --------------------------------------------------------------------------- evidence in two clicks


def focused(page: sync_api.Page, ident: str) -> None:
    """Wait until the page script has focused the element the URL fragment names (it runs on hashchange)."""
    page.wait_for_function("id => document.activeElement !== null && document.activeElement.id === id", arg=ident, timeout=5000)


def test_matrix_cell_to_quote_to_highlight_and_back(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "index.html"))
    page = watched.page
    try:
        cell = page.locator('#holder-option a[href="holders/beta-desk.html#o-open-talks"]')
        assert cell.inner_text() == "✗"
        cell.click()
        page.wait_for_url("**/holders/beta-desk.html#o-open-talks")
        section = page.locator("#o-open-talks")
        assert section.is_visible()
        quote = section.locator("blockquote")
        assert quote.inner_text() == "the council must not open talks"
        assert quote.is_visible()
        focused(page, "o-open-talks")

        section.locator("a.in-context").click()
        no_talks = token("beta", "no-talks")
        page.wait_for_url(f"**/documents/beta.html#t{no_talks}")
        target = page.locator(f"#t{no_talks}")
        assert target.is_visible()
        focused(page, f"t{no_talks}")
        marks = page.locator("mark.current")
        assert marks.count() == 1 and marks.first.inner_text() == "the council must not open talks"
        assert marks.first.is_visible()

        target.click()  # the numbered mark leads back to the recommendation
        page.wait_for_url(f"**/documents/beta.html#r{no_talks}")
        card = page.locator(f"#r{no_talks}")
        assert card.is_visible()
        focused(page, f"r{no_talks}")
        assert watched.problems == []
    finally:
        close(watched)


def test_overlapping_highlight_lights_up_every_piece_of_its_quote(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, f"documents/alpha.html#t{token('alpha', 'pause-ops')}"))
    try:
        pieces = watched.page.locator("mark.current").all_inner_texts()
        assert "".join(pieces) == "this year is essential, and the army should pause operations while talks last"
        # the quotes overlapping it cut it in four pieces
        assert pieces == ["this year is essential", ", and the ", "army should pause operations", " while talks last"]
        assert watched.problems == []
    finally:
        close(watched)


# --------------------------------------------------------------------------- filters


def visible_holders(page: sync_api.Page, table: str = "#holder-option") -> list[str]:
    return [row.locator("th").inner_text() for row in page.locator(f"{table} tr[data-holder-type]").all() if row.is_visible()]


def test_filters_hide_and_show_rows_and_columns(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "index.html"))
    page = watched.page
    try:
        form = page.locator("form.filters")
        assert form.is_visible()
        everyone = visible_holders(page)
        assert len(everyone) == 5
        assert form.locator("output").inner_text() == "Showing 5 of 5 holders"

        form.locator("select[name=type]").select_option("media-outlet")
        assert visible_holders(page) == ["Beta editorial desk"]
        assert visible_holders(page, "#holder-theme") == ["Beta editorial desk"]
        assert form.locator("output").inner_text() == "Showing 1 of 5 holders"
        assert not page.locator("#holder-option th[scope=rowgroup]", has_text="person").is_visible()

        form.locator("select[name=type]").select_option("")
        form.locator("select[name=stance]").select_option("oppose")
        assert visible_holders(page) == ["Beta editorial desk"]
        form.locator("select[name=stance]").select_option("conditional")
        assert visible_holders(page) == ['Dr. <script>alert("holder")</script> Evil', "Beta editorial desk"]

        form.locator("select[name=stance]").select_option("")
        form.locator("select[name=theme]").select_option("force")
        headers = [h for h in page.locator("#holder-option thead th.opt").all() if h.is_visible()]
        assert [h.locator("a").get_attribute("href") for h in headers] == ["options/army-ops.html", "options/pause-operations.html"]
        assert [h.inner_text().replace("\n", " ") for h in headers] == [
            "Step up army operations against the rebels", "Pause army operations during talks",
        ]
        evil = 'Dr. <script>alert("holder")</script> Evil'
        assert visible_holders(page) == [evil, "Alpha Memo authors", "Observers", "Beta editorial desk"]

        form.locator("button[type=reset]").click()
        page.wait_for_function("() => document.querySelector('form.filters output').textContent === 'Showing 5 of 5 holders'")
        assert visible_holders(page) == everyone
        assert len([h for h in page.locator("#holder-option thead th.opt").all() if h.is_visible()]) == 4
        assert watched.problems == []
    finally:
        close(watched)


def test_without_javascript_the_full_tables_are_there(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "index.html"), javascript=False)
    try:
        assert not watched.page.locator("form.filters").is_visible()
        assert len(visible_holders(watched.page)) == 5
        assert watched.page.locator('#holder-option a[href="holders/beta-desk.html#o-open-talks"]').is_visible()
    finally:
        close(watched)


def test_captions_of_wide_tables_stay_readable_on_a_phone(browser: sync_api.Browser) -> None:
    """A caption of a table wider than the screen wraps to the screen instead of running off its edge."""
    watched = open_page(browser, url(shipped_report(), "index.html"), width=390)
    try:
        for table in ("#holder-option", "#holder-theme"):
            wrap_width, table_width = watched.page.locator(table).evaluate("t => [t.parentElement.clientWidth, t.scrollWidth]")
            assert table_width > wrap_width  # the table is wider than the screen and scrolls
            right = watched.page.locator(f"{table} caption > span").evaluate("s => s.getBoundingClientRect().right")
            assert right <= 390, f"{table} caption runs off the screen ({right}px)"
    finally:
        close(watched)


def test_holder_agreement_table_is_a_table_on_desktop_and_a_list_on_a_phone(browser: sync_api.Browser, site: Path) -> None:
    """On a desktop the count cells are table cells; on a phone each other holder is a list item with its counts
    labelled; either way the option chips are not squeezed to a letter per line and the region is keyboard-reachable."""
    for width in (1280, 390):
        watched = open_page(browser, url(site, "holders/alpha-team.html#alignment"), width=width)
        try:
            wrap = watched.page.locator("#alignment ~ .table-wrap")
            assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
            table = wrap.locator("table")
            displays = table.locator("td.num").evaluate_all("els => els.map(e => getComputedStyle(e).display)")
            assert displays and set(displays) == ({"table-cell"} if width > 600 else {"inline-block"})
            if width < 600:
                label = table.locator("td.num").first.evaluate("e => getComputedStyle(e, '::before').content")
                assert label == '"Both addressed" ": "' or "Both addressed" in label
                assert table.locator("thead").evaluate("e => getComputedStyle(e).display") == "none"
            chip_widths = table.locator("td.evidence .chip").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
            assert chip_widths and min(chip_widths) > 150, chip_widths
            assert horizontal_overflow(watched.page) <= 0
            assert watched.problems == []
        finally:
            close(watched)


def test_print_stylesheet_hides_navigation_and_unrolls_tables(browser: sync_api.Browser) -> None:
    watched = open_page(browser, url(shipped_report(), "index.html"))
    page = watched.page
    try:
        page.emulate_media(media="print")
        assert not page.locator("header.site nav").is_visible()
        assert not page.locator("form.filters").is_visible()
        assert page.locator(".table-wrap").first.evaluate("el => getComputedStyle(el).overflowX") == "visible"
        page.emulate_media(media="screen")
        assert page.locator("header.site nav").is_visible()
    finally:
        close(watched)


@pytest.mark.parametrize("kind", ["index", "themes"])
def test_printed_tables_fit_the_paper(browser: sync_api.Browser, kind: str) -> None:
    """On paper nothing scrolls: the heatmaps shrink to the page width and the side-by-side table prints as a list."""
    rel = largest_page(kind)
    watched = open_page(browser, url(shipped_report(), rel), width=720)  # about the printable width of A4 or Letter
    page = watched.page
    try:
        page.emulate_media(media="print")
        width = page.evaluate("document.documentElement.clientWidth")
        rights = page.locator(".table-wrap > table").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().right)")
        assert rights and max(rights) <= width, f"{rel}: a table runs off the paper ({max(rights)} > {width})"
        assert horizontal_overflow(page) <= 0
        if rel.startswith("themes/"):
            assert not page.locator("table.side thead").is_visible()
            names = page.locator("table.side .cell-holder").all_inner_texts()
            assert names and all(" · " in n for n in names)  # each holder's quotes come under their name and type
            page.emulate_media(media="screen")
            assert not page.locator("table.side .cell-holder").first.is_visible()
    finally:
        close(watched)


def test_side_by_side_reads_as_a_list_on_a_phone(browser: sync_api.Browser) -> None:
    """On a phone the theme table does not make the reader scroll sideways through holder columns."""
    rel = largest_page("themes")
    watched = open_page(browser, url(shipped_report(), rel), width=390)
    page = watched.page
    try:
        table = page.locator("table.side")
        assert table.evaluate("t => t.getBoundingClientRect().right <= document.documentElement.clientWidth")
        assert not page.locator("table.side thead").is_visible()
        first_name = page.locator("table.side .cell-holder").first
        assert first_name.is_visible() and " · " in first_name.inner_text()
        assert not page.locator("table.side td.none").first.is_visible()
        assert watched.problems == []
    finally:
        close(watched)
