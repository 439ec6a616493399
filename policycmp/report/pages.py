"""Page contexts for the entity pages: one per document, holder, theme and option.

Each ``*_page`` function takes the :class:`~policycmp.report.site.Site` (what every page needs,
gathered once) and returns a :class:`Page`: where it goes, which template renders it, and the
context. Everything is sorted, so the same corpus always gives the same pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

from policycmp.report.cards import document_cards, waiver_items
from policycmp.report.env import attribute, plural, text_node
from policycmp.report.site import Site
from policycmp.report.style import STANCE_ORDER
from policycmp.report.urls import Links, page_path
from policycmp.report.views import RecView
from policycmp.vocabulary import STANCE

SHOWN = 3
"""Statements shown per group on a holder's, option's or theme's page (per option, per holder and stance, per
cell); the rest are one link away in the statements view filtered by the group (issue #17: these pages
grew with the corpus, every statement written on three of them). Keeps those pages bounded by the codebook."""


SHOWN_DOCUMENTS = 12
"""Documents listed by name on a holder's page; the rest are reached through the statements view."""

SHOWN_OPTIONS = 8
"""Options named on each side (agreement, conflict) of a row of a holder's agreement table; its download names all."""


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


def seed_html(text: str, recs: list[RecView], waivers: list[WaiverView]) -> Markup:
    """The seed text with its marks and highlights as HTML: the body of the document page's ``div.seed``.

    The text is cut at every quote and waiver boundary (the cuts of :func:`~policycmp.report.highlight.cut`). Before each run come
    the marks of the quotes and waivers that open there: ``<a class="ref" id="t<anchor>" href="#r<anchor>">``
    with the statement's number (``n.2`` … and id ``t<anchor>-2`` for later parts of a split quote), or
    ``<a class="wref" id="w<n>" href="#u<n>">``; then the run, in a ``<mark>`` classed by the stance of the
    statements covering it (``hl-mixed`` where they differ, ``d2``/``d3`` for overlap depth, ``waived``
    when a waiver covers it too) or a ``span.waived``, its ``data-keys`` naming the anchors (and ``u<n>``)
    that cover it, for the script that lights up the quote a link lands on.

    Written here rather than by the template because at 1,000 documents the template's per-run
    expressions were most of a build's time. Every attribute value goes through
    :func:`~policycmp.report.env.attribute` (the bytes of ``markupsafe.escape``, the autoescaping environment's
    own escaper), and the text through :func:`~policycmp.report.env.text_node` (quotes kept as they are between
    tags); the marks and run openings, the same for every run of the same quotes, are written once per page.
    The cut is swept here, each key a number in reading order, rather than through
    :class:`~policycmp.report.highlight.Piece` objects (issue #17); ``tests/report_reference.py`` keeps the
    piece-based writer as the specification of its bytes.
    """
    by_key = {r.key: r for r in recs}
    spans = {r.key: r.segments for r in recs} | {w.key: w.segments for w in waivers}
    tokens = {r.key: r.anchor for r in recs} | {w.key: f"u{w.number}" for w in waivers}
    rank = {key: i for i, key in enumerate([r.key for r in recs] + [w.key for w in waivers])}
    size = len(text)
    clipped: dict[str, list[tuple[int, int]]] = {}
    for key, segs in spans.items():
        kept = [(s, e) for s, e in sorted((max(0, s), min(size, e)) for s, e in segs) if s < e]
        if kept:
            clipped[key] = kept
    keys = sorted(clipped, key=lambda k: (rank.get(k, len(rank)), k))  # a run's keys in this order, as numbers
    first = [clipped[k][0][0] for k in keys]
    enter: dict[int, list[int]] = {}
    leave: dict[int, list[int]] = {}
    parts: dict[int, list[tuple[int, int]]] = {}
    cuts = {0, size}
    for i, key in enumerate(keys):
        segments = clipped[key]
        for n, (s, e) in enumerate(segments, start=1):
            cuts.add(s)
            cuts.add(e)
            enter.setdefault(s, []).append(i)
            leave.setdefault(e, []).append(i)
            if len(segments) > 1:
                parts.setdefault(s, []).append((i, n))

    def ref(cls: str, ident: str, href: str, label: str) -> str:
        return f'<a class="{attribute(cls)}" id="{attribute(ident)}" href="{attribute(href)}">{attribute(label)}</a>'

    # a statement's or waiver's first mark, and the opening and closing tag of a run, are the same strings each time
    opening = {r.key: ref(f"ref s-{r.stance}", f"t{r.anchor}", f"#r{r.anchor}", str(r.number)) for r in recs}
    opening |= {w.key: ref("wref", f"w{w.number}", f"#u{w.number}", f"u{w.number}") for w in waivers}
    heads: dict[tuple[int, ...], tuple[str, str]] = {}

    def run_tags(active: tuple[int, ...]) -> tuple[str, str]:
        data = attribute(" ".join([tokens[keys[i]] for i in active]))
        coded = [by_key[keys[i]] for i in active if keys[i] in by_key]
        if not coded:
            return f'<span class="waived" data-keys="{data}">', "</span>"
        stances = {r.stance for r in coded}
        cls = f"hl-{next(iter(stances)) if len(stances) == 1 else 'mixed'}"
        if len(coded) > 1:
            cls += f" d{min(len(coded), 3)}"
        if len(coded) < len(active):
            cls += " waived"
        return f'<mark class="{attribute(cls)}" data-keys="{data}">', "</mark>"

    escaped = "&" in text or "<" in text or ">" in text
    out: list[str] = []
    depth: dict[int, int] = {}
    active: tuple[int, ...] = ()
    for a, b in pairwise(sorted(cuts)):
        entering = enter.get(a)
        if entering is not None or a in leave:
            for i in leave.get(a, ()):
                depth[i] -= 1
                if not depth[i]:
                    del depth[i]
            for i in entering or ():
                depth[i] = depth.get(i, 0) + 1
            active = tuple(sorted(depth)) if len(depth) > 1 else tuple(depth)
        if entering is not None:
            split = parts.get(a)
            split_keys: set[int] = set()
            if split is not None:
                for i, part in split:
                    r = by_key.get(keys[i])
                    if part > 1 and r is not None:
                        out.append(ref(f"ref part s-{r.stance}", f"t{r.anchor}-{part}", f"#r{r.anchor}", f"{r.number}.{part}"))
                split_keys = {i for i, _ in split}
            for i in active:
                if first[i] != a:
                    continue
                key = keys[i]
                r = by_key.get(key)
                if r is not None and i in split_keys:
                    out.append(ref(f"ref part s-{r.stance}", f"t{r.anchor}", f"#r{r.anchor}", f"{r.number}.1"))
                else:
                    out.append(opening[key])
        run = text_node(text[a:b]) if escaped else text[a:b]
        if not active:
            out.append(run)
            continue
        tags = heads.get(active)
        if tags is None:
            tags = heads[active] = run_tags(active)
        out.append(tags[0])
        out.append(run)
        out.append(tags[1])
    return Markup("".join(out))


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
    base = site.base(path, doc.title)
    return Page(
        path,
        "document.html",
        {
            **base,
            "doc": doc,
            "voice_label": voice.label if voice else doc.voice,
            "recs": recs,
            "waivers": waivers,
            # made when the page renders, not with the other pages' contexts: the whole site's seed HTML held at once
            # was a large share of the report's memory at 5,000 documents
            "seed": partial(seed_html, loaded.text, recs, waivers),
            "cards": partial(document_cards, recs, base["links"]),
            "waiver_list": partial(waiver_items, waivers),
            "holder_count": len({r.holder for r in recs}),
        },
    )


