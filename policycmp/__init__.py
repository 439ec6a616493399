"""policycmp: compare policy recommendations across authors, with the evidence."""

from __future__ import annotations

__version__ = "0.1.0"

from policycmp.errors import CorpusError, PolicycmpError, Problem
from policycmp.loader import load

__all__ = ["CorpusError", "PolicycmpError", "Problem", "__version__", "load"]
