"""Reliability of a corpus's coding: units of both views, per-field coefficients, confusion tables, disagreements.

:func:`assess` compares, for every document with at least one extra coding
(:mod:`policycmp.codings`), the main coding and the extra ones. Coefficients are pooled over the
documents assessed: reliability data has one column per coding position (main coding first, then
the extra codings by coder slug), one row per unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from policycmp.codings import MAIN
from policycmp.errors import UsageError
from policycmp.records import CorpusRecord
from policycmp.reliability import stats
from policycmp.reliability.units import FIELDS, NO, STRENGTH_ORDER, YES, Coding, Unit, sentence_units, span_units

VIEWS: tuple[str, ...] = ("spans", "sentences")
NOT_CODED = "(not coded)"
"""How a missing value shows in confusion tables and disagreements."""


@dataclass(frozen=True)
class FieldResult:
    """Coefficients of one field in one view."""

    view: str
    field: str
    metric: str
    units: int
    """Units with at least two values (pairable)."""
    percent: stats.Estimate
    kappa: stats.Estimate
    alpha: stats.Estimate

    def as_dict(self) -> dict[str, Any]:
        return {
            "view": self.view,
            "field": self.field,
            "metric": self.metric,
            "units": self.units,
            "percent": self.percent.as_dict(),
            "kappa": self.kappa.as_dict(),
            "alpha": self.alpha.as_dict(),
        }


@dataclass(frozen=True)
class Disagreement:
    """A span unit the coders do not code alike: who coded it, the quotes, and the fields that differ."""

    document: str
    unit: int
    start: int
    end: int
    coders: tuple[str, ...]
    quotes: dict[str, tuple[str, ...]]
    ids: dict[str, tuple[str, ...]]
    fields: dict[str, dict[str, str]]
    """Field → coder → value, for the fields that differ (``prescription`` when some coder did not code the unit)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "quotes": {c: list(q) for c, q in self.quotes.items()},
            "ids": {c: list(i) for c, i in self.ids.items()},
            "fields": self.fields,
        }


def metric_of(name: str) -> str:
    """The α metric of a field: ordinal for strength, nominal for the others."""
    return "ordinal" if name == "strength" else "nominal"


