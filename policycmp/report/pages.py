"""Page contexts for the entity pages: one per document, holder, theme and option.

Each ``*_page`` function takes the :class:`~policycmp.report.site.Site` (what every page needs,
gathered once) and returns a :class:`Page`: where it goes, which template renders it, and the
context. Everything is sorted, so the same corpus always gives the same pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from policycmp.report import highlight
from policycmp.report.env import plural
from policycmp.report.site import Site
from policycmp.report.style import STANCE_ORDER
from policycmp.report.urls import page_path
from policycmp.report.views import RecView
from policycmp.vocabulary import STANCE

SHOWN = 3
"""Statements shown per group on a holder's, option's or theme's page (per option, per holder and stance, per
cell); the rest are one link away in the statements view filtered by the group (issue #17: these pages
grew with the corpus, every statement written on three of them). Keeps those pages bounded by the codebook."""


SHOWN_DOCUMENTS = 12
"""Documents listed by name on a holder's page; the rest are reached through the statements view."""


@dataclass(frozen=True)
class Page:
    """One page of the site: its site-relative path, template and context."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """A labelled list of recommendations (e.g. one holder's quotes on one option)."""

    id: str
    label: str
    recs: tuple[RecView, ...]


@dataclass(frozen=True)
class WaiverView:
    """A passage left uncoded on purpose, with the coder's reason (its words are in the text, marked ``u<number>``)."""

    key: str
    number: int
    reason: str
    segments: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Ref:
    """A reference mark in the seed text: a link from the text to a statement's card or a waiver's reason."""

    id: str
    href: str
    cls: str
    text: str


@dataclass(frozen=True)
class TextRun:
    """A run of the seed text as the document page writes it: the marks that open before it, then the text.

    ``cls`` is the class of its ``<mark>`` when statements cover it (stance colour, overlap depth,
    ``waived`` when a waiver covers it too); ``waived`` is true for text only waivers cover; ``keys``
    are the anchors (statements) and ``u<n>`` tokens (waivers) covering it, for the script that lights
    up the quote a link lands on.
    """

    refs: tuple[Ref, ...]
    text: str
    cls: str
    waived: bool
    keys: str


def seed_runs(text: str, recs: list[RecView], waivers: list[WaiverView]) -> list[TextRun]:
    """The seed text cut at every quote and waiver boundary (:func:`highlight.cut`), as :class:`TextRun` s.

    Computed here rather than in the template: the per-piece logic in Jinja was most of the time of a
    build at 1,000 documents. Anchors are the statements' short tokens (``t<anchor>`` in the text,
    ``r<anchor>`` on the card), so a mark costs a few bytes, not a repeated ``<document>--<rec>``.
    """
    by_key = {r.key: r for r in recs}
    by_waiver = {w.key: w for w in waivers}
    spans = {r.key: r.segments for r in recs} | {w.key: w.segments for w in waivers}
    order = [r.key for r in recs] + [w.key for w in waivers]
    runs: list[TextRun] = []
    for p in highlight.cut(text, spans, order):
        refs: list[Ref] = []
        split = {key: of for key, _, of in p.parts}
        for key, part, _ in p.parts:
            r = by_key.get(key)
            if part > 1 and r is not None:
                refs.append(Ref(f"t{r.anchor}-{part}", f"#r{r.anchor}", f"ref part s-{r.stance}", f"{r.number}.{part}"))
        for key in p.opens:
            r = by_key.get(key)
            if r is not None:
                if key in split:
                    refs.append(Ref(f"t{r.anchor}", f"#r{r.anchor}", f"ref part s-{r.stance}", f"{r.number}.1"))
                else:
                    refs.append(Ref(f"t{r.anchor}", f"#r{r.anchor}", f"ref s-{r.stance}", str(r.number)))
            else:
                n = by_waiver[key].number
                refs.append(Ref(f"w{n}", f"#u{n}", "wref", f"u{n}"))
        coded = [by_key[k] for k in p.keys if k in by_key]
        tokens = " ".join(by_key[k].anchor if k in by_key else f"u{by_waiver[k].number}" for k in p.keys)
        cls = ""
        if coded:
            stances = {r.stance for r in coded}
            cls = f"hl-{next(iter(stances)) if len(stances) == 1 else 'mixed'}"
            if len(coded) > 1:
                cls += f" d{min(len(coded), 3)}"
            if len(coded) < len(p.keys):
                cls += " waived"
        runs.append(TextRun(tuple(refs), p.text, cls, bool(p.keys) and not coded, tokens))
    return runs


def document_page(site: Site, doc_id: str) -> Page:
    """The whole seed text with every quote highlighted, and a compact card per recommendation beside it.

    The quote lives in the text (highlighted, with a numbered mark linking to its card); the cards
    say who, what, which option and on what condition, and link back to the text, without repeating
    the quote (issue #17: the document pages were 5.5x the seed bytes).
    """
    doc = site.documents[doc_id]
    loaded = site.corpus.documents[doc_id]
    recs = site.recs_of_document.get(doc_id, [])
    ordered = sorted(loaded.waivers, key=lambda w: (w.segments, w.waiver.reason))
    waivers = [WaiverView(f"waiver-{n}", n, w.waiver.reason, w.segments) for n, w in enumerate(ordered, start=1)]
    path = page_path("documents", doc_id)
    voice = site.holders.get(doc.voice)
    return Page(
        path,
        "document.html",
        {
            **site.base(path, doc.title),
            "doc": doc,
            "voice_label": voice.label if voice else doc.voice,
            "recs": recs,
            "waivers": waivers,
            "runs": seed_runs(loaded.text, recs, waivers),
            "holder_count": len({r.holder for r in recs}),
        },
    )


def holder_page(site: Site, holder_id: str, relations: list[Any] | None = None) -> Page:
    """Everything one holder recommends, by theme then option; ``relations`` from the agreement table."""
    holder = site.holders[holder_id]
    recs = site.by_option_then_reading(r for r in site.recs if r.holder == holder_id)
    themes: dict[str, dict[str, list[RecView]]] = defaultdict(lambda: defaultdict(list))
    for r in recs:
        themes[r.theme][r.option].append(r)
    groups = []
    for theme_id in sorted(themes, key=lambda t: (site.theme_rank.get(t, 10**6), t)):
        options = themes[theme_id]
        first = next(iter(options.values()))[0]
        groups.append(
            {
                "theme": theme_id,
                "theme_label": first.theme_label,
                "options": [{"option": o, "option_label": rs[0].option_label, "recs": rs} for o, rs in options.items()],
            }
        )
    path = page_path("holders", holder_id)
    teams = [h for h in site.holders.values() if holder_id in h.members]
    return Page(
        path,
        "holder.html",
        {
            **site.base(path, holder.label),
            "holder": holder,
            "recs": recs,
            "groups": groups,
            "members": site.sort_holders(m for m in holder.members if m in site.holders),
            "teams": site.sort_holders(h.id for h in teams),
            "documents": [site.documents[d] for d in sorted({r.document for r in recs})],
            "relations": relations or [],
            "option_labels": {o.id: o.label for o in site.corpus.options.values()},
            "shown": SHOWN,
            "shown_documents": SHOWN_DOCUMENTS,
        },
    )


def option_page(site: Site, option_id: str) -> Page:
    """Supporters, opponents and conditional holders of one option, each with their quotes."""
    option = site.corpus.options[option_id]
    theme_id = site.corpus.option_theme[option_id]
    recs = site.by_option_then_reading(r for r in site.recs if r.option == option_id)
    titles = {t.value: t.title for t in STANCE}
    columns = []
    for stance in STANCE_ORDER:
        by_holder: dict[str, list[RecView]] = defaultdict(list)
        for r in recs:
            if r.stance == stance:
                by_holder[r.holder].append(r)
        groups = [
            {"holder": h.id, "holder_label": h.label, "holder_type": h.type, "recs": by_holder[h.id]}
            for h in site.sort_holders(by_holder)
        ]
        columns.append({"stance": stance, "title": titles[stance], "groups": groups})
    counts = {c["stance"]: len(c["groups"]) for c in columns}
    summary = (
        f"{plural(len(recs), 'recommendation')} by {plural(len({r.holder for r in recs}), 'holder')}. "
        f"Holders for: {counts['support']}, against: {counts['oppose']}, conditional: {counts['conditional']}"
        " (a holder who takes more than one stance is counted on each side)."
    )
    path = page_path("options", option_id)
    context = {
        "id": option_id,
        "label": option.label,
        "definition": option.definition,
        "theme": theme_id,
        "theme_label": site.corpus.themes[theme_id].label,
        "summary": summary,
    }
    return Page(path, "option.html", {**site.base(path, option.label), "option": context, "columns": columns, "shown": SHOWN})


def holder_sides(statements: list[tuple[str, str]]) -> str:
    """'5 holders for, 1 against, 1 conditional, 1 both ways (9 statements)': each holder counted once, on one side.

    A holder's side is its single stance, or "both ways" when its statements take more than one
    (the matrices' ``mixed`` cell), so the holder counts add up to the holders who address the option
    and the statement count is stated apart from them.
    """
    stances: dict[str, set[str]] = defaultdict(set)
    for holder, stance in statements:
        stances[holder].add(stance)
    side = {h: next(iter(s)) if len(s) == 1 else "mixed" for h, s in stances.items()}
    count = {state: sum(1 for v in side.values() if v == state) for state in (*STANCE_ORDER, "mixed")}
    parts = [f"{plural(count['support'], 'holder')} for", f"{count['oppose']} against", f"{count['conditional']} conditional"]
    if count["mixed"]:
        parts.append(f"{count['mixed']} both ways")
    return f"{', '.join(parts)} ({plural(len(statements), 'statement')})"


def theme_page(site: Site, theme_id: str, *, standalone: bool = False) -> Page:
    """The side-by-side comparison of one theme: one row per option, one column per holder."""
    theme = site.corpus.themes[theme_id]
    recs = [r for r in site.recs if r.theme == theme_id]
    holders = site.sort_holders({r.holder for r in recs})
    cells: dict[tuple[str, str], list[RecView]] = defaultdict(list)
    for r in site.by_option_then_reading(recs):
        cells[(r.option, r.holder)].append(r)
    shown = [o for o in theme.options if o.id not in site.unused_catch_alls]
    rows = [{"option": o.id, "option_label": o.label, "cells": [cells.get((o.id, h.id), []) for h in holders]} for o in shown]
    options = []
    for o in shown:
        mine = [r for r in recs if r.option == o.id]
        text = holder_sides([(r.holder, r.stance) for r in mine]) if mine else "No one addresses this option."
        options.append({"id": o.id, "label": o.label, "definition": o.definition, "summary": text})
    summary = f"{plural(len(recs), 'statement')} by {plural(len(holders), 'holder')} on {plural(len(theme.options), 'option')}."
    path = page_path("themes", theme_id)
    hidden = [o.label for o in theme.options if o.id in site.unused_catch_alls]
    context = {"id": theme_id, "label": theme.label, "definition": theme.definition, "summary": summary, "hidden": hidden}
    return Page(
        path,
        "theme.html",
        {
            **site.base(path, theme.label, standalone=standalone),
            "theme": context,
            "holders": holders,
            "rows": rows,
            "options": options,
            "shown": len(recs) if standalone else SHOWN,  # the single-file brief has no statements view to link to
        },
    )
