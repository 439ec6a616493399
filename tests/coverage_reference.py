"""The coverage audit as it was before issue #17's speed-up, kept as the specification.

Copied unchanged from ``policycmp/cues.py``, ``policycmp/sentences.py`` and ``policycmp/coverage.py`` at
commit 3303118 (only the imports are gathered here, and the names prefixed ``reference_`` where the test
calls them): tests/test_coverage_equivalence.py checks that the fast audit gives exactly what this one gives.
The data (the cue list, the abbreviations, the dataclasses) is the library's own, so a new cue changes both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from policycmp.anchor import count_quote, iter_matches
from policycmp.coverage import (
    AUDITED_KINDS,
    SUGGESTED_MAX_WORDS,
    SUGGESTED_WORDS,
    SUGGESTIONS_MAX,
    CoverageReport,
    CueSentence,
    DocumentCoverage,
    Status,
)
from policycmp.cues import CUES, Cue, CueMatch
from policycmp.data import CorpusData
from policycmp.normalise import normalised
from policycmp.records import LoadedDocument
from policycmp.sentences import ABBREVIATIONS, HEADING_MAX, SUPERSCRIPTS, Kind, Segment, Sentence

# --------------------------------------------------------------------------- cues.py

def _any_cue_scan(flags: int) -> re.Pattern[str]:
    """A scan finding every word start where some cue matches (overlapping: a lookahead, so each start is tried).

    Each cue pattern starts with ``\\b``; written once in front, the scan costs a fraction of running every cue
    over the text (groups are non-capturing, which keeps the regular-expression engine's fast paths).
    """
    boundary = r"\b"
    body = "|".join(f"(?:{cue.pattern.pattern.removeprefix(boundary)})" for cue in CUES)
    return re.compile(rf"{boundary}(?=(?:{body}))", flags)


_SCAN = _any_cue_scan(re.IGNORECASE)
_SCAN_LOWER = _any_cue_scan(0)
"""The same scan for lower-cased ASCII text, without the case-insensitive flag (several times faster)."""


def _candidates(text: str) -> list[Cue]:
    """The cues that can be reported in ``text``, in list order.

    A cue is reported at a place only when it is the first-listed cue matching there (an earlier-listed cue that
    matches at the same place, or whose match covers it, takes the place), so the first-listed cue matching at each
    place the scan finds is all :func:`find_cues` needs to run. Lower-casing keeps every offset of ASCII text only,
    hence the two scans; the lower-cased one may find more places (the month May), never fewer.
    """
    scan, subject = (_SCAN_LOWER, text.lower()) if text.isascii() else (_SCAN, text)
    found: set[int] = set()
    for place in scan.finditer(subject):
        start = place.start()
        first = next((index for index, cue in enumerate(CUES) if cue.pattern.match(text, start)), None)
        if first is not None:
            found.add(first)
    return [CUES[index] for index in sorted(found)]


def find_cues(text: str) -> list[CueMatch]:
    """Every cue in ``text``, in text order; a place covered by an earlier-listed cue is not reported again."""
    candidates = _candidates(text)
    if not candidates:
        return []
    taken = bytearray(len(text))  # 1 where an earlier-listed cue already matched: linear, however many cues a text holds
    found: list[CueMatch] = []
    for cue in candidates:
        for match in cue.pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(CueMatch(cue.name, start, end, match.group(0)))
    return sorted(found, key=lambda item: (item.start, item.end))


def cue_names(text: str) -> tuple[str, ...]:
    """Names of the cues in ``text``, each once, in order of first appearance."""
    return tuple(dict.fromkeys(match.cue for match in find_cues(text)))


# --------------------------------------------------------------------------- sentences.py

_FINAL = ".!?:;"
_CLOSERS = "\"'”’)]*" + SUPERSCRIPTS
_STARTERS = "\"'“‘([*-•"
_END = re.compile(r"[.!?]+(?:[\"'”’)\]]|\*\*)*[" + SUPERSCRIPTS + r"]*")
_MARKER = re.compile(r"[" + SUPERSCRIPTS + r"]+(?=\s|$)")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"https?://|doi:|www\.")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LIST_HEAD = re.compile(r"\s*(?:[-*•]\s*)?\(?\d{1,2}[).]\s+(?:\*\*)?[^.!?:\n]{1,120}?:(?:\*\*)?\s+(?=[A-Z\"“*])")
_DATELINE = re.compile(r"\s*date \d{4}-\d{2}-\d{2}\s+")


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


def _boundaries(virtual: str) -> list[tuple[int, int]]:
    """(end of one sentence, start of the next) positions in a paragraph's joined text."""
    cuts: list[tuple[int, int]] = []
    dateline = _DATELINE.match(virtual)
    if dateline:
        cuts.append((dateline.end(), dateline.end()))
    head = _LIST_HEAD.match(virtual)
    if head:
        cuts.append((head.end(), head.end()))
    for match in _END.finditer(virtual):
        end = match.end()
        space = _SPACE.match(virtual, end)
        if space is None:
            continue
        after = space.end()
        marker = _MARKER.match(virtual, after)
        if marker is not None:
            end = marker.end()
            trailing = _SPACE.match(virtual, end)
            after = trailing.end() if trailing else end
        if after >= len(virtual):
            continue
        following = virtual[after]
        if not (following.isupper() or following.isdigit() or following in _STARTERS):
            continue
        if match.group(0)[0] == "." and _abbreviation(virtual[max(0, match.start() - 40) : match.start()]):
            continue
        cuts.append((end, after))
    return sorted(set(cuts))


def _abbreviation(before: str) -> bool:
    """Whether the word ending ``before`` is an initial, a dotted abbreviation or a listed title."""
    word = re.search(r"(\S*)$", before)
    token = (word.group(1) if word else "").lstrip("\"'“‘([")
    if len(token) == 1 and token.isalpha():
        return True
    if "." in token and all(0 < len(piece) <= 2 for piece in token.split(".")):
        return True
    return token.lower() in ABBREVIATIONS


def _split(text: str, parts: tuple[Segment, ...]) -> list[tuple[Segment, ...]]:
    """Split one paragraph into sentences, each as original parts."""
    pieces = [text[a:b] for a, b in parts]
    virtual = " ".join(pieces)
    offsets: list[tuple[int, int, int]] = []  # (virtual start, original start, length)
    position = 0
    for (a, b), piece in zip(parts, pieces, strict=True):
        offsets.append((position, a, b - a))
        position += len(piece) + 1
    virtual_starts = [start for start, _, _ in offsets]
    bounds = [0]
    for end, after in _boundaries(virtual):
        bounds += [end, after]
    bounds.append(len(virtual))
    sentences: list[tuple[Segment, ...]] = []
    for s_start, s_end in zip(bounds[::2], bounds[1::2], strict=True):
        chunk = virtual[s_start:s_end]
        s_start += len(chunk) - len(chunk.lstrip())
        s_end -= len(chunk) - len(chunk.rstrip())
        if s_start >= s_end:
            continue
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


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence, heading, footnote and furniture line of ``text``, in text order."""
    norm = normalised(text)
    result: list[Sentence] = []
    for parts, kind in paragraphs(text):
        pieces = [parts] if kind in ("footnote", "furniture") else _split(text, parts)
        for piece in pieces:
            sentence_kind: Kind = kind
            if kind == "sentence":
                words = " ".join(text[a:b] for a, b in piece)
                if len(words) < HEADING_MAX and (not _ends_sentence(words) or words.rstrip(_CLOSERS).endswith(":")):
                    sentence_kind = "heading"
            line, column = norm.line_col(piece[0][0])
            result.append(Sentence(piece, sentence_kind, line, column))
    return sorted(result, key=lambda sentence: sentence.parts)


# --------------------------------------------------------------------------- coverage.py

def audit_text(
    text: str,
    coded: Iterable[Sequence[Segment]],
    waived: Sequence[Sequence[Segment]] = (),
    *,
    document: str = "document",
    seed: str = "seed.txt",
    yaml: str = "recommendations/document.yaml",
) -> DocumentCoverage:
    """Audit one text given the segments of its recommendations (``coded``) and of its waivers (``waived``)."""
    coded_segments = [(segment[0], segment[1]) for segments in coded for segment in segments]
    waiver_segments = [[(segment[0], segment[1]) for segment in segments] for segments in waived]
    used: set[int] = set()
    audited = [s for s in split_sentences(text) if s.kind in AUDITED_KINDS]
    flagged: list[CueSentence] = []
    is_coded = _overlap_test(coded_segments)
    suggestions = 0
    carrying = 0
    for sentence in audited:
        words = sentence.text(text)
        cues = cue_names(words)
        coded_here = any(is_coded(a, b) for a, b in sentence.parts)
        carrying += coded_here
        if not cues:
            continue
        waivers_here = [i for i, segments in enumerate(waiver_segments) if sentence.overlaps(segments)]
        used.update(waivers_here)
        status: Status = "coded" if coded_here else "waived" if waivers_here else "unexplained"
        suggestion = None
        if status == "unexplained" and suggestions < SUGGESTIONS_MAX:
            suggestions += 1
            suggestion = suggest_quote(text, sentence)
        flagged.append(
            CueSentence(seed, sentence.line, sentence.column, sentence.start, sentence.end, sentence.parts, words, cues, status, suggestion)
        )
    unused = tuple(
        " … ".join(" ".join(text[a:b].split()) for a, b in segments) for i, segments in enumerate(waiver_segments) if i not in used
    )
    return DocumentCoverage(document, seed, yaml, len(audited), tuple(flagged), unused, carrying)


def _overlap_test(segments: Sequence[Segment]) -> Callable[[int, int], bool]:
    """A test 'does any of ``segments`` share a character with [a, b)?' in logarithmic time.

    Segments sorted by start, with the running maximum of their ends: those starting
    before ``b`` overlap [a, b) exactly when the largest of their ends exceeds ``a``.
    """
    ordered = sorted(segments)
    starts = [start for start, _ in ordered]
    reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(a: int, b: int) -> bool:
        count = bisect_left(starts, b)
        return count > 0 and reach[count - 1] > a

    return overlaps


def suggest_quote(text: str, sentence: Sentence) -> tuple[str, int | None] | None:
    """A short run of words from the sentence's first cue that anchors inside the sentence.

    Starts with :data:`SUGGESTED_WORDS` words from the cue and grows word by word (right first) until the quote is found only once in
    ``text``, up to :data:`SUGGESTED_MAX_WORDS` words; when even that is repeated (a paragraph printed twice),
    returns it with the occurrence that points at this sentence. None when no cue is found.
    Counting stops at the second match, and the occurrence search at this sentence, so a
    repetitive text costs no more than a plain one.
    """
    for a, b in sentence.parts:
        words = text[a:b].split()
        part = " ".join(words)
        first = find_cues(part)
        if not first:
            continue
        low = part[: first[0].start].count(" ")
        high = min(len(words), max(low + len(first[0].matched.split()), low + SUGGESTED_WORDS))
        high = min(high, low + SUGGESTED_MAX_WORDS)
        while True:
            quote = " ".join(words[low:high])
            if count_quote(text, quote, up_to=2) == 1:
                return quote, None
            if high - low >= SUGGESTED_MAX_WORDS:
                break
            if high < len(words):
                high += 1
            elif low > 0:
                low -= 1
            else:
                break
        for occurrence, match in enumerate(iter_matches(text, quote), start=1):
            if match[0][0] >= b:
                break
            if a <= match[0][0]:
                return quote, occurrence
    return None


def _relative(path: Path, root: Path, fallback: str) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return fallback


def audit_document(doc: LoadedDocument, root: Path) -> DocumentCoverage:
    """Audit one loaded document."""
    return audit_text(
        doc.text,
        [anchored.segments for anchored in doc.recommendations],
        [waiver.segments for waiver in doc.waivers],
        document=doc.id,
        seed=_relative(doc.seed_path, root, f"seeds/{doc.coded.document.seed}"),
        yaml=_relative(doc.path, root, f"recommendations/{doc.id}.yaml"),
    )


def audit(corpus: CorpusData, progress: Callable[[Sequence[str]], Iterable[str]] | None = None) -> CoverageReport:
    """Audit every document of ``corpus``, in id order; ``progress`` wraps the document ids as they are audited (the CLI's bar)."""
    keys = sorted(corpus.documents)
    return CoverageReport(tuple(audit_document(corpus.documents[key], corpus.root) for key in (progress(keys) if progress else keys)))
