"""The static report: page structure (parsed with BeautifulSoup), escaping, links, determinism, atomic builds.

The fixture corpus under tests/fixtures/report/basic is real YAML and seed text, loaded with
policycmp.load; it carries hostile text on purpose (script tags, attribute breakouts) in the
codebook, the document metadata, the recommendations and the seed itself.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

import policycmp
from policycmp.cli import main
from policycmp.corpus import Corpus
from policycmp.report import ReportError, build, build_theme_page, render_site
from policycmp.report.assets import CSS_FILE, DATA_FILE, JS_FILE, SITE_POLICY, assets
from policycmp.report.build import MARKER, write_site
from policycmp.report.downloads import DOWNLOADS, SINGLE_FORMAT, json_twin
from policycmp.report.env import environment, http_url
from policycmp.report.highlight import cut
from policycmp.report.urls import page_path
from policycmp.report.views import document_title, lead, short_anchors

FIXTURE = REPO / "tests" / "fixtures" / "report" / "basic"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return policycmp.load(FIXTURE)


@pytest.fixture(scope="module")
def site(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    build(corpus, out)
    return out


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(root: Path) -> Iterator[Path]:
    return iter(sorted(root.rglob("*.html")))


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


# --------------------------------------------------------------------------- site layout


def test_site_has_every_page(site: Path, corpus: Corpus) -> None:
    expected = {"index.html", MARKER}
    expected |= {f"documents/{d}.html" for d in corpus.documents}
    expected |= {f"holders/{h}.html" for h in corpus.holders}
    expected |= {f"themes/{t}.html" for t in corpus.themes}
    # every option gets a page, except a catch-all ('other') option no statement uses
    used = set(corpus.table["option"])
    expected |= {f"options/{o}.html" for o, option in corpus.options.items() if o in used or not option.catch_all}
    overview = [p for name, p in DOWNLOADS.items() if name != "positions" or corpus.codebook.dimensions]
    expected |= set(overview) | {json_twin(p) for name, p in DOWNLOADS.items() if p in overview and name not in SINGLE_FORMAT}
    expected |= {"statements.html", "search.html", "documents.html", CSS_FILE, JS_FILE, DATA_FILE}
    expected |= {f"dimensions/{d.id}.html" for d in corpus.codebook.dimensions}
    expected |= {f"downloads/themes/{t}.{ext}" for t in set(corpus.table["theme"]) for ext in ("csv", "json")}
    pages = set(tree_bytes(site))
    holders = {p for p in pages if p.startswith("downloads/holders/")}  # one per holder page with an agreement table
    assert holders and all(p.removeprefix("downloads/holders/").split("-agreement.")[0] in corpus.holders for p in holders)
    assert pages - holders == expected
    assert any(option.catch_all and o not in used for o, option in corpus.options.items())  # the fixture has such options


def test_unused_catch_all_options_get_no_page_no_row_and_no_link(site: Path, corpus: Corpus) -> None:
    used = set(corpus.table["option"])
    unused = {o for o, option in corpus.options.items() if option.catch_all and o not in used}
    assert unused
    for page in sorted(site.rglob("*.html")):
        hrefs = {a["href"].split("#")[0].rsplit("/", 1)[-1] for a in soup_of(page).find_all("a", href=True)}
        assert not {f"{o}.html" for o in unused} & hrefs, page
    force = soup_of(site / "themes" / "force.html")
    assert "force-other" in unused and force.find(id="o-force-other") is None
    assert "Not shown: the catch-all option" in force.find(id="options").find_next("p").get_text()


def test_every_page_shares_the_assets_under_a_strict_policy(site: Path) -> None:
    """Pages link the shared CSS and JS (relative to their depth) and nothing else; no inline style or script."""
    assert (site / CSS_FILE).read_text(encoding="utf-8") == str(assets().css)
    assert (site / JS_FILE).read_text(encoding="utf-8") == str(assets().js)
    for path in html_files(site):
        soup = soup_of(path)
        root = "../" * (len(path.relative_to(site).parts) - 1)
        assert [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")] == [root + CSS_FILE], path
        sources = [str(s.get("src")) for s in soup.find_all("script")]
        assert sources[-1] == root + JS_FILE, path
        assert set(sources) <= {root + JS_FILE, root + DATA_FILE}, path
        assert all(not (s.string or "").strip() for s in soup.find_all("script")), path
        assert soup.find_all("style") == [], path
        for tag in soup.find_all(src=True):
            assert str(tag["src"]).startswith(root + "assets/"), f"{path}: external resource {tag}"
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert isinstance(csp, Tag) and str(csp["content"]) == SITE_POLICY
        assert "unsafe-inline" not in SITE_POLICY and "default-src 'none'" in SITE_POLICY
        for tag in soup.find_all(href=True):
            href = str(tag["href"])
            assert not href.startswith("//"), f"{path}: protocol-relative link {href}"


# --------------------------------------------------------------------------- document pages


class SeedText(HTMLParser):
    """The text inside div.seed, leaving out the reference marks (a.ref, a.wref).

    A plain HTMLParser, because BeautifulSoup collapses whitespace-only text between two
    tags ("\n\n" becomes "\n"), which a browser keeps under white-space: pre-wrap.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if self.depth:
            self.depth += 1
            if self.skip or classes & {"ref", "wref"}:
                self.skip += 1
        elif tag == "div" and "seed" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.skip:
                self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def seed_text_of(path: Path) -> str:
    """The seed text shown on a document page (what a reader sees, reference marks left out)."""
    parser = SeedText()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.parts, f"{path}: no div.seed"
    return "".join(parser.parts)


