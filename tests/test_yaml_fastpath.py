"""The fast YAML path gives exactly what the located reader gives, or nothing (issue #17).

:func:`policycmp.yamlfast.read_fast` keeps no locations: it reads a file with libyaml's C composer
when a scan proves it plain data, and answers None for anything the located reader
(:func:`policycmp.yamlsafe.read`) would report or refuse. The invariant checked here on every
YAML file of the repository, a synthetic corpus, hand-written tricky texts, arbitrary data dumped
in every style and arbitrary text: **whenever the fast path answers, the located reader reads the
same data, of the same types, without any problem.**
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policycmp import synth, yamlfast, yamlsafe
from policycmp.errors import CorpusError
from policycmp.limits import Limits

REPO = Path(__file__).resolve().parents[1]


def typed(value: Any) -> Any:
    """The data with each scalar's type made explicit (``1 == True == 1.0`` in Python)."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def agrees(text: str, limits: Limits | None = None) -> bool:
    """True unless the fast path answers where the located reader reports a problem or reads other data."""
    chosen = Limits() if limits is None else limits
    fast = yamlfast.read_fast(text, chosen)
    if typed(yamlfast.read_fast(text, chosen, text.encode("utf-8"))) != typed(fast):  # libyaml given the bytes reads the same
        return False
    if fast is None:
        return True
    try:
        doc = yamlsafe.read(text, "f.yaml", keep_going=True, limits=chosen)
    except CorpusError:
        return False
    return not doc.problems and not doc.reported and typed(doc.data) == typed(fast)


def repo_yaml() -> list[Path]:
    found = [*REPO.glob("recommendations/**/*.yaml"), *REPO.glob("tests/**/*.yaml"), *REPO.glob("examples/**/*.yaml")]
    return sorted(p for p in found if ".policycmp_cache" not in p.parts)


@pytest.mark.parametrize("path", repo_yaml(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_repository_file_reads_the_same(path: Path) -> None:
    assert agrees(yamlsafe.decode(path.read_bytes(), path.name))


def test_the_shipped_and_synthetic_documents_take_the_fast_path(tmp_path: Path) -> None:
    """Otherwise the comparisons would compare nothing (and the loader would not be fast)."""
    synth.generate(20, tmp_path / "synth")
    paths = [*REPO.glob("recommendations/*.yaml"), *(tmp_path / "synth").glob("recommendations/*.yaml")]
    assert len(paths) > 20
    for path in sorted(paths):
        text = yamlsafe.decode(path.read_bytes(), path.name)
        assert yamlfast.read_fast(text) is not None, path.name
        assert agrees(text), path.name


TAKEN = [
    "a: 1\nb: yes\nc: 1.10\nd: 2023-01-05\ne: ~\nf: '1'\ng: |\n  text\nh: >\n  folded\n",
    "a: R & D\nb: 5 * 3\nc: 'a & b'\nd: \"*c\"\ne: wow!\n",
    "{a: 1, b: [x, {c: d}]}\n",
    "<<: {a: 1}\nb: 2\nc: <<\nd: =\n",
    "1: x\ntrue: y\nnull: z\n'q': w\n",
    "a:\n- 1\n - 2\n",  # a plain scalar continued on the next line: '1 - 2'
    "a: 2023-01-05 10:30:00\nb: 0x1F\nc: 1_000\nd: .inf\ne: 12:30:00\n",
]
"""Plain data the fast path must read itself (and read as the located reader does)."""

REFUSED = [
    "a: 1\na: 2\n",  # duplicate key
    "a:\n  b: 1\n  b: [1, 2]\nc: 3\n",
    "a: 1\n'a': 2\n",
    "a: &x 1\nb: *x\n",  # anchor, alias
    "- &a [1, 2]\n- *a\n",
    "a: !!str 1\n",  # tags
    "a: ! 1\n",
    "a: !!python/object:os.system x\n",
    "a: Tom &Jerry\n",  # not an anchor (inside a plain scalar), but the scan cannot tell
    "---\na: 1\n---\nb: 2\n",  # two documents
    "",
    "# only a comment\n",
    "~\n",
    "a: 2023-02-30\n",  # impossible date
    "a: " + "1" * 50 + "\n",  # long number
    "a: 0b" + "1" * 45 + "\n",
    "? [1, 2]\n: 3\n",  # complex key
    "a:\n\t- 1\n",  # tab
    "a: 'unclosed\n",
    "a: b: c\n",
    "a: [" * 40 + "]" * 40 + "\n",  # too deep
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)) + "  " * 40 + "v: 1\n",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n",
    "a: \x07\n",  # control character
    "[" * 100_000 + "]" * 100_000,  # would exhaust the C composer's stack: never composed
    "- " * 600 + "x\n",
    "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "x\n",
]
"""Texts the located reader reports (or that might hide what it reports): the fast path leaves them to it."""


