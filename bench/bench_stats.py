"""Benchmarks of cxloop.stats, each against a plain baseline timed in the same run.

    python bench/bench_stats.py            # full sizes (about a minute on 2 cores)
    python bench/bench_stats.py --quick    # small sizes, a few seconds

1. key_drivers on 100,000 responses x 10 drivers. Baseline: the obvious NumPy way, refitting OLS
   (``np.linalg.lstsq`` on the raw data) for each of the 2^10 driver subsets, then the Shapley sum.
2. count_alarm (Farrington) on 5 years of daily counts for 1,000 units. Baselines: a loop calling
   count_alarm once per unit, and a naive loop fitting each (unit, day) on its own, written out as in
   R's surveillance::algo.farrington (timed on a few units and scaled to the full job).
Results are checked against their baselines before any time is reported.
"""

from __future__ import annotations

import math
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import stats as sps

from cxloop.stats import count_alarm, key_drivers
from cxloop.stats._alarm import baseline_offsets


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best, out = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


# ---------------------------------------------------------------- key drivers


def shapley_by_refitting(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Baseline: R² of every subset by least squares on the raw data, then the Shapley weights."""
    n, p = x.shape
    ones = np.ones((n, 1))
    tss = float(((y - y.mean()) ** 2).sum())
    r2 = np.zeros(1 << p)
    for mask in range(1, 1 << p):
        cols = [j for j in range(p) if mask >> j & 1]
        design = np.hstack([ones, x[:, cols]])
        beta = np.linalg.lstsq(design, y, rcond=None)[0]
        resid = y - design @ beta
        r2[mask] = 1 - float(resid @ resid) / tss
    out = np.zeros(p)
    for j in range(p):
        for mask in range(1 << p):
            if not mask >> j & 1:
                s = bin(mask).count("1")
                weight = math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p)
                out[j] += weight * (r2[mask | 1 << j] - r2[mask])
    return out


def bench_key_drivers(rows: int, drivers: int) -> list[list[str]]:
    rng = np.random.default_rng(42)
    latent = rng.normal(size=(rows, 3))
    x = latent @ rng.normal(size=(3, drivers)) + rng.normal(size=(rows, drivers))
    x = np.clip(np.round(3 + x), 1, 5)  # 1-5 ratings of the drivers
    y = np.clip(np.round(x @ rng.uniform(0, 0.3, drivers) + rng.normal(size=rows)), 0, 10)
    t_shap, fast = timed(lambda: key_drivers(x, y, method="shapley"), repeat=3)
    t_rw, _ = timed(lambda: key_drivers(x, y, method="relative_weights"), repeat=3)
    t_base, slow = timed(lambda: shapley_by_refitting(x, y))
    diff = float(np.abs(np.array(fast.raw) - slow).max())
    assert diff < 1e-9, f"Shapley values differ from the baseline by {diff}"
    size = f"{rows:,} x {drivers}"
    return [
        [
            "key_drivers shapley",
            size,
            f"{t_shap * 1e3:.1f} ms",
            "lstsq per subset",
            f"{t_base:.2f} s",
            f"{t_base / t_shap:,.0f}x",
        ],
        [
            "key_drivers relative_weights",
            size,
            f"{t_rw * 1e3:.1f} ms",
            "(same baseline)",
            f"{t_base:.2f} s",
            f"{t_base / t_rw:,.0f}x",
        ],
    ]


# ---------------------------------------------------------------- count alarm


def _glm_poisson(
    y: np.ndarray, design: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu = y + 0.1
    eta = np.log(mu)
    dev_old = math.inf
    for _ in range(25):
        w = weights * mu
        beta = np.linalg.solve(
            design.T @ (w[:, None] * design), design.T @ (w * (eta + (y - mu) / mu))
        )
        eta = design @ beta
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = 2 * float(np.sum(weights * (np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu))))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-8:
            break
        dev_old = dev
    w = weights * mu
    return beta, mu, np.linalg.inv(design.T @ (w[:, None] * design))


def _fit(
    y: np.ndarray, wtime: np.ndarray, trend: bool
) -> tuple[np.ndarray, np.ndarray, float, float]:
    design = np.column_stack([np.ones_like(wtime), wtime]) if trend else np.ones((len(y), 1))
    df = len(y) - design.shape[1]
    beta, mu, inv = _glm_poisson(y, design, np.ones_like(y))
    phi = max(float(np.sum((y - mu) ** 2 / mu)) / df, 1.0)
    hat = np.einsum("ij,jk,ik->i", design, inv, design) * mu
    s = 1.5 * (y ** (2 / 3) * mu ** (-1 / 6) - mu**0.5) / np.sqrt(phi * (1 - hat))
    inv_sq = np.where(s > 1, 1.0 / np.where(s > 1, s * s, 1.0), 1.0)  # s^-2 above 1, else 1
    weights = inv_sq * len(s) / float(inv_sq.sum())
    beta, mu, inv = _glm_poisson(y, design, weights)
    raw_phi = float(np.sum(weights * (y - mu) ** 2 / mu)) / df
    return beta, inv, raw_phi, max(raw_phi, 1.0)


def farrington_naive(
    series: np.ndarray, offsets: np.ndarray, season: int, alpha: float = 0.01
) -> np.ndarray:
    """Baseline: one GLM per day, the way a straightforward port of algo.farrington runs.

    (Sparse days can make a trend fit diverge; like the library, such a fit falls back to the
    constant model, so NumPy's warnings on the way are silenced.)
    """
    start = int(-offsets.min())
    z = float(sps.norm.ppf(1 - alpha / 2))
    upper = np.empty(series.size - start)
    for k in range(start, series.size):
        y = series[k + offsets].astype(float)
        if y.max() == 0:
            upper[k - start] = 0.0
            continue
        wtime = offsets / season
        with np.errstate(all="ignore"):
            beta, inv, raw_phi, phi = _fit(y, wtime, trend=True)
            p = 2 * sps.t.sf(abs(beta[1]) / math.sqrt(raw_phi * inv[1, 1]), len(y) - 2)
        if not (np.isfinite(beta).all() and p < 0.05 and math.exp(beta[0]) <= y.max()):
            beta, inv, raw_phi, phi = _fit(y, wtime, trend=False)
        mu0 = math.exp(beta[0])
        tau = phi + mu0 * phi * inv[0, 0]
        se = math.sqrt(4 / 9 * mu0 ** (1 / 3) * tau)
        upper[k - start] = (mu0 ** (2 / 3) + z * se) ** 1.5
    return upper


def bench_count_alarm(units: int, days: int, naive_units: int) -> list[list[str]]:
    rng = np.random.default_rng(7)
    t = np.arange(days)
    level = rng.gamma(2.0, 3.0, size=(units, 1))
    season = 1 + 0.3 * np.sin(2 * np.pi * t / 364) - 0.6 * (t % 7 >= 5)
    counts = rng.poisson(level * season)
    offsets = baseline_offsets("daily", 3, 3)
    t_vec, res = timed(lambda: count_alarm(counts, freq="daily"))
    t_loop, per_unit = timed(lambda: [count_alarm(row, freq="daily") for row in counts])
    for u in (0, units - 1):
        np.testing.assert_allclose(per_unit[u].upper, res.upper[u], rtol=1e-9)
    t_naive, naive = timed(
        lambda: [farrington_naive(row, offsets, 364) for row in counts[:naive_units]]
    )
    for u in range(naive_units):
        np.testing.assert_allclose(naive[u], res.upper[u], rtol=1e-6)
    t_naive_full = t_naive / naive_units * units
    t_pois, _ = timed(lambda: count_alarm(counts, freq="daily", method="poisson"))
    fits = units * res.upper.shape[1]
    size = f"{units:,} units x {days:,} days ({fits:,} fits)"
    return [
        [
            "count_alarm farrington",
            size,
            f"{t_vec:.2f} s",
            "count_alarm per unit",
            f"{t_loop:.2f} s",
            f"{t_loop / t_vec:.1f}x",
        ],
        [
            "count_alarm farrington",
            size,
            f"{t_vec:.2f} s",
            f"one GLM per day (timed on {naive_units} units, scaled)",
            f"{t_naive_full:.0f} s",
            f"{t_naive_full / t_vec:.0f}x",
        ],
        ["count_alarm poisson", size, f"{t_pois:.2f} s", "-", "-", "-"],
    ]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    rows, units = (20_000, 50) if quick else (100_000, 1_000)
    days = 5 * 365 + 1
    table = [["task", "size", "cxloop.stats", "baseline", "baseline time", "ratio"]]
    table += bench_key_drivers(rows, 10)
    table += bench_count_alarm(units, days, naive_units=2)
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}; python {platform.python_version()}; numpy {np.__version__}"
    )
    print(f"date: {time.strftime('%Y-%m-%d')}; mode: {'quick' if quick else 'full'}\n")
    print("| " + " | ".join(table[0]) + " |")
    print("|" + "---|" * len(table[0]))
    for row in table[1:]:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