def test_document_page_holds_the_whole_seed_text(site: Path, corpus: Corpus) -> None:
    for doc_id, doc in corpus.documents.items():
        assert seed_text_of(site / "documents" / f"{doc_id}.html") == doc.text


def test_every_recommendation_is_highlighted_and_linked_both_ways(site: Path, corpus: Corpus) -> None:
    count = 0
    for doc_id, doc in corpus.documents.items():
        page = soup_of(site / "documents" / f"{doc_id}.html")
        tokens = short_anchors([a.recommendation.id for a in doc.recommendations])
        for anchored in doc.recommendations:
            rec_id = anchored.recommendation.id
            key, token = f"{doc_id}/{rec_id}", tokens[rec_id]
            ref = page.find("a", id=f"t{token}")
            assert isinstance(ref, Tag) and ref["href"] == f"#r{token}", key
            card = page.find("li", id=f"r{token}")
            assert isinstance(card, Tag), key
            assert card.find("a", href=f"#t{token}") is not None, key
            assert card.find("blockquote") is None, "the quote lives in the text, not again on the card"
            marks = [m for m in page.select("div.seed mark") if token in str(m["data-keys"]).split()]
            highlighted = "".join(m.get_text() for m in marks)
            assert highlighted == "".join(doc.text[s:e] for s, e in anchored.segments), key
            # the reference mark sits right before the first highlighted piece
            following = ref.find_next_sibling("mark")
            assert following is not None and token in str(following["data-keys"]).split()
            count += 1
    assert count == 10


def test_shipped_document_pages_hold_their_seeds_verbatim(shipped: policycmp.Corpus, tmp_path: Path) -> None:
    build(shipped, tmp_path / "reports")
    for doc_id, doc in shipped.documents.items():
        path = tmp_path / "reports" / "documents" / f"{doc_id}.html"
        assert seed_text_of(path) == doc.text, doc_id
        page = soup_of(path)
        # one first mark per statement (id t<token>); a split quote adds a numbered mark per further part (t<token>-2 …)
        assert len([a for a in page.select("div.seed a.ref") if "-" not in str(a["id"])]) == len(doc.recommendations)
        assert len(page.select("div.seed a.wref")) == len(doc.waivers)


def test_waived_passages_are_shown_with_their_reason(site: Path) -> None:
    page = soup_of(site / "documents" / "alpha.html")
    item = page.find("li", id="u1")
    assert item is not None
    assert item.find("blockquote") is None, "the passage is in the text, marked u1"
    assert "Why not coded: Reported opinion, not a prescription <b>at all</b>." in item.get_text(" ", strip=True)
    assert item.find("a", href="#w1") is not None
    ref = page.find("a", id="w1")
    assert ref is not None and ref["href"] == "#u1"
    waived = ref.find_next_sibling("span", class_="waived")
    assert waived.get_text() == "Some say" and waived["data-keys"] == "u1"


def test_overlapping_quotes_share_a_darker_highlight(site: Path, corpus: Corpus) -> None:
    page = soup_of(site / "documents" / "alpha.html")
    tokens = short_anchors([a.recommendation.id for a in corpus.documents["alpha"].recommendations])
    marks = {m.get_text(): m for m in page.select("div.seed mark")}
    overlap = marks["this year is essential"]
    assert str(overlap["data-keys"]).split() == [tokens["talks-essential"], tokens["pause-ops"]]
    assert "d2" in overlap["class"]
    nested = marks["army should pause operations"]
    assert str(nested["data-keys"]).split() == [tokens["pause-ops"], tokens["pause-nested"]]
    # the ellipsis quote is highlighted in two pieces, the skipped words are not
    assert "The council should" in marks and "fund clinics & schools" in marks
    assert ", in short, " not in marks


