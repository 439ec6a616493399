"""Pausing Python's cyclic garbage collector around bulk work that makes no garbage cycles.

Loading a corpus, and deriving the tidy table and the analyses' counts from it, each allocate
hundreds of thousands of objects that stay alive and form hardly any reference cycle. The
collector, triggered by allocation counts, would walk every live object again and again meanwhile
for nothing: about a fifth of a load at 1,000 documents, and half of the table's build at 5,000,
growing faster than the corpus. A valid load leaves no cyclic garbage (``tests/test_load_lean.py``);
the few cycles an error path makes (exceptions and their tracebacks) are collected by a later
collection.

When the pause ends, the objects made meanwhile are handed to the oldest generation at once
(:func:`_age_young`). Left in the youngest, the first collection after the pause would walk every
one of them (0.7 s of CPU after a load of 5,000 documents, ≈ 5 % of it), and the next one of the
middle generation all of them again, only to find them alive; in the oldest generation they are
walked by the next full collection only, as they would be anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, then restore it as it was (nested use is safe).

    The outermost pause (the one that found the collector enabled) ends by moving the objects of the younger
    generations into the oldest (:func:`_age_young`), so that no young collection walks the new objects.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _age_young()
            gc.enable()


def _age_young() -> None:
    """Move every object the collector tracks in its younger generations into the oldest, without walking them.

    ``gc.freeze`` moves all tracked objects into the permanent generation and ``gc.unfreeze`` moves them back into the
    oldest one; both splice lists, whatever their length. Nothing is lost: a garbage cycle among the moved objects is
    collected by the next full collection. Skipped when the program has frozen objects of its own (``gc.freeze``), which
    ``gc.unfreeze`` would release.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
