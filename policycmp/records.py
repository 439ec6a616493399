"""The validated corpus as records: documents, their anchored recommendations and waivers, and look-ups.

The bottom of the data layer: it imports models and the vocabulary, never an analysis.
:class:`CorpusRecord` is what the tidy table (:mod:`policycmp.table`) is built from;
:class:`policycmp.data.CorpusData` adds the table cache, and :class:`policycmp.corpus.Corpus`
the analysis methods users call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policycmp import layout
from policycmp.errors import Problem
from policycmp.markup import text_html
from policycmp.models import Codebook, CodedDocument, Holder, Option, Recommendation, Theme, Waiver
from policycmp.vocabulary import STANCE, kind_strength

Segment = tuple[int, int]
"""A half-open character range ``[start, end)`` in a seed text (Python string indices)."""


@dataclass(frozen=True)
class Anchored:
    """A recommendation with its resolved holder and its character spans in the seed."""

    recommendation: Recommendation
    holder: str
    segments: tuple[Segment, ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    def _repr_html_(self) -> str:
        return anchored_html(self)


@dataclass(frozen=True)
class AnchoredWaiver:
    """A waiver with the character spans of its quote."""

    waiver: Waiver
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class LoadedDocument:
    """One coded document, its seed text and its anchored recommendations."""

    coded: CodedDocument
    path: Path
    seed_path: Path
    text: str
    recommendations: tuple[Anchored, ...]
    waivers: tuple[AnchoredWaiver, ...] = ()

    @property
    def id(self) -> str:
        return self.coded.document.id

    def __repr__(self) -> str:
        return f"LoadedDocument(id={self.id!r}, recommendations={len(self.recommendations)}, waivers={len(self.waivers)})"



@dataclass
class CorpusRecord:
    """Codebook and documents (keyed by id, in sorted order), with look-ups by id."""

    root: Path
    codebook: Codebook
    documents: dict[str, LoadedDocument] = field(default_factory=dict)
    codings: dict[str, tuple[LoadedDocument, ...]] = field(default_factory=dict)
    """Extra, independent codings by document id (:mod:`policycmp.codings`): validated, read only by reliability, never counted."""
    warnings: tuple[Problem, ...] = ()
    """Warnings of the load (e.g. near-duplicate holder names): printed by ``validate``, they leave the corpus valid."""

    @property
    def holders(self) -> dict[str, Holder]:
        return {h.id: h for h in self.codebook.holders}

    @property
    def themes(self) -> dict[str, Theme]:
        return {t.id: t for t in self.codebook.themes}

    @property
    def options(self) -> dict[str, Option]:
        return {o.id: o for t in self.codebook.themes for o in t.options}

    @property
    def option_theme(self) -> dict[str, str]:
        return {o.id: t.id for t in self.codebook.themes for o in t.options}

    def holders_with_statements(self) -> set[str]:
        """Ids of the holders with at least one coded statement (the codebook may list more holders)."""
        return {a.holder for d in self.documents.values() for a in d.recommendations}

    def holder_figures(self) -> str:
        """The two holder counts, named the same wherever they are shown (README, ``validate``, notebook).

        E.g. '26 holders with statements, 29 holders in the codebook'.
        """
        return layout.holder_figures(len(self.holders_with_statements()), len(self.codebook.holders))


def anchored_html(anchored: Anchored) -> str:
    """One anchored recommendation as notebook HTML: holder, stance symbol, option, strength, quote, span."""
    rec = anchored.recommendation
    stance = str(rec.stance)
    conditions = f"<br><em>condition:</em> {text_html(rec.conditions)}" if rec.conditions else ""
    spans = ", ".join(f"{s}–{e}" for s, e in anchored.segments)
    return (
        f'<div class="policycmp recommendation"><strong>{text_html(anchored.holder)}</strong> '
        f'<span title="{text_html(stance)}">{STANCE[stance].symbol} {text_html(stance)}</span> '
        f"<code>{text_html(rec.option)}</code> ({text_html(kind_strength(rec.kind, rec.strength))}; "
        f"actors: {text_html(', '.join(rec.actors))})"
        f"<blockquote>{text_html(rec.quote)}</blockquote><small>id {text_html(rec.id)} · characters {spans}</small>{conditions}</div>"
    )
