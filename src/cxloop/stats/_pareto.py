"""Pareto analysis: categories by count, cumulative shares and the vital few."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cxloop.stats._base import Result
from cxloop.stats._validation import as_counts


@dataclass(frozen=True)
class ParetoResult(Result):
    """Categories sorted by count (ties keep their input order), with cumulative shares (0-1).

    ``vital_few`` are the leading categories that together first reach ``threshold`` of the total.
    """

    labels: tuple[str, ...]
    counts: tuple[int, ...]
    cumulative_counts: tuple[int, ...]
    shares: tuple[float, ...]
    cumulative_shares: tuple[float, ...]
    total: int
    threshold: float
    vital_few: tuple[str, ...]


def pareto(
    counts: Mapping[str, int] | Sequence[int] | np.ndarray[Any, Any],
    labels: Sequence[str] | None = None,
    *,
    threshold: float = 0.8,
) -> ParetoResult:
    """Pareto table of category counts (e.g. complaints per cause) and its vital few.

    ``counts`` is a mapping ``{category: count}`` or a sequence of counts with ``labels``. The vital
    few are the smallest set of leading categories whose cumulative share reaches ``threshold``.

    References: Juran, J. M. (1951) Quality Control Handbook, McGraw-Hill (the vital few).
    Montgomery, D. C. (2009) Introduction to Statistical Quality Control, 6th ed., section 5.4.
    Scrucca, L. (2004) "qcc: an R package for quality control charting and statistical process
    control", R News 4(1), 11-17 (``pareto.chart``).
    """
    if isinstance(counts, Mapping):
        if labels is not None:
            raise ValueError("give labels only with a sequence of counts, not with a mapping")
        names = [str(k) for k in counts]
        values = list(counts.values())
    else:
        values = list(counts) if not isinstance(counts, np.ndarray) else counts.tolist()
        names = (
            [str(v) for v in labels]
            if labels is not None
            else [str(i + 1) for i in range(len(values))]
        )
        if len(names) != len(values):
            raise ValueError(f"labels has {len(names)} names for {len(values)} counts")
    if len(set(names)) != len(names):
        raise ValueError("category labels must be unique")
    c = as_counts(values, "counts")
    t = float(threshold)
    if not 0.0 < t <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    total = int(c.sum())
    if total == 0:
        raise ValueError("all counts are 0: there is nothing to rank")
    order = np.argsort(-c, kind="stable")
    sorted_counts = c[order]
    cum = np.cumsum(sorted_counts)
    cum_share = cum / total
    # first position reaching the threshold; the tolerance keeps 240/300 >= 0.8 exact
    cut = int(np.flatnonzero(cum_share >= t - 1e-12)[0])
    ordered = tuple(names[i] for i in order)
    return ParetoResult(
        labels=ordered,
        counts=tuple(int(v) for v in sorted_counts),
        cumulative_counts=tuple(int(v) for v in cum),
        shares=tuple(float(v) for v in sorted_counts / total),
        cumulative_shares=tuple(float(v) for v in cum_share),
        total=total,
        threshold=t,
        vital_few=ordered[: cut + 1],
    )
