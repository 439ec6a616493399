"""The report at scale (issue #17): the fast paths give exactly what the straightforward code gave.

Each fast path is compared with a reference kept here as the specification: the highlighter's sweep
against the per-piece scan it replaced (on the shipped corpus, a small synthetic corpus and arbitrary
spans), the recommendation views built column by column against the row-dict version, and the short
anchors against their definition. No timing here: the numbers are in ``benchmarks/README.md``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from itertools import pairwise

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycmp
from policycmp.data import CorpusData
from policycmp.report import highlight
from policycmp.report.highlight import Piece, Segment
from policycmp.report.site import Site
from policycmp.report.views import RecView, document_title, quote_text, short_anchors
from policycmp.table import split_list


def reference_cut(text: str, spans: Mapping[str, Sequence[Segment]], order: Sequence[str] | None = None) -> list[Piece]:
    """The highlighter before issue #17: every piece scans every key's segments."""
    rank = {key: i for i, key in enumerate(order if order is not None else sorted(spans))}
    clipped: dict[str, list[Segment]] = {}
    for key, segments in spans.items():
        kept = [(max(0, s), min(len(text), e)) for s, e in segments]
        kept = [(s, e) for s, e in kept if s < e]
        if kept:
            clipped[key] = sorted(kept)
    cuts = {0, len(text)}
    for segments in clipped.values():
        for s, e in segments:
            cuts.update((s, e))
    bounds = sorted(cuts)
    first = {key: segments[0][0] for key, segments in clipped.items()}
    starts: dict[int, list[tuple[str, int, int]]] = {}
    for key, segments in clipped.items():
        if len(segments) > 1:
            for n, (s, _) in enumerate(segments, start=1):
                starts.setdefault(s, []).append((key, n, len(segments)))
    pieces: list[Piece] = []
    for a, b in pairwise(bounds):
        if a >= b:
            continue
        keys = [key for key, segments in clipped.items() if any(s <= a and b <= e for s, e in segments)]
        opens = [key for key in keys if first[key] == a]
        keys.sort(key=lambda k: (rank.get(k, len(rank)), k))
        opens.sort(key=lambda k: (rank.get(k, len(rank)), k))
        parts = sorted(starts.get(a, []), key=lambda p: (rank.get(p[0], len(rank)), p[0]))
        pieces.append(Piece(text=text[a:b], start=a, keys=tuple(keys), opens=tuple(opens), parts=tuple(parts)))
    return pieces


def reference_recommendations(corpus: CorpusData, table: pd.DataFrame) -> list[tuple[object, ...]]:
    """The views' fields as the row-dict version (``to_dict("records")``) built them, anchors aside."""
    actors = {a.id: a.label for a in corpus.codebook.actors}
    titles = {d: document_title(doc) for d, doc in corpus.documents.items()}
    out: list[tuple[object, ...]] = []
    numbers: dict[str, int] = {}

    def text(value: object) -> str | None:
        return value if isinstance(value, str) and value else None

    for row in table.to_dict("records"):
        doc_id = str(row["document"])
        numbers[doc_id] = numbers.get(doc_id, 0) + 1
        segments = tuple((int(s), int(e)) for s, e in row["segments"])
        out.append((
            str(row["key"]), numbers[doc_id], doc_id, titles[doc_id], str(row["rec_id"]), str(row["holder"]), str(row["holder_label"]),
            text(row["holder_type"]) or "", str(row["theme"]), str(row["theme_label"]), str(row["option"]), str(row["option_label"]),
            str(row["stance"]), str(row["kind"]), text(row["strength"]), text(row["conditions"]), text(row["note"]),
            tuple(actors.get(a, a) for a in split_list(row["actors"])), quote_text(corpus.documents[doc_id].text, segments), segments,
        ))
    return out


def fields(r: RecView) -> tuple[object, ...]:
    return (r.key, r.number, r.document, r.document_title, r.rec_id, r.holder, r.holder_label, r.holder_type, r.theme, r.theme_label,
            r.option, r.option_label, r.stance, r.kind, r.strength, r.conditions, r.note, r.actors, r.quote, r.segments)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> policycmp.Corpus:
    from policycmp.synth import generate

    root = tmp_path_factory.mktemp("synth") / "corpus"
    generate(20, root)
    return policycmp.load(root)


def corpus_spans(corpus: CorpusData, site: Site) -> list[tuple[str, dict[str, tuple[Segment, ...]], list[str]]]:
    """For each document: its text, the spans the document page highlights, and their order."""
    out = []
    for doc_id, doc in corpus.documents.items():
        recs = site.recs_of_document.get(doc_id, [])
        spans = {r.key: r.segments for r in recs} | {f"waiver-{n}": w.segments for n, w in enumerate(doc.waivers, start=1)}
        out.append((doc.text, spans, [r.key for r in recs] + [f"waiver-{n}" for n in range(1, len(doc.waivers) + 1)]))
    return out


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_highlighting_and_views_equal_the_reference_on_real_corpora(
    which: str, shipped: policycmp.Corpus, synthetic: policycmp.Corpus,
) -> None:
    corpus = shipped if which == "shipped" else synthetic
    site = Site(corpus)
    assert [fields(r) for r in site.recs] == reference_recommendations(corpus, site.table)
    assert site.recs
    for text, spans, order in corpus_spans(corpus, site):
        assert highlight.cut(text, spans, order) == reference_cut(text, spans, order)


