"""Coverage audit: is every prescriptive-looking sentence coded or waived?

Each seed is split into sentences (:mod:`policycmp.sentences`); a sentence
holding a cue from :mod:`policycmp.cues` is a *cue sentence*. A cue sentence is
*coded* when a segment of any recommendation's quote overlaps it, *waived* when
(only) a waiver's quote overlaps it, and *unexplained* otherwise. Footnotes and
page furniture are not audited (citation titles are not the author's voice).

:func:`audit_text` works on one text and plain spans (no corpus needed);
:func:`audit` runs it over a loaded :class:`~policycmp.corpus.Corpus`.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from policycmp.anchor import count_quote, iter_matches
from policycmp.collector import collector_paused
from policycmp.cues import CueMatch, find_cues, find_cues_each
from policycmp.sentences import Kind, Sentence, split_sentences

if TYPE_CHECKING:  # only named in annotations: the cached audit (policycmp.coverage_cache) never imports pydantic
    from policycmp.data import CorpusData
    from policycmp.records import LoadedDocument

Segment = tuple[int, int]
Status = Literal["coded", "waived", "unexplained"]

AUDITED_KINDS: tuple[Kind, ...] = ("sentence", "heading")
"""Sentence kinds that are audited; footnotes and furniture are skipped."""

SUGGESTED_WORDS = 5
"""A suggested quote starts at the cue and has at least this many words (when the sentence has them)."""

SUGGESTED_MAX_WORDS = 20
"""A suggested quote has at most this many words (longer ones are no help, and cost a scan of the seed per word)."""

SUGGESTIONS_MAX = 50
"""Quotes are suggested for the first this many unexplained sentences of a document.

