"""Plots for the notebook and for files: SVG drawn with the report's colours, symbols and network layout.

Each function returns a :class:`Chart`: an SVG document that shows itself in Jupyter
(``_repr_svg_``), prints a plain-text summary (``repr``) and saves itself (``.save("x.svg")``; PNG
needs the ``png`` extra, ``pip install 'policycmp[png]'``, which brings vl-convert). No plotting library is needed: the
stance colours and symbols come from :mod:`policycmp.vocabulary` as in the report's heatmap, and
the agreement network is the report's own picture (:func:`policycmp.report.svg.layout` rendered by
the ``_network.html`` macro).

Every text from the corpus reaches the SVG through :func:`policycmp.markup.text_html` (escaped
for text and attributes), and coordinates are rounded, so the same corpus gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policycmp.agreement import agreement
from policycmp.coalitions import coalitions
from policycmp.data import CorpusData
from policycmp.errors import UsageError
from policycmp.markup import text_html
from policycmp.matrices import contested, matrix
from policycmp.options import GroupKey, Normalise
from policycmp.positions import positions
from policycmp.report.style import AGREE_COLOUR, CONFLICT_COLOUR, NODE_COLOUR, OPPOSE_INK, SUPPORT_INK
from policycmp.report.svg import NodeIn, PairIn, layout, shorten
from policycmp.vocabulary import CELL, EXPECTED_MARK, RELATION, legend

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
CELL_SIZE = 16
HATCH_ID = "pc-conflict-hatch"
HATCH = (
    f'<defs><pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">'
    f'<rect width="5" height="5" fill="#ffffff"/>'
    f'<line x1="0" y1="0" x2="0" y2="5" stroke="{CONFLICT_COLOUR}" stroke-width="2.5"/></pattern></defs>'
)
"""The hatching of conflict cells in the agreement matrix (agreement cells are solid): pattern, not hue, tells them apart."""
SYMBOL_STYLE = ' font-size="11" font-weight="700" fill="#1d2430" stroke="#ffffff" stroke-width="2.5" paint-order="stroke"'
"""The = / ≠ mark on each agreement-matrix cell: dark with a white halo, legible on any depth of grey or hatching."""
LABEL_WIDTH = 230
PNG_EXTRA = "png"


@dataclass(frozen=True)
class Chart:
    """One plot: its SVG, a title and a plain-text summary of what it shows."""

    svg: str
    title: str
    text: str

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        from policycmp.terminal import terminal_text

        return terminal_text(f"{self.title}\n{self.text}")

    def save(self, path: str | Path) -> Path:
        """Write the chart as ``.svg``, or ``.png`` with the ``png`` extra (vl-convert); replaces an earlier file atomically."""
        from policycmp.report.build import write_single_file

        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".svg":
            data = self.svg.encode("utf-8")
        elif suffix == ".png":
            data = png_bytes(self.svg)
        else:
            raise UsageError(f"cannot save a chart as {target.name!r}; name a .svg file (or .png with the '{PNG_EXTRA}' extra)")
        return write_single_file(data, target, replaceable=lambda _: True)


def png_bytes(svg: str) -> bytes:
    """PNG of ``svg`` through vl-convert (the ``png`` extra: BSD-licensed, self-contained wheels), or a UsageError naming the extra."""
    try:
        import vl_convert  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise UsageError(
            f"saving a chart as PNG needs the '{PNG_EXTRA}' extra: pip install 'policycmp[{PNG_EXTRA}]' (or save it as .svg)"
        ) from None
    return bytes(vl_convert.svg_to_png(svg, scale=2))


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _document(width: float, height: float, title: str, body: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
        f'role="img" {FONT}><title>{text_html(title)}</title>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, value: object, *, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{extra}>{text_html(value)}</text>'


def _column_labels(labels: Sequence[str], x0: float, top: float, step: float) -> list[str]:
    """Column labels written upwards above each column."""
    return [
        f'<text transform="translate({_f(x0 + i * step + step / 2 + 4)} {_f(top - 4)}) rotate(-90)">{text_html(shorten(lab))}</text>'
        for i, lab in enumerate(labels)
    ]


# --------------------------------------------------------------------------- stance heatmap


def stance_heatmap(corpus: CorpusData, rows: GroupKey = "holder", cols: GroupKey = "option") -> Chart:
    """Rows × columns, stance by colour and symbol (✓ ✗ ~ ±, • forecasts only), as the report's heatmap."""
    m = matrix(corpus.tidy(), rows, cols, "stance")
    labels = m._pc_labels
    row_ids, col_ids = list(m.index), list(m.columns)
    top = 8 + 7 * min(max((len(shorten(str(labels.get(c, c)))) for c in col_ids), default=0), 30)
    body = _column_labels([str(labels.get(c, c)) for c in col_ids], LABEL_WIDTH, top, CELL_SIZE)
    colours, symbols = CELL.colours(), CELL.symbols()
    filled = 0
    for r, row in enumerate(row_ids):
        y = top + r * CELL_SIZE
        body.append(_text(LABEL_WIDTH - 6, y + 12, shorten(str(labels.get(row, row))), anchor="end"))
        for c, col in enumerate(col_ids):
            state = str(m.at[row, col])
            x = LABEL_WIDTH + c * CELL_SIZE
            fill = colours.get(state) or "#ffffff"
            tip = f"{labels.get(row, row)} · {labels.get(col, col)}: {state}"
            mark = symbols.get(state, "") + (EXPECTED_MARK if state != "none" and bool(m.expected.at[row, col]) else "")
            filled += state != "none"
            body.append(
                f'<g><title>{text_html(tip)}</title><rect x="{x}" y="{_f(y)}" width="{CELL_SIZE}" height="{CELL_SIZE}" '
                f'fill="{fill}" stroke="#d0d7de" stroke-width="0.5"/>'
                + (_text(x + CELL_SIZE / 2, y + 12, mark, anchor="middle") if mark else "")
                + "</g>"
            )
    height = top + len(row_ids) * CELL_SIZE + 24
    body.append(_text(4, height - 8, legend()))
    width = LABEL_WIDTH + len(col_ids) * CELL_SIZE + 12
    title = f"Stance: {rows} × {cols}"
    text = f"{len(row_ids)} {rows} rows × {len(col_ids)} {cols} columns, {filled} cells with a stance; {legend()}"
    return Chart(_document(max(width, 420), height, title, body), title, text)


