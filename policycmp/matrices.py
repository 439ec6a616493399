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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from policycmp.display import Frame, StanceMatrix
from policycmp.filters import codes, counted_rows, group_codes
from policycmp.models import POSITION_KINDS, Stance, StatementKind, Strength
from policycmp.options import DUPLICATE_RULES, GROUP_KEYS, MATRIX_VALUES, Duplicates, GroupKey, MatrixValue, choose
from policycmp.table import memo
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
    """Display labels of holder, theme and option ids found in ``table`` (a fresh dict; worked out once for a shared table)."""
    return dict(memo(table, "labels", lambda: _labels(table)))


def _labels(table: pd.DataFrame) -> dict[Hashable, str]:
    labels: dict[Hashable, str] = {}
    for key, label in (("holder", "holder_label"), ("theme", "theme_label"), ("option", "option_label")):
        if not table.empty:
            pairs = table[[key, label]].drop_duplicates(key, keep="last")  # the last label of each id, as dict(zip(...)) keeps
            labels.update(dict(zip(pairs[key].tolist(), pairs[label].tolist(), strict=True)))
    return labels


@dataclass(frozen=True)
class _Cells:
    """The statements of a ``rows`` × ``cols`` matrix, summed per cell over every group that occurs (dense arrays).

    ``rows``/``cols`` are the group values (codes index them) and ``row_order``/``col_order`` the
    groups that hold a statement, in :func:`axis_order`. Arrays are groups × groups: statements,
    the sum and number of their signs, how many are forecasts, and the stance when the cell holds
    exactly one (``""`` otherwise).
    """

    rows: list[str]
    cols: list[str]
    row_order: list[Hashable]
    col_order: list[Hashable]
    counts: np.ndarray
    sign_sum: np.ndarray
    signed: np.ndarray
    forecasts: np.ndarray
    stance: np.ndarray
    placements: dict[tuple[Hashable, ...], tuple[np.ndarray, pd.Index]] = field(default_factory=dict, compare=False, repr=False)
    """Where each axis asked for finds its groups, worked out once per axis (indexes are immutable, so frames share them)."""

    def place(self, index: Sequence[Hashable], name: str, axis: int) -> tuple[np.ndarray, pd.Index]:
        """For each entry of ``index`` along ``axis``, the position of its group (−1: none), and ``index`` as text labels."""
        key = (name, axis, *index)
        if key not in self.placements:
            labels = pd.Index(list(index), dtype="str", name=name)
            known = self.rows if axis == 0 else self.cols
            where = pd.Index(known, dtype="str").get_indexer(labels) if known else np.full(len(labels), -1, dtype="int64")
            self.placements[key] = (where, labels)
        return self.placements[key]


def _cells(
    table: pd.DataFrame, rows: GroupKey, cols: GroupKey, duplicates: Duplicates, kinds: Collection[str] | None = None
) -> _Cells:
    """The cells of a matrix of ``table`` (see :class:`_Cells`), kept for a shared table: every value of a matrix reads them."""
    row_groups, col_groups = group_codes(table, rows, option="rows"), group_codes(table, cols, option="cols")
    counted = counted_rows(table, duplicates, kinds)
    wanted = None if kinds is None else tuple(sorted({str(k) for k in kinds}))
    key = ("cells", rows, cols, choose("duplicates", duplicates, DUPLICATE_RULES, "a duplicate rule"), wanted)
    return memo(table, key, lambda: _count_cells(table, rows, cols, counted, row_groups, col_groups))


