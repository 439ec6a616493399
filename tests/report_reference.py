"""The document page before issue #17's lean rendering, kept as the specification of what a reader sees.

``reference_seed_html`` is the highlighter's HTML writer as it was (every text through ``markupsafe.escape``);
``REFERENCE_CARDS`` is the template loop that wrote the cards and the passages left uncoded. The lean
versions (:mod:`policycmp.report.cards`, :func:`policycmp.report.pages.seed_html`) must give the same text,
the same links and the same ids; ``tests/test_report_cards.py`` compares them.

The writers as they were at 4abe471, where round 6 of issue #17 began (``lean_seed_html``,
``lean_document_cards``, ``reference_rows_csv``, ``reference_holder_theme``, the holder page's
``REFERENCE_OPTION_CHIP`` macro), are the specification of the bytes of their faster successors;
``tests/test_report_equivalence.py`` renders the whole site with them and compares every file.
"""

# ruff: noqa: E501  (the template lines are kept as they were)
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from policycmp.data import CorpusData
from policycmp.exports.tables import Table
from policycmp.matrices import matrix
from policycmp.report import downloads, highlight
from policycmp.report.env import text_node
from policycmp.report.pages import WaiverView
from policycmp.report.site import Site
from policycmp.report.urls import Links
from policycmp.report.views import RecView

REFERENCE_CARDS = """\
<ol class="plain">
{% for r in recs %}
<li class="rec s-{{ r.stance }}" id="r{{ r.anchor }}"><a href="#t{{ r.anchor }}">[{{ r.number }}]</a> <strong class="st s-{{ r.stance }}">{{ r.stance }}</strong> {{ r.kind }}{% if r.strength %} · {{ r.strength }}{% endif %}{% if r.kind == "forecast" %} •{% endif %}: <a href="{{ links.holder(r.holder, 'o-' ~ r.option) }}">{{ r.holder_label }}</a> on <a href="{{ links.option(r.option, r.stance ~ '--' ~ r.holder) }}">{{ r.option_label }}</a>
{%- if r.conditions %}<p class="cond">Condition: {{ r.conditions }}</p>{% endif %}
{%- if r.note %}<p class="cond muted">Coder’s note: {{ r.note }}</p>{% endif %}
<p class="foot">Who should act: {{ r.actors | join("; ") }}{% if r.segments | length > 1 %} · In {{ r.segments | length }} parts:{% for s in r.segments %} <a href="#t{{ r.anchor }}{% if not loop.first %}-{{ loop.index }}{% endif %}">[{{ r.number }}.{{ loop.index }}]</a>{% endfor %}{% endif %}</p></li>
{% endfor %}
</ol>
<ol class="plain">
{% for w in waivers %}
<li class="rec waiver" id="u{{ w.number }}"><a href="#w{{ w.number }}">[u{{ w.number }}]</a> Why not coded: {{ w.reason }}</li>
{% endfor %}
</ol>
"""
"""The cards and passages left uncoded of ``document.html`` at 03820c9 (render with ``recs``, ``waivers``, ``links``)."""

REFERENCE_BRIEF = """\
{% import "_macros.html" as m %}
{% macro rec_brief(r, links) -%}
<article class="rec s-{{ r.stance }}" data-key="{{ r.key }}">
<div class="head">{{ m.stance_chip(r.stance) }} <span class="strength">{{ r.kind }}{% if r.strength %} · {{ r.strength }}{% endif %}{% if r.kind == "forecast" %} <span class="sym" aria-hidden="true">•</span>{% endif %}</span></div>
<blockquote>{{ r.quote | excerpt }}</blockquote>
{% if r.conditions %}<p class="cond"><strong>Condition:</strong> {{ r.conditions }}</p>{% endif %}
<div class="foot">{{ m.link(links.document(r.document, "t" ~ r.anchor), "In context: " ~ r.document_title ~ " [" ~ r.number ~ "]", "in-context") }}</div>
</article>
{%- endmacro %}
"""
"""The compact card of the holder, option and theme pages (``_brief.html`` at 03820c9; its macro ``rec_brief``)."""


REFERENCE_OPTION_CHIP = """\
{% macro option_chip(option, kind, other) -%}
{% if kind == "oppose" %}<a class="chip rel-conflict" href="{{ links.option(option) }}"><span class="sym" aria-hidden="true">≠</span> {{ option_labels[option] }}<span class="sr-only"> (conflict)</span></a>{% else %}<a class="chip rel-agree" href="{{ links.option(option) }}"><span class="sym" aria-hidden="true">=</span> {{ option_labels[option] }}<span class="sr-only"> (agreement)</span></a>{% endif %}
{%- endmacro %}
"""
"""The option chip of a holder page's agreement table (the macro of ``holder.html`` at 4abe471; render with ``links``,
``option_labels``)."""