@dataclass
class Reliability:
    """Everything :func:`assess` finds: the codings compared, units of both views, coefficients, disagreements."""

    codings: dict[str, list[Coding]]
    """Document id → (coder slug, coding), main coding first."""
    reps: int = stats.BOOTSTRAP_REPS
    seed: int = stats.BOOTSTRAP_SEED
    _units: dict[str, list[Unit]] = field(default_factory=dict, repr=False)

    @property
    def documents(self) -> list[str]:
        return sorted(self.codings)

    @property
    def width(self) -> int:
        """Most codings of one document (the columns of the reliability data)."""
        return max((len(c) for c in self.codings.values()), default=0)

    def units(self, view: str = "spans") -> list[Unit]:
        """Units of ``view`` ('spans' or 'sentences') over every document assessed, in document and text order."""
        if view not in VIEWS:
            raise UsageError(f"unknown view {view!r}: use one of {', '.join(VIEWS)}")
        if view not in self._units:
            make = span_units if view == "spans" else sentence_units
            self._units[view] = [u for doc in self.documents for u in make(doc, self.codings[doc])]
        return self._units[view]

    def data(self, name: str, view: str = "spans") -> list[list[str | None]]:
        """Reliability data of field ``name``: one row per unit, one value per coding position (None: no value)."""
        rows = []
        for unit in self.units(view):
            coders = [coder for coder, _ in self.codings[unit.document]]
            if name != "prescription" and view == "sentences" and not any(unit.coded.values()):
                continue
            row: list[str | None] = [unit.value(c, name) for c in coders]
            rows.append(row + [None] * (self.width - len(row)))
        return rows

    def unitizing(self, view: str = "spans") -> dict[str, Any]:
        """Units coded by every coder (matched) over units coded by any (union), and their ratio."""
        coded = [u for u in self.units(view) if any(u.coded.values())]
        matched = sum(all(u.coded.values()) for u in coded)
        return {"view": view, "matched": matched, "union": len(coded), "ratio": round(matched / len(coded), 4) if coded else None}

    def field(self, name: str, view: str = "spans") -> FieldResult:
        """Percent agreement, Cohen's κ (two codings only) and Krippendorff's α of one field, each with a bootstrap interval."""
        order = list(STRENGTH_ORDER) if name == "strength" else ([NO, YES] if name == "prescription" else None)
        codes, categories = stats.encode(self.data(name, view), order)
        size, metric = len(categories), metric_of(name)
        pairable = int(((codes >= 0).sum(axis=1) >= 2).sum()) if codes.size else 0
        if not pairable:
            none = stats.Estimate(None, None, None)
            return FieldResult(view, name, metric, 0, none, none, none)
        boot = {"reps": self.reps, "seed": self.seed}
        two = self.width == 2
        return FieldResult(
            view,
            name,
            metric,
            pairable,
            stats.bootstrap(lambda c: stats.percent(c, size), codes, **boot),
            stats.bootstrap(lambda c: stats.kappa(c, size), codes, **boot) if two else stats.Estimate(None, None, None),
            stats.bootstrap(lambda c: stats.alpha(c, size, metric), codes, **boot),
        )

    @cached_property
    def fields(self) -> list[FieldResult]:
        """Every field in both views."""
        return [self.field(name, view) for view in VIEWS for name in FIELDS]

    def summary(self) -> pd.DataFrame:
        """One row per view and field: units, percent, κ, α with interval bounds."""
        rows = []
        for r in self.fields:
            row: dict[str, Any] = {"view": r.view, "field": r.field, "metric": r.metric, "units": r.units}
            for name in ("percent", "kappa", "alpha"):
                est = getattr(r, name)
                row |= {name: est.value, f"{name}_low": est.low, f"{name}_high": est.high}
            rows.append(row)
        return pd.DataFrame(rows)

    def confusion(self, name: str, view: str = "spans", coders: tuple[int, int] = (0, 1)) -> pd.DataFrame:
        """Counts of (value of coding position a, value of b) for field ``name``: rows the main coding by default."""
        a, b = coders
        rows = [(r[a] or NOT_CODED, r[b] or NOT_CODED) for r in self.data(name, view) if len(r) > max(a, b)]
        frame = pd.DataFrame(rows, columns=["first", "second"])
        table = pd.crosstab(frame["first"], frame["second"]) if rows else pd.DataFrame()
        labels = sorted(set(table.index) | set(table.columns), key=lambda v: (v == NOT_CODED, v))
        return table.reindex(index=labels, columns=labels, fill_value=0).rename_axis(index=MAIN, columns="extra")

    @cached_property
    def disagreements(self) -> list[Disagreement]:
        """Span units the coders do not code alike, in document and text order."""
        found = []
        for unit in self.units("spans"):
            coders = tuple(c for c, _ in self.codings[unit.document])
            differ: dict[str, dict[str, str]] = {}
            for name in FIELDS:
                values = {c: unit.value(c, name) for c in coders if name == "prescription" or unit.coded[c]}
                if len(set(values.values())) > 1:
                    differ[name] = {c: v or NOT_CODED for c, v in values.items()}
            if differ:
                found.append(
                    Disagreement(
                        unit.document,
                        unit.index,
                        unit.start,
                        unit.end,
                        coders,
                        {c: tuple(a.recommendation.quote for a in unit.coded[c]) for c in coders},
                        {c: tuple(a.recommendation.id for a in unit.coded[c]) for c in coders},
                        differ,
                    )
                )
        return found

    def disagreement_table(self) -> pd.DataFrame:
        """The disagreements in long form: one row per disagreement, field and coder."""
        rows = [
            {"document": d.document, "unit": d.unit, "start": d.start, "end": d.end, "field": name, "coder": coder, "value": value,
             "ids": ", ".join(d.ids[coder]), "quote": " … ".join(d.quotes[coder])}
            for d in self.disagreements
            for name, values in d.fields.items()
            for coder, value in values.items()
        ]
        return pd.DataFrame(rows, columns=["document", "unit", "start", "end", "field", "coder", "value", "ids", "quote"])

    @cached_property
    def contested_keys(self) -> frozenset[str]:
        """Keys (``<document>/<id>``) of main-coding recommendations in a unit the coders disagree on."""
        keys = set()
        for d in self.disagreements:
            keys |= {f"{d.document}/{ident}" for ident in d.ids.get(MAIN, ())}
        return frozenset(keys)

    def as_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready (rounded to 4 decimals)."""
        return {
            "documents": {doc: [c for c, _ in self.codings[doc]] for doc in self.documents},
            "coders": {doc: {c: list(d.coded.coders) for c, d in self.codings[doc]} for doc in self.documents},
            "bootstrap": {"reps": self.reps, "seed": self.seed, "confidence": stats.CONFIDENCE},
            "unitizing": [self.unitizing(v) for v in VIEWS],
            "fields": [r.as_dict() for r in self.fields],
            "confusion": {
                v: {name: _nested(self.confusion(name, v)) for name in FIELDS} for v in VIEWS
            },
            "disagreements": [d.as_dict() for d in self.disagreements],
        }


def _nested(table: pd.DataFrame) -> dict[str, dict[str, int]]:
    return {str(r): {str(c): int(table.loc[r, c]) for c in table.columns} for r in table.index}


def assess(
    corpus: CorpusRecord, documents: Iterable[str] | None = None, *, reps: int = stats.BOOTSTRAP_REPS, seed: int = stats.BOOTSTRAP_SEED
) -> Reliability:
    """Compare the main and extra codings of ``documents`` (default: every document with an extra coding).

    Raises :class:`~policycmp.errors.UsageError` for a named document that is unknown or has no extra coding.
    """
    from policycmp.codings import coder_of

    chosen = sorted(corpus.codings) if documents is None else list(documents)
    found: dict[str, list[Coding]] = {}
    for doc in chosen:
        if doc not in corpus.documents:
            raise UsageError(f"unknown document {doc!r}: use one of {', '.join(corpus.documents) or '(none)'}")
        extras = corpus.codings.get(doc, ())
        if not extras:
            raise UsageError(
                f"document {doc!r} has no extra coding: add recommendations/codings/{doc}.<coder>.yaml "
                f"(double-coded: {', '.join(sorted(corpus.codings)) or 'none'})"
            )
        found[doc] = [(MAIN, corpus.documents[doc]), *((coder_of(e), e) for e in extras)]
    return Reliability(found, reps, seed)


def flag_cells(table: pd.DataFrame, contested: frozenset[str], rows: str, cols: str) -> pd.DataFrame:
    """Rows × cols booleans: True where some evidence (a row of the tidy ``table``) is in a disputed unit."""
    flagged = table.assign(contested_coding=table["key"].isin(contested))
    return flagged.groupby([rows, cols])["contested_coding"].any().unstack(fill_value=False).astype(bool)


def flag_pairs(table: pd.DataFrame, contested: frozenset[str], pairs: pd.DataFrame, by: str = "holder") -> pd.DataFrame:
    """``pairs`` (of :attr:`policycmp.agreement.Agreement.pairs`) with a ``contested_coding`` column.

    A pair is flagged when, on some option both address, the evidence of either is in a disputed unit.
    """
    cell = flag_cells(table, contested, by, "option")
    addressed = table.groupby([by, "option"]).size().unstack(fill_value=0) > 0
    flags = []
    for a, b in zip(pairs["a"], pairs["b"], strict=True):
        both = addressed.loc[a] & addressed.loc[b] if a in addressed.index and b in addressed.index else None
        hit = both is not None and bool((both & (cell.loc[a] | cell.loc[b])).any())
        flags.append(hit)
    return pairs.assign(contested_coding=np.array(flags, dtype=bool))
