"""The literal starts of a pattern (policycmp/leads.py): every match begins with one, or no answer is given."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycmp import cues
from policycmp import leads as leads_module
from policycmp.leads import leads, lookahead


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("must", {"must"}),
        (r"needs?\s+to", {"need"}),
        (r"(?:un)?necessary", {"un", "necess"}),
        (r"(?<!most\s)want(?:s|ed)?", {"want"}),
        (r"(?:has|have|having)\s+to", {"has", "have", "having"}),
        (r"(?-i:may)|might", {"may", "might"}),
        (r"\bcan\b", {"can"}),
        (r"a|ab", {"a"}),
        (r"x*must", {"x", "must"}),
    ],
)
def test_leads_of_literal_starts(pattern: str, expected: set[str]) -> None:
    assert leads(pattern) == expected


@pytest.mark.parametrize("pattern", [r"[a-z]+", r".must", r"(?:the\s+)?", r"(?i:must)", r"[xy]*must", r"(a|)\1", "(?>must)"])
def test_no_answer_where_a_match_can_start_anywhere(pattern: str) -> None:
    assert leads(pattern) is None


def test_no_answer_for_a_case_insensitive_pattern() -> None:
    assert leads("must", re.IGNORECASE) is None


def test_every_cue_has_leads_and_the_scan_uses_them() -> None:
    """Without leads for every cue the folded scan falls back to trying every word start: slower, never wrong."""
    for cue in cues.CUES:
        assert leads(cue.pattern.pattern.removeprefix(r"\b")), cue.name
    _plain, folded, _written = cues._scans(cues.CUES)
    assert folded is not None and not folded.places.pattern.startswith(r"[^\w](?=[a-z])")


LABELLED = Path(__file__).parent / "fixtures" / "cues" / "labelled-sentences.txt"


def _texts() -> list[str]:
    return [line for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_cue_match_in_the_labelled_sentences_starts_with_a_lead() -> None:
    for cue in cues.CUES:
        body = cue.pattern.pattern.removeprefix(r"\b")
        starts = leads(body)
        assert starts is not None
        compiled = re.compile(body)
        for text in _texts():
            for match in compiled.finditer(text.lower()):
                assert match.group(0).startswith(tuple(starts)), (cue.name, match.group(0))


WORDS = st.sampled_from(["has", "have", "having", "to", "may", "might", "un", "necessary", "need", "needs", "the", "way", "forward", "x"])


@given(st.lists(WORDS, max_size=8).map(" ".join))
def test_every_match_starts_with_a_lead_on_generated_text(text: str) -> None:
    for cue in cues.CUES:
        body = cue.pattern.pattern.removeprefix(r"\b")
        starts = leads(body)
        assert starts is not None
        for match in re.finditer(body, text):
            assert match.group(0).startswith(tuple(starts))


def test_lookahead_matches_exactly_where_a_lead_starts() -> None:
    starts = frozenset({"need", "needed", "must", "m", "a.b"})
    pattern = re.compile(f"(?:{lookahead(starts)})")
    for text in ("need", "must", "me", "a.b", "axb", "nee", "x"):
        assert bool(pattern.match(text)) == text.startswith(("need", "m", "a.b")), text


class _NoParser:
    """Stands for ``importlib`` on a Python whose engine has no ``re._parser``."""

    @staticmethod
    def import_module(name: str) -> object:
        raise ImportError(name)


def test_without_the_engine_parser_the_scan_finds_the_same_cues(monkeypatch: pytest.MonkeyPatch) -> None:
    """``re._parser`` is private: where it is missing (or reads otherwise), leads give no answer and the cue scan runs
    without its prefilter, finding exactly the same cues."""
    texts = [*_texts(), "We must act. The May plan: they needn't wait; it is necessary and unnecessary to ask."]
    expected = [cues.find_cues(text) for text in texts]
    assert any(expected)
    monkeypatch.setattr(leads_module, "importlib", _NoParser)
    monkeypatch.setattr(cues, "_COMPILED", {})
    assert leads("must") is None
    _plain, folded, _written = cues._scans(cues.CUES)
    assert folded is not None and folded.places.pattern.startswith(r"[^\w](?=[a-z])")
    assert [cues.find_cues(text) for text in texts] == expected
    assert cues.find_cues_each(texts) == expected
