"""Matrix headers and filters show labels, not ids (issue #15, defect 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import policycmp
from policycmp.models import HolderType
from policycmp.report import build
from policycmp.report.env import type_word

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "report" / "basic"


@pytest.fixture(scope="module")
def corpus() -> policycmp.Corpus:
    return policycmp.load(FIXTURE)


@pytest.fixture(scope="module")
def index(corpus: policycmp.Corpus, tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    out = tmp_path_factory.mktemp("labels") / "site"
    build(corpus, out)
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_option_columns_show_full_option_labels(index: BeautifulSoup, corpus: policycmp.Corpus) -> None:
    heads = index.select("table#holder-option thead th.opt")
    assert heads
    for th in heads:
        option = th.a["href"].removeprefix("options/").removesuffix(".html")
        # visible text, not a tooltip or screen-reader-only text
        assert th.get_text(" ", strip=True) == corpus.options[option].label
        assert not th.has_attr("title") and th.select(".sr-only") == []


def test_theme_columns_and_theme_groups_show_theme_labels(index: BeautifulSoup, corpus: policycmp.Corpus) -> None:
    for selector in ("table#holder-theme thead th.opt", "table#holder-option thead th.tgroup"):
        heads = index.select(selector)
        assert heads
        for th in heads:
            theme = th.a["href"].removeprefix("themes/").removesuffix(".html")
            number, _, label = th.get_text(" ", strip=True).partition(" ")
            assert number.isdigit() and label == corpus.themes[theme].label


def test_holder_type_filter_and_groups_read_as_words(index: BeautifulSoup) -> None:
    options = index.select("form.filters select[name=type] option[value!='']")
    assert options
    for option in options:
        assert option.get_text() == type_word(str(option["value"]))
        assert "-" not in option.get_text()
    groups = [th.get_text(strip=True) for th in index.select("table#holder-option th[scope=rowgroup]")]
    assert "Author team" in groups and "author-team" not in groups


def test_every_holder_type_has_a_readable_word() -> None:
    for t in HolderType:
        word = type_word(t.value)
        assert word and "-" not in word and word[0].isupper()
    assert type_word("anonymous-sources") == "Anonymous sources"
