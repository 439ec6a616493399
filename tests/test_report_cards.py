"""The lean document page (issue #17) shows readers exactly what the template-rendered page showed.

The cards and passages left uncoded, now written by :mod:`policycmp.report.cards`, and the highlighted text,
now escaped with :func:`~policycmp.report.env.text_node`, are compared with the code they replaced
(``tests/report_reference.py``) on the shipped corpus, the hostile report fixture and a small synthetic corpus:
same ids, same stance, same text, same links; the seed HTML is byte for byte the old one but for the quotes
that no longer need escaping between tags.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st

import policycmp
from policycmp.report.cards import brief_card, document_cards, waiver_items
from policycmp.report.env import environment, text_node
from policycmp.report.pages import WaiverView, seed_html
from policycmp.report.site import Site
from policycmp.report.urls import Links, page_path
from tests.report_reference import REFERENCE_BRIEF, REFERENCE_CARDS, reference_seed_html

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "basic"


def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> policycmp.Corpus:
    """A 20-document synthetic corpus (:mod:`policycmp.synth`), loaded (shared with ``test_report_equivalence``)."""
    from policycmp.synth import generate

    root = tmp_path_factory.mktemp("synth") / "corpus"
    generate(20, root)
    return policycmp.load(root)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> policycmp.Corpus:
    return synthetic_corpus(tmp_path_factory)


def corpus_of(which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus) -> policycmp.Corpus:
    return {"shipped": shipped, "synthetic": synthetic}.get(which) or policycmp.load(FIXTURE)


def waivers_of(site: Site, doc_id: str) -> list[WaiverView]:
    loaded = site.corpus.documents[doc_id]
    ordered = sorted(loaded.waivers, key=lambda w: (w.segments, w.waiver.reason))
    return [WaiverView(f"waiver-{n}", n, w.waiver.reason, w.segments) for n, w in enumerate(ordered, start=1)]


def items(markup: str) -> list[tuple[str, list[str], str, list[tuple[str, str]]]]:
    """Each ``li``: its id, its stance classes, its text and its links (href, text)."""
    soup = BeautifulSoup(markup, "html.parser")
    out = []
    for li in soup.find_all("li"):
        assert isinstance(li, Tag)
        stances = sorted(c for c in li.get("class", []) if c.startswith("s-"))
        links = [(str(a["href"]), a.get_text()) for a in li.find_all("a")]
        out.append((str(li["id"]), stances, li.get_text(), links))
    return out


@pytest.mark.parametrize("which", ["fixture", "shipped", "synthetic"])
def test_cards_and_uncoded_passages_say_what_the_template_said(which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus) -> None:
    corpus = corpus_of(which, shipped, synthetic)
    site = Site(corpus)
    reference = environment().from_string(REFERENCE_CARDS)
    compared = 0
    for doc_id in site.documents:
        recs = site.recs_of_document.get(doc_id, [])
        waivers = waivers_of(site, doc_id)
        links = Links(page_path("documents", doc_id))
        old = reference.render(recs=recs, waivers=waivers, links=links)
        new = f"<ol>{document_cards(recs, links)}</ol><ol>{waiver_items(waivers)}</ol>"
        assert items(new) == items(old), doc_id
        compared += len(recs) + len(waivers)
    assert compared > 0


@pytest.mark.parametrize("which", ["fixture", "shipped", "synthetic"])
def test_highlighted_text_is_the_old_html_with_quotes_unescaped(which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus) -> None:
    corpus = corpus_of(which, shipped, synthetic)
    site = Site(corpus)
    for doc_id, doc in corpus.documents.items():
        recs = site.recs_of_document.get(doc_id, [])
        waivers = waivers_of(site, doc_id)
        old = str(reference_seed_html(doc.text, recs, waivers))
        new = str(seed_html(doc.text, recs, waivers))
        assert new == old.replace("&#39;", "'").replace("&#34;", '"'), doc_id


@given(st.text(alphabet=st.sampled_from("ab<>&'\"; #x0123\n\r\t\u00a0’é"), max_size=60))
def test_text_node_keeps_the_text_and_opens_no_markup(value: str) -> None:
    written = str(text_node(value))
    assert "<" not in written and ">" not in written
    assert html.unescape(written) == value
    # between tags, a parser reads the same text as from the old escaper's output (bs4 has its own ways with
    # whitespace-only strings and carriage returns, whatever escaped them)
    parsed = BeautifulSoup(f"<p>{written}</p>", "html.parser").p
    assert parsed is not None and parsed.get_text() == BeautifulSoup(f"<p>{html.escape(value)}</p>", "html.parser").get_text()
    assert "\r" in value or not value.strip() or parsed.get_text() == value


@pytest.mark.parametrize("which", ["fixture", "synthetic"])
def test_data_file_names_each_statement_by_index_and_keeps_its_quote(
    which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus
) -> None:
    import json

    from policycmp.report.statements import DATA_GLOBAL, STATEMENT_FIELDS, data_script

    site = Site(corpus_of(which, shipped, synthetic))
    script = data_script(site).decode("utf-8")
    data = json.loads(script.removeprefix(f"window.{DATA_GLOBAL} = ").removesuffix(";\n"))
    assert data["fields"] == list(STATEMENT_FIELDS)
    for name in ("stances", "kinds", "strengths"):
        assert data[name] == sorted(set(data[name])), name  # each value once
    decoded = [
        (data["documents"][d][0], data["holders"][h][0], data["options"][o][0],
         data["stances"][s], data["kinds"][k], data["strengths"][g], a, q)
        for d, h, o, s, k, g, a, q in data["statements"]
    ]
    assert decoded == [(r.document, r.holder, r.option, r.stance, r.kind, r.strength or "", r.anchor, r.quote) for r in site.recs]


@pytest.mark.parametrize("which", ["fixture", "shipped", "synthetic"])
def test_brief_cards_are_the_template_macros_bytes(which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus) -> None:
    site = Site(corpus_of(which, shipped, synthetic))
    macro = environment().from_string(REFERENCE_BRIEF).module.rec_brief  # type: ignore[attr-defined]
    pages = [Links("holders/x.html"), Links("index.html"), Links("themes/x.html", standalone=True)]
    for r in site.recs:
        for links in pages:
            assert str(brief_card(r, links)) == str(macro(r, links)), (r.key, links)
    assert site.recs


def test_derived_provenance_is_the_exports_without_the_checksum(shipped: policycmp.Corpus) -> None:
    from policycmp.exports.provenance import provenance

    site = Site(shipped)
    full = provenance(shipped, normalise=site.options.normalise, duplicates=site.options.duplicates)
    assert "corpus_sha256" in full
    assert site.derived_provenance == {k: v for k, v in full.items() if k != "corpus_sha256"}
    assert list(site.derived_provenance) == [k for k in full if k != "corpus_sha256"]  # same order in the JSON