def test_cut_handles_nesting_partial_overlap_and_gaps() -> None:
    text = "abcdefghij"
    pieces = cut(text, {"x": [(1, 6)], "y": [(4, 8)], "z": [(2, 3), (7, 9)]}, ["x", "y", "z"])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.keys, p.opens) for p in pieces] == [
        ("a", (), ()),
        ("b", ("x",), ("x",)),
        ("c", ("x", "z"), ("z",)),
        ("d", ("x",), ()),
        ("ef", ("x", "y"), ("y",)),
        ("g", ("y",), ()),
        ("h", ("y", "z"), ()),
        ("i", ("z",), ()),
        ("j", (), ()),
    ]
    assert cut("", {"x": [(0, 0)]}) == []


@given(
    text=st.text(min_size=0, max_size=60),
    raw=st.dictionaries(
        st.sampled_from(["a", "b", "c", "d"]),
        st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), min_size=1, max_size=3),
        max_size=4,
    ),
)
def test_cut_covers_exactly_the_segments(text: str, raw: dict[str, list[tuple[int, int]]]) -> None:
    pieces = cut(text, raw)
    assert "".join(p.text for p in pieces) == text
    for key, segments in raw.items():
        wanted = {i for s, e in segments for i in range(max(s, 0), min(e, len(text)))}
        covered = {p.start + i for p in pieces if key in p.keys for i in range(len(p.text))}
        assert covered == wanted
        opened = [p.start for p in pieces if key in p.opens]
        assert opened == ([min(wanted)] if wanted else [])  # one reference mark, where the quote starts


# --------------------------------------------------------------------------- escaping and links


HOSTILE = [
    'Dr. <script>alert("holder")</script> Evil',
    '"><img src=x onerror=alert(4)>',
    "<script>alert('seed')</script>",
    '"><img src=x onerror=alert(2)>',
    'Beta <b>Editorial</b> "><img src=x onerror=alert(3)>',
    'only while talks last </td><script>alert("cond")</script>',
    '<script>alert("notes")</script>',
    'The ministry <script>alert("actor")</script>',
    "Public services <em>& clinics</em>",
]


def test_hostile_text_is_shown_as_text_never_as_markup(site: Path) -> None:
    seen: set[str] = set()
    for path in html_files(site):
        soup = soup_of(path)
        assert soup.find("img") is None, path
        assert soup.find(["b", "em"]) is None, path
        assert all(str(s.get("src", "")).endswith((JS_FILE, DATA_FILE)) for s in soup.find_all("script")), path
        for tag in soup.find_all(True):
            assert not any(attr.lower().startswith("on") for attr in tag.attrs), f"{path}: {tag.name} has an event handler"
        text = soup.get_text()
        seen |= {h for h in HOSTILE if h in text}
    assert seen == set(HOSTILE)


def test_hostile_text_in_the_data_file_stays_inside_its_json(site: Path) -> None:
    """assets/data.js is one assignment of JSON whose <, > and & are escaped, so no text can end the script."""
    script = (site / DATA_FILE).read_text(encoding="utf-8")
    assert script.startswith("window.policycmpData = ") and script.endswith(";\n")
    assert not set("<>&") & set(script)
    data = json.loads(script.removeprefix("window.policycmpData = ").removesuffix(";\n"))
    labels = json.dumps(data, ensure_ascii=False)
    assert 'Dr. <script>alert(\\"holder\\")</script> Evil' in labels


