"""The corpus data record: codebook, documents, and the cached tidy table every analysis reads.

:class:`CorpusData` is what the loader returns and what analyses, exports and the report take.
It imports no analysis; :class:`policycmp.corpus.Corpus` (the API users know) adds the methods
on top of it. pandas is imported when the table is first asked for, so loading and validating a
corpus (``policycmp validate``, a pre-commit hook) never pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policycmp.records import CorpusRecord

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class CorpusData(CorpusRecord):
    """A validated corpus: the records, the filter criteria it was made with, and its tidy table (built once)."""

    _table: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)
    _criteria: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        recs = sum(len(d.recommendations) for d in self.documents.values())
        filtered = f", filtered by {self._criteria!r}" if self._criteria else ""
        return (
            f"{type(self).__name__}(root={str(self.root)!r}, codebook={self.codebook.version!r}, documents={len(self.documents)}, "
            f"recommendations={recs}{filtered})"
        )

    def tidy(self) -> pd.DataFrame:
        """The cached tidy table (shared, do not modify it; :attr:`table` gives a copy)."""
        if self._table is None:
            from policycmp.table import share, tidy

            self._table = share(tidy(self))  # never modified, so analyses may keep what they derive from it
        return self._table

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table, one row per coded recommendation (a copy, safe to modify)."""
        return self.tidy().copy()

    @property
    def criteria(self) -> dict[str, Any]:
        """The filter criteria this corpus was made with (empty for a loaded corpus)."""
        return dict(self._criteria)
