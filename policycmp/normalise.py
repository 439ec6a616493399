"""Text normalisation for quote matching, with a map back to original offsets.

Quotes are copied by hand from seed texts, so they differ from the seed in
ways that carry no meaning. :func:`normalise` removes exactly these
differences, and nothing else:

1. Unicode NFC (composed and decomposed accents are equal: ``é`` == ``e`` + U+0301).
2. Every whitespace character (``str.isspace``: spaces, tabs, newlines, NBSP,
   thin and other Unicode spaces, line and paragraph separators) becomes a
   space, and each run of them becomes one space.
3. Double-quote variants ``“ ” „ ‟ ″ ‶ « » 〝 〞 ＂`` become ``"``.
4. Single-quote and apostrophe variants ``‘ ’ ‚ ‛ ′ ‵ ` ´ ʹ ʻ ʼ ‹ › ＇`` become ``'``.
5. Dash and hyphen variants ``‐ ‑ ‒ – — ― − ⁃ ﹘ ﹣ －`` become ``-`` (one dash
   for one dash: ``--`` stays two characters).
6. Invisible characters that PDF extraction leaves behind (soft hyphen U+00AD,
   zero-width space U+200B, word joiner U+2060, byte-order mark U+FEFF) are dropped.

NFC is applied per cluster of a base character and what combines with it, and a
cluster is cut after :data:`MAX_CLUSTER` characters (as Unicode's stream-safe
format does after 30 combining marks): NFC's reordering of combining marks costs
the square of their number, so a hostile run of 200,000 marks must not form one
cluster. No real text has such runs; the cut changes nothing elsewhere.

Case is kept (matching is case-sensitive: "Must" is not "must"), and so is all
other punctuation. :class:`NormalisedText` keeps, for every character of the
normalised text, the half-open range of original characters it came from, so
a match in normalised text maps back to a span of the original (Python ``str``
indices), even where NFC changes lengths.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

DOUBLE_QUOTES = "“”„‟″‶«»〝〞＂"
SINGLE_QUOTES = "‘’‚‛′‵`´ʹʻʼ‹›＇"
DASHES = "‐‑‒–—―−⁃﹘﹣－"
DROPPED = "\u00ad\u200b\u2060\ufeff"

_CHAR_MAP: dict[str, str] = {
    **dict.fromkeys(DOUBLE_QUOTES, '"'),
    **dict.fromkeys(SINGLE_QUOTES, "'"),
    **dict.fromkeys(DASHES, "-"),
    **dict.fromkeys(DROPPED, ""),
}


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text and the map from its characters back to the original.

    ``starts[i]`` and ``ends[i]`` are the original range that normalised
    character ``i`` came from (a whole NFC cluster, or a whole whitespace run).
    """

    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]
    line_starts: Sequence[int]
    """Compact integer arrays (8 bytes an entry), so a long seed costs little memory."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original range ``[a, b)`` of the normalised range ``[start, end)`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an original offset."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


MAX_CLUSTER = 32
"""Most characters NFC treats together; a longer run of combining marks is cut (see the module docstring)."""


def _clusters(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into ranges that NFC normalises independently.

    A new cluster starts at a character that NFC cannot combine with what
    precedes it, or after :data:`MAX_CLUSTER` characters. Characters below U+0300
    never combine backwards, so the test ``NFC(a + b) == NFC(a) + NFC(b)`` is only
    needed for the rest; the cut keeps that test, and the whole split, linear.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text):
            bounds.append((start, i))
            break
        char = text[i]
        if ord(char) < 0x300 or i - start >= MAX_CLUSTER:
            joins = False
        elif unicodedata.combining(char):
            joins = True
        else:
            head = text[start:i]
            joins = unicodedata.normalize("NFC", head + char) != unicodedata.normalize("NFC", head) + unicodedata.normalize("NFC", char)
        if not joins:
            bounds.append((start, i))
            start = i
    return bounds


_ASCII_SPACE = re.compile(r"\s+")
"""A whitespace run in ASCII text (``\\s`` matches exactly what ``str.isspace`` accepts there)."""


def _build_ascii(original: str) -> NormalisedText:
    """:func:`_build` for ASCII text, where only whitespace runs and the backtick change: whole runs at C speed."""
    pieces: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    position = 0
    for run in _ASCII_SPACE.finditer(original):
        a, b = run.span()
        pieces += [original[position:a], " "]
        starts.extend(range(position, a + 1))
        ends.extend(range(position + 1, a + 1))
        ends.append(b)
        position = b
    pieces.append(original[position:])
    starts.extend(range(position, len(original)))
    ends.extend(range(position + 1, len(original) + 1))
    return NormalisedText(original, "".join(pieces).replace("`", "'"), starts, ends, _line_starts(original))


def _line_starts(original: str) -> array[int]:
    line_starts = array("q", [0])
    newline = original.find("\n")
    while newline != -1:
        line_starts.append(newline + 1)
        newline = original.find("\n", newline + 1)
    return line_starts


def _build(original: str) -> NormalisedText:
    if original.isascii():
        return _build_ascii(original)
    chars: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    in_space = False
    for c_start, c_end in _clusters(original):
        piece = unicodedata.normalize("NFC", original[c_start:c_end])
        for char in piece:
            if char.isspace():
                if in_space:
                    ends[-1] = c_end
                else:
                    chars.append(" ")
                    starts.append(c_start)
                    ends.append(c_end)
                    in_space = True
                continue
            mapped = _CHAR_MAP.get(char, char)
            if not mapped:
                continue  # dropped invisible character; a whitespace run continues across it
            in_space = False
            chars.append(mapped)
            starts.append(c_start)
            ends.append(c_end)
    return NormalisedText(original, "".join(chars), starts, ends, _line_starts(original))


@lru_cache(maxsize=128)
def normalised(text: str) -> NormalisedText:
    """The normalised form of ``text`` with its offset map (cached per text)."""
    return _build(text)


def normalise(text: str) -> str:
    """The normalised form of ``text`` as a plain string (see the module docstring)."""
    return _build(text).text
