"""The two views of units on which coders are compared, and each coder's value of each field on a unit.

1. **Spans** (:func:`span_units`): the coded spans of all coders of one document, matched by
   overlap. Two coded units of different coders match when their quotes share at least
   :data:`MIN_OVERLAP` (30 %) of the shorter one's characters; matching is one-to-one per coder and
   greedy, largest overlap first (ties by coder and position). Matched units form one unit; a span
   no other coder matched is a unit of its own, coded by one coder only.
2. **Sentences** (:func:`sentence_units`): every sentence of the seed (:mod:`policycmp.sentences`,
   page furniture left out), coded or not. A coder's value on a sentence comes from the coded units
   whose quotes touch it; so each sentence counts once, whatever its length, and long uncoded
   passages cannot dominate as they do in character-level measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from policycmp.records import Anchored, LoadedDocument, Segment
from policycmp.sentences import split_sentences

MIN_OVERLAP = 0.30
"""Share of the shorter span two spans must share to be the same unit."""

FIELDS: tuple[str, ...] = ("prescription", "holder", "option", "stance", "kind", "strength")
"""Fields compared; ``prescription`` is whether the coder coded the unit at all (yes/no)."""
STRENGTH_ORDER: tuple[str, ...] = ("could", "should", "must")
"""The ordinal scale of strength (weakest first)."""
YES, NO = "yes", "no"

Coding = tuple[str, LoadedDocument]
"""(coder slug, coding) — the main coding first."""


@dataclass(frozen=True)
class Unit:
    """One unit of one document: the coded units of each coder on it (empty tuple: that coder coded nothing there)."""

    document: str
    index: int
    segments: tuple[Segment, ...]
    coded: dict[str, tuple[Anchored, ...]]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    def value(self, coder: str, field: str) -> str | None:
        """The coder's value of ``field`` on this unit (None when the coder coded nothing here or left it empty).

        Several coded units on one sentence give the sorted values joined by '+' (strength: the strongest).
        """
        recs = self.coded.get(coder, ())
        if field == "prescription":
            return YES if recs else NO
        values = {_field(a, field) for a in recs} - {None}
        if not values:
            return None
        if field == "strength":
            return max(values, key=lambda v: STRENGTH_ORDER.index(str(v)))
        return "+".join(sorted(str(v) for v in values))


def _field(anchored: Anchored, field: str) -> str | None:
    rec = anchored.recommendation
    value = {"holder": anchored.holder, "option": rec.option, "stance": rec.stance, "kind": rec.kind, "strength": rec.strength}[field]
    return None if value is None else str(value)


def _length(segments: tuple[Segment, ...]) -> int:
    return sum(end - start for start, end in segments)


def overlap(a: tuple[Segment, ...], b: tuple[Segment, ...]) -> int:
    """Characters two sets of segments share."""
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def span_units(document: str, codings: list[Coding]) -> list[Unit]:
    """The coded spans of ``codings`` matched by overlap (see the module docstring), in text order."""
    items = [(coder, i, a) for coder, doc in codings for i, a in enumerate(doc.recommendations)]
    candidates = []
    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            (cx, _, ax), (cy, _, ay) = items[x], items[y]
            if cx == cy:
                continue
            shared = overlap(ax.segments, ay.segments)
            if shared > 0 and shared >= MIN_OVERLAP * min(_length(ax.segments), _length(ay.segments)):
                candidates.append((-shared, x, y))
    cluster = list(range(len(items)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(items))}
    for _, x, y in sorted(candidates):
        a, b = cluster[x], cluster[y]
        if a == b or {items[i][0] for i in members[a]} & {items[i][0] for i in members[b]}:
            continue
        for i in members[b]:
            cluster[i] = a
        members[a] |= members.pop(b)
    units = []
    for group in members.values():
        coded = {coder: tuple(items[i][2] for i in sorted(group) if items[i][0] == coder) for coder, _ in codings}
        segments = tuple(sorted(s for i in group for s in items[i][2].segments))
        units.append((segments, coded))
    units.sort(key=lambda u: (u[0][0], u[0][-1]))
    return [Unit(document, n, segs, coded) for n, (segs, coded) in enumerate(units, start=1)]


def sentence_units(document: str, codings: list[Coding]) -> list[Unit]:
    """One unit per sentence of the seed (furniture left out), with each coder's coded units touching it."""
    text = codings[0][1].text
    units: list[Unit] = []
    for sentence in split_sentences(text):
        if sentence.kind == "furniture":
            continue
        coded = {coder: tuple(a for a in doc.recommendations if sentence.overlaps(a.segments)) for coder, doc in codings}
        units.append(Unit(document, len(units) + 1, sentence.parts, coded))
    return units
