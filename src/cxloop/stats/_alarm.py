"""Early warning on complaint counts: the Farrington algorithm and a plain Poisson limit.

Both compare each count with a seasonal baseline: the same period in each of the ``b`` previous
years, ``w`` periods either side. For daily counts the baseline keeps to the same weekday (a "year"
is 52 weeks = 364 days and the window moves in whole weeks), because complaint volumes follow the
working week. All (unit, time) fits are done together in NumPy, in chunks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import stats as sps

from cxloop.stats._base import Result, frozen_array
from cxloop.stats._validation import FloatArray, IntArray, as_counts

#: (observations per year, step between neighbouring baseline points) for each frequency.
FREQUENCIES: dict[str, tuple[int, int]] = {"weekly": (52, 1), "daily": (364, 7), "monthly": (12, 1)}

_CHUNK = 1024  # fits per batch: small enough for the working arrays to stay in cache (measured)
_MAX_ITER = 25  # as R's glm.fit
_EPS = 1e-8  # relative deviance change, as R's glm.fit


@dataclass(frozen=True, eq=False)
class CountAlarmResult(Result):
    """Expected counts, upper thresholds and alarms for the evaluated periods.

    Arrays have the shape of the evaluated part of ``counts``: ``(T - start,)`` for one series or
    ``(units, T - start)`` for several; column ``i`` is period ``start + i`` of the input.
    ``alarms`` lists the alarming period indices of the input (one series) or ``(unit, period)``
    pairs (several). ``trend`` tells where the Farrington fit kept its time trend.
    """

    method: str
    freq: str
    start: int
    observed: np.ndarray[Any, Any]
    expected: np.ndarray[Any, Any]
    upper: np.ndarray[Any, Any]
    alarm: np.ndarray[Any, Any]
    trend: np.ndarray[Any, Any]
    alarms: tuple[int, ...] | tuple[tuple[int, int], ...]
    b: int
    w: int
    alpha: float


def baseline_offsets(freq: str, b: int, w: int) -> IntArray:
    """Offsets (negative, in periods) of the baseline points of the period at offset 0."""
    season, step = FREQUENCIES[freq]
    if b == 0:
        return -step * np.arange(w, 0, -1)
    return np.array(
        [-j * season + m * step for j in range(b, 0, -1) for m in range(-w, w + 1)], dtype=np.int64
    )


def count_alarm(
    counts: Sequence[Any] | np.ndarray[Any, Any],
    *,
    method: Literal["farrington", "poisson"] = "farrington",
    freq: Literal["weekly", "daily", "monthly"] = "weekly",
    b: int = 3,
    w: int = 3,
    alpha: float = 0.01,
    trend: bool = True,
    reweight: bool = True,
    reweight_threshold: float = 1.0,
    limit54: tuple[int, int] = (5, 4),
) -> CountAlarmResult:
    """Flag counts that exceed what the seasonal baseline predicts.

    ``counts`` is one series of counts or a units x periods matrix (e.g. 1,000 service units x
    5 years of days). Every period with a full baseline is evaluated.

    ``method="farrington"`` (Farrington et al. 1996, as in R surveillance's ``algo.farrington``):
    a quasi-Poisson log-linear model with a linear time trend is fitted to the ``b * (2w + 1)``
    baseline counts; baseline points with Anscombe residuals above ``reweight_threshold`` are down-
    weighted (weight proportional to residual^-2) and the model refitted; the trend is kept only if
    it is significant at 5 %, ``b >= 3`` and the prediction does not exceed the largest baseline
    count. The threshold is the upper ``1 - alpha/2`` limit of the prediction interval on the 2/3-power
    scale, with dispersion ``max(phi, 1)``. An alarm needs the count above the threshold and at least
    ``limit54[0]`` counts in the last ``limit54[1]`` periods. A baseline of zeros predicts 0, with
    threshold 0. (Noufaily et al. 2013 suggest ``reweight_threshold=2.58``.)

    ``method="poisson"``: the threshold is the ``1 - alpha`` quantile of a Poisson distribution
    whose mean is the mean of the baseline counts (with ``b=0``: of the ``w`` previous periods,
    same weekday for daily counts).

    References: Farrington, C. P., Andrews, N. J., Beale, A. D. & Catchpole, M. A. (1996) "A
    statistical algorithm for the early detection of outbreaks of infectious disease", Journal of the
    Royal Statistical Society A 159(3), 547-563. Noufaily, A. et al. (2013) "An improved algorithm
    for outbreak detection in multiple surveillance systems", Statistics in Medicine 32(7),
    1206-1222. Höhle, M. (2007) "surveillance: an R package for the monitoring of infectious
    diseases", Computational Statistics 22(4), 571-582.
    """
    c = np.asarray(counts, dtype=object)
    single = c.ndim == 1
    y = as_counts(counts, "counts", ndim=1 if single else 2)
    if single:
        y = y[None, :]
    if method not in ("farrington", "poisson"):
        raise ValueError(f"unknown method {method!r}; use 'farrington' or 'poisson'")
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown freq {freq!r}; use one of {sorted(FREQUENCIES)}")
    b_i, w_i = _whole(b, "b"), _whole(w, "w")
    if method == "farrington" and b_i < 1:
        raise ValueError("the Farrington method needs b >= 1 years of baseline")
    if b_i == 0 and w_i < 1:
        raise ValueError("with b=0 the baseline is the w previous periods, so w must be >= 1")
    a = float(alpha)
    if not 0.0 < a < 1.0:
        raise ValueError(f"alpha must be strictly between 0 and 1, got {alpha!r}")
    threshold = float(reweight_threshold)
    if not (np.isfinite(threshold) and threshold > 0):
        raise ValueError(
            f"reweight_threshold must be a positive number, got {reweight_threshold!r}"
        )
    min_cases, recent = (_whole(v, "limit54") for v in limit54)
    if recent < 1:
        raise ValueError("limit54 must be (cases, periods) with periods >= 1")
    offsets = baseline_offsets(freq, b_i, w_i)
    start = int(-offsets.min())
    periods = y.shape[1]
    if periods <= start:
        season = FREQUENCIES[freq][0]
        raise ValueError(
            f"counts has {periods} periods; b={b_i} years of {freq} baseline with w={w_i} needs "
            f"more than {start} (one year is {season} periods)"
        )
    t = np.arange(start, periods)
    observed = y[:, start:]
    if method == "farrington":
        expected, upper, kept = _farrington(
            y, t, offsets, freq, a, trend and b_i >= 3, reweight, threshold
        )
        window = np.cumsum(np.pad(y, ((0, 0), (1, 0))), axis=1)
        recent_sum = window[:, t + 1] - window[:, np.maximum(t + 1 - recent, 0)]
        alarm = (observed > upper) & (recent_sum >= min_cases)
    else:
        lam = y[:, t[:, None] + offsets[None, :]].mean(axis=2)
        expected = lam
        upper = sps.poisson.ppf(1.0 - a, lam).astype(float)
        kept = np.zeros(expected.shape, dtype=bool)
        alarm = observed > upper
    u, i = np.nonzero(alarm)
    if single:
        alarms: Any = tuple(int(start + ii) for ii in i)
    else:
        alarms = tuple((int(uu), int(start + ii)) for uu, ii in zip(u, i, strict=True))

    def shaped(arr: np.ndarray[Any, Any], dtype: Any = float) -> np.ndarray[Any, Any]:
        return frozen_array(arr[0] if single else arr, dtype=dtype)

    return CountAlarmResult(
        method=method,
        freq=freq,
        start=start,
        observed=shaped(observed, np.int64),
        expected=shaped(expected),
        upper=shaped(upper),
        alarm=shaped(alarm, bool),
        trend=shaped(kept, bool),
        alarms=alarms,
        b=b_i,
        w=w_i,
        alpha=a,
    )


def _whole(value: Any, name: str) -> int:
    try:
        ok = not isinstance(value, bool) and int(value) == value and int(value) >= 0
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")
    return int(value)


def _farrington(
    y: IntArray,
    t: IntArray,
    offsets: IntArray,
    freq: str,
    alpha: float,
    trend: bool,
    reweight: bool,
    threshold: float,
) -> tuple[FloatArray, FloatArray, np.ndarray[Any, Any]]:
    """(expected, upper, trend kept) for every unit x evaluated period."""
    units = y.shape[0]
    season = FREQUENCIES[freq][0]
    x = offsets / season  # baseline time in years before the evaluated period (at 0)
    z = float(sps.norm.ppf(1.0 - alpha / 2.0))
    flat_u = np.repeat(np.arange(units), t.size)
    flat_t = np.tile(t, units)
    expected = np.empty(flat_u.size)
    upper = np.empty(flat_u.size)
    kept = np.zeros(flat_u.size, dtype=bool)
    for lo in range(0, flat_u.size, _CHUNK):
        sl = slice(lo, lo + _CHUNK)
        base = y[flat_u[sl, None], flat_t[sl, None] + offsets[None, :]].astype(float)
        mu0, var_eta, phi, used = _fit_and_predict(base, x, trend, reweight, threshold)
        tau = phi + mu0 * var_eta
        se = np.sqrt(4.0 / 9.0 * np.cbrt(mu0) * tau)
        upper[sl] = (mu0 ** (2.0 / 3.0) + z * se) ** 1.5
        expected[sl] = mu0
        kept[sl] = used
    shape = (units, t.size)
    return expected.reshape(shape), upper.reshape(shape), kept.reshape(shape)


def _fit_and_predict(
    base: FloatArray, x: FloatArray, trend: bool, reweight: bool, threshold: float
) -> tuple[FloatArray, FloatArray, FloatArray, np.ndarray[Any, Any]]:
    """Fit each row of ``base``; return mu0, Var(eta0), phi (>= 1) and whether the trend was kept.

    A row of zeros gets mu0 = 0 and Var(eta0) = 0 (threshold 0).
    """
    m = base.shape[0]
    mu0, var_eta, phi = _fit_constant(base, reweight, threshold)
    used = np.zeros(m, dtype=bool)
    if trend:
        rows = np.flatnonzero(base.max(axis=1) > 0)
        if rows.size:
            # Sparse rows can drive a trend fit to mu -> 0 or overflow; such fits come back
            # non-finite, count as not converged and keep the constant model, so the warnings
            # NumPy would raise on the way say nothing the result does not already say.
            with np.errstate(all="ignore"):
                t_mu0, t_var, t_phi, keep = _fit_trend(base[rows], x, reweight, threshold)
            sel = rows[keep]
            mu0[sel], var_eta[sel], phi[sel] = t_mu0[keep], t_var[keep], t_phi[keep]
            used[sel] = True
    return mu0, var_eta, phi, used


def _fit_constant(
    base: FloatArray, reweight: bool, threshold: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Intercept-only quasi-Poisson fit, in closed form (the weighted mean is the MLE)."""
    n = base.shape[1]
    omega = np.ones_like(base)
    zero = base.max(axis=1) == 0
    safe = np.where(zero[:, None], 1.0, base)
    mu = safe.mean(axis=1)
    phi = np.maximum(_pearson(safe, mu[:, None], omega, n - 1), 1.0)
    if reweight:
        hat = 1.0 / n  # x_i' (X'WX)^-1 x_i W_i for an intercept with equal weights
        s = _anscombe(safe, mu[:, None], phi[:, None], hat)
        omega = _weights(s, threshold)
        mu = (omega * safe).sum(axis=1) / omega.sum(axis=1)
        phi = np.maximum(_pearson(safe, mu[:, None], omega, n - 1), 1.0)
    var_eta = phi / (mu * omega.sum(axis=1))
    mu = np.where(zero, 0.0, mu)
    var_eta = np.where(zero, 0.0, var_eta)
    phi = np.where(zero, 1.0, phi)
    return mu, var_eta, phi


def _fit_trend(
    base: FloatArray, x: FloatArray, reweight: bool, threshold: float
) -> tuple[FloatArray, FloatArray, FloatArray, np.ndarray[Any, Any]]:
    """Quasi-Poisson fit with a linear trend; which rows keep it by the Farrington rules."""
    n = base.shape[1]
    omega = np.ones_like(base)
    beta, inv, converged = _irls(base, x, omega, None)
    mu = np.exp(beta[:, :1] + beta[:, 1:] * x)
    phi = np.maximum(_pearson(base, mu, omega, n - 2), 1.0)
    if reweight:
        w_mu = omega * mu
        hat = w_mu * (inv[:, 0, 0, None] + 2 * inv[:, 0, 1, None] * x + inv[:, 1, 1, None] * x * x)
        s = _anscombe(base, mu, phi[:, None], hat)
        omega = _weights(s, threshold)
        beta, inv, conv2 = _irls(base, x, omega, beta)
        converged &= conv2
        mu = np.exp(beta[:, :1] + beta[:, 1:] * x)
    raw_phi = _pearson(base, mu, omega, n - 2)
    phi = np.maximum(raw_phi, 1.0)
    # the trend's t-test uses the estimated dispersion, as summary.glm does for quasi families
    se_slope = np.sqrt(np.maximum(raw_phi * inv[:, 1, 1], 1e-300))
    p = 2.0 * sps.t.sf(np.abs(beta[:, 1]) / se_slope, n - 2)
    mu0 = np.exp(beta[:, 0])
    keep = converged & np.isfinite(phi) & (p < 0.05) & (mu0 <= base.max(axis=1))
    return mu0, phi * inv[:, 0, 0], phi, keep


def _irls(
    y: FloatArray, x: FloatArray, omega: FloatArray, start: FloatArray | None
) -> tuple[FloatArray, FloatArray, np.ndarray[Any, Any]]:
    """Poisson log-linear fits ``log mu = b0 + b1 x`` with prior weights, one per row (IRLS).

    Returns beta (m x 2), the unscaled covariance (X'WX)^-1 (m x 2 x 2) and convergence flags.
    """
    m = y.shape[0]
    # without a start, R's poisson()$initialize: mustart = y + 0.1
    eta = np.log(y + 0.1) if start is None else start[:, :1] + start[:, 1:] * x
    mu = np.exp(eta)
    dev_old = np.full(m, np.inf)
    active = np.ones(m, dtype=bool)
    beta = np.zeros((m, 2))
    a00 = a01 = a11 = np.zeros(m)
    for _ in range(_MAX_ITER):
        wt = omega * mu
        zw = eta + (y - mu) / mu
        a00 = wt.sum(axis=1)
        a01 = (wt * x).sum(axis=1)
        a11 = (wt * x * x).sum(axis=1)
        r0 = (wt * zw).sum(axis=1)
        r1 = (wt * x * zw).sum(axis=1)
        det = a00 * a11 - a01 * a01
        beta = np.column_stack([(a11 * r0 - a01 * r1) / det, (a00 * r1 - a01 * r0) / det])
        eta = beta[:, :1] + beta[:, 1:] * x
        mu = np.exp(eta)
        dev = 2.0 * (omega * (_xlogy_ratio(y, mu) - (y - mu))).sum(axis=1)
        active = np.abs(dev - dev_old) / (np.abs(dev) + 0.1) >= _EPS
        dev_old = dev
        if not active.any():
            break
    wt = omega * mu
    a00 = wt.sum(axis=1)
    a01 = (wt * x).sum(axis=1)
    a11 = (wt * x * x).sum(axis=1)
    det = a00 * a11 - a01 * a01
    inv = np.empty((m, 2, 2))
    inv[:, 0, 0] = a11 / det
    inv[:, 1, 1] = a00 / det
    inv[:, 0, 1] = inv[:, 1, 0] = -a01 / det
    converged = ~active & np.isfinite(beta).all(axis=1) & (det > 0)
    return beta, inv, converged


def _xlogy_ratio(y: FloatArray, mu: FloatArray) -> FloatArray:
    """y * log(y / mu), with 0 where y is 0."""
    out = np.zeros_like(y)
    pos = y > 0
    out[pos] = y[pos] * np.log(y[pos] / np.broadcast_to(mu, y.shape)[pos])
    return out


def _pearson(y: FloatArray, mu: FloatArray, omega: FloatArray, df: int) -> FloatArray:
    """Pearson dispersion estimate sum(omega (y - mu)^2 / mu) / df."""
    out: FloatArray = (omega * (y - mu) ** 2 / mu).sum(axis=1) / df
    return out


def _anscombe(
    y: FloatArray, mu: FloatArray, phi: FloatArray, hat: FloatArray | float
) -> FloatArray:
    """Standardised Anscombe residuals 3/2 (y^(2/3) mu^(-1/6) - mu^(1/2)) / sqrt(phi (1 - h))."""
    raw = 1.5 * (np.cbrt(y * y) * mu ** (-1.0 / 6.0) - np.sqrt(mu))
    out: FloatArray = raw / np.sqrt(phi * np.maximum(1.0 - hat, 1e-12))
    return out


def _weights(s: FloatArray, threshold: float) -> FloatArray:
    """Farrington's weights: gamma * s^-2 above the threshold, gamma below; they sum to n per row."""
    high = s > threshold
    w = np.where(high, 1.0 / np.where(high, s * s, 1.0), 1.0)
    out: FloatArray = w * (s.shape[1] / w.sum(axis=1, keepdims=True))
    return out
