"""Safe YAML reading: values, locations, refusals, and no exception but CorpusError on any input."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policycmp.errors import CorpusError
from policycmp.yamlsafe import MAX_DEPTH, Located, Unreadable, decode, read, read_bytes

BOTH = pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure"])


def problems(text: str, *, pure: bool = False) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        read(text, "f.yaml", pure=pure)
    return [p.format() for p in caught.value.problems]


@BOTH
def test_plain_scalars_follow_yaml_1_1_and_quoted_ones_stay_text(pure: bool) -> None:
    text = "a: yes\nb: 'yes'\nc: 1.10\nd: \"1.10\"\ne: 2023-01-05\nf:\ng: ~\nh: |\n  no\ni: 0x1F\nj: off\nk: plain text\n"
    data = read(text, "f.yaml", pure=pure).data
    assert data == {
        "a": True,
        "b": "yes",
        "c": 1.1,
        "d": "1.10",
        "e": dt.date(2023, 1, 5),
        "f": None,
        "g": None,
        "h": "no\n",
        "i": 31,
        "j": False,
        "k": "plain text",
    }


def test_raw_text_is_kept_for_scalars_that_are_not_text() -> None:
    doc = read("a: yes\nb: 1.10\nc: text\n", "f.yaml")
    assert doc.raw == {("a",): "yes", ("b",): "1.10"}


@BOTH
def test_locations_of_keys_values_and_list_items(pure: bool) -> None:
    text = "top:\n  - id: one\n    list: [x, y]\n  - id: two\nlast: 1\n"
    doc = read(text, "f.yaml", pure=pure)
    assert doc.values[()] == (1, 1)
    assert doc.keys[("top",)] == (1, 1)
    assert doc.values[("top", 0)] == (2, 5)
    assert doc.values[("top", 0, "id")] == (2, 9)
    assert doc.keys[("top", 0, "list")] == (3, 5)
    assert doc.values[("top", 0, "list", 1)] == (3, 15)
    assert doc.values[("top", 1, "id")] == (4, 9)
    assert doc.values[("last",)] == (5, 7)


@BOTH
def test_crlf_line_endings_and_a_bom_change_neither_values_nor_places(pure: bool) -> None:
    text = "top:\n  - id: one\n    quote: |\n      two\n      lines\nlast: 2023-01-05\n"
    plain = read(text, "f.yaml", pure=pure)
    windows = read_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), "f.yaml", pure=pure)
    assert windows.data == plain.data == {"top": [{"id": "one", "quote": "two\nlines\n"}], "last": dt.date(2023, 1, 5)}
    assert windows.values == plain.values and windows.keys == plain.keys
    assert problems("a: 1\r\nb: [\r\n", pure=pure)[0].startswith("f.yaml:3:1: invalid YAML")


def test_locate_falls_back_to_the_nearest_existing_ancestor() -> None:
    doc = read("top:\n  - id: one\n", "f.yaml")
    assert doc.locate(("top", 0, "missing")) == (2, 5)
    assert doc.locate(("top", 0, "id"), key=True) == (2, 5)
    assert doc.locate(("nothing", 3)) == (1, 1)
    assert Located("x", None).locate(("a",)) == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    doc = read("ééé: 'ü'\n", "f.yaml")
    assert doc.values[("ééé",)] == (1, 6)


@BOTH
def test_every_duplicate_key_is_reported_with_both_lines(pure: bool) -> None:
    assert problems("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", pure=pure) == [
        "f.yaml:4:3: duplicate key 'c': already given on line 3, again on line 4; keep one of them [PC102 duplicate-key]",
        "f.yaml:5:1: duplicate key 'a': already given on line 1, again on line 5; keep one of them [PC102 duplicate-key]",
    ]


@BOTH
def test_deep_nesting_is_refused_at_once_without_crashing(pure: bool) -> None:
    start = time.perf_counter()
    assert problems("[" * 100_000, pure=pure) == [
        f"f.yaml:1:{MAX_DEPTH + 1}: the YAML nests more than {MAX_DEPTH} levels deep here; coded documents need only a few [PC105 too-deep]"
    ]
    assert time.perf_counter() - start < 60  # a hang guard, not a benchmark: this takes milliseconds


def test_nesting_up_to_the_bound_is_accepted() -> None:
    data = read("[" * MAX_DEPTH + "]" * MAX_DEPTH, "f.yaml").data
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []
    deeper = MAX_DEPTH + 1
    assert problems("[" * deeper + "]" * deeper) == [
        f"f.yaml:1:{deeper}: the YAML nests more than {MAX_DEPTH} levels deep here; coded documents need only a few [PC105 too-deep]"
    ]


@BOTH
def test_an_alias_bomb_is_refused_instantly(pure: bool) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    start = time.perf_counter()
    found = problems("\n".join(lines) + "\n", pure=pure)
    assert time.perf_counter() - start < 60  # a hang guard: expanding the aliases would take minutes
    assert found == [
        "f.yaml:1:4: anchor '&a' is not allowed: anchors and aliases can hide or multiply data; "
        "write each value out in full [PC103 yaml-alias]"
    ]


def test_a_bare_alias_is_refused() -> None:
    assert problems("a: *x\n") == [
        "f.yaml:1:4: alias '*x' is not allowed: anchors and aliases can hide or multiply data; "
        "write the value out in full [PC103 yaml-alias]"
    ]


@pytest.mark.parametrize("tag", ["!!str", "!!python/object/apply:os.system", "!custom", "!!map", "!"])
def test_explicit_tags_are_refused(tag: str) -> None:
    found = problems(f"a: {tag} {{}}\n" if tag in ("!!map", "!") else f"a: {tag} x\n")
    assert len(found) == 1
    assert found[0].startswith(f"f.yaml:1:4: explicit tag '{tag if tag != '!!python/object/apply:os.system' else tag[:29] + '…'}' ")
    assert found[0].endswith(
        "is not allowed: tags can build arbitrary objects; remove it (put the value in quotes if it is text) [PC104 yaml-tag]"
    )


@BOTH
def test_invalid_dates_and_numbers_are_located(pure: bool) -> None:
    assert problems("x: 1\ndate: 2023-02-30\n", pure=pure) == [
        "f.yaml:2:7: '2023-02-30' is not a valid date: write a real calendar date as YYYY-MM-DD, "
        "or null when the text gives none (quotes make no difference in 'date:'; in a text field, put a date-like text in quotes) "
        "[PC106 invalid-date]"
    ]
    assert problems("n: " + "9" * 5000, pure=pure) == [
        "f.yaml:1:4: '999999999999999999999999999999999999999…' is not a valid number: it has 5,000 characters and no field "
        "takes a number longer than 40; put it in quotes if it is text [PC203 wrong-type]"
    ]


@BOTH
def test_keep_going_returns_the_data_with_the_problems_that_leave_it_usable(pure: bool) -> None:
    doc = read("a: 1\na: 2\nd: 2023-02-30\nn: " + "9" * 5000 + "\nok: yes\n", "f.yaml", pure=pure, keep_going=True)
    assert doc.data == {"a": 1, "d": Unreadable("2023-02-30"), "n": Unreadable("9" * 5000), "ok": True}
    assert doc.reported == {("d",), ("n",)}
    assert [p.slug for p in doc.problems] == ["duplicate-key", "invalid-date", "wrong-type"]
    assert read("a: 1\n", "f.yaml", keep_going=True).problems == []
    assert problems("a: 1\na: 2\nb: [\n", pure=pure)[0].startswith("f.yaml:2:1: duplicate key 'a'")  # a later fatal problem still raises
    with pytest.raises(CorpusError):
        read("a: 1\na: 2\nb: [\n", "f.yaml", pure=pure, keep_going=True)


@BOTH
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [\n", "f.yaml:2:1: invalid YAML: "),
        ("a: 'x\n", "f.yaml:2:1: invalid YAML: the file ends inside a quoted text or a bracket: close it [PC101 yaml-syntax]"),
        ("a:\n\t- b\n", "f.yaml:2:1: invalid YAML: a tab character: YAML indentation must use spaces, not tabs [PC101 yaml-syntax]"),
        (
            "k: v: w\n",
            "f.yaml:1:5: invalid YAML: a ':' where YAML does not expect one: check the indentation, or quote a text that contains",
        ),
        ("x: \x01\n", "f.yaml:1:4: invalid YAML: character U+0001 (a control character) is not allowed: remove it [PC101 yaml-syntax]"),
        (
            "é: ü\nb: \x07\n",
            "f.yaml:2:4: invalid YAML: character U+0007 (a control character) is not allowed: remove it [PC101 yaml-syntax]",
        ),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: a second YAML document starts here ('---'); a file holds exactly one document"),
        ("", "f.yaml:1:1: the file holds no data: write the expected mapping [PC108 empty-file]"),
        ("# only a comment\n", "f.yaml:1:1: the file holds no data: write the expected mapping [PC108 empty-file]"),
        ("? [a]\n: b\n", "f.yaml:1:3: a mapping key must be plain text, not a list or mapping [PC111 complex-key]"),
    ],
)
def test_syntax_problems_are_located(text: str, expected: str, pure: bool) -> None:
    found = problems(text, pure=pure)
    assert len(found) == 1
    assert found[0].startswith(expected)


def test_decoding_reports_the_place_of_a_bad_byte_and_drops_a_bom() -> None:
    with pytest.raises(CorpusError) as caught:
        read_bytes("a: 1\nbé: \xff\n".encode("latin-1"), "f.yaml")
    assert [p.format() for p in caught.value.problems] == [
        "f.yaml:2:2: byte 0xe9 is not valid UTF-8: save the file as UTF-8 [PC107 not-utf8]"
    ]
    assert decode("\ufeffa: 1".encode(), "f.yaml") == "a: 1"
    assert read_bytes("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


YAMLISH = st.lists(
    st.sampled_from(
        [
            "- ",
            ": ",
            "\n",
            "  ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a ",
            "*a",
            "!!str ",
            "!t ",
            "'",
            '"',
            "#",
            "yes",
            "no",
            "2023-02-30",
            "1.10",
            "key",
            "id",
            "\t",
            "---",
            "? ",
            "|",
            ">",
            "é",
            "\\",
            "%YAML 1.1\n",
            "\x00",
            "0x",
            "~",
            "<<",
            "=",
            "9" * 30,
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), YAMLISH), st.booleans())
def test_reading_raises_nothing_but_corpus_error(text: str, pure: bool) -> None:
    try:
        doc = read(text, "f.yaml", pure=pure)
    except CorpusError as exc:
        assert exc.problems
        for item in exc.problems:
            assert item.line >= 1
            assert item.column >= 1
            assert item.path == "f.yaml"
    else:
        assert doc.data is not None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_reading_bytes_raises_nothing_but_corpus_error(data: bytes) -> None:
    try:
        read_bytes(data, "f.yaml")
    except CorpusError as exc:
        assert exc.problems
