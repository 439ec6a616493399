"""The vocabulary module is the one list of stances: the model, the styles and the report agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policycmp.models import Stance
from policycmp.report.env import environment
from policycmp.vocabulary import CELL, STANCE, Term, Vocabulary, legend

STYLE = Path(__file__).resolve().parents[1] / "policycmp" / "report" / "templates" / "_style.css"


def test_the_model_enum_lists_the_vocabulary_values_in_order() -> None:
    assert tuple(s.value for s in Stance) == STANCE.values


def test_every_stance_is_a_cell_state_with_a_symbol_a_colour_and_a_sign() -> None:
    for term in STANCE:
        assert term in CELL.terms
        assert term.symbol and term.colour and term.sign is not None and term.title and term.side


def test_symbols_are_distinct_so_a_cell_reads_without_colour() -> None:
    marks = [t.symbol for t in CELL if t.symbol]
    assert len(marks) == len(set(marks))


def test_conflict_is_symmetric() -> None:
    for a in STANCE.values:
        for b in STANCE.values:
            assert STANCE.conflicts(a, b) == STANCE.conflicts(b, a)
    assert STANCE.conflicts("support", "oppose")
    assert not STANCE.conflicts("conditional", "support")


def test_every_coloured_cell_state_has_its_css_class_in_the_report_style() -> None:
    classes = set(re.findall(r"\.(s-[a-z]+)\b", STYLE.read_text(encoding="utf-8")))
    assert {t.css for t in CELL if t.colour} <= classes


def test_templates_get_the_vocabulary_as_globals() -> None:
    env = environment()
    assert env.globals["STANCE"] is STANCE
    assert env.from_string("{% for t in STANCE %}{{ t.css }} {% endfor %}").render() == "s-support s-oppose s-conditional "


def test_an_unknown_value_names_the_choices() -> None:
    table = Vocabulary("kind", (Term("demand", "demand"), Term("forecast", "forecast")))
    with pytest.raises(KeyError, match="'wish' is not a kind; choose from: demand, forecast"):
        table["wish"]


def test_legend_lists_every_marked_state() -> None:
    text = legend()
    for term in CELL:
        if term.symbol:
            assert f"{term.symbol} {term.word}" in text