# --------------------------------------------------------------------------- positions per dimension


def official_positions(corpus: CorpusData) -> pd.DataFrame:
    """Each holder's position per dimension (:func:`policycmp.positions.positions`), in the columns the chart reads."""
    found = positions(corpus.tidy(), corpus.codebook.dimensions).reset_index()
    return found.rename(columns={"label": "holder_label", "statements": "n"})[["dimension", "holder", "holder_label", "n", "position"]]


def positions_chart(corpus: CorpusData, placed: Callable[[CorpusData], pd.DataFrame] = official_positions) -> Chart:
    """One panel per dimension: each holder's position as a bar from the centre towards a pole, with its n."""
    found = placed(corpus)
    body: list[str] = []
    y, width, axis = 10.0, 380.0, LABEL_WIDTH + 10
    lines: list[str] = []
    for dim in corpus.codebook.dimensions:
        part = found.loc[found["dimension"] == dim.id].sort_values(["position", "holder"])
        body.append(_text(4, y + 12, dim.label, extra=' font-weight="bold"'))
        body.append(_text(axis, y + 28, f"← {shorten(dim.poles[0].label, 27)}", extra=' fill="#555"'))
        body.append(_text(axis + width, y + 28, f"{shorten(dim.poles[1].label, 27)} →", anchor="end", extra=' fill="#555"'))
        y += 36
        centre = axis + width / 2
        top = y
        for holder, label, pos, n in zip(part["holder"], part["holder_label"], part["position"], part["n"], strict=True):
            end = centre + pos * width / 2
            x0, x1 = min(centre, end), max(centre, end)
            colour = NODE_COLOUR
            tip = f"{label}: position {pos:+.2f} on {dim.label} (n = {n})"
            body.append(
                f'<g><title>{text_html(tip)}</title>'
                + _text(LABEL_WIDTH, y + 11, shorten(str(label)), anchor="end")
                + f'<rect x="{_f(x0)}" y="{_f(y + 2)}" width="{_f(max(x1 - x0, 1.5))}" height="10" fill="{colour}"/>'
                + _text(axis + width + 6, y + 11, f"{pos:+.2f} (n={n})", extra=' fill="#555"')
                + "</g>"
            )
            y += 16
            del holder
        if part.empty:
            body.append(_text(axis, y + 11, "no holder takes a side on this dimension", extra=' fill="#555"'))
            y += 16
        body.append(f'<line x1="{_f(centre)}" y1="{_f(top - 2)}" x2="{_f(centre)}" y2="{_f(y + 2)}" stroke="#8c959f"/>')
        lines.append(f"{dim.id}: {len(part)} holders placed")
        y += 14
    title = "Positions per dimension: (towards second pole − towards first) / n, n = statements"
    return Chart(_document(axis + width + 90, y, title, body), title, "; ".join(lines) or "the codebook defines no dimension")


