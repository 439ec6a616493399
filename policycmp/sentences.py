"""Split a seed text into sentences, with their spans in the original text.

Built for texts extracted from web pages and PDFs, as the seeds are:

- Lines are the units. A line that does not end a sentence (no final ``. ! ? : ;``)
  is continued by the next line that starts with a lower-case letter, even when
  footnote lines or page furniture come in between (a PDF page break in
  mid-sentence). Such a sentence has several *parts*; the interleaved material
  is not part of it.
- Footnote lines (starting with a superscript number such as ``³⁶`` or ``^{13``,
  or holding a URL and a year, as citations do) and page furniture (lines
  without letters or digits, e.g. ``_``) are kept as one unit each, of kind
  ``footnote`` or ``furniture``.
- Within a paragraph a sentence ends at ``.``, ``!`` or ``?`` (with any closing
  quotes, brackets, ``**`` and footnote markers such as ``.³``) followed by space
  and an upper-case letter, a digit or an opening quote. Not after initials
  ("Iftikhar A. Khan"), dotted abbreviations ("U.S.", "e.g.") or titles such as
  "Mr." and "Dr." (:data:`ABBREVIATIONS`).
- A numbered list item ("- 1) **Governance and Deliverance:** After …") has its
  heading split off at the colon, and a leading dateline ("date 2023-08-18") is
  split off from the first sentence.
- A sentence without final punctuation, shorter than :data:`HEADING_MAX`
  characters, is a ``heading``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

Segment = tuple[int, int]
Kind = Literal["sentence", "heading", "footnote", "furniture"]

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
ABBREVIATIONS = frozenset(
    (
        *("mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov", "jr", "sr", "hon", "rev"),
        *("vs", "no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "ed", "eds", "cf", "al", "op", "approx", "dept", "mt", "ft"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp"),
    )
)
"""Words that a full stop follows without ending the sentence (compared in lower case)."""

HEADING_MAX = 150
"""A sentence shorter than this without final punctuation is a heading."""

_FINAL = ".!?:;"
_CLOSERS = "\"'”’)]*" + SUPERSCRIPTS
_STARTERS = "\"'“‘([*-•"
_END = re.compile(r"[.!?][.!?]*(?:[\"'”’)\]]|\*\*)*[" + SUPERSCRIPTS + r"]*")
"""Final punctuation, closing quotes and brackets, footnote markers. Written ``[.!?][.!?]*`` rather than ``[.!?]+``
(the same matches): a pattern that starts with a character class lets the engine skip to the next such character
at C speed, which it does not do for one that starts with a repeat (the scan for sentence ends took half the time)."""
_MARKER = re.compile(r"[" + SUPERSCRIPTS + r"]+(?=\s|$)")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"https?://|doi:|www\.")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LIST_HEAD = re.compile(r"\s*(?:[-*•]\s*)?\(?\d{1,2}[).]\s+(?:\*\*)?[^.!?:\n]{1,120}?:(?:\*\*)?\s+(?=[A-Z\"“*])")
_DATELINE = re.compile(r"\s*date \d{4}-\d{2}-\d{2}\s+")
_NEWLINE = re.compile("\n")
_CUT = re.compile(_END.pattern + r"(?=(\s+)(?:(" + _MARKER.pattern + r")(\s*))?|)")
"""A sentence end (:data:`_END`), then in a lookahead that always succeeds (so the ends found are :data:`_END`'s):
the space after it (group 1, None when there is none) and a footnote marker (group 2) with the space after that (3)."""
_CANDIDATE = re.compile(_CUT.pattern + r"(?=\s+[^\sa-z])")
"""The ends of :data:`_CUT` that can end a sentence: followed by space, then a character that is no space and no
lower-case ASCII letter (a footnote marker, or the character a sentence may start with). Every end the checks of
:func:`_boundaries` accept has that; the others are turned away by the engine. The lookahead adds no end and moves
none: a shorter match of :data:`_END` at the same place, or one starting inside it, ends in front of one of its own
characters (no space) or at the same place, so it fails too."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: its parts (original ranges, in order), kind and 1-based line and column."""

    parts: tuple[Segment, ...]
    kind: Kind
    line: int
    column: int

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text(self, source: str) -> str:
        """The sentence's words, whitespace runs collapsed, parts joined by one space."""
        return " ".join(" ".join(source[a:b].split()) for a, b in self.parts)

    def overlaps(self, segments: tuple[Segment, ...] | list[Segment]) -> bool:
        """Whether any of ``segments`` shares a character with any part of the sentence."""
        return any(a < q_end and q_start < b for a, b in self.parts for q_start, q_end in segments)


@dataclass
class _Paragraph:
    parts: list[Segment]
    kind: Kind


def _line_kind(line: str) -> Kind:
    if not any(char.isalnum() for char in line):
        return "furniture"
    if line[0] in SUPERSCRIPTS or line.startswith("^{") or (_URL.search(line) and _YEAR.search(line)):
        return "footnote"
    return "sentence"


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _FINAL


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, follows_blank) of each non-blank line, stripped of surrounding whitespace."""
    found: list[tuple[int, int, bool]] = []
    blank = True
    offset = 0
    for content in text.split("\n"):
        line_start = offset
        offset += len(content) + 1
        if not content.strip():
            blank = True
            continue
        start = line_start + len(content) - len(content.lstrip())
        end = line_start + len(content.rstrip())
        found.append((start, end, blank))
        blank = False
    return found


def paragraphs(text: str) -> list[tuple[tuple[Segment, ...], Kind]]:
    """Paragraphs (parts and kind), with lines continued across footnotes joined (see the module docstring)."""
    result: list[_Paragraph] = []
    open_body: _Paragraph | None = None
    for start, end, follows_blank in _lines(text):
        line = text[start:end]
        target: _Paragraph | None = None
        if line[0].islower() and result:
            last = result[-1]
            if not follows_blank and not _ends_sentence(text[last.parts[-1][0] : last.parts[-1][1]]):
                target = last
            elif open_body is not None:
                target = open_body
        if target is not None:
            target.parts.append((start, end))
        else:
            target = _Paragraph([(start, end)], _line_kind(line))
            result.append(target)
        if target.kind == "sentence":
            open_body = None if _ends_sentence(line) else target
    return [(tuple(p.parts), p.kind) for p in result]


def _boundaries(source: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(end of one sentence, start of the next) positions in the paragraph ``source[lo:hi]``, as offsets of ``source``.

    The patterns run on ``source`` between ``lo`` and ``hi`` (``pos`` and ``endpos``: the engine sees the
    string as if cut there, so each finds what it finds in the slice, without the slice being made).
    """
    cuts: list[tuple[int, int]] = []
    dateline = _DATELINE.match(source, lo, hi)
    if dateline:
        cuts.append((dateline.end(), dateline.end()))
    head = _LIST_HEAD.match(source, lo, hi)
    if head:
        cuts.append((head.end(), head.end()))
    for match in _CANDIDATE.finditer(source, lo, hi):
        if match.group(1) is None:  # no space after the final punctuation
            continue
        if match.group(2) is None:
            end, after = match.end(), match.end(1)
        else:  # a footnote marker after the space belongs to the sentence
            end, after = match.end(2), match.end(3)
        if after >= hi:
            continue
        following = source[after]
        if not (following.isupper() or following.isdigit() or following in _STARTERS):
            continue
        start = match.start()
        if source[start] == "." and _abbreviation(source[max(lo, start - 40) : start]):
            continue
        cuts.append((end, after))
    if len(cuts) > 1 and (dateline or head):
        return sorted(set(cuts))
    return cuts  # found in text order, each end after the last: already sorted and distinct


