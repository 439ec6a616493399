"""The side-by-side table of one theme: one row per option, one column per holder, quotes in cells.

This is the framework matrix of qualitative analysis (case × code with the coded text in each
cell), made from the tidy table: the table an analyst pastes into a brief.
"""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from policycmp.display import Frame
from policycmp.filters import deduplicate, with_group
from policycmp.matrices import axis_order, labels_for
from policycmp.models import Codebook
from policycmp.options import Duplicates, GroupKey, choose
from policycmp.vocabulary import CELL, EXPECTED_MARK


def cell_text(row: pd.Series) -> str:
    """One statement as text: stance symbol, quote, condition, document (• for an expectation)."""
    mark = CELL[str(row["stance"])].symbol + (EXPECTED_MARK if row["kind"] == "forecast" else "")
    condition = f" [if: {row['conditions']}]" if isinstance(row["conditions"], str) and row["conditions"] else ""
    return f"{mark} “{row['quote']}”{condition} ({row['document']})"


def side_by_side(
    table: pd.DataFrame,
    theme: str,
    *,
    codebook: Codebook | None = None,
    by: GroupKey = "holder",
    duplicates: Duplicates = "document",
    labels: bool = True,
) -> Frame:
    """For ``theme``: rows are its options, columns the ``by`` groups that address it.

    Each cell lists that group's statements on that option, one per line, in table order:
    ``✓ “quote” [if: condition] (document)``. With a ``codebook`` every option of the theme is a
    row, including those nobody addressed; without one, only options that occur. ``labels``
    puts readable labels (instead of ids) in the index and columns.
    """
    known = [t.id for t in codebook.themes] if codebook is not None else sorted(set(table["theme"]))
    theme = choose("theme", theme, tuple(known), "a theme of the codebook")
    rows = deduplicate(table.loc[table["theme"] == theme], duplicates)
    rows = with_group(rows, by, "_col")
    options: list[Hashable]
    if codebook is not None:
        options = [o.id for t in codebook.themes if t.id == theme for o in t.options]
        option_labels: dict[Hashable, str] = {o.id: o.label for t in codebook.themes if t.id == theme for o in t.options}
    else:
        options = axis_order(rows, "option", "option")
        option_labels = {}
    columns = axis_order(rows, by, "_col")
    cells = {col: dict.fromkeys(options, "") for col in columns}
    for _, row in rows.iterrows():
        current = cells[row["_col"]][row["option"]]
        cells[row["_col"]][row["option"]] = f"{current}\n{cell_text(row)}" if current else cell_text(row)
    frame = pd.DataFrame(cells, index=pd.Index(options, name="option"), columns=pd.Index(columns, name=by))
    names = {**labels_for(table), **option_labels}
    if labels:
        frame = frame.rename(index=names, columns=names)
    return Frame.wrap(frame, "text", names, f"side by side: {theme}")
