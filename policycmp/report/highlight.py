"""Cut a seed text into pieces for highlighting, overlapping spans included.

Every boundary of every segment cuts the text; each piece then knows which
recommendations cover it (none, one, or several when quotes overlap) and which
recommendations *start* right before it (where the numbered reference mark goes).
Rendering the pieces in order reproduces the text exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

Segment = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """A run of seed text with the recommendation keys covering it."""

    text: str
    start: int
    keys: tuple[str, ...]
    """Keys of the recommendations whose segments cover this piece, in reading order."""
    opens: tuple[str, ...]
    """Keys of the recommendations whose first segment starts at this piece."""
    parts: tuple[tuple[str, int, int], ...] = ()
    """(key, part, of) for each quote in several parts whose ``part``-th segment (from 1) of ``of`` starts here,
    so every part of a split quote is marked and numbered in the text without script."""


def cut(text: str, spans: Mapping[str, Sequence[Segment]], order: Sequence[str] | None = None) -> list[Piece]:
    """Split ``text`` at every segment boundary of ``spans`` (key → segments).

    ``order`` fixes the order of keys within a piece (default: sorted keys).
    Empty or out-of-range segments are clipped to the text; the concatenated
    piece texts always equal ``text``.
    """
    rank = {key: i for i, key in enumerate(order if order is not None else sorted(spans))}
    clipped: dict[str, list[Segment]] = {}
    for key, segments in spans.items():
        kept = [(max(0, s), min(len(text), e)) for s, e in segments]
        kept = [(s, e) for s, e in kept if s < e]
        if kept:
            clipped[key] = sorted(kept)
    cuts = {0, len(text)}
    for segments in clipped.values():
        for s, e in segments:
            cuts.update((s, e))
    bounds = sorted(cuts)
    first = {key: segments[0][0] for key, segments in clipped.items()}
    starts: dict[int, list[tuple[str, int, int]]] = {}
    for key, segments in clipped.items():
        if len(segments) > 1:
            for n, (s, _) in enumerate(segments, start=1):
                starts.setdefault(s, []).append((key, n, len(segments)))
    # One sweep over the boundaries: each segment adds its key at its start and removes it at its end, so a
    # piece's keys are those with an open segment (the old per-piece scan of every segment was quadratic).
    enter: dict[int, list[str]] = {}
    leave: dict[int, list[str]] = {}
    for key, segments in clipped.items():
        for s, e in segments:
            enter.setdefault(s, []).append(key)
            leave.setdefault(e, []).append(key)
    depth: dict[str, int] = {}
    order_of = {key: (rank.get(key, len(rank)), key) for key in clipped}
    pieces: list[Piece] = []
    for a, b in pairwise(bounds):
        for key in leave.get(a, ()):
            depth[key] -= 1
            if not depth[key]:
                del depth[key]
        for key in enter.get(a, ()):
            depth[key] = depth.get(key, 0) + 1
        keys = tuple(sorted(depth, key=order_of.__getitem__)) if len(depth) > 1 else tuple(depth)
        opens = tuple(key for key in keys if first[key] == a)
        parts = tuple(sorted(starts[a], key=lambda p: order_of[p[0]])) if a in starts else ()
        pieces.append(Piece(text[a:b], a, keys, opens, parts))
    return pieces
