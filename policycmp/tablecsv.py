"""The tidy table as CSV text, shared by ``policycmp export`` and the report's downloads.

Kept apart from :mod:`policycmp.export` (which writes files through the report's safe writer) so the
report can ship the same CSV without an import circle.
"""

from __future__ import annotations

import pandas as pd


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