Each suggestion searches the whole seed, so suggesting for every sentence of an uncoded
10 MB seed would take hours; the coder works through the first ones, then reruns."""

EXCERPT_MAX = 200
"""Longest excerpt of a sentence shown in a message (clipped around the first cue)."""


@dataclass(frozen=True)
class CueSentence:
    """A sentence holding at least one cue, with its place and status."""

    seed: str
    line: int
    column: int
    start: int
    end: int
    parts: tuple[Segment, ...]
    text: str
    cues: tuple[str, ...]
    status: Status
    suggestion: tuple[str, int | None] | None = None
    """For an unexplained sentence: a short quote that anchors inside it, and the occurrence it needs (or None)."""

    def excerpt(self) -> str:
        """The sentence, clipped to :data:`EXCERPT_MAX` characters around its first cue."""
        if len(self.text) <= EXCERPT_MAX:
            return self.text
        first = min((match.start for match in find_cues(self.text)), default=0)
        begin = max(0, min(first - EXCERPT_MAX // 3, len(self.text) - EXCERPT_MAX))
        clipped = self.text[begin : begin + EXCERPT_MAX].strip()
        return ("…" if begin > 0 else "") + clipped + ("…" if begin + EXCERPT_MAX < len(self.text) else "")

    def suggestion_hint(self) -> str:
        """' (quote: "…")' or ' (quote: "…", occurrence: 2)' when a suggestion exists, else ''."""
        if self.suggestion is None:
            return ""
        quote, occurrence = self.suggestion
        quoted = json.dumps(quote, ensure_ascii=False)
        return f" (quote: {quoted}, occurrence: {occurrence})" if occurrence else f" (quote: {quoted})"

    def cue_label(self) -> str:
        names = ", ".join(f"'{name}'" for name in self.cues)
        return f"cue {names}" if len(self.cues) == 1 else f"cues {names}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "cues": list(self.cues),
            "status": self.status,
            **({"suggested_quote": self.suggestion[0], "suggested_occurrence": self.suggestion[1]} if self.suggestion is not None else {}),
        }


@dataclass(frozen=True)
class DocumentCoverage:
    """Counts and cue sentences of one document."""

    document: str
    seed: str
    yaml: str
    sentences: int
    cue_sentences: tuple[CueSentence, ...]
    unused_waivers: tuple[str, ...] = ()
    """Text of the waivers that overlap no cue sentence (deliberate, stale or misplaced)."""
    coded_sentences: int = 0
    """Audited sentences that carry a coded recommendation, with a cue or without: the denominator of cue recall."""

    def _count(self, status: Status) -> int:
        return sum(1 for item in self.cue_sentences if item.status == status)

    @property
    def coded(self) -> int:
        return self._count("coded")

    @property
    def waived(self) -> int:
        return self._count("waived")

    @property
    def unexplained(self) -> tuple[CueSentence, ...]:
        return tuple(item for item in self.cue_sentences if item.status == "unexplained")

    def messages(self) -> list[str]:
        """One line per unexplained sentence: ``seed:line:col: unexplained prescriptive sentence …``."""
        return [
            f'{item.seed}:{item.line}:{item.column}: unexplained prescriptive sentence ({item.cue_label()}): "{item.excerpt()}" '
            f"— code it in {self.yaml} or add a waiver with a reason{item.suggestion_hint()}"
            for item in self.unexplained
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "seed": self.seed,
            "yaml": self.yaml,
            "sentences": self.sentences,
            "cue_sentences": len(self.cue_sentences),
            "coded": self.coded,
            "waived": self.waived,
            "unexplained": len(self.unexplained),
            "coded_sentences": self.coded_sentences,
            "waivers_without_cue": list(self.unused_waivers),
            "flagged": [item.to_dict() for item in self.cue_sentences],
        }


@dataclass(frozen=True)
class CoverageReport:
    """The audit of a whole corpus, one entry per document in id order."""

    documents: tuple[DocumentCoverage, ...] = field(default_factory=tuple)

    @property
    def unexplained(self) -> list[CueSentence]:
        return [item for doc in self.documents for item in doc.unexplained]

    @property
    def ok(self) -> bool:
        return not self.unexplained

    def table(self) -> str:
        """Per-document counts as an aligned text table, with a total row."""
        header = ("document", "sentences", "cue sentences", "coded", "waived", "unexplained")
        rows = [(d.document, d.sentences, len(d.cue_sentences), d.coded, d.waived, len(d.unexplained)) for d in self.documents]
        totals = [sum(int(row[i]) for row in rows) for i in range(1, 6)]
        body: list[list[str]] = [list(header), *([str(cell) for cell in row] for row in rows), ["total", *(str(t) for t in totals)]]
        widths = [max(len(row[i]) for row in body) for i in range(len(header))]
        lines = []
        for number, row in enumerate(body):
            cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
            lines.append("  ".join(cells).rstrip())
            if number == 0 or number == len(body) - 2:
                lines.append("  ".join("-" * width for width in widths))
        return "\n".join(lines)

    def messages(self) -> list[str]:
        return [line for doc in self.documents for line in doc.messages()]

    def summary(self) -> str:
        """One line: how many cue sentences, and how many are left unexplained."""
        flagged = sum(len(doc.cue_sentences) for doc in self.documents)
        coded = sum(doc.coded for doc in self.documents)
        waived = sum(doc.waived for doc in self.documents)
        missing = len(self.unexplained)
        extra = sum(len(doc.unused_waivers) for doc in self.documents)
        note = f"; {extra} more waivers cover sentences without a cue (listed by --format json)" if extra else ""
        if not missing:
            return f"all {flagged} sentences with a prescriptive cue are coded ({coded}) or waived ({waived}){note}"
        documents = sum(1 for doc in self.documents if doc.unexplained)
        noun = "sentence" if missing == 1 else "sentences"
        return f"{missing} unexplained prescriptive {noun} in {documents} document{'' if documents == 1 else 's'}; code or waive each"

    def figures(self) -> str:
        """How well the cues do on this corpus, measured against the coding itself.

        Cue recall: of the sentences that carry a coded recommendation, the share holding a cue (a coded
        sentence without one is a prescription form the cues miss). Precision proxy: of the flagged sentences,
        the share that were coded (the rest are waived false alarms, or unexplained).
        """
        carrying = sum(doc.coded_sentences for doc in self.documents)
        recalled = sum(doc.coded for doc in self.documents)
        flagged = sum(len(doc.cue_sentences) for doc in self.documents)
        waived = sum(doc.waived for doc in self.documents)
        missing = len(self.unexplained)
        return (
            f"cue recall: {recalled} of {carrying} sentences carrying a coded recommendation hold a cue ({_percent(recalled, carrying)}); "
            f"precision proxy: {recalled} of {flagged} flagged sentences are coded ({_percent(recalled, flagged)}), {waived} waived, "
            f"{missing} unexplained ({_percent(flagged - missing, flagged)} coded or waived)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "unexplained": len(self.unexplained),
            "coded_sentences": sum(doc.coded_sentences for doc in self.documents),
            "flagged_coded": sum(doc.coded for doc in self.documents),
            "flagged": sum(len(doc.cue_sentences) for doc in self.documents),
            "documents": [doc.to_dict() for doc in self.documents],
        }


def _percent(part: int, whole: int) -> str:
    """'91%' (rounded down, so 100% means all), or 'n/a' when there is nothing to count."""
    return f"{part * 100 // whole}%" if whole else "n/a"


@dataclass(frozen=True)
class _Reading:
    """What the audit reads from a text whatever its coding: the audited sentences, their words and their cues."""

    sentences: list[Sentence]
    texts: list[str]
    cues: list[list[CueMatch]]

    def flagged(self) -> list[int]:
        """Indices of the sentences holding a cue, in order."""
        return [number for number, matches in enumerate(self.cues) if matches]

    @classmethod
    def of(cls, text: str) -> _Reading:
        audited = split_sentences(text, AUDITED_KINDS)
        texts = [_words(text, sentence.parts) for sentence in audited]
        return cls(audited, texts, find_cues_each(texts))


def _words(text: str, parts: tuple[Segment, ...]) -> str:
    """:meth:`Sentence.text`: the part as it stands when it holds no whitespace but single spaces (every other
    whitespace character is unprintable), else its words joined by spaces."""
    if len(parts) == 1:
        chunk = text[parts[0][0] : parts[0][1]]
        plain = chunk.isprintable() and "  " not in chunk and chunk[:1] != " " and chunk[-1:] != " "
        return chunk if plain else " ".join(chunk.split())
    return " ".join(" ".join(text[a:b].split()) for a, b in parts)


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
    return _audit_reading(text, _Reading.of(text), coded, waived, document=document, seed=seed, yaml=yaml)


def _audit_reading(
    text: str,
    reading: _Reading,
    coded: Iterable[Sequence[Segment]],
    waived: Sequence[Sequence[Segment]],
    *,
    document: str,
    seed: str,
    yaml: str,
) -> DocumentCoverage:
    """:func:`audit_text`, with the text's sentences and cues already read (once for all documents of one seed)."""
    coded_segments = [(segment[0], segment[1]) for segments in coded for segment in segments]
    waiver_segments = [[(segment[0], segment[1]) for segment in segments] for segments in waived]
    used: set[int] = set()
    audited = reading.sentences
    index = _PartIndex(audited)
    waivers_of = index.overlapping(waiver_segments)
    coded_numbers = index.overlapping([coded_segments])  # the sentences a recommendation's segment overlaps
    flagged: list[CueSentence] = []
    suggestions = 0
    for number in reading.flagged():
        sentence, matches = audited[number], reading.cues[number]
        cues = tuple(dict.fromkeys(match.cue for match in matches))
        waivers_here = waivers_of.get(number, ())
        used.update(waivers_here)
        status: Status = "coded" if number in coded_numbers else "waived" if waivers_here else "unexplained"
        suggestion = None
        if status == "unexplained" and suggestions < SUGGESTIONS_MAX:
            suggestions += 1
            suggestion = suggest_quote(text, sentence, matches)
        flagged.append(
            CueSentence(
                seed, sentence.line, sentence.column, sentence.start, sentence.end, sentence.parts, reading.texts[number], cues, status,
                suggestion,
            )
        )
    unused = tuple(
        " … ".join(" ".join(text[a:b].split()) for a, b in segments) for i, segments in enumerate(waiver_segments) if i not in used
    )
    return DocumentCoverage(document, seed, yaml, len(audited), tuple(flagged), unused, len(coded_numbers))


