"""The collector pause (:mod:`policycmp.collector`): state restored, new objects aged at once, nothing lost or frozen.

Whatever the speed: after the outermost pause the objects made during it are in the oldest generation (no young
collection walks them again), the program's own frozen objects stay frozen, and a garbage cycle made during the pause
is still collected.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from policycmp.collector import collector_paused


class Node:
    """An object the collector tracks, able to join a cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector enabled (and nothing frozen) for the test, then restored."""
    was = gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable() if was else gc.disable()


def young() -> set[int]:
    """Ids of the objects in the two younger generations."""
    return {id(o) for generation in (0, 1) for o in gc.get_objects(generation=generation)}


def test_objects_made_in_a_pause_leave_the_young_generations(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
        made = [Node() for _ in range(500)]
        assert {id(n) for n in made} <= young()
    assert gc.isenabled()
    assert not {id(n) for n in made} & young()
    assert {id(n) for n in made} <= {id(o) for o in gc.get_objects(generation=2)}
    assert gc.get_freeze_count() == 0


def test_a_nested_pause_leaves_the_ageing_to_the_outer_one(collector_on: None) -> None:
    with collector_paused():
        with collector_paused():
            made = [Node() for _ in range(50)]
        assert not gc.isenabled()
        assert {id(n) for n in made} <= young()
    assert not {id(n) for n in made} & young()


def test_a_pause_with_the_collector_off_changes_nothing(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        made = [Node() for _ in range(50)]
    assert not gc.isenabled()
    assert {id(n) for n in made} <= young()


def test_objects_the_program_froze_stay_frozen(collector_on: None) -> None:
    kept = [Node() for _ in range(50)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    with collector_paused():
        made = [Node() for _ in range(50)]
    assert gc.get_freeze_count() == frozen
    assert {id(n) for n in made} <= young()
    assert kept


def test_a_cycle_made_in_a_pause_is_still_collected(collector_on: None) -> None:
    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
    assert gone() is not None  # a cycle waits for the collector
    gc.collect()
    assert gone() is None


def test_the_state_is_restored_after_an_error(collector_on: None) -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stop")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