def _abbreviation(before: str) -> bool:
    """Whether the word ending ``before`` is an initial, a dotted abbreviation or a listed title."""
    token = ("" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]).lstrip("\"'“‘([")
    if len(token) == 1 and token.isalpha():
        return True
    if "." in token and all(0 < len(piece) <= 2 for piece in token.split(".")):
        return True
    return token.lower() in ABBREVIATIONS


def _sentence_spans(source: str, lo: int = 0, hi: int | None = None) -> list[Segment]:
    """The sentences of the paragraph ``source[lo:hi]`` (all of ``source`` by default), as ranges of ``source``
    stripped of surrounding space (empty ones left out)."""
    hi = len(source) if hi is None else hi
    spans: list[Segment] = []
    s_start = lo
    for s_end, after in [*_boundaries(source, lo, hi), (hi, hi)]:
        if s_start < s_end:
            start, end = s_start, s_end
            if source[start].isspace() or source[end - 1].isspace():
                chunk = source[start:end]
                start += len(chunk) - len(chunk.lstrip())
                end -= len(chunk) - len(chunk.rstrip())
            if start < end:
                spans.append((start, end))
        s_start = after
    return spans


def _split(text: str, parts: tuple[Segment, ...]) -> list[tuple[Segment, ...]]:
    """Split one paragraph into sentences, each as original parts."""
    if len(parts) == 1:  # one line: the joined text is the line itself
        (a, b), = parts
        return [(span,) for span in _sentence_spans(text, a, b)]
    pieces = [text[a:b] for a, b in parts]
    virtual = " ".join(pieces)
    offsets: list[tuple[int, int, int]] = []  # (virtual start, original start, length)
    position = 0
    for (a, b), piece in zip(parts, pieces, strict=True):
        offsets.append((position, a, b - a))
        position += len(piece) + 1
    virtual_starts = [start for start, _, _ in offsets]
    sentences: list[tuple[Segment, ...]] = []
    for s_start, s_end in _sentence_spans(virtual):
        mapped = []
        # Sentences come in order: start at the part holding s_start, stop past s_end (linear over a paragraph).
        for k in range(max(0, bisect_right(virtual_starts, s_start) - 1), len(offsets)):
            v_start, o_start, length = offsets[k]
            if v_start >= s_end:
                break
            lo, hi = max(s_start, v_start), min(s_end, v_start + length)
            if lo < hi:
                mapped.append((o_start + lo - v_start, o_start + hi - v_start))
        sentences.append(tuple(mapped))
    return sentences


