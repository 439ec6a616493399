"""The typed tables every tabular export holds, and how each column's type travels.

:func:`export_tables` gives, by name:

* ``statements`` — the tidy table, one row per recommendation with every attribute
  (DNA's statement table), with ``authors``, ``actors`` and ``holder_members`` as real lists
  and ``segments`` as a list of ``[start, end]`` pairs;
* ``holder_option_stance`` / ``holder_option_numeric`` — the holder × option matrices;
* ``holder_agreement`` / ``holder_conflict`` — the holder × holder scores, normalised as chosen.

Each :class:`Table` is a flat frame plus a field list (name, Table Schema type, description).
Readers of every format hand back values in plain Python form; :func:`coerce` gives them
exact dtypes again and :func:`to_api` the frame the API returns (``corpus.table``,
``corpus.matrix(...)``, ``corpus.agreement(...)``), so a round trip is checked for equality.

**Spreadsheet formulas.** :func:`neutralise` prefixes ``'`` to text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (and, so the mark can be undone without ambiguity, to
text already starting with ``'``); :func:`restore_text` removes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from policycmp.agreement import agreement
from policycmp.matrices import matrix
from policycmp.options import Duplicates, Normalise
from policycmp.table import COLUMNS, LIST_SEPARATOR

if TYPE_CHECKING:
    from policycmp.data import CorpusData
    from policycmp.display import StanceMatrix

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

LIST_COLUMNS = ("authors", "actors", "holder_members", "option_poles")
SPANS = "spans"
"""Field type of ``segments``: a Table Schema ``array`` of ``[start, end]`` integer pairs."""

STATEMENT_DESCRIPTIONS: dict[str, str] = {
    "key": "Unique key of the recommendation: '<document>/<rec_id>'.",
    "document": "Id of the coded document (its YAML file's stem).",
    "rec_id": "Id of the recommendation within its document.",
    "document_title": "Title as printed; empty when the text gives none.",
    "document_kind": "Kind of document (news, news-analysis, research-paper, report, speech, interview, other).",
    "document_date": "Publication date; empty when the text does not say.",
    "outlet": "Publisher or outlet; empty when the text gives none.",
    "authors": "Author names as printed.",
    "voice": "Holder id of the document's own voice.",
    "holder": "Holder id of who holds this position (the voice when the recommendation names none).",
    "holder_label": "Holder's name or description from the codebook.",
    "holder_type": "Holder type from the codebook.",
    "holder_affiliation": "Holder's organisation, party or office, when the text says.",
    "holder_members": "For an author team: the ids of its member holders.",
    "actors": "Codebook actor ids of who should act.",
    "theme": "Codebook theme id of the option.",
    "theme_label": "Theme label from the codebook.",
    "option": "Codebook option id.",
    "option_label": "Option label from the codebook (phrased as a positive policy).",
    "option_poles": "Where the option sits on the codebook's dimensions, as 'dimension=pole' items (empty: on none).",
    "stance": "support, oppose or conditional.",
    "kind": "demand, recommendation (prescribing to an actor), commitment (the holder's own declared policy) or forecast.",
    "strength": "must, should or could: how strongly a demand or recommendation is put (empty for others when the text gives none).",
    "conditions": "The condition set of a conditional stance.",
    "quote": "The quote as coded (an ellipsis skips interleaved text).",
    "start": "Character offset (Unicode code points, 0-based) where the quote starts in the seed text.",
    "end": "Character offset (exclusive) where the quote ends in the seed text.",
    "segments": "The quote's character spans in the seed text, as [start, end) pairs.",
    "note": "Coder's note.",
    "theme_order": "Position of the theme in the codebook (0-based).",
    "option_order": "Position of the option in the codebook (0-based).",
}
_STATEMENT_TYPES = {
    "document_date": "date",
    "start": "integer",
    "end": "integer",
    "theme_order": "integer",
    "option_order": "integer",
    "segments": SPANS,
    **dict.fromkeys(LIST_COLUMNS, "array"),
}


@dataclass(frozen=True)
class Field:
    """One column: name, type (``string``, ``integer``, ``number``, ``date``, ``array``, ``spans``), description."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    """One exported table: flat frame, its fields, and how to rebuild the API's frame (``index``/``columns``)."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    frame: pd.DataFrame
    index: str | None = None
    columns: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def neutralise(text: str) -> str:
    """``text`` safe for a spreadsheet cell: a leading formula character (or ``'``) gets a ``'`` before it."""
    return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text


def restore_text(text: str) -> str:
    """Undo :func:`neutralise`."""
    return text[1:] if text.startswith(ESCAPE) else text


def _statements(corpus: CorpusData) -> Table:
    tidy = corpus.tidy()
    flat = tidy.copy()
    for column in LIST_COLUMNS:
        flat[column] = [list(v.split(LIST_SEPARATOR)) if v else [] for v in tidy[column]]
    flat["segments"] = pd.Series([[[int(s), int(e)] for s, e in segs] for segs in tidy["segments"]], dtype=object)
    fields = tuple(Field(c, _STATEMENT_TYPES.get(c, "string"), STATEMENT_DESCRIPTIONS[c]) for c in COLUMNS)
    return Table("statements", "Statements", "One row per coded recommendation, with every attribute.", fields, coerce(flat, fields))


