"""The report's hub: :class:`Site` gathers once what every page needs; :func:`records` flattens frames.

A :class:`Site` is built from the corpus data and the :class:`ReportOptions` of one build
(normalisation and duplicate rule, passed through to every analysis a page shows), so a choice
made on the command line or in ``Corpus.report`` reaches every page. Page modules
(:mod:`~policycmp.report.pages`, :mod:`~policycmp.report.overview`,
:mod:`~policycmp.report.heatmaps`, :mod:`~policycmp.report.network`) import it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from policycmp.data import CorpusData
from policycmp.models import HolderType
from policycmp.options import DUPLICATE_RULES, NORMALISATIONS, Duplicates, Normalise, choose
from policycmp.report.env import plural
from policycmp.report.urls import Links
from policycmp.report.views import DocumentView, HolderView, RecView, document_view, holder_view, recommendations

if TYPE_CHECKING:
    from policycmp.agreement import Agreement

_TYPE_RANK = {t.value: i for i, t in enumerate(HolderType)}


@dataclass(frozen=True)
class ReportOptions:
    """The analysis choices of one report build; the defaults give the committed report.

    ``normalise`` is the agreement normalisation (coalitions and the agreement picture),
    ``duplicates`` the rule for restated recommendations (matrices, rankings, agreement).
    Both are checked when the options are made, so a bad choice fails before any rendering.
    """

    normalise: Normalise = "jaccard"
    duplicates: Duplicates = "document"

    def __post_init__(self) -> None:
        choose("normalise", self.normalise, NORMALISATIONS, "a normalisation")
        choose("duplicates", self.duplicates, DUPLICATE_RULES, "a duplicate rule")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as plain dicts, with a named index (e.g. ``option``) as one of the columns.

    Built column by column (``Series.tolist`` gives the same Python values as ``to_dict("records")``)
    because ``to_dict`` boxes every cell one at a time, seconds on a large table.
    """
    flat = frame.reset_index() if frame.index.name is not None else frame
    names = [str(k) for k in flat.columns]
    columns = [flat.iloc[:, i].tolist() for i in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)] if names else [{} for _ in range(len(flat))]


