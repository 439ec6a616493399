"""Where an export came from: the codebook version and the corpus checksum, stated once.

The **corpus checksum** is the SHA-256 of a manifest of the files the corpus was read from:
one line ``<sha256 of the file's bytes>  <path relative to the corpus root>`` for the codebook,
every coded document and every seed it names, sorted by path (POSIX separators, byte order),
each line ending in ``\\n``. It changes when any of those bytes change and on nothing else
(not the time, not the machine, not where the corpus lives), so two exports with the same
checksum came from the same data. From a shell at the corpus root it is::

    sha256sum recommendations/*.yaml seeds/<seed files> | LC_ALL=C sort -k2 | sha256sum
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policycmp.data import CorpusData

GENERATOR = "policycmp-export"
"""Token every export carries near its start or end; a file holding it may be replaced by a new export."""


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def corpus_files(corpus: CorpusData) -> list[tuple[str, Path]]:
    """The files the corpus was read from, as (path relative to the root, path), sorted by relative path."""
    files = {"recommendations/codebook.yaml": corpus.root / "recommendations" / "codebook.yaml"}
    for loaded in corpus.documents.values():
        files[_relative(loaded.path, corpus.root)] = loaded.path
        files[_relative(loaded.seed_path, corpus.root)] = loaded.seed_path
    return sorted(files.items())


def checksum_manifest(corpus: CorpusData) -> str:
    """The ``sha256sum``-style manifest the corpus checksum is taken over (see the module docstring)."""
    return "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}\n" for rel, path in corpus_files(corpus))


def corpus_checksum(corpus: CorpusData) -> str:
    """SHA-256 (hex) of :func:`checksum_manifest`: names the exact corpus an export came from."""
    return hashlib.sha256(checksum_manifest(corpus).encode("utf-8")).hexdigest()


def provenance(corpus: CorpusData, *, checksum: bool = True, **settings: str) -> dict[str, object]:
    """What every export states about its origin: generator, codebook version, checksum, filter, settings.

    ``checksum=False`` leaves out ``corpus_sha256`` without reading and hashing every file (the report's derived
    tables carry none, see :mod:`policycmp.report.downloads`).
    """
    from policycmp.version import __version__

    origin: dict[str, object] = {
        "generator": GENERATOR,
        "policycmp_version": __version__,
        "codebook_version": corpus.codebook.version,
        "corpus_sha256": corpus_checksum(corpus) if checksum else "",
        "filter": {key: _plain(value) for key, value in sorted(corpus.criteria.items())},
        **dict(sorted(settings.items())),
    }
    if not checksum:
        del origin["corpus_sha256"]
    return origin


def _plain(value: object) -> object:
    """A filter criterion as JSON-ready data (sets sorted, dates as ISO text)."""
    if isinstance(value, set | frozenset | list | tuple):
        return sorted(str(v) for v in value)
    return str(value)
