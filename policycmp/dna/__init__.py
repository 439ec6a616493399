"""Bring Discourse Network Analyzer (DNA) users over: import ``.dna`` databases, reproduce DNA's networks.

* :func:`import_dna` (``policycmp import-dna``) writes a corpus root from a DNA database
  (:mod:`policycmp.dna.reader` reads it, :mod:`policycmp.dna.importer` writes it);
* :func:`network` computes the matrix rDNA's ``dna_network(...)`` returns for the same settings
  (:mod:`policycmp.dna.networks` holds DNA's definitions).

The package depends only on the corpus and its tidy table, never on the report. The mapping
from DNA to policycmp, and what is not carried over, is in ``docs/dna.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from policycmp.dna.importer import ImportSummary, import_dna
from policycmp.dna.networks import Duplicates, NetworkType, Normalization, QualifierAggregation, network_from_table
from policycmp.dna.reader import DnaError

if TYPE_CHECKING:
    from policycmp.data import CorpusData

__all__ = ["DnaError", "ImportSummary", "import_dna", "network", "network_from_table"]


def network(
    corpus: CorpusData,
    network_type: NetworkType = "twomode",
    qualifier_aggregation: QualifierAggregation = "ignore",
    normalization: Normalization = "no",
    duplicates: Duplicates = "include",
) -> pd.DataFrame:
    """The DNA network of ``corpus``: equal to rDNA's ``dna_network(networkType=…, qualifierAggregation=…,
    normalization=…, duplicates=…)`` with its defaults otherwise (organization × concept, agreement qualifier).

    Rows (and, one-mode, columns) are holder labels, two-mode columns option labels, sorted as DNA
    sorts them. Integer counts without normalisation, floats with it. DNA's "cosine" divides by the
    product of the two holders' statement counts, not by the usual vector norms; see
    :mod:`policycmp.dna.networks` for every definition. Stances must be support or oppose.
    """
    return network_from_table(corpus.table, network_type, qualifier_aggregation, normalization, duplicates)
