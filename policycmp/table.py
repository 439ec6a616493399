"""The tidy table: one row per coded recommendation, the hub every matrix is derived from.

:func:`tidy` flattens a :class:`~policycmp.records.CorpusRecord` (a corpus) into a pandas DataFrame sorted by
``(document, start, rec_id)``. Multi-valued fields are ``"; "``-joined text (``authors``,
``actors``, ``holder_members``), so the table exports to CSV as it is; :func:`split_list`
turns them back into lists. ``segments`` keeps the character spans as a tuple of
``(start, end)`` pairs; ``start`` and ``end`` are the first and last offsets.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Sequence
from operator import attrgetter
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from policycmp.collector import collector_paused
from policycmp.records import CorpusRecord

T = TypeVar("T")

LIST_SEPARATOR = "; "

COLUMNS: tuple[str, ...] = (
    "key",
    "document",
    "rec_id",
    "document_title",
    "document_kind",
    "document_date",
    "outlet",
    "authors",
    "voice",
    "holder",
    "holder_label",
    "holder_type",
    "holder_affiliation",
    "holder_members",
    "actors",
    "theme",
    "theme_label",
    "option",
    "option_label",
    "option_poles",
    "stance",
    "kind",
    "strength",
    "conditions",
    "quote",
    "start",
    "end",
    "segments",
    "note",
    "theme_order",
    "option_order",
)
"""Column order of the tidy table."""

_INT_COLUMNS = ("start", "end", "theme_order", "option_order")
_NON_TEXT_COLUMNS = (*_INT_COLUMNS, "document_date", "segments")


_SHARED: dict[int, dict[Hashable, Any]] = {}
"""What has been derived from each shared table (by ``id``), dropped when the table is garbage collected."""


def share(table: pd.DataFrame) -> pd.DataFrame:
    """Declare ``table`` shared and never modified (a corpus's cached table), so what is derived from it may be kept.

    The analyses derive the same groupings from one table many times (16 matrices, 4
    normalisations of agreement, …): :func:`memo` keeps them for a shared table until the table
    itself is garbage collected. Tables nobody declared shared (a copy, a filtered slice, a
    user's frame) are never memoised, so modifying one can never give a stale result.
    """
    key = id(table)
    if key not in _SHARED:
        _SHARED[key] = {}
        weakref.finalize(table, _SHARED.pop, key, None)
    return table


def memo(table: pd.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept under ``key`` for a :func:`share`-d ``table`` (computed afresh for any other table).

    Callers treat what they get as read-only: it is handed to every later caller.
    """
    store = _SHARED.get(id(table))
    if store is None:
        with collector_paused():
            return compute()
    if key not in store:
        with collector_paused():
            store[key] = compute()
    return store[key]  # type: ignore[no-any-return]


def split_list(value: object) -> list[str]:
    """Split a ``"; "``-joined cell back into its items (empty or missing → ``[]``)."""
    if not isinstance(value, str) or not value:
        return []
    return value.split(LIST_SEPARATOR)


def tidy(corpus: CorpusRecord) -> pd.DataFrame:
    """One row per coded recommendation of ``corpus``, sorted by (document, start, rec_id).

    ``holder`` is the resolved holder id (the document's voice when the recommendation names
    none); ``voice`` is the document's own-voice holder. ``theme_order`` and ``option_order`` give the codebook order, so derived tables can
    list themes and options as the codebook does. ``document_date`` is a datetime column
    (``NaT`` when the text gives no date); every other column except the integer offsets and
``segments`` has pandas' text dtype, with NaN where a field is absent (e.g. ``conditions``).

    Built column by column (issue #17): one pass reads each recommendation's fields; the fields
    of a document, a holder and an option are worked out once each and repeated for their rows
    by Arrow (a per-row dict and per-cell text conversion dominated before).
    """
    with collector_paused():  # its objects then go to the oldest generation unwalked (policycmp.collector)
        return _tidy(corpus)


def _tidy(corpus: CorpusRecord) -> pd.DataFrame:
    doc_ids = sorted(corpus.documents)
    per_row, doc_at = _per_row(corpus, doc_ids)
    columns: dict[str, Any] = {name: _text(per_row[name]) for name in ("rec_id", "conditions", "quote", "note")}
    columns.update({name: pd.Series(per_row[name], dtype="int64") for name in ("start", "end")})
    columns["segments"] = pd.Series(per_row["segments"], dtype="object")
    rows = len(doc_at)
    metas = [corpus.documents[doc_id].coded.document for doc_id in doc_ids]
    per_document: dict[str, list[Any]] = {
        "document": doc_ids,
        "document_title": [m.title for m in metas],
        "document_kind": [str(m.kind) for m in metas],
        "outlet": [m.outlet for m in metas],
        "authors": [LIST_SEPARATOR.join(m.authors) for m in metas],
        "voice": [m.voice for m in metas],
    }
    columns.update({name: _repeated(values, doc_at) for name, values in per_document.items()})
    dates = pd.to_datetime(pd.Series([m.date for m in metas], dtype="object"))
    columns["document_date"] = pd.Series(dates.to_numpy()[doc_at] if rows else [], dtype=dates.dtype)
    columns["key"] = _keys(columns["document"], columns["rec_id"])
    for name in ("stance", "kind", "strength"):
        columns[name] = _coded(per_row[name], lambda value: None if value is None else str(value), singletons=True)
    columns["actors"] = _coded(per_row["actors"], str)
    columns.update(_holder_fields(corpus, per_row["holder"]))
    columns.update(_option_fields(corpus, per_row["option"]))
    return pd.DataFrame({name: columns[name] for name in COLUMNS}, columns=list(COLUMNS))


_RECOMMENDATION = attrgetter("recommendation", "holder", "segments")
_FIELDS = attrgetter("id", "actors", "option", "stance", "kind", "strength", "conditions", "quote", "note")
_NAMES = ("rec_id", "actors", "option", "stance", "kind", "strength", "conditions", "quote", "note")


def _per_row(corpus: CorpusRecord, doc_ids: list[str]) -> tuple[dict[str, list[Any]], np.ndarray[Any, Any]]:
    """What the table reads of each recommendation, by field, in table order; and each row's document (its index in ``doc_ids``).

    Rows are in the order of ``doc_ids``, then (start, rec id) within a document, stably. Fields are
    read by ``attrgetter`` over every recommendation at once and the order is a numpy ``lexsort``
    (issue #17: a Python function per recommendation was a third of the table's build).
    """
    anchored = [a for doc_id in doc_ids for a in corpus.documents[doc_id].recommendations]
    counts = [len(corpus.documents[doc_id].recommendations) for doc_id in doc_ids]
    doc_at = np.repeat(np.arange(len(doc_ids), dtype=np.intp), counts)
    if not anchored:
        return {name: [] for name in ("start", "end", "holder", "segments", *_NAMES)}, doc_at
    recommendations, holders, spans = zip(*map(_RECOMMENDATION, anchored), strict=True)
    segments = list(map(tuple, spans))
    per_row: dict[str, list[Any]] = dict(zip(_NAMES, map(list, zip(*map(_FIELDS, recommendations), strict=True)), strict=True))
    per_row.update(holder=list(holders), segments=segments, start=[s[0][0] for s in segments], end=[s[-1][1] for s in segments])
    per_row["actors"] = list(map(LIST_SEPARATOR.join, per_row["actors"]))
    id_codes, ids = _distinct(per_row["rec_id"])[::-1]
    id_rank = np.argsort(np.argsort(np.asarray(ids, dtype=object), kind="stable"), kind="stable")[id_codes]  # place in sorted order
    order = np.lexsort((id_rank, np.asarray(per_row["start"], dtype="int64"), doc_at))
    if (order != np.arange(len(order))).any():
        taken = order.tolist()
        per_row = {name: [values[i] for i in taken] for name, values in per_row.items()}
    return per_row, doc_at


def _text(values: Sequence[str | None]) -> pd.Series:
    """A text column (pandas' ``str`` dtype; ``None`` becomes NaN), made by Arrow from the strings directly.

    pandas' own conversion first checks every value in Python-level loops (0.1 CPU s at 5,000
    documents for the quotes and notes); the values here are text or ``None`` already.
    """
    try:
        import pyarrow as pa

        return pd.Series(pa.array(values, type=pa.large_string()), dtype="str")
    except (ImportError, TypeError, ValueError):  # without pyarrow, or a value that is not text: pandas converts it
        return pd.Series(list(values), dtype="str")


def _repeated(values: Sequence[str | None], at: Sequence[int] | np.ndarray[Any, Any]) -> pd.Series:
    """The text column whose row ``i`` is ``values[at[i]]``, repeated by Arrow rather than cell by cell."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - without pyarrow pandas keeps text as Python strings
        return _text([values[i] for i in at])
    if len(at) == 0:
        return _text([])
    array = pa.array(list(values), type=pa.large_string()).take(pa.array(at, type=pa.int64()))
    return pd.Series(array, dtype="str")


def _coded(values: Sequence[Hashable], text: Callable[[Any], str | None], *, singletons: bool = False) -> pd.Series:
    """The text column of ``text(v)`` for each of ``values``, converting each distinct value once.

    ``singletons``: the values are enum members or ``None``, one object per value, so they are told
    apart by identity (hashing an enum member runs Python code, a hundred thousand times); the
    identities are grouped by numpy. Other values are grouped by :func:`_distinct`.
    """
    if singletons:
        ids = np.fromiter(map(id, values), dtype=np.intp, count=len(values))
        distinct_ids, at = np.unique(ids, return_inverse=True)
        by_id = dict(zip(map(id, values), values, strict=True))  # ``values`` holds every object, so ids stay unique
        return _repeated([text(by_id[i]) for i in distinct_ids.tolist()], at)
    distinct, at = _distinct(values)
    return _repeated([text(v) for v in distinct], at)


def _distinct(values: Sequence[Hashable]) -> tuple[list[Any], np.ndarray[Any, Any]]:
    """The distinct ``values`` in order of first appearance, and each value's index among them (hashed in C by pandas)."""
    if not values:
        return [], np.zeros(0, dtype=np.intp)
    column = np.empty(len(values), dtype=object)
    column[:] = values
    at, distinct = pd.factorize(column, use_na_sentinel=False)
    return list(distinct), at


def _keys(documents: pd.Series, rec_ids: pd.Series) -> pd.Series:
    """``<document>/<rec id>`` for each row, joined by Arrow when the columns are Arrow-backed."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        left = documents.array._pa_array
        right = rec_ids.array._pa_array.cast(left.type)
        return pd.Series(pc.binary_join_element_wise(left, right, pa.scalar("/", type=left.type)), dtype="str")
    except (ImportError, AttributeError):  # pragma: no cover - text kept as Python strings
        return _text([f"{d}/{r}" for d, r in zip(documents.tolist(), rec_ids.tolist(), strict=True)])


def _holder_fields(corpus: CorpusRecord, holder_ids: Sequence[str]) -> dict[str, pd.Series]:
    """Holder id, label, type, affiliation and members of each row (looked up once per distinct holder)."""
    holders = corpus.holders
    distinct, at = _distinct(holder_ids)
    fields: list[tuple[str | None, ...]] = []
    for holder_id in distinct:
        holder = holders.get(holder_id)
        fields.append(
            (holder_id, holder.label, str(holder.type), holder.affiliation, LIST_SEPARATOR.join(holder.members))
            if holder
            else (holder_id, holder_id, None, None, "")
        )
    names = ("holder", "holder_label", "holder_type", "holder_affiliation", "holder_members")
    return {name: _repeated([f[i] for f in fields], at) for i, name in enumerate(names)}


def _option_fields(corpus: CorpusRecord, option_ids: Sequence[str]) -> dict[str, pd.Series]:
    """Option id, theme, labels, poles and codebook ranks of each row (looked up once per distinct option)."""
    option_theme, options, themes = corpus.option_theme, corpus.options, corpus.themes
    theme_rank = {t.id: i for i, t in enumerate(corpus.codebook.themes)}
    option_rank = {o: i for i, o in enumerate(options)}
    distinct, at = _distinct(option_ids)
    fields: list[tuple[Any, ...]] = []
    for option_id in distinct:
        theme_id = option_theme.get(option_id, "")
        option = options.get(option_id)
        theme = themes.get(theme_id)
        fields.append(
            (
                option_id,
                theme_id,
                theme.label if theme else theme_id,
                option.label if option else option_id,
                LIST_SEPARATOR.join(f"{p.dimension}={p.pole}" for p in option.poles) if option else "",
                theme_rank.get(theme_id, len(theme_rank)),
                option_rank.get(option_id, len(option_rank)),
            )
        )
    names = ("option", "theme", "theme_label", "option_label", "option_poles")
    out = {name: _repeated([f[i] for f in fields], at) for i, name in enumerate(names)}
    for i, name in ((5, "theme_order"), (6, "option_order")):
        out[name] = pd.Series(np.asarray([f[i] for f in fields], dtype="int64")[at] if len(at) else [], dtype="int64")
    return out
