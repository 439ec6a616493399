"""The report's view of the vocabulary (:mod:`policycmp.vocabulary`) and its network colours.

A stance is always shown by colour *and* symbol, so the report reads in grey-scale
print and for colour-blind readers.
"""

from __future__ import annotations

from policycmp.vocabulary import CELL, EXPECTED_MARK, EXPECTED_WORD, RELATION, STANCE

STANCE_SYMBOLS: dict[str, str] = {**{t.value: t.symbol for t in CELL if t.symbol}, "expected": EXPECTED_MARK}
"""✓ support, ✗ oppose, ~ conditional, ± mixed, • expected: the same marks as the notebook display."""

STANCE_WORDS: dict[str, str] = {**{t.value: t.word for t in CELL}, "expected": EXPECTED_WORD}

STANCE_ORDER: tuple[str, ...] = STANCE.values
"""Order of the stance columns on option pages."""

AGREE_COLOUR = RELATION["agree"].ink
"""Agreement edges and cells: a neutral grey (solid lines), never a stance colour."""
CONFLICT_COLOUR = RELATION["conflict"].ink
"""Conflict edges: a darker neutral (dashed lines)."""
SUPPORT_INK = STANCE["support"].ink
OPPOSE_INK = STANCE["oppose"].ink
NODE_COLOUR = "#24527a"
