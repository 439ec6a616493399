"""The one Jinja2 environment of the report, with every filter and global registered here.

Autoescaping is on for every template and undefined names fail loudly. Data is never
marked safe: the only markup that reaches a page is written in the templates or
built by :mod:`policycmp.report.svg` from escaped parts.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

import jinja2

from policycmp.report.style import STANCE_SYMBOLS, STANCE_WORDS
from policycmp.vocabulary import CELL, STANCE

_HTTP = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def http_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) address with a host, else None (the link is dropped)."""
    if not isinstance(value, str) or not _HTTP.match(value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return value


def text_node(value: str) -> str:
    """``value`` as the text of an element: ``&``, ``<`` and ``>`` escaped, quotes kept as they are.

    Returns plain text holding HTML, for the pieces Python joins into a page part (wrapped in ``Markup`` once,
    whole, by the caller): a ``Markup`` here would escape every plain string later added to it.

    For text written between tags by Python (the seed text, the document page's cards), never for attribute
    values (those go through ``markupsafe.escape``, the environment's own escaper, which also escapes quotes).
    Quotes need no escape between tags, and the 5-byte ``&#39;``/``&#34;`` of every apostrophe and quotation
    mark in coders' notes and seeds were ~0.04x the seed bytes of a report (issue #17).
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """``value`` as an attribute value between double quotes: exactly ``str(markupsafe.escape(value))``.

    The same five characters replaced with the same entities (``&amp;``, ``&gt;``, ``&lt;``, ``&#39;``, ``&#34;``),
    for the attributes Python writes by the hundred thousand (the document page's marks and cards): escaping
    through ``markupsafe.escape`` made a ``Markup`` object of every value, a tenth of a 1,000-document build's
    rendering time (issue #17). Plain text holding HTML, as :func:`text_node` returns.
    """
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``plural(1, 'quote')`` → '1 quote'; ``plural(2, 'quote')`` → '2 quotes'."""
    return f"{count} {noun}" if count == 1 else f"{count} {many or noun + 's'}"


def stance_symbol(stance: str) -> str:
    """The symbol that stands for a stance (✓ ✗ ~ ± •); empty for no stance."""
    return STANCE_SYMBOLS.get(stance, "")


def stance_word(stance: str) -> str:
    """A stance in words for labels and screen readers."""
    return STANCE_WORDS.get(stance, stance)


EXCERPT = 300
"""Most characters of a quote shown on the holder, option and theme pages (the full quote is on its document page)."""


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` if it has at most ``limit`` characters, else its opening cut at a word boundary and ended with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def type_word(holder_type: str) -> str:
    """A holder type in words: 'author-team' → 'Author team', for filters and headings (the slug stays the value)."""
    words = holder_type.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def score(value: float, digits: int = 2) -> str:
    """A number with a fixed number of decimals, so output is stable across platforms."""
    return f"{value:.{digits}f}"


@cache
def environment() -> jinja2.Environment:
    """The report's environment: package templates, autoescape, strict undefined, our filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policycmp.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # package templates do not change during a build: no stat of every template per page
    )
    env.filters.update(
        http_url=http_url,
        plural=plural,
        stance_symbol=stance_symbol,
        stance_word=stance_word,
        score=score,
        type_word=type_word,
        excerpt=excerpt,
    )
    env.globals.update(STANCE=STANCE, CELL=CELL)  # the vocabulary, for templates that list or mark stances
    return env