def reference_seed_html(text: str, recs: list[RecView], waivers: list[WaiverView]) -> Markup:
    """The seed text with its marks and highlights as HTML: the body of the document page's ``div.seed``.

    The text is cut at every quote and waiver boundary (:func:`highlight.cut`). Before each run come the
    marks of the quotes and waivers that open there: ``<a class="ref" id="t<anchor>" href="#r<anchor>">``
    with the statement's number (``n.2`` … and id ``t<anchor>-2`` for later parts of a split quote), or
    ``<a class="wref" id="w<n>" href="#u<n>">``; then the run, in a ``<mark>`` classed by the stance of the
    statements covering it (``hl-mixed`` where they differ, ``d2``/``d3`` for overlap depth, ``waived``
    when a waiver covers it too) or a ``span.waived``, its ``data-keys`` naming the anchors (and ``u<n>``)
    that cover it, for the script that lights up the quote a link lands on.

    Written here rather than by the template because at 1,000 documents the template's per-run
    expressions were most of a build's time; every text and attribute value still goes through
    ``markupsafe.escape``, the autoescaping environment's own escaper.
    """
    by_key = {r.key: r for r in recs}
    by_waiver = {w.key: w for w in waivers}
    spans = {r.key: r.segments for r in recs} | {w.key: w.segments for w in waivers}
    order = [r.key for r in recs] + [w.key for w in waivers]
    tokens = {r.key: r.anchor for r in recs} | {w.key: f"u{w.number}" for w in waivers}
    out: list[str] = []

    def ref(cls: str, ident: str, href: str, label: str) -> None:
        out.append(f'<a class="{escape(cls)}" id="{escape(ident)}" href="{escape(href)}">{escape(label)}</a>')

    for p in highlight.cut(text, spans, order):
        split = {key for key, _, _ in p.parts}
        for key, part, _ in p.parts:
            r = by_key.get(key)
            if part > 1 and r is not None:
                ref(f"ref part s-{r.stance}", f"t{r.anchor}-{part}", f"#r{r.anchor}", f"{r.number}.{part}")
        for key in p.opens:
            r = by_key.get(key)
            if r is None:
                n = by_waiver[key].number
                ref("wref", f"w{n}", f"#u{n}", f"u{n}")
            elif key in split:
                ref(f"ref part s-{r.stance}", f"t{r.anchor}", f"#r{r.anchor}", f"{r.number}.1")
            else:
                ref(f"ref s-{r.stance}", f"t{r.anchor}", f"#r{r.anchor}", str(r.number))
        run = escape(p.text)
        if not p.keys:
            out.append(run)
            continue
        keys = escape(" ".join(tokens[k] for k in p.keys))
        coded = [by_key[k] for k in p.keys if k in by_key]
        if not coded:
            out.append(f'<span class="waived" data-keys="{keys}">{run}</span>')
            continue
        stances = {r.stance for r in coded}
        cls = f"hl-{next(iter(stances)) if len(stances) == 1 else 'mixed'}"
        if len(coded) > 1:
            cls += f" d{min(len(coded), 3)}"
        if len(coded) < len(p.keys):
            cls += " waived"
        out.append(f'<mark class="{escape(cls)}" data-keys="{keys}">{run}</mark>')
    return Markup("".join(out))



def lean_seed_html(text: str, recs: list[RecView], waivers: list[WaiverView]) -> Markup:
    """:func:`policycmp.report.pages.seed_html` at 4abe471 (issue #17, round 6 began there): the spec of its bytes."""
    by_key = {r.key: r for r in recs}
    spans = {r.key: r.segments for r in recs} | {w.key: w.segments for w in waivers}
    order = [r.key for r in recs] + [w.key for w in waivers]
    tokens = {r.key: r.anchor for r in recs} | {w.key: f"u{w.number}" for w in waivers}
    out: list[str] = []

    def ref(cls: str, ident: str, href: str, label: str) -> str:
        return f'<a class="{escape(cls)}" id="{escape(ident)}" href="{escape(href)}">{escape(label)}</a>'

    # a statement's or waiver's first mark, and the class and data-keys of a run, are the same strings each time
    opening = {r.key: ref(f"ref s-{r.stance}", f"t{r.anchor}", f"#r{r.anchor}", str(r.number)) for r in recs}
    opening |= {w.key: ref("wref", f"w{w.number}", f"#u{w.number}", f"u{w.number}") for w in waivers}
    runs: dict[tuple[str, ...], str] = {}

    def run_open(keys: tuple[str, ...]) -> str:
        data = escape(" ".join(tokens[k] for k in keys))
        coded = [by_key[k] for k in keys if k in by_key]
        if not coded:
            return f'<span class="waived" data-keys="{data}">'
        stances = {r.stance for r in coded}
        cls = f"hl-{next(iter(stances)) if len(stances) == 1 else 'mixed'}"
        if len(coded) > 1:
            cls += f" d{min(len(coded), 3)}"
        if len(coded) < len(keys):
            cls += " waived"
        return f'<mark class="{escape(cls)}" data-keys="{data}">'

    for p in highlight.cut(text, spans, order):
        if p.parts:
            split = {key for key, _, _ in p.parts}
            for key, part, _ in p.parts:
                r = by_key.get(key)
                if part > 1 and r is not None:
                    out.append(ref(f"ref part s-{r.stance}", f"t{r.anchor}-{part}", f"#r{r.anchor}", f"{r.number}.{part}"))
        else:
            split = set()
        for key in p.opens:
            r = by_key.get(key)
            if r is not None and key in split:
                out.append(ref(f"ref part s-{r.stance}", f"t{r.anchor}", f"#r{r.anchor}", f"{r.number}.1"))
            else:
                out.append(opening[key])
        run = text_node(p.text)
        if not p.keys:
            out.append(run)
            continue
        head = runs.get(p.keys)
        if head is None:
            head = runs[p.keys] = run_open(p.keys)
        out.append(f"{head}{run}{'</mark>' if head.startswith('<mark') else '</span>'}")
    return Markup("".join(out))


