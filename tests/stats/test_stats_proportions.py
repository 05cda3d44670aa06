"""Proportions, means, sample sizes: against published values and independent computations."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pytest
from scipy import stats as sps
from scipy.optimize import brentq

from cxloop.stats import (
    margin_of_error,
    mean_interval_from_moments,
    proportion_from_counts,
    sample_size,
    two_proportion_test,
    wilson_interval,
)

# Newcombe, R. G. (1998) "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17, 857-872, Table I: method 3 (Wilson score) and method 4
# (Wilson score with continuity correction, R's prop.test), printed to 4 decimals.
NEWCOMBE_TABLE_I = [
    # successes, n, method 3, method 4
    (81, 263, (0.2553, 0.3662), (0.2535, 0.3682)),
    (15, 148, (0.0624, 0.1605), (0.0598, 0.1644)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.2005)),
    (1, 29, (0.0061, 0.1718), (0.0018, 0.1963)),
]


@pytest.mark.parametrize(("x", "n", "wilson", "corrected"), NEWCOMBE_TABLE_I)
def test_wilson_interval_reproduces_newcombe_table_i(
    x: int, n: int, wilson: tuple[float, float], corrected: tuple[float, float]
) -> None:
    assert [round(v, 4) for v in wilson_interval(x, n)] == list(wilson)
    assert [round(v, 4) for v in wilson_interval(x, n, continuity=True)] == list(corrected)


@pytest.mark.parametrize(("x", "n"), [(81, 263), (15, 148), (3, 7), (1, 29)])
@pytest.mark.parametrize("continuity", [False, True])
def test_wilson_interval_inverts_the_score_test(x: int, n: int, continuity: bool) -> None:
    # Independent check: the Wilson limits are the roots of |p - pi| - cc = z sqrt(pi (1 - pi) / n),
    # with cc = 1/(2n) for the corrected interval; solved numerically here.
    z = sps.norm.ppf(0.975)
    p, cc = x / n, (0.5 / n if continuity else 0.0)
    low = brentq(lambda pi: (p - pi) - cc - z * math.sqrt(pi * (1 - pi) / n), 1e-12, p)
    high = brentq(lambda pi: (pi - p) - cc - z * math.sqrt(pi * (1 - pi) / n), p, 1 - 1e-12)
    got = wilson_interval(x, n, continuity=continuity)
    assert got == pytest.approx((low, high), rel=1e-9)


def test_wilson_interval_at_other_confidence_levels_uses_the_matching_z() -> None:
    low, high = wilson_interval(50, 100, confidence=0.90)
    z = sps.norm.ppf(0.95)
    half = z * math.sqrt(0.25 / 100 + z * z / 40000) / (1 + z * z / 100)
    assert (low, high) == pytest.approx((0.5 - half, 0.5 + half), rel=1e-12)


def test_proportion_from_counts_reports_share_and_wilson_interval() -> None:
    r = proportion_from_counts(81, 263)
    assert (r.n, r.successes, r.method) == (263, 81, "wilson")
    assert r.proportion == pytest.approx(81 / 263)
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == (0.2553, 0.3662)
    assert r.to_dict()["ci_high"] == r.ci_high


# Newcombe, R. G. (1998) "Interval estimation for the difference between independent proportions:
# comparison of eleven methods", Statistics in Medicine 17, 873-890, Table II, method 10.
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((56, 70), (48, 80), (0.0524, 0.3339)),  # example (a)
        ((9, 10), (3, 10), (0.1705, 0.8090)),  # example (b)
        ((5, 56), (0, 29), (-0.0381, 0.1926)),  # example (d)
    ],
)
def test_two_proportion_interval_reproduces_newcombe_table_ii(
    a: tuple[int, int], b: tuple[int, int], expected: tuple[float, float]
) -> None:
    r = two_proportion_test(*a, *b)
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == expected
    assert r.difference == pytest.approx(a[0] / a[1] - b[0] / b[1])


def test_two_proportion_z_test_equals_pearson_chi_square_without_correction() -> None:
    # z^2 is Pearson's X^2 of the 2x2 table (R: prop.test(..., correct = FALSE)).
    r = two_proportion_test(56, 70, 48, 80)
    chi2, p, _, _ = sps.chi2_contingency([[56, 14], [48, 32]], correction=False)
    assert r.z**2 == pytest.approx(chi2, rel=1e-12)
    assert r.p_value == pytest.approx(p, rel=1e-10)


def test_two_proportion_test_with_no_variance_reports_no_difference() -> None:
    r = two_proportion_test(10, 10, 20, 20)
    assert (r.difference, r.z, r.p_value) == (0.0, 0.0, 1.0)


def test_mean_interval_from_moments_matches_the_t_interval_of_the_raw_data() -> None:
    data = np.array([4.0, 7, 5, 6, 3, 7, 6, 5, 2, 7])
    r = mean_interval_from_moments(data.size, data.sum(), (data**2).sum())
    low, high = sps.t.interval(0.95, data.size - 1, loc=data.mean(), scale=sps.sem(data))
    assert r.mean == pytest.approx(data.mean())
    assert r.sd == pytest.approx(data.std(ddof=1))
    assert (r.ci_low, r.ci_high) == pytest.approx((low, high), rel=1e-12)


def test_mean_interval_of_equal_values_has_zero_width() -> None:
    r = mean_interval_from_moments(3, 0.3, 0.03)  # three times 0.1: rounding leaves ss < 0
    assert r.sd == 0.0
    assert (r.ci_low, r.ci_high) == pytest.approx((0.1, 0.1))


def test_sample_size_reproduces_cochran_textbook_values() -> None:
    # Cochran (1977), section 4.4: 95 %, e = 0.05, p = 0.5 gives n0 = 384.16 -> 385; the finite
    # population correction n0 / (1 + (n0 - 1)/N) for N = 1000 gives 277.7 -> 278.
    assert sample_size(0.05) == 385
    assert sample_size(0.05, population=1000) == 278
    assert sample_size(0.03) == 1068  # 1.959964^2 * 0.25 / 0.0009 = 1067.07


def test_margin_of_error_is_the_inverse_of_sample_size() -> None:
    n = sample_size(0.05, population=1000)
    assert (
        margin_of_error(0.5, n, population=1000)
        <= 0.05
        < margin_of_error(0.5, n - 1, population=1000)
    )
    assert margin_of_error(0.5, 385) == pytest.approx(sps.norm.ppf(0.975) * math.sqrt(0.25 / 385))
    assert margin_of_error(0.3, 50, population=50) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson_interval(3, 0), "n is 0"),
        (lambda: wilson_interval(5, 4), "cannot exceed n"),
        (lambda: wilson_interval(-1, 4), "must not be negative"),
        (lambda: wilson_interval(cast(Any, 1.5), 4), "whole number"),
        (lambda: wilson_interval(cast(Any, float("nan")), 4), "whole number"),
        (lambda: wilson_interval(1, 4, confidence=1.0), "confidence"),
        (lambda: two_proportion_test(1, 2, 3, 0), "n_b is 0"),
        (lambda: mean_interval_from_moments(1, 2.0, 4.0), "at least 2"),
        (lambda: mean_interval_from_moments(3, 6.0, 1.0), "inconsistent moments"),
        (lambda: mean_interval_from_moments(3, float("nan"), 1.0), "finite"),
        (lambda: margin_of_error(1.2, 10), "between 0 and 1"),
        (lambda: margin_of_error(0.5, 10, population=5), "smaller than the sample"),
        (lambda: sample_size(0.0), "positive"),
        (lambda: sample_size(0.05, p=1.0), "strictly between"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()
