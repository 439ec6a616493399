"""Networks exactly as DNA (and rDNA's ``dna_network``) computes them, from a policycmp corpus.

Reading of DNA's definitions (``Exporter.java``), with rDNA's defaults ``variable1="organization"``
(here: the holder's label), ``variable2="concept"`` (the option's label), ``qualifier="agreement"``
(support = 1, oppose = 0), ``isolates=FALSE``, no time window and no exclusions:

1. Statements are ordered by document date, document, span start, span end (DNA's order).
   With ``duplicates="document"`` a statement is dropped when an earlier kept statement in the same
   document has the same holder and option, and, unless the aggregation is ``"ignore"``, the same
   qualifier. ``"include"`` keeps every statement.
2. ``a[i, c, q]`` counts the kept statements of holder ``i`` on option ``c`` with qualifier ``q``.
   Rows and columns are the labels that occur, sorted as Java sorts strings (UTF-16 code units).
3. **Two-mode** (holder × option): ``"ignore"`` gives ``Σ_q a[i,c,q]``; ``"subtract"`` gives
   ``a[i,c,1] − a[i,c,0]``. DNA has no two-mode congruence, conflict, average, Jaccard or cosine.
4. **One-mode** (holder × holder), for ``i ≠ j`` (the diagonal is 0), summed over options ``c``:

   * ``"ignore"``:     ``(Σ_q a[i,c,q]) · (Σ_q a[j,c,q])`` — every pair of mentions, whatever the stance;
   * ``"congruence"``: ``Σ_q a[i,c,q] · a[j,c,q]`` — pairs of statements with the same stance;
   * ``"conflict"``:   ``a[i,c,0] · a[j,c,1] + a[i,c,1] · a[j,c,0]`` — pairs with opposite stances;
   * ``"subtract"``:   congruence − conflict.

   Then each cell is divided by a normalisation (0 when it is 0), where ``n_i = Σ_{c,q} a[i,c,q]`` is
   the number of statements of ``i`` after the duplicate rule:

   * ``"average"``: ``(n_i + n_j) / 2``;
   * ``"jaccard"``: ``Σ_{c,q} [a[j,c,q]=0]·a[i,c,q] + [a[i,c,q]=0]·a[j,c,q] + [both>0]·a[i,c,q]·a[j,c,q]``
     — computed per (option, qualifier) cell even when the aggregation ignores the qualifier;
   * ``"cosine"``: ``n_i · n_j``. **This is DNA's definition, not the usual cosine**: DNA writes
     ``sqrt(n_i²) · sqrt(n_j²)``, i.e. the product of the two statement counts, where the textbook
     cosine of count vectors would divide by ``sqrt(Σ a_i²) · sqrt(Σ a_j²)``.

Settings DNA would silently replace by its defaults (a one-mode-only aggregation or normalisation
on a two-mode network) are refused here with an error instead. How these numbers relate to
policycmp's own :func:`policycmp.agreement.agreement` is explained in ``docs/dna.md``.
"""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from policycmp.errors import UsageError

NetworkType = Literal["twomode", "onemode"]
QualifierAggregation = Literal["ignore", "congruence", "conflict", "subtract"]
Normalization = Literal["no", "average", "jaccard", "cosine"]
Duplicates = Literal["include", "document"]

NETWORK_TYPES: tuple[NetworkType, ...] = ("twomode", "onemode")
AGGREGATIONS: tuple[QualifierAggregation, ...] = ("ignore", "congruence", "conflict", "subtract")
NORMALIZATIONS: tuple[Normalization, ...] = ("no", "average", "jaccard", "cosine")
DUPLICATES: tuple[Duplicates, ...] = ("include", "document")
TWOMODE_AGGREGATIONS = ("ignore", "subtract")
QUALIFIER_VALUES = {"support": 1, "oppose": 0}

C = TypeVar("C", bound=str)


def choice(name: str, value: str, valid: tuple[C, ...]) -> C:
    """``value`` when it is one of ``valid``; otherwise a :class:`UsageError` listing the valid ones."""
    for item in valid:
        if value == item:
            return item
    raise UsageError(f"{name}={value!r} is not valid; choose from: {', '.join(repr(v) for v in valid)}")


def java_sorted(labels: set[str]) -> list[str]:
    """Labels in Java's ``String.compareTo`` order (UTF-16 code units), as DNA sorts its node names."""
    return sorted(labels, key=lambda s: s.encode("utf-16-be"))


