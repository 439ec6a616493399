"""The API users know: :class:`Corpus`, the data record with every analysis as a method.

:func:`policycmp.load` returns a :class:`Corpus`. It is the top of the library: its methods are
thin calls into the modules that derive views from the tidy table (:mod:`policycmp.filters`,
:mod:`policycmp.matrices`, :mod:`policycmp.agreement`, :mod:`policycmp.coalitions`,
:mod:`policycmp.sidebyside`, :mod:`policycmp.export`, :mod:`policycmp.exports`,
:mod:`policycmp.report`), imported here at module level. Those modules take the data record
(:class:`policycmp.data.CorpusData`) or the tidy table, never a :class:`Corpus`, so nothing
below imports this module.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from policycmp import loader
from policycmp.agreement import Agreement, agreement
from policycmp.coalitions import Coalitions, coalitions
from policycmp.data import CorpusData
from policycmp.display import Frame, RecommendationView, corpus_html, corpus_text
from policycmp.errors import UsageError
from policycmp.export import write_csv, write_graphml
from policycmp.exports import export
from policycmp.filters import FILTER_CRITERIA, DateLike, Selection, filter_corpus, filter_table, known_values
from policycmp.findings import Findings, key_findings
from policycmp.limits import DEFAULT, Limits
from policycmp.matrices import consensus, contested, matrix, option_summary
from policycmp.models import POSITION_KINDS
from policycmp.options import Duplicates, ExportFormat, GroupKey, MatrixValue, Measure, Method, Normalise
from policycmp.positions import positions, positions_by_period, positions_over_time
from policycmp.records import Anchored, AnchoredWaiver, LoadedDocument, Segment
from policycmp.reliability import Reliability, assess, flag_cells, flag_pairs
from policycmp.reliability.stats import BOOTSTRAP_REPS, BOOTSTRAP_SEED
from policycmp.report import charts
from policycmp.report.build import build, build_theme_page, write_single_file
from policycmp.report.charts import Chart
from policycmp.report.site import ReportOptions
from policycmp.sidebyside import side_by_side

__all__ = ["QUOTE_COLUMNS", "Anchored", "AnchoredWaiver", "Corpus", "LoadedDocument", "Segment", "load"]

QUOTE_COLUMNS: tuple[str, ...] = (
    "document",
    "document_title",
    "holder",
    "holder_label",
    "option",
    "option_label",
    "stance",
    "kind",
    "strength",
    "quote",
    "start",
    "end",
    "conditions",
)
"""What :meth:`Corpus.quotes` gives for each quote: everything needed to cite it."""


def _given(arguments: dict[str, Any]) -> dict[str, Any]:
    """The filter criteria a method was called with (its locals minus ``self``, open criteria and a false ``include_undated``)."""
    return {k: v for k, v in arguments.items() if k in FILTER_CRITERIA and v is not None and v is not False}


class Corpus(CorpusData):
    """A validated corpus. Documents are keyed by id, in sorted order."""

    def filter(
        self,
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
    ) -> Corpus:
        """A corpus of the recommendations matching every criterion (same API as this one).

        Each criterion takes one value or a collection (any of them matches); ``None`` leaves it open.

        - ``theme``, ``option``, ``holder``, ``document``, ``actor``: codebook ids (or document ids).
        - ``holder_type``: person, organisation, government-body …; ``holder_affiliation``: as grouped
          (a holder without affiliation is its own).
        - ``document_kind``: the document's kind; ``author``: a printed author.
        - ``stance``: support, oppose, conditional; ``kind``: demand, recommendation, commitment,
          forecast; ``exclude_kind`` drops kinds (``"forecast"`` keeps stated positions); ``strength``: must,
          should, could; ``exclude_strength`` drops strengths.
        - ``since``, ``until``: inclusive dates (``YYYY-MM-DD``, ``datetime.date`` or Timestamp). Undated
          documents are left out with a warning saying how many; ``include_undated`` (``True``) keeps them.

        Documents left out by a document-level criterion (document, kind, author, dates) are dropped;
        others are kept, possibly with no recommendation left. Filters chain: ``corpus.filter(a=…).filter(b=…)``.
        """
        return filter_corpus(self, **_given(locals()))

    def quotes(
        self,
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
    ) -> Frame:
        """The evidence behind a cell, one row per matching recommendation (index: its key), ready to cite.

        Columns: :data:`QUOTE_COLUMNS` — document and its title, holder id and label, option id and
        label, stance, kind, strength, the quote, its character span in the seed (start, end) and
        its conditions. The criteria are those of :meth:`filter`.
        """
        criteria = _given(locals())
        known_values(self, criteria)
        rows = filter_table(self.tidy(), **criteria)[["key", *QUOTE_COLUMNS]].set_index("key")
        return Frame.wrap(rows, "text", {}, "evidence")

    def matrix(
        self,
        rows: GroupKey = "holder",
        cols: GroupKey = "option",
        value: MatrixValue = "stance",
        *,
        duplicates: Duplicates = "document",
        complete: bool = False,
    ) -> Frame:
        """A ``rows`` × ``cols`` matrix of ``value`` (stance, numeric, net, count); see :mod:`policycmp.matrices`.

        With ``complete=True``, holder, option, theme and document axes list every entry of the
        codebook (or every document) in codebook order, not only those with statements, so
        matrices of different filtered corpora have the same shape.
        """
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
        self,
        normalise: Normalise = "jaccard",
        *,
        measure: Measure = "agreement",
        by: GroupKey = "holder",
        duplicates: Duplicates = "document",
        kinds: Collection[str] | None = POSITION_KINDS,
    ) -> Agreement:
        """Holder × holder agreement (or conflict, or net); see :mod:`policycmp.agreement` for the formulas.

        ``kinds``: the statement kinds that count (default: positions; ``None``: forecasts too).
        """
        result = agreement(self.tidy(), normalise=normalise, measure=measure, by=by, duplicates=duplicates, kinds=kinds)
        contested = self.reliability().contested_keys if self.codings else frozenset()
        flagged = flag_pairs(self.tidy(), contested, result.pairs, by) if contested else None
        hits = flagged.loc[flagged["contested_coding"]] if flagged is not None else None
        result._pc_contested = frozenset() if hits is None else frozenset(zip(hits["a"], hits["b"], strict=True))
        return result

    def reliability(
        self, documents: Iterable[str] | None = None, *, reps: int = BOOTSTRAP_REPS, seed: int = BOOTSTRAP_SEED
    ) -> Reliability:
        """Agreement between the main coding and the extra codings (default: every double-coded one); see :mod:`policycmp.reliability`."""
        return assess(self, documents, reps=reps, seed=seed)

    def contested_coding(self, rows: str = "holder", cols: str = "option") -> pd.DataFrame:
        """Companion of :meth:`matrix`: True where some evidence of the cell lies in a unit the coders dispute."""
        contested = self.reliability().contested_keys if self.codings else frozenset()
        return flag_cells(self.tidy(), contested, rows, cols)

    def options_summary(self, *, by: GroupKey = "holder", duplicates: Duplicates = "document") -> Frame:
        """Per option: supporters, opponents, conditional, mixed, contestation (all options addressed)."""
        return option_summary(self.tidy(), by=by, duplicates=duplicates)

    def contested(self, *, by: GroupKey = "holder", duplicates: Duplicates = "document") -> Frame:
        """Options on which holders take opposite sides, the largest minority first, with who is on which side."""
        return contested(self.tidy(), by=by, duplicates=duplicates)

    def consensus(self, *, by: GroupKey = "holder", duplicates: Duplicates = "document", min_holders: int = 2) -> Frame:
        """Options that at least ``min_holders`` holders address, all on one side."""
        return consensus(self.tidy(), by=by, duplicates=duplicates, min_holders=min_holders)

    def side_by_side(self, theme: str, *, by: GroupKey = "holder", duplicates: Duplicates = "document", labels: bool = True) -> Frame:
        """For one theme: one row per option, one column per holder, the quotes in the cells."""
        return side_by_side(self.tidy(), theme, codebook=self.codebook, by=by, duplicates=duplicates, labels=labels)

    def coalitions(
        self, *, normalise: Normalise = "jaccard", by: GroupKey = "holder", method: Method = "louvain", seed: int = 0
    ) -> Coalitions:
        """Groups of holders who agree, by community detection; see :mod:`policycmp.coalitions`."""
        return coalitions(self.tidy(), normalise=normalise, by=by, method=method, seed=seed)

    def positions(self, *, by: str = "holder", duplicates: Duplicates = "document") -> pd.DataFrame:
        """Each holder's (or document's) position on each dimension, with the statements and documents behind it.

        position = (towards second pole − towards first) / (both); see :mod:`policycmp.positions`.
        """
        return positions(self.tidy(), self.codebook.dimensions, by=by, duplicates=duplicates)

    def positions_over_time(self, *, duplicates: Duplicates = "document") -> pd.DataFrame:
        """Each document's position on each dimension with its date, oldest first; undated documents listed last."""
        return positions_over_time(self.tidy(), self.codebook.dimensions, duplicates=duplicates)

    def positions_by_period(self, *, duplicates: Duplicates = "document") -> pd.DataFrame:
        """The position on each dimension of all statements of each period (calendar years, or months when the dated
        documents span little time), oldest first, undated last, with the statements, documents and holders behind
        it; see :func:`policycmp.positions.positions_by_period`."""
        return positions_by_period(self.tidy(), self.codebook.dimensions, duplicates=duplicates)

    def findings(self, *, duplicates: Duplicates = "document") -> Findings:
        """Key findings: broad consensus, contested questions with both sides, positions on each dimension."""
        return key_findings(self.tidy(), self.codebook.dimensions, duplicates=duplicates)

    def recommendation(self, key: str) -> RecommendationView:
        """One recommendation by key (``"<document>/<rec id>"``), shown with the seed text around its quote."""
        table = self.tidy()
        found = table.loc[table["key"] == key]
        if found.empty:
            raise UsageError(f"no recommendation {key!r}; keys look like '<document>/<rec id>', see corpus.table['key']")
        row = {str(k): v for k, v in found.iloc[0].items()}
        return RecommendationView(row, self.documents[str(row["document"])].text)

    def to_csv(self, path: str | Path) -> Path:
        """Write the tidy table as CSV (deterministic bytes); see :mod:`policycmp.export`."""
        return write_csv(self.tidy(), path)

    def to_graphml(self, path: str | Path, *, normalise: Normalise = "jaccard", by: GroupKey = "holder") -> Path:
        """Write the agreement network as GraphML for Gephi; see :mod:`policycmp.export`."""
        return write_graphml(self.tidy(), path, normalise=normalise, by=by)

    def export(self, to: ExportFormat, out: str | Path, *, normalise: Normalise = "jaccard", duplicates: Duplicates = "document") -> Path:
        """Write this corpus (filtered or not) in format ``to`` at ``out``, as ``policycmp export``; see :mod:`policycmp.exports`."""
        return export(self, to, out, normalise=normalise, duplicates=duplicates).path

    def report(
        self, out: str | Path, *, theme: str | None = None, normalise: Normalise = "jaccard", duplicates: Duplicates = "document"
    ) -> Path:
        """Build the static HTML report of this corpus (filtered or not) into directory ``out``.

        The site is written beside ``out`` and swapped in when complete, as ``policycmp report``
        does. With ``theme``, ``out`` is instead one self-contained HTML file of that theme's
        side-by-side page (for e-mail). ``normalise`` and ``duplicates`` reach every analysis the
        pages show (:class:`~policycmp.report.site.ReportOptions`). Returns the path written.
        An ``out`` ending in ``.html`` without ``theme`` is a :class:`~policycmp.errors.UsageError`,
        not a directory of that name.
        """
        options = ReportOptions(normalise=normalise, duplicates=duplicates)
        if theme is not None:
            return write_single_file(build_theme_page(self, theme, options), out)
        if Path(out).suffix.lower() in (".html", ".htm"):
            raise UsageError(
                f"{os.fspath(out)!r} names an HTML file, but without theme= the report is a whole site (a directory); "
                "give a directory name, or add theme='<theme id>' for one theme's page in one file"
            )
        return build(self, out, options).out_dir

    # ------------------------------------------------------------------ plots (SVG in Jupyter, .save("x.svg"))

    def plot_stances(self, rows: GroupKey = "holder", cols: GroupKey = "option") -> Chart:
        """Stance heatmap (colour and symbol per cell, as the report's); ``.save("stances.svg")`` writes it."""
        return charts.stance_heatmap(self, rows, cols)

    def plot_positions(self) -> Chart:
        """Each holder's position on each codebook dimension, with the number of statements behind it.

        The positions are :meth:`positions` (see :mod:`policycmp.positions` for the formula).
        """
        return charts.positions_chart(self)

    def plot_agreement(self, normalise: Normalise = "jaccard", *, network: bool = False) -> Chart:
        """Holder × holder net agreement ordered by coalition; ``network=True`` draws the report's agreement circle instead."""
        return charts.agreement_network_chart(self) if network else charts.agreement_matrix_chart(self, normalise)

    def plot_contested(self, top: int = 15) -> Chart:
        """The ``top`` most contested options: how many holders oppose and support each."""
        return charts.contested_chart(self, top)

    def __repr__(self) -> str:
        """The summary, then the key findings (:meth:`findings`), so a terminal or a logged notebook keeps both."""
        findings = self.findings() if not self.tidy().empty else None
        return corpus_text(self) + (f"\n{findings!r}" if findings is not None and findings.items else "")

    def _repr_html_(self) -> str:
        findings = self.findings() if not self.tidy().empty else None
        return corpus_html(self) + (findings._repr_html_() if findings is not None and findings.items else "")


def load(root: str | os.PathLike[str] | None = None, *, limits: Limits = DEFAULT) -> Corpus:
    """Load and validate the corpus at ``root`` (see :func:`policycmp.loader.load`) as a :class:`Corpus`."""
    data = loader.load(root, limits=limits)
    return Corpus(root=data.root, codebook=data.codebook, documents=data.documents, codings=data.codings, warnings=data.warnings)