# --------------------------------------------------------------------------- agreement


def _coalition_order(corpus: CorpusData, normalise: Normalise) -> tuple[list[str], list[int]]:
    """Holders ordered by coalition (largest first, then id), and where each coalition starts."""
    found = coalitions(corpus.tidy(), normalise=normalise)
    order: list[str] = []
    starts: list[int] = []
    for group in found.groups:
        starts.append(len(order))
        order += sorted(group)
    return order, starts


def agreement_matrix_chart(corpus: CorpusData, normalise: Normalise = "jaccard") -> Chart:
    """Holder × holder net agreement (agreement − conflict), holders ordered by coalition, coalitions boxed."""
    net = agreement(corpus.tidy(), normalise=normalise, measure="net")
    order, starts = _coalition_order(corpus, normalise)
    order = [h for h in order if h in net.index] + sorted(h for h in net.index if h not in set(order))
    labels = net._pc_labels
    names = [str(labels.get(h, h)) for h in order]
    top = 8 + 7 * min(max((len(shorten(n)) for n in names), default=0), 30)
    body = _column_labels(names, LABEL_WIDTH, top, CELL_SIZE)
    values = net.to_numpy(dtype="float64")
    index = {h: i for i, h in enumerate(net.index)}
    limit = max(float(abs(values).max()) if net.size else 0.0, 1e-9)
    body.insert(0, HATCH)
    for r, a in enumerate(order):
        y = top + r * CELL_SIZE
        body.append(_text(LABEL_WIDTH - 6, y + 12, shorten(names[r]), anchor="end"))
        for c, b in enumerate(order):
            value = float(values[index[a], index[b]])
            x = LABEL_WIDTH + c * CELL_SIZE
            blank = a == b or math.isnan(value) or value == 0
            strength = 0.0 if blank else min(abs(value) / limit, 1.0)
            # agreement and conflict share the neutral relation greys, so they differ by pattern and symbol too:
            # solid grey and "=" for agreement, hatched grey and "≠" for conflict; depth shows strength
            fill, opacity = (AGREE_COLOUR, strength) if value > 0 else (f"url(#{HATCH_ID})", 0.35 + 0.65 * strength)
            tip = f"{names[r]} · {names[c]}: net agreement {value:+.2f}"
            if blank:
                fill, opacity = "#ffffff", 0.0
            body.append(
                f'<rect x="{x}" y="{_f(y)}" width="{CELL_SIZE}" height="{CELL_SIZE}" fill="{fill}" fill-opacity="{opacity:.2f}" '
                f'stroke="#d0d7de" stroke-width="0.5"><title>{text_html(tip)}</title></rect>'
            )
            if not blank:
                symbol = RELATION["agree"].symbol if value > 0 else RELATION["conflict"].symbol
                body.append(_text(x + CELL_SIZE / 2, y + 12, symbol, anchor="middle", extra=SYMBOL_STYLE))
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(order)
        x, y, side = LABEL_WIDTH + start * CELL_SIZE, top + start * CELL_SIZE, (end - start) * CELL_SIZE
        body.append(f'<rect x="{x}" y="{_f(y)}" width="{side}" height="{side}" fill="none" stroke="#1d2430" stroke-width="1.5"/>')
    height = top + len(order) * CELL_SIZE + 24
    key = f"= solid grey: net agreement; ≠ hatched: net conflict; darker: stronger ({normalise}); boxes: coalitions"
    body.append(_text(4, height - 8, key))
    title = f"Net agreement between holders, ordered by coalition ({normalise})"
    text = f"{len(order)} holders in {len(starts)} coalitions"
    return Chart(_document(max(LABEL_WIDTH + len(order) * CELL_SIZE + 12, 420), height, title, body), title, text)


