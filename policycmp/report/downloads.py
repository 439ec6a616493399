"""The files under ``downloads/`` in the report: the tables of the overview and of the entity pages as CSV and JSON.

Each table gets a CSV and a JSON file holding the same content, linked beside it: the overview's
(:data:`DOWNLOADS` names them, written by :func:`downloads`), each theme's side-by-side table and each
holder's agreement table (:func:`page_downloads`), and the reliability figures (:func:`reliability_downloads`).

One exception: the statements, the only table that grows with the text of the corpus, are shipped
once, as CSV (:data:`SINGLE_FORMAT`), with the columns of the statements view and the quote
(:func:`statement_rows`, written by :func:`rows_csv`); the full tidy table, every column, in CSV, JSON or Parquet, is
``policycmp export``'s. Shipping the export's 31 columns in two formats cost 3.4x the seed bytes at
1,000 documents (issue #17, where the whole report is to stay within 2x the seeds). Every CSV is
formula-neutralised (:func:`policycmp.exports.tables.neutralise`, through :func:`frame_csv` or :func:`rows_csv`) and every
file is deterministic: rows and columns in the order the page shows them, no timestamps.

Derived tables carry no corpus checksum: it would rewrite them on every document change even when
their content stays the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from policycmp.data import CorpusData
from policycmp.matrices import matrix
from policycmp.positions import positions

if TYPE_CHECKING:  # the exports package imports the report's writer: import it only when a function runs
    from policycmp.exports.tables import Table
    from policycmp.report.network import Relation
    from policycmp.report.pages import Page
    from policycmp.report.site import Site

DOWNLOADS = {
    "statements": "downloads/statements.csv",
    "holder-option": "downloads/holder-option.csv",
    "holder-theme": "downloads/holder-theme.csv",
    "positions": "downloads/positions.csv",
}
"""The CSV file of each table, by the table's name; its JSON twin has the same path ending ``.json`` (not for :data:`SINGLE_FORMAT`)."""

SINGLE_FORMAT = frozenset({"statements"})
"""Tables shipped as CSV only (see the module's docstring); ``policycmp export`` gives them in every format."""

STATEMENT_COLUMNS = ("document", "rec_id", "holder", "option", "stance", "kind", "strength", "quote")
"""Columns of ``downloads/statements.csv``: the statements view's, by id, with the quote as the seed's own words."""


def statement_rows(site: Site) -> Iterator[tuple[str, ...]]:
    """One row per statement of the report (the tidy table's order), with :data:`STATEMENT_COLUMNS`, made as written."""
    return ((r.document, r.rec_id, r.holder, r.option, r.stance, r.kind, r.strength or "", r.quote) for r in site.recs)


def statements_frame(site: Site) -> pd.DataFrame:
    """:func:`statement_rows` as a frame."""
    return pd.DataFrame(list(statement_rows(site)), columns=list(STATEMENT_COLUMNS))


