"""Filtering the tidy table, grouping keys, and the duplicate rule.

Everything here takes and returns tidy tables (see :mod:`policycmp.table`), so a filtered
corpus, a matrix and a report all agree on which rows they count.

Duplicate rule (after discourse network analysis): a holder who restates the same
prescription — same option, same stance — in one document (abstract, body, conclusion) makes
one statement, not three. ``duplicates`` chooses the unit:

* ``"document"`` (default): one statement per (holder, option, stance, document);
* ``"corpus"``: one per (holder, option, stance) across the whole corpus;
* ``"all"``: every coded recommendation counts.

The first row in table order (document, start) is kept, so the quote shown for a deduplicated
statement is its first occurrence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import warnings
from collections.abc import Collection, Iterable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from policycmp.data import CorpusData
from policycmp.errors import UsageError
from policycmp.models import DocumentKind, HolderType, Stance, StatementKind, Strength
from policycmp.options import DUPLICATE_RULES, GROUP_KEYS, Duplicates, GroupKey, choose
from policycmp.table import memo, share, split_list

C = TypeVar("C", bound=CorpusData)

GROUP_COLUMNS: dict[GroupKey, str] = {
    "holder": "holder",
    "holder_type": "holder_type",
    "holder_affiliation": "holder_affiliation",
    "document": "document",
    "document_kind": "document_kind",
    "author": "authors",
    "actor": "actors",
    "theme": "theme",
    "option": "option",
    "stance": "stance",
    "kind": "kind",
    "strength": "strength",
}
"""Keys that rows or columns of a matrix can be grouped by → the tidy column they read.

``author`` and ``actor`` are multi-valued: a recommendation counts once for each author of its
document (each actor it addresses). A document without printed authors is grouped under its
voice holder id in brackets, e.g. ``[editorial-board]``. ``holder_affiliation`` falls
back to the holder's own label when the codebook gives no affiliation (an organisation is its
own affiliation).
"""

Selection = str | Iterable[str] | None
DateLike = str | dt.date | pd.Timestamp | None


def _as_set(name: str, value: Selection, allowed: Iterable[str] | None = None) -> set[str] | None:
    if value is None:
        return None
    values = {value} if isinstance(value, str) else {str(v) for v in value}
    if allowed is not None:
        known = set(allowed)
        unknown = sorted(values - known)
        if unknown:
            raise UsageError(f"unknown {name} {', '.join(map(repr, unknown))}; choose from: {', '.join(sorted(known))}")
    return values


def _as_timestamp(name: str, value: DateLike) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise UsageError(f"{name}={value!r} is not a date; write it as YYYY-MM-DD") from None
    return stamp


def check_group_key(key: str, name: str = "by") -> str:
    """Return the tidy column behind grouping key ``key`` (passed as option ``name``), or raise a plain-words error."""
    return GROUP_COLUMNS[choose(name, key, GROUP_KEYS, "a grouping key")]


KIND_RANK: dict[str, int] = {k.value: i for i, k in enumerate(StatementKind)}
"""Statement kinds from the strongest claim (demand) to the weakest (forecast): which one a duplicate keeps."""


def deduplicate(table: pd.DataFrame, duplicates: Duplicates = "document") -> pd.DataFrame:
    """Apply the duplicate rule (see the module docstring).

    Of the statements that count as one, the one kept is the strongest kind of statement (a demand
    before a recommendation, a commitment, then a forecast), then the first in the text, so a
    holder's "should" is never hidden behind their forecast on the same option.
    """
    duplicates = choose("duplicates", duplicates, DUPLICATE_RULES, "a duplicate rule")
    if duplicates == "all" or table.empty:
        return table
    return table.iloc[counted_rows(table, duplicates)]


def counted_rows(table: pd.DataFrame, duplicates: Duplicates = "document", kinds: Collection[str] | None = None) -> np.ndarray:
    """Positions (ascending) of the rows of ``table`` that count: statement kind in ``kinds`` (``None``: any), then the duplicate rule.

    What :func:`deduplicate` keeps, without copying the table; kept for a shared table (see
    :func:`policycmp.table.share`), as every matrix and agreement asks for it again.
    """
    duplicates = choose("duplicates", duplicates, DUPLICATE_RULES, "a duplicate rule")
    wanted = None if kinds is None else tuple(sorted({str(k) for k in kinds}))
    return memo(table, ("counted", duplicates, wanted), lambda: _counted(table, duplicates, wanted))


def _counted(table: pd.DataFrame, duplicates: Duplicates, kinds: tuple[str, ...] | None) -> np.ndarray:
    rows = np.arange(len(table))
    if kinds is not None and len(table):
        rows = rows[table["kind"].isin(kinds).to_numpy(dtype=bool)]
    if duplicates == "all" or not len(rows):
        return rows
    subset = ["holder", "option", "stance"] + (["document"] if duplicates == "document" else [])
    if "kind" in table:
        kind_codes, kinds_seen = codes(table, "kind")
        by_code = np.array([KIND_RANK.get(k, len(KIND_RANK)) for k in kinds_seen] + [len(KIND_RANK)], dtype="int64")
        rank = by_code[kind_codes[rows]]  # a missing kind (code −1) ranks last, as fillna did
    else:
        rank = np.zeros(len(rows), dtype="int64")
    order = rows[np.argsort(rank, kind="stable")]
    compared = pd.DataFrame({column: codes(table, column)[0][order] for column in subset})  # equal codes ⇔ equal values, NaN included
    return np.sort(order[~compared.duplicated(keep="first").to_numpy()])


def codes(table: pd.DataFrame, column: str) -> tuple[np.ndarray, list[Any]]:
    """``column`` of ``table`` as integer codes (−1 for missing) and the distinct values they stand for.

    Kept for a shared table: grouping and deduplicating on codes avoids comparing text again.
    """
    def compute() -> tuple[np.ndarray, list[Any]]:
        found, uniques = pd.factorize(table[column])
        return np.asarray(found, dtype="int64"), list(uniques)

    return memo(table, ("codes", column), compute)


def group_codes(table: pd.DataFrame, key: str, *, option: str = "by") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each row's groups under ``key`` as ``(row positions, group codes, group values)``, as :func:`with_group` assigns them.

    A row appears once per group it belongs to (several authors or actors: once each; none: not at
    all), in table order. The same groups as ``with_group(table, key, ...)`` without its copy of
    the table; kept for a shared table.
    """
    column = check_group_key(key, option)
    return memo(table, ("groups", key), lambda: _group_codes(table, key, column))