def reference_rows_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """:func:`policycmp.report.downloads.rows_csv` at 4abe471."""
    from policycmp.exports.tables import neutralise

    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([neutralise(v) for v in row] for row in rows)
    text.detach()
    return buffer.getvalue()


def reference_holder_theme(corpus: CorpusData, table: pd.DataFrame, duplicates: Any, site: Site | None = None) -> Table:
    """:func:`policycmp.report.downloads._holder_theme` at 4abe471."""
    counts = site.matrix("holder", "theme", "count") if site else matrix(table, "holder", "theme", "count", duplicates=duplicates)
    net = site.matrix("holder", "theme", "net") if site else matrix(table, "holder", "theme", "net", duplicates=duplicates)
    found: dict[tuple[str, str], set[str]] = {}
    for holder, theme, stance in zip(table["holder"], table["theme"], table["stance"], strict=True):
        found.setdefault((str(holder), str(theme)), set()).add(str(stance))
    rows = []
    for h in counts.index:
        for t in counts.columns:
            n = int(counts.loc[h, t])
            if n == 0:
                continue
            value = float(net.loc[h, t])
            stances = found.get((str(h), str(t)), set())
            state = "support" if value > 0 else "oppose" if value < 0 else "conditional" if stances == {"conditional"} else "mixed"
            rows.append({"holder": str(h), "theme": str(t), "statements": n, "net_direction": value, "state": state})
    frame = pd.DataFrame(rows, columns=["holder", "theme", "statements", "net_direction", "state"])
    types = {
        "holder": ("string", "Holder id (row of the table)."),
        "theme": ("string", "Theme id (column of the table)."),
        "statements": ("integer", "How many statements the holder makes on the theme."),
        "net_direction": ("number", "Supports minus opposes."),
        "state": ("string", "The cell's colour and symbol: support, oppose, conditional or mixed."),
    }
    return downloads._table("holder_theme", "Holder × theme", "Statements of each holder on each theme and their net direction; "
                  "one row per marked cell.", frame, types)


def _lean_linker(make: Callable[[str], str | None]) -> Callable[[str, str, str], str]:
    """``link(ident, fragment, text)``: a link to ``make(ident)`` + ``#fragment``, or a span where ``make`` gives None.

    ``make(ident)`` (a :class:`Links` method) runs once per ident, not once per card.
    """
    bases: dict[str, str | None] = {}

    def link(ident: str, fragment: str, text: str) -> str:
        if ident not in bases:
            bases[ident] = make(ident)
        base = bases[ident]
        if base is None:
            return f"<span>{text_node(text)}</span>"
        href = f"#{fragment}" if base.startswith("#") else f"{base}#{fragment}"  # "#top": a link to the page itself
        return f'<a href="{escape(href)}">{text_node(text)}</a>'

    return link


def lean_document_cards(recs: Sequence[RecView], links: Links) -> Markup:
    """:func:`policycmp.report.cards.document_cards` at 4abe471."""
    holder = _lean_linker(links.holder)
    option = _lean_linker(links.option)
    out: list[str] = []
    for r in recs:
        a = escape(r.anchor)
        stance = text_node(r.stance)
        kind = text_node(r.kind)
        if r.strength:
            kind += " · " + text_node(r.strength)
        if r.kind == "forecast":
            kind += " •"
        parts = [
            f'<li class="s-{escape(r.stance)}" id="r{a}"><a href="#t{a}">[{r.number}]</a> <strong>{stance}</strong> {kind}: ',
            holder(r.holder, f"o-{r.option}", r.holder_label),
            " on ",
            option(r.option, f"{r.stance}--{r.holder}", r.option_label),
        ]
        if r.conditions:
            parts.append(f'<p class="cond">Condition: {text_node(r.conditions)}</p>')
        if r.note:
            parts.append(f'<p class="note">Coder’s note: {text_node(r.note)}</p>')
        parts.append(f'<p class="foot">Who should act: {text_node("; ".join(r.actors))}')
        n = len(r.segments)
        if n > 1:
            parts.append(f" · In {n} parts:")
            for i in range(1, n + 1):
                target = f"t{a}" if i == 1 else f"t{a}-{i}"
                parts.append(f' <a href="#{target}">[{r.number}.{i}]</a>')
        parts.append("</p></li>\n")
        out.append("".join(parts))
    return Markup("".join(out))
