"""The report's faster writers (issue #17, round 6) give byte for byte what they replaced.

``tests/report_reference.py`` keeps the code as it was at 4abe471 (where the round began) as the specification;
each writer is compared with it on the shipped corpus, the hostile report fixture and a small synthetic corpus,
and the highlighter on arbitrary texts and overlapping, split, empty and out-of-range spans.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

import policycmp
from policycmp.report.env import attribute, environment
from policycmp.report.pages import WaiverView, holder_page, seed_html
from policycmp.report.site import Site
from policycmp.report.stream import render_site
from policycmp.report.views import RecView
from tests.report_reference import (
    REFERENCE_OPTION_CHIP,
    lean_document_cards,
    lean_seed_html,
    reference_holder_theme,
    reference_rows_csv,
)
from tests.test_report_cards import corpus_of, synthetic_corpus, waivers_of


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> policycmp.Corpus:
    return synthetic_corpus(tmp_path_factory)


@pytest.mark.parametrize("which", ["fixture", "shipped", "synthetic"])
def test_highlighted_text_is_the_lean_writers_bytes_on_real_corpora(
    which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus
) -> None:
    corpus = corpus_of(which, shipped, synthetic)
    site = Site(corpus)
    marked = 0
    for doc_id, doc in corpus.documents.items():
        recs = site.recs_of_document.get(doc_id, [])
        waivers = waivers_of(site, doc_id)
        new = seed_html(doc.text, recs, waivers)
        assert new == lean_seed_html(doc.text, recs, waivers), doc_id
        marked += new.count("<mark ")
    assert marked > 0


@given(st.text(alphabet=st.sampled_from("ab <>&'\"\n’é;#0"), max_size=30))
def test_attribute_values_are_markupsafes_bytes(value: str) -> None:
    assert attribute(value) == str(escape(value))


def rec(key: str, number: int, stance: str, segments: tuple[tuple[int, int], ...]) -> RecView:
    """A statement with only what the highlighter reads set to something that varies."""
    return RecView(
        key, f"a{number}", number, "doc", "Doc", key, "h", "H", "", "t", "T", "o", "O", stance, "policy",
        None, None, None, (), "", segments,
    )


segment = st.tuples(st.integers(-3, 45), st.integers(-3, 45))
segments = st.lists(segment, min_size=0, max_size=3).map(tuple)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab <>&'\"\n’é"), max_size=40),
    coded=st.lists(st.tuples(st.sampled_from(["support", "oppose", "conditional"]), segments), max_size=6),
    waived=st.lists(st.tuples(st.sampled_from(["why", "<b>&"]), segments), max_size=3),
    duplicate=st.booleans(),
)
def test_highlighted_text_is_the_lean_writers_bytes_on_arbitrary_spans(
    text: str, coded: list[tuple[str, tuple[tuple[int, int], ...]]], waived: list[tuple[str, tuple[tuple[int, int], ...]]], duplicate: bool,
) -> None:
    recs = [rec(f"doc/r{n}", n, stance, segs) for n, (stance, segs) in enumerate(coded, start=1)]
    if duplicate and recs:  # two views of one key: the later one wins in both writers
        recs.append(rec(recs[0].key, len(recs) + 1, "oppose", ((0, 5),)))
    waivers = [WaiverView(f"waiver-{n}", n, reason, segs) for n, (reason, segs) in enumerate(waived, start=1)]
    assert seed_html(text, recs, waivers) == lean_seed_html(text, recs, waivers)


REFERENCES = {
    "policycmp.report.pages.seed_html": lean_seed_html,
    "policycmp.report.pages.document_cards": lean_document_cards,
    "policycmp.report.downloads.rows_csv": reference_rows_csv,
    "policycmp.report.downloads._holder_theme": reference_holder_theme,
}
"""Each faster writer of the report, by where it lives, and the code it replaced."""


@pytest.mark.parametrize("which", ["fixture", "shipped", "synthetic"])
def test_the_whole_site_is_the_reference_writers_bytes(
    which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_of(which, shipped, synthetic)
    new = render_site(corpus)
    for target, reference in REFERENCES.items():
        monkeypatch.setattr(target, reference)
    old = render_site(corpus)
    assert list(new) == list(old)
    assert [path for path in new if new[path] != old[path]] == []


@pytest.mark.parametrize("which", ["fixture", "shipped", "synthetic"])
def test_option_chips_of_holder_pages_are_the_old_macros_bytes(which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus) -> None:
    site = Site(corpus_of(which, shipped, synthetic))
    for holder_id in site.holders:
        page = holder_page(site, holder_id)
        context = {"links": page.context["links"], "option_labels": page.context["option_labels"]}
        macro = environment().from_string(REFERENCE_OPTION_CHIP).make_module(context).option_chip  # type: ignore[attr-defined]
        for option in site.corpus.options:
            for kind in ("oppose", "support", "conditional"):
                assert page.context["option_chip"](option, kind) == macro(option, kind, "other"), (holder_id, option, kind)
    assert site.holders