class Site:
    """Everything derived once from a corpus for all pages."""

    def __init__(self, corpus: CorpusData, options: ReportOptions | None = None) -> None:
        self.corpus = corpus
        self.options = options if options is not None else ReportOptions()
        """The build's analysis choices; pages pass them to every analysis they show."""
        self.table: pd.DataFrame = corpus.tidy()
        """The corpus's shared tidy table (never modified), the hub of every matrix and of the recommendation views;
        shared, so the counts the analyses derive from it are worked out once for every page."""
        self.recs: list[RecView] = recommendations(corpus, self.table)
        self.by_key: dict[str, RecView] = {r.key: r for r in self.recs}
        self.holders: dict[str, HolderView] = {h.id: holder_view(h) for h in corpus.codebook.holders}
        self.documents: dict[str, DocumentView] = {d: document_view(corpus.documents[d]) for d in sorted(corpus.documents)}
        self.option_rank = {o: i for i, o in enumerate(corpus.options)}
        self.theme_rank = {t.id: i for i, t in enumerate(corpus.codebook.themes)}
        self._briefs: dict[tuple[str, str, bool], Markup] = {}
        self._matrices: dict[tuple[str, str, str], pd.DataFrame] = {}
        self._groups: dict[str, dict[str, list[RecView]]] = {}

    def matrix(self, rows: str, cols: str, value: str) -> pd.DataFrame:
        """:func:`policycmp.matrices.matrix` of the table with the build's duplicate rule, computed once per build and kind.

        The overview's heatmaps and their downloads show the same matrices; callers only read them.
        """
        key = (rows, cols, value)
        if key not in self._matrices:
            from policycmp.matrices import matrix

            self._matrices[key] = matrix(self.table, rows, cols, value, duplicates=self.options.duplicates)  # type: ignore[arg-type]
        return self._matrices[key]

    def brief_card(self, rec: RecView, links: Links) -> Markup:
        """The compact card of ``rec`` (:func:`policycmp.report.cards.brief_card`) for a page linking like ``links``.

        Rendered once per statement and page depth and reused: every statement appears on its holder's,
        its option's and its theme's page, all at the same depth, so their cards are the same bytes.
        """
        key = (rec.key, links.root, links.standalone)
        card = self._briefs.get(key)
        if card is None:
            from policycmp.report.cards import brief_card

            card = self._briefs[key] = brief_card(rec, links)
        return card

    @cached_property
    def positions(self) -> pd.DataFrame:
        """Holder positions on each dimension (:func:`policycmp.positions.positions`), computed once per build."""
        from policycmp.positions import positions

        return positions(self.table, self.corpus.codebook.dimensions, duplicates=self.options.duplicates)

    @cached_property
    def over_time(self) -> pd.DataFrame:
        """Each document's position on each dimension with its date (:func:`policycmp.positions.positions_over_time`), once per build."""
        from policycmp.positions import positions_over_time

        return positions_over_time(self.table, self.corpus.codebook.dimensions, duplicates=self.options.duplicates)

    @cached_property
    def periods(self) -> pd.DataFrame:
        """Positions on each dimension per period (:func:`policycmp.positions.positions_by_period`), once per build."""
        from policycmp.positions import positions_by_period

        return positions_by_period(self.table, self.corpus.codebook.dimensions, duplicates=self.options.duplicates)

    @cached_property
    def derived_provenance(self) -> dict[str, object]:
        """The exports' provenance block for tables derived from the statements: no corpus checksum (see
        :mod:`policycmp.report.downloads`), so the checksum is never computed (it reads and hashes every seed and file)."""
        from policycmp.exports.provenance import provenance

        return provenance(self.corpus, checksum=False, normalise=self.options.normalise, duplicates=self.options.duplicates)

    @cached_property
    def agreement(self) -> Agreement:
        """Holder × holder agreement with the build's options (:func:`policycmp.agreement.agreement`), computed once per build."""
        from policycmp.agreement import agreement

        return agreement(self.table, normalise=self.options.normalise, duplicates=self.options.duplicates)

    @cached_property
    def recs_of_document(self) -> dict[str, list[RecView]]:
        """Each document's recommendations in table order, gathered once (a page per document would otherwise scan them all)."""
        out: dict[str, list[RecView]] = {}
        for r in self.recs:
            out.setdefault(r.document, []).append(r)
        return out

    def recs_by(self, field: str) -> dict[str, list[RecView]]:
        """The statements grouped by ``holder``, ``option`` or ``theme``, in table order, gathered once per field
        (each entity page would otherwise scan every statement)."""
        groups = self._groups.get(field)
        if groups is None:
            groups = self._groups[field] = {}
            for r in self.recs:
                groups.setdefault(getattr(r, field), []).append(r)
        return groups

    @cached_property
    def active_holders(self) -> list[HolderView]:
        """Holders with at least one recommendation, grouped by type, then by label."""
        ids = {r.holder for r in self.recs}
        return self.sort_holders(ids)

    @cached_property
    def unused_catch_alls(self) -> frozenset[str]:
        """Catch-all ('other') options no statement uses: they get no page and no row, and nothing links to them.

        Every theme has one, so listing the unused ones would add a near-identical empty page per theme.
        """
        used = {r.option for r in self.recs}
        return frozenset(o for o, option in self.corpus.options.items() if option.catch_all and o not in used)

    def shown_options(self) -> list[str]:
        """Ids of the options that get a page, in codebook order (all but :attr:`unused_catch_alls`)."""
        return [o for o in self.corpus.options if o not in self.unused_catch_alls]

    def sort_holders(self, ids: Iterable[str]) -> list[HolderView]:
        """Holder views for ``ids``, by type (codebook vocabulary order), label, id."""
        views = [self.holders.get(i) or HolderView(i, i, "", None, None, ()) for i in set(ids)]
        return sorted(views, key=lambda h: (_TYPE_RANK.get(h.type, len(_TYPE_RANK)), h.label.casefold(), h.id))

    @cached_property
    def summary(self) -> str:
        """One line: documents, holders, recommendations, themes and options addressed."""
        themes = {r.theme for r in self.recs}
        options = {r.option for r in self.recs}
        return (
            f"{plural(len(self.documents), 'document')}, {plural(len(self.active_holders), 'holder')} and "
            f"{plural(len(self.recs), 'recommendation')} on {len(themes)} of {plural(len(self.corpus.themes), 'theme')} "
            f"({len(options)} of {plural(len(self.corpus.options), 'option')})"
        )

    def base(self, path: str, title: str, *, standalone: bool = False) -> dict[str, Any]:
        """Context every page gets: links, title and the site summary."""
        links = Links(path, standalone)
        return {"links": links, "title": title, "site": self, "brief": lambda rec: self.brief_card(rec, links)}

    @property
    def codebook_version(self) -> str:
        return self.corpus.codebook.version

    def by_option_then_reading(self, recs: Iterable[RecView]) -> list[RecView]:
        return sorted(recs, key=lambda r: (self.option_rank.get(r.option, 10**6), r.document, r.segments, r.rec_id))