def _group_codes(table: pd.DataFrame, key: str, column: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    if key in ("author", "actor"):
        items, values = codes(table, column)
        split = [split_list(v) for v in values]
        if key == "author":
            voices = table["voice"].tolist()
            groups = [
                split[c] if c >= 0 and split[c] else [f"[{v}]" if isinstance(v, str) else None]
                for c, v in zip(items.tolist(), voices, strict=True)
            ]
        else:
            groups = [split[c] if c >= 0 else [] for c in items.tolist()]
        rows = np.repeat(np.arange(len(table)), [len(g) for g in groups])
        flat = pd.Series([g for gs in groups for g in gs], dtype="str")
        exploded, distinct = pd.factorize(flat)
        found, uniques = np.asarray(exploded, dtype="int64"), list(distinct)
    elif key == "holder_affiliation":
        affiliation = table["holder_affiliation"].where(table["holder_affiliation"].notna(), table["holder_label"])
        coded, distinct = pd.factorize(affiliation)
        found, uniques, rows = np.asarray(coded, dtype="int64"), list(distinct), np.arange(len(table))
    else:
        found, uniques = codes(table, column)
        rows = np.arange(len(table))
    present = found >= 0
    return rows[present], found[present], [str(u) for u in uniques]


def with_group(table: pd.DataFrame, key: str, name: str, *, option: str = "by") -> pd.DataFrame:
    """A copy of ``table`` with column ``name`` holding each row's group under ``key``.

    Multi-valued keys (author, actor) repeat the row once per value. ``option`` names the
    caller's option in the error for an unknown key.
    """
    column = check_group_key(key, option)
    out = table.copy()
    if key == "author":
        voice = "[" + out["voice"].astype(str) + "]"
        labels = out["authors"].map(split_list)
        out[name] = [items if items else [fallback] for items, fallback in zip(labels, voice, strict=True)]
        return out.explode(name, ignore_index=True)
    if key == "actor":
        out[name] = out["actors"].map(split_list)
        return out.explode(name, ignore_index=True)
    if key == "holder_affiliation":
        out[name] = out["holder_affiliation"].where(out["holder_affiliation"].notna(), out["holder_label"])
        return out
    out[name] = out[column]
    return out


def filter_table(
    table: pd.DataFrame,
    *,
    theme: Selection = None,
    option: Selection = None,
    holder: Selection = None,
    holder_type: Selection = None,
    holder_affiliation: Selection = None,
    document: Selection = None,
    document_kind: Selection = None,
    author: Selection = None,
    actor: Selection = None,
    stance: Selection = None,
    kind: Selection = None,
    exclude_kind: Selection = None,
    strength: Selection = None,
    exclude_strength: Selection = None,
    since: DateLike = None,
    until: DateLike = None,
    include_undated: bool = False,
) -> pd.DataFrame:
    """Rows of ``table`` that match every given criterion (``None`` = no constraint).

    Each criterion takes one value or a collection of values (any of them matches).
    ``author`` matches any printed author of the document, ``actor`` any addressed actor,
    ``holder_affiliation`` the affiliation as grouped (the holder's label when it has none).
    ``since``/``until`` are inclusive dates; when either is given, rows of undated documents
    are left out with an :class:`UndatedWarning` saying how many (``include_undated=True`` keeps
    them instead), and ``since`` after ``until`` is a :class:`~policycmp.errors.UsageError`.
    ``exclude_kind`` and ``exclude_strength`` drop rows, e.g. ``exclude_kind="forecast"`` keeps
    only stated positions (demands, recommendations, commitments).
    """
    mask = pd.Series(True, index=table.index)
    plain = {
        "theme": theme,
        "option": option,
        "holder": holder,
        "holder_type": holder_type,
        "document": document,
        "document_kind": document_kind,
        "stance": stance,
        "kind": kind,
        "strength": strength,
    }
    vocab: dict[str, Iterable[str]] = {
        "stance": [s.value for s in Stance],
        "kind": [k.value for k in StatementKind],
        "strength": [s.value for s in Strength],
        "document_kind": [k.value for k in DocumentKind],
        "holder_type": [h.value for h in HolderType],
    }
    for column, value in plain.items():
        values = _as_set(column, value, vocab.get(column))
        if values is not None:
            mask &= table[column].isin(values)
    affiliations = _as_set("holder_affiliation", holder_affiliation)
    if affiliations is not None:
        mask &= with_group(table, "holder_affiliation", "_affiliation")["_affiliation"].isin(affiliations).to_numpy()
    for column, value in (("kind", exclude_kind), ("strength", exclude_strength)):
        excluded = _as_set(column, value, vocab[column])
        if excluded is not None:
            mask &= ~table[column].isin(excluded)
    for column, value in (("authors", author), ("actors", actor)):
        values = _as_set(column, value)
        if values is not None:
            mask &= table[column].map(lambda cell, wanted=values: bool(wanted.intersection(split_list(cell))))
    start, end = _as_timestamp("since", since), _as_timestamp("until", until)
    if start is not None and end is not None and start > end:
        raise UsageError(f"since={since!s} is after until={until!s}, so no date can match; swap them or drop one")
    if start is not None or end is not None:
        dates = table["document_date"]
        undated = dates.isna()
        in_range = pd.Series(True, index=table.index)
        if start is not None:
            in_range &= dates >= start
        if end is not None:
            in_range &= dates <= end
        if include_undated:
            mask &= in_range | undated
        else:
            left_out = table.loc[mask & undated]
            if len(left_out):
                _warn_undated(len(left_out), left_out["document"].nunique(), "statement")
            mask &= in_range & ~undated
    return table.loc[mask]


class UndatedWarning(UserWarning):
    """A date filter left out documents that have no date (``include_undated=True`` keeps them)."""


def _warn_undated(count: int, documents: int, noun: str) -> None:
    """Warn that ``count`` rows of ``documents`` undated documents were left out, pointing at the caller's line."""
    level, frame = 2, sys._getframe(1)
    package = __name__.rsplit(".", 1)[0] + "."
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith(package):
        level, frame = level + 1, frame.f_back  # type: ignore[assignment]
    rows = f"{count} {noun}{'s' * (count != 1)} of " if noun else ""
    warnings.warn(
        f"date filter left out {rows}{documents} undated document{'s' * (documents != 1)} "
        "(their date is unknown); pass include_undated=True to keep them",
        UndatedWarning,
        stacklevel=level,
    )


def known_values(corpus: CorpusData, criteria: dict[str, Any]) -> None:
    """Raise a plain-words error for a criterion name or an id the corpus's codebook does not know."""
    allowed = set(FILTER_CRITERIA)
    unknown = sorted(set(criteria) - allowed)
    if unknown:
        raise UsageError(f"cannot filter by {', '.join(unknown)}; choose from: {', '.join(FILTER_CRITERIA)}")
    vocab = {
        "theme": [t.id for t in corpus.codebook.themes],
        "option": list(corpus.options),
        "holder": list(corpus.holders),
        "document": list(corpus.documents),
        "actor": [a.id for a in corpus.codebook.actors],
    }
    for name, ids in vocab.items():
        _as_set(name, criteria.get(name), ids)


FILTER_CRITERIA: tuple[str, ...] = (
    "theme",
    "option",
    "holder",
    "holder_type",
    "holder_affiliation",
    "document",
    "document_kind",
    "author",
    "actor",
    "stance",
    "kind",
    "exclude_kind",
    "strength",
    "exclude_strength",
    "since",
    "until",
    "include_undated",
)
"""Names accepted by :func:`filter_table` and :meth:`policycmp.corpus.Corpus.filter` (whose signature a test checks against this)."""


DOCUMENT_CRITERIA: tuple[str, ...] = ("document", "document_kind", "author", "since", "until", "include_undated")
"""Criteria that select whole documents: a document they leave out is dropped from a filtered corpus."""


def filter_corpus(corpus: C, **criteria: Any) -> C:
    """A corpus of the same class holding the recommendations of ``corpus`` that match every criterion.

    Documents left out by a document-level criterion (:data:`DOCUMENT_CRITERIA`) are dropped;
    others are kept, possibly with no recommendation left. The result's tidy table is the
    filtered rows, and its criteria are those of ``corpus`` updated with ``criteria``.
    """
    known_values(corpus, criteria)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndatedWarning)  # said once below, counting documents as well as statements
        kept = filter_table(corpus.tidy(), **criteria)
    keys = set(kept["key"])
    doc_level = {k: v for k, v in criteria.items() if k in DOCUMENT_CRITERIA}
    doc_ids = list(corpus.documents)
    if doc_level:
        docs = pd.DataFrame(
            {
                "document": doc_ids,
                "document_kind": [str(corpus.documents[d].coded.document.kind) for d in doc_ids],
                "document_date": pd.to_datetime(pd.Series([corpus.documents[d].coded.document.date for d in doc_ids], dtype=object)),
                "authors": ["; ".join(corpus.documents[d].coded.document.authors) for d in doc_ids],
            }
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndatedWarning)
            doc_ids = list(filter_table(docs, **doc_level)["document"])
        dated = {k: v for k, v in doc_level.items() if k in ("since", "until")}
        if any(v is not None for v in dated.values()) and not criteria.get("include_undated"):
            others = {k: v for k, v in criteria.items() if k not in ("since", "until")}
            undated = [d for d in filter_table(docs, **{k: v for k, v in others.items() if k in doc_level})["document"]
                       if corpus.documents[d].coded.document.date is None]
            if undated:
                rows = filter_table(corpus.tidy(), **others)
                _warn_undated(int(rows["document"].isin(undated).sum()), len(undated), "statement")
    documents = {}
    for doc_id in doc_ids:
        loaded = corpus.documents[doc_id]
        recs = tuple(a for a in loaded.recommendations if f"{doc_id}/{a.recommendation.id}" in keys)
        documents[doc_id] = loaded if len(recs) == len(loaded.recommendations) else dataclasses.replace(loaded, recommendations=recs)
    view = type(corpus)(root=corpus.root, codebook=corpus.codebook, documents=documents, codings=corpus.codings, warnings=corpus.warnings)
    view._table = share(kept.reset_index(drop=True))
    view._criteria = {**corpus._criteria, **criteria}
    return view
