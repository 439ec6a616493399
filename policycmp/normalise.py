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

How it is fast: almost every character of a real text is its own NFC cluster and
maps to itself, so the map is kept as runs (:class:`OffsetMap`), and the text is
built with ``str.translate`` and one regular expression that finds only the places
where lengths change (whitespace runs of two or more, dropped characters). Only
around characters that can take part in composition ("hard" characters: combining
marks, characters that NFC changes or that compose with what precedes them) does
the per-cluster algorithm run, on a small region that starts and ends at a plain
character, where it gives the same answer as over the whole text.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import overload

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


class OffsetMap(Sequence[int]):
    """Original offsets of the normalised characters (their starts, or their ends), held as runs.

    Segment ``k`` covers normalised characters ``keys[k]`` up to ``keys[k + 1]``; character
    ``i`` in it maps to ``bases[k] + steps[k] * (i - keys[k])``: step 1 for a run of characters
    copied one for one, step 0 for a single character that stands for a range (a whitespace
    run, an NFC cluster). Indexing costs one binary search; ``bisect`` works on it as on a list.
    """

    __slots__ = ("_bases", "_keys", "_length", "_steps")

    def __init__(self, keys: Sequence[int], bases: Sequence[int], steps: Sequence[int], length: int) -> None:
        self._keys, self._bases, self._steps, self._length = keys, bases, steps, length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset map index out of range")
        k = bisect_right(self._keys, index) - 1
        return self._bases[k] + self._steps[k] * (index - self._keys[k])

    def at(self, index: int) -> int:
        """``self[index]`` for an index known to be in range (``0 <= index < len(self)``): the lookup without the checks."""
        keys = self._keys
        k = bisect_right(keys, index) - 1
        return self._bases[k] + self._steps[k] * (index - keys[k])


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text and the map from its characters back to the original.

    ``starts[i]`` and ``ends[i]`` are the original range that normalised
    character ``i`` came from (a whole NFC cluster, or a whole whitespace run).
    """

    original: str
    text: str
    starts: OffsetMap
    ends: OffsetMap

    @cached_property
    def line_starts(self) -> Sequence[int]:
        """Original offset at which each line starts (computed on first use: only messages and sentences need it)."""
        return _line_starts(self.original)

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


SECOND_STARTERS = frozenset(
    [
        *(0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x0FB5),
        *(0x0FB7, 0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930),
        *range(0x1161, 0x1176),  # Hangul vowel jamo: compose with a leading consonant
        *range(0x11A8, 0x11C3),  # Hangul trailing consonant jamo: compose with a syllable
    ]
)
"""Characters of combining class 0 that compose with the character before them (from the Unicode
data: second parts of two-character canonical decompositions, and Hangul jamo). A test checks the
list against the running Python's ``unicodedata``."""

_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
"""Every character ``str.isspace`` accepts (none lies above U+3000; a test checks the whole range)."""

_PLAIN_MAP = {**dict.fromkeys(_WHITESPACE.replace(" ", ""), " "), **{k: v for k, v in _CHAR_MAP.items() if v}}
_TRANSLATED = frozenset(_PLAIN_MAP)
_DROPPED_SET = frozenset(DROPPED)
_SPACES = re.compile("  +")
_ASCII_RUNS = re.compile("[\x00-\x7f]+")
_ASCII_TRANSLATED = tuple(c for c in _TRANSLATED if c.isascii())


_ASCII_CHANGED = re.compile("[" + re.escape("".join(_ASCII_TRANSLATED)) + "]")


