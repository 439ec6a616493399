"""Size limits on corpus input, checked before the expensive work.

A corpus arrives by pull request, so any file may be hostile: a seed of 100 MB,
a YAML file of millions of nodes, a quote of 200,000 combining marks. Each limit
below is checked as early as possible (file sizes before a byte is read, scalar
lengths before a value is interpreted) and breaking it is a located problem with
its own code, never a hang or a traceback.

The defaults are far above what a coded document needs. A corpus that really
needs more raises a limit for one run: ``policycmp.load(root, limits=Limits(max_seed_bytes=...))``
in Python, or ``--max-seed-bytes N`` (each limit has an option, and an environment
variable ``POLICYCMP_MAX_SEED_BYTES`` …) on ``policycmp validate``, ``coverage``
and ``report``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MAX_NUMBER_CHARS = 40
"""Longest unquoted scalar read as a number (no field takes a longer one; the limit is fixed).

Converting a long binary, hexadecimal or sexagesimal number costs time that grows
faster than its length, and printing a huge integer fails in Python; such text
must be quoted."""


@dataclass(frozen=True)
class Limits:
    """The size limits of one load. Every field can be raised (or lowered) for a run."""

    max_file_bytes: int = 2_000_000
    """Largest YAML file (codebook or coded document), in bytes."""
    max_seed_bytes: int = 8_000_000
    """Largest seed text, in bytes (a 1,500-page book is about 4 MB)."""
    max_quote_chars: int = 5_000
    """Longest quote, in characters (about 800 words; skip material with '…')."""
    max_scalar_chars: int = 20_000
    """Longest single value (text or key) in a YAML file, in characters."""
    max_items: int = 100_000
    """Most YAML nodes (values, lists and mappings) in one file."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if type(value) is not int or value < 1:
                raise ValueError(f"limit {item.name} must be a whole number of at least 1, not {value!r}")


DEFAULT = Limits()
"""The limits used when none are given."""

OPTIONS: dict[str, str] = {
    "max_file_bytes": "Largest YAML file, in bytes.",
    "max_seed_bytes": "Largest seed text, in bytes.",
    "max_quote_chars": "Longest quote, in characters.",
    "max_scalar_chars": "Longest single YAML value, in characters.",
    "max_items": "Most YAML nodes (values, lists, mappings) in one file.",
}
"""Help text of the command-line option of each limit (``--max-seed-bytes`` …)."""


def size(count: int) -> str:
    """A byte count in words: '8,000,000 bytes (8.0 MB)'."""
    return f"{count:,} bytes ({count / 1_000_000:.1f} MB)" if count >= 100_000 else f"{count:,} bytes"


def option(name: str) -> str:
    """The command-line option that raises limit ``name`` ('max_seed_bytes' → '--max-seed-bytes')."""
    return "--" + name.replace("_", "-")


__all__ = ["DEFAULT", "MAX_NUMBER_CHARS", "OPTIONS", "Limits", "option", "size"]
