"""``collector_paused(promote=True)`` hands what a bulk step made to the oldest generation, unwalked, and loses nothing.

The tidy table's build uses it (issue #17: the first collection after a load walked every loaded
object, 0.57 CPU s at 5,000 documents, inside the first table's build).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from policycmp.collector import collector_paused, promote_survivors


class Node:
    """A container the collector tracks, able to form a cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    """The collector on, with thresholds no test reaches: only the code under test moves objects between generations."""
    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    gc.set_threshold(10**6, 1000, 1000)
    yield
    gc.set_threshold(*thresholds)
    gc.enable() if was else gc.disable()


def test_objects_made_in_a_promoting_pause_land_in_the_oldest_generation() -> None:
    with collector_paused(promote=True):
        kept = Node()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert in_generation(kept, 2) and not in_generation(kept, 0) and not in_generation(kept, 1)


def test_a_plain_pause_leaves_them_young() -> None:
    with collector_paused():
        kept = Node()
    assert not in_generation(kept, 2)


def test_cycles_made_meanwhile_are_still_collected_by_a_full_collection() -> None:
    with collector_paused(promote=True):
        a, b = Node(), Node()
        a.other, b.other = b, a
        ids = {id(a), id(b)}
        del a, b
    assert gc.collect() >= 2
    assert not ids & {id(o) for o in gc.get_objects() if isinstance(o, Node)}


def test_nothing_is_promoted_inside_an_outer_pause_nor_after_an_error() -> None:
    with collector_paused():
        with collector_paused(promote=True):
            inner = Node()
        assert not gc.isenabled()
    assert not in_generation(inner, 2)
    with pytest.raises(ValueError), collector_paused(promote=True):
        failed = Node()
        raise ValueError
    assert gc.isenabled() and not in_generation(failed, 2)


def test_objects_someone_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        promote_survivors()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
