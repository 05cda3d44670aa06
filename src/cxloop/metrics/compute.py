"""From SQL counts and sums to metric values with their ``n`` and 95% interval.

Every metric has the same shape, ``{"value", "n", "ci_low", "ci_high"}``: ``value`` is None when
``n`` is 0 (an empty period is a fact to show, never a NaN or a crash). Intervals come from the
pure statistics library :mod:`cxloop.stats` (NPS adjusted Wald, Wilson for shares, Student t for
means).
Shares are fractions in 0..1; NPS runs from -100 to 100.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cxloop import stats

Metric = dict[str, Any]


def _interval(fn: Callable[..., Any], *args: Any) -> tuple[float | None, float | None]:
    try:
        result = fn(*args).to_dict()
    except ValueError:
        # e.g. a t-interval from a single answer: the value stands, its interval is unknown
        return None, None
    return float(result["ci_low"]), float(result["ci_high"])


def metric(
    value: float | None, n: int, ci: tuple[float | None, float | None] = (None, None)
) -> Metric:
    return {"value": value, "n": n, "ci_low": ci[0], "ci_high": ci[1]}


def nps_metric(promoters: int, passives: int, detractors: int) -> Metric:
    """NPS = % promoters (9-10) - % detractors (0-6), on -100..100."""
    n = promoters + passives + detractors
    if n == 0:
        return metric(None, 0)
    value = 100.0 * (promoters - detractors) / n
    return metric(value, n, _interval(stats.nps_from_counts, promoters, passives, detractors))


def proportion_metric(successes: int, n: int) -> Metric:
    """A share in 0..1 with its Wilson interval."""
    if n == 0:
        return metric(None, 0)
    return metric(successes / n, n, _interval(stats.proportion_from_counts, successes, n))


def mean_metric(n: int, total: float, total_sq: float) -> Metric:
    """A mean from SQL moments with its t-interval (none for a single answer)."""
    if n == 0:
        return metric(None, 0)
    ci = _interval(stats.mean_interval_from_moments, n, total, total_sq) if n >= 2 else (None, None)
    return metric(total / n, n, ci)


def count_metric(count: int, n: int) -> Metric:
    """A count (complaints, bad ratings); ``n`` is how many items could have been counted."""
    return metric(count, n)


def duration_hours_metric(median_minutes: float | None, n: int) -> Metric:
    """A median duration, stored in working minutes, shown in working hours."""
    if n == 0 or median_minutes is None:
        return metric(None, n)
    return metric(median_minutes / 60.0, n)
