"""Control charts for individual observations: EWMA and the two-sided tabular CUSUM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import signal

from cxloop.stats._base import Result, frozen_array
from cxloop.stats._validation import FloatArray, as_float_array, check_positive

#: d2 for moving ranges of two observations, as tabled (Montgomery, Appendix VI).
D2_MOVING_RANGE = 1.128


@dataclass(frozen=True, eq=False)
class EwmaResult(Result):
    """EWMA chart: ``statistic[i]`` is z_i; ``lower``/``upper`` are its control limits at i.

    ``alarms`` are the (0-based) indices where z_i falls outside its limits.
    """

    statistic: np.ndarray[Any, Any]
    center: float
    lower: np.ndarray[Any, Any]
    upper: np.ndarray[Any, Any]
    alarms: tuple[int, ...]
    lam: float
    L: float
    target: float
    sigma: float
    limits: str


@dataclass(frozen=True, eq=False)
class CusumResult(Result):
    """Tabular CUSUM: ``upper`` is C+ (upward shifts), ``lower`` is C- (downward shifts), both >= 0.

    A signal is a C+ or C- above ``decision_interval`` (= h * sigma). ``alarms_upper`` and
    ``alarms_lower`` are the (0-based) signalling indices of each side, ``alarms`` their union.
    """

    upper: np.ndarray[Any, Any]
    lower: np.ndarray[Any, Any]
    decision_interval: float
    reference_value: float
    alarms_upper: tuple[int, ...]
    alarms_lower: tuple[int, ...]
    alarms: tuple[int, ...]
    k: float
    h: float
    target: float
    sigma: float


def _target_and_sigma(
    x: FloatArray, target: float | None, sigma: float | None
) -> tuple[float, float]:
    """The in-control mean and SD: given, or estimated (mean; average moving range / d2)."""
    mu = float(x.mean()) if target is None else float(target)
    if not np.isfinite(mu):
        raise ValueError(f"target must be a finite number, got {target!r}")
    if sigma is not None:
        return mu, check_positive(sigma, "sigma")
    if x.size < 2:
        raise ValueError("estimating sigma from moving ranges needs at least 2 observations")
    s = float(np.abs(np.diff(x)).mean()) / D2_MOVING_RANGE
    if s == 0.0:
        raise ValueError("the series is constant, so sigma cannot be estimated; pass sigma=")
    return mu, s


def ewma_chart(
    series: Sequence[float] | np.ndarray[Any, Any],
    *,
    lam: float = 0.2,
    L: float = 3,
    target: float | None = None,
    sigma: float | None = None,
    limits: Literal["exact", "asymptotic"] = "exact",
) -> EwmaResult:
    """Exponentially weighted moving average chart for individual observations.

    ``z_i = lam * x_i + (1 - lam) * z_(i-1)`` with ``z_0 = target``. The exact limits are
    ``target +/- L * sigma * sqrt(lam / (2 - lam) * (1 - (1 - lam)^(2 i)))``; ``limits="asymptotic"``
    drops the last factor (as the NIST handbook does). Without ``target`` the series mean is used,
    without ``sigma`` the average moving range / 1.128 (both phase-I estimates).

    References: Roberts, S. W. (1959) "Control chart tests based on geometric moving averages",
    Technometrics 1(3), 239-250. Montgomery, D. C. (2009) Introduction to Statistical Quality Control,
    6th ed., Wiley, section 9.2. NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.4.
    """
    x = as_float_array(series, "series")
    lam_f = float(lam)
    if not 0.0 < lam_f <= 1.0:
        raise ValueError(f"lam must be in (0, 1], got {lam!r}")
    width = check_positive(L, "L")
    if limits not in ("exact", "asymptotic"):
        raise ValueError(f"unknown limits {limits!r}; use 'exact' or 'asymptotic'")
    mu, s = _target_and_sigma(x, target, sigma)
    z, _ = signal.lfilter([lam_f], [1.0, -(1.0 - lam_f)], x, zi=[(1.0 - lam_f) * mu])
    i = np.arange(1, x.size + 1)
    factor = np.full(x.size, lam_f / (2.0 - lam_f))
    if limits == "exact":
        factor *= 1.0 - (1.0 - lam_f) ** (2 * i)
    half = width * s * np.sqrt(factor)
    lower, upper = mu - half, mu + half
    alarms = np.flatnonzero((z > upper) | (z < lower))
    return EwmaResult(
        statistic=frozen_array(z),
        center=mu,
        lower=frozen_array(lower),
        upper=frozen_array(upper),
        alarms=tuple(int(a) for a in alarms),
        lam=lam_f,
        L=width,
        target=mu,
        sigma=s,
        limits=limits,
    )


def cusum_chart(
    series: Sequence[float] | np.ndarray[Any, Any],
    *,
    k: float = 0.5,
    h: float = 5,
    target: float | None = None,
    sigma: float | None = None,
) -> CusumResult:
    """Two-sided tabular CUSUM for individual observations; ``k`` and ``h`` in units of sigma.

    ``C+_i = max(0, x_i - (target + K) + C+_(i-1))`` and ``C-_i = max(0, (target - K) - x_i +
    C-_(i-1))`` with ``K = k sigma``, starting from 0; a side signals when it exceeds ``H = h sigma``.
    The sums are not reset after a signal. Without ``target``/``sigma`` they are estimated as in
    :func:`ewma_chart`.

    References: Page, E. S. (1954) "Continuous inspection schemes", Biometrika 41(1/2), 100-115.
    Montgomery, D. C. (2009) Introduction to Statistical Quality Control, 6th ed., Wiley, section
    9.1 (the tabular CUSUM). NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.3.
    """
    x = as_float_array(series, "series")
    k_f = float(k)
    if not np.isfinite(k_f) or k_f < 0:
        raise ValueError(f"k must be a non-negative number, got {k!r}")
    h_f = check_positive(h, "h")
    mu, s = _target_and_sigma(x, target, sigma)
    ref = k_f * s
    c_plus = np.empty(x.size)
    c_minus = np.empty(x.size)
    cp = cm = 0.0
    for i, v in enumerate(x.tolist()):
        cp = max(0.0, v - (mu + ref) + cp)
        cm = max(0.0, (mu - ref) - v + cm)
        c_plus[i] = cp
        c_minus[i] = cm
    big_h = h_f * s
    up = np.flatnonzero(c_plus > big_h)
    down = np.flatnonzero(c_minus > big_h)
    return CusumResult(
        upper=frozen_array(c_plus),
        lower=frozen_array(c_minus),
        decision_interval=big_h,
        reference_value=ref,
        alarms_upper=tuple(int(a) for a in up),
        alarms_lower=tuple(int(a) for a in down),
        alarms=tuple(int(a) for a in np.union1d(up, down)),
        k=k_f,
        h=h_f,
        target=mu,
        sigma=s,
    )