def _line_starts(text: str) -> list[int]:
    """Offset at which each line of ``text`` starts."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def split_sentences(text: str, kinds: Collection[Kind] | None = None) -> list[Sentence]:
    """Every sentence, heading, footnote and furniture line of ``text``, in text order (only those of ``kinds``, when given)."""
    line_starts = _line_starts(text)
    result: list[Sentence] = []
    ordered = True  # whether the sentences came in text order (not when a paragraph was continued past a footnote)
    last = -1
    for parts, kind in paragraphs(text):
        if kind != "sentence":
            pieces = [parts] if kinds is None or kind in kinds else []
        elif kinds is None or "sentence" in kinds or "heading" in kinds:
            pieces = _split(text, parts)
        else:
            pieces = []
        for piece in pieces:
            sentence_kind: Kind = kind
            if kind == "sentence":
                if len(piece) == 1:
                    short = piece[0][1] - piece[0][0] < HEADING_MAX
                    words = text[piece[0][0] : piece[0][1]] if short else ""
                else:
                    words = " ".join(text[a:b] for a, b in piece)
                    short = len(words) < HEADING_MAX
                if short and (not _ends_sentence(words) or words.rstrip(_CLOSERS).endswith(":")):
                    sentence_kind = "heading"
                if kinds is not None and sentence_kind not in kinds:
                    continue
            offset = piece[0][0]
            if offset < last:
                ordered = False
            last = offset
            line = bisect_right(line_starts, offset)
            result.append(Sentence(piece, sentence_kind, line, offset - line_starts[line - 1] + 1))
    if not ordered:
        result.sort(key=_parts)
    return result


def _parts(sentence: Sentence) -> tuple[Segment, ...]:
    return sentence.parts