def test_one_strict_autoescaping_environment_and_no_safe_filter() -> None:
    env = environment()
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    templates = REPO / "policycmp" / "report" / "templates"
    for path in sorted(templates.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", text), f"{path.name} marks something safe"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_links_from_data_are_http_only(corpus: Corpus, tmp_path: Path) -> None:
    assert http_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    assert http_url("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "//evil.example", "https://", " https://x.org",
                "https://x.org/\"onmouseover=alert(1)", "ftp://x.org", "vbscript:x", None, 3):
        assert http_url(bad) is None, bad
    # a URL that slipped past the schema (a model changed without validation) is still dropped
    doc = corpus.documents["alpha"]
    meta = doc.coded.document.model_copy(update={"url": "javascript:alert(1)"})
    hostile = Corpus(corpus.root, corpus.codebook, {**corpus.documents, "alpha": type(doc)(
        coded=doc.coded.model_copy(update={"document": meta}), path=doc.path, seed_path=doc.seed_path, text=doc.text,
        recommendations=doc.recommendations, waivers=doc.waivers)})
    files = render_site(hostile)
    page = BeautifulSoup(files["documents/alpha.html"].decode(), "html.parser")
    assert all(not str(a["href"]).lower().startswith("javascript") for a in page.find_all(href=True))
    assert "Source" not in [dt.get_text() for dt in page.find_all("dt")]
    beta = files["documents/beta.html"].decode()
    assert 'href="https://example.org/beta?a=1&amp;b=2"' in beta


# --------------------------------------------------------------------------- overview and matrices


def test_overview_summary_and_sections(site: Path) -> None:
    page = soup_of(site / "index.html")
    summary = page.find(id="summary")
    assert summary is not None
    assert summary.get_text(" ", strip=True) == (
        "2 documents, 5 holders and 10 recommendations on 3 of 4 themes (4 of 9 options)."
    )
    for anchor in ("disagree", "agree", "matrices", "agreement", "themes", "documents", "holders"):
        assert page.find(id=anchor) is not None, anchor


def test_contested_and_consensus_options_with_chips(site: Path) -> None:
    page = soup_of(site / "index.html")
    disagree = page.find(id="disagree").find_next("ul", class_="cards")
    cards = disagree.find_all("li", class_="card", recursive=False)
    assert [c.h3.get_text(strip=True) for c in cards] == ["Open talks with the rebels"]
    chips = {a.get_text(" ", strip=True): a["href"] for a in cards[0].select("a.chip")}
    assert chips == {
        "✓ Alpha Memo authors (support)": "options/open-talks.html#support--alpha-team",
        "✗ Beta editorial desk (oppose)": "options/open-talks.html#oppose--beta-desk",
    }
    agree = page.find(id="agree").find_next("ul", class_="cards")
    titles = [c.h3.get_text(strip=True) for c in agree.find_all("li", class_="card", recursive=False)]
    # conditional holders do not break a consensus (see policycmp.matrices.consensus); ties keep codebook order;
    # army operations has one position only: the observers' statement on it is a forecast, which takes no side
    assert titles == ["Fund clinics in every district", "Pause army operations during talks"]


def test_heatmap_cells_show_stance_by_colour_and_symbol(site: Path) -> None:
    page = soup_of(site / "index.html")
    table = page.find("table", id="holder-option")
    assert table is not None and table.caption is not None
    assert all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in table.find_all("th"))
    # one column group per theme, matching the theme header cells
    spans = [int(g.get("span", 1)) for g in table.find_all("colgroup")][1:]
    assert spans == [int(th["colspan"]) for th in table.select("thead th[scope=colgroup]")] == [1, 2, 1]
    rows = {tr.th.get_text(strip=True): tr for tr in table.find_all("tr", attrs={"data-holder-type": True})}
    evil = 'Dr. <script>alert("holder")</script> Evil'
    assert set(rows) == {"Alpha Memo authors", evil, "Beta editorial desk", "Observers", "The ministry"}
    header = [th.a["href"].removeprefix("options/").removesuffix(".html") for th in table.select("thead th.opt")]
    assert header == ["open-talks", "army-ops", "pause-operations", "fund-clinics"]

    def cell(holder: str, option: str) -> Tag:
        return rows[holder].find_all("td")[header.index(option)]

    talks = cell("Alpha Memo authors", "open-talks")
    assert talks["class"] == ["s-support", "first"]
    assert talks.a.get_text() == "✓"
    assert talks.a["href"] == "holders/alpha-team.html#o-open-talks"
    assert talks.a["aria-label"] == "Alpha Memo authors on Open talks with the rebels: support, 1 statement (2 quotes)"
    assert cell("Beta editorial desk", "open-talks").a.get_text() == "✗"
    assert cell('Dr. <script>alert("holder")</script> Evil', "pause-operations").a.get_text() == "~"
    expected = cell("Observers", "army-ops")
    assert expected.a.get_text() == "✓•" and "forecasts only" in expected.a["aria-label"]
    empty = cell("Observers", "open-talks")
    assert empty["class"] == ["empty", "first"] and empty.a is None and empty.get_text() == ""
    # every marked cell links somewhere, every empty cell does not
    for td in [td for body in table.find_all("tbody") for td in body.find_all("td")]:
        assert (td.a is not None) == ("empty" not in td["class"]) == td.has_attr("data-stances")


def test_theme_heatmap_counts_and_net_direction(site: Path) -> None:
    table = soup_of(site / "index.html").find("table", id="holder-theme")
    assert table is not None and table.caption is not None
    rows = {tr.th.get_text(strip=True): tr for tr in table.find_all("tr", attrs={"data-holder-type": True})}
    beta = [td.get_text() for td in rows["Beta editorial desk"].find_all("td")]
    assert beta == ["✗", "✓", "~"]
    alpha = rows["Alpha Memo authors"].find_all("td")
    assert alpha[0].get_text() == "✓" and alpha[1].get_text() == "✓" and alpha[2].get_text() == "✓"
    assert alpha[0].a["href"] == "holders/alpha-team.html#t-talks"


