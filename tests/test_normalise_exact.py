"""The fast normaliser gives exactly the results of the per-cluster reference, on any text.

The reference below is the implementation that :mod:`policycmp.normalise` had before it was made
fast (per-character loops, ``unicodedata.normalize`` per cluster). It is kept here, unchanged, as
the specification: text, starts and ends must be identical for every input.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from pathlib import Path
from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from policycmp import normalise
from policycmp.normalise import _CHAR_MAP, MAX_CLUSTER, SECOND_STARTERS, normalised


class _Reference(NamedTuple):
    original: str
    text: str
    starts: array[int]
    ends: array[int]
    line_starts: array[int]


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


def _build_ascii(original: str) -> _Reference:
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
    return _Reference(original, "".join(pieces).replace("`", "'"), starts, ends, _line_starts(original))


def _line_starts(original: str) -> array[int]:
    line_starts = array("q", [0])
    newline = original.find("\n")
    while newline != -1:
        line_starts.append(newline + 1)
        newline = original.find("\n", newline + 1)
    return line_starts


def reference_build(original: str) -> _Reference:
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
    return _Reference(original, "".join(chars), starts, ends, _line_starts(original))




# Characters that exercise every rule: whitespace of every kind, invisible characters, quote and dash
# variants, combining marks, characters NFC changes or composes (Hangul jamo, Indic vowel signs,
# singletons), compatibility characters (left alone by NFC) and plain letters.
TRICKY = (
    "ab e.\n\t \r\x0b\x0c\x1c\x85\u00a0\u1680\u2000\u2001\u2028\u2029\u202f\u3000"
    "\u00ad\u200b\u2060\ufeff`´“”„‘’‚—–‐−…\u0301\u0300\u0327\u0308\u0344\u0345\u0958\u212b\u2126"
    "\u1100\u1161\u11a8\uac00\uac01\u0bc6\u0bbe\u0b47\u0b3e\u09c7\u09be\u1025\u102e\ufb01é\u00c5İ"
)


def _check(text: str) -> None:
    expected = reference_build(text)
    got = normalise._build(text)
    assert got.text == expected.text
    assert list(got.starts) == list(expected.starts)
    assert list(got.ends) == list(expected.ends)
    assert list(got.line_starts) == list(expected.line_starts)
    assert normalise.normalise(text) == expected.text


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=60))
def test_same_as_reference_on_tricky_text(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_same_as_reference_on_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["\u0301", "\u0327", "e", " ", "\u00ad"]), max_size=3 * MAX_CLUSTER))
def test_same_as_reference_on_long_mark_runs(chars: list[str]) -> None:
    _check("".join(chars))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80) | st.text(alphabet=" `a.\t", max_size=20))
def test_same_as_reference_on_ascii_text(text: str) -> None:
    """Printable ASCII takes a shortcut in :func:`normalise.normalise` (quotes usually are): same result."""
    _check(text)


def test_same_as_reference_on_every_quote(repo: Path) -> None:
    for path in sorted((repo / "recommendations").glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith(("quote:", "- quote:")):
                _check(line.split("quote:", 1)[1].strip().strip("'\""))


def test_same_as_reference_on_every_seed(repo: Path) -> None:
    for path in sorted((repo / "seeds").glob("*.txt")):
        _check(path.read_text(encoding="utf-8"))


def test_second_starters_match_this_pythons_unicode_data() -> None:
    """The hard-coded list of class-0 characters that compose with what precedes them is complete."""
    found = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second = int(parts[1], 16)
            if not unicodedata.combining(chr(second)):
                found.add(second)
    assert found == set(SECOND_STARTERS)


def test_whitespace_list_is_every_space_and_low_characters_are_nfc_stable() -> None:
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert spaces == set(normalise._WHITESPACE)
    assert all(re.fullmatch(r"\s", c) for c in spaces)
    assert all(unicodedata.normalize("NFC", chr(c)) == chr(c) for c in range(0x300))


def test_offset_map_behaves_like_a_list() -> None:
    norm = normalised("a  b\u00adc\u2019 e\u0301\n\nf")
    starts = list(norm.starts)
    assert norm.starts[-1] == starts[-1]
    assert norm.starts[1:3] == starts[1:3]
    assert len(norm.starts) == len(norm.text)
