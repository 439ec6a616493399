"""policycmp: compare policy recommendations across authors, with the evidence.

Layers, bottom to top. A module imports only from its own layer or the layers below it (never
back up), and no import circle exists; ``tests/test_architecture.py`` checks both from the
code's imports, including imports inside functions::

    7  command line   cli, cli_contrib (contributor commands, registered by cli), cli_output (shared --format/--out), __main__
    6  API facade     corpus (Corpus = data record + every analysis as a method), policycmp (this face),
                      prdiff (what a pull request changes in the findings)
    5  outputs        report/ (static site), exports/, export and tablecsv (files), dna/ (DNA import and networks),
                      generated (every generated file: schemas, docs/errors.md, reports/), synth (synthetic corpora)
    4  analysis       filters, display, matrices, agreement, positions, coalitions, sidebyside, findings,
                      reliability/ (coders compared)
    3  data           records (documents, anchored spans), table (the tidy table), data (CorpusData:
                      record + table cache), codings (extra codings' layout), loader (YAML + seeds → CorpusData), coverage,
                      newdoc (place a new seed), codebook_edit (rename or merge codebook ids in every file),
                      cache (validation verdicts of unchanged files), coverage_cache (audits of unchanged documents)
    2  reading        yamlsafe, yamlfast, messages, crossref, lookalikes, anchor, sentences, schema, roots, layout (where files live)
    1  foundation     version, errors, limits, terminal, atomic (every file replaced in one rename),
                      collector (garbage collector paused for bulk work), normalise, cues,
                      vocabulary, options, markup, models

Data flows up: the loader builds a :class:`~policycmp.data.CorpusData`, the tidy table is derived
from it once, analyses take the data record or the tidy table, outputs render what analyses
computed, and :class:`~policycmp.corpus.Corpus` puts it all behind one object. The names below are
imported on first use, so ``policycmp --version`` loads neither pandas nor the analyses (nor even the error
catalogue: the console script, :mod:`policycmp.entry`, answers it before importing the command line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycmp.version import __version__

if TYPE_CHECKING:
    from policycmp.corpus import Corpus, load
    from policycmp.errors import CorpusError, PolicycmpError, Problem
    from policycmp.table import tidy

__all__ = ["Corpus", "CorpusError", "PolicycmpError", "Problem", "__version__", "load", "tidy"]

_LAZY = {
    "Corpus": "policycmp.corpus",
    "load": "policycmp.corpus",
    "tidy": "policycmp.table",
    "CorpusError": "policycmp.errors",
    "PolicycmpError": "policycmp.errors",
    "Problem": "policycmp.errors",
}


def __getattr__(name: str) -> Any:
    """Import the API (and with it pandas) on first use of ``policycmp.Corpus``, ``load`` or ``tidy``."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'policycmp' has no attribute {name!r}")