def statements(table: pd.DataFrame, duplicates: Duplicates, aggregation: QualifierAggregation) -> pd.DataFrame:
    """The statements DNA would count: columns ``row``, ``col``, ``q``, in DNA's order, after the duplicate rule."""
    unknown = table.loc[~table["stance"].isin(list(QUALIFIER_VALUES)), "stance"]
    if len(unknown):
        raise UsageError(
            f"{len(unknown)} recommendations have stance {sorted(set(unknown))[0]!r}, which DNA's boolean agreement qualifier "
            "cannot express; keep support and oppose only, e.g. corpus.filter(stance={'support', 'oppose'})"
        )
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(table["document_date"]),
            "document": table["document"].astype(str),
            "start": table["start"].astype("int64"),
            "end": table["end"].astype("int64"),
            "row": table["holder_label"].astype(str),
            "col": table["option_label"].astype(str),
            "q": table["stance"].map(QUALIFIER_VALUES).astype("int64"),
        }
    )
    frame = frame.sort_values(["date", "document", "start", "end"], kind="mergesort", na_position="first", ignore_index=True)
    if duplicates == "document":
        keys = ["document", "row", "col"] + ([] if aggregation == "ignore" else ["q"])
        frame = frame.drop_duplicates(keys, keep="first", ignore_index=True)
    return frame[["row", "col", "q"]]


def counts(frame: pd.DataFrame) -> tuple[list[str], list[str], np.ndarray]:
    """Row labels, column labels and the array ``a[row, col, q]`` of statement counts."""
    rows = java_sorted(set(frame["row"]))
    cols = java_sorted(set(frame["col"]))
    array = np.zeros((len(rows), len(cols), 2), dtype="float64")
    r = pd.Index(rows).get_indexer(pd.Index(frame["row"]))
    c = pd.Index(cols).get_indexer(pd.Index(frame["col"]))
    np.add.at(array, (r, c, frame["q"].to_numpy()), 1.0)
    return rows, cols, array


def _onemode(array: np.ndarray, aggregation: QualifierAggregation, normalization: Normalization) -> np.ndarray:
    total = array.sum(axis=2)  # actors × options, qualifier summed
    if aggregation == "ignore":
        weights = total @ total.T
    else:
        congruence = array[:, :, 0] @ array[:, :, 0].T + array[:, :, 1] @ array[:, :, 1].T
        conflict = array[:, :, 0] @ array[:, :, 1].T + array[:, :, 1] @ array[:, :, 0].T
        weights = {"congruence": congruence, "conflict": conflict, "subtract": congruence - conflict}[aggregation]
    n = array.sum(axis=(1, 2))
    if normalization == "no":
        norm = np.ones_like(weights)
    elif normalization == "average":
        norm = (n[:, None] + n[None, :]) / 2.0
    elif normalization == "cosine":
        norm = np.outer(n, n)
    else:
        flat = array.reshape(array.shape[0], -1)
        present = (flat > 0).astype("float64")
        only_i = flat @ (1.0 - present).T  # Σ a_i where a_j = 0
        only_j = (1.0 - present) @ flat.T  # Σ a_j where a_i = 0
        both = flat @ flat.T  # Σ a_i a_j (zero wherever either is absent)
        norm = only_i + only_j + both
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(norm != 0, weights / np.where(norm != 0, norm, 1.0), 0.0)
    np.fill_diagonal(out, 0.0)
    return np.asarray(out, dtype="float64")


def network_from_table(
    table: pd.DataFrame,
    network_type: NetworkType = "twomode",
    qualifier_aggregation: QualifierAggregation = "ignore",
    normalization: Normalization = "no",
    duplicates: Duplicates = "include",
) -> pd.DataFrame:
    """:func:`network` from a tidy table (see :mod:`policycmp.table`)."""
    network_type = choice("network_type", network_type, NETWORK_TYPES)
    qualifier_aggregation = choice("qualifier_aggregation", qualifier_aggregation, AGGREGATIONS)
    normalization = choice("normalization", normalization, NORMALIZATIONS)
    duplicates = choice("duplicates", duplicates, DUPLICATES)
    if network_type == "twomode":
        choice("qualifier_aggregation (two-mode)", qualifier_aggregation, TWOMODE_AGGREGATIONS)
        choice("normalization (two-mode)", normalization, ("no",))
    rows, cols, array = counts(statements(table, duplicates, qualifier_aggregation))
    if network_type == "twomode":
        values = array.sum(axis=2) if qualifier_aggregation == "ignore" else array[:, :, 1] - array[:, :, 0]
        return pd.DataFrame(values.astype("int64"), index=pd.Index(rows, name="holder"), columns=pd.Index(cols, name="option"))
    values = _onemode(array, qualifier_aggregation, normalization)
    index = pd.Index(rows, name="holder")
    if normalization == "no":
        return pd.DataFrame(values.astype("int64"), index=index, columns=index.rename("holder"))
    return pd.DataFrame(values, index=index, columns=index.rename("holder"))
