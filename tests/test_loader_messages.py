"""Pydantic errors rewritten in plain words: short excerpts only, the right node, the declared types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from loader_helpers import DOC, copy_mini, edit

from policycmp import crossref
from policycmp.errors import CorpusError, Problem
from policycmp.loader import load
from policycmp.messages import describe, excerpt, slugify, target_type, validate
from policycmp.models import Codebook, CodedDocument, Recommendation, Stance
from policycmp.yamlsafe import Located, read


def test_long_values_are_never_echoed_in_full(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    huge = "Not A Slug " * 1500  # 16,500 characters: within the value limit (longer values: tests/adversarial)
    edit(root, DOC, "option: open-talks", f"option: '{huge}'")
    edit(root, DOC, "stance: oppose", f"stance: '{huge}'")
    edit(root, DOC, "title: Border Talk", "title: [" + ", ".join(["word"] * 5000) + "]")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert [p.slug for p in caught.value.problems] == ["wrong-type", "invalid-id", "invalid-choice"]
    for item in caught.value.problems:
        assert len(item.format()) < 260, item.format()
    assert caught.value.problems[1].message == "'option' is too long for an id (at most 80 characters): use a short slug"
    assert "'Not A Slug Not A Slug Not A Slug Not A …' is not a valid stance" in caught.value.problems[2].message


def test_a_long_well_formed_id_is_reported_once_and_never_echoed(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "option: open-talks", "option: " + "a" * 3000)
    edit(root, DOC, "holder: officials", "holder: " + "b-" * 1000 + "b")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert [p.format() for p in caught.value.problems] == [
        "recommendations/alpha.yaml:16:13: 'option' is too long for an id (at most 80 characters): use a short slug [PC205 invalid-id]",
        "recommendations/alpha.yaml:23:13: 'holder' is too long for an id (at most 80 characters): use a short slug [PC205 invalid-id]",
    ]


def test_excerpt_and_describe() -> None:
    assert excerpt("short") == "short"
    assert excerpt("x" * 100) == "x" * 39 + "…"
    assert excerpt("two\nlines") == "two lines"
    assert describe(True, "yes") == "the boolean yes (yes/no/true/false/on/off are booleans in YAML)"
    assert describe(1.1, "1.10") == "the number 1.10 (YAML reads unquoted numbers as numbers)"
    assert describe(None) == "an empty value"
    assert describe(dt.date(2023, 1, 5), "2023-01-05") == "the date 2023-01-05 (YAML reads an unquoted YYYY-MM-DD as a date)"
    assert describe(["a"]) == "a list"
    assert describe({"a": 1}) == "a mapping"
    assert describe("text") == "the text 'text'"


def test_slugify_suggests_an_id() -> None:
    assert slugify("Coercive Diplomacy") == "coercive-diplomacy"
    assert slugify("US/China  talks!") == "us-china-talks"
    assert slugify("!!!") == ""


def test_target_type_follows_fields_and_list_items() -> None:
    assert target_type(CodedDocument, ("recommendations", 3, "stance")) is Stance
    assert target_type(CodedDocument, ("recommendations", 0)) is Recommendation
    assert target_type(CodedDocument, ("document", "nothing")) is None


def test_validate_returns_the_instance_or_located_problems() -> None:
    good = read("id: a\nactors: [x]\noption: o\nstance: support\nkind: demand\nstrength: must\nquote: q\n", "r.yaml")
    instance, problems = validate(Recommendation, good)
    assert isinstance(instance, Recommendation)
    assert problems == []
    bad = read("id: a\nactors: x\noption: o\nstance: for\nkind: demand\nstrength: must\n", "r.yaml")
    instance, problems = validate(Recommendation, bad)
    assert instance is None
    assert [p.format() for p in problems] == [
        "r.yaml:2:9: 'actors' expected a list, got the text 'x': write it as a list, e.g. [x] or one '- item' per line [PC203 wrong-type]",
        "r.yaml:4:9: 'for' is not a valid stance; expected one of: support, oppose, conditional [PC204 invalid-choice]",
        "r.yaml:1:1: missing required field 'quote' in the file: add 'quote: …' [PC201 missing-field]",
    ]


# Arbitrary data shaped loosely like the files: the raw-data checks and the message rewriting never raise.
_KEYS = st.sampled_from(
    [
        "document",
        "coders",
        "recommendations",
        "waivers",
        "id",
        "seed",
        "voice",
        "holder",
        "actors",
        "option",
        "quote",
        "occurrence",
        "themes",
        "options",
        "holders",
        "members",
        "version",
        "stance",
        "kind",
        "catch_all",
        "poles",
        "strength",
        "date",
        "url",
        "x",
    ]
)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.dates(), st.sampled_from(["a", "open-talks", "Bad Id", ""])
)
_DATA = st.recursive(
    _SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=6)), max_leaves=30
)


@settings(max_examples=300, deadline=None)
@given(data=_DATA)
def test_checks_on_arbitrary_data_never_raise(data: object) -> None:
    doc = Located("f.yaml", data)
    ids = crossref.Ids.of(doc)
    for found in (crossref.check_codebook(doc), crossref.check_document(doc, ids, "f"), validate(CodedDocument, doc)[1]):
        assert all(isinstance(p, Problem) for p in found)
    validate(Codebook, doc)
    crossref.quotes(doc)
    crossref.seed_name(doc)
