"""Plain view objects for the templates, built from a :class:`~policycmp.corpus.Corpus`.

Templates never touch pydantic models or DataFrames: they get these small frozen
records, already sorted, with every label resolved. Recommendation views are made
from the rows of the tidy table (:func:`policycmp.table.tidy`), the hub every page
and matrix derives from. A quote is shown as the seed's own text of its segments
(joined by " … "), so what a reader sees is byte for byte what the source says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from policycmp.data import CorpusData
from policycmp.models import Holder
from policycmp.records import LoadedDocument, Segment
from policycmp.table import split_list


@dataclass(frozen=True, slots=True)
class RecView:
    """One coded recommendation, ready to render (slotted: a report at scale holds one per statement)."""

    key: str
    """The tidy table's key, ``<document>/<rec id>``."""
    anchor: str
    """Short token naming the statement within its document page (:func:`short_anchors`): the card is
    ``#r<anchor>``, the quote in the text ``#t<anchor>`` (its later parts ``#t<anchor>-2`` …)."""
    number: int
    """1-based position in its document, in reading order (the reference mark in the text)."""
    document: str
    document_title: str
    rec_id: str
    holder: str
    holder_label: str
    holder_type: str
    theme: str
    theme_label: str
    option: str
    option_label: str
    stance: str
    kind: str
    strength: str | None
    conditions: str | None
    note: str | None
    actors: tuple[str, ...]
    quote: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class DocumentView:
    """A source document's metadata."""

    id: str
    title: str
    has_title: bool
    authors: tuple[str, ...]
    voice: str
    outlet: str | None
    kind: str
    date: dt.date | None
    date_note: str
    url: str | None
    notes: str | None
    seed: str
    coders: tuple[str, ...]


@dataclass(frozen=True)
class HolderView:
    """A holder from the codebook."""

    id: str
    label: str
    type: str
    affiliation: str | None
    description: str | None
    members: tuple[str, ...]


KIND_WORDS = {"news": "news article", "news-analysis": "news analysis", "research-paper": "research paper"}
"""Document kinds in words, where the enum value does not read as a noun on its own."""


LEAD_WORDS = 10
"""How many words of the text's opening a stand-in title quotes."""
_FURNITURE = re.compile(r"^\s*(?:date\s*:?\s*)?\d{4}-\d{2}-\d{2}\b[\s.:,-]*", re.IGNORECASE)
"""A date stamp at the very start of a seed (page furniture of a saved web page), skipped by the lead."""


def lead(text: str, words: int = LEAD_WORDS) -> str:
    """The opening words of ``text`` (its first non-empty line, any leading date stamp skipped), '…' if cut."""
    for line in text.splitlines():
        line = _FURNITURE.sub("", line).strip()
        if line:
            parts = line.split()
            return " ".join(parts[:words]).rstrip(",;:") + ("…" if len(parts) > words else "")
    return ""


def document_title(doc: LoadedDocument) -> str:
    """The printed title, or a readable stand-in from the metadata and the text's opening words.

    ``Op-ed, 2023-08-18: “The US withdrawal from Afghanistan and the Taliban’s rapid takeover…”``: kind, outlet
    or authors and date, when given, tell a reader which source a quote comes from, and the opening words tell
    two documents of one kind apart, without showing ids or seed file names.
    """
    meta = doc.coded.document
    if meta.title:
        return meta.title
    kind = str(meta.kind)
    words = KIND_WORDS.get(kind, kind)
    parts = [words[:1].upper() + words[1:]]
    source = meta.outlet or "; ".join(meta.authors)
    if source:
        parts.append(source)
    if meta.date:
        parts.append(meta.date.isoformat())
    head = ", ".join(parts)
    opening = lead(doc.text)
    return f"{head}: “{opening}”" if opening else head


def quote_text(text: str, segments: tuple[Segment, ...]) -> str:
    """The seed's own words for ``segments``, gaps shown as ' … '."""
    if len(segments) == 1:
        s, e = segments[0]
        return text[s:e]
    return " … ".join([text[s:e] for s, e in segments])


def document_view(doc: LoadedDocument) -> DocumentView:
    """Metadata view of one loaded document."""
    meta = doc.coded.document
    return DocumentView(
        id=meta.id,
        title=document_title(doc),
        has_title=meta.title is not None,
        authors=tuple(meta.authors),
        voice=meta.voice,
        outlet=meta.outlet,
        kind=str(meta.kind),
        date=meta.date,
        date_note=meta.date_note,
        url=meta.url,
        notes=meta.notes,
        seed=meta.seed,
        coders=tuple(doc.coded.coders),
    )


