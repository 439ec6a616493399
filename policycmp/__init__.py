"""policycmp: compare policy recommendations across authors, with the evidence."""

from __future__ import annotations

__version__ = "0.1.0"
