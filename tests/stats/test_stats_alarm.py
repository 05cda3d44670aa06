"""count_alarm: Farrington against a point-by-point reference, the Poisson limit, and behaviour."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pytest
from scipy import stats as sps

from cxloop.stats import count_alarm


def _glm_poisson(
    y: np.ndarray, design: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted Poisson GLM (log link) by IRLS, one point at a time, as R's glm.fit does it:
    start from mu = y + 0.1, iterate weighted least squares on the working response until the
    relative change in deviance is below 1e-8. Returns (beta, mu, (X'WX)^-1)."""
    mu = y + 0.1
    eta = np.log(mu)
    dev_old = np.inf
    for _ in range(100):
        w = weights * mu
        zw = eta + (y - mu) / mu
        xtwx = design.T @ (w[:, None] * design)
        beta = np.linalg.solve(xtwx, design.T @ (w * zw))
        eta = design @ beta
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = 2 * np.sum(weights * (np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-8:
            break
        dev_old = dev
    w = weights * mu
    return beta, mu, np.linalg.inv(design.T @ (w[:, None] * design))


def _fit(
    y: np.ndarray, wtime: np.ndarray, trend: bool, reweight: bool = True
) -> tuple[np.ndarray, np.ndarray, float, float]:
    """algo.farrington.fitGLM.fast: fit, phi = max(dispersion, 1), Anscombe reweighting, refit."""
    design = np.column_stack([np.ones_like(wtime), wtime]) if trend else np.ones((len(y), 1))
    df = len(y) - design.shape[1]
    weights = np.ones_like(y)
    beta, mu, inv = _glm_poisson(y, design, weights)
    phi = max(np.sum((y - mu) ** 2 / mu) / df, 1.0)
    if reweight:
        hat = np.einsum("ij,jk,ik->i", design, inv, design) * mu
        s = 1.5 * (y ** (2 / 3) * mu ** (-1 / 6) - mu**0.5) / np.sqrt(phi * (1 - hat))
        inv_sq = np.where(s > 1, 1.0 / np.where(s > 1, s * s, 1.0), 1.0)  # s^-2 above 1, else 1
        weights = inv_sq * len(s) / inv_sq.sum()  # gamma scales the weights to sum to n
        beta, mu, inv = _glm_poisson(y, design, weights)
    raw_phi = np.sum(weights * (y - mu) ** 2 / mu) / df
    return beta, inv, raw_phi, max(raw_phi, 1.0)


def _farrington_point(
    x: np.ndarray, k: int, b: int = 3, w: int = 3, freq: int = 52, alpha: float = 0.01
) -> tuple[float, float, bool]:
    """One period of surveillance::algo.farrington, written out literally (no batching)."""
    wtime = np.array([k - freq * i + m for i in range(b, 0, -1) for m in range(-w, w + 1)], float)
    y = x[wtime.astype(int)].astype(float)
    beta, inv, raw_phi, phi = _fit(y, wtime, trend=True)
    mu0 = np.exp(beta[0] + beta[1] * k)
    p = 2 * sps.t.sf(abs(beta[1]) / np.sqrt(raw_phi * inv[1, 1]), len(y) - 2)
    kept = bool(p < 0.05 and b >= 3 and mu0 <= y.max())
    if kept:
        x0 = np.array([1.0, k])
    else:
        beta, inv, raw_phi, phi = _fit(y, wtime, trend=False)
        x0 = np.array([1.0])
    mu0 = float(np.exp(x0 @ beta))
    se_fit = mu0 * np.sqrt(phi * x0 @ inv @ x0)  # predict.glm(..., dispersion = phi, "response")
    tau = phi + se_fit**2 / mu0
    se = np.sqrt(4 / 9 * mu0 ** (1 / 3) * tau)
    upper = (mu0 ** (2 / 3) + sps.norm.ppf(1 - alpha / 2) * se) ** 1.5
    return mu0, upper, kept


def _series(seed: int, weeks: int = 52 * 5, slope: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(weeks)
    mean = np.exp(np.log(12) + 0.3 * np.sin(2 * np.pi * t / 52) + slope * t / 52)
    return rng.negative_binomial(5, 5 / (5 + mean)).astype(np.int64)  # overdispersed counts


@pytest.mark.parametrize(("seed", "slope"), [(1, 0.0), (2, 0.25), (3, -0.3)])
def test_farrington_matches_the_point_by_point_reference(seed: int, slope: float) -> None:
    x = _series(seed, slope=slope)
    r = count_alarm(x, method="farrington", freq="weekly")
    assert r.start == 3 * 52 + 3
    assert r.expected.shape == (x.size - r.start,)
    ref = np.array([_farrington_point(x, k) for k in range(r.start, x.size)])
    np.testing.assert_allclose(r.expected, ref[:, 0], rtol=1e-6)
    np.testing.assert_allclose(r.upper, ref[:, 1], rtol=1e-6)
    np.testing.assert_array_equal(r.trend, ref[:, 2].astype(bool))
    if slope:
        assert r.trend.any()  # a real trend is kept somewhere


def test_farrington_flags_an_outbreak_and_only_there() -> None:
    x = _series(4)
    x[-6:-3] += 40  # three weeks of excess complaints
    r = count_alarm(x)
    outbreak = set(range(x.size - 6, x.size - 3))
    assert outbreak <= set(r.alarms)
    assert len(set(r.alarms) - outbreak) <= 2
    i = x.size - 5 - r.start
    assert r.alarm[i] and r.observed[i] > r.upper[i] > r.expected[i]


def test_farrington_needs_five_cases_in_the_last_four_periods() -> None:
    x = np.zeros(52 * 4, dtype=int)
    x[-1] = 3  # above a zero baseline, but only 3 cases in 4 weeks
    r = count_alarm(x)
    assert (r.expected[-1], r.upper[-1]) == (0.0, 0.0)
    assert r.alarms == ()
    x[-2] = 2
    # period -2 has 2 cases in its last 4 weeks (no alarm), period -1 has 5 (alarm)
    assert count_alarm(x).alarms == (x.size - 1,)
    assert count_alarm(x, limit54=(0, 1)).alarms == (x.size - 2, x.size - 1)


def test_several_units_are_the_same_as_one_unit_at_a_time() -> None:
    units = np.stack([_series(s) for s in (5, 6, 7)])
    units[1, -2] += 60
    r = count_alarm(units)
    assert r.expected.shape == (3, units.shape[1] - r.start)
    for u in range(3):
        one = count_alarm(units[u])
        np.testing.assert_allclose(r.upper[u], one.upper)
        unit_alarms = cast("tuple[tuple[int, int], ...]", r.alarms)
        assert [i for uu, i in unit_alarms if uu == u] == list(one.alarms)
    assert (1, units.shape[1] - 2) in r.alarms


def test_daily_baselines_keep_the_weekday() -> None:
    rng = np.random.default_rng(8)
    days = 364 * 3 + 60
    weekday = np.arange(days) % 7
    x = rng.poisson(np.where(weekday >= 5, 2.0, 20.0))  # quiet weekends
    r = count_alarm(x, freq="daily", b=2, method="poisson")
    assert r.start == 2 * 364 + 21
    # the expected count of a Saturday comes from Saturdays only
    sat = next(i for i in range(r.start, days) if weekday[i] == 5)
    assert r.expected[sat - r.start] < 4
    assert r.expected[sat + 2 - r.start] > 15


def test_poisson_limit_is_the_poisson_quantile_of_the_baseline_mean() -> None:
    x = _series(9)
    r = count_alarm(x, method="poisson", alpha=0.001)
    k = x.size - 1
    base = [x[k - 52 * j + m] for j in (1, 2, 3) for m in range(-3, 4)]
    lam = np.mean(base)
    assert r.expected[-1] == pytest.approx(lam)
    assert r.upper[-1] == sps.poisson.ppf(0.999, lam)
    assert r.alarm[-1] == (x[-1] > r.upper[-1])


def test_poisson_with_no_seasonal_years_uses_the_previous_periods() -> None:
    x = np.array([4, 6, 5, 30, 5])
    r = count_alarm(x, method="poisson", b=0, w=3, alpha=0.01)
    assert r.start == 3
    assert r.expected.tolist() == pytest.approx([5.0, 41 / 3])
    assert r.alarms == (3,)


def test_sparse_counts_fall_back_to_the_constant_model_without_warnings() -> None:
    # Mostly-zero baselines can make the trend fit diverge; those fits must fall back quietly
    # (the suite turns every warning into an error).
    sparse = np.random.default_rng(12).poisson(0.05, size=(20, 364 * 3 + 80))
    r = count_alarm(sparse, freq="daily")
    assert np.isfinite(r.expected).all() and np.isfinite(r.upper).all()
    assert (r.upper >= r.expected).all()


def test_result_serialises_to_json() -> None:
    import json

    r = count_alarm(np.stack([_series(10), _series(11)]))
    data = json.loads(json.dumps(r.to_dict()))
    assert len(data["upper"]) == 2
    assert all(isinstance(a, list) and len(a) == 2 for a in data["alarms"])


@pytest.mark.parametrize(
    ("counts", "kwargs", "message"),
    [
        (np.ones(100), {}, "needs more than 159"),
        (np.ones(200), {"method": "cusum"}, "unknown method"),
        (np.ones(200), {"freq": "hourly"}, "unknown freq"),
        (np.ones(200), {"b": 0}, "b >= 1"),
        (np.ones(200), {"b": 1.5}, "whole number"),
        (
            np.ones(200),
            {"limit54": (float("nan"), 4)},
            "limit54 must be a non-negative whole number",
        ),
        (np.r_[np.ones(199), -1], {}, "negative"),
        (np.r_[np.ones(199), 0.5], {}, "whole-number"),
        (np.r_[np.ones(199), np.nan], {}, "NaN"),
        (np.ones(200), {"alpha": 0}, "alpha"),
        (np.ones(200), {"reweight_threshold": -1}, "reweight_threshold"),
        (np.ones(10), {"method": "poisson", "b": 0, "w": 0}, "w must be >= 1"),
        ([], {}, "empty"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(
    counts: Any, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        count_alarm(counts, **kwargs)
