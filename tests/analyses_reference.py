"""The analysis code as it was before the issue #17 rewrite, kept unchanged as the specification.

:mod:`tests.test_analyses_equivalence` checks that the faster implementations (integer codes,
counts kept per shared table, the table built column by column) give exactly what these give:
same frames, same dtypes, same order.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from policycmp.agreement import agreement
from policycmp.display import Frame, StanceMatrix
from policycmp.filters import KIND_RANK, with_group
from policycmp.matrices import STANCE_SIGN, axis_order, contestation
from policycmp.models import POSITION_KINDS, Dimension
from policycmp.options import DUPLICATE_RULES, GROUP_KEYS, NORMALISATIONS, choose
from policycmp.positions import POSITION_COLUMNS, pole_rows
from policycmp.records import CorpusRecord
from policycmp.table import COLUMNS, LIST_SEPARATOR
from policycmp.vocabulary import CELL

_INT_COLUMNS = ("start", "end", "theme_order", "option_order")
_NON_TEXT_COLUMNS = (*_INT_COLUMNS, "document_date", "segments")


def tidy(corpus: CorpusRecord) -> pd.DataFrame:
    holders = corpus.holders
    option_theme = corpus.option_theme
    options = corpus.options
    themes = corpus.themes
    theme_rank = {t.id: i for i, t in enumerate(corpus.codebook.themes)}
    option_rank = {o: i for i, o in enumerate(options)}
    rows: list[dict[str, Any]] = []
    for doc_id in sorted(corpus.documents):
        loaded = corpus.documents[doc_id]
        meta = loaded.coded.document
        for anchored in loaded.recommendations:
            rec = anchored.recommendation
            holder = holders.get(anchored.holder)
            theme_id = option_theme.get(rec.option, "")
            option = options.get(rec.option)
            theme = themes.get(theme_id)
            rows.append(
                {
                    "key": f"{doc_id}/{rec.id}",
                    "document": doc_id,
                    "rec_id": rec.id,
                    "document_title": meta.title,
                    "document_kind": str(meta.kind),
                    "document_date": meta.date,
                    "outlet": meta.outlet,
                    "authors": LIST_SEPARATOR.join(meta.authors),
                    "voice": meta.voice,
                    "holder": anchored.holder,
                    "holder_label": holder.label if holder else anchored.holder,
                    "holder_type": str(holder.type) if holder else None,
                    "holder_affiliation": holder.affiliation if holder else None,
                    "holder_members": LIST_SEPARATOR.join(holder.members) if holder else "",
                    "actors": LIST_SEPARATOR.join(rec.actors),
                    "theme": theme_id,
                    "theme_label": theme.label if theme else theme_id,
                    "option": rec.option,
                    "option_label": option.label if option else rec.option,
                    "option_poles": LIST_SEPARATOR.join(f"{p.dimension}={p.pole}" for p in option.poles) if option else "",
                    "stance": str(rec.stance),
                    "kind": str(rec.kind),
                    "strength": str(rec.strength) if rec.strength is not None else None,
                    "conditions": rec.conditions,
                    "quote": rec.quote,
                    "start": anchored.start,
                    "end": anchored.end,
                    "segments": tuple(anchored.segments),
                    "note": rec.note,
                    "theme_order": theme_rank.get(theme_id, len(theme_rank)),
                    "option_order": option_rank.get(rec.option, len(option_rank)),
                }
            )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["document_date"] = pd.to_datetime(frame["document_date"])
    for column in _INT_COLUMNS:
        frame[column] = frame[column].astype("int64")
    for column in COLUMNS:
        if column not in _NON_TEXT_COLUMNS:
            frame[column] = frame[column].astype("str")
    return frame.sort_values(["document", "start", "rec_id"], kind="mergesort", ignore_index=True)


def deduplicate(table: pd.DataFrame, duplicates: str = "document") -> pd.DataFrame:
    if duplicates == "all" or table.empty:
        return table
    subset = ["holder", "option", "stance"] + (["document"] if duplicates == "document" else [])
    rank = table["kind"].map(KIND_RANK).fillna(len(KIND_RANK)).to_numpy() if "kind" in table else np.zeros(len(table))
    order = np.argsort(rank, kind="stable")
    repeated = table[subset].iloc[order].duplicated(keep="first").to_numpy()
    return table.iloc[np.sort(order[~repeated])]


def labels_for(table: pd.DataFrame) -> dict[Hashable, str]:
    labels: dict[Hashable, str] = {}
    for key, label in (("holder", "holder_label"), ("theme", "theme_label"), ("option", "option_label")):
        if not table.empty:
            labels.update(dict(zip(table[key], table[label], strict=True)))
    return labels


_FREE_TEXT = ("document_title", "outlet", "conditions", "quote", "segments", "note", "holder_members")


def _grouped(table: pd.DataFrame, rows: str, cols: str, duplicates: str) -> pd.DataFrame:
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
    rows: str = "holder",
    cols: str = "option",
    value: str = "stance",
    *,
    duplicates: str = "document",
    row_order: Sequence[Hashable] | None = None,
    col_order: Sequence[Hashable] | None = None,
) -> Frame:
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
    table: pd.DataFrame, *, by: str = "holder", duplicates: str = "document", kinds: Collection[str] | None = POSITION_KINDS
) -> Frame:
    if kinds is not None and not table.empty:
        table = table.loc[table["kind"].isin([str(k) for k in kinds])]
    stances = matrix(table, by, "option", "stance", duplicates=duplicates)
    documents = deduplicate(table, duplicates).groupby("option")["document"].nunique() if not table.empty else pd.Series(dtype="int64")
    counts = stances.counts
    rows = []
    for option in stances.columns:
        column = stances[option]
        sides = {state: [str(g) for g in column.index[column == state]] for state in CELL.values[:4]}
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
    summary = summary.sort_values(["minority", "_side", "contestation", "_order"], ascending=[False, False, False, True], kind="mergesort")
    summary = summary.drop(columns=["_side", "_order"]).set_index("option")
    return Frame.wrap(summary, "table", labels_for(table), "options by contestation = 1 − |s − o| / (s + o)")


def prepare(table: pd.DataFrame, by: str, duplicates: str, kinds: Collection[str] | None) -> pd.DataFrame:
    """What ``agreement._prepare`` gave: the rows of ``kinds``, deduplicated, with their group in ``_row``."""
    if kinds is not None and not table.empty:
        table = table.loc[table["kind"].isin([str(k) for k in kinds])]
    frame = with_group(deduplicate(table, duplicates), by, "_row")
    return frame.loc[frame["_row"].notna()]


def graph_nodes(table: pd.DataFrame, nodes: Sequence[Hashable], by: str, duplicates: str) -> dict[str, dict[str, str | int]]:
    """The node attributes ``agreement_graph`` gave ``nodes``."""
    grouped = with_group(deduplicate(table, duplicates), by, "_row")
    statements = grouped.groupby("_row").size()
    first = grouped.drop_duplicates("_row").set_index("_row")
    out: dict[str, dict[str, str | int]] = {}
    for node in nodes:
        attrs: dict[str, str | int] = {"label": str(node), "statements": int(statements.get(node, 0))}
        if by == "holder":
            attrs["label"] = str(first.at[node, "holder_label"])
            attrs["type"] = str(first.at[node, "holder_type"])
            affiliation = first.at[node, "holder_affiliation"]
            attrs["affiliation"] = str(affiliation) if isinstance(affiliation, str) else ""
        out[str(node)] = attrs
    return out


def positions(
    table: pd.DataFrame, dimensions: Sequence[Dimension], *, by: str = "holder", duplicates: str = "document",
    kinds: Collection[str] | None = POSITION_KINDS,
) -> pd.DataFrame:
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
                "dimension": dimension, by: group, "dimension_label": d.label, "first_pole": d.poles[0].label,
                "second_pole": d.poles[1].label, "label": label if isinstance(label, str) else str(group),
                "toward_first": first, "toward_second": second, "statements": first + second,
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


def coalition_evidence(self: Any) -> pd.DataFrame:
    """``Coalitions.evidence()`` as it was before issue #17's round 6: pandas passes per coalition.

    Columns: coalition, members, ties (member pairs that agree), statements, documents,
    keys (the statements' keys, "; "-joined) and note ("rests on a single statement",
    "rests on a single document", "one member" or empty).
    """
    settings = dict(self.settings)
    scores = agreement(
        self.table,
        normalise=choose("normalise", str(settings.get("normalise", "jaccard")), NORMALISATIONS, "a normalisation"),
        by=choose("by", str(settings.get("by", "holder")), GROUP_KEYS, "a grouping key"),
        duplicates=choose("duplicates", str(settings.get("duplicates", "document")), DUPLICATE_RULES, "a duplicate rule"),
    )
    frame, ends, agreeing = scores._pc_rows, scores._pc_ends, scores.agreements
    rows = []
    for n, members in enumerate(self.groups, start=1):
        inside = frame.loc[frame["_row"].isin(members)]
        keys: set[str] = set()
        for _, group in inside.groupby(["option", "stance"], sort=False):
            if group["_row"].nunique() >= 2:
                keys.update(map(str, group["key"]))
        pointing = ends.loc[ends["_row"].isin(members)]
        for _, group in pointing.groupby(["dimension", "end"], sort=False):
            if group["_row"].nunique() >= 2 and group["option"].nunique() >= 2:
                keys.update(map(str, group["key"]))
        documents = set(map(str, frame.loc[frame["key"].isin(keys), "document"]))
        position = {name: i for i, name in enumerate(agreeing.index)}
        counts = agreeing.to_numpy()
        ties = sum(1 for a, b in combinations(members, 2) if counts[position[a], position[b]] > 0)
        note = "one member" if len(members) == 1 else ""
        if len(members) > 1 and len(documents) == 1:
            note = "rests on a single document"
        if len(members) > 1 and _one_passage(self.table, keys):
            note = "rests on one passage of one document, coded for each member"
        rows.append(
            {
                "coalition": n, "members": len(members), "ties": ties, "statements": len(keys),
                "documents": len(documents), "keys": "; ".join(sorted(keys)), "note": note,
            }
        )
    return pd.DataFrame(rows, columns=["coalition", "members", "ties", "statements", "documents", "keys", "note"])


def _one_passage(table: pd.DataFrame, keys: set[str]) -> bool:
    rows = table.loc[table["key"].isin(keys)]
    return not rows.empty and rows["document"].nunique() == 1 and int(rows["start"].max()) < int(rows["end"].min())