class _PartIndex:
    """The parts of a text's sentences in order, to find which sentences segments overlap.

    What :meth:`Sentence.overlaps` says of each pair, found without trying every pair: the sentences' parts
    are disjoint, so sorted by start they are sorted by end too, and the parts a segment ``[a, b)`` shares a
    character with (start before ``b``, end after ``a``) are one run of that order, found by bisection. The
    audit asks it once for the waivers and once for the recommendations' segments (the sentences carrying a
    recommendation), instead of asking of each sentence whether some segment overlaps it: a document has
    fewer segments than sentences.
    """

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.parts = sorted((start, end, number) for number, sentence in enumerate(sentences) for start, end in sentence.parts)
        self.starts = [start for start, _, _ in self.parts]
        self.ends = [end for _, end, _ in self.parts]

    def overlapping(self, groups: Sequence[Sequence[Segment]]) -> dict[int, set[int]]:
        """For each sentence (by its index) that some group of segments overlaps, the indices of those groups."""
        parts, starts, ends = self.parts, self.starts, self.ends
        found: dict[int, set[int]] = {}
        for index, segments in enumerate(groups):
            for a, b in segments:
                for _, _, number in parts[bisect_right(ends, a) : bisect_left(starts, b)]:
                    found.setdefault(number, set()).add(index)
        return found


