"""Reliability of the coding: how far independent coders agree, and which findings rest on disputed coding.

- :mod:`policycmp.reliability.stats`: percent agreement, Cohen's κ, Krippendorff's α (own
  implementation, coincidence matrix), bootstrap intervals.
- :mod:`policycmp.reliability.units`: the two views of units (matched coded spans; sentences).
- :mod:`policycmp.reliability.assess`: :func:`assess` → :class:`Reliability` (figures, confusion
  tables, disagreements, contested evidence).
- :mod:`policycmp.reliability.adjudicate`: a merge proposal for settling a main coding.
- :mod:`policycmp.reliability.text`: the terminal rendering of ``policycmp agreement``.

Extra codings are never read by any other analysis (:mod:`policycmp.codings`).
"""

from __future__ import annotations

from policycmp.reliability.assess import VIEWS, Disagreement, FieldResult, Reliability, assess, flag_cells, flag_pairs
from policycmp.reliability.units import FIELDS, MIN_OVERLAP, Unit

__all__ = ["FIELDS", "MIN_OVERLAP", "VIEWS", "Disagreement", "FieldResult", "Reliability", "Unit", "assess", "flag_cells", "flag_pairs"]
