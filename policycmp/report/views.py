"""Plain view objects for the templates, built from a :class:`~policycmp.corpus.Corpus`.

Templates never touch pydantic models or DataFrames: they get these small frozen
records, already sorted, with every label resolved. A recommendation's quote is
shown as the seed's own text of its segments (joined by " … "), so what a reader
sees is byte for byte what the source says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policycmp.corpus import Corpus, LoadedDocument, Segment
from policycmp.models import Holder


@dataclass(frozen=True)
class RecView:
    """One coded recommendation, ready to render."""

    key: str
    """The tidy table's key, ``<document>/<rec id>``."""
    anchor: str
    """HTML id fragment, ``<document>--<rec id>`` (ids are slugs, so ``--`` is unambiguous)."""
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
    strength: str
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


def document_title(doc: LoadedDocument) -> str:
    """The printed title, or a plain stand-in naming the document id when the text has none."""
    meta = doc.coded.document
    return meta.title if meta.title else f"Untitled document ({meta.id})"


def quote_text(text: str, segments: tuple[Segment, ...]) -> str:
    """The seed's own words for ``segments``, gaps shown as ' … '."""
    return " … ".join(text[s:e] for s, e in segments)


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


def recommendations(corpus: Corpus) -> list[RecView]:
    """Every recommendation of the corpus, sorted by (document, start, rec id) like the tidy table."""
    holders = corpus.holders
    options = corpus.options
    themes = corpus.themes
    option_theme = corpus.option_theme
    actors = {a.id: a.label for a in corpus.codebook.actors}
    views: list[RecView] = []
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        title = document_title(doc)
        ordered = sorted(doc.recommendations, key=lambda a: (a.start, a.recommendation.id))
        for number, anchored in enumerate(ordered, start=1):
            rec = anchored.recommendation
            holder = holders.get(anchored.holder)
            theme_id = option_theme.get(rec.option, "")
            option = options.get(rec.option)
            theme = themes.get(theme_id)
            views.append(
                RecView(
                    key=f"{doc_id}/{rec.id}",
                    anchor=f"{doc_id}--{rec.id}",
                    number=number,
                    document=doc_id,
                    document_title=title,
                    rec_id=rec.id,
                    holder=anchored.holder,
                    holder_label=holder.label if holder else anchored.holder,
                    holder_type=str(holder.type) if holder else "",
                    theme=theme_id,
                    theme_label=theme.label if theme else theme_id,
                    option=rec.option,
                    option_label=option.label if option else rec.option,
                    stance=str(rec.stance),
                    strength=str(rec.strength),
                    conditions=rec.conditions,
                    note=rec.note,
                    actors=tuple(actors.get(a, a) for a in rec.actors),
                    quote=quote_text(doc.text, anchored.segments),
                    segments=anchored.segments,
                )
            )
    return views