def test_coalitions_and_what_separates_them(site: Path) -> None:
    page = soup_of(site / "index.html")
    groups = {str(li["id"]): [a.get_text() for a in li.select("a.chip")] for li in page.select("ul.coalitions > li")}
    # the observers only forecast army operations, so they share no position with the beta desk: no coalition 2
    assert groups == {"coalition-1": ["Alpha Memo authors", "The ministry"]}
    loners = page.find(id="separating").find_previous("ul", class_="chips")
    assert [a.get_text() for a in loners.find_all("a")] == ['Dr. <script>alert("holder")</script> Evil', "Beta editorial desk"]
    lines = [li.get_text(" ", strip=True) for li in page.select("ul.separating li")]
    assert lines == ["Open talks with the rebels : ✓ coalition 1 +1.00 ✗ Beta editorial desk -1.00"]


def test_agreement_matrix_is_ordered_by_coalition_with_counts_and_no_links(site: Path) -> None:
    """The holder × holder matrix: blocks by coalition, = / ≠ counts per pair, one tab stop (no links or drawing inside)."""
    page = soup_of(site / "index.html")
    table = page.find("table", id="holder-holder")
    wrap = table.find_parent("div")
    assert wrap["tabindex"] == "0" and wrap["role"] == "region" and wrap["aria-labelledby"] == "holder-holder-caption"
    assert table.find_all(["a", "svg", "button", "input"]) == [] and table.select("[tabindex]") == []
    assert page.find(id="agreement").find_next("h2").find_previous("svg") is None
    blocks = {tb["id"]: [tr["data-holder"] for tr in tb.select("tr[data-holder]")] for tb in table.find_all("tbody")}
    assert blocks["block-1"] == ["alpha-team", "ministry-voice"]
    assert set(blocks["block-none"]) == {"beta-desk", "observers", "evil-doctor"}
    label = table.find(id="block-1").find("th", scope="rowgroup").get_text(" ", strip=True)
    assert label.startswith("Coalition 1, held together by ✓ Fund clinics in every district (2)") and "stays together in" in label
    columns = [th.get_text(strip=True) for th in table.thead.select("th.opt")]
    row = {tr["data-holder"]: tr for tr in table.select("tr[data-holder]")}["alpha-team"]
    cells = dict(zip(columns, row.find_all("td"), strict=True))
    assert "rel-self" in cells["Alpha Memo authors"]["class"]
    assert "rel-agree" in cells["The ministry"]["class"] and cells["The ministry"].find(class_="eq").get_text() == "=1"
    assert "rel-conflict" in cells["Beta editorial desk"]["class"] and cells["Beta editorial desk"].find(class_="ne").get_text() == "≠1"
    assert cells["Beta editorial desk"].find(class_="sr-only").get_text() == "0 agreements, 1 conflict"
    # a neutral treatment: no stance colour class anywhere in the matrix
    assert not any(c.startswith("s-") for td in table.find_all("td") for c in td.get("class", []))



def test_agreement_matrix_has_a_size_bound(monkeypatch: pytest.MonkeyPatch, corpus: Corpus, tmp_path: Path) -> None:
    """Its size grows with the square of the holders: above the bound the overview says so, the coalitions stay."""
    from policycmp.report import network

    monkeypatch.setattr(network, "MATRIX_LIMIT", 1)
    build(corpus, tmp_path / "site")
    page = soup_of(tmp_path / "site" / "index.html")
    assert page.find("table", id="holder-holder") is None
    assert "too many for a legible holder × holder matrix (it shows at most 1)" in page.find(id="agreement").find_next("p").get_text()
    assert page.find(id="coalition-1") is not None


def test_filters_are_progressive_enhancement(site: Path) -> None:
    page = soup_of(site / "index.html")
    form = page.find("form", class_="filters")
    assert form is not None and form.has_attr("hidden")
    assert {s["name"] for s in form.find_all("select")} == {"theme", "type", "stance"}
    assert [o["value"] for o in form.find("select", attrs={"name": "theme"}).find_all("option")] == ["", "talks", "force", "services"]


def test_option_page_sides(site: Path) -> None:
    page = soup_of(site / "options" / "fund-clinics.html")
    support = page.find("section", id="support")
    conditional = page.find("section", id="conditional")
    assert [h.get_text(" ", strip=True) for h in support.find_all("h3")] == [
        "Alpha Memo authors · author-team", "The ministry · government-body"]
    assert conditional.find(id="conditional--beta-desk") is not None
    assert "Condition: only if the rebels lay down their arms" in conditional.get_text(" ", strip=True)
    assert page.find("section", id="oppose").get_text(" ", strip=True).endswith("No one.")


