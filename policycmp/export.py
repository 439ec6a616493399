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


def csv_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The tidy table as written to CSV: spans as ``start-end`` joined by ``;``, dates as ISO text.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab, CR or ``'`` gets a leading ``'`` so that a
    spreadsheet shows it as text instead of running it as a formula.
    """
    from policycmp.exports.tables import neutralise

    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]) and column != "segments":
            out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v).astype(out[column].dtype)
    out["segments"] = out["segments"].map(lambda segs: ";".join(f"{s}-{e}" for s, e in segs))
    out["document_date"] = out["document_date"].dt.strftime("%Y-%m-%d")
    return out


def table_csv(table: pd.DataFrame) -> str:
    """The CSV text of the tidy table (UTF-8, ``\\n`` line endings, header row)."""
    return str(csv_frame(table).to_csv(index=False, lineterminator="\n"))


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
