"""The validated corpus: codebook, coded documents, seed texts and anchored spans.

A :class:`Corpus` is what :func:`policycmp.load` returns. It holds data only;
tables, matrices and reports are derived from it by other modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from policycmp.models import Codebook, CodedDocument, Holder, Option, Recommendation, Theme, Waiver

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


@dataclass
class Corpus:
    """A validated corpus. Documents are keyed by id, in sorted order."""

    root: Path
    codebook: Codebook
    documents: dict[str, LoadedDocument] = field(default_factory=dict)
    _table: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

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

    # ------------------------------------------------------------------ derived views

    def tidy(self) -> pd.DataFrame:
        """The cached tidy table (shared, do not modify it; :attr:`table` gives a copy)."""
        if self._table is None:
            from policycmp.table import tidy

            self._table = tidy(self)
        return self._table

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table, one row per coded recommendation (a copy, safe to modify)."""
        return self.tidy().copy()