def test_theme_page_side_by_side(site: Path) -> None:
    page = soup_of(site / "themes" / "force.html")
    table = page.find("table", class_="side")
    heads = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    # holders are grouped by type in the vocabulary's order (person, author-team, …), then by label
    assert heads == ["Option", 'Dr. <script>alert("holder")</script> Evil person', "Alpha Memo authors author-team",
                     "Observers anonymous-sources", "Beta editorial desk media-outlet"]
    rows = table.tbody.find_all("tr")
    assert [r["id"] for r in rows] == ["o-army-ops", "o-pause-operations"]  # the unused catch-all has no row
    quotes = [bq.get_text() for bq in rows[1].find_all("blockquote")]
    assert quotes == ["army should pause operations", "this year is essential, and the army should pause operations while talks last"]
    unused = soup_of(site / "themes" / "unused.html")
    assert "No one addresses this theme" in unused.get_text()


def test_holder_page_groups_by_theme_and_option(site: Path) -> None:
    page = soup_of(site / "holders" / "alpha-team.html")
    assert [s["id"] for s in page.select("section[id^=t-]")] == ["t-talks", "t-force", "t-services"]
    talks = page.find("section", id="o-open-talks")
    assert len(talks.find_all("article", class_="rec")) == 2
    relations = page.find(id="alignment").find_next("table")
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in relations.tbody.find_all("tr")]
    # both address open-talks and fund-clinics; opposite stances on open-talks; support vs conditional is neither
    assert rows[0] == ["Beta editorial desk", "2", "0", "1", "≠Open talks with the rebels(conflict)"]
    assert ["The ministry", "1", "1", "0", "=Fund clinics in every district(agreement)"] in rows
    chips = relations.tbody.find_all("tr")[0].select("a.chip")
    assert [a["href"] for a in chips] == ["../options/open-talks.html"]
    # agreement and conflict are a neutral treatment, never the stance colours (both holders may oppose an option)
    assert all("rel-conflict" in a["class"] and not any(c.startswith("s-") for c in a["class"]) for a in chips)
    assert all(not any(c.startswith("s-") for c in a["class"]) for a in relations.select("a.chip"))
    member = soup_of(site / "holders" / "ann-author.html")
    assert "No recommendations are coded for this holder." in member.get_text()
    assert member.find("a", href="../holders/alpha-team.html") is not None


def test_document_page_opens_with_metadata_and_source_then_text_beside_cards(site: Path, corpus: Corpus) -> None:
    """Defect 9: readable metadata and the source link first, no seed file name in the title, text before the cards."""
    for doc_id, doc in corpus.documents.items():
        page = soup_of(site / "documents" / f"{doc_id}.html")
        meta = doc.coded.document
        heading = page.h1.get_text()
        assert meta.seed not in heading and meta.seed not in page.title.get_text() and "Untitled" not in heading
        byline = page.find(class_="byline").get_text(" ", strip=True)
        assert str(meta.kind) in byline and (meta.outlet or "outlet not given") in byline
        assert (meta.date.isoformat() if meta.date else "undated") in byline
        link = page.find(class_="source-link")
        if meta.url:
            assert link.a["href"] == meta.url and link.a["rel"] == ["noopener", "noreferrer"]
        else:
            assert link is None
        # the text comes first (beside the cards on a wide screen, before them on a phone)
        layout = page.find(class_="doc-layout")
        assert [sec["class"][0] for sec in layout.find_all("section", recursive=False)] == ["doc-text", "doc-cards"]
        # every highlight takes the stance of its quotes ("mixed" where overlapping quotes differ)
        tokens = short_anchors([a.recommendation.id for a in doc.recommendations])
        stances = {tokens[a.recommendation.id]: str(a.recommendation.stance) for a in doc.recommendations}
        for mark in page.select("div.seed mark"):
            mine = {stances[k] for k in str(mark["data-keys"]).split() if k in stances}
            want = f"hl-{mine.pop()}" if len(mine) == 1 else "hl-mixed"
            assert want in mark["class"], mark


def test_untitled_documents_get_a_readable_title_from_metadata_and_opening(corpus: Corpus) -> None:
    def untitled(doc_id: str) -> str:
        doc = corpus.documents[doc_id]
        coded = doc.coded.model_copy(update={"document": doc.coded.document.model_copy(update={"title": None})})
        return document_title(dataclasses.replace(doc, coded=coded))

    # kind, outlet or authors, date, then the text's opening words; never "Untitled", the id or a seed file name
    assert untitled("alpha") == "Report, Ann Author, 2024-05-01: “Alpha Memo”"
    assert untitled("beta") == "Editorial, The Beta Times: “Beta Editorial”"  # undated
    assert lead(" date 2023-08-18 The US withdrawal from Afghanistan and the rapid takeover of Kabul in 2021") == (
        "The US withdrawal from Afghanistan and the rapid takeover of…")  # ten words
    assert lead("\n\n  \n") == ""
    assert document_title(corpus.documents["alpha"]) == "Alpha Memo"


