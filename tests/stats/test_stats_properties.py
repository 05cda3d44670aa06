"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cxloop.stats import (
    ces,
    cronbach_alpha,
    csat,
    cusum_chart,
    ewma_chart,
    key_drivers,
    margin_of_error,
    mean_interval_from_moments,
    nps,
    nps_difference,
    nps_from_counts,
    pareto,
    rating_distribution,
    sample_size,
    two_proportion_test,
    wilson_interval,
)

counts = st.integers(min_value=0, max_value=5000)
confidence = st.sampled_from([0.8, 0.9, 0.95, 0.99])
FloatArray = npt.NDArray[np.float64]
# database=None: no .hypothesis folder in the work tree; failures print their example anyway
FAST = settings(max_examples=200, deadline=None, database=None)


@FAST
@given(counts, counts, counts, confidence)
def test_nps_stays_on_its_scale_and_the_wald_interval_contains_it(
    p: int, q: int, d: int, c: float
) -> None:
    assume(p + q + d > 0)
    r = nps_from_counts(p, q, d, confidence=c)
    assert -100 <= r.nps <= 100
    assert r.se >= 0
    assert r.wald_ci[0] <= r.nps <= r.wald_ci[1]
    assert -100 <= r.adjusted_wald_ci[0] <= r.adjusted_wald_ci[1] <= 100
    # the adjusted interval is centred on the adjusted estimate (3/4, 3/4, n + 3)
    adjusted = 100 * ((p + 0.75) - (d + 0.75)) / (p + q + d + 3)
    assert r.adjusted_wald_ci[0] <= adjusted <= r.adjusted_wald_ci[1]


@FAST
@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=300))
def test_nps_of_scores_is_promoter_share_minus_detractor_share(scores: list[int]) -> None:
    r = nps(scores)
    a = np.array(scores)
    assert r.nps == pytest.approx(100 * ((a >= 9).mean() - (a <= 6).mean()))
    assert r.promoters + r.passives + r.detractors == len(scores)


@FAST
@given(st.integers(min_value=1, max_value=10_000), st.data(), confidence)
def test_wilson_intervals_contain_the_estimate_and_nest(
    n: int, data: st.DataObject, c: float
) -> None:
    x = data.draw(st.integers(min_value=0, max_value=n))
    low, high = wilson_interval(x, n, confidence=c)
    cc_low, cc_high = wilson_interval(x, n, confidence=c, continuity=True)
    assert 0.0 <= low <= x / n <= high <= 1.0
    assert cc_low <= low + 1e-12 and high <= cc_high + 1e-12


@FAST
@given(st.integers(1, 2000), st.integers(1, 2000), st.data())
def test_difference_interval_contains_the_observed_difference(
    na: int, nb: int, data: st.DataObject
) -> None:
    xa = data.draw(st.integers(0, na))
    xb = data.draw(st.integers(0, nb))
    r = two_proportion_test(xa, na, xb, nb)
    assert r.ci_low <= r.difference <= r.ci_high
    assert 0.0 <= r.p_value <= 1.0


@FAST
@given(hnp.arrays(float, st.integers(2, 200), elements=st.floats(-1e3, 1e3)))
def test_mean_interval_contains_the_mean(values: FloatArray) -> None:
    r = mean_interval_from_moments(values.size, values.sum(), (values**2).sum())
    assert r.ci_low <= r.mean + 1e-9 and r.mean - 1e-9 <= r.ci_high


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.integers(2, 15), st.integers(0, 10_000), st.sampled_from(["relative_weights", "shapley"]))
def test_importances_are_non_negative_and_sum_to_r2(
    p: int, seed: int, method: Literal["relative_weights", "shapley"]
) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(60, p)) @ rng.normal(size=(p, p))  # correlated drivers
    y = x @ rng.normal(size=p) + rng.normal(scale=2.0, size=60)
    r = key_drivers(x, y, method=method)
    assert sum(r.raw) == pytest.approx(r.r2, rel=1e-9, abs=1e-12)
    assert sum(r.rescaled) == pytest.approx(100.0)
    assert 0.0 <= r.r2 <= 1.0
    assert min(r.raw) >= -1e-12  # R² never falls when a driver enters, so LMG is >= 0 too