def rows_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Text rows as :func:`frame_csv` writes the same cells in a frame (it uses the same :mod:`csv` dialect), row by row.

    For the statements download (one row per statement): the frame, its neutralised copy and the
    whole CSV as text were the report's largest transient memory at 5,000 documents (issue #17).
    """
    from policycmp.exports.tables import ESCAPE, FORMULA_STARTS

    formula = (*FORMULA_STARTS, ESCAPE)  # :func:`~policycmp.exports.tables.neutralise`, inline: one call per cell was a third of the time
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([ESCAPE + v if v.startswith(formula) else v for v in row] for row in rows)
    text.detach()  # flushes what the wrapper still holds
    return buffer.getvalue()


def lean_json(tables: dict[str, Table], provenance: dict[str, object]) -> bytes:
    """The export's JSON layout (:func:`policycmp.exports.jsonrecords.document`, same keys and values) with one record per line.

    The export indents every value; here the head is indented the same way but each record is one
    compact line, written by the C encoder: a third of the bytes, many times faster, and a change to
    one statement is a one-line diff in a committed report.
    """
    import json

    from policycmp.exports import jsonrecords

    def dumps(value: object, indent: int | None) -> str:
        separators = None if indent is not None else (",", ":")
        return json.dumps(value, indent=indent, separators=separators, ensure_ascii=False, allow_nan=False)

    blocks = []
    for t in tables.values():
        head = {"title": t.title, "description": t.description, "row_axis": t.index, "column_axis": t.columns,
                "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in t.fields]}
        text = dumps(head, 1).removesuffix("\n}").replace("\n", "\n  ")
        rows = jsonrecords.records(t)
        body = "[\n" + ",\n".join("    " + dumps(r, None) for r in rows) + "\n   ]" if rows else "[]"
        blocks.append(f"  {dumps(t.name, None)}: {text},\n   \"records\": {body}\n  }}")
    origin = dumps(provenance, 1).replace("\n", "\n ")
    return ("{\n \"policycmp\": " + origin + ",\n \"tables\": {\n" + ",\n".join(blocks) + "\n }\n}\n").encode("utf-8")


def json_twin(path: str) -> str:
    """``downloads/x.csv`` → ``downloads/x.json``."""
    return path.removesuffix(".csv") + ".json"


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A flat frame as CSV bytes (UTF-8, ``\\n``, header row, no index), text cells formula-neutralised."""
    from policycmp.exports.tables import neutralise

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):  # numbers cannot start a formula
            out[column] = [neutralise(v) if isinstance(v, str) else v for v in out[column].tolist()]
    return str(out.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def _table(name: str, title: str, description: str, frame: pd.DataFrame, types: dict[str, tuple[str, str]]) -> Table:
    from policycmp.exports.tables import Field, Table

    fields = tuple(Field(c, *types[c]) for c in frame.columns)
    return Table(name, title, description, fields, frame.reset_index(drop=True))


def _holder_theme(corpus: CorpusData, table: pd.DataFrame, duplicates: Any, site: Site | None = None) -> Table:
    counts = site.matrix("holder", "theme", "count") if site else matrix(table, "holder", "theme", "count", duplicates=duplicates)
    net = site.matrix("holder", "theme", "net") if site else matrix(table, "holder", "theme", "net", duplicates=duplicates)
    found: dict[tuple[str, str], set[str]] = {}
    for holder, theme, stance in zip(table["holder"].tolist(), table["theme"].tolist(), table["stance"].tolist(), strict=True):
        found.setdefault((str(holder), str(theme)), set()).add(str(stance))
    rows = []
    # the cells read from the matrices' arrays by position (``.loc`` per cell was most of this function's time)
    net_values, net_row, net_column = net.to_numpy(), net.index.get_loc, net.columns.get_loc
    for h, line in zip(counts.index, counts.to_numpy().tolist(), strict=True):
        for t, cell in zip(counts.columns, line, strict=True):
            n = int(cell)
            if n == 0:
                continue
            value = float(net_values[net_row(h), net_column(t)])
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


def _positions(corpus: CorpusData, table: pd.DataFrame, duplicates: Any, placed: pd.DataFrame | None = None) -> Table:
    columns = ["dimension", "holder", "position", "statements", "documents"]
    dimensions = corpus.codebook.dimensions
    if table.empty or not dimensions:
        frame = pd.DataFrame(columns=columns)
    else:
        held = (positions(table, dimensions, duplicates=duplicates) if placed is None else placed).reset_index()
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


def downloads(site: Site) -> dict[str, bytes]:
    """Every file under ``downloads/`` for the overview and the statements view, by site-relative path.

    A CSV and a JSON file per table of :data:`DOWNLOADS`, but the statements (:data:`SINGLE_FORMAT`) in CSV only.
    The matrices and positions are the :class:`~policycmp.report.site.Site`'s, computed once per build.
    """
    corpus, table, duplicates = site.corpus, site.table, site.options.duplicates
    from policycmp.exports.tables import matrix_table

    derived = _derived_origin(site)
    option_table = matrix_table(
        "holder_option_stance", "Holder × option stance",
        "Stance of each holder on each option: support, oppose, conditional, mixed (more than one stance) or none.",
        pd.DataFrame(site.matrix("holder", "option", "stance")), "string", "Stance cell",
    )
    placed = site.positions if corpus.codebook.dimensions and not table.empty else None
    files: dict[str, bytes] = {DOWNLOADS["statements"]: rows_csv(STATEMENT_COLUMNS, statement_rows(site))}
    tables = {
        "holder-option": option_table,
        "holder-theme": _holder_theme(corpus, table, duplicates, site),
        "positions": _positions(corpus, table, duplicates, placed),
    }
    for name, t in tables.items():
        if name == "positions" and placed is None:
            continue  # the overview shows no positions table, so no download beside it
        files.update(_files(DOWNLOADS[name], t, derived))
    return files


def _files(path: str, table: Table, origin: dict[str, object]) -> dict[str, bytes]:
    return {path: frame_csv(table.frame), json_twin(path): lean_json({table.name: table}, origin)}


def _derived_origin(site: Site) -> dict[str, object]:
    return site.derived_provenance


THEME_COLUMNS = {
    "option": ("string", "Option id (row of the table)."),
    "holder": ("string", "Holder id (column of the table)."),
    "statements": ("integer", "Statements of the holder on the option."),
    "support": ("integer", "Of those, supporting."),
    "oppose": ("integer", "Of those, opposing."),
    "conditional": ("integer", "Of those, conditional."),
}

RELATION_COLUMNS = {
    "holder": "Id of the other holder (row of the table).",
    "holder_label": "The other holder's name.",
    "both_addressed": "Options both holders address.",
    "agree": "Agreements (same stance on an option, or the same side of a dimension).",
    "conflict": "Conflicts (opposite stances).",
    "agree_on": "Options behind the agreements, '; '-separated ids.",
    "conflict_on": "Options behind the conflicts, '; '-separated ids.",
}


def page_downloads(site: Site, relations: dict[str, list[Relation]]) -> dict[str, bytes]:
    """The downloads of the tables on entity pages: each theme's side-by-side and each holder's agreement table.

    ``downloads/themes/<theme>.csv`` holds one row per filled cell of the side-by-side table, in the page's
    order (option, then holder), with its statements counted by stance (the statements themselves are in
    the statements download, once), so it is bounded by the codebook, not the corpus;
    ``downloads/holders/<holder>-agreement.csv`` one row per other holder of the holder page's agreement
    table, in its order. A file depends only on what its page shows, so a rebuild rewrites it exactly
    when the page's table changes.
    """
    from policycmp.exports.tables import Field, Table

    origin = _derived_origin(site)
    files: dict[str, bytes] = {}
    integer = {"both_addressed", "agree", "conflict"}
    by_theme: dict[str, list[Any]] = {}
    for r in site.recs:
        by_theme.setdefault(r.theme, []).append(r)
    for theme_id in sorted(site.corpus.themes):
        theme = site.corpus.themes[theme_id]
        recs = by_theme.get(theme_id, [])
        if not recs:  # the page shows no table
            continue
        holders = site.sort_holders({r.holder for r in recs})
        cells: dict[tuple[str, str], dict[str, int]] = {}
        for r in recs:
            cell = cells.setdefault((r.option, r.holder), {"support": 0, "oppose": 0, "conditional": 0})
            cell[r.stance] = cell.get(r.stance, 0) + 1
        rows = [
            {"option": o.id, "holder": h.id, "statements": sum(c.values()), "support": c["support"], "oppose": c["oppose"],
             "conditional": c["conditional"]}
            for o in theme.options for h in holders if (c := cells.get((o.id, h.id))) is not None
        ]
        frame = pd.DataFrame(rows, columns=list(THEME_COLUMNS))
        fields = tuple(Field(c, kind, d) for c, (kind, d) in THEME_COLUMNS.items())
        table = Table("side_by_side", f"Side by side: {theme.label}",
                      "How many statements each holder makes on each option of the theme, by stance.", fields, frame)
        files.update(_files(theme_download(theme_id) + ".csv", table, origin))
    for holder_id, rels in sorted(relations.items()):
        label = site.holders[holder_id].label if holder_id in site.holders else holder_id
        relation_rows: list[dict[str, object]] = [
            {"holder": r.other, "holder_label": r.other_label, "both_addressed": r.shared, "agree": r.agree, "conflict": r.conflict,
             "agree_on": "; ".join(r.agree_on), "conflict_on": "; ".join(r.conflict_on)}
            for r in rels
        ]
        frame = pd.DataFrame(relation_rows, columns=list(RELATION_COLUMNS))
        fields = tuple(Field(c, "integer" if c in integer else "string", d) for c, d in RELATION_COLUMNS.items())
        table = Table("agreement", f"Agreement with {label}", "Options both addressed, agreements and conflicts with each other holder.",
                      fields, frame)
        files.update(_files(holder_download(holder_id) + ".csv", table, origin))
    return files


def theme_download(theme_id: str) -> str:
    """Site path (without ``.csv``/``.json``) of a theme's side-by-side download."""
    return f"downloads/themes/{theme_id}"


def holder_download(holder_id: str) -> str:
    """Site path (without ``.csv``/``.json``) of a holder's agreement-table download."""
    return f"downloads/holders/{holder_id}-agreement"


RELIABILITY_COLUMNS = {
    "view": "Units: 'spans' (coded spans matched by overlap) or 'sentences'.",
    "field": "The coded field compared.",
    "metric": "Metric of Krippendorff's alpha (nominal or ordinal).",
    "units": "Units compared.",
    **{
        f"{name}{part}": f"{label}{what}"
        for name, label in (("percent", "Percent agreement"), ("kappa", "Cohen's kappa"), ("alpha", "Krippendorff's alpha"))
        for part, what in (("", ""), ("_low", ", 95% bootstrap interval, low end"), ("_high", ", 95% bootstrap interval, high end"))
    },
}


def reliability_downloads(pages: list[Page]) -> dict[str, bytes]:
    """The reliability figures tables (front page and each reliability page) as CSV and JSON, one row per view and field."""
    from policycmp.exports.tables import Field, Table

    files: dict[str, bytes] = {}
    for page in pages:
        if page.template == "overview.html":
            figures, path = page.context.get("reliability"), reliability_download(None)
        elif page.template == "reliability.html":
            figures, path = page.context["figures"], reliability_download(str(page.context["doc_id"]))
        else:
            continue
        if not figures:
            continue
        rows = []
        for f in figures["fields"]:
            row: dict[str, object] = {k: f[k] for k in ("view", "field", "metric", "units")}
            for name in ("percent", "kappa", "alpha"):
                row |= {name: f[name]["value"], f"{name}_low": f[name]["low"], f"{name}_high": f[name]["high"]}
            rows.append(row)
        names = list(RELIABILITY_COLUMNS)
        frame = pd.DataFrame(rows, columns=names).astype(dict.fromkeys(names[4:], "float64"))
        kinds = {"view": "string", "field": "string", "metric": "string", "units": "integer"}
        fields = tuple(Field(c, kinds.get(c, "number"), d) for c, d in RELIABILITY_COLUMNS.items())
        table = Table("reliability", "Reliability of the coding", "Agreement between coders per field and unit view.", fields, frame)
        files.update(_files(path + ".csv", table, _derived_origin(page.context["site"])))
    return files


def reliability_download(doc_id: str | None) -> str:
    """Site path (without extension) of the corpus's reliability figures, or of one document's."""
    return "downloads/reliability" if doc_id is None else f"downloads/reliability/{doc_id}"