def holder_view(holder: Holder) -> HolderView:
    """View of a codebook holder."""
    return HolderView(
        id=holder.id,
        label=holder.label,
        type=str(holder.type),
        affiliation=holder.affiliation,
        description=holder.description,
        members=tuple(holder.members),
    )


def _text(value: object) -> str | None:
    """A text cell of the tidy table, with pandas' missing values as None."""
    return value if isinstance(value, str) and value else None


ANCHOR_DIGITS = 4
"""Hex digits of a statement's anchor, more only where two of one document's statements share a prefix."""


def short_anchors(rec_ids: Iterable[str]) -> dict[str, str]:
    """A short, page-scoped anchor token for each recommendation id of one document.

    The token is the start of the SHA-1 of the id (:data:`ANCHOR_DIGITS` hex digits), lengthened for
    every id whose prefix another id of the same document shares, until all differ. It depends only on
    the id and the set of ids in the document, never on order or position, so a link to a statement
    stays valid when other statements are added or moved; and it is a few bytes where the full
    ``<document>--<rec id>`` ran to 50 and more, repeated on every link to the statement.
    """
    digests = {r: hashlib.sha1(r.encode("utf-8")).hexdigest() for r in set(rec_ids)}
    out: dict[str, str] = {}
    width = ANCHOR_DIGITS
    pending = set(digests)
    while pending:
        groups: dict[str, list[str]] = {}
        for r in pending:
            groups.setdefault(digests[r][:width], []).append(r)
        pending = set()
        for prefix, ids in groups.items():
            if len(ids) == 1:
                out[ids[0]] = prefix
            else:
                pending.update(ids)
        width += 1
        if width > len(next(iter(digests.values()), "")) and pending:  # identical digests cannot happen for distinct ids
            raise ValueError(f"cannot tell recommendation ids apart: {sorted(pending)}")
    return out


def _shared(values: list[object]) -> list[object]:
    """``values`` with equal hashable values made one object each (memory: a tidy table column repeats its labels)."""
    seen: dict[object, object] = {}
    return [seen.setdefault(v, v) if isinstance(v, str) else v for v in values]


def recommendations(corpus: CorpusData, table: pd.DataFrame) -> list[RecView]:
    """One view per row of the tidy ``table`` of ``corpus``, in table order (document, start, rec id).

    Labels come from the table; the quote shown is the seed's own text of the row's segments,
    and ``number`` is the row's position within its document.
    """
    actors = {a.id: a.label for a in corpus.codebook.actors}
    titles = {d: document_title(doc) for d, doc in corpus.documents.items()}
    views: list[RecView] = []
    numbers: dict[str, int] = {}
    names = ["key", "document", "rec_id", "holder", "holder_label", "holder_type", "theme", "theme_label", "option", "option_label",
             "stance", "kind", "strength", "conditions", "note", "actors", "segments"]
    # column by column (``tolist`` gives the values ``to_dict`` would, without boxing every cell: seconds at scale);
    # equal values share one object (a label repeated on 100,000 rows is one string, not 100,000 copies)
    columns = [_shared(table[name].tolist()) for name in names]
    ids: dict[str, list[str]] = {}
    for document, rec_id in zip(columns[1], columns[2], strict=True):
        ids.setdefault(str(document), []).append(str(rec_id))
    anchors = {d: short_anchors(r) for d, r in ids.items()}
    texts = {d: doc.text for d, doc in corpus.documents.items()}
    # one tuple per row, unpacked by name, and the view built positionally (in RecView's field order): a dict per
    # row and keyword arguments were a third of this function's time at 1,000 documents
    for (key, document, rec, holder, holder_label, holder_type, theme, theme_label, option, option_label,
         stance, kind, strength, conditions, note, actor_ids, spans) in zip(*columns, strict=True):
        doc_id, rec_id = str(document), str(rec)
        number = numbers[doc_id] = numbers.get(doc_id, 0) + 1
        segments = tuple((int(s), int(e)) for s, e in spans)
        views.append(
            RecView(
                str(key), anchors[doc_id][rec_id], number, doc_id, titles[doc_id], rec_id,
                str(holder), str(holder_label), _text(holder_type) or "", str(theme), str(theme_label),
                str(option), str(option_label), str(stance), str(kind), _text(strength), _text(conditions), _text(note),
                tuple(actors.get(a, a) for a in split_list(actor_ids)), quote_text(texts[doc_id], segments), segments,
            )
        )
    return views
