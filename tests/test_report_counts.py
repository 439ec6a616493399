"""Theme pages count holders as holders and statements as statements (issue #15, defect 1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

import policycmp
from policycmp.report import build
from policycmp.report.pages import holder_sides

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report" / "basic"
SIDES = re.compile(r"^(\d+) holders? for, (\d+) against, (\d+) conditional(?:, (\d+) both ways)? \((\d+) statements?\)$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("counts") / "site"
    build(policycmp.load(FIXTURE), out)
    return out


def test_option_summaries_on_theme_pages_count_holders_and_statements_apart(site: Path) -> None:
    page = BeautifulSoup((site / "themes" / "talks.html").read_text(encoding="utf-8"), "html.parser")
    summaries = {li.h3.get_text(): li.find_all("p")[-1].get_text() for li in page.select("#options ~ ul.cards > li")}
    # alpha supports open talks in two statements, beta opposes it in one: 2 holders, 3 statements
    assert summaries["Open talks with the rebels"] == "1 holder for, 1 against, 0 conditional (3 statements)"
    assert "recommendation" not in page.find(id="options").find_next("ul").get_text()
    lead = page.find("p", class_="lead").find_next("p").get_text()
    assert lead == "3 statements by 2 holders on 2 options."


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from(["support", "oppose", "conditional"])), min_size=1))
def test_holder_counts_add_up_to_the_holders_who_address_the_option(statements: list[tuple[str, str]]) -> None:
    found = SIDES.match(holder_sides(statements))
    assert found, holder_sides(statements)
    support, oppose, conditional, mixed, count = (int(g or 0) for g in found.groups())
    assert support + oppose + conditional + mixed == len({h for h, _ in statements})
    assert count == len(statements)


def test_a_holder_on_two_sides_counts_once_as_both_ways() -> None:
    text = holder_sides([("a", "support"), ("a", "oppose"), ("b", "support")])
    assert text == "1 holder for, 0 against, 0 conditional, 1 both ways (3 statements)"
