"""JSON: one file holding every table as records, with its fields and the provenance.

Layout: ``{"policycmp": {provenance}, "tables": {name: {"title", "description", "fields":
[{"name", "type", "description"}], "records": [{column: value}]}}}``. Dates are ``YYYY-MM-DD``,
missing values ``null``, lists JSON arrays, spans arrays of ``[start, end]`` pairs, floats
as Python's shortest round-trip text. Keys keep the field order; UTF-8, ``\\n``, 1-space indent.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from policycmp.exports.tables import SPANS, Field, Table, coerce, date_values


def _value(value: Any, kind: str) -> Any:
    if kind in ("array", SPANS):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "date":
        return value.isoformat()
    return str(value)


def records(table: Table) -> list[dict[str, Any]]:
    """The rows of ``table`` as JSON-ready dicts."""
    columns = {}
    for f in table.fields:
        series = table.frame[f.name]
        values = date_values(series) if f.type == "date" else series.tolist()
        columns[f.name] = [_value(v, f.type) for v in values]
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def document(tables: dict[str, Table], provenance: dict[str, object]) -> bytes:
    """The whole JSON export as bytes."""
    payload = {
        "policycmp": provenance,
        "tables": {
            t.name: {
                "title": t.title,
                "description": t.description,
                "row_axis": t.index,
                "column_axis": t.columns,
                "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in t.fields],
                "records": records(t),
            }
            for t in tables.values()
        },
    }
    return (json.dumps(payload, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read a JSON export back into flat frames with exact dtypes, by table name."""
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    out = {}
    for name, spec in payload["tables"].items():
        fields = tuple(Field(f["name"], f["type"], f["description"]) for f in spec["fields"])
        raw = pd.DataFrame({f.name: pd.Series([r[f.name] for r in spec["records"]], dtype=object) for f in fields})
        out[name] = coerce(raw, fields)
    return out
