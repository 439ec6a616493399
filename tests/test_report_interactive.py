"""Search, facets, sorting, permalinks and downloads of the report, in Chromium from file:// (issue #15).

Uses the browser helpers and fixtures of :mod:`test_report_browser` (Debian's Chromium through
Playwright; the fixture corpus built once into a temporary directory). Expectations come from the
fixture corpus's own YAML and CSV, not from counts of the shipped corpus.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright import sync_api
from test_report_browser import Watched, browser, close, open_page, site, token, url

import policycmp

pytestmark = pytest.mark.browser

__all__ = ["browser", "site"]  # the fixtures this module uses, imported from the browser tests

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "basic"


def statement_rows(page: sync_api.Page) -> list[list[str]]:
    return [[c.strip() for c in row.locator("td").all_inner_texts()] for row in page.locator("#statements tbody tr").all()]


def clean(watched: Watched) -> None:
    assert watched.problems == []


def test_search_finds_a_seed_word_and_leads_to_the_highlighted_quote(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "search.html"))
    page = watched.page
    try:
        assert not page.locator("#search-nojs").is_visible()
        page.locator("#q").fill("lay down their")  # words of a quote in beta.txt
        results = page.locator("#results li")
        assert results.count() == 1
        assert "1 result" in page.locator("#search output").inner_text()
        assert results.first.locator("blockquote mark").all_inner_texts() == ["lay", "down", "their"]  # each word marked
        assert page.url.endswith("search.html#q=lay+down+their")
        results.first.locator("a").click()
        page.wait_for_url(f"**/documents/beta.html#t{token('beta', 'clinics-if')}")
        marks = page.locator("mark.current")
        assert marks.count() >= 1
        assert "".join(marks.all_inner_texts()) == "The ministry should only fund clinics if the rebels lay down their arms"
        assert marks.first.is_visible()
        clean(watched)
    finally:
        close(watched)


def test_search_matches_labels_and_ignores_case_and_accents(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "search.html#q=BETA%20EDITORIAL%20DESK"))
    page = watched.page
    try:
        assert page.locator("#q").input_value() == "BETA EDITORIAL DESK"  # restored from the URL
        kinds = page.locator("#results li > span.muted").all_inner_texts()
        assert kinds[0] == "Holder: "
        assert page.locator("#results li a").first.get_attribute("href") == "holders/beta-desk.html"
        page.locator("#q").fill("zzzz-not-in-the-corpus")
        assert page.locator("#results li").count() == 0 and page.locator("#search output").inner_text() == "Nothing found."
        clean(watched)
    finally:
        close(watched)


def test_without_javascript_search_and_statements_say_so_and_link_to_the_tables(browser: sync_api.Browser, site: Path) -> None:
    for rel, note in (("search.html", "#search-nojs"), ("statements.html", "#statements-nojs")):
        watched = open_page(browser, url(site, rel), javascript=False)
        try:
            message = watched.page.locator(note)
            assert message.is_visible() and "JavaScript" in message.inner_text()
            hrefs = message.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert "index.html#matrices" in hrefs
            assert (site / "index.html").is_file()
            assert not watched.page.locator("form").first.is_visible()
        finally:
            close(watched)


def test_stance_facet_keeps_only_that_stance(browser: sync_api.Browser, site: Path) -> None:
    corpus = policycmp.load(FIXTURE)
    watched = open_page(browser, url(site, "statements.html"))
    page = watched.page
    try:
        assert len(statement_rows(page)) == len(corpus.table)
        for stance in sorted(set(corpus.table["stance"])):
            page.locator("#facets select[name=stance]").select_option(stance)
            rows = statement_rows(page)
            assert len(rows) == int((corpus.table["stance"] == stance).sum())
            assert {r[3] for r in rows} == {stance}
            assert page.url.endswith(f"#stance={stance}")
        page.locator("#facets select[name=stance]").select_option("")
        page.locator("#facets select[name=type]").select_option("media-outlet")
        assert {r[1] for r in statement_rows(page)} == {"Beta editorial desk"}
        page.locator("#facets select[name=from]").select_option("2024")
        assert statement_rows(page) == []  # the outlet's document is undated; a year range leaves it out
        page.locator("#facets button[type=reset]").click()
        # an arrow function, not a bare expression: polling a bare expression evals it, which the report's CSP refuses
        page.wait_for_function(f"() => document.querySelectorAll('#statements tbody tr').length === {len(corpus.table)}")
        clean(watched)
    finally:
        close(watched)


def test_clicking_a_header_sorts_and_sets_aria_sort(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "statements.html"))
    page = watched.page
    try:
        holder = page.locator("#statements th[data-sort=holder]")
        assert holder.get_attribute("aria-sort") is None
        before = [r[1] for r in statement_rows(page)]
        holder.locator("button.sort").click()
        assert holder.get_attribute("aria-sort") == "ascending"
        ascending = [r[1] for r in statement_rows(page)]
        assert ascending != before
        assert ascending == sorted(before, key=str.casefold)
        holder.locator("button.sort").focus()
        page.keyboard.press("Enter")  # the keyboard does what the click does
        assert holder.get_attribute("aria-sort") == "descending"
        assert [r[1] for r in statement_rows(page)] == sorted(before, key=str.casefold, reverse=True)
        assert "sort=holder" in page.url and "dir=descending" in page.url
        clean(watched)
    finally:
        close(watched)


def test_matrix_columns_sort_within_each_holder_group(browser: sync_api.Browser, site: Path) -> None:
    watched = open_page(browser, url(site, "index.html"))
    page = watched.page
    try:
        header = page.locator("#holder-option thead tr:last-child th", has=page.locator('a[href="options/open-talks.html"]'))
        header.locator("button.sort").click()
        assert header.get_attribute("aria-sort") == "ascending"
        index = header.evaluate("th => th.cellIndex")
        for body in page.locator("#holder-option tbody").all():
            keys = body.locator("tr[data-holder-type]").evaluate_all(
                f"rows => rows.map(r => r.cells[{index}].getAttribute('data-stances') || '')"
            )
            marked = [k for k in keys if k]
            assert keys == marked + [""] * (len(keys) - len(marked))  # holders with a stance first, empty cells last
            assert marked == sorted(marked)
        clean(watched)
    finally:
        close(watched)


def test_a_permalink_restores_facets_search_text_and_sort(browser: sync_api.Browser, site: Path) -> None:
    state = "q=talks&stance=support&kind=recommendation&sort=quote&dir=descending"
    watched = open_page(browser, url(site, f"statements.html#{state}"))
    page = watched.page
    try:
        form = page.locator("#facets")
        assert form.locator("input[name=q]").input_value() == "talks"
        assert form.locator("select[name=stance]").input_value() == "support"
        assert form.locator("select[name=kind]").input_value() == "recommendation"
        assert page.locator("#statements th[data-sort=quote]").get_attribute("aria-sort") == "descending"
        rows = statement_rows(page)
        assert rows and all(r[3] == "support" and "talks" in " ".join(r).casefold() for r in rows)
        quotes = [r[7] for r in rows]
        assert quotes == sorted(quotes, key=str.casefold, reverse=True)
        assert page.locator("#permalink").get_attribute("href", timeout=1000).endswith("#" + state)
        clean(watched)
    finally:
        close(watched)


def test_download_links_exist_parse_and_match_the_table(browser: sync_api.Browser, site: Path) -> None:
    corpus = policycmp.load(FIXTURE)
    watched = open_page(browser, url(site, "index.html"))
    page = watched.page
    try:
        links = page.locator("p.downloads a[download]").evaluate_all("links => links.map(a => a.href)")
        assert links and all(h.startswith("file://") for h in links)
        for href in links:
            path = Path(href.removeprefix("file://"))
            assert path.is_file() and site.resolve() in path.resolve().parents
            text = path.read_text(encoding="utf-8")
            parsed = list(csv.DictReader(io.StringIO(text))) if path.suffix == ".csv" else json.loads(text)
            assert parsed
        # the holder x option download holds what each cell of the table shows
        rows = list(csv.DictReader(io.StringIO((site / "downloads" / "holder-option.csv").read_text(encoding="utf-8"))))
        cells = page.locator("#holder-option tbody tr[data-holder-type]").evaluate_all(
            "rows => rows.map(r => [r.querySelector('th a').getAttribute('href'),"
            " Array.from(r.querySelectorAll('td')).map(td => (td.className.match(/s-(\\w+)/) || [null, 'none'])[1])])"
        )
        options = page.locator("#holder-option thead th.opt a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        def slug(href: str) -> str:
            return href.split("/")[-1].removesuffix(".html")

        shown = {(slug(h), slug(o)): s for h, ss in cells for o, s in zip(options, ss, strict=True)}
        assert shown == {(r["holder"], o): v for r in rows for o, v in r.items() if o != "holder"}
        # the statements view's rows are the statement download's rows
        statements = page.context.new_page()
        statements.goto(url(site, "statements.html"))
        assert len(statement_rows(statements)) == len(rows_of(site / "downloads" / "statements.csv")) == len(corpus.table)
        clean(watched)
    finally:
        close(watched)


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("rel", ["statements.html", "search.html#q=talks"])
def test_statements_and_search_open_cleanly_on_desktop_and_phone(browser: sync_api.Browser, site: Path, rel: str) -> None:
    for width in (1280, 390):
        watched = open_page(browser, url(site, rel), width=width)
        try:
            clean(watched)
            assert watched.page.locator("h1").is_visible()
            overflow = watched.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{rel} scrolls sideways at {width}px"
        finally:
            close(watched)


@pytest.mark.parametrize("state", ["holder=beta-desk", "option=open-talks", "theme=services", "holder=ministry-voice&option=fund-clinics"])
def test_entity_filters_in_the_url_keep_exactly_that_entitys_statements(browser: sync_api.Browser, site: Path, state: str) -> None:
    """The links of the holder, option and theme pages ('All N statements') open the statements view filtered by the URL."""
    corpus = policycmp.load(FIXTURE)
    wanted = corpus.table
    for name, value in (part.split("=") for part in state.split("&")):
        wanted = wanted.loc[wanted[name] == value]
    assert len(wanted), state
    watched = open_page(browser, url(site, f"statements.html#{state}"))
    page = watched.page
    try:
        rows = statement_rows(page)
        assert len(rows) == len(wanted)
        assert sorted((r[1], r[2], r[3]) for r in rows) == sorted(
            zip(wanted["holder_label"].astype(str), wanted["option_label"].astype(str), wanted["stance"].astype(str), strict=True)
        )
        for name, value in (part.split("=") for part in state.split("&")):
            assert page.locator(f"#facets select[name={name}]").input_value() == value
        page.locator("#facets button[type=reset]").click()
        page.wait_for_function(f"() => document.querySelectorAll('#statements tbody tr').length === {len(corpus.table)}")
        clean(watched)
    finally:
        close(watched)
