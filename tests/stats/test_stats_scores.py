"""NPS, CSAT, CES and the five-level rating."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pytest
from scipy import stats as sps

from cxloop.stats import ces, csat, nps, nps_difference, nps_from_counts, rating_distribution

Z95 = sps.norm.ppf(0.975)


def test_nps_counts_the_three_groups_on_the_0_to_10_scale() -> None:
    scores = [10, 9, 9, 8, 7, 6, 0, 10, 5, 9]
    r = nps(scores)
    assert (r.n, r.promoters, r.passives, r.detractors) == (10, 5, 2, 3)
    assert r.nps == pytest.approx(20.0)
    assert (r.promoter_share, r.passive_share, r.detractor_share) == pytest.approx((0.5, 0.2, 0.3))


def test_nps_standard_error_is_that_of_the_mean_of_plus_minus_one_scores() -> None:
    # Independent check: code promoters +1, passives 0, detractors -1; NPS/100 is their mean and its
    # variance is the population variance of the codes over n (the trinomial variance).
    scores = np.array([10] * 50 + [8] * 30 + [3] * 20)
    codes = np.where(scores >= 9, 1.0, np.where(scores >= 7, 0.0, -1.0))
    r = nps(scores)
    assert r.nps == pytest.approx(100 * codes.mean())
    assert r.se == pytest.approx(100 * codes.std(ddof=0) / math.sqrt(codes.size), rel=1e-12)
    # Step by step: p_P = .5, p_D = .2, var = (.5 + .2 - .3^2)/100 = .0061, se = 7.8102 points.
    assert r.se == pytest.approx(100 * math.sqrt(0.0061), rel=1e-12)
    assert r.wald_ci == pytest.approx((30 - Z95 * r.se, 30 + Z95 * r.se), rel=1e-12)
    assert (round(r.wald_ci[0], 4), round(r.wald_ci[1], 4)) == (14.6922, 45.3078)


def test_adjusted_wald_adds_three_quarters_of_a_promoter_and_a_detractor_and_three_to_n() -> None:
    # Rocks (2016); Sauro & Lewis: P + 3/4, D + 3/4, n + 3. For 50/30/20: n' = 103,
    # p_P' = 50.75/103, p_D' = 20.75/103.
    r = nps_from_counts(50, 30, 20)
    pp, pd = 50.75 / 103, 20.75 / 103
    centre = pp - pd
    half = Z95 * math.sqrt((pp + pd - centre**2) / 103)
    assert r.method == "adjusted_wald"
    assert (r.ci_low, r.ci_high) == pytest.approx((100 * (centre - half), 100 * (centre + half)))
    assert r.adjusted_wald_ci == (r.ci_low, r.ci_high)
    assert nps_from_counts(50, 30, 20, method="wald").ci_low == r.wald_ci[0]


def test_nps_from_scores_and_from_counts_are_the_same_code_path() -> None:
    scores = [10, 9, 8, 7, 6, 5, 9, 10, 0, 3, 7]
    assert nps(scores) == nps_from_counts(4, 3, 4)


def test_nps_intervals_are_clipped_to_the_scale() -> None:
    r = nps_from_counts(5, 0, 0, method="wald")
    assert r.nps == 100.0
    assert r.wald_ci == (100.0, 100.0)  # no variance: the Wald interval collapses
    assert -100 <= r.adjusted_wald_ci[0] < r.adjusted_wald_ci[1] <= 100


def test_nps_result_serialises_to_json() -> None:
    payload = json.dumps(nps([9, 10, 3, 7]).to_dict())
    assert json.loads(payload)["wald_ci"][0] <= json.loads(payload)["nps"]


def test_nps_difference_sums_the_two_trinomial_variances() -> None:
    # As in Rocks's R package NPS (the author of Rocks 2016): npvar(x) = (p_P + p_D) - (p_P - p_D)^2,
    # and nps.test(x, y) uses se = sqrt(var_x / n_x + var_y / n_y), delta +/- z se and the two-sided
    # normal p-value. (The package documents no printed example, so the numbers are rebuilt here.)
    a, b = nps_from_counts(50, 30, 20), nps_from_counts(30, 40, 30)
    r = nps_difference(a, b, method="wald")
    se = math.sqrt(a.se**2 + b.se**2)
    assert r.difference == pytest.approx(30.0)
    assert r.se == pytest.approx(se, rel=1e-12)
    assert (r.ci_low, r.ci_high) == pytest.approx((30 - Z95 * se, 30 + Z95 * se), rel=1e-12)
    assert r.p_value == pytest.approx(2 * sps.norm.sf(30 / se), rel=1e-9)
    var_a = (0.5 + 0.2) - (0.5 - 0.2) ** 2  # npvar(c(20, 30, 50))
    var_b = (0.3 + 0.3) - (0.3 - 0.3) ** 2
    assert r.se == pytest.approx(100 * math.sqrt(var_a / 100 + var_b / 100), rel=1e-12)


def test_nps_difference_accepts_raw_scores_and_defaults_to_adjusted_wald() -> None:
    r = nps_difference([10, 10, 9, 2], [10, 6, 6, 6])
    assert r.method == "adjusted_wald"
    assert (r.nps_a, r.nps_b) == (50.0, -50.0)
    assert 0 < r.p_value < 1
    assert r.ci_low < r.difference < r.ci_high


def test_nps_difference_refuses_the_wald_test_without_variance() -> None:
    with pytest.raises(ValueError, match="zero variance"):
        nps_difference([10, 9], [9, 9], method="wald")
    assert nps_difference([10, 9], [9, 9]).p_value == 1.0


def test_csat_is_the_top_two_box_share_with_a_wilson_interval() -> None:
    r = csat([5, 4, 4, 3, 2, 1, 5, 5, 4, 3])
    assert (r.successes, r.n) == (6, 10)
    assert r.proportion == 0.6
    assert r.method == "wilson"
    assert csat([7, 6, 5, 1], scale=7, top_box=1).successes == 1


def test_ces_reports_the_labelled_mean_interval_and_the_agree_share() -> None:
    scores = [7, 6, 5, 4, 3, 6, 7, 2, 5, 6]
    r = ces(scores)
    arr = np.array(scores, dtype=float)
    low, high = sps.t.interval(0.95, arr.size - 1, loc=arr.mean(), scale=sps.sem(arr))
    assert (r.scale, r.n, r.agree_levels) == (7, 10, (5, 6, 7))
    assert r.mean.mean == pytest.approx(5.1)
    assert (r.mean.ci_low, r.mean.ci_high) == pytest.approx((low, high), rel=1e-12)
    assert (r.agree.successes, r.agree.n) == (7, 10)
    assert set(r.to_dict()) == {"scale", "n", "mean", "agree", "agree_levels"}


def test_rating_distribution_counts_levels_and_the_good_review_rate() -> None:
    r = rating_distribution(
        ["非常满意", "满意", "基本满意", "不满意", "非常不满意", 5, 5, 4, "satisfied"]
    )
    assert r.levels == (5, 4, 3, 2, 1)
    assert r.labels == ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
    assert r.counts == (3, 3, 1, 1, 1)
    assert r.satisfaction.successes == 7  # 基本满意 and above
    assert r.satisfaction.n == 9
    assert sum(r.shares) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nps([]), "empty"),
        (lambda: nps([9, 11]), r"scores\[1\] = 11 is outside the scale 0..10"),
        (lambda: nps([9, 8.5]), "not a whole-number score"),
        (lambda: nps([9, float("nan")]), "NaN"),
        (lambda: nps([9, cast(Any, None)]), "NaN"),
        (lambda: nps([cast(Any, "nine")]), "numeric"),
        (lambda: nps_from_counts(0, 0, 0), "no answers"),
        (
            lambda: nps_from_counts(1, 2, 3, method=cast(Any, "bootstrap")),
            "unknown NPS interval method",
        ),
        (lambda: csat([1, 6]), "outside the scale 1..5"),
        (lambda: csat([1, 2], top_box=5), "top_box"),
        (lambda: ces([5]), "at least 2"),
        (lambda: ces([0, 5]), "outside the scale 1..7"),
        (lambda: rating_distribution(["很好"]), "not a level"),
        (lambda: rating_distribution([6]), "outside the scale 1..5"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()
