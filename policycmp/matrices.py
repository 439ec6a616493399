"""Matrices derived from the tidy table: stance, direction and counts, per option summaries.

Every function takes a tidy table (:func:`policycmp.table.tidy`) and first applies the duplicate
rule (:func:`policycmp.filters.deduplicate`), so the same statements are counted everywhere.

Cell values of a stance matrix (rows × columns, e.g. holder × option):

* ``support`` / ``oppose`` / ``conditional`` when every statement in the cell has that stance;
* ``mixed`` when the cell holds more than one distinct stance (say a holder who supports an
  option in one document and opposes it in another);
* ``none`` when the cell holds no statement.

Numeric view: each statement scores +1 (support), −1 (oppose) or 0 (conditional); the cell is
the mean, so a pure cell is +1/−1/0, a mixed one lies between (one support and one oppose → 0),
and an empty cell is NaN. ``net`` is the sum instead of the mean (supports minus opposes; NaN
where there is no statement, so silence is not read as balance), and ``count`` the number of
statements.

Contestation of an option (:func:`option_summary`): take each holder's position on it (the
holder × option stance cell), count supporters ``s`` and opponents ``o``; then

    contestation = 1 − |s − o| / (s + o)   (0 when s + o = 0)

It is 0 when everyone who takes a side takes the same one and 1 for an even split, whatever the
number of holders, so one dissenter among ten scores 0.18 while five against five scores 1.
Conditional and mixed holders are reported but do not enter the score: a condition is neither
agreement nor refusal, and a mixed holder has no single side.

The ranking of contested options does not rest on the score alone, which would put a
one-against-one split above five against four: options are ranked by the size of the smaller
side (``minority``, how many holders stand against the majority), then by how many take a side,
then by contestation, then codebook order. Each row says how many statements and documents it
rests on. Only positions count (demands, recommendations, commitments): a forecast takes no side.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from policycmp.display import Frame, StanceMatrix
from policycmp.filters import deduplicate, with_group
from policycmp.models import POSITION_KINDS, Stance, StatementKind, Strength
from policycmp.options import GROUP_KEYS, MATRIX_VALUES, Duplicates, GroupKey, MatrixValue, choose
from policycmp.vocabulary import CELL, STANCE

STANCE_SIGN: dict[str, float] = STANCE.signs()
CELL_STATES: tuple[str, ...] = CELL.values

_FIXED_ORDER = {
    "stance": [s.value for s in Stance],
    "kind": [k.value for k in StatementKind],
    "strength": [s.value for s in Strength],
}


def axis_order(table: pd.DataFrame, key: str, column: str) -> list[Hashable]:
    """The order of the values of grouping ``key`` (held in ``column`` of ``table``).

    Themes and options follow the codebook; stance and strength their vocabulary; everything
    else is sorted as text.
    """
    values = table[column].dropna().unique().tolist()
    if key in ("option", "theme"):
        rank = table.groupby(column)[f"{key}_order"].min()
        return sorted(values, key=lambda v: (int(rank[v]), str(v)))
    if key in _FIXED_ORDER:
        fixed = _FIXED_ORDER[key]
        return [v for v in fixed if v in values]
    return sorted(values, key=str)


def labels_for(table: pd.DataFrame) -> dict[Hashable, str]:
    """Display labels of holder, theme and option ids found in ``table``."""
    labels: dict[Hashable, str] = {}
    for key, label in (("holder", "holder_label"), ("theme", "theme_label"), ("option", "option_label")):
        if not table.empty:
            pairs = table[[key, label]].drop_duplicates(key, keep="last")  # the last label of each id, as dict(zip(...)) keeps
            labels.update(dict(zip(pairs[key].tolist(), pairs[label].tolist(), strict=True)))
    return labels


_FREE_TEXT = ("document_title", "outlet", "conditions", "quote", "segments", "note", "holder_members")
"""Tidy columns no matrix reads: left out before the rows are filtered and reordered (copying them dominated)."""


def _grouped(table: pd.DataFrame, rows: GroupKey, cols: GroupKey, duplicates: Duplicates) -> pd.DataFrame:
    table = table.drop(columns=[c for c in _FREE_TEXT if c in table.columns])
    frame = with_group(deduplicate(table, duplicates), rows, "_row", option="rows")
    frame = with_group(frame, cols, "_col", option="cols")
    frame = frame.loc[frame["_row"].notna() & frame["_col"].notna()]
    return frame.assign(_sign=frame["stance"].map(STANCE_SIGN).astype("float64"))


def _unstack(series: pd.Series, index: Sequence[Hashable], columns: Sequence[Hashable], fill: Any) -> pd.DataFrame:
    out = series.unstack("_col", fill_value=fill) if not series.empty else pd.DataFrame()
    return out.reindex(index=pd.Index(list(index), dtype="str"), columns=pd.Index(list(columns), dtype="str"), fill_value=fill)


def matrix(
    table: pd.DataFrame,
    rows: GroupKey = "holder",
    cols: GroupKey = "option",
    value: MatrixValue = "stance",
    *,
    duplicates: Duplicates = "document",
    row_order: Sequence[Hashable] | None = None,
    col_order: Sequence[Hashable] | None = None,
) -> Frame:
    """A ``rows`` × ``cols`` matrix (e.g. holder × option, document × theme) of ``value``.

    ``value`` is ``stance`` (a :class:`~policycmp.display.StanceMatrix`, with ``.numeric`` and
    ``.counts``), ``numeric`` (mean direction), ``net`` (supports − opposes) or ``count``.
    Grouping keys are listed in :data:`policycmp.options.GROUP_KEYS`. By default the matrix
    has the rows and columns that occur in ``table``; ``row_order``/``col_order`` fix them
    instead (e.g. every codebook option), empty ones filled with ``none``, 0 or NaN, and groups
    not listed left out.
    """
    value = choose("value", value, MATRIX_VALUES, "a matrix value")
    frame = _grouped(table, rows, cols, duplicates)
    index = axis_order(frame, rows, "_row") if row_order is None else list(row_order)
    columns = axis_order(frame, cols, "_col") if col_order is None else list(col_order)
    labels = labels_for(table)
    groups = frame.groupby(["_row", "_col"], sort=False)
    counts = _unstack(groups.size(), index, columns, 0).astype("int64")
    counts = counts.rename_axis(index=rows, columns=cols)
    if value == "count":
        return Frame.wrap(counts, "count", labels, "number of statements")
    numeric = _unstack(groups["_sign"].mean(), index, columns, np.nan).astype("float64").rename_axis(index=rows, columns=cols)
    if value == "numeric":
        return Frame.wrap(numeric, "numeric", labels, "mean direction: +1 support, −1 oppose, 0 conditional")
    if value == "net":
        net = _unstack(groups["_sign"].sum(), index, columns, np.nan).astype("float64").rename_axis(index=rows, columns=cols)
        return Frame.wrap(net, "net", labels, "supports minus opposes (blank: no statement)")
    first = groups["stance"].first()
    distinct = first.where(groups["stance"].nunique() == 1, "mixed")
    stance = _unstack(distinct.astype(object), index, columns, "none").astype(object).rename_axis(index=rows, columns=cols)
    only_expected = frame.assign(_expected=frame["kind"] == "forecast").groupby(["_row", "_col"], sort=False)["_expected"].all()
    expected = _unstack(only_expected, index, columns, False)
    result = StanceMatrix.wrap(stance, "stance", labels)
    result._pc_numeric = numeric
    result._pc_counts = counts
    result._pc_expected = expected.astype(bool).rename_axis(index=rows, columns=cols)
    return result


def option_summary(
    table: pd.DataFrame, *, by: GroupKey = "holder", duplicates: Duplicates = "document", kinds: Collection[str] | None = POSITION_KINDS
) -> Frame:
    """One row per option: who supports, opposes, sets conditions or is mixed, and contestation.

    Columns: theme, option_label, supporters, opponents, conditional, mixed (counts of ``by``
    groups, default holders), n (groups addressing it), minority (the smaller of supporters and
    opponents), statements, documents, contestation (see the module docstring), and ``*_names``:
    the groups on each side, "; "-joined, for traceability. Only statements of ``kinds`` count
    (default: positions, not forecasts). Sorted by minority, then supporters + opponents, then
    contestation (highest first), then codebook order.
    """
    by = choose("by", by, GROUP_KEYS, "a grouping key")
    if kinds is not None and not table.empty:
        table = table.loc[table["kind"].isin([str(k) for k in kinds])]
    stances = matrix(table, by, "option", "stance", duplicates=duplicates)
    documents = deduplicate(table, duplicates).groupby("option")["document"].nunique() if not table.empty else pd.Series(dtype="int64")
    counts = stances.counts
    rows = []
    for option in stances.columns:
        column = stances[option]
        sides = {state: [str(g) for g in column.index[column == state]] for state in CELL_STATES[:4]}
        s, o = len(sides["support"]), len(sides["oppose"])
        rows.append(
            {
                "option": option,
                "supporters": s,
                "opponents": o,
                "conditional": len(sides["conditional"]),
                "mixed": len(sides["mixed"]),
                "n": s + o + len(sides["conditional"]) + len(sides["mixed"]),
                "minority": min(s, o),
                "statements": int(counts[option].sum()),
                "documents": int(documents.get(option, 0)),
                "contestation": contestation(s, o),
                **{f"{state}_names": "; ".join(names) for state, names in sides.items()},
            }
        )
    summary = pd.DataFrame(rows, columns=[
        "option", "supporters", "opponents", "conditional", "mixed", "n", "minority", "statements", "documents", "contestation",
        "support_names", "oppose_names", "conditional_names", "mixed_names",
    ])
    meta = table.drop_duplicates("option").set_index("option")
    summary.insert(1, "theme", summary["option"].map(meta["theme"]) if not meta.empty else [])
    summary.insert(2, "option_label", summary["option"].map(meta["option_label"]) if not meta.empty else [])
    order = summary["option"].map(meta["option_order"]) if not meta.empty else pd.Series(dtype="int64")
    summary = summary.assign(_side=summary["supporters"] + summary["opponents"], _order=order)
    summary = summary.sort_values(
        ["minority", "_side", "contestation", "_order"], ascending=[False, False, False, True], kind="mergesort"
    )
    summary = summary.drop(columns=["_side", "_order"]).set_index("option")
    return Frame.wrap(summary, "table", labels_for(table), "options by contestation = 1 − |s − o| / (s + o)")


def contestation(supporters: int, opponents: int) -> float:
    """1 − |s − o| / (s + o): 0 when all who take a side agree, 1 for an even split (0 if nobody does)."""
    total = supporters + opponents
    return 0.0 if total == 0 else 1.0 - abs(supporters - opponents) / total


def contested(table: pd.DataFrame, *, by: GroupKey = "holder", duplicates: Duplicates = "document") -> Frame:
    """Options on which some take each side (contestation > 0), most contested first."""
    summary = option_summary(table, by=by, duplicates=duplicates)
    return Frame.wrap(summary.loc[summary["contestation"] > 0], "table", labels_for(table), "contested options")


def consensus(table: pd.DataFrame, *, by: GroupKey = "holder", duplicates: Duplicates = "document", min_holders: int = 2) -> Frame:
    """Options addressed by at least ``min_holders`` groups with nobody opposing the majority side.

    Sorted by the number of groups on the (single) side taken, then codebook order.
    """
    summary = option_summary(table, by=by, duplicates=duplicates)
    agreed = summary.loc[(summary["contestation"] == 0) & (summary["mixed"] == 0) & (summary["n"] >= min_holders)]
    agreed = agreed.assign(_side=agreed["supporters"] + agreed["opponents"])
    agreed = agreed.sort_values("_side", ascending=False, kind="mergesort").drop(columns="_side")
    return Frame.wrap(agreed, "table", labels_for(table), "consensus options")
