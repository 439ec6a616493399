"""The fast YAML path (libyaml's C composer) reads every file exactly as the event path does.

:func:`policycmp.yamlsafe.read` composes a file with libyaml's C composer when a scan proves it
safe, and otherwise reads it event by event. Both must give the same data, the same locations,
the same problems: this compares them on every YAML file of the repository, on hand-written
tricky texts, and on arbitrary data dumped in every style.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policycmp import yamlsafe
from policycmp.errors import CorpusError
from policycmp.limits import Limits

REPO = Path(__file__).resolve().parents[1]


def outcome(text: str, *, fast: bool, keep_going: bool = True, limits: Limits | None = None) -> tuple[Any, ...]:
    """What :func:`yamlsafe.read` gives, with the fast path allowed or not."""
    original = yamlsafe._composed
    try:
        if not fast:
            yamlsafe._composed = lambda *args: None  # type: ignore[assignment]
        extra = {} if limits is None else {"limits": limits}
        doc = yamlsafe.read(text, "f.yaml", keep_going=keep_going, **extra)
    except CorpusError as exc:
        return ("problems", [p.format() for p in exc.problems])
    finally:
        yamlsafe._composed = original  # type: ignore[method-assign]
    return ("ok", _typed(doc.data), doc.values, doc.keys, doc.raw, [p.format() for p in doc.problems], doc.reported)


def _typed(value: Any) -> Any:
    """The data with each scalar's type made explicit (``1 == True == 1.0`` in Python)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def same(text: str, **kwargs: Any) -> bool:
    return outcome(text, fast=True, **kwargs) == outcome(text, fast=False, **kwargs)


def repo_yaml() -> list[Path]:
    found = [*REPO.glob("recommendations/**/*.yaml"), *REPO.glob("tests/**/*.yaml")]
    return sorted(p for p in found if ".policycmp_cache" not in p.parts)


@pytest.mark.parametrize("path", repo_yaml(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_repository_file_reads_the_same(path: Path) -> None:
    text = yamlsafe.decode(path.read_bytes(), path.name)
    assert same(text)


def test_the_shipped_documents_take_the_fast_path() -> None:
    """Otherwise the comparisons above would compare the event path with itself."""
    for path in sorted(REPO.glob("recommendations/*.yaml")):
        text = yamlsafe.decode(path.read_bytes(), path.name)
        assert yamlsafe._composed(text, path.name, Limits()) is not None, path.name


TRICKY = [
    "a: 1\nb: yes\nc: 1.10\nd: 2023-01-05\ne: ~\nf: '1'\ng: |\n  text\nh: >\n  folded\n",
    "a: 1\na: 2\n",  # duplicate key
    "a:\n  b: 1\n  b: [1, 2]\nc: 3\n",
    "a: &x 1\nb: *x\n",  # anchor, alias
    "a: !!str 1\n",  # tag
    "a: ! 1\n",
    "a: !!python/object:os.system x\n",
    "- &a [1, 2]\n- *a\n",
    "a: R & D\nb: 5 * 3\nc: 'a &b'\nd: \"*c\"\n",
    "a: Tom &Jerry\n",  # not an anchor (inside a plain scalar), but the scan cannot tell: event path
    "---\na: 1\n---\nb: 2\n",  # two documents
    "",
    "# only a comment\n",
    "~\n",
    "a: 2023-02-30\n",  # impossible date
    "a: " + "1" * 50 + "\n",  # long number
    "a: 0b" + "1" * 45 + "\n",
    "a: " + "x" * 30 + "\n",
    "? [1, 2]\n: 3\n",  # complex key
    "{a: 1, b: [x, {c: d}]}\n",
    "a:\n\t- 1\n",  # tab
    "a: 'unclosed\n",
    "a: b: c\n",
    "a:\n- 1\n - 2\n",
    "a: [" * 40 + "]" * 40 + "\n",  # too deep
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)) + "  " * 40 + "v: 1\n",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n",
    "a: \x07\n",  # control character
    "<<: {a: 1}\nb: 2\n",
    "a: 1\n'a': 2\n",
    "1: x\ntrue: y\nnull: z\n",
    "a: [1, 2, 3]\nb: {x: 1}\n" * 1,
    "key: value\n" + "".join(f"k{i}: v\n" for i in range(30)),
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("keep_going", [True, False])
def test_tricky_texts_read_the_same(text: str, keep_going: bool) -> None:
    assert same(text, keep_going=keep_going)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_read_the_same_under_tight_limits(text: str) -> None:
    assert same(text, limits=Limits(max_scalar_chars=10, max_items=12))


def test_deep_nesting_is_not_composed_in_c() -> None:
    """Nesting that could exhaust the C stack never reaches the C composer; the event path refuses it."""
    text = "[" * 100_000 + "]" * 100_000
    assert yamlsafe._composed(text, "f.yaml", Limits()) is None
    for block in ("- " * 600 + "x\n", "a:\n" + "- " * 600 + "x\n", "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "x\n"):
        assert yamlsafe._composed(block, "f.yaml", Limits()) is None
    with pytest.raises(CorpusError) as caught:
        yamlsafe.read(text, "f.yaml")
    assert caught.value.problems[0].slug == "too-deep"


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
    assert same(text)
