"""Section 2 of issue 9, coverage: a seed too big to audit is refused, and repetitive text is audited in linear time."""

from __future__ import annotations

import time
from pathlib import Path

from loader_helpers import copy_mini

from policycmp.anchor import find_all
from policycmp.coverage import SUGGESTIONS_MAX, audit_text
from policycmp.cues import find_cues

from .helpers import HANG_GUARD, run


def test_coverage_of_a_10_mb_seed_is_a_located_problem(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    with (root / "seeds/alpha.txt").open("r+b") as handle:
        handle.truncate(10_000_000)  # sparse: nothing big is written
    start = time.perf_counter()
    code, lines = run("coverage", "--root", root)
    assert time.perf_counter() - start < HANG_GUARD  # ran for over 300 s
    assert code == 1
    assert lines == [
        "seeds/alpha.txt:1:1: the file is larger than the limit of 8,000,000 bytes (8.0 MB): check that it is the right file "
        "(a real corpus that needs more raises the limit with --max-seed-bytes) [PC112 file-too-large]",
        "1 problem in 1 file",
    ]


def test_repetitive_text_is_audited_with_bounded_suggestions() -> None:
    sentence = "The army must act now. "
    count = 500_000 // len(sentence)
    start = time.perf_counter()
    coverage = audit_text(sentence * count, coded=[])
    assert time.perf_counter() - start < HANG_GUARD  # 1 MB took 25 s
    flagged = coverage.cue_sentences
    assert (coverage.sentences, len(flagged), len(coverage.unexplained)) == (count, count, count)
    suggestions = [item.suggestion for item in flagged]
    assert suggestions[:SUGGESTIONS_MAX] == [("The army must act now.", n) for n in range(1, SUGGESTIONS_MAX + 1)]
    assert suggestions[SUGGESTIONS_MAX:] == [None] * (count - SUGGESTIONS_MAX)


def test_suggestions_for_a_text_printed_twice_anchor_in_their_sentence() -> None:
    lines = [f"Line {n} says the province must build {n} schools." for n in range(4_000)]
    text = "\n".join(lines) + "\n" + "\n".join(lines)  # every sentence is found twice, far apart
    start = time.perf_counter()
    flagged = audit_text(text, coded=[]).cue_sentences
    assert time.perf_counter() - start < HANG_GUARD
    suggested = [item for item in flagged if item.suggestion is not None]
    assert len(flagged) == 8_000 and len(suggested) == SUGGESTIONS_MAX
    for item in suggested:
        assert item.suggestion is not None
        quote, occurrence = item.suggestion
        matches = find_all(text, quote)
        assert len(matches) == 2 and occurrence == 1  # the first copy, found at this sentence
        assert item.start <= matches[0][0][0] < item.end


def test_cues_in_one_long_sentence_are_found_in_linear_time() -> None:
    text = "they must " * 100_000
    start = time.perf_counter()
    found = find_cues(text)
    assert time.perf_counter() - start < HANG_GUARD  # quadratic: each match was compared with every earlier one
    assert len(found) == 100_000
    assert {item.cue for item in found} == {"must"}
    assert [(item.start, item.end) for item in found[:2]] == [(5, 9), (15, 19)]
