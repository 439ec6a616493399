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

import pandas as pd

from policycmp.filters import deduplicate
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
    """
    if by not in ("holder", "document"):
        raise ValueError(f"by={by!r}: positions are computed per 'holder' or per 'document'")
    rows = pole_rows(deduplicate(table, duplicates), dimensions, kinds=kinds)
    meta = {d.id: d for d in dimensions}
    label_column = "holder_label" if by == "holder" else "document_title"
    out: list[dict[str, object]] = []
    for (dimension, group), part in rows.groupby(["dimension", by], sort=False):
        d = meta[str(dimension)]
        first = int((part["toward"] < 0).sum())
        second = int((part["toward"] > 0).sum())
        label = part[label_column].iloc[0]
        out.append(
            {
                "dimension": dimension,
                by: group,
                "dimension_label": d.label,
                "first_pole": d.poles[0].label,
                "second_pole": d.poles[1].label,
                "label": label if isinstance(label, str) else str(group),
                "toward_first": first,
                "toward_second": second,
                "statements": first + second,
                "documents": int(part["document"].nunique()),
                "position": (second - first) / (first + second) if first + second else float("nan"),
                "keys": "; ".join(sorted(str(k) for k in part["key"])),
            }
        )
    frame = pd.DataFrame(out, columns=["dimension", by, *POSITION_COLUMNS])
    order = {d.id: i for i, d in enumerate(dimensions)}
    frame = frame.assign(_order=frame["dimension"].map(order))
    frame = frame.sort_values(["_order", "position", by], kind="mergesort").drop(columns="_order")
    return frame.set_index(["dimension", by])


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
