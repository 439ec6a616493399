"""Pausing Python's cyclic garbage collector around bulk work that makes no garbage cycles.

Loading a corpus, and deriving the tidy table and the analyses' counts from it, each allocate
hundreds of thousands of objects that stay alive and form hardly any reference cycle. The
collector, triggered by allocation counts, would walk every live object again and again meanwhile
for nothing: about a fifth of a load at 1,000 documents, and half of the table's build at 5,000,
growing faster than the corpus. A valid load leaves no cyclic garbage (``tests/test_load_lean.py``);
the few cycles an error path makes (exceptions and their tracebacks) are collected by the first
collection after the pause.

A pause only defers the walk: the objects made meanwhile wait in the young generations, and the
first collection after it walks them all (0.57 CPU s after a load of 5,000 documents, paid by
whatever runs next: the first tidy table). ``promote=True`` instead hands them to the oldest
generation as they are, as a young collection that finds no cycle would, without walking them
(:func:`promote_survivors`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, then restore it as it was (nested use is safe).

    ``promote``: when the block ends without an error and the collector was running before it, move
    every object the collector tracks to its oldest generation (:func:`promote_survivors`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if promote and enabled:
            promote_survivors()
    finally:
        if enabled:
            gc.enable()


def promote_survivors() -> None:
    """Move every object the collector tracks to its oldest generation without walking them (unless someone froze objects).

    ``gc.freeze()`` moves all tracked objects to the permanent generation and ``gc.unfreeze()``
    moves them to the oldest one: two list splices, whatever the number of objects. Young
    collections then no longer walk what a bulk step made and keeps; cyclic garbage among the
    objects moved (none from a valid load or a table's build) waits for the next full collection.
    Skipped when objects are already frozen (a pre-fork server's), as ``unfreeze`` would release them.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
