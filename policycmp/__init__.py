"""policycmp: compare policy recommendations across authors, with the evidence."""

from __future__ import annotations

__version__ = "0.1.0"

from policycmp.corpus import Corpus
from policycmp.errors import CorpusError, PolicycmpError, Problem
from policycmp.loader import load
from policycmp.table import tidy

__all__ = ["Corpus", "CorpusError", "PolicycmpError", "Problem", "__version__", "load", "tidy"]