def _wide_chars(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``: what is left once its runs of ASCII are cut out (one scan in C,
    twice as fast as finding the non-ASCII characters one by one), then hashed, far fewer than the whole text's."""
    return set() if text.isascii() else set(_ASCII_RUNS.sub("", text))


def _ascii_present(text: str) -> frozenset[str]:
    """The ASCII characters of ``text`` that normalisation changes (one scan in C)."""
    return frozenset(_ASCII_CHANGED.findall(text))
_DROP_CLASS = "[" + re.escape(DROPPED) + "]"
_EDIT = re.compile(f" (?:{_DROP_CLASS}* )+|{_DROP_CLASS}+")
"""Where plain text changes length once translated: a run of two or more spaces (perhaps with
invisible characters inside it), or a run of invisible characters."""


@lru_cache(maxsize=4096)
def is_plain(char: str) -> bool:
    """Whether ``char`` is its own NFC cluster wherever it stands and NFC leaves it as it is.

    Below U+0300 this holds for every character; above, for a character of combining class 0
    that has no canonical decomposition (compatibility ones do not matter to NFC) and composes with nothing before it.
    """
    if ord(char) < 0x300:
        return True
    return not unicodedata.combining(char) and unicodedata.decomposition(char)[:1] in ("", "<") and ord(char) not in SECOND_STARTERS


def _is_boundary(char: str) -> bool:
    return is_plain(char) and not char.isspace() and char not in DROPPED


class _Out:
    """The normalised text being built, with its offset runs."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.keys: list[int] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.steps: list[int] = []
        self.length = 0

    def copy(self, piece: str, origin: int) -> None:
        """Characters copied one for one from ``origin``."""
        if piece:
            self.pieces.append(piece)
            self.keys.append(self.length)
            self.starts.append(origin)
            self.ends.append(origin + 1)
            self.steps.append(1)
            self.length += len(piece)

    def single(self, char: str, start: int, end: int) -> None:
        """One character standing for the original range ``[start, end)``."""
        self.pieces.append(char)
        self.keys.append(self.length)
        self.starts.append(start)
        self.ends.append(end)
        self.steps.append(0)
        self.length += 1

    def plain(self, text: str, a: int, b: int, present: frozenset[str]) -> None:
        """``text[a:b]``, made of plain characters only: translated, with whitespace runs and invisible characters edited.

        ``present`` holds (at least) the characters of the text that change.
        """
        segment = text[a:b]
        for char in present & _TRANSLATED:  # a few replacements, each at C speed, beat a translate table
            segment = segment.replace(char, _PLAIN_MAP[char])
        position = 0
        for start, end in _edits(segment, bool(present & _DROPPED_SET)):
            self.copy(segment[position:start], a + position)
            if segment[start] == " ":
                self.single(" ", a + start, a + end)
            position = end
        self.copy(segment[position:], a + position)

    def clustered(self, text: str, a: int, b: int) -> None:
        """``text[a:b]`` cluster by cluster (the exact algorithm, for regions around hard characters)."""
        in_space = False
        region = text[a:b]
        for c_start, c_end in _clusters(region):
            c_start, c_end = c_start + a, c_end + a
            for char in unicodedata.normalize("NFC", text[c_start:c_end]):
                if char.isspace():
                    if in_space:
                        self.ends[-1] = c_end
                    else:
                        self.single(" ", c_start, c_end)
                        in_space = True
                    continue
                mapped = _CHAR_MAP.get(char, char)
                if not mapped:
                    continue  # dropped invisible character; a whitespace run continues across it
                in_space = False
                self.single(mapped, c_start, c_end)


def _edits(segment: str, dropped: bool) -> Iterator[tuple[int, int]]:
    """The spans of :data:`_EDIT` in ``segment`` (of :data:`_SPACES` when it holds no invisible character), in order.

    Without invisible characters the runs of spaces are found by ``str.find`` of two spaces, each run's end by a match
    anchored there: the same spans as ``_SPACES.finditer``, whose scan stops at every single space of the text.
    """
    if dropped:
        for edit in _EDIT.finditer(segment):
            yield edit.span()
        return
    find, match = segment.find, _SPACES.match
    start = find("  ")
    while start != -1:
        end = match(segment, start).end()  # type: ignore[union-attr]  # two spaces stand at start
        yield start, end
        start = find("  ", end)


def _hard_regions(text: str, wide: set[str]) -> list[tuple[int, int]]:
    """Ranges around the hard characters of ``text``, each starting and ending at a boundary character.

    A boundary character (plain, not whitespace, not invisible) starts its own NFC cluster and
    ends any whitespace run, so the exact algorithm gives the same result on such a region as on
    the whole text.
    """
    hard = sorted(c for c in wide if not is_plain(c))
    if not hard:
        return []
    regions: list[tuple[int, int]] = []
    end = 0
    for found in re.finditer("[" + "".join(re.escape(c) for c in hard) + "]", text):
        p = found.start()
        if p < end:
            continue
        start = p - 1
        while start >= end and not _is_boundary(text[start]):
            start -= 1
        start = max(start, end)
        k = p + 1
        while True:
            while k < len(text) and not _is_boundary(text[k]):
                k += 1
            if k + 1 < len(text) and not is_plain(text[k + 1]):
                k += 1
                continue
            break
        end = min(k + 1, len(text))
        regions.append((start, end))
    return regions


def _line_starts(original: str) -> array[int]:
    line_starts = array("q", [0])
    line_starts.extend(match.end() for match in re.finditer("\n", original))
    return line_starts


def _build(original: str) -> NormalisedText:
    out = _Out()
    position = 0
    # The distinct characters that matter, without building the set of all of them (hashing every character
    # was half of the build): the non-ASCII ones from one scan in C, and each ASCII one that changes by a search.
    wide = _wide_chars(original)
    present = frozenset(c for c in _ASCII_TRANSLATED if c in original) | {c for c in wide if c in _TRANSLATED or c in _DROPPED_SET}
    for start, end in _hard_regions(original, wide):
        out.plain(original, position, start, present)
        out.clustered(original, start, end)
        position = end
    out.plain(original, position, len(original), present)
    keys = array("q", out.keys)
    steps = array("q", out.steps)
    return NormalisedText(
        original,
        "".join(out.pieces),
        OffsetMap(keys, array("q", out.starts), steps, out.length),
        OffsetMap(keys, array("q", out.ends), steps, out.length),
    )


@lru_cache(maxsize=128)
def normalised(text: str) -> NormalisedText:
    """The normalised form of ``text`` with its offset map (cached per text)."""
    return _build(text)


def normalise(text: str) -> str:
    """The normalised form of ``text`` as a plain string (see the module docstring).

    Text made of plain characters only (the usual quote) is edited in place, as :meth:`_Out.plain`
    edits it, without building an offset map; other text goes through :func:`_build`.
    """
    if text.isascii() and text.isprintable() and "`" not in text and "  " not in text:
        return text  # printable ASCII changes only at a backtick or a run of spaces (checked by a test)
    wide = _wide_chars(text)
    if not all(is_plain(c) for c in wide):
        return _build(text).text
    present = _ascii_present(text) | {c for c in wide if c in _TRANSLATED or c in _DROPPED_SET}
    for char in present & _TRANSLATED:
        text = text.replace(char, _PLAIN_MAP[char])
    if present & _DROPPED_SET:
        return _EDIT.sub(_edited, text)
    return _SPACES.sub(" ", text)


def _edited(edit: re.Match[str]) -> str:
    """What :data:`_EDIT` leaves of a run: one space for a whitespace run, nothing for invisible characters."""
    return " " if edit.group()[0] == " " else ""
