"""Importance-performance analysis (Martilla & James 1977)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from cxloop.stats._base import Result
from cxloop.stats._validation import FloatArray, as_float_array

#: The four quadrants, named as in Martilla & James (1977).
IPA_QUADRANTS: tuple[str, ...] = (
    "concentrate_here",
    "keep_up_the_good_work",
    "low_priority",
    "possible_overkill",
)


@dataclass(frozen=True)
class IpaPoint(Result):
    """One attribute on the grid."""

    label: str
    importance: float
    performance: float
    quadrant: str


@dataclass(frozen=True)
class IpaResult(Result):
    """Attributes placed on the importance-performance grid.

    An attribute is "high" on an axis when its value is at or above the crosshair on that axis.
    Quadrants: high importance and low performance = ``concentrate_here``; high and high =
    ``keep_up_the_good_work``; low and low = ``low_priority``; low importance and high performance
    = ``possible_overkill``.
    """

    crosshair: str
    importance_crosshair: float
    performance_crosshair: float
    points: tuple[IpaPoint, ...]
    quadrant_counts: dict[str, int]


def _attribute_means(values: Any, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=object)
    if arr.ndim == 2:
        return as_float_array(values, name, ndim=2).mean(axis=0)
    return as_float_array(values, name)


def ipa(
    importance: Sequence[Any] | np.ndarray[Any, Any],
    performance: Sequence[Any] | np.ndarray[Any, Any],
    *,
    crosshair: Literal["mean", "scale_mid"] = "mean",
    scale: tuple[float, float] | None = None,
    labels: Sequence[str] | None = None,
) -> IpaResult:
    """Place attributes in the four quadrants of an importance-performance grid.

    ``importance`` and ``performance`` are one value per attribute (e.g. mean ratings), or
    respondents x attributes matrices whose column means are used. ``crosshair="mean"`` puts the
    crosshair at the grand means of the attributes (the data-centred choice); ``"scale_mid"`` puts it
    at the midpoint of the rating ``scale=(low, high)``, which must then be given.

    Reference: Martilla, J. A. & James, J. C. (1977) "Importance-performance analysis", Journal of
    Marketing 41(1), 77-79.
    """
    imp = _attribute_means(importance, "importance")
    perf = _attribute_means(performance, "performance")
    if imp.shape != perf.shape:
        raise ValueError(
            f"importance has {imp.size} attributes but performance has {perf.size}; they must match"
        )
    if labels is None:
        names = [f"attribute_{i + 1}" for i in range(imp.size)]
    else:
        names = [str(v) for v in labels]
        if len(names) != imp.size:
            raise ValueError(f"labels has {len(names)} names for {imp.size} attributes")
    if crosshair == "mean":
        if imp.size < 2:
            raise ValueError("a mean crosshair needs at least 2 attributes")
        ci, cp = float(imp.mean()), float(perf.mean())
    elif crosshair == "scale_mid":
        if scale is None:
            raise ValueError("crosshair='scale_mid' needs scale=(low, high), e.g. (1, 5)")
        low, high = (float(v) for v in scale)
        if not low < high:
            raise ValueError(f"scale must be (low, high) with low < high, got {scale!r}")
        for name, arr in (("importance", imp), ("performance", perf)):
            if ((arr < low) | (arr > high)).any():
                raise ValueError(f"{name} has a value outside the scale {low:g}..{high:g}")
        ci = cp = (low + high) / 2
    else:
        raise ValueError(f"unknown crosshair {crosshair!r}; use 'mean' or 'scale_mid'")
    points = []
    for name, i, p in zip(names, imp.tolist(), perf.tolist(), strict=True):
        if i >= ci:
            quadrant = "keep_up_the_good_work" if p >= cp else "concentrate_here"
        else:
            quadrant = "possible_overkill" if p >= cp else "low_priority"
        points.append(IpaPoint(label=name, importance=i, performance=p, quadrant=quadrant))
    counts = {q: sum(pt.quadrant == q for pt in points) for q in IPA_QUADRANTS}
    return IpaResult(
        crosshair=crosshair,
        importance_crosshair=ci,
        performance_crosshair=cp,
        points=tuple(points),
        quadrant_counts=counts,
    )
