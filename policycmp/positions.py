"""Positions on the codebook's dimensions, per holder or per document, with their evidence counts.

A dimension has two poles (first, second), e.g. *kabul-approach*: engagement ↔ coercion. Each
position statement (demand, recommendation or commitment; forecasts are not positions) on an
option placed on a pole points to one end: support for an option on a pole points to that pole,
opposition to it points to the other pole; a conditional stance points to neither.

With ``f`` the statements pointing to the first pole and ``s`` those pointing to the second,
a holder's (or document's) position is, in the spirit of the Manifesto Project's scales::

    position = (s − f) / (s + f)      from −1 (all at the first pole) to +1 (all at the second)

It is left empty when ``s + f = 0``. Each row says how many statements and documents it rests on,
so a position resting on one sentence is visibly thin. The duplicate rule applies as elsewhere
(by default a restatement within one document counts once).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from policycmp.filters import codes, counted_rows
from policycmp.models import POSITION_KINDS, Dimension
from policycmp.options import Duplicates
from policycmp.table import split_list

POSITION_COLUMNS = [
    "dimension_label", "first_pole", "second_pole", "label",
    "toward_first", "toward_second", "statements", "documents", "position", "keys",
]


def pole_rows(table: pd.DataFrame, dimensions: Sequence[Dimension], *, kinds: Collection[str] | None = POSITION_KINDS) -> pd.DataFrame:
    """One row per (statement, dimension) a statement points along: ``toward`` is −1 (first pole) or +1 (second)."""
    rows: list[dict[str, object]] = []
    poles = {d.id: (d.poles[0].id, d.poles[1].id) for d in dimensions}
    frame = table if kinds is None else table.loc[table["kind"].isin([str(k) for k in kinds])]
    for record in frame.to_dict("records"):
        stance = str(record["stance"])
        if stance not in ("support", "oppose"):
            continue
        for item in split_list(record["option_poles"]):
            dimension, pole = item.split("=", 1)
            if dimension not in poles:
                continue
            at_second = pole == poles[dimension][1]
            toward = (1 if at_second else -1) * (1 if stance == "support" else -1)
            rows.append({**{str(k): v for k, v in record.items()}, "dimension": dimension, "toward": toward})
    columns = [*table.columns, "dimension", "toward"]
    return pd.DataFrame(rows, columns=columns)


def positions(
    table: pd.DataFrame,
    dimensions: Sequence[Dimension],
    *,
    by: str = "holder",
    duplicates: Duplicates = "document",
    kinds: Collection[str] | None = POSITION_KINDS,
) -> pd.DataFrame:
    """Position of each holder (``by="holder"``) or document (``by="document"``) on each dimension.

    Index: (dimension, holder or document). Columns: dimension and pole labels, the group's label,
    ``toward_first``, ``toward_second``, ``statements`` (their sum), ``documents`` (how many documents
    the statements come from), ``position`` (see the module docstring) and ``keys`` (the statements'
    keys, "; "-joined, leading to the quotes). Sorted by dimension (codebook order), then position.

    The statements pointing along each dimension are the rows of :func:`pole_rows` (after the
    duplicate rule), gathered on integer codes rather than copied row by row.
    """
    if by not in ("holder", "document"):
        raise ValueError(f"by={by!r}: positions are computed per 'holder' or per 'document'")
    meta = {d.id: d for d in dimensions}
    at, dimension, toward = _pointing(table, dimensions, duplicates, kinds)
    group_codes, group_values = codes(table, by)
    group = group_codes[at]
    keep = group >= 0  # groupby leaves out rows without a group
    at, dimension, toward, group = at[keep], dimension[keep], toward[keep], group[keep]
    width = max(len(group_values), 1)
    cell = dimension * width + group
    order = np.unique(cell)
    slot = np.searchsorted(order, cell)
    size = len(order)
    first_seen = np.full(size, len(cell), dtype="int64")
    np.minimum.at(first_seen, slot, np.arange(len(cell)))
    toward_first = np.bincount(slot[toward < 0], minlength=size)
    toward_second = np.bincount(slot[toward > 0], minlength=size)
    document_codes = codes(table, "document")[0][at]
    dated = document_codes >= 0  # nunique leaves missing values out
    pairs = np.unique(np.stack([slot[dated], document_codes[dated]]), axis=1)
    documents = np.bincount(pairs[0], minlength=size)
    keys = table["key"].to_numpy(dtype=object)[at]
    by_slot = np.argsort(slot, kind="stable")
    bounds = np.searchsorted(slot[by_slot], np.arange(size + 1))
    labels = table["holder_label" if by == "holder" else "document_title"].to_numpy(dtype=object)[at]
    names = sorted(meta)
    out: list[dict[str, object]] = []
    for i in np.argsort(first_seen, kind="stable").tolist():  # groups in order of first appearance, as groupby(sort=False)
        d = meta[names[int(order[i]) // width]]
        value = group_values[int(order[i]) % width]
        first, second = int(toward_first[i]), int(toward_second[i])
        label = labels[first_seen[i]]
        out.append(
            {
                "dimension": d.id,
                by: value,
                "dimension_label": d.label,
                "first_pole": d.poles[0].label,
                "second_pole": d.poles[1].label,
                "label": label if isinstance(label, str) else str(value),
                "toward_first": first,
                "toward_second": second,
                "statements": first + second,
                "documents": int(documents[i]),
                "position": (second - first) / (first + second) if first + second else float("nan"),
                "keys": "; ".join(sorted(str(k) for k in keys[by_slot[bounds[i] : bounds[i + 1]]])),
            }
        )
    frame = pd.DataFrame(out, columns=["dimension", by, *POSITION_COLUMNS])
    order_of = {d.id: i for i, d in enumerate(dimensions)}
    frame = frame.assign(_order=frame["dimension"].map(order_of))
    frame = frame.sort_values(["_order", "position", by], kind="mergesort").drop(columns="_order")
    return frame.set_index(["dimension", by])


def _pointing(
    table: pd.DataFrame, dimensions: Sequence[Dimension], duplicates: Duplicates, kinds: Collection[str] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (row, dimension, toward) of :func:`pole_rows` after the duplicate rule, as arrays, in its order.

    ``dimension`` indexes the sorted dimension ids; ``toward`` is −1 (first pole) or +1 (second).
    """
    poles = {d.id: (d.poles[0].id, d.poles[1].id) for d in dimensions}
    names = sorted(poles)
    rows = counted_rows(table, duplicates)
    if kinds is not None and len(rows):
        rows = rows[table["kind"].isin([str(k) for k in kinds]).to_numpy(dtype=bool)[rows]]
    stance_codes, stances = codes(table, "stance")
    direction = np.array([{"support": 1, "oppose": -1}.get(str(v), 0) for v in stances] + [0], dtype="int64")
    rows = rows[direction[stance_codes[rows]] != 0]
    pole_codes, cells = codes(table, "option_poles")
    items: list[list[tuple[int, int]]] = []
    for cell in cells:
        found = []
        for item in split_list(cell):
            dimension, pole = item.split("=", 1)
            if dimension in poles:
                found.append((names.index(dimension), 1 if pole == poles[dimension][1] else -1))
        items.append(found)
    items.append([])  # a missing cell (code −1) points nowhere
    lengths = np.array([len(i) for i in items], dtype="int64")
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    flat_dimension = np.array([d for i in items for d, _ in i], dtype="int64")
    flat_side = np.array([s for i in items for _, s in i], dtype="int64")
    repeats = lengths[pole_codes[rows]]
    at = np.repeat(rows, repeats)
    nth = np.arange(len(at)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    item = starts[pole_codes[at]] + nth
    toward = flat_side[item] * direction[stance_codes[at]] if len(at) else np.zeros(0, dtype="int64")
    return at, flat_dimension[item] if len(at) else np.zeros(0, dtype="int64"), toward


def positions_over_time(
    table: pd.DataFrame,
    dimensions: Sequence[Dimension],
    *,
    duplicates: Duplicates = "document",
    kinds: Collection[str] | None = POSITION_KINDS,
) -> pd.DataFrame:
    """Each document's position on each dimension with its date, oldest first; undated documents come last, listed, not dropped.

    Columns as :func:`positions` (by document) plus ``date`` (NaT when the text gives none) and ``dated`` (bool).
    """
    per_document = positions(table, dimensions, by="document", duplicates=duplicates, kinds=kinds).reset_index()
    dates = table.drop_duplicates("document").set_index("document")["document_date"]
    per_document["date"] = per_document["document"].map(dates)
    per_document["dated"] = per_document["date"].notna()
    order = {d.id: i for i, d in enumerate(dimensions)}
    per_document = per_document.assign(_order=per_document["dimension"].map(order), _undated=~per_document["dated"])
    per_document = per_document.sort_values(["_order", "_undated", "date", "document"], kind="mergesort")
    return per_document.drop(columns=["_order", "_undated"]).set_index(["dimension", "document"])


MONTHS_LIMIT = 24
"""Periods are calendar months when the dated documents span at most this many months, calendar years otherwise."""

UNDATED = "undated"
"""The period of documents whose text gives no date: counted apart, after every dated period."""


def period_unit(table: pd.DataFrame) -> str:
    """``"month"`` when the table's dated documents fall within :data:`MONTHS_LIMIT` calendar months, else ``"year"``.

    The span counts calendar months from the first dated document's month to the last one's, both included
    (documents of 2024-01 and 2025-12 span 24 months). A corpus with no dated document gets ``"year"``.
    One rule for the whole corpus, so every dimension's periods are the same kind.
    """
    dates = pd.to_datetime(table["document_date"]).dropna()
    if dates.empty:
        return "year"
    first, last = dates.min(), dates.max()
    span = (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1
    return "month" if span <= MONTHS_LIMIT else "year"


def period_label(date: object, unit: str) -> str:
    """The period of a date: ``"2024"`` (year) or ``"2024-05"`` (month); :data:`UNDATED` for a missing date."""
    if date is None or pd.isna(date):  # type: ignore[call-overload]
        return UNDATED
    stamp = pd.Timestamp(date)  # type: ignore[arg-type]
    return f"{stamp.year:04d}" if unit == "year" else f"{stamp.year:04d}-{stamp.month:02d}"


PERIOD_COLUMNS = [
    "dimension_label", "first_pole", "second_pole", "unit",
    "toward_first", "toward_second", "statements", "documents", "holders", "position", "keys",
]


def positions_by_period(
    table: pd.DataFrame,
    dimensions: Sequence[Dimension],
    *,
    duplicates: Duplicates = "document",
    kinds: Collection[str] | None = POSITION_KINDS,
) -> pd.DataFrame:
    """The position on each dimension of all statements of each period, oldest first, undated documents last.

    The period of a statement is its document's (:func:`period_unit` and :func:`period_label`: calendar years,
    or months when the dated documents span little time). Index: (dimension, period). Columns: dimension and
    pole labels, ``unit``, ``toward_first``, ``toward_second``, ``statements`` (their sum), ``documents`` and
    ``holders`` (how many of each the statements come from), ``position`` (as :func:`positions`, over the
    period's statements) and ``keys`` ("; "-joined, leading to the quotes). A period's documents are those of
    :func:`positions_over_time` with a date in it, so a dimension's periods add up to its per-document rows.
    """
    meta = {d.id: d for d in dimensions}
    names = sorted(meta)
    unit = period_unit(table)
    at, dimension, toward = _pointing(table, dimensions, duplicates, kinds)
    document_codes, _ = codes(table, "document")
    holder_codes, _ = codes(table, "holder")
    period_of = np.array([period_label(d, unit) for d in table["document_date"].tolist()], dtype=object)
    frame = pd.DataFrame(
        {
            "dimension": np.array(names, dtype=object)[dimension] if len(at) else np.zeros(0, dtype=object),
            "period": period_of[at],
            "document": document_codes[at],
            "holder": holder_codes[at],
            "toward": toward,
            "key": table["key"].to_numpy(dtype=object)[at],
        }
    )
    frame = frame[frame["document"] >= 0]
    out: list[dict[str, object]] = []
    for (dimension_id, period), part in frame.groupby(["dimension", "period"], sort=True):
        d = meta[str(dimension_id)]
        first, second = int((part["toward"] < 0).sum()), int((part["toward"] > 0).sum())
        held = part["holder"]
        out.append(
            {
                "dimension": d.id,
                "period": str(period),
                "dimension_label": d.label,
                "first_pole": d.poles[0].label,
                "second_pole": d.poles[1].label,
                "unit": unit,
                "toward_first": first,
                "toward_second": second,
                "statements": first + second,
                "documents": int(part["document"].nunique()),
                "holders": int(held[held >= 0].nunique()),
                "position": (second - first) / (first + second),
                "keys": "; ".join(sorted(str(k) for k in part["key"])),
            }
        )
    result = pd.DataFrame(out, columns=["dimension", "period", *PERIOD_COLUMNS])
    order = {d.id: i for i, d in enumerate(dimensions)}
    result = result.assign(_order=result["dimension"].map(order), _undated=result["period"] == UNDATED)
    result = result.sort_values(["_order", "_undated", "period"], kind="mergesort").drop(columns=["_order", "_undated"])
    return result.set_index(["dimension", "period"])
