"""`policycmp import-dna`: a DNA database becomes a corpus that validates, reports and exports; bad input writes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from dna_fixtures import DOCS, STATEMENTS, Doc, Stmt, make_dna

import policycmp as pc
from policycmp.cli import main
from policycmp.dna.reader import unit_offsets


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return make_dna(tmp_path / "debate.dna")


def test_round_trip_import_validate_report_coverage_export(database: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    code, out = run("import-dna", database, "--out", tmp_path / "corpus")
    assert code == 0, out
    assert "2 documents, 10 recommendations" in out
    assert "statement type 'Annotation' (1 statements)" in out  # listed, not silently dropped
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before  # opened read-only
    code, out = run("validate", "--root", tmp_path / "corpus")
    assert code == 0, out
    code, out = run("report", "--root", tmp_path / "corpus", "--out", tmp_path / "site")
    assert code == 0, out
    assert (tmp_path / "site" / "index.html").is_file()
    code, out = run("coverage", "--root", tmp_path / "corpus")
    assert code in (0, 1) and "total" in out
    corpus = pc.load(tmp_path / "corpus")
    assert corpus.to_csv(tmp_path / "table.csv").stat().st_size > 0
    assert corpus.to_graphml(tmp_path / "graph.graphml").stat().st_size > 0


def test_seeds_are_the_texts_byte_for_byte_and_quotes_are_the_spans(database: Path, tmp_path: Path) -> None:
    run("import-dna", database, "--out", tmp_path / "c")
    corpus = pc.load(tmp_path / "c")
    texts = {d.id: d.text for d in DOCS}
    seeds = sorted((tmp_path / "c" / "seeds").glob("*.txt"))
    assert [s.read_bytes() for s in seeds] == [d.text.encode("utf-8") for d in DOCS]
    table = corpus.table.set_index("rec_id")
    for s in STATEMENTS:
        row = table.loc[f"statement-{s.id}"]
        text = texts[s.doc]
        assert row["quote"] == s.phrase
        # the anchored span is DNA's span (UTF-16 offsets converted; document 2 starts with an emoji)
        at = -1
        for _ in range(s.occurrence):
            at = text.index(s.phrase, at + 1)
        assert (row["start"], row["end"]) == (at, at + len(s.phrase))
        assert row["stance"] == ("support" if s.agree else "oppose")
        assert row["holder_label"] == s.organization and row["option_label"] == s.concept
    doc1 = yaml.safe_load((tmp_path / "c" / "recommendations" / "0001-energy-debate-part-one.yaml").read_text("utf-8"))
    second = next(r for r in doc1["recommendations"] if r["id"] == "statement-2")
    assert second["occurrence"] == 2  # the repeated span
    meta = doc1["document"]
    assert (meta["title"], meta["authors"], meta["outlet"], meta["kind"], meta["date"]) == (
        "Energy debate, part one",
        ["Jo Writer"],
        "Daily Paper",
        "news",
        "2020-01-01",
    )
    assert "Section: Politics" in meta["notes"] and doc1["coders"] == ["Coder One"]
    doc2 = yaml.safe_load((tmp_path / "c" / "recommendations" / "0002-energy-debate-part-two.yaml").read_text("utf-8"))
    assert doc2["coders"] == ["Coder One", "Coder Two"] and "DNA type: Commentary" in doc2["document"]["notes"]


def test_codebook_carries_attributes_and_colour(database: Path, tmp_path: Path) -> None:
    run("import-dna", database, "--out", tmp_path / "c", "--holder", "person")
    book = yaml.safe_load((tmp_path / "c" / "recommendations" / "codebook.yaml").read_text("utf-8"))
    options = {o["label"]: o for o in book["themes"][0]["options"]}
    assert options["Carbon tax"]["definition"] == "A levy on carbon emissions."
    holders = {h["label"]: h for h in book["holders"]}
    assert holders["Ann Alpha"]["type"] == "person" and holders["Ann Alpha"]["affiliation"] == "Alpha Party"
    assert "Ben Beta" in holders


def test_import_is_deterministic(database: Path, tmp_path: Path) -> None:
    run("import-dna", database, "--out", tmp_path / "a")
    run("import-dna", database, "--out", tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_yaml_strings_are_quoted_so_yaml_cannot_retype_them(tmp_path: Path) -> None:
    tricky = "no"  # YAML 1.1 would read an unquoted `no` as false
    docs = (Doc(1, "2024-01-01", "Yes: no. # not a comment: 1.10\n", 0),)
    stmts = (Stmt(1, 1, "no", "yes", tricky, 1), Stmt(2, 1, "# not a comment: 1.10", "null", "1.10", 0))
    code, out = run("import-dna", make_dna(tmp_path / "t.dna", docs, stmts), "--out", tmp_path / "c")
    assert code == 0, out
    table = pc.load(tmp_path / "c").table
    assert sorted(table["option_label"]) == ["1.10", "no"] and sorted(table["holder_label"]) == ["null", "yes"]


def _text_file(path: Path) -> Path:
    path.write_text("not a database, just text\n" * 100)
    return path


def _other_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other(x)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: _text_file(p), "not an SQLite database"),
        (lambda p: _other_sqlite(p), "not a DNA 3 database"),
        (lambda p: make_dna(p, drop_variable="agreement"), "variable 'agreement' is missing"),
    ],
)
def test_bad_databases_get_a_clear_error_and_nothing_is_written(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path / "bad.dna")  # type: ignore[operator]
    code, out = run("import-dna", path, "--out", tmp_path / "c")
    assert code == 1 and message in out and "Traceback" not in out
    assert not (tmp_path / "c").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.dna"]  # no temporary directory left behind


def test_span_outside_its_text_is_refused(tmp_path: Path) -> None:
    path = make_dna(tmp_path / "x.dna")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE STATEMENTS SET Stop = 10000 WHERE ID = 3")
    conn.close()
    code, out = run("import-dna", path, "--out", tmp_path / "c")
    assert code == 1 and "statement 3 spans characters" in out and "outside the text of document 1" in out
    assert not (tmp_path / "c").exists()


def test_unknown_statement_type_lists_the_known_ones(database: Path, tmp_path: Path) -> None:
    code, out = run("import-dna", database, "--out", tmp_path / "c", "--statement-type", "Frames")
    assert code == 1 and "'DNA Statement', 'Annotation'" in out


def test_refuses_to_overwrite_a_non_empty_out(database: Path, tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "keep.txt").write_text("precious")
    code, out = run("import-dna", database, "--out", tmp_path / "c")
    assert code == 1 and "never overwrites" in out
    assert (tmp_path / "c" / "keep.txt").read_text() == "precious"
    (tmp_path / "d").mkdir()  # an empty directory is fine
    assert run("import-dna", database, "--out", tmp_path / "d")[0] == 0


def test_utf16_offsets() -> None:
    offsets = unit_offsets("a\U0001f30db")
    assert offsets == {0: 0, 1: 1, 3: 2, 4: 3}  # unit 2 is inside the emoji: no character boundary there
