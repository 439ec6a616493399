"""The stance palette in policycmp.vocabulary is legible: WCAG contrast and colour-blind separation (issue #15).

Computed from the vocabulary's own colours (no browser): every stance cell's text on its fill
at least 4.5:1, the focus ring at least 3:1, relation colours neutral and apart from the stance
colours, and the support and oppose fills still apart under simulated red-green colour blindness.
"""

from __future__ import annotations

import colorsys

import pytest

from policycmp.report.assets import assets
from policycmp.vocabulary import CELL, EXPECTED, FOCUS, PAGE_BACKGROUND, PAGE_INK, RELATION, STANCE, css_variables

COLOURED = [t for t in (*CELL.terms, EXPECTED) if t.colour]


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_reference_points() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # the focus ring the issue measured: 2.03:1 on white
    assert contrast("#f5a623", "#ffffff") == pytest.approx(2.03, abs=0.01)


@pytest.mark.parametrize("term", COLOURED, ids=lambda t: t.value)
def test_stance_text_on_its_fill_and_on_white_is_at_least_4_5(term: object) -> None:
    assert term.ink, f"{term.value} has a fill but no ink"  # type: ignore[attr-defined]
    assert contrast(term.ink, term.colour) >= 4.5, term.value  # type: ignore[attr-defined]
    assert contrast(term.ink, PAGE_BACKGROUND) >= 4.5, term.value  # type: ignore[attr-defined]
    # body text inside a stance-coloured card stays legible too
    assert contrast(PAGE_INK, term.colour) >= 4.5, term.value  # type: ignore[attr-defined]


def test_focus_ring_is_at_least_3_to_1_on_the_page_and_on_every_fill() -> None:
    assert contrast(FOCUS, PAGE_BACKGROUND) >= 3.0
    for term in COLOURED:
        assert contrast(FOCUS, term.colour) >= 3.0, term.value


def test_relation_colours_are_neutral_and_legible() -> None:
    stance_colours = {t.colour for t in COLOURED} | {t.ink for t in COLOURED}
    for term in RELATION:
        assert term.ink not in stance_colours
        _, _, saturation = colorsys.rgb_to_hls(*_rgb(term.ink))
        assert saturation < 0.25, f"{term.value} should be a neutral grey, not a hue"
        assert contrast(term.ink, PAGE_BACKGROUND) >= 4.5
    assert RELATION["agree"].symbol != RELATION["conflict"].symbol


# Viénot, Brettel and Mollon (1999) dichromacy simulation, in linear RGB
_SIMULATE = {
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
}


def _simulate(hex_colour: str, kind: str) -> tuple[float, ...]:
    rgb = [_linear(c) for c in _rgb(hex_colour)]
    return tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in _SIMULATE[kind])


def _apart(a: str, b: str, kind: str) -> float:
    return max(abs(x - y) for x, y in zip(_simulate(a, kind), _simulate(b, kind), strict=True))


@pytest.mark.parametrize("kind", sorted(_SIMULATE))
def test_support_and_oppose_stay_apart_for_red_green_colour_blindness(kind: str) -> None:
    support, oppose = STANCE["support"], STANCE["oppose"]
    assert _apart(support.colour, oppose.colour, kind) > 0.2
    assert _apart(support.ink, oppose.ink, kind) > 0.02
    # the green/red pair the issue measured collapses under the same simulation
    assert _apart("#c7e9c0", "#f8c4bd", kind) < _apart(support.colour, oppose.colour, kind) / 2


def test_every_stance_keeps_its_symbol() -> None:
    for term in COLOURED:
        assert term.symbol


def test_the_report_stylesheet_uses_the_vocabulary_palette() -> None:
    css = str(assets().css)
    assert css.startswith(css_variables())
    for term in COLOURED:
        assert f"--{term.value}: {term.ink};" in css and f"--{term.value}-bg: {term.colour};" in css
    assert "#f5a623" not in css, "the old low-contrast focus colour is gone"
    assert "outline: 3px solid var(--focus)" in css
