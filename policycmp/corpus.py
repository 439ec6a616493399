"""The validated corpus: codebook, coded documents, seed texts and anchored spans.

A :class:`Corpus` is what :func:`policycmp.load` returns. It holds the data; its methods
(``table``, ``filter``, ``matrix``, ``agreement``, ``contested``, ``side_by_side``,
``coalitions`` …) are thin calls into the modules that derive views from the tidy table
(:mod:`policycmp.table`, :mod:`policycmp.filters`, :mod:`policycmp.matrices`,
:mod:`policycmp.agreement`, :mod:`policycmp.coalitions`, :mod:`policycmp.sidebyside`,
:mod:`policycmp.export`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from policycmp.models import Codebook, CodedDocument, Holder, Option, Recommendation, Theme, Waiver

if TYPE_CHECKING:
    from policycmp.agreement import Agreement
    from policycmp.coalitions import Coalitions
    from policycmp.display import Frame, RecommendationView

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
        from policycmp.display import anchored_html

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
class Corpus:
    """A validated corpus. Documents are keyed by id, in sorted order."""

    root: Path
    codebook: Codebook
    documents: dict[str, LoadedDocument] = field(default_factory=dict)
    _table: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)
    _criteria: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        recs = sum(len(d.recommendations) for d in self.documents.values())
        filtered = f", filtered by {self._criteria!r}" if self._criteria else ""
        return (
            f"Corpus(root={str(self.root)!r}, codebook={self.codebook.version!r}, documents={len(self.documents)}, "
            f"recommendations={recs}{filtered})"
        )

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

    @property
    def criteria(self) -> dict[str, Any]:
        """The filter criteria this corpus was made with (empty for a loaded corpus)."""
        return dict(self._criteria)

    def filter(self, **criteria: Any) -> Corpus:
        """A corpus of the recommendations matching every criterion (same API as this one).

        Criteria are those of :func:`policycmp.filters.filter_table`: ``theme``, ``option``,
        ``holder``, ``holder_type``, ``holder_affiliation``, ``document``, ``document_kind``,
        ``author``, ``actor``, ``stance``, ``strength``, ``exclude_strength``, ``since``,
        ``until``; each takes one value or a collection. Documents left out by a document-level
        criterion (document, kind, author, dates) are dropped; others are kept, possibly with
        no recommendation left. Filters chain: ``corpus.filter(a=…).filter(b=…)``.
        """
        from policycmp.filters import filter_table, known_values

        known_values(self, criteria)
        table = self.tidy()
        kept = filter_table(table, **criteria)
        keys = set(kept["key"])
        doc_level = {k: v for k, v in criteria.items() if k in ("document", "document_kind", "author", "since", "until")}
        doc_ids = list(self.documents)
        if doc_level:
            docs = pd.DataFrame(
                {
                    "document": doc_ids,
                    "document_kind": [str(self.documents[d].coded.document.kind) for d in doc_ids],
                    "document_date": pd.to_datetime(pd.Series([self.documents[d].coded.document.date for d in doc_ids], dtype=object)),
                    "authors": ["; ".join(self.documents[d].coded.document.authors) for d in doc_ids],
                }
            )
            doc_ids = list(filter_table(docs, **doc_level)["document"])
        documents = {}
        for doc_id in doc_ids:
            loaded = self.documents[doc_id]
            recs = tuple(a for a in loaded.recommendations if f"{doc_id}/{a.recommendation.id}" in keys)
            documents[doc_id] = loaded if len(recs) == len(loaded.recommendations) else dataclasses.replace(loaded, recommendations=recs)
        view = Corpus(root=self.root, codebook=self.codebook, documents=documents)
        view._table = kept.reset_index(drop=True)
        view._criteria = {**self._criteria, **criteria}
        return view

    def matrix(
        self, rows: str = "holder", cols: str = "option", value: str = "stance", *, duplicates: str = "document", complete: bool = False
    ) -> Frame:
        """A ``rows`` × ``cols`` matrix of ``value`` (stance, numeric, net, count); see :mod:`policycmp.matrices`.

        With ``complete=True``, holder, option, theme and document axes list every entry of the
        codebook (or every document) in codebook order, not only those with statements, so
        matrices of different filtered corpora have the same shape.
        """
        from policycmp.matrices import matrix

        row_order, col_order = (self._axis(rows), self._axis(cols)) if complete else (None, None)
        return matrix(self.tidy(), rows, cols, value, duplicates=duplicates, row_order=row_order, col_order=col_order)

    def _axis(self, key: str) -> list[str] | None:
        """Every value of grouping ``key`` the corpus defines (None for keys only the data defines)."""
        axes = {
            "holder": sorted(self.holders),
            "option": list(self.options),
            "theme": [t.id for t in self.codebook.themes],
            "document": list(self.documents),
        }
        return axes.get(key)

    def agreement(
        self, normalise: str = "jaccard", *, measure: str = "agreement", by: str = "holder", duplicates: str = "document"
    ) -> Agreement:
        """Holder × holder agreement (or conflict, or net); see :mod:`policycmp.agreement` for the formulas."""
        from policycmp.agreement import agreement

        return agreement(self.tidy(), normalise=normalise, measure=measure, by=by, duplicates=duplicates)

    def options_summary(self, *, by: str = "holder", duplicates: str = "document") -> Frame:
        """Per option: supporters, opponents, conditional, mixed, contestation (all options addressed)."""
        from policycmp.matrices import option_summary

        return option_summary(self.tidy(), by=by, duplicates=duplicates)

    def contested(self, *, by: str = "holder", duplicates: str = "document") -> Frame:
        """Options on which holders take opposite sides, most contested first, with who is on which side."""
        from policycmp.matrices import contested

        return contested(self.tidy(), by=by, duplicates=duplicates)

    def consensus(self, *, by: str = "holder", duplicates: str = "document", min_holders: int = 2) -> Frame:
        """Options that at least ``min_holders`` holders address, all on one side."""
        from policycmp.matrices import consensus

        return consensus(self.tidy(), by=by, duplicates=duplicates, min_holders=min_holders)

    def side_by_side(self, theme: str, *, by: str = "holder", duplicates: str = "document", labels: bool = True) -> Frame:
        """For one theme: one row per option, one column per holder, the quotes in the cells."""
        from policycmp.sidebyside import side_by_side

        return side_by_side(self.tidy(), theme, codebook=self.codebook, by=by, duplicates=duplicates, labels=labels)

    def coalitions(self, *, normalise: str = "jaccard", by: str = "holder", method: str = "louvain", seed: int = 0) -> Coalitions:
        """Groups of holders who agree, by community detection; see :mod:`policycmp.coalitions`."""
        from policycmp.coalitions import coalitions

        return coalitions(self.tidy(), normalise=normalise, by=by, method=method, seed=seed)

    def quotes(self, **criteria: Any) -> Frame:
        """The evidence behind a cell: matching rows with holder, stance, strength, quote and span."""
        from policycmp.display import Frame
        from policycmp.filters import filter_table, known_values

        known_values(self, criteria)
        columns = ["key", "holder_label", "option", "stance", "strength", "conditions", "quote", "start", "end"]
        rows = filter_table(self.tidy(), **criteria)[columns].set_index("key")
        return Frame.wrap(rows, "text", {}, "evidence")

    def recommendation(self, key: str) -> RecommendationView:
        """One recommendation by key (``"<document>/<rec id>"``), shown with the seed text around its quote."""
        from policycmp.display import RecommendationView
        from policycmp.errors import UsageError

        table = self.tidy()
        found = table.loc[table["key"] == key]
        if found.empty:
            raise UsageError(f"no recommendation {key!r}; keys look like '<document>/<rec id>', see corpus.table['key']")
        row = {str(k): v for k, v in found.iloc[0].items()}
        return RecommendationView(row, self.documents[str(row["document"])].text)

    def to_csv(self, path: str | Path) -> Path:
        """Write the tidy table as CSV (deterministic bytes); see :mod:`policycmp.export`."""
        from policycmp.export import write_csv

        return write_csv(self.tidy(), path)

    def to_graphml(self, path: str | Path, *, normalise: str = "jaccard", by: str = "holder") -> Path:
        """Write the agreement network as GraphML for Gephi; see :mod:`policycmp.export`."""
        from policycmp.export import write_graphml

        return write_graphml(self.tidy(), path, normalise=normalise, by=by)

    def export(self, to: str, out: str | Path, *, normalise: str = "jaccard", duplicates: str = "document") -> Path:
        """Write this corpus (filtered or not) in format ``to`` at ``out``, as ``policycmp export``; see :mod:`policycmp.exports`."""
        from policycmp.exports import export

        return export(self, to, out, normalise=normalise, duplicates=duplicates).path

    def report(self, out: str | Path, *, theme: str | None = None) -> Path:
        """Build the static HTML report of this corpus (filtered or not) into directory ``out``.

        The site is written beside ``out`` and swapped in when complete, as ``policycmp report``
        does. With ``theme``, ``out`` is instead one self-contained HTML file of that theme's
        side-by-side page (for e-mail). Returns the path written.
        """
        from policycmp.report.build import build, build_theme_page, write_single_file

        if theme is not None:
            return write_single_file(build_theme_page(self, theme), out)
        return build(self, out).out_dir

    def _repr_html_(self) -> str:
        from policycmp.display import corpus_html

        return corpus_html(self)
