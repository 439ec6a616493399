"""The closed choices of the public API, as ``Literal`` types, and the one run-time check of a choice.

Every option that takes one of a few words (``duplicates=``, ``normalise=``, ``by=``, ``value=``,
``method=``, ``measure=``, an export format) is typed here once, so mypy rejects a misspelt
choice in code, and :func:`choose` rejects it at run time (from a notebook or the command line)
with a message that names the option and lists its choices. The tuples are derived from the
``Literal`` types, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

from policycmp.errors import UsageError

Duplicates = Literal["document", "corpus", "all"]
"""How restated recommendations count: once per document, once in the corpus, or every time."""

Normalise = Literal["raw", "average", "jaccard", "cosine"]
"""How agreement counts are normalised (see :mod:`policycmp.agreement`)."""

Measure = Literal["agreement", "conflict", "net"]
"""What an agreement matrix counts."""

MatrixValue = Literal["stance", "numeric", "count", "net"]
"""What each cell of a matrix holds (see :func:`policycmp.matrices.matrix`)."""

Method = Literal["louvain", "greedy"]
"""The community method of :func:`policycmp.coalitions.coalitions`."""

GroupKey = Literal[
    "holder",
    "holder_type",
    "holder_affiliation",
    "document",
    "document_kind",
    "author",
    "actor",
    "theme",
    "option",
    "stance",
    "kind",
    "strength",
]
"""What the rows or columns of a matrix (or the ``by`` of an analysis) group recommendations by."""

ExportFormat = Literal["datapackage", "parquet", "json", "graphml", "gexf", "qdpx", "qdc"]
"""The formats of ``policycmp export --to`` and :func:`policycmp.exports.export`."""

DUPLICATE_RULES: tuple[Duplicates, ...] = get_args(Duplicates)
NORMALISATIONS: tuple[Normalise, ...] = get_args(Normalise)
MEASURES: tuple[Measure, ...] = get_args(Measure)
MATRIX_VALUES: tuple[MatrixValue, ...] = get_args(MatrixValue)
METHODS: tuple[Method, ...] = get_args(Method)
GROUP_KEYS: tuple[GroupKey, ...] = get_args(GroupKey)
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

C = TypeVar("C", bound=str)


def choose(name: str, value: object, choices: tuple[C, ...], what: str) -> C:
    """``value`` as one of ``choices``, or a :class:`~policycmp.errors.UsageError` that lists them.

    ``name`` is the option as the caller wrote it (``duplicates``), ``what`` says what a valid
    value is (``a duplicate rule``): ``duplicates='twice' is not a duplicate rule; choose from:
    document, corpus, all``.
    """
    for choice in choices:
        if value == choice:
            return choice
    raise UsageError(f"{name}={value!r} is not {what}; choose from: {', '.join(choices)}")
