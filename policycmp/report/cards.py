"""The document page's cards (one per statement) and its list of passages left uncoded, written as HTML here.

Every card says, without script, who said what beside the highlighted text: its number (a link to the quote,
``#t<anchor>``), stance, kind and strength, holder and option (links to their pages, landing on the statement's
group), condition, the coder's note, the actors, and a link to every part of a quote in several parts. The card
is ``li#r<anchor>`` with the stance as its class (``s-support`` …) in ``ol.recs``; a passage left uncoded is
``li#u<n>`` in ``ol.waivers``.

Written in Python rather than by a template loop because at 1,000 documents the loop's per-card expressions
and ~0.8 M separate escapes were most of a build's rendering time (issue #17). Each text goes through
:func:`~policycmp.report.env.text_node` once, each attribute value through :func:`~policycmp.report.env.attribute`
(the bytes of ``markupsafe.escape``) once; a
page's link to a holder or option page is worked out once per page (:class:`~policycmp.report.urls.Links`)
and reused with each card's fragment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from markupsafe import Markup, escape

from policycmp.report.env import attribute, excerpt, stance_symbol, text_node
from policycmp.report.urls import Links
from policycmp.report.views import RecView


class Waiver(Protocol):
    """What the list of passages left uncoded needs of a waiver (:class:`~policycmp.report.pages.WaiverView`)."""

    @property
    def number(self) -> int: ...

    @property
    def reason(self) -> str: ...


def _linker(make: Callable[[str], str | None]) -> Callable[[str, str, str], str]:
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
        return f'<a href="{attribute(href)}">{text_node(text)}</a>'

    return link


def document_cards(recs: Sequence[RecView], links: Links) -> Markup:
    """The ``li`` of every statement card of one document page, in reading order."""
    holder = _linker(links.holder)
    option = _linker(links.option)
    out: list[str] = []
    for r in recs:
        a = attribute(r.anchor)
        stance = text_node(r.stance)
        kind = text_node(r.kind)
        if r.strength:
            kind += " · " + text_node(r.strength)
        if r.kind == "forecast":
            kind += " •"
        parts = [
            f'<li class="s-{attribute(r.stance)}" id="r{a}"><a href="#t{a}">[{r.number}]</a> <strong>{stance}</strong> {kind}: ',
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


def waiver_items(waivers: Sequence[Waiver]) -> Markup:
    """The ``li`` of every passage left uncoded on one document page, each with the coder's reason."""
    out = [f'<li id="u{w.number}"><a href="#w{w.number}">[u{w.number}]</a> Why not coded: {text_node(w.reason)}</li>\n' for w in waivers]
    return Markup("".join(out))


def brief_card(r: RecView, links: Links) -> Markup:
    """The compact card of a statement on the holder, option and theme pages: stance chip, kind and strength, the
    quote's opening (:func:`~policycmp.report.env.excerpt`), the condition, and a link to the quote in its text.

    Byte for byte what the template macro it replaced wrote (every value through ``markupsafe.escape``), without
    a macro call per card; :meth:`~policycmp.report.site.Site.brief_card` writes it once per statement and depth.
    """
    stance = str(escape(r.stance))
    kind = str(escape(r.kind))  # plain text from here: adding to a Markup would escape the added tags
    if r.strength:
        kind += " · " + escape(r.strength)
    if r.kind == "forecast":
        kind += ' <span class="sym" aria-hidden="true">•</span>'
    chip = f'<span class="chip s-{stance}"><span class="sym" aria-hidden="true">{escape(stance_symbol(r.stance))}</span> {stance}</span>'
    condition = f'<p class="cond"><strong>Condition:</strong> {escape(r.conditions)}</p>' if r.conditions else ""
    href = links.document(r.document, f"t{r.anchor}")
    label = escape(f"In context: {r.document_title} [{r.number}]")
    where = f'<a href="{escape(href)}" class="in-context">{label}</a>' if href else f'<span class="in-context">{label}</span>'
    return Markup(
        f'<article class="rec s-{stance}" data-key="{escape(r.key)}">\n'
        f'<div class="head">{chip} <span class="strength">{kind}</span></div>\n'
        f"<blockquote>{escape(excerpt(r.quote))}</blockquote>\n"
        f'{condition}<div class="foot">{where}</div>\n'
        "</article>"
    )
