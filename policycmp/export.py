"""Exports: the tidy table as CSV and the agreement network as GraphML (for Gephi).

The typed exports (Data Package, Parquet, JSON, GEXF, REFI-QDA) live in :mod:`policycmp.exports`.
Text cells of the CSV are formula-neutralised like theirs (:func:`policycmp.exports.tables.neutralise`);
both files are written atomically. Both are deterministic: rows and nodes in table order, no timestamps, ``\\n`` line endings and
``repr``-stable floats, so the same corpus gives the same bytes and reviewers can diff them.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from policycmp.agreement import agreement_graph as agreement_graph
from policycmp.options import Duplicates, GroupKey, Normalise
from policycmp.tablecsv import csv_frame as csv_frame
from policycmp.tablecsv import table_csv as table_csv


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`table_csv` to ``path`` and return the path."""
    from policycmp.report.build import write_single_file

    return write_single_file(table_csv(table).encode("utf-8"), path, replaceable=_any_file)


def graphml_text(graph: nx.Graph) -> str:
    """GraphML text of ``graph`` (readable by Gephi and ``networkx.read_graphml``)."""
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def write_graphml(
    table: pd.DataFrame, path: str | Path, *, normalise: Normalise = "jaccard", by: GroupKey = "holder", duplicates: Duplicates = "document"
) -> Path:
    """Write the agreement network of ``table`` (see :func:`policycmp.agreement.agreement_graph`) as GraphML."""
    from policycmp.report.build import write_single_file

    graph = agreement_graph(table, normalise=normalise, by=by, duplicates=duplicates)
    return write_single_file(graphml_text(graph).encode("utf-8"), path, replaceable=_any_file)


def _any_file(_path: Path) -> bool:
    """``to_csv``/``to_graphml`` replace the file the caller names, as pandas' writers do."""
    return True