def _pairs(n: int, counted: np.ndarray, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
    """(row position, code under a, code under b) for every counted row and every pair of its groups."""
    keep = np.zeros(n, dtype=bool)
    keep[counted] = True
    a_rows, a_codes = a[0][keep[a[0]]], a[1][keep[a[0]]]
    b_rows, b_codes = b[0][keep[b[0]]], b[1][keep[b[0]]]
    if len(b_rows) < 2 or bool((np.diff(b_rows) > 0).all()):  # at most one group per row under b (rows come in order): look it up
        by_row = np.full(n, -1, dtype="int64")
        by_row[b_rows] = b_codes
        found = by_row[a_rows]
        return a_rows[found >= 0], a_codes[found >= 0], found[found >= 0]
    joined = pd.DataFrame({"r": a_rows, "a": a_codes}).merge(pd.DataFrame({"r": b_rows, "b": b_codes}), on="r", sort=False)
    return joined["r"].to_numpy(), joined["a"].to_numpy(), joined["b"].to_numpy()


def _count_cells(
    table: pd.DataFrame,
    rows: GroupKey,
    cols: GroupKey,
    counted: np.ndarray,
    row_groups: tuple[np.ndarray, np.ndarray, list[str]],
    col_groups: tuple[np.ndarray, np.ndarray, list[str]],
) -> _Cells:
    at, r, c = _pairs(len(table), counted, row_groups[:2], col_groups[:2])
    n_rows, n_cols = len(row_groups[2]), len(col_groups[2])
    cell = r * n_cols + c
    size = n_rows * n_cols
    stance_codes, stances = codes(table, "stance")
    stance_at = stance_codes[at]
    sign_of = np.array([STANCE_SIGN.get(str(v), np.nan) for v in stances] + [np.nan], dtype="float64")
    sign = sign_of[stance_at]
    valid = ~np.isnan(sign)
    kind_codes, kinds = codes(table, "kind")
    forecast = np.array([v == "forecast" for v in kinds] + [False], dtype=bool)[kind_codes[at]]
    per_stance = np.bincount(cell[stance_at >= 0] * len(stances) + stance_at[stance_at >= 0], minlength=size * len(stances))
    per_stance = per_stance.reshape(size, len(stances)) if len(stances) else np.zeros((size, 0), dtype="int64")
    single = (per_stance > 0).sum(axis=1) == 1
    names = np.array([str(v) for v in stances] + [""], dtype=object)
    only = np.where(single, names[per_stance.argmax(axis=1) if len(stances) else np.zeros(size, dtype="int64")], "")
    return _Cells(
        rows=row_groups[2],
        cols=col_groups[2],
        row_order=_present_order(table, rows, r, at, row_groups[2]),
        col_order=_present_order(table, cols, c, at, col_groups[2]),
        counts=np.bincount(cell, minlength=size).reshape(n_rows, n_cols),
        sign_sum=np.bincount(cell[valid], weights=sign[valid], minlength=size).reshape(n_rows, n_cols),
        signed=np.bincount(cell[valid], minlength=size).reshape(n_rows, n_cols),
        forecasts=np.bincount(cell[forecast], minlength=size).reshape(n_rows, n_cols),
        stance=only.astype(object).reshape(n_rows, n_cols),
    )


def _present_order(table: pd.DataFrame, key: str, found: np.ndarray, at: np.ndarray, values: list[str]) -> list[Hashable]:
    """The groups among ``values`` that ``found`` (codes, one per statement at rows ``at``) holds, in :func:`axis_order`."""
    present = np.unique(found)
    names: list[Hashable] = [values[i] for i in present]
    if key in ("option", "theme"):
        rank = np.full(len(values), np.iinfo("int64").max, dtype="int64")
        np.minimum.at(rank, found, table[f"{key}_order"].to_numpy(dtype="int64")[at])
        ranked = dict(zip(names, rank[present].tolist(), strict=True))
        return sorted(names, key=lambda v: (ranked[v], str(v)))
    if key in _FIXED_ORDER:
        return [v for v in _FIXED_ORDER[key] if v in names]
    return sorted(names, key=str)


def _place(values: np.ndarray, where: np.ndarray, labels: pd.Index, axis: int, fill: Any) -> np.ndarray:
    """``values`` (one entry per group along ``axis``) laid out along ``labels`` (group positions ``where``, −1 for ``fill``)."""
    if values.shape[axis] == 0:
        shape = list(values.shape)
        shape[axis] = len(labels)
        return np.full(shape, fill, dtype=values.dtype)
    out: np.ndarray = np.take(values, np.maximum(where, 0), axis=axis)
    missing = where < 0
    if missing.any():
        out[(slice(None),) * axis + (missing,)] = fill
    return out


def _framed(
    cells: _Cells, values: np.ndarray, index: Sequence[Hashable], columns: Sequence[Hashable], rows: str, cols: str, fill: Any
) -> pd.DataFrame:
    """A cells array as the matrix frame: ``index`` × ``columns``, ``fill`` where no statement is."""
    row_at, row_labels = cells.place(index, rows, 0)
    col_at, col_labels = cells.place(columns, cols, 1)
    values = _place(_place(values, row_at, row_labels, 0, fill), col_at, col_labels, 1, fill)
    return pd.DataFrame(values, index=row_labels, columns=col_labels, dtype=values.dtype)  # object stays object (not text)


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
    return _matrix(table, rows, cols, value, duplicates, row_order, col_order, None)


def _matrix(
    table: pd.DataFrame,
    rows: GroupKey,
    cols: GroupKey,
    value: MatrixValue,
    duplicates: Duplicates,
    row_order: Sequence[Hashable] | None,
    col_order: Sequence[Hashable] | None,
    kinds: Collection[str] | None,
) -> Frame:
    """:func:`matrix` of the statements of ``kinds`` (``None``: all) only, counted from the cells (see :class:`_Cells`)."""
    cells = _cells(table, rows, cols, duplicates, kinds)
    index = cells.row_order if row_order is None else list(row_order)
    columns = cells.col_order if col_order is None else list(col_order)
    labels = labels_for(table)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(cells.signed > 0, cells.sign_sum / np.where(cells.signed > 0, cells.signed, 1), np.nan)
    counts = _framed(cells, cells.counts.astype("int64"), index, columns, rows, cols, 0)
    if value == "count":
        return Frame.wrap(counts, "count", labels, "number of statements")
    numeric = _framed(cells, mean.astype("float64"), index, columns, rows, cols, np.nan)
    if value == "numeric":
        return Frame.wrap(numeric, "numeric", labels, "mean direction: +1 support, −1 oppose, 0 conditional")
    if value == "net":
        net = np.where(cells.counts > 0, cells.sign_sum, np.nan).astype("float64")
        net_frame = _framed(cells, net, index, columns, rows, cols, np.nan)
        return Frame.wrap(net_frame, "net", labels, "supports minus opposes (blank: no statement)")
    state = np.where(cells.counts > 0, np.where(cells.stance == "", "mixed", cells.stance), "none").astype(object)
    stance = _framed(cells, state, index, columns, rows, cols, "none")
    expected = (cells.counts > 0) & (cells.forecasts == cells.counts)
    result = StanceMatrix.wrap(stance, "stance", labels)
    result._pc_numeric = numeric
    result._pc_counts = counts
    result._pc_expected = _framed(cells, expected, index, columns, rows, cols, False)
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
    wanted = None if kinds is None or table.empty else [str(k) for k in kinds]
    stances = _matrix(table, by, "option", "stance", duplicates, None, None, wanted)
    mask = table["kind"].isin(wanted).to_numpy(dtype=bool) if wanted is not None else np.ones(len(table), dtype=bool)
    described = table.loc[mask, ["option", "theme", "option_label", "option_order", "holder", "holder_label", "theme_label"]]
    counted = counted_rows(table, duplicates, wanted)
    option_codes, option_values = codes(table, "option")
    document_codes = codes(table, "document")[0]
    pairs = pd.DataFrame({"o": option_codes[counted], "d": document_codes[counted]}).drop_duplicates()
    per_option = pairs.loc[(pairs["o"] >= 0) & (pairs["d"] >= 0)].groupby("o").size()
    documents = dict(zip((option_values[i] for i in per_option.index), per_option.tolist(), strict=True))
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
    meta = described.drop_duplicates("option").set_index("option")
    summary.insert(1, "theme", summary["option"].map(meta["theme"]) if not meta.empty else [])
    summary.insert(2, "option_label", summary["option"].map(meta["option_label"]) if not meta.empty else [])
    order = summary["option"].map(meta["option_order"]) if not meta.empty else pd.Series(dtype="int64")
    summary = summary.assign(_side=summary["supporters"] + summary["opponents"], _order=order)
    summary = summary.sort_values(
        ["minority", "_side", "contestation", "_order"], ascending=[False, False, False, True], kind="mergesort"
    )
    summary = summary.drop(columns=["_side", "_order"]).set_index("option")
    return Frame.wrap(summary, "table", _labels(described), "options by contestation = 1 − |s − o| / (s + o)")


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
