"""Krippendorff's alpha, Cohen's kappa and percent agreement against published and hand-computed values.

Reference data: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011, University of
Pennsylvania, ScholarlyCommons), worked examples A (two observers, binary, alpha 0.095), B (two
observers, nominal, alpha 0.692) and C (four observers, values 1-5 with missing values: nominal
0.743, ordinal 0.815, interval 0.849). Those rounded values are also what the definitions in
:mod:`policycmp.reliability.stats` give when worked by hand. Cross-checked against nltk's
AnnotationTask (Apache-2.0).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policycmp.reliability import stats

N = None
EXAMPLE_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
EXAMPLE_B = [["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"], ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"]]
EXAMPLE_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def _units(coders: list[list[object]]) -> list[list[object]]:
    return [list(unit) for unit in zip(*coders, strict=True)]


def test_example_a_binary_two_observers() -> None:
    codes, cats = stats.encode(_units(EXAMPLE_A))
    assert stats.alpha(codes, len(cats)) == pytest.approx(0.095, abs=5e-4)
    assert stats.percent(codes, len(cats)) == pytest.approx(0.6)


def test_example_b_nominal_two_observers() -> None:
    codes, cats = stats.encode(_units(EXAMPLE_B))
    assert stats.alpha(codes, len(cats)) == pytest.approx(0.692, abs=5e-4)


@pytest.mark.parametrize(("metric", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_example_c_four_observers_missing_values(metric: str, expected: float) -> None:
    codes, cats = stats.encode(_units(EXAMPLE_C), [1, 2, 3, 4, 5])
    assert stats.alpha(codes, 5, metric, np.array(cats)) == pytest.approx(expected, abs=5e-4)


def test_hand_computed_kappa() -> None:
    # Example A: p_o = 0.6; coder 1 says 1 twice, coder 2 four times: p_e = 0.8*0.6 + 0.2*0.4 = 0.56.
    codes, cats = stats.encode(_units(EXAMPLE_A))
    assert stats.kappa(codes, len(cats)) == pytest.approx((0.6 - 0.56) / (1 - 0.56))


def test_undefined_without_variation() -> None:
    codes, cats = stats.encode([["x", "x"], ["x", "x"]])
    assert stats.alpha(codes, len(cats)) is None
    assert stats.kappa(codes, len(cats)) is None
    assert stats.percent(codes, len(cats)) == 1.0


def test_bootstrap_is_deterministic_and_brackets_the_value() -> None:
    codes, _cats = stats.encode(_units(EXAMPLE_C), [1, 2, 3, 4, 5])
    first = stats.bootstrap(lambda c: stats.alpha(c, 5), codes, reps=200)
    again = stats.bootstrap(lambda c: stats.alpha(c, 5), codes, reps=200)
    assert first == again
    assert first.low is not None and first.high is not None and first.value is not None
    assert first.low <= first.high and first.low <= 1.0


def _nltk_alpha(coders: list[list[object]], distance: str) -> float:
    agreement = pytest.importorskip("nltk.metrics.agreement")
    distances = pytest.importorskip("nltk.metrics.distance")
    triples = [(f"c{j}", f"u{u}", value) for j, row in enumerate(coders) for u, value in enumerate(row) if value is not None]
    metric = {"nominal": distances.binary_distance, "interval": distances.interval_distance}[distance]
    return float(agreement.AnnotationTask(data=triples, distance=metric).alpha())


@pytest.mark.parametrize("metric", ["nominal", "interval"])
def test_example_c_matches_nltk(metric: str) -> None:
    codes, cats = stats.encode(_units(EXAMPLE_C), [1, 2, 3, 4, 5])
    assert stats.alpha(codes, 5, metric, np.array(cats)) == pytest.approx(_nltk_alpha(EXAMPLE_C, metric), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=2, max_size=15))
def test_nominal_alpha_matches_nltk_on_random_complete_data(units: list[list[int]]) -> None:
    codes, _cats = stats.encode(units, [0, 1, 2, 3])
    ours = stats.alpha(codes, 4)
    coders = [list(c) for c in zip(*units, strict=True)]
    if ours is None:  # no variation: nltk divides by zero
        return
    assert ours == pytest.approx(_nltk_alpha(coders, "nominal"), abs=1e-9)
