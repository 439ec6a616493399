"""Plots: SVG that shows in Jupyter and saves to a file, with the report's marks, escaped text and the provisional positions by hand."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from alignment_fixtures import make_codebook, make_corpus, make_document, rec, small_corpus

from policycmp.corpus import Corpus
from policycmp.errors import UsageError
from policycmp.models import Codebook
from policycmp.report.charts import Chart, official_positions
from policycmp.vocabulary import CELL

SVG = "{http://www.w3.org/2000/svg}"


def with_dimension() -> Codebook:
    """The fixture codebook with one dimension: talks (negotiate, ceasefire) against force (crackdown, strike)."""
    data: dict[str, Any] = make_codebook().model_dump(mode="json", exclude_none=True)
    data["dimensions"] = [
        {"id": "approach", "label": "Talks or force", "definition": "how to deal with the militants",
         "poles": [{"id": "talk", "label": "Talk <first>"}, {"id": "fight", "label": "Fight"}]}
    ]
    for theme in data["themes"]:
        for option in theme["options"]:
            pole = {"negotiate": "talk", "ceasefire": "talk", "crackdown": "fight", "strike": "fight"}.get(option["id"])
            if pole:
                option["poles"] = [{"dimension": "approach", "pole": pole}]
    return Codebook.model_validate(data)


def dimension_corpus() -> Corpus:
    return make_corpus(
        [
            make_document("d1", [rec("ann", "negotiate", "support"), rec("ann", "crackdown", "oppose"),  # 2 towards talk
                                 rec("bob", "negotiate", "oppose"), rec("bob", "strike", "support"),  # 2 towards fight
                                 rec("bob", "ceasefire", "support"),  # 1 towards talk
                                 rec("cat", "negotiate", "conditional"), rec("cat", "cooperate-us", "support")]),  # no side
        ],
        codebook=with_dimension(),
    )


def parsed(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart._repr_svg_())
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title") is not None
    return root


def test_chart_positions_by_hand() -> None:
    found = official_positions(dimension_corpus()).set_index("holder")
    assert sorted(found.index) == ["ann", "bob"]  # cat took no side on a pole option
    assert found.loc["ann", "n"] == 2
    assert found.loc["ann", "position"] == -1.0
    assert found.loc["bob", "n"] == 3
    assert found.loc["bob", "position"] == pytest.approx(1 / 3)


def test_every_plot_is_svg_with_a_text_twin() -> None:
    corpus = small_corpus()
    for chart in (corpus.plot_stances(), corpus.plot_positions(), corpus.plot_agreement(), corpus.plot_agreement(network=True),
                  corpus.plot_contested()):
        parsed(chart)
        assert repr(chart).startswith(chart.title) and "\n" in repr(chart)


def test_heatmap_marks_each_cell_like_the_matrix() -> None:
    corpus = small_corpus()
    m = corpus.matrix("holder", "option")
    root = parsed(corpus.plot_stances())
    cells = root.findall(f"{SVG}g")
    assert len(cells) == m.size
    colours = CELL.colours()
    for group in cells:
        title = group.findtext(f"{SVG}title") or ""
        state = title.rsplit(": ", 1)[1]
        assert group.find(f"{SVG}rect").get("fill") == (colours.get(state) or "#ffffff")  # type: ignore[union-attr]
        mark = group.findtext(f"{SVG}text")
        assert (mark is None) == (state == "none")


def test_positions_chart_draws_one_bar_per_placed_holder() -> None:
    root = parsed(dimension_corpus().plot_positions())
    bars = [g for g in root.findall(f"{SVG}g") if g.find(f"{SVG}rect") is not None]
    assert [g.findtext(f"{SVG}title") for g in bars] == [
        "ANN: position -1.00 on Talks or force (n = 2)",
        "BOB: position +0.33 on Talks or force (n = 3)",
    ]
    assert "← Talk <first>" in ET.tostring(root, encoding="unicode").replace("&lt;", "<").replace("&gt;", ">")


def test_agreement_matrix_is_ordered_by_coalition() -> None:
    corpus = small_corpus()
    found = corpus.coalitions()
    root = parsed(corpus.plot_agreement())
    boxes = [r for r in root.findall(f"{SVG}rect") if r.get("fill") == "none"]
    assert len(boxes) == len(found.groups)
    labels = [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    expected = [corpus.holders[h].label for group in found.groups for h in sorted(group)]
    assert labels[: len(expected)] == expected


def test_agreement_matrix_tells_agreement_from_conflict_without_colour() -> None:
    """Agreement and conflict share the neutral relation greys, so each cell also carries a pattern and a symbol."""
    corpus = small_corpus()
    net = corpus.agreement(measure="net")
    root = parsed(corpus.plot_agreement())
    hatch = root.find(f".//{SVG}pattern")
    assert hatch is not None
    cells = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    marks = [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
    conflict = [r for r in cells if r.get("fill") == f"url(#{hatch.get('id')})"]
    values = net.to_numpy(dtype="float64")
    off_diagonal = [float(values[i, j]) for i in range(len(net)) for j in range(len(net)) if i != j]
    assert len(conflict) == marks.count("≠") == sum(v < 0 for v in off_diagonal) > 0
    assert marks.count("=") == sum(v > 0 for v in off_diagonal) > 0
    assert all("net agreement -" in str(r.find(f"{SVG}title").text) for r in conflict)


def test_hostile_labels_are_escaped() -> None:
    codebook = make_codebook(holders={"ann": {"type": "person"}, "bob": {"type": "person"}})
    data = codebook.model_dump(mode="json", exclude_none=True)
    data["holders"][0]["label"] = '<script>alert("x")</script> & co'
    corpus = make_corpus([make_document("d1", [rec("ann", "negotiate", "support"), rec("bob", "negotiate", "oppose")])],
                         codebook=Codebook.model_validate(data))
    for chart in (corpus.plot_stances(), corpus.plot_agreement(), corpus.plot_agreement(network=True), corpus.plot_contested()):
        root = parsed(chart)  # well-formed XML: nothing broke out
        assert root.find(f".//{SVG}script") is None and "<script>" not in chart.svg


def test_save_svg_is_deterministic_and_other_suffixes_are_refused(tmp_path: Path) -> None:
    corpus = small_corpus()
    first = corpus.plot_stances().save(tmp_path / "a.svg").read_bytes()
    assert first == small_corpus().plot_stances().save(tmp_path / "a.svg").read_bytes()  # overwrite is fine
    with pytest.raises(UsageError, match=r"\.svg"):
        corpus.plot_stances().save(tmp_path / "a.jpg")


@pytest.mark.skipif(importlib.util.find_spec("vl_convert") is not None, reason="vl-convert installed: PNG works")
def test_png_without_the_extra_names_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"pip install 'policycmp\[png\]'"):
        small_corpus().plot_contested().save(tmp_path / "c.png")
    assert not (tmp_path / "c.png").exists()


@pytest.mark.skipif(importlib.util.find_spec("vl_convert") is None, reason="needs the png extra")
def test_png_with_the_extra(tmp_path: Path) -> None:
    written = small_corpus().plot_contested().save(tmp_path / "c.png")
    assert written.read_bytes().startswith(b"\x89PNG")
