"""EWMA and CUSUM charts on Montgomery's and NIST's textbook series; Pareto on qcc's example."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pytest
from tests.stats.datasets import MONTGOMERY_9_1, NIST_CUSUM_DATA, NIST_EWMA_DATA

from cxloop.stats import cusum_chart, ewma_chart, pareto

# Montgomery (2009), Introduction to Statistical Quality Control, 6th ed., Table 9.2: the upper
# CUSUM C+ of Table 9.1 (mu0 = 10, sigma = 1, K = 0.5, H = 5), periods 1 to 30, 2 decimals.
MONTGOMERY_C_PLUS = (
    0.00, 0.00, 0.00, 1.16, 2.82, 2.50, 0.04, 1.00, 0.00, 0.00,
    0.00, 0.97, 0.98, 0.00, 0.00, 0.00, 0.12, 0.00, 0.00, 0.34,
    0.74, 0.00, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28, 5.30,
)  # fmt: skip

# NIST/SEMATECH e-Handbook 6.3.2.4: the EWMA of the example (lambda 0.3, EWMA_0 = 50, s = 2.0539),
# periods 1 to 20, as printed to 2 decimals; limits 52.5884 and 47.4115; no point out of control.
NIST_EWMA = (
    50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33,
    50.11, 49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99,
)  # fmt: skip

# NIST/SEMATECH e-Handbook 6.3.2.3: S_hi of the tabular CUSUM (target 325, k = 0.3175, h = 4.1959
# in data units, sigma of the means 0.635), 2 decimals; groups 14 to 20 are flagged.
NIST_S_HI = (
    0.00, 0.00, 0.00, 0.00, 0.03, 0.00, 0.00, 0.00, 0.00, 0.00,
    0.00, 0.00, 3.01, 4.94, 7.45, 10.63, 11.99, 14.44, 16.00, 19.04,
)  # fmt: skip
NIST_S_LO = (
    0.00, 0.01, 0.00, 0.33, 0.00, 0.00, 0.56, 0.72, 0.17, 0.25,
    0.31, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00,
)  # fmt: skip


def test_cusum_reproduces_montgomery_table_9_2() -> None:
    r = cusum_chart(MONTGOMERY_9_1, k=0.5, h=5, target=10, sigma=1)
    np.testing.assert_allclose(r.upper, MONTGOMERY_C_PLUS, atol=0.005 + 1e-9)
    # Montgomery: C+ first exceeds H = 5 at period 29 (index 28); the lower side never signals.
    assert r.alarms_upper == (28, 29)
    assert r.alarms_lower == ()
    assert r.alarms == (28, 29)
    assert (r.decision_interval, r.reference_value) == (5.0, 0.5)


def test_cusum_reproduces_the_nist_handbook_example_in_sigma_units() -> None:
    sigma = 0.635
    r = cusum_chart(NIST_CUSUM_DATA, k=0.3175 / sigma, h=4.1959 / sigma, target=325, sigma=sigma)
    np.testing.assert_allclose(r.upper, NIST_S_HI, atol=0.005 + 1e-9)
    np.testing.assert_allclose(r.lower, NIST_S_LO, atol=0.005 + 1e-9)
    assert r.alarms_upper == tuple(range(13, 20))  # NIST flags groups 14 to 20


def test_ewma_reproduces_montgomery_example_9_2() -> None:
    # Montgomery Example 9.2: lambda = 0.1, L = 2.7 on Table 9.1; z_1 = 9.945, z_2 = 9.7495;
    # the chart signals at periods 29 and 30; the exact limits approach 10 +/- 0.6194.
    r = ewma_chart(MONTGOMERY_9_1, lam=0.1, L=2.7, target=10, sigma=1)
    assert r.statistic[:2] == pytest.approx([9.945, 9.7495], abs=1e-10)
    assert r.statistic[28] == pytest.approx(10.6468, abs=5e-5)
    assert r.alarms == (28, 29)
    # first limit: 10 + 2.7 sqrt(0.1/1.9 (1 - 0.9^2)) = 10.27
    assert r.upper[0] == pytest.approx(10 + 2.7 * np.sqrt(0.1 / 1.9 * 0.19))
    assert r.upper[-1] == pytest.approx(10.6189, abs=5e-5)


def test_ewma_reproduces_the_nist_handbook_example() -> None:
    r = ewma_chart(NIST_EWMA_DATA, lam=0.3, L=3, target=50, sigma=2.0539, limits="asymptotic")
    np.testing.assert_allclose(r.statistic, NIST_EWMA, atol=0.005 + 1e-9)
    assert r.upper[0] == pytest.approx(52.5884, abs=5e-5)
    assert r.lower[0] == pytest.approx(47.4115, abs=1e-4)  # NIST rounds sqrt(.3/1.7) to 0.4201
    assert r.alarms == ()


def test_charts_estimate_target_and_sigma_from_moving_ranges_when_not_given() -> None:
    x = np.array([10.0, 12, 11, 13, 12])
    r = ewma_chart(x)
    assert r.target == pytest.approx(11.6)
    assert r.sigma == pytest.approx(np.mean([2, 1, 2, 1]) / 1.128)
    c = cusum_chart(x)
    assert (c.target, c.sigma) == (r.target, r.sigma)


def test_chart_results_serialise_to_json() -> None:
    r = cusum_chart(MONTGOMERY_9_1, target=10, sigma=1)
    data = json.loads(json.dumps(r.to_dict()))
    assert data["upper"][28] == pytest.approx(5.28)
    assert data["alarms"] == [28, 29]
    assert not r.upper.flags.writeable


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ewma_chart([]), "empty"),
        (lambda: ewma_chart([1.0, np.nan]), "NaN"),
        (lambda: ewma_chart([1.0, np.inf]), "infinite"),
        (lambda: ewma_chart([3.0, 3.0, 3.0]), "constant"),
        (lambda: ewma_chart([3.0]), "at least 2 observations"),
        (lambda: ewma_chart([1.0, 2.0], lam=0), "lam"),
        (lambda: ewma_chart([1.0, 2.0], limits=cast(Any, "steady")), "unknown limits"),
        (lambda: ewma_chart([1.0, 2.0], sigma=-1), "sigma must be a positive"),
        (lambda: cusum_chart([1.0, 2.0], h=0), "h must be a positive"),
        (lambda: cusum_chart([1.0, 2.0], k=-0.5), "k must be"),
        (lambda: cusum_chart(cast(Any, [[1.0, 2.0]])), "1-D"),
    ],
)
def test_chart_input_is_checked(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_pareto_reproduces_the_qcc_documentation_example() -> None:
    # qcc::pareto.chart example: defect <- c(80, 27, 66, 94, 33) named "price code",
    # "schedule date", "supplier code", "contact num.", "part num."; the printed table is
    # contact num. 94 (31.33 %), price code 80 (58.00 % cumulative), supplier code 66 (80.00 %),
    # part num. 33 (91.00 %), schedule date 27 (100 %).
    defect = {
        "price code": 80,
        "schedule date": 27,
        "supplier code": 66,
        "contact num.": 94,
        "part num.": 33,
    }
    r = pareto(defect)
    assert r.labels == ("contact num.", "price code", "supplier code", "part num.", "schedule date")
    assert r.counts == (94, 80, 66, 33, 27)
    assert r.cumulative_counts == (94, 174, 240, 273, 300)
    assert [round(100 * s, 5) for s in r.shares] == [31.33333, 26.66667, 22.0, 11.0, 9.0]
    assert [round(100 * s, 5) for s in r.cumulative_shares] == [31.33333, 58.0, 80.0, 91.0, 100.0]
    assert r.vital_few == ("contact num.", "price code", "supplier code")  # exactly 80 % counts


def test_pareto_keeps_input_order_for_ties_and_accepts_labels() -> None:
    r = pareto([5, 9, 5, 1], labels=["a", "b", "c", "d"], threshold=0.5)
    assert r.labels == ("b", "a", "c", "d")
    assert r.vital_few == ("b", "a")  # 9/20 = 45 % < 50 %, 14/20 = 70 %
    assert pareto([3, 1]).labels == ("1", "2")


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([0, 0],), {}, "all counts are 0"),
        (([1, -2],), {}, "negative"),
        (([1, 2.5],), {}, "whole-number"),
        (([1, 2], ["a"]), {}, "labels has 1 names"),
        (([1, 2], ["a", "a"]), {}, "unique"),
        (([1, 2],), {"threshold": 0}, "threshold"),
        (({"a": 1}, ["a"]), {}, "only with a sequence"),
    ],
)
def test_pareto_refuses_bad_input(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        pareto(*args, **kwargs)