@FAST
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=30), st.floats(0.05, 1.0))
def test_pareto_vital_few_is_the_shortest_prefix_reaching_the_threshold(
    values: list[int], threshold: float
) -> None:
    assume(sum(values) > 0)
    r = pareto(values, threshold=threshold)
    assert list(r.counts) == sorted(values, reverse=True)
    assert r.cumulative_shares[-1] == pytest.approx(1.0)
    k = len(r.vital_few)
    assert r.cumulative_shares[k - 1] >= threshold - 1e-9
    assert k == 1 or r.cumulative_shares[k - 2] < threshold


@FAST
@given(st.integers(0, 10_000))
def test_cronbach_interval_contains_alpha(seed: int) -> None:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(30, 1))
    items = trait + rng.normal(scale=rng.uniform(0.2, 3), size=(30, 5))
    r = cronbach_alpha(items)
    assert r.ci_low <= r.alpha <= r.ci_high <= 1.0


@FAST
@given(hnp.arrays(float, st.integers(2, 100), elements=st.floats(-100, 100)), st.floats(0.05, 1.0))
def test_ewma_stays_between_target_and_data_and_cusums_are_non_negative(
    x: FloatArray, lam: float
) -> None:
    sigma = 1.0
    e = ewma_chart(x, lam=lam, target=0.0, sigma=sigma)
    low, high = min(0.0, x.min()), max(0.0, x.max())
    assert (e.statistic >= low - 1e-9).all() and (e.statistic <= high + 1e-9).all()
    assert (e.lower < e.upper).all()
    c = cusum_chart(x, target=0.0, sigma=sigma)
    assert (c.upper >= 0).all() and (c.lower >= 0).all()


@FAST
@given(counts, counts, counts, counts, counts, counts)
def test_nps_difference_wald_interval_contains_the_difference(
    pa: int, qa: int, da: int, pb: int, qb: int, db: int
) -> None:
    assume(pa + qa + da > 0 and pb + qb + db > 0)
    a, b = nps_from_counts(pa, qa, da), nps_from_counts(pb, qb, db)
    assume(a.se > 0 or b.se > 0)
    r = nps_difference(a, b, method="wald")
    assert r.difference == pytest.approx(a.nps - b.nps, abs=1e-9)
    assert -200 <= r.ci_low <= r.difference <= r.ci_high <= 200
    assert 0.0 <= r.p_value <= 1.0


@FAST
@given(st.lists(st.integers(1, 5), min_size=1, max_size=200), confidence)
def test_csat_and_rating_intervals_contain_their_shares(scores: list[int], c: float) -> None:
    for r in (csat(scores, confidence=c), rating_distribution(scores, confidence=c).satisfaction):
        assert 0.0 <= r.ci_low <= r.proportion <= r.ci_high <= 1.0


@FAST
@given(st.lists(st.integers(1, 7), min_size=2, max_size=200))
def test_ces_intervals_contain_the_mean_and_the_agree_share(scores: list[int]) -> None:
    r = ces(scores)
    assert r.mean.ci_low <= r.mean.mean + 1e-12 and r.mean.mean - 1e-12 <= r.mean.ci_high
    assert 1.0 <= r.mean.mean <= 7.0
    assert r.agree.ci_low <= r.agree.proportion <= r.agree.ci_high


@FAST
@given(st.floats(0.005, 0.5), st.floats(0.05, 0.95), confidence)
def test_sample_size_is_the_smallest_n_meeting_the_margin(
    margin: float, p: float, c: float
) -> None:
    n = sample_size(margin, p=p, confidence=c)
    assert margin_of_error(p, n, confidence=c) <= margin + 1e-12
    assert n == 1 or margin_of_error(p, n - 1, confidence=c) > margin - 1e-12
