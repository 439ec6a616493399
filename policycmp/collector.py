"""Pausing Python's cyclic garbage collector around bulk work that makes no garbage cycles.

Loading a corpus, and deriving the tidy table and the analyses' counts from it, each allocate
hundreds of thousands of objects that stay alive and form hardly any reference cycle. The
collector, triggered by allocation counts, would walk every live object again and again meanwhile
for nothing: about a fifth of a load at 1,000 documents, and half of the table's build at 5,000,
growing faster than the corpus. A valid load leaves no cyclic garbage (``tests/test_load_lean.py``);
the few cycles an error path makes (exceptions and their tracebacks) are collected by the first
collection after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, then restore it as it was (nested use is safe)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