segment = st.tuples(st.integers(-3, 40), st.integers(-3, 40))


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=40),
    spans=st.dictionaries(st.sampled_from("abcdefg"), st.lists(segment, max_size=4), max_size=6),
    ordered=st.booleans(),
)
def test_highlighting_equals_the_reference_on_arbitrary_spans(text: str, spans: dict[str, list[Segment]], ordered: bool) -> None:
    order = sorted(spans, reverse=True)[:3] if ordered else None
    pieces = highlight.cut(text, spans, order)
    assert pieces == reference_cut(text, spans, order)
    assert "".join(p.text for p in pieces) == text


def test_anchors_are_short_distinct_and_depend_only_on_the_ids() -> None:
    ids = [f"rec-{i}" for i in range(3000)]  # enough for 4-hex-digit prefixes to collide
    anchors = short_anchors(ids)
    assert len(set(anchors.values())) == len(ids)
    assert anchors == short_anchors(reversed(ids))
    for rec_id, anchor in anchors.items():
        assert hashlib.sha1(rec_id.encode()).hexdigest().startswith(anchor)
        assert len(anchor) >= 4
    assert {len(a) for a in anchors.values()} != {4}, "colliding prefixes are lengthened"
    assert all(len(a) == 4 for a in short_anchors(["only-one", "and-another"]).values())
    tokens = sorted(anchors.values())
    assert not any(b.startswith(a) for a, b in pairwise(tokens)), "no anchor is the start of another"


def test_anchors_stay_when_other_statements_come_and_go(shipped: policycmp.Corpus) -> None:
    site = Site(shipped)
    for doc_id, recs in site.recs_of_document.items():
        ids = [r.rec_id for r in recs]
        fewer = short_anchors(ids[1:])
        assert all(fewer[i] == r.anchor for i, r in zip(ids[1:], recs[1:], strict=True) if len(r.anchor) == 4), doc_id


def test_short_anchors_of_the_shipped_report_are_page_scoped(shipped: policycmp.Corpus) -> None:
    site = Site(shipped)
    for recs in site.recs_of_document.values():
        anchors = [r.anchor for r in recs]
        assert len(set(anchors)) == len(anchors)
        assert all(len(a) <= 8 for a in anchors)


def reference_frame_csv(frame: pd.DataFrame) -> bytes:
    """``frame_csv`` before issue #17: every cell of every column through ``Series.map``."""
    from policycmp.exports.tables import neutralise

    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return str(out.to_csv(index=False, lineterminator="\n")).encode("utf-8")


cell_text = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["=1+1", "+x", "-3", "@a", "'q", "plain"]))


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(cell_text, min_size=1, max_size=8), numbers=st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_csv_downloads_equal_the_reference(texts: list[str | None], numbers: list[int]) -> None:
    from policycmp.report.downloads import frame_csv

    n = len(texts)
    frame = pd.DataFrame({
        "text": texts,
        "arrow": pd.array(texts, dtype="string[pyarrow]"),
        "n": numbers[:n],
        "x": [v / 4 for v in numbers[:n]],
        "flag": [v > 0 for v in numbers[:n]],
    })
    assert frame_csv(frame) == reference_frame_csv(frame)


def test_entity_pages_are_bounded_and_lead_to_every_statement(synthetic: policycmp.Corpus) -> None:
    """Holder, option and theme pages show at most SHOWN statements a group, and a group with more links to the
    statements view filtered to exactly that group, saying how many there are."""
    from bs4 import BeautifulSoup

    from policycmp.report.build import render_site
    from policycmp.report.pages import SHOWN

    files = render_site(synthetic)
    table = synthetic.table
    capped = 0
    for path, data in files.items():
        if not path.startswith(("holders/", "options/", "themes/")):
            continue
        page = BeautifulSoup(data.decode("utf-8"), "html.parser")
        groups = page.select("section.option-group, section.stance-col > section, table.side td")
        assert groups or "No " in page.get_text(), path
        for group in groups:
            assert len(group.select("article.rec")) <= SHOWN, path
            more = group.select_one("p.more a")
            if more is None:
                continue
            state = dict(part.split("=") for part in str(more["href"]).split("#", 1)[1].split("&"))
            rows = table
            for name, value in state.items():
                rows = rows.loc[rows[name] == value]
            assert len(group.select("article.rec")) == SHOWN < len(rows), (path, state)
            assert f"All {len(rows)} statements" in more.get_text(), (path, state)
            capped += 1
    assert capped, "a synthetic corpus of 20 documents has groups of more than SHOWN statements"
