"""Proportions and means with honest intervals, from counts or moments (what SQL can aggregate)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sps

from cxloop.stats._base import Result
from cxloop.stats._validation import as_count, check_confidence, check_positive, z_value


@dataclass(frozen=True)
class ProportionResult(Result):
    """A share of successes with its confidence interval.

    ``proportion`` is ``successes / n``; ``ci_low``/``ci_high`` bound it at ``confidence``
    by ``method`` (the Wilson score interval).
    """

    n: int
    successes: int
    proportion: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str = "wilson"


@dataclass(frozen=True)
class MeanResult(Result):
    """A mean with its Student-t confidence interval (``sd`` is the sample SD, divisor n - 1)."""

    n: int
    mean: float
    sd: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str = "t"


@dataclass(frozen=True)
class TwoProportionResult(Result):
    """Group a against group b: the difference ``p_a - p_b``, its interval and a two-sided test.

    The interval is Newcombe's hybrid score interval (his method 10); the test is the pooled
    two-proportion z-test (the same as Pearson's chi-square test without continuity correction).
    """

    successes_a: int
    n_a: int
    proportion_a: float
    successes_b: int
    n_b: int
    proportion_b: float
    difference: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    confidence: float
    method: str = "newcombe_hybrid_score"


def _check_successes(successes: int, n: int, suffix: str = "") -> tuple[int, int]:
    """Validate a (successes, n) pair; ``suffix`` ("_a", "_b") names the group in messages."""
    xs, ns = f"successes{suffix}", f"n{suffix}"
    x = as_count(successes, xs)
    m = as_count(n, ns)
    if m == 0:
        raise ValueError(f"{ns} is 0: a proportion needs at least one observation")
    if x > m:
        raise ValueError(f"{xs} ({x}) cannot exceed {ns} ({m})")
    return x, m


def wilson_interval(
    successes: int, n: int, *, confidence: float = 0.95, continuity: bool = False
) -> tuple[float, float]:
    """The Wilson score interval ``(low, high)`` for the proportion ``successes / n``.

    Without continuity correction this is Wilson's interval (Newcombe's method 3); with it, the
    continuity-corrected score interval (Newcombe's method 4, the interval R's ``prop.test`` reports).

    References: Wilson, E. B. (1927) "Probable inference, the law of succession, and statistical
    inference", JASA 22(158), 209-212. Newcombe, R. G. (1998) "Two-sided confidence intervals for the
    single proportion: comparison of seven methods", Statistics in Medicine 17, 857-872.
    """
    x, m = _check_successes(successes, n)
    z = z_value(confidence)
    p = x / m
    z2 = z * z
    if not continuity:
        denom = 1.0 + z2 / m
        centre = (p + z2 / (2 * m)) / denom
        half = z * math.sqrt(p * (1 - p) / m + z2 / (4 * m * m)) / denom
        low, high = centre - half, centre + half
    else:
        denom = 2.0 * (m + z2)
        low_root = z2 - 2 - 1 / m + 4 * p * (m * (1 - p) + 1)
        high_root = z2 + 2 - 1 / m + 4 * p * (m * (1 - p) - 1)
        low = (2 * m * p + z2 - 1 - z * math.sqrt(max(low_root, 0.0))) / denom
        high = (2 * m * p + z2 + 1 + z * math.sqrt(max(high_root, 0.0))) / denom
    if x == 0:
        low = 0.0
    if x == m:
        high = 1.0
    return max(0.0, low), min(1.0, high)


def proportion_from_counts(successes: int, n: int, *, confidence: float = 0.95) -> ProportionResult:
    """The share ``successes / n`` with its Wilson interval, from two counts (e.g. from SQL).

    Reference: Wilson, E. B. (1927) "Probable inference, the law of succession, and statistical
    inference", JASA 22(158), 209-212.
    """
    x, m = _check_successes(successes, n)
    low, high = wilson_interval(x, m, confidence=confidence)
    return ProportionResult(
        n=m, successes=x, proportion=x / m, ci_low=low, ci_high=high, confidence=confidence
    )


def two_proportion_test(
    successes_a: int,
    n_a: int,
    successes_b: int,
    n_b: int,
    *,
    confidence: float = 0.95,
) -> TwoProportionResult:
    """Compare two independent proportions: difference, Newcombe interval and pooled z-test.

    When both groups are all successes (or all failures) the observed difference is exactly zero
    and the pooled standard error is zero; the test then reports ``z = 0`` and ``p_value = 1``.

    References: Newcombe, R. G. (1998) "Interval estimation for the difference between independent
    proportions: comparison of eleven methods", Statistics in Medicine 17, 873-890 (method 10).
    Agresti, A. (2013) Categorical Data Analysis, 3rd ed., section 3.1 (the pooled z-test).
    """
    xa, ma = _check_successes(successes_a, n_a, "_a")
    xb, mb = _check_successes(successes_b, n_b, "_b")
    pa, pb = xa / ma, xb / mb
    la, ua = wilson_interval(xa, ma, confidence=confidence)
    lb, ub = wilson_interval(xb, mb, confidence=confidence)
    d = pa - pb
    low = d - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2)
    high = d + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)
    pooled = (xa + xb) / (ma + mb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / ma + 1 / mb))
    if se0 == 0.0:
        z, p_value = 0.0, 1.0
    else:
        z = d / se0
        p_value = float(2 * sps.norm.sf(abs(z)))
    return TwoProportionResult(
        successes_a=xa,
        n_a=ma,
        proportion_a=pa,
        successes_b=xb,
        n_b=mb,
        proportion_b=pb,
        difference=d,
        ci_low=max(-1.0, low),
        ci_high=min(1.0, high),
        z=z,
        p_value=p_value,
        confidence=confidence,
    )


def mean_interval_from_moments(
    n: int, total: float, total_sq: float, *, confidence: float = 0.95
) -> MeanResult:
    """Mean, SD and Student-t interval from ``n``, the sum and the sum of squares (e.g. from SQL).

    ``sd`` uses the n - 1 divisor, ``se = sd / sqrt(n)`` and the interval is
    ``mean +/- t(1 - alpha/2, n - 1) * se``.

    Reference: Student (1908) "The probable error of a mean", Biometrika 6(1), 1-25.
    """
    m = as_count(n, "n")
    if m < 2:
        raise ValueError(f"n is {m}: a t-interval needs at least 2 observations")
    s1, s2 = float(total), float(total_sq)
    if not (math.isfinite(s1) and math.isfinite(s2)):
        raise ValueError("total and total_sq must be finite numbers")
    if s2 < 0:
        raise ValueError(f"total_sq must not be negative, got {total_sq!r}")
    check_confidence(confidence)
    mean = s1 / m
    ss = s2 - s1 * s1 / m
    if ss < 0:
        # Rounding can leave a tiny negative sum of squared deviations when all values are equal.
        if ss < -1e-9 * max(s2, 1.0):
            raise ValueError("inconsistent moments: total_sq is smaller than total**2 / n")
        ss = 0.0
    sd = math.sqrt(ss / (m - 1))
    se = sd / math.sqrt(m)
    t = float(sps.t.ppf(0.5 + confidence / 2, m - 1))
    return MeanResult(
        n=m,
        mean=mean,
        sd=sd,
        se=se,
        ci_low=mean - t * se,
        ci_high=mean + t * se,
        confidence=confidence,
    )


def margin_of_error(
    p: float, n: int, *, population: int | None = None, confidence: float = 0.95
) -> float:
    """Half-width of the normal-approximation interval for a proportion ``p`` from ``n`` answers.

    ``z * sqrt(p (1 - p) / n)``, times the finite population correction
    ``sqrt((N - n) / (N - 1))`` when the ``population`` size N is given.

    Reference: Cochran, W. G. (1977) Sampling Techniques, 3rd ed., Wiley, sections 3.2 and 4.4.
    """
    pf = float(p)
    if not 0.0 <= pf <= 1.0:
        raise ValueError(f"p must be a proportion between 0 and 1, got {p!r}")
    m = as_count(n, "n")
    if m == 0:
        raise ValueError("n is 0: a margin of error needs at least one observation")
    moe = z_value(confidence) * math.sqrt(pf * (1 - pf) / m)
    if population is not None:
        big_n = as_count(population, "population")
        if big_n < m:
            raise ValueError(f"population ({big_n}) is smaller than the sample n ({m})")
        moe *= math.sqrt((big_n - m) / (big_n - 1)) if big_n > 1 else 0.0
    return moe


def sample_size(
    margin: float, *, p: float = 0.5, confidence: float = 0.95, population: int | None = None
) -> int:
    """Answers needed for a proportion's margin of error to be at most ``margin``.

    ``n0 = z^2 p (1 - p) / margin^2``; for a finite ``population`` N, ``n = n0 / (1 + (n0 - 1) / N)``;
    rounded up. (95 %, margin 0.05, p = 0.5 gives 385; with N = 1000 it gives 278.)

    Reference: Cochran, W. G. (1977) Sampling Techniques, 3rd ed., Wiley, section 4.4.
    """
    e = check_positive(margin, "margin")
    if e >= 1:
        raise ValueError(f"margin must be below 1 (a proportion), got {margin!r}")
    pf = float(p)
    if not 0.0 < pf < 1.0:
        raise ValueError(f"p must be strictly between 0 and 1, got {p!r}")
    z = z_value(confidence)
    n = z * z * pf * (1 - pf) / (e * e)
    if population is not None:
        big_n = as_count(population, "population")
        if big_n == 0:
            raise ValueError("population must be at least 1")
        n = n / (1 + (n - 1) / big_n)
    # Guard against a value like 278.0000000001 rounding up to 279.
    return max(1, math.ceil(n - 1e-9))
