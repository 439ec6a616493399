"""The files under ``downloads/`` in the report: every table of the overview as CSV and JSON.

Each table the report shows gets a CSV and a JSON file holding the same content, linked beside it
(:data:`DOWNLOADS` names them). The statement files are the same as ``policycmp export``'s: the CSV is
the tidy table's export text (:func:`policycmp.tablecsv.table_csv`) and the JSON the export's JSON
layout (:mod:`policycmp.exports.jsonrecords`) holding its ``statements`` table with the same
provenance block. Other tables are written with the same writers, so every CSV is
formula-neutralised (:func:`policycmp.exports.tables.neutralise`) and every file is deterministic:
rows and columns in the order the page shows them, no timestamps.

Only the statements JSON carries the corpus checksum (as the export does): the other tables are
derived from the statements, and a checksum in them would rewrite them on every document change
even when their content stays the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from policycmp.data import CorpusData
from policycmp.matrices import matrix
from policycmp.positions import positions
from policycmp.tablecsv import table_csv

if TYPE_CHECKING:  # the exports package imports the report's writer: import it only when a function runs
    from policycmp.exports.tables import Table

DOWNLOADS = {
    "statements": "downloads/statements.csv",
    "holder-option": "downloads/holder-option.csv",
    "holder-theme": "downloads/holder-theme.csv",
    "positions": "downloads/positions.csv",
}
"""The CSV file of each table, by the table's name; its JSON twin has the same path ending ``.json``."""


def json_twin(path: str) -> str:
    """``downloads/x.csv`` → ``downloads/x.json``."""
    return path.removesuffix(".csv") + ".json"


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A flat frame as CSV bytes (UTF-8, ``\\n``, header row, no index), text cells formula-neutralised."""
    from policycmp.exports.tables import neutralise

    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return str(out.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def _table(name: str, title: str, description: str, frame: pd.DataFrame, types: dict[str, tuple[str, str]]) -> Table:
    from policycmp.exports.tables import Field, Table

    fields = tuple(Field(c, *types[c]) for c in frame.columns)
    return Table(name, title, description, fields, frame.reset_index(drop=True))


def _holder_theme(corpus: CorpusData, table: pd.DataFrame, duplicates: Any) -> Table:
    counts = matrix(table, "holder", "theme", "count", duplicates=duplicates)
    net = matrix(table, "holder", "theme", "net", duplicates=duplicates)
    found: dict[tuple[str, str], set[str]] = {}
    for holder, theme, stance in zip(table["holder"], table["theme"], table["stance"], strict=True):
        found.setdefault((str(holder), str(theme)), set()).add(str(stance))
    rows = []
    for h in counts.index:
        for t in counts.columns:
            n = int(counts.loc[h, t])
            if n == 0:
                continue
            value = float(net.loc[h, t])
            stances = found.get((str(h), str(t)), set())
            state = "support" if value > 0 else "oppose" if value < 0 else "conditional" if stances == {"conditional"} else "mixed"
            rows.append({"holder": str(h), "theme": str(t), "statements": n, "net_direction": value, "state": state})
    frame = pd.DataFrame(rows, columns=["holder", "theme", "statements", "net_direction", "state"])
    types = {
        "holder": ("string", "Holder id (row of the table)."),
        "theme": ("string", "Theme id (column of the table)."),
        "statements": ("integer", "How many statements the holder makes on the theme."),
        "net_direction": ("number", "Supports minus opposes."),
        "state": ("string", "The cell's colour and symbol: support, oppose, conditional or mixed."),
    }
    return _table("holder_theme", "Holder × theme", "Statements of each holder on each theme and their net direction; "
                  "one row per marked cell.", frame, types)


def _positions(corpus: CorpusData, table: pd.DataFrame, duplicates: Any) -> Table:
    columns = ["dimension", "holder", "position", "statements", "documents"]
    dimensions = corpus.codebook.dimensions
    if table.empty or not dimensions:
        frame = pd.DataFrame(columns=columns)
    else:
        held = positions(table, dimensions, duplicates=duplicates).reset_index()
        order = {d.id: i for i, d in enumerate(dimensions)}
        held = held.assign(_order=held["dimension"].map(order)).sort_values(["_order"], kind="stable")
        frame = held[columns].astype({"position": float, "statements": int, "documents": int})
    types = {
        "dimension": ("string", "Codebook dimension id."),
        "holder": ("string", "Holder id."),
        "position": ("number", "From -1 (every statement toward the first pole) to +1 (toward the second)."),
        "statements": ("integer", "Statements the position rests on."),
        "documents": ("integer", "Documents those statements come from."),
    }
    return _table("positions", "Positions on each dimension", "Each holder's position on each codebook dimension.", frame, types)


def downloads(corpus: CorpusData, table: pd.DataFrame, *, normalise: Any = "jaccard", duplicates: Any = "document") -> dict[str, bytes]:
    """Every file under ``downloads/``, by site-relative path: a CSV and a JSON file per table of :data:`DOWNLOADS`."""
    from policycmp.exports import jsonrecords
    from policycmp.exports.provenance import provenance
    from policycmp.exports.tables import matrix_table, statement_table

    origin = provenance(corpus, normalise=normalise, duplicates=duplicates)
    derived = {k: v for k, v in origin.items() if k != "corpus_sha256"}
    stances = matrix(table, "holder", "option", "stance", duplicates=duplicates)
    option_table = matrix_table(
        "holder_option_stance", "Holder × option stance",
        "Stance of each holder on each option: support, oppose, conditional, mixed (more than one stance) or none.",
        pd.DataFrame(stances), "string", "Stance cell",
    )
    statements = statement_table(corpus)
    tables = {
        "statements": statements,
        "holder-option": option_table,
        "holder-theme": _holder_theme(corpus, table, duplicates),
        "positions": _positions(corpus, table, duplicates),
    }
    files: dict[str, bytes] = {}
    for name, path in DOWNLOADS.items():
        t = tables[name]
        files[path] = table_csv(table).encode("utf-8") if name == "statements" else frame_csv(t.frame)
        files[json_twin(path)] = jsonrecords.document({t.name: t}, origin if name == "statements" else derived)
    return files