def test_corpus_without_recommendations_still_builds(corpus: Corpus, tmp_path: Path) -> None:
    doc = corpus.documents["alpha"]
    bare = Corpus(corpus.root, corpus.codebook, {"alpha": dataclasses.replace(doc, recommendations=())})
    build(bare, tmp_path / "site")
    overview = soup_of(tmp_path / "site" / "index.html")
    assert "No recommendations are coded yet." in overview.get_text()
    assert overview.find("table") is None and overview.find("svg") is None
    page = soup_of(tmp_path / "site" / "documents" / "alpha.html")
    assert seed_text_of(tmp_path / "site" / "documents" / "alpha.html") == doc.text and page.find("mark") is None
    assert "No recommendations are coded in this document." in page.get_text()


# --------------------------------------------------------------------------- single file


def test_single_file_theme_page_stands_alone(corpus: Corpus) -> None:
    html = build_theme_page(corpus, "talks")
    soup = BeautifulSoup(html, "html.parser")
    assert all(str(a["href"]).startswith("#") for a in soup.find_all(href=True))
    assert soup.find("style") is not None and soup.find(src=True) is None
    quotes = [bq.get_text() for bq in soup.find_all("blockquote")]
    assert quotes == ["The council must open talks with the rebels", "Opening talks with the rebels this year is essential",
                      "the council must not open talks"]
    with pytest.raises(policycmp.PolicycmpError, match=r"no theme 'nope'.*force, services, talks, unused"):
        build_theme_page(corpus, "nope")