def agreement_network_chart(corpus: CorpusData) -> Chart:
    """The report's agreement picture (holders on a circle, agreement and conflict edges), without links."""
    from policycmp.report.env import environment

    pairs_frame = agreement(corpus.tidy(), normalise="raw").pairs
    labels = dict(zip(corpus.tidy()["holder"], corpus.tidy()["holder_label"], strict=True))
    nodes = [NodeIn(h, labels[h], None) for h in sorted(labels)]
    columns = (pairs_frame[c].tolist() for c in ("a", "b", "shared", "agreements", "conflicts"))
    pairs = [PairIn(str(a), str(b), int(n), int(agree), int(conflict)) for a, b, n, agree, conflict in zip(*columns, strict=True)]
    picture = layout(nodes, pairs)
    macro = environment().get_template("_network.html").module.agreement_picture  # type: ignore[attr-defined]
    figure = str(macro(picture))
    svg = figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")]
    text = f"{len(nodes)} holders; {sum(p.agreements > 0 for p in pairs)} agreeing pairs, {sum(p.conflicts > 0 for p in pairs)} in conflict"
    return Chart(svg, "Agreement and conflict between holders", text)


# --------------------------------------------------------------------------- contested options


def contested_chart(corpus: CorpusData, top: int = 15) -> Chart:
    """The most contested options: opponents to the left (orange), supporters to the right (blue), the stance inks."""
    found = contested(corpus.tidy()).head(top)
    most = max([*found["supporters"], *found["opponents"], 1])
    unit, centre = 120 / most, LABEL_WIDTH + 140
    body = [_text(centre - 4, 14, "oppose ✗", anchor="end", extra=f' fill="{OPPOSE_INK}"'),
            _text(centre + 4, 14, "✓ support", extra=f' fill="{SUPPORT_INK}"')]
    y = 22.0
    for option, label, s, o, score in zip(found.index, found["option_label"], found["supporters"], found["opponents"],
                                          found["contestation"], strict=True):
        tip = f"{label}: {s} supporting, {o} opposing; contestation {score:.2f}"
        body.append(
            f'<g><title>{text_html(tip)}</title>'
            + _text(LABEL_WIDTH + 10, y + 11, shorten(str(label)), anchor="end")
            + f'<rect x="{_f(centre - o * unit)}" y="{_f(y + 1)}" width="{_f(o * unit)}" height="12" fill="{OPPOSE_INK}"/>'
            + f'<rect x="{_f(centre)}" y="{_f(y + 1)}" width="{_f(s * unit)}" height="12" fill="{SUPPORT_INK}"/>'
            + _text(centre + s * unit + 4, y + 11, f"{s}–{o} ({score:.2f})", extra=' fill="#555"')
            + "</g>"
        )
        y += 16
        del option
    body.append(f'<line x1="{_f(centre)}" y1="18" x2="{_f(centre)}" y2="{_f(y + 2)}" stroke="#8c959f"/>')
    title = "Contested options: holders opposing and supporting"
    text = "\n".join(f"  {label}: {s} for, {o} against ({score:.2f})" for label, s, o, score in
                     zip(found["option_label"], found["supporters"], found["opponents"], found["contestation"], strict=True))
    return Chart(_document(centre + 200, y + 10, title, body), title, text or "  no option is contested")
