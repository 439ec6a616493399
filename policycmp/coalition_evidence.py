"""The evidence of each coalition, counted over integer codes in a few passes (:meth:`policycmp.coalitions.Coalitions.evidence`).

A coalition's statements are those of its members that meet another member's: the statements on an
(option, stance) that two or more members hold, and the statements pointing to one end of a
dimension that two or more members point to through two or more options. Its documents are the
documents of those statements; ``ties`` counts the member pairs that agree at all; the note says
when the coalition has one member, rests on a single document, or on one passage of one document.

Why a module of its own (issue #17): done coalition by coalition with pandas (``isin``, then a
``groupby`` per coalition, the keys gathered as Python strings, then ``isin`` over the whole table
again), this was 3 CPU s at 5,000 documents and the report's memory peak. Here every row gets its
coalition, option, stance, key and document as integer codes once; each test above is a
``numpy.unique`` over combined codes, for every coalition at once. The keys' text is made only
when asked for (``keys=True``), from the codes' sorted order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

COLUMNS = ["coalition", "members", "ties", "statements", "documents", "keys", "note"]
ONE_MEMBER = "one member"
ONE_DOCUMENT = "rests on a single document"
ONE_PASSAGE = "rests on one passage of one document, coded for each member"


def coalition_evidence(
    groups: Sequence[Sequence[str]],
    frame: pd.DataFrame,
    ends: pd.DataFrame,
    agreeing: pd.DataFrame,
    table: pd.DataFrame,
    *,
    keys: bool = True,
) -> pd.DataFrame:
    """One row per coalition (numbered from 1 in ``groups`` order): see the module docstring and :data:`COLUMNS`.

    ``frame`` and ``ends`` are an agreement's prepared rows and dimension ends (``Agreement._pc_rows``,
    ``_pc_ends``), ``agreeing`` its matrix of agreement counts, ``table`` the tidy table the
    coalitions were found in (its ``start`` and ``end`` tell whether statements share a passage).
    Without ``keys`` the ``keys`` column is left out (the statements' keys, ``"; "``-joined, sorted).
    """
    columns = COLUMNS if keys else [c for c in COLUMNS if c != "keys"]
    if not groups:
        return pd.DataFrame([], columns=columns)
    coalition_of = {member: n for n, members in enumerate(groups) for member in members}
    key_at, key_names = _key_codes(frame["key"])
    chosen = _chosen_pairs(frame, ends, coalition_of, key_at, key_names)
    statements = np.bincount(chosen // len(key_names), minlength=len(groups)) if len(key_names) else np.zeros(len(groups), "int64")
    documents = _documents(frame, key_at, chosen, len(key_names), len(groups))
    passage = _one_passage(table, key_names, chosen, len(groups))
    joined = _joined_keys(key_names, chosen, len(groups)) if keys else []
    position = {name: i for i, name in enumerate(agreeing.index)}
    counts = agreeing.to_numpy()
    rows = []
    for n, members in enumerate(groups):
        at = np.array([position[m] for m in members], dtype="int64")
        ties = int(np.triu(counts[np.ix_(at, at)] > 0, k=1).sum())  # pairs (a, b), a before b in the coalition's order
        note = ONE_MEMBER if len(members) == 1 else ""
        if len(members) > 1 and documents[n] == 1:
            note = ONE_DOCUMENT
        if len(members) > 1 and passage[n]:
            note = ONE_PASSAGE
        row: dict[str, Any] = {
            "coalition": n + 1, "members": len(members), "ties": ties, "statements": int(statements[n]), "documents": int(documents[n]),
        }
        if keys:
            row["keys"] = joined[n]
        row["note"] = note
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _key_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each row's value as a code into the distinct values' text (told apart by their text, as a set of strings does)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    names = [str(u) for u in uniques]
    first: dict[str, int] = {}
    remap = np.array([first.setdefault(name, i) for i, name in enumerate(names)], dtype="int64")
    kept = np.flatnonzero(remap == np.arange(len(names)))
    renumber = np.zeros(len(names), dtype="int64")
    renumber[kept] = np.arange(len(kept))
    return renumber[remap][np.asarray(codes, dtype="int64")], [names[i] for i in kept]


def _codes(values: pd.Series | list[Any]) -> np.ndarray:
    """Integer codes of ``values`` (−1 for missing: a ``groupby`` leaves those rows out)."""
    found, _ = pd.factorize(pd.Series(values, dtype=object) if isinstance(values, list) else values)
    return np.asarray(found, dtype="int64")


def _meeting(coalition: np.ndarray, rows: np.ndarray, parts: Sequence[np.ndarray], options: np.ndarray | None) -> np.ndarray:
    """Which rows are in a (coalition, *parts) group with two or more distinct ``rows`` (and, if given, two or more ``options``)."""
    valid = (coalition >= 0) & (rows >= 0)
    for part in parts:
        valid &= part >= 0
    group = coalition.copy()
    for part in parts:
        group = group * (int(part.max(initial=0)) + 1) + part
    group = np.where(valid, group, -1)
    meets = valid.copy()
    for member in (rows, options) if options is not None else (rows,):
        width = int(member.max(initial=0)) + 2
        pairs = np.unique(group[valid & (member >= 0)] * width + member[valid & (member >= 0)])
        found, distinct = np.unique(pairs // width, return_counts=True)
        meets &= np.isin(group, found[distinct >= 2])
    return meets


def _chosen_pairs(
    frame: pd.DataFrame, ends: pd.DataFrame, coalition_of: dict[str, int], key_at: np.ndarray, key_names: list[str]
) -> np.ndarray:
    """The distinct (coalition, key) pairs of every coalition's statements, as ``coalition * len(key_names) + key``, sorted."""
    width = len(key_names)
    found = []
    row_codes, row_values = pd.factorize(frame["_row"])
    coalition_by_row = np.array([coalition_of.get(str(v), -1) for v in row_values] + [-1], dtype="int64")
    coalition = coalition_by_row[np.asarray(row_codes, dtype="int64")]
    rows = np.asarray(row_codes, dtype="int64")
    meets = _meeting(coalition, rows, (_codes(frame["option"]), _codes(frame["stance"])), None)
    found.append(coalition[meets] * width + key_at[meets])
    if len(ends):
        end_rows, end_values = pd.factorize(pd.Series(ends["_row"], dtype=object))
        end_coalition = np.array([coalition_of.get(str(v), -1) for v in end_values] + [-1], dtype="int64")[np.asarray(end_rows)]
        lookup = pd.Index(key_names).get_indexer(pd.Index([str(k) for k in ends["key"]]))
        meets = _meeting(
            end_coalition, np.asarray(end_rows, dtype="int64"), (_codes(ends["dimension"]), _codes(ends["end"])), _codes(ends["option"])
        )
        found.append(end_coalition[meets] * width + lookup[meets])
    return np.unique(np.concatenate(found)) if width else np.zeros(0, dtype="int64")


def _documents(frame: pd.DataFrame, key_at: np.ndarray, chosen: np.ndarray, width: int, n: int) -> np.ndarray:
    """Per coalition, the number of distinct documents (as text) of the rows whose key is among its statements'."""
    if not len(chosen):
        return np.zeros(n, dtype="int64")
    present = frame["key"].notna().to_numpy()  # a missing key's text "nan" names no row
    document_at, _ = _key_codes(frame["document"])  # documents told apart by their text too
    of_key = pd.DataFrame({"key": key_at[present], "document": document_at[present]}).drop_duplicates()
    picked = pd.DataFrame({"coalition": chosen // width, "key": chosen % width})
    joined = picked.merge(of_key, on="key").drop_duplicates(["coalition", "document"])
    return np.bincount(joined["coalition"].to_numpy(dtype="int64"), minlength=n)


def _one_passage(table: pd.DataFrame, key_names: list[str], chosen: np.ndarray, n: int) -> np.ndarray:
    """Per coalition: whether the rows of ``table`` with its statements' keys come from one document and their spans overlap."""
    out = np.zeros(n, dtype=bool)
    if not len(chosen) or table.empty:
        return out
    width = len(key_names)
    at = pd.Index(key_names).get_indexer(pd.Index(table["key"]))
    hit = np.flatnonzero(at >= 0)
    rows = pd.DataFrame(
        {
            "key": at[hit], "document": table["document"].to_numpy(dtype=object)[hit],
            "start": table["start"].to_numpy()[hit], "end": table["end"].to_numpy()[hit],
        }
    )
    picked = pd.DataFrame({"coalition": chosen // width, "key": chosen % width})
    joined = picked.merge(rows, on="key")
    if joined.empty:
        return out
    summary = joined.groupby("coalition").agg(documents=("document", "nunique"), start=("start", "max"), end=("end", "min"))
    one = (summary["documents"] == 1) & (summary["start"].astype("int64") < summary["end"].astype("int64"))
    out[summary.index.to_numpy(dtype="int64")] = one.to_numpy(dtype=bool)
    return out


def _joined_keys(key_names: list[str], chosen: np.ndarray, n: int) -> list[str]:
    """Per coalition, its statements' keys sorted as text and ``"; "``-joined."""
    width = len(key_names)
    order = sorted(range(width), key=key_names.__getitem__)
    rank = np.empty(width, dtype="int64")
    rank[order] = np.arange(width)
    coalition, key = chosen // max(width, 1), chosen % max(width, 1)
    sequence = np.lexsort((rank[key], coalition))
    bounds = np.searchsorted(coalition[sequence], np.arange(n + 1))
    return ["; ".join(str(key_names[k]) for k in key[sequence[bounds[i] : bounds[i + 1]]].tolist()) for i in range(n)]