def test_cli_single_file(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "brief.html"
    result = runner.invoke(main, ["report", "--root", str(FIXTURE), "--theme", "services", "--format", "single-file", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Public services &lt;em&gt;&amp; clinics&lt;/em&gt;" in out.read_text(encoding="utf-8")
    missing = runner.invoke(main, ["report", "--root", str(FIXTURE), "--format", "single-file"])
    assert missing.exit_code == 2 and "needs --theme" in missing.output
    unknown = runner.invoke(main, ["report", "--root", str(FIXTURE), "--theme", "nope", "--format", "single-file", "--out", str(out)])
    assert unknown.exit_code == 2 and "no theme 'nope'" in unknown.output and "Traceback" not in unknown.output


# --------------------------------------------------------------------------- determinism


def test_same_corpus_gives_identical_bytes(corpus: Corpus, site: Path) -> None:
    again = render_site(policycmp.load(FIXTURE))
    assert again == tree_bytes(site)
    assert render_site(corpus) == again


def test_identical_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "policycmp", "report", "--root", str(FIXTURE), "--out", str(out)],
                       check=True, env=env, capture_output=True)
        outs.append(tree_bytes(out))
    assert outs[0] == outs[1]


# --------------------------------------------------------------------------- atomic builds


def test_rebuild_swaps_the_whole_directory(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = build(corpus, out)
    # 9 options less 4 unused catch-alls
    assert result.pages == {
        "overview": 1, "documents": 2, "holders": 6, "themes": 4, "options": 5, "statements": 1, "search": 1, "document list": 1,
    }
    (out / "stale.html").write_text("left over from an old build")
    build(corpus, out)
    assert not (out / "stale.html").exists()
    assert leftovers(tmp_path, "reports") == []
    assert oct(out.stat().st_mode & 0o777) == "0o755"


def test_failed_write_leaves_previous_report_untouched(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    build(corpus, out)
    before = tree_bytes(out)
    files = render_site(corpus)
    files["index.html/impossible.html"] = b"a file where index.html, a file, would have to be a directory"
    with pytest.raises(ReportError, match=r"could not write the report .* the previous report is unchanged"):
        write_site(files, out)
    assert tree_bytes(out) == before
    assert leftovers(tmp_path, "reports") == []


def test_failed_render_leaves_previous_report_untouched(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    build(corpus, out)
    before = tree_bytes(out)
    # a corpus that bypassed the loader: a recommendation on an option the codebook does not have
    doc = corpus.documents["beta"]
    ghost = doc.recommendations[0]
    broken_rec = dataclasses.replace(ghost, recommendation=ghost.recommendation.model_copy(update={"option": "ghost-option"}))
    broken = Corpus(corpus.root, corpus.codebook,
                    {**corpus.documents, "beta": dataclasses.replace(doc, recommendations=(broken_rec, *doc.recommendations[1:]))})
    with pytest.raises(ReportError, match=r"could not be rendered \(KeyError: 'ghost-option'\); the previous report is unchanged"):
        build(broken, out)
    assert tree_bytes(out) == before
    assert leftovers(tmp_path, "reports") == []


def test_stale_build_directories_of_killed_builds_are_removed(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    build(corpus, out)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    pid = int(dead.stdout)  # a process that has exited: its directories are abandoned
    for name in (f".reports.building-{pid}-abc123", f".reports.old-{pid}-def456"):
        (tmp_path / name / "documents").mkdir(parents=True)
        (tmp_path / name / "index.html").write_text("half a report")
    alive = tmp_path / f".reports.building-{os.getpid()}-inprogress"  # a build still running (this process)
    alive.mkdir()
    other = tmp_path / ".reports-notes.building-1-x"  # not ours: another directory's name
    other.mkdir()
    build(corpus, out)
    assert leftovers(tmp_path, "reports") == [alive.name]
    assert other.is_dir()


def test_rebuild_never_takes_the_report_away(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux the new report is exchanged with the old one in one step: at no instant is there no reports/."""
    out = tmp_path / "reports"
    build(corpus, out)
    (out / "stale.html").write_text("old")
    moved: list[str] = []
    real_rename = Path.rename

    def watch(self: Path, target: str | os.PathLike[str]) -> Path:
        moved.append(Path(self).name)
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", watch)
    build(corpus, out)
    assert "reports" not in moved  # the old report was never renamed aside
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert leftovers(tmp_path, "reports") == []


def test_corpus_report_from_a_notebook(corpus: Corpus, tmp_path: Path) -> None:
    site = corpus.report(tmp_path / "site")
    assert tree_bytes(site) == render_site(corpus)
    brief = corpus.report(tmp_path / "brief.html", theme="force")
    assert brief.read_text(encoding="utf-8") == build_theme_page(corpus, "force")
    narrowed = corpus.filter(holder="beta-desk").report(tmp_path / "beta")
    assert sorted(p.name for p in (narrowed / "holders").iterdir()) == sorted(p.name for p in (site / "holders").iterdir())
    assert len(soup_of(narrowed / "index.html").select("table#holder-option tbody tr[data-holder-type]")) == 1
    with pytest.raises(policycmp.PolicycmpError, match="no theme 'nope'"):
        corpus.report(tmp_path / "x.html", theme="nope")


def test_never_writes_outside_the_report(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a slug"):
        page_path("documents", "../../etc/passwd")
    out = tmp_path / "reports"
    with pytest.raises(ReportError, match="outside the report directory"):
        write_site({"index.html": b"ok", "../escaped.html": b"evil"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_cli_failing_corpus_exits_nonzero_and_keeps_report(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    out = tmp_path / "reports"
    runner = CliRunner()
    ok = runner.invoke(main, ["report", "--root", str(root), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    # 20 pages (no page for the 4 unused catch-alls), marker, 3 assets; the statements CSV; CSV + JSON of 2 overview
    # tables, 3 themes, 4 holders
    assert "wrote 44 files" in ok.output
    before = tree_bytes(out)
    broken = root / "recommendations" / "beta.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("option: army-ops", "option: no-such-option"), encoding="utf-8")
    failed = runner.invoke(main, ["report", "--root", str(root), "--out", str(out)])
    assert failed.exit_code == 1
    assert "recommendations/beta.yaml:" in failed.output and "no-such-option" in failed.output
    assert "Traceback" not in failed.output
    assert tree_bytes(out) == before
    assert leftovers(tmp_path, "reports") == []


def test_refuses_to_replace_a_directory_that_is_not_a_report(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = CliRunner().invoke(main, ["report", "--root", str(FIXTURE), "--out", str(precious)])
    assert result.exit_code == 2
    assert "is not a policycmp report" in result.output
    assert (precious / "thesis.txt").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


# --------------------------------------------------------------------------- the committed report


def test_a_corpus_change_shows_in_exactly_the_pages_that_show_it(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    before = render_site(policycmp.load(root))
    beta = root / "recommendations" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace(
        "conditions: only if the rebels lay down their arms", "conditions: only if the rebels disarm first"), encoding="utf-8")
    after = render_site(policycmp.load(root))
    changed = sorted(path for path in before if before[path] != after[path])
    # the recommendation appears on its document, its holder's, its theme's and its option's page; the theme's
    # download counts statements and the statements download has no conditions (the export has), so they stay as they were
    assert changed == ["documents/beta.html", "holders/beta-desk.html", "options/fund-clinics.html", "themes/services.html"]


# The committed reports/ is rebuilt by the main-branch workflow; `policycmp report --check` (tests/test_contrib_report.py)
# names stale files there. Pull requests do not touch reports/, so no test here compares it with the corpus.
