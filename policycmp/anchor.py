"""Find coded quotes in their seed texts.

:func:`find_quote` looks a quote up after the normalisation documented in
:mod:`policycmp.normalise` (whitespace runs, quote, apostrophe and dash
variants, Unicode NFC; case-sensitive) and returns its character span(s) in the
ORIGINAL text.

Rules:

- Leading and trailing whitespace of the quote is ignored.
- An ellipsis, ``…`` or ``...``, splits the quote into segments that must occur
  in order, each starting at or after the end of the previous one, with at most
  :data:`MAX_GAP` characters of original text between consecutive segments
  (enough to skip a footnote block or page furniture), and at most
  :data:`MAX_SEGMENTS` segments. A leading or trailing
  ellipsis only marks that the quote starts or ends mid-sentence. One
  ``(start, end)`` is returned per segment.
- Segments match as substrings (a quote may start or end inside a word).
- A quote found more than once is ambiguous (:class:`QuoteAmbiguous`) unless
  ``occurrence`` (1 = first, in text order) picks one. For a quote with
  segments, each occurrence of the first segment that starts a complete
  match counts once; its later segments are the nearest ones that fit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import islice

from policycmp.errors import PolicycmpError, ProblemSlug
from policycmp.normalise import NormalisedText, normalise, normalised

Segment = tuple[int, int]

MAX_GAP = 2000
"""Most characters of original text allowed between two segments of an ellipsis quote."""

MAX_SEGMENTS = 12
"""Most parts an ellipsis quote may have (skipping a footnote block or page furniture needs two or three)."""

ELLIPSIS = re.compile(r"…|\.\.\.")
"""What splits a quote into segments: the ellipsis character or three full stops."""

_EXCERPT = 40

MIN_HINT_PREFIX = 15
"""A not-found message says where the quote stops matching only when the matched start is this long (or half the quote):
a shorter match, such as a leading 'the ', is chance and would point at an irrelevant passage."""


class AnchorError(PolicycmpError):
    """A quote could not be placed in its seed text. ``slug`` names the problem kind."""

    slug: ProblemSlug = ProblemSlug.QUOTE_NOT_FOUND


class QuoteNotFound(AnchorError):
    """The quote (or one of its segments) is not in the text."""

    slug = ProblemSlug.QUOTE_NOT_FOUND


class QuoteAmbiguous(AnchorError):
    """The quote is found more than once and no occurrence was given. ``count`` says how often."""

    slug = ProblemSlug.QUOTE_AMBIGUOUS

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


class OccurrenceOutOfRange(AnchorError):
    """``occurrence`` is larger than the number of times the quote is found. ``count`` says how often."""

    slug = ProblemSlug.OCCURRENCE_OUT_OF_RANGE

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


def split_quote(quote: str) -> list[str]:
    """The normalised, stripped, non-empty segments of ``quote`` (split at each ellipsis)."""
    if "…" not in quote and "..." not in quote:  # the usual quote: one part (what the split would give)
        part = normalise(quote).strip()
        return [part] if part else []
    parts = (normalise(part).strip() for part in ELLIPSIS.split(quote))
    return [part for part in parts if part]


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[Segment, ...]:
    """Segments of ``quote`` in ``text`` as half-open ranges of the original text.

    Raises :class:`QuoteNotFound`, :class:`QuoteAmbiguous` or
    :class:`OccurrenceOutOfRange` with a message saying what to do.
    """
    if occurrence is not None and occurrence < 1:
        raise OccurrenceOutOfRange(f"occurrence must be 1 or more (1 = first), not {occurrence}", 0)
    segments = split_quote(quote)
    if not segments:
        raise QuoteNotFound("the quote is empty: copy the passage from the seed text")
    if len(segments) > MAX_SEGMENTS:
        raise QuoteNotFound(
            f"the quote has {len(segments)} parts separated by '…'; at most {MAX_SEGMENTS} are allowed: quote a shorter passage, "
            "or code it as several recommendations"
        )
    norm = normalised(text)
    if occurrence is not None:  # the text up to the chosen match settles it: scan no further unless it is not there
        chosen = list(islice(_matches(norm, segments), occurrence))
        if len(chosen) == occurrence:
            return chosen[-1]
    matches = list(_matches(norm, segments))
    if not matches:
        raise QuoteNotFound(_not_found_message(norm, segments))
    if occurrence is None:
        if len(matches) > 1:
            raise QuoteAmbiguous(_ambiguous_message(norm, matches), len(matches))
        return matches[0]
    if occurrence > len(matches):
        raise OccurrenceOutOfRange(
            f"occurrence {occurrence} asked for, but the quote is found only {_times(len(matches))} ({_where(norm, matches)}); "
            f"use an occurrence from 1 to {len(matches)}, or remove 'occurrence'",
            len(matches),
        )
    return matches[occurrence - 1]


def find_all(text: str, quote: str) -> list[tuple[Segment, ...]]:
    """Every match of ``quote`` in ``text``, in text order (occurrence N is item N - 1); [] when none."""
    segments = split_quote(quote)
    return list(_matches(normalised(text), segments)) if 0 < len(segments) <= MAX_SEGMENTS else []


def iter_matches(text: str, quote: str) -> Iterator[tuple[Segment, ...]]:
    """The matches of :func:`find_all`, found one by one (stop early to save scanning the rest of the text)."""
    segments = split_quote(quote)
    if 0 < len(segments) <= MAX_SEGMENTS:
        yield from _matches(normalised(text), segments)


def count_quote(text: str, quote: str, up_to: int | None = None) -> int:
    """How many times ``quote`` is found in ``text`` (0 when not at all), counting at most ``up_to``."""
    return sum(1 for _ in islice(iter_matches(text, quote), up_to))


# --------------------------------------------------------------------------- matching


def _occurrences(haystack: str, needle: str, start: int = 0, stop: int | None = None) -> Iterator[int]:
    """Start positions of ``needle`` in ``haystack[start:stop]``, overlapping ones included."""
    limit = len(haystack) if stop is None else min(stop, len(haystack))
    pos = haystack.find(needle, start, limit)
    while pos != -1:
        yield pos
        pos = haystack.find(needle, pos + 1, limit)


def _matches(norm: NormalisedText, segments: list[str]) -> Iterator[tuple[Segment, ...]]:
    """Every match in text order: one per occurrence of the first segment that completes.

    Placing ``segments[index:]`` after a given position has one answer, so it is
    computed once per (index, position): a short, frequent segment repeated around
    ellipses ("a … a … a … z") costs a bounded scan per occurrence, not a product
    of occurrence counts. The first segment is not tested apart: scanning for its
    occurrences finds none when it is absent.
    """
    if len(segments) == 1:  # the usual quote: its occurrences, without the placement machinery
        needle, text, size = segments[0], norm.text, len(segments[0])
        start_of, end_of = norm.starts.at, norm.ends.at
        pos = text.find(needle)
        while pos != -1:
            yield ((start_of(pos), end_of(pos + size - 1)),)
            pos = text.find(needle, pos + 1)
        return
    if any(segment not in norm.text for segment in segments[1:]):
        return
    memo: dict[tuple[int, int], tuple[Segment, ...] | None] = {}
    first_len = len(segments[0])
    for first in _occurrences(norm.text, segments[0]):
        rest = _complete(norm, segments, memo, 1, first + first_len) if len(segments) > 1 else ()
        if rest is not None:
            yield (norm.span(first, first + first_len), *rest)


def _complete(
    norm: NormalisedText, segments: list[str], memo: dict[tuple[int, int], tuple[Segment, ...] | None], index: int, after: int
) -> tuple[Segment, ...] | None:
    """The nearest placement of ``segments[index:]`` starting at or after ``after``, within the gap bound.

    A module function rather than a recursive closure: a closure that calls itself is a reference
    cycle, left for the garbage collector once per quote.
    """
    if index == len(segments):
        return ()
    if (index, after) not in memo:
        previous_end = norm.ends[after - 1]
        needle = segments[index]
        stop = bisect_right(norm.starts, previous_end + MAX_GAP) + len(needle)
        memo[index, after] = None
        for pos in _occurrences(norm.text, needle, after, stop):
            if norm.starts[pos] - previous_end > MAX_GAP:
                break
            rest = _complete(norm, segments, memo, index + 1, pos + len(needle))
            if rest is not None:
                memo[index, after] = (norm.span(pos, pos + len(needle)), *rest)
                break
    return memo[index, after]


# --------------------------------------------------------------------------- messages


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _where(norm: NormalisedText, matches: list[tuple[Segment, ...]]) -> str:
    lines = list(dict.fromkeys(str(norm.line_col(match[0][0])[0]) for match in matches))  # each line once
    if len(lines) == 1:
        return f"at line {lines[0]}"
    shown = lines if len(lines) <= 6 else [*lines[:5], "…"]
    return "at lines " + ", ".join(shown[:-1]) + " and " + shown[-1]


def _ambiguous_message(norm: NormalisedText, matches: list[tuple[Segment, ...]]) -> str:
    return (
        f"the quote is found {_times(len(matches))} in the seed ({_where(norm, matches)}): "
        "quote a longer passage, or add `occurrence: N` (1 = first)"
    )


def _clip(text: str, *, tail: bool) -> str:
    if len(text) <= _EXCERPT:
        return text
    return "…" + text[-_EXCERPT:] if tail else text[:_EXCERPT] + "…"


def _find_ignoring_case(haystack: str, needle: str) -> int:
    """Where ``needle`` occurs in ``haystack`` ignoring case, or -1.

    ``str.find`` on lower-cased copies is linear; a case-insensitive regular expression of a
    long literal is not (it can cost length of text times length of quote). Where lower-casing
    changes the length of a text (a few letters such as 'İ'), positions would not line up, so
    no match is claimed.
    """
    low_haystack, low_needle = haystack.lower(), needle.lower()
    if len(low_haystack) != len(haystack) or len(low_needle) != len(needle):
        return -1
    return low_haystack.find(low_needle)


def _longest_prefix(haystack: str, needle: str) -> int:
    """Length of the longest prefix of ``needle`` found in ``haystack`` (prefix presence is monotone)."""
    low, high = 0, len(needle)
    while low < high:
        mid = (low + high + 1) // 2
        if needle[:mid] in haystack:
            low = mid
        else:
            high = mid - 1
    return low


def _words(text: str, count: int) -> str:
    """The first ``count`` words of ``text`` (keeping a leading space), at most 40 characters."""
    lead = " " if text.startswith(" ") else ""
    return _clip(lead + " ".join(text.split(" ")[1 if lead else 0 :][:count]), tail=False)


def _not_found_message(norm: NormalisedText, segments: list[str]) -> str:
    for number, segment in enumerate(segments, start=1):
        if segment not in norm.text:
            part = "the quote" if len(segments) == 1 else f"part {number} of the quote ({_clip(segment, tail=False)!r})"
            return f"{part} is not in the seed text; {_hint(norm, segment)}"
    return (
        f"each part of the quote is in the seed text, but not in this order within {MAX_GAP} characters of each other; "
        "check the order of the parts around '…', or quote a shorter passage"
    )


def _hint(norm: NormalisedText, segment: str) -> str:
    folded = _find_ignoring_case(norm.text, segment)
    if folded != -1:
        line = norm.line_col(norm.starts[folded])[0]
        found = norm.text[folded : folded + len(segment)]
        return f"it is found at line {line} with different capital letters ({_clip(found, tail=False)!r}); quotes are case-sensitive"
    bare = segment.strip("\"' ")
    if bare and bare != segment and bare in norm.text:
        line = norm.line_col(norm.starts[norm.text.find(bare)])[0]
        return f"it is found at line {line} without the quotation marks around it: remove them (the seed does not have them there)"
    matched = _longest_prefix(norm.text, segment)
    if matched < MIN_HINT_PREFIX and 2 * matched < len(segment):
        return "no passage of the seed starts like it; copy the quote verbatim from this document's seed"
    pos = norm.text.find(segment[:matched])
    line = norm.line_col(norm.starts[pos])[0]
    quote_next = _words(segment[matched:], 3)
    text_next = _words(norm.text[pos + matched : pos + matched + 200], max(1, quote_next.count(" ") + 1))
    return (
        f"it matches up to {_clip(segment[:matched], tail=True)!r} (line {line}), "
        f"then the quote has {quote_next!r} where the text has {text_next!r}"
    )