def suggest_quote(text: str, sentence: Sentence, cues: list[CueMatch] | None = None) -> tuple[str, int | None] | None:
    """A short run of words from the sentence's first cue that anchors inside the sentence.

    Starts with :data:`SUGGESTED_WORDS` words from the cue and grows word by word (right first) until the quote is found only once in
    ``text``, up to :data:`SUGGESTED_MAX_WORDS` words; when even that is repeated (a paragraph printed twice),
    returns it with the occurrence that points at this sentence. None when no cue is found.
    Counting stops at the second match, and the occurrence search at this sentence, so a
    repetitive text costs no more than a plain one. ``cues``: the cues of the sentence's words, when known
    (a one-part sentence's words are its part's).
    """
    for a, b in sentence.parts:
        words = text[a:b].split()
        part = " ".join(words)
        first = cues if cues is not None and len(sentence.parts) == 1 else find_cues(part)
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


def _relative(path: Path, resolved_root: Path, fallback: str, folders: dict[Path, Path] | None = None) -> str:
    try:
        return resolve_path(path, folders).relative_to(resolved_root).as_posix()
    except ValueError:
        return fallback


def resolve_path(path: Path, folders: dict[Path, Path] | None = None) -> Path:
    """``path.resolve()``; with ``folders``, each folder is resolved once: a file that is no symbolic link resolves to
    its folder resolved and its name (one ``lstat`` instead of one per component of the path)."""
    if folders is None or path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


def audit_document(doc: LoadedDocument, root: Path) -> DocumentCoverage:
    """Audit one loaded document."""
    return _audit_document(doc, root.resolve())


def _audit_document(
    doc: LoadedDocument, resolved_root: Path, reading: _Reading | None = None, folders: dict[Path, Path] | None = None
) -> DocumentCoverage:
    """Audit one loaded document, ``resolved_root`` being the corpus root resolved (once for all, by :func:`audit`),
    ``reading`` its seed's sentences and cues when already read, ``folders`` the folders resolved so far (:func:`resolve_path`)."""
    return _audit_reading(
        doc.text,
        reading if reading is not None else _Reading.of(doc.text),
        [anchored.segments for anchored in doc.recommendations],
        [waiver.segments for waiver in doc.waivers],
        document=doc.id,
        seed=_relative(doc.seed_path, resolved_root, f"seeds/{doc.coded.document.seed}", folders),
        yaml=_relative(doc.path, resolved_root, f"recommendations/{doc.id}.yaml", folders),
    )


def audit(
    corpus: CorpusData, progress: Callable[[Sequence[str]], Iterable[str]] | None = None, only: Collection[str] | None = None
) -> CoverageReport:
    """Audit every document of ``corpus`` (or those whose ids are in ``only``), in id order; ``progress`` wraps the document
    ids as they are audited (the CLI's bar).

    The cyclic garbage collector is paused meanwhile (:func:`policycmp.collector.collector_paused`): the audit makes no
    reference cycles, and at thousands of documents the collector would walk the loaded corpus again and again.
    """
    keys = sorted(corpus.documents) if only is None else sorted(key for key in corpus.documents if key in only)
    with collector_paused():
        return _audit_all(corpus, keys, progress)


def _audit_all(corpus: CorpusData, keys: list[str], progress: Callable[[Sequence[str]], Iterable[str]] | None) -> CoverageReport:
    """The work of :func:`audit`, on the documents ``keys``."""
    root = corpus.root.resolve()
    left = Counter(corpus.documents[key].text for key in keys)
    shared: dict[str, _Reading] = {}  # seeds of several documents, read once, kept until their last document
    results = []
    folders: dict[Path, Path] = {}
    for key in progress(keys) if progress else keys:
        doc = corpus.documents[key]
        reading = shared.get(doc.text)
        if reading is None and left[doc.text] > 1:
            reading = shared[doc.text] = _Reading.of(doc.text)
        results.append(_audit_document(doc, root, reading, folders))
        left[doc.text] -= 1
        if not left[doc.text]:
            shared.pop(doc.text, None)
    return CoverageReport(tuple(results))