def option_chips(links: Links, labels: dict[str, str]) -> Callable[[str, str], Markup]:
    """``chip(option, kind)``: the chip naming an option of a holder page's agreement table, a link to its page,
    marked as a conflict (kind ``oppose``) or an agreement (any other kind).

    Written once per option and kind and page, not by a template macro per chip: at 1,000 documents a holder page
    names some 400 options in its table, and the macro calls were most of its rendering (issue #17).
    """
    made: dict[tuple[str, bool], Markup] = {}

    def chip(option: str, kind: str) -> Markup:
        key = (option, kind == "oppose")
        if key not in made:
            cls, sym, what = ("rel-conflict", "≠", "conflict") if key[1] else ("rel-agree", "=", "agreement")
            made[key] = Markup(
                f'<a class="chip {cls}" href="{escape(links.option(option))}"><span class="sym" aria-hidden="true">{sym}</span> '
                f'{escape(labels[option])}<span class="sr-only"> ({what})</span></a>'
            )
        return made[key]

    return chip


def holder_page(site: Site, holder_id: str, relations: list[Any] | None = None) -> Page:
    """Everything one holder recommends, by theme then option; ``relations`` from the agreement table."""
    holder = site.holders[holder_id]
    recs = site.by_option_then_reading(site.recs_by("holder").get(holder_id, []))
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
    base = site.base(path, holder.label)
    option_labels = {o.id: o.label for o in site.corpus.options.values()}
    return Page(
        path,
        "holder.html",
        {
            **base,
            "holder": holder,
            "recs": recs,
            "groups": groups,
            "members": site.sort_holders(m for m in holder.members if m in site.holders),
            "teams": site.sort_holders(h.id for h in teams),
            "documents": [site.documents[d] for d in sorted({r.document for r in recs})],
            "relations": relations or [],
            "option_labels": option_labels,
            "option_chip": option_chips(base["links"], option_labels),
            "shown": SHOWN,
            "shown_documents": SHOWN_DOCUMENTS,
            "shown_options": SHOWN_OPTIONS,
        },
    )


def option_page(site: Site, option_id: str) -> Page:
    """Supporters, opponents and conditional holders of one option, each with their quotes."""
    option = site.corpus.options[option_id]
    theme_id = site.corpus.option_theme[option_id]
    recs = site.by_option_then_reading(site.recs_by("option").get(option_id, []))
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
    recs = site.recs_by("theme").get(theme_id, [])
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
