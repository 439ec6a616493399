"""Recall and precision of the coverage cues on labelled sentences written for the test.

tests/fixtures/cues/labelled-sentences.txt labels each sentence a prescription (P, with the cue expected
to catch it, or "none" for a form the cues are not meant to catch) or not (N). Removing or breaking a cue
family fails :func:`test_every_labelled_prescription_is_caught_by_its_cue`; a new cue without a labelled
sentence fails :func:`test_every_cue_has_labelled_prescriptions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from policycmp import cues
from policycmp.cues import CUES, cue_names

FIXTURE = Path(__file__).parent / "fixtures" / "cues" / "labelled-sentences.txt"

RECALL_BAR = 0.95
"""Share of the labelled prescriptions that must hold a cue."""

PRECISION_BAR = 0.90
"""Share of the flagged sentences that must be prescriptions (false alarms cost a waiver each)."""


@dataclass(frozen=True)
class Labelled:
    line: int
    prescription: bool
    cue: str
    text: str


def labelled() -> list[Labelled]:
    found = []
    for number, line in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, cue, text = (part.strip() for part in line.split("|", 2))
        assert label in {"P", "N"}, f"line {number}: label must be P or N"
        assert (cue == "-") == (label == "N"), f"line {number}: a prescription names its cue (or 'none'), a non-prescription '-'"
        found.append(Labelled(number, label == "P", cue, text))
    return found


SENTENCES = labelled()


def scores(sentences: list[Labelled]) -> tuple[float, float]:
    """(recall, precision) of the cues: a sentence is flagged when it holds any cue."""
    flagged = [s for s in sentences if cue_names(s.text)]
    positives = [s for s in sentences if s.prescription]
    hits = sum(s.prescription for s in flagged)
    return hits / len(positives), hits / len(flagged)


def test_the_fixture_is_large_and_labels_both_ways() -> None:
    assert len(SENTENCES) >= 80
    assert len({s.text for s in SENTENCES}) == len(SENTENCES), "each sentence once"
    assert sum(s.prescription for s in SENTENCES) >= 40
    assert sum(not s.prescription for s in SENTENCES) >= 30


def test_every_cue_has_labelled_prescriptions() -> None:
    labelled_cues = {s.cue for s in SENTENCES if s.prescription} - {"none"}
    names = {cue.name for cue in CUES}
    assert labelled_cues <= names, f"labels name cues that policycmp/cues.py lacks: {sorted(labelled_cues - names)}"
    assert names <= labelled_cues, f"add labelled sentences for: {sorted(names - labelled_cues)}"


@pytest.mark.parametrize("sentence", [s for s in SENTENCES if s.prescription and s.cue != "none"], ids=lambda s: f"line{s.line}")
def test_every_labelled_prescription_is_caught_by_its_cue(sentence: Labelled) -> None:
    assert sentence.cue in cue_names(sentence.text), f"line {sentence.line}: {sentence.text!r} -> {cue_names(sentence.text)}"


def test_recall_and_precision_meet_the_bars() -> None:
    recall, precision = scores(SENTENCES)
    assert recall >= RECALL_BAR, f"recall {recall:.3f}"
    assert precision >= PRECISION_BAR, f"precision {precision:.3f}"


def test_removing_the_modal_and_wish_families_fails_the_recall_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The measure is live: with the modal and reported-wish families taken out of the cue list, recall falls below the bar."""
    dropped = {"can/could try or consider", "can/could/may/might", "want", "wish/hope/prefer", "seek/intend to"}
    kept = tuple(cue for cue in cues.CUES if cue.name not in dropped)
    monkeypatch.setattr(cues, "CUES", kept)
    monkeypatch.setattr(cues, "ANY_CUE", re.compile("|".join(f"(?:{cue.pattern.pattern})" for cue in kept), re.IGNORECASE))
    recall, _ = scores(SENTENCES)
    assert recall < RECALL_BAR
