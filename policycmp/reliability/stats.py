"""Agreement coefficients on reliability data: percent agreement, Cohen's κ, Krippendorff's α, bootstrap intervals.

Reliability data is a units × coders matrix of category indices (``-1`` where a coder gave no value),
as Krippendorff lays it out. Everything is computed from it with numpy; no GPL package is used.

Krippendorff's α (Krippendorff, *Computing Krippendorff's Alpha-Reliability*, 2011) from the
coincidence matrix: for each unit ``u`` with ``m_u ≥ 2`` values, every ordered pair of values from
different coders adds ``1 / (m_u − 1)`` to ``o[c, k]``. With marginals ``n_c = Σ_k o[c, k]`` and
``n = Σ_c n_c``::

    α = 1 − (n − 1) · Σ o[c,k] δ²(c,k) / Σ n_c n_k δ²(c,k)

with ``δ²`` = 0/1 (nominal), ``(Σ_{g=c..k} n_g − (n_c + n_k)/2)²`` over the categories in their
order (ordinal), or ``(c − k)²`` (interval, on the category values). α is undefined (None) when
the data has no variation at all (the denominator is 0) or fewer than two pairable values.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

METRICS: tuple[str, ...] = ("nominal", "ordinal", "interval")
BOOTSTRAP_REPS = 1000
"""Bootstrap resamples per interval."""
BOOTSTRAP_SEED = 0
"""Seed of the bootstrap's generator: the same data gives the same interval."""
CONFIDENCE = 0.95

Codes = np.ndarray
"""A units × coders integer matrix of category indices, -1 for no value."""


def encode(data: Sequence[Sequence[Hashable | None]], order: Sequence[Hashable] | None = None) -> tuple[Codes, list[Hashable]]:
    """Reliability data (units × coders, None for no value) as codes and the category list.

    Categories are ``order`` when given (its order matters for the ordinal metric), otherwise the
    values sorted by their text.
    """
    seen = {value for unit in data for value in unit if value is not None}
    categories = list(order) if order is not None else sorted(seen, key=str)
    missing = seen - set(categories)
    if missing:
        raise ValueError(f"values outside the categories: {sorted(map(str, missing))}")
    index = {c: i for i, c in enumerate(categories)}
    width = max((len(unit) for unit in data), default=0)
    codes = np.full((len(data), width), -1, dtype=np.int64)
    for u, unit in enumerate(data):
        for j, value in enumerate(unit):
            if value is not None:
                codes[u, j] = index[value]
    return codes, categories


def value_counts(codes: Codes, size: int) -> np.ndarray:
    """Units × categories: how many coders gave each category to each unit."""
    counts = np.zeros((codes.shape[0], size), dtype=np.float64)
    for j in range(codes.shape[1]):
        column = codes[:, j]
        present = column >= 0
        np.add.at(counts, (np.nonzero(present)[0], column[present]), 1.0)
    return counts


def coincidences(counts: np.ndarray) -> np.ndarray:
    """The coincidence matrix ``o`` of a units × categories count matrix (units with < 2 values add nothing)."""
    m = counts.sum(axis=1)
    keep = m >= 2
    c, w = counts[keep], 1.0 / (m[keep] - 1.0)
    return np.asarray((c * w[:, None]).T @ c - np.diag((c * w[:, None]).sum(axis=0)))


def _delta2(metric: str, marginals: np.ndarray, values: np.ndarray | None) -> np.ndarray:
    size = len(marginals)
    if metric == "nominal":
        return 1.0 - np.eye(size)
    if metric == "interval":
        v = np.arange(size, dtype=np.float64) if values is None else values.astype(np.float64)
        return np.asarray((v[:, None] - v[None, :]) ** 2)
    if metric == "ordinal":
        cumulative = np.concatenate(([0.0], np.cumsum(marginals)))
        lo = np.minimum.outer(np.arange(size), np.arange(size))
        hi = np.maximum.outer(np.arange(size), np.arange(size))
        between = cumulative[hi + 1] - cumulative[lo]
        return np.asarray((between - (marginals[:, None] + marginals[None, :]) / 2.0) ** 2)
    raise ValueError(f"unknown metric {metric!r}: use one of {', '.join(METRICS)}")


def alpha_from_counts(counts: np.ndarray, metric: str = "nominal", values: np.ndarray | None = None) -> float | None:
    """Krippendorff's α of a units × categories count matrix (see the module docstring)."""
    o = coincidences(counts)
    marginals = o.sum(axis=1)
    n = marginals.sum()
    if n < 2:
        return None
    d2 = _delta2(metric, marginals, values)
    expected = float((np.outer(marginals, marginals) * d2).sum())
    if expected == 0.0:
        return None
    return float(1.0 - (n - 1.0) * float((o * d2).sum()) / expected)


def alpha(codes: Codes, size: int, metric: str = "nominal", values: np.ndarray | None = None) -> float | None:
    """Krippendorff's α of coded reliability data with ``size`` categories."""
    return alpha_from_counts(value_counts(codes, size), metric, values)


def percent(codes: Codes, size: int) -> float | None:
    """Pairwise percent agreement: of all pairs of values two coders gave one unit, the share that are equal."""
    counts = value_counts(codes, size)
    m = counts.sum(axis=1)
    pairs = float((m * (m - 1)).sum())
    return None if pairs == 0 else float((counts * (counts - 1)).sum()) / pairs


def kappa(codes: Codes, size: int) -> float | None:
    """Cohen's κ of the first two coders on the units both coded: (p_o − p_e) / (1 − p_e); None if p_e = 1 or no unit."""
    if codes.shape[1] < 2:
        return None
    a, b = codes[:, 0], codes[:, 1]
    both = (a >= 0) & (b >= 0)
    if not both.any():
        return None
    a, b = a[both], b[both]
    observed = float((a == b).mean())
    pa = np.bincount(a, minlength=size) / len(a)
    pb = np.bincount(b, minlength=size) / len(b)
    chance = float((pa * pb).sum())
    return None if chance >= 1.0 else (observed - chance) / (1.0 - chance)


@dataclass(frozen=True)
class Estimate:
    """A coefficient with its bootstrap interval (None where undefined)."""

    value: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {"value": _round(self.value), "low": _round(self.low), "high": _round(self.high)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def bootstrap(
    statistic: Callable[[Codes], float | None], codes: Codes, *, reps: int = BOOTSTRAP_REPS, seed: int = BOOTSTRAP_SEED
) -> Estimate:
    """``statistic`` of ``codes`` with a percentile interval from ``reps`` resamples of the units.

    Units are drawn with replacement by ``numpy.random.default_rng(seed)``, so the interval is the
    same on every run; resamples where the statistic is undefined are left out.
    """
    value = statistic(codes)
    if value is None or codes.shape[0] < 2 or reps < 1:
        return Estimate(value, None, None)
    rng = np.random.default_rng(seed)
    draws = [statistic(codes[rng.integers(0, codes.shape[0], codes.shape[0])]) for _ in range(reps)]
    defined = np.array([d for d in draws if d is not None], dtype=np.float64)
    if len(defined) == 0:
        return Estimate(value, None, None)
    tail = (1.0 - CONFIDENCE) / 2.0 * 100.0
    low, high = np.percentile(defined, [tail, 100.0 - tail])
    return Estimate(value, float(low), float(high))
