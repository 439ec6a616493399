"""Generated files (editor JSON Schemas, docs/errors.md) are current, and the catalogue is consistent."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO
from loader_helpers import CODEBOOK, DOC, MINI

from policycmp.errors import CATALOGUE, ProblemSlug, problem
from policycmp.schema import ERRORS_DOC, SCHEMAS, generated, stale, write
from policycmp.yamlsafe import read


def test_committed_generated_files_are_up_to_date() -> None:
    assert stale(REPO) == [], "run `policycmp generated` and commit schema/*.json and docs/errors.md"


def corpus_root(tmp_path: Path) -> Path:
    """A directory that is a corpus root (the schema files belong beside its recommendations/)."""
    (tmp_path / "recommendations").mkdir()
    (tmp_path / CODEBOOK).write_bytes((MINI / CODEBOOK).read_bytes())
    return tmp_path


def test_schema_command_writes_then_checks(tmp_path: Path) -> None:
    corpus_root(tmp_path)
    command = [sys.executable, "-m", "policycmp", "schema", "--root", str(tmp_path)]
    before = subprocess.run([*command, "--check"], capture_output=True, text=True, check=False)
    assert before.returncode == 1
    assert "schema/codebook.schema.json: out of date; run 'policycmp generated' and commit the result" in before.stderr
    wrote = subprocess.run(command, capture_output=True, text=True, check=False)
    assert wrote.returncode == 0
    assert wrote.stdout == "wrote schema/codebook.schema.json, schema/document.schema.json, docs/errors.md, docs/cli.md\n"
    after = subprocess.run([*command, "--check"], capture_output=True, text=True, check=False)
    assert after.returncode == 0
    assert after.stdout == "4 generated files up to date\n"
    assert write(tmp_path) == []


def test_generation_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Another process with another string-hash seed (set and dict order) writes the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    corpus_root(tmp_path)
    subprocess.run([sys.executable, "-m", "policycmp", "schema", "--root", str(tmp_path)], check=True, env=env, capture_output=True)
    assert {path: (tmp_path / path).read_text(encoding="utf-8") for path in generated()} == generated()


def _yaml12(value: Any) -> Any:
    """Data as an editor's YAML 1.2 reader sees it: dates stay text."""
    if isinstance(value, dict):
        return {k: _yaml12(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml12(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _validator(path: str) -> Any:
    schema = json.loads((REPO / path).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _data(path: Path) -> Any:
    return _yaml12(read(path.read_text(encoding="utf-8"), path.name).data)


def test_schemas_accept_the_fixture_and_the_shipped_files() -> None:
    codebook, document = _validator("schema/codebook.schema.json"), _validator("schema/document.schema.json")
    assert list(codebook.iter_errors(_data(MINI / CODEBOOK))) == []
    assert list(codebook.iter_errors(_data(REPO / CODEBOOK))) == []
    assert list(document.iter_errors(_data(MINI / DOC))) == []
    for path in sorted((REPO / "recommendations").glob("*.yaml")):
        if path.name != "codebook.yaml":
            assert list(document.iter_errors(_data(path))) == [], path.name


def test_schemas_reject_unknown_keys_and_values() -> None:
    document = _validator("schema/document.schema.json")
    data = _data(MINI / DOC)
    data["recommendations"][0]["qoute"] = data["recommendations"][0].pop("quote")
    data["recommendations"][1]["stance"] = "supports"
    messages = sorted(error.message for error in document.iter_errors(data))
    assert any("'qoute' was unexpected" in m for m in messages)
    assert any("'quote' is a required property" in m for m in messages)
    assert any("'supports' is not one of ['support', 'oppose', 'conditional']" in m for m in messages)


def test_schema_fields_carry_descriptions_for_hover_text() -> None:
    import json

    schema = json.loads(generated()["schema/document.schema.json"])
    assert schema["$defs"]["Recommendation"]["properties"]["quote"]["description"].startswith("Verbatim span of the seed text")
    assert set(SCHEMAS) == {"schema/codebook.schema.json", "schema/document.schema.json"}


def test_catalogue_codes_and_slugs_are_unique_and_well_formed() -> None:
    codes = [kind.code for kind in CATALOGUE.values()]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    for slug, kind in CATALOGUE.items():
        assert re.fullmatch(r"PC[1-4]\d\d", kind.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
        assert kind.title and kind.fix.endswith(".")


def test_every_catalogued_problem_is_raised_somewhere_in_the_code() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "policycmp").rglob("*.py") if p.name != "errors.py")
    assert [slug.value for slug in ProblemSlug if not re.search(rf"\bProblemSlug\.{slug.name}\b", source)] == []


def test_slugs_and_catalogue_name_the_same_kinds_and_no_call_site_spells_a_slug() -> None:
    assert list(CATALOGUE) == list(ProblemSlug)  # ProblemSlug order follows the catalogue's code order
    assert all(kind.slug is slug for slug, kind in CATALOGUE.items())
    for path in (REPO / "policycmp").rglob("*.py"):
        if path.name != "errors.py":
            text = path.read_text(encoding="utf-8")
            assert [s.value for s in ProblemSlug if f'"{s.value}"' in text] == [], (
                f"{path.name} spells a problem kind as text; use ProblemSlug"
            )


def test_errors_doc_lists_every_kind() -> None:
    text = generated()[ERRORS_DOC]
    for kind in CATALOGUE.values():
        assert f"| {kind.code} | `{kind.slug}` | {kind.title} |" in text


def test_problem_format_and_clamping() -> None:
    item = problem(ProblemSlug.DUPLICATE_KEY, "a/b.yaml", 0, -3, "duplicate key 'x'")
    assert item.format() == "a/b.yaml:1:1: duplicate key 'x' [PC102 duplicate-key]"
    assert str(item) == item.format()
    assert item.to_dict() == {
        "path": "a/b.yaml",
        "line": 1,
        "column": 1,
        "code": "PC102",
        "slug": "duplicate-key",
        "message": "duplicate key 'x'",
        "severity": "error",
    }
    with pytest.raises(KeyError):
        problem("no-such-kind", "a", 1, 1, "x")
