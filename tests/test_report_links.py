"""Link checker: every internal href and #anchor of every page resolves to an existing file and id.

Runs over a fresh build of the fixture corpus and over the committed report of the shipped corpus.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

import policycmp
from policycmp.report import build

FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"


def page_ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids = [str(tag["id"]) for tag in soup.find_all(id=True)]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{path}: duplicate ids {duplicates[:5]}"
        cache[path] = set(ids)
    return cache[path]


ENTITY_PAGES = {"holder": "holders", "option": "options", "theme": "themes", "document": "documents"}


def state_problems(root: Path, view: Path, fragment: str) -> list[str]:
    """What is wrong with a statements-view state ``holder=x&option=y``: unknown fields, or ids with no page."""
    soup = BeautifulSoup(view.read_text(encoding="utf-8"), "html.parser")
    form = soup.find("form", id="facets")
    names = {str(f["name"]) for f in form.find_all(["input", "select"], attrs={"name": True})} if form else set()
    problems = []
    for name, value in parse_qsl(fragment, keep_blank_values=True):
        if name not in names:
            problems.append(f"the statements view has no filter {name!r}")
        elif name in ENTITY_PAGES and not (root / ENTITY_PAGES[name] / f"{value}.html").is_file():
            problems.append(f"no {name} {value!r} in the report")
    return problems


def broken_links(root: Path) -> tuple[list[str], int]:
    """Every internal link that does not resolve, and how many internal links were checked."""
    cache: dict[Path, set[str]] = {}
    broken: list[str] = []
    checked = 0
    pages = sorted(root.rglob("*.html"))
    assert pages, f"no pages under {root}"
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "area", "link"], href=True):
            href = str(tag["href"])
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{page}: unexpected link {href}"
            checked += 1
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            where = f"{page.relative_to(root)} → {href}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
                continue
            if root.resolve() not in target.parents:
                broken.append(f"{where}: leaves the report")
                continue
            fragment = unquote(parts.fragment)
            if target.name == "statements.html" and "=" in fragment:  # a filter state of the statements view
                broken += [f"{where}: {problem}" for problem in state_problems(root, target, fragment)]
                continue
            if fragment and fragment not in page_ids(target, cache):
                broken.append(f"{where}: no element with id '{fragment}'")
        page_ids(page, cache)
    return broken, checked


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("links") / "site"
    build(policycmp.load(FIXTURE), out)
    return out


def test_fixture_report_links_resolve(fixture_site: Path) -> None:
    broken, checked = broken_links(fixture_site)
    assert not broken, "\n".join(broken)
    assert checked > 200


def test_committed_report_links_resolve() -> None:
    broken, checked = broken_links(REPO / "reports")
    assert not broken, "\n".join(broken[:30])
    assert checked > 1000


def test_checker_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<p id="x"></p><a href="#x">ok</a><a href="#nope">bad anchor</a><a href="b.html#y">bad file</a>'
        '<a href="a.html#x">ok</a><a href="https://example.org/">external</a>',
        encoding="utf-8",
    )
    broken, checked = broken_links(tmp_path)
    assert checked == 4
    assert broken == ["a.html → #nope: no element with id 'nope'", "a.html → b.html#y: no such file"]


def accessibility_problems(root: Path) -> list[str]:
    """Basic checks on every page: one h1, a language, a title, every link and table named."""
    problems: list[str] = []
    for page in sorted(root.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        rel = page.relative_to(root)
        if len(soup.find_all("h1")) != 1:
            problems.append(f"{rel}: {len(soup.find_all('h1'))} h1 elements")
        if soup.html is None or soup.html.get("lang") != "en" or not (soup.title and soup.title.get_text(strip=True)):
            problems.append(f"{rel}: missing lang or title")
        for link in soup.find_all("a", href=True):
            if not (link.get_text(strip=True) or link.get("aria-label")):
                problems.append(f"{rel}: link to {link['href']} has no accessible name")
        for table in soup.find_all("table"):
            if table.caption is None:
                problems.append(f"{rel}: a table without caption")
            if any(th.get("scope") is None for th in table.find_all("th")):
                problems.append(f"{rel}: a table header without scope")
    return problems


def test_fixture_report_accessibility_basics(fixture_site: Path) -> None:
    assert accessibility_problems(fixture_site) == []


def test_committed_report_accessibility_basics() -> None:
    assert accessibility_problems(REPO / "reports") == []
