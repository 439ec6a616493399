"""Geometry of the agreement picture: holders on a circle, agreement and conflict edges.

Everything is computed here, deterministically, and rendered by the template
``_agreement.html`` (so every label is escaped by Jinja). Holders sit on a circle in
matrix order (grouped by type); an edge joins two holders who agree (green, solid,
bowed inwards) or conflict (dark, dashed, bowed outwards) on at least one option;
its width grows with the count. Coordinates are rounded to one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from policycmp.report.style import AGREE_COLOUR, CONFLICT_COLOUR, NODE_COLOUR

LABEL_CHARS = 30


@dataclass(frozen=True)
class NodeIn:
    """A holder to draw."""

    id: str
    label: str
    href: str | None
    colour: str = NODE_COLOUR


@dataclass(frozen=True)
class PairIn:
    """Counts between two holders (ids as in the nodes)."""

    a: str
    b: str
    shared: int
    agreements: int
    conflicts: int
    href: str | None = None
    """Where the evidence for this pair is listed (a holder page's agreement table)."""


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    short: str
    href: str | None
    x: str
    y: str
    lx: str
    ly: str
    anchor: str
    colour: str


@dataclass(frozen=True)
class Edge:
    kind: str
    path: str
    width: str
    colour: str
    dash: str
    title: str
    href: str | None = None


@dataclass(frozen=True)
class Picture:
    """Everything the template needs to draw the SVG."""

    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    agree_colour: str = AGREE_COLOUR
    conflict_colour: str = CONFLICT_COLOUR


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _width(count: int) -> str:
    return _f(min(1.5 + 1.5 * (count - 1), 7.0))


def _positions(count: int, cx: float, cy: float, rx: float, step: float) -> list[tuple[float, float, str]]:
    """Points on an ellipse, clockwise from the top, with evenly spaced rows so labels never collide.

    The first half goes down the right side, the rest up the left side; each point carries
    the text anchor of its label (``start`` on the right, ``end`` on the left).
    """
    right = (count + 1) // 2
    left = count - right
    out: list[tuple[float, float, str]] = []
    for side, k, sign, anchor in ((0, right, 1.0, "start"), (1, left, -1.0, "end")):
        if k == 0:
            continue
        half = k * step / 2
        for i in range(k):
            row = i if side == 0 else k - 1 - i
            y = cy - (k - 1) * step / 2 + row * step
            x = cx + sign * rx * math.sqrt(max(0.0, 1 - ((y - cy) / half) ** 2))
            out.append((x, y, anchor))
    return out


def layout(nodes: Sequence[NodeIn], pairs: Sequence[PairIn], *, rx: float = 150.0, step: float = 26.0) -> Picture:
    """Place ``nodes`` round an ellipse and turn ``pairs`` into curved edges (agreements under conflicts)."""
    n = len(nodes)
    label_room, margin_y = 220.0, 24.0
    rows = (n + 1) // 2
    cx = rx + label_room
    cy = margin_y + max(rows - 1, 0) * step / 2
    width, height = int(2 * cx), int(2 * cy)
    points: dict[str, tuple[float, float]] = {}
    placed: list[Node] = []
    for node, (x, y, anchor) in zip(nodes, _positions(n, cx, cy, rx, step), strict=True):
        points[node.id] = (x, y)
        lx = x + (10 if anchor == "start" else -10)
        placed.append(Node(node.id, node.label, shorten(node.label), node.href, _f(x), _f(y), _f(lx), _f(y + 4), anchor, node.colour))
    labels = {node.id: node.label for node in nodes}
    agree: list[Edge] = []
    conflict: list[Edge] = []
    for pair in sorted(pairs, key=lambda p: (p.a, p.b)):
        if pair.a not in points or pair.b not in points or pair.a == pair.b:
            continue
        (x1, y1), (x2, y2) = points[pair.a], points[pair.b]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        words = (
            f"{labels[pair.a]} and {labels[pair.b]}: {pair.agreements} agreement{'s' * (pair.agreements != 1)}, "
            f"{pair.conflicts} conflict{'s' * (pair.conflicts != 1)} on {pair.shared} shared option{'s' * (pair.shared != 1)}"
        )
        for kind, count, bow, colour, dash, into in (
            ("agree", pair.agreements, 0.2, AGREE_COLOUR, "", agree),
            ("conflict", pair.conflicts, -0.2, CONFLICT_COLOUR, "6 4", conflict),
        ):
            if count <= 0:
                continue
            qx, qy = mx + (cx - mx) * bow, my + (cy - my) * bow
            path = f"M{_f(x1)} {_f(y1)} Q{_f(qx)} {_f(qy)} {_f(x2)} {_f(y2)}"
            into.append(Edge(kind, path, _width(count), colour, dash, words, pair.href))
    return Picture(width, height, tuple(placed), tuple(agree + conflict))
