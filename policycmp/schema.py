"""Generated files kept in the repository: JSON Schemas for editors and the problem catalogue.

``schema/codebook.schema.json`` and ``schema/document.schema.json`` come from the
pydantic models (``model_json_schema()``, field descriptions become hover text);
YAML files point at them with a ``# yaml-language-server: $schema=…`` modeline.
``docs/errors.md`` comes from :data:`policycmp.errors.CATALOGUE`.
``policycmp generated`` rewrites them (with the report, see :mod:`policycmp.generated`);
``policycmp generated --check`` (and the tests) fail when a committed copy is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policycmp.errors import catalogue_markdown
from policycmp.models import Codebook, CodedDocument

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "schema/codebook.schema.json": (Codebook, "policycmp codebook (recommendations/codebook.yaml)"),
    "schema/document.schema.json": (CodedDocument, "policycmp coded document (recommendations/<id>.yaml)"),
}
ERRORS_DOC = "docs/errors.md"


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The editor schema of ``model``: pydantic's JSON Schema with a declared dialect and title."""
    body = model.model_json_schema()
    body.pop("title", None)
    # The references are plain JSON pointers ('#/$defs/…'), valid in draft-07, which every YAML editor supports.
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **body}


def generated() -> dict[str, str]:
    """Relative path → the exact text each generated file must have."""
    files = {path: json.dumps(json_schema(model, title), indent=2, ensure_ascii=False) + "\n" for path, (model, title) in SCHEMAS.items()}
    files[ERRORS_DOC] = catalogue_markdown()
    return files


def stale(root: Path) -> list[str]:
    """The generated files under ``root`` that are missing or differ from what the code generates."""
    out = []
    for path, text in generated().items():
        target = root / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            out.append(path)
    return out


def write(root: Path) -> list[str]:
    """Write every generated file under ``root``; returns the paths that changed."""
    changed = stale(root)
    for path, text in generated().items():
        if path in changed:
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return changed
