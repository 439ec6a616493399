"""Frictionless Data Package: one CSV per table plus ``datapackage.json`` with a Table Schema each.

CSV files are UTF-8, ``\\n`` line endings, a header row, minimal quoting. Cells by field type:
``string`` as text (formula-neutralised, see :func:`~policycmp.exports.tables.neutralise`),
``integer`` and ``number`` as decimal text (``repr`` of the float, so it reads back exactly),
``date`` as ``YYYY-MM-DD``, ``array`` as a JSON array; an empty cell is a missing value. The
descriptor names the codebook version and corpus checksum under ``policycmp``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from policycmp.exports.tables import SPANS, Field, Table, coerce, date_values, neutralise, restore_text

DESCRIPTOR = "datapackage.json"
PROFILE = "tabular-data-package"


def _schema_field(f: Field) -> dict[str, Any]:
    if f.type == SPANS:
        return {"name": f.name, "type": "array", "description": f.description + " JSON array of [start, end] integer pairs."}
    out: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
    if f.type == "date":
        out["format"] = "default"
    return out


def _cell(value: Any, kind: str) -> str:
    if kind in ("array", SPANS):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        return repr(float(value))
    if kind == "date":
        return str(value)
    return neutralise(str(value))


def table_csv(table: Table) -> str:
    """The CSV text of one table (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(f.name) for f in table.fields])
    columns = []
    for f in table.fields:
        series = table.frame[f.name]
        columns.append([_cell(v, f.type) for v in (date_values(series) if f.type == "date" else series.tolist())])
    for row in zip(*columns, strict=True):
        writer.writerow(row)
    return buffer.getvalue()


def descriptor(tables: dict[str, Table], provenance: dict[str, object]) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor (Data Package v1 with Table Schemas)."""
    resources = []
    for table in tables.values():
        schema: dict[str, Any] = {"fields": [_schema_field(f) for f in table.fields], "missingValues": [""]}
        schema["primaryKey"] = [table.index] if table.index else ["key"]
        resource: dict[str, Any] = {
            "name": table.name.replace("_", "-"),
            "path": f"{table.name}.csv",
            "profile": "tabular-data-resource",
            "title": table.title,
            "description": table.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }
        if table.columns:
            resource["policycmp"] = {"row_axis": table.index, "column_axis": table.columns}
        resources.append(resource)
    return {
        "profile": PROFILE,
        "name": "policycmp-corpus",
        "title": "policycmp corpus export",
        "description": (
            f"Coded policy recommendations (codebook {provenance['codebook_version']}, corpus sha256 "
            f"{provenance['corpus_sha256']}). Text cells starting with = + - @ tab or CR, or with an apostrophe, "
            "carry a leading apostrophe so spreadsheets do not run them as formulas."
        ),
        "version": str(provenance["codebook_version"]),
        "policycmp": provenance,
        "resources": resources,
    }


def files(tables: dict[str, Table], provenance: dict[str, object]) -> dict[str, bytes]:
    """Every file of the package, by relative path."""
    out = {f"{t.name}.csv": table_csv(t).encode("utf-8") for t in tables.values()}
    out[DESCRIPTOR] = (json.dumps(descriptor(tables, provenance), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return dict(sorted(out.items()))


def _decode(cell: str, kind: str) -> Any:
    if kind in ("array", SPANS):
        return json.loads(cell)
    if cell == "":
        return None
    return restore_text(cell) if kind == "string" else cell


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read a package written by :func:`files` back into flat frames with exact dtypes, by table name."""
    root = Path(path)
    meta = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    out = {}
    for resource in meta["resources"]:
        name = resource["path"].removesuffix(".csv")
        fields = tuple(Field(f["name"], f["type"], f.get("description", "")) for f in resource["schema"]["fields"])
        with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = [restore_text(h) for h in rows[0]]
        kinds = {f.name: f.type for f in fields}
        data = {h: [_decode(row[i], kinds[h]) for row in rows[1:]] for i, h in enumerate(header)}
        raw = pd.DataFrame({h: pd.Series(v, dtype=object) for h, v in data.items()})
        out[name] = coerce(raw, fields)
    return out
