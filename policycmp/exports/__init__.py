"""Exports for analysis elsewhere: typed tables, networks, and REFI-QDA exchange.

``policycmp.exports.export(corpus, to=FORMAT, out=PATH)`` (and ``Corpus.export``, and the
``policycmp export`` command) writes one format:

============  =========  ==========================================================
format        output     holds
============  =========  ==========================================================
datapackage   directory  Frictionless Data Package: CSV per table + datapackage.json
parquet       directory  one Parquet file per table (needs the extra ``[parquet]``)
json          file       every table as JSON records, with fields and provenance
graphml       directory  holder-option, holder-agreement, holder-conflict networks
gexf          directory  the same three networks as GEXF 1.2
qdpx          file       REFI-QDA project: seeds, codebook, coded selections, cases
qdc           file       REFI-QDA codebook alone
============  =========  ==========================================================

Each export is deterministic and names the codebook version and the corpus checksum
(:func:`~policycmp.exports.provenance.corpus_checksum`). Writing is atomic and never replaces
something that is not an earlier export (:mod:`policycmp.exports.writing`). Modules depend
only on the corpus, its tidy table and the matrix/agreement functions, never on the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policycmp.exports.provenance import corpus_checksum, provenance
from policycmp.exports.tables import export_tables
from policycmp.exports.writing import write_directory, write_file
from policycmp.options import DUPLICATE_RULES, EXPORT_FORMATS, NORMALISATIONS, Duplicates, ExportFormat, Normalise, choose

if TYPE_CHECKING:
    from policycmp.data import CorpusData

FORMATS: tuple[ExportFormat, ...] = EXPORT_FORMATS
DIRECTORY_FORMATS: tuple[ExportFormat, ...] = ("datapackage", "parquet", "graphml", "gexf")

__all__ = ["DIRECTORY_FORMATS", "FORMATS", "ExportResult", "corpus_checksum", "export", "render"]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the path, the format, the files and their total size."""

    path: Path
    format: str
    files: int
    bytes: int
    corpus_sha256: str

    def describe(self) -> str:
        return (
            f"wrote {self.format} ({self.files} file{'s' if self.files != 1 else ''}, {self.bytes / 1024:.0f} KiB) to {self.path}; "
            f"corpus sha256 {self.corpus_sha256[:12]}…"
        )


def render(
    corpus: CorpusData, to: ExportFormat, *, normalise: Normalise = "jaccard", duplicates: Duplicates = "document"
) -> dict[str, bytes]:
    """The files of one export in memory, by relative path (one entry ``""`` for single-file formats)."""
    to = choose("to", to, FORMATS, "an export format")
    normalise = choose("normalise", normalise, NORMALISATIONS, "a normalisation")
    duplicates = choose("duplicates", duplicates, DUPLICATE_RULES, "a duplicate rule")
    origin = provenance(corpus, normalise=normalise, duplicates=duplicates)
    if to in ("graphml", "gexf"):
        from policycmp.exports import networks

        return networks.files(corpus, origin, to, normalise=normalise, duplicates=duplicates)
    if to in ("qdpx", "qdc"):
        from policycmp.exports import qdpx

        return {"": qdpx.qdpx_bytes(corpus, origin) if to == "qdpx" else qdpx.qdc_bytes(corpus, origin)}
    if to == "parquet":
        from policycmp.exports import parquet

        parquet._pyarrow()  # fail before any work when the extra is missing
        return parquet.files(export_tables(corpus, normalise=normalise, duplicates=duplicates), origin)
    tables = export_tables(corpus, normalise=normalise, duplicates=duplicates)
    if to == "json":
        from policycmp.exports import jsonrecords

        return {"": jsonrecords.document(tables, origin)}
    from policycmp.exports import datapackage

    return datapackage.files(tables, origin)


def export(
    corpus: CorpusData, to: ExportFormat, out: str | Path, *, normalise: Normalise = "jaccard", duplicates: Duplicates = "document"
) -> ExportResult:
    """Write ``corpus`` in format ``to`` at ``out`` (a directory or a file, see the module docstring)."""
    files = render(corpus, to, normalise=normalise, duplicates=duplicates)
    path = write_directory(files, out) if to in DIRECTORY_FORMATS else write_file(files[""], out)
    return ExportResult(path, to, len(files), sum(len(b) for b in files.values()), corpus_checksum(corpus))
