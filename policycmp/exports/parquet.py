"""Parquet through pyarrow (the optional extra ``[parquet]``): one file per table.

Column types: ``string`` → string, ``integer`` → int64, ``number`` → float64, ``date`` →
date32, lists of text → list<string>, spans → list<list<int64>>. Each field's description is
in its field metadata (``description``); the schema metadata holds the provenance under
``policycmp`` and the table's title, description and axes under ``policycmp:table`` (JSON).
Files are zstd-compressed with no timestamps: same data and pyarrow version, same bytes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from policycmp.errors import UsageError
from policycmp.exports.tables import SPANS, Field, Table, coerce, date_values

EXTRA = "parquet"


def _pyarrow() -> tuple[ModuleType, ModuleType]:
    """pyarrow and pyarrow.parquet, or a usage error naming the extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError(
            f"Parquet export needs pyarrow, which is not installed; install the extra: pip install 'policycmp[{EXTRA}]'"
        ) from None
    return pyarrow, pyarrow.parquet


def _type(pa: ModuleType, kind: str) -> Any:
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "date": pa.date32(),
        "array": pa.list_(pa.string()),
        SPANS: pa.list_(pa.list_(pa.int64())),
    }[kind]


def table_bytes(table: Table, provenance: dict[str, object]) -> bytes:
    """One table as Parquet bytes."""
    pa, pq = _pyarrow()
    fields, arrays = [], []
    for f in table.fields:
        series = table.frame[f.name]
        values = date_values(series) if f.type == "date" else [None if _missing(v) else v for v in series.tolist()]
        kind = _type(pa, f.type)
        fields.append(pa.field(f.name, kind, metadata={"description": f.description, "policycmp:type": f.type}))
        arrays.append(pa.array(values, type=kind))
    meta = {
        "policycmp": json.dumps(provenance, ensure_ascii=False),
        "policycmp:table": json.dumps(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "row_axis": table.index,
                "column_axis": table.columns,
            },
            ensure_ascii=False,
        ),
    }
    arrow = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))
    sink = io.BytesIO()
    pq.write_table(arrow, sink, compression="zstd", write_statistics=True)
    return sink.getvalue()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def files(tables: dict[str, Table], provenance: dict[str, object]) -> dict[str, bytes]:
    """Every file of the Parquet export, by relative path."""
    return {f"{t.name}.parquet": table_bytes(t, provenance) for t in tables.values()}


def read(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read a Parquet export directory back into flat frames with exact dtypes, by table name."""
    _, pq = _pyarrow()
    out = {}
    for file in sorted(Path(path).glob("*.parquet")):
        arrow = pq.read_table(file)
        fields = tuple(Field(f.name, f.metadata[b"policycmp:type"].decode(), f.metadata[b"description"].decode()) for f in arrow.schema)
        raw = pd.DataFrame({f.name: pd.Series(arrow.column(f.name).to_pylist(), dtype=object) for f in fields})
        out[file.stem] = coerce(raw, fields)
    return out