@pytest.mark.parametrize("text", TAKEN)
def test_plain_data_is_read_on_the_fast_path(text: str) -> None:
    assert yamlfast.read_fast(text) is not None
    assert agrees(text)


@pytest.mark.parametrize("text", REFUSED, ids=range(len(REFUSED)))
def test_what_the_located_reader_reports_is_left_to_it(text: str) -> None:
    assert yamlfast.read_fast(text) is None


@pytest.mark.parametrize("text", TAKEN + REFUSED[:-3])
def test_limits_are_kept_on_the_fast_path(text: str) -> None:
    assert agrees(text, Limits(max_scalar_chars=10, max_items=12))


def test_a_file_over_the_node_or_value_limit_is_left_to_the_located_reader() -> None:
    text = "".join(f"k{i}: v\n" for i in range(10))
    assert yamlfast.read_fast(text, Limits(max_items=21)) is not None  # 21 nodes: the mapping, 10 keys, 10 values
    assert yamlfast.read_fast(text, Limits(max_items=20)) is None
    with pytest.raises(CorpusError):  # the same bound as the located reader's
        yamlsafe.read(text, "f.yaml", limits=Limits(max_items=20))
    assert yamlfast.read_fast("a: " + "x" * 30 + "\n", Limits(max_scalar_chars=29)) is None
    assert yamlfast.read_fast("a" * 30 + ": x\n", Limits(max_scalar_chars=29)) is None


SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["yes", "No", "on", "1.10", "0x1F", "1_000", "2023-01-05", "12:30:00", ".inf", "null", "~", "&a", "*a", "!x", "- x"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
KEYS = st.one_of(st.text(max_size=12), st.sampled_from(["yes", "1", "null", "<<", "a b", "&k", "!k"]))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(KEYS, DATA, min_size=1, max_size=5), flow=st.sampled_from([None, True, False]), width=st.sampled_from([20, 80]))
def test_arbitrary_data_in_any_style_reads_the_same(data: dict[str, Any], flow: bool | None, width: int) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, width=width, sort_keys=False)
    assert agrees(text)
    assert agrees(text, Limits(max_scalar_chars=8, max_items=10))


YAMLISH = st.lists(st.sampled_from([*"ab1: -\n\t'\"[]{},&*!?|>#~.%@`…\u00e9", "  ", "yes", "2023-01-05", "0x1F"]), max_size=40).map("".join)
"""Text made of YAML's indicators, spaces, newlines and values that YAML 1.1 reads as other types."""


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(YAMLISH, st.text(max_size=60)))
def test_arbitrary_text_reads_the_same(text: str) -> None:
    assert agrees(text)


def property_reference(text: str) -> bool:
    """The scan of :func:`policycmp.yamlfast._may_hold_property` as first written: one regular expression over the text."""
    for found in re.finditer("[&*!]", text):
        at = found.start()
        before = text[at - 1] if at else " "
        if not (before.isspace() or before in "[]{},:?-"):
            continue
        after = text[at + 1 : at + 2]
        if text[at] == "!" or not after or not (after.isspace() or after in "[]{},"):
            return True
    return False


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(YAMLISH, st.text(max_size=60), st.text(alphabet="&*! \n\t-:[]{},?ab", max_size=30)))
def test_the_property_scan_answers_as_the_regular_expression_did(text: str) -> None:
    assert yamlfast._may_hold_property(text) == property_reference(text)
