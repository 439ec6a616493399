"""The tidy table: one row per coded recommendation, the hub every matrix is derived from.

:func:`tidy` flattens a :class:`~policycmp.records.CorpusRecord` (a corpus) into a pandas DataFrame sorted by
``(document, start, rec_id)``. Multi-valued fields are ``"; "``-joined text (``authors``,
``actors``, ``holder_members``), so the table exports to CSV as it is; :func:`split_list`
turns them back into lists. ``segments`` keeps the character spans as a tuple of
``(start, end)`` pairs; ``start`` and ``end`` are the first and last offsets.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from policycmp.records import CorpusRecord

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
    """
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
            frame[column] = frame[column].astype("str")  # pandas' text dtype; missing stays NaN
    return frame.sort_values(["document", "start", "rec_id"], kind="mergesort", ignore_index=True)