def _matrix_table(name: str, title: str, description: str, frame: pd.DataFrame, kind: str, cell: str) -> Table:
    index, columns = str(frame.index.name), str(frame.columns.name)
    flat = pd.DataFrame(frame).reset_index()
    flat.columns = [str(c) for c in flat.columns]
    fields = (
        Field(index, "string", f"{index.capitalize()} id (row)."),
        *tuple(Field(str(c), kind, f"{cell} for {columns} {c!s}.") for c in frame.columns),
    )
    return Table(name, title, description, fields, coerce(flat, fields), index=index, columns=columns)


def export_tables(corpus: CorpusData, *, normalise: Normalise = "jaccard", duplicates: Duplicates = "document") -> dict[str, Table]:
    """The tables of a tabular export, by name (see the module docstring)."""
    stance = cast("StanceMatrix", matrix(corpus.tidy(), "holder", "option", duplicates=duplicates))
    agree = agreement(corpus.tidy(), normalise=normalise, duplicates=duplicates)
    conflict = agreement(corpus.tidy(), normalise=normalise, measure="conflict", duplicates=duplicates)
    numeric = stance.numeric
    tables = [
        _statements(corpus),
        _matrix_table(
            "holder_option_stance",
            "Holder × option stance",
            "Stance of each holder on each option: support, oppose, conditional, mixed (more than one stance) or none.",
            stance,
            "string",
            "Stance cell",
        ),
        _matrix_table(
            "holder_option_numeric",
            "Holder × option direction",
            "Mean direction of each holder's statements on each option: "
            "+1 support, −1 oppose, 0 conditional; empty where the holder says nothing.",
            numeric,
            "number",
            "Mean direction",
        ),
        _matrix_table(
            "holder_agreement",
            "Holder agreement",
            f"Agreement between holders, normalised '{normalise}' (shared statements, same option and stance).",
            agree,
            "number",
            f"Agreement ({normalise})",
        ),
        _matrix_table(
            "holder_conflict",
            "Holder conflict",
            f"Conflict between holders, normalised '{normalise}' (support against oppose on one option).",
            conflict,
            "number",
            f"Conflict ({normalise})",
        ),
    ]
    return {t.name: t for t in tables}


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def date_values(series: pd.Series) -> list[dt.date | None]:
    """A date column as ``datetime.date`` objects (None where missing)."""
    return [_date(v) for v in series]


def _plain_list(value: Any) -> Any:
    """Nested sequences (tuples, arrays) as nested lists of plain ints and strings."""
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__"):
        return [_plain_list(v) for v in value]
    return int(value) if isinstance(value, int) or hasattr(value, "item") else value


def coerce(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    """Give a read-back flat frame the exact dtypes of :func:`export_tables`' frames."""
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for f in fields:
        values = frame[f.name]
        if f.type == "integer":
            out[f.name] = values.astype("int64")
        elif f.type == "number":
            # Python's float() parses text exactly (shortest round-trip repr back to the same double); pandas'
            # own text parser before 3.1 can be off by one ulp, which would break the round trip.
            parsed = [float(v) if v is not None and v == v else float("nan") for v in values]
            out[f.name] = pd.Series(parsed, index=values.index, dtype="float64")
        elif f.type == "date":
            out[f.name] = pd.to_datetime(pd.Series(date_values(values), dtype=object))
        elif f.type in ("array", SPANS):
            out[f.name] = pd.Series([_plain_list(v) for v in values], dtype=object)
        else:
            out[f.name] = values.astype(object).where(values.notna(), None).astype("str")
    return out


def to_api(table: Table, flat: pd.DataFrame | None = None) -> pd.DataFrame:
    """The API's frame from a (read-back) flat frame: the tidy table, or a matrix with its axes."""
    frame = table.frame if flat is None else flat
    if table.index is None:
        out = frame.copy()
        for column in LIST_COLUMNS:
            out[column] = pd.Series([LIST_SEPARATOR.join(v) for v in frame[column]], dtype="str")
        out["segments"] = pd.Series([tuple((int(s), int(e)) for s, e in v) for v in frame["segments"]], dtype=object)
        return out
    out = frame.set_index(table.index)
    if all(f.type == "string" for f in table.fields):
        out = out.astype(object)  # stance cells are plain objects in the API's matrix
    out.columns = pd.Index([str(c) for c in out.columns], dtype="str", name=table.columns)
    out.index = pd.Index(out.index, dtype="str", name=table.index)
    return out


def statement_table(corpus: CorpusData) -> Table:
    """The ``statements`` table alone (the report's download), without computing the matrices."""
    return _statements(corpus)


def matrix_table(name: str, title: str, description: str, frame: pd.DataFrame, kind: str, cell: str) -> Table:
    """A rows × columns frame as an exported table (row id column first, one field per column)."""
    return _matrix_table(name, title, description, frame, kind, cell)
