"""Shared visual vocabulary of the report: stance symbols, words and colours.

A stance is always shown by colour *and* symbol, so the report reads in grey-scale
print and for colour-blind readers.
"""

from __future__ import annotations

from policycmp.display import EXPECTED_MARK, SYMBOLS

STANCE_SYMBOLS: dict[str, str] = {**{state: mark for state, mark in SYMBOLS.items() if mark}, "expected": EXPECTED_MARK}
"""✓ support, ✗ oppose, ~ conditional, ± mixed, • expected: the same marks as the notebook display."""

STANCE_WORDS: dict[str, str] = {
    "support": "support",
    "oppose": "oppose",
    "conditional": "conditional",
    "mixed": "mixed",
    "expected": "after a symbol: only forecasts (no demand, recommendation or commitment)",
    "none": "no recommendation",
}

STANCE_ORDER: tuple[str, ...] = ("support", "oppose", "conditional")
"""Order of the stance columns on option pages."""

AGREE_COLOUR = "#1a7f37"
CONFLICT_COLOUR = "#b42318"
NODE_COLOUR = "#24527a"
