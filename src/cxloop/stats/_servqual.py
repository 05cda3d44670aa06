"""SERVQUAL gap scores: perceptions minus expectations, per item, per dimension, and overall."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from cxloop.stats._base import Result
from cxloop.stats._validation import FloatArray, as_float_array, check_levels

#: The five dimensions of the 22-item SERVQUAL instrument (item numbers are 1-based).
SERVQUAL_22: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        "tangibles": (1, 2, 3, 4),
        "reliability": (5, 6, 7, 8, 9),
        "responsiveness": (10, 11, 12, 13),
        "assurance": (14, 15, 16, 17),
        "empathy": (18, 19, 20, 21, 22),
    }
)


@dataclass(frozen=True)
class ServqualResult(Result):
    """SERVQUAL gaps (perception - expectation; negative means expectations are not met).

    ``item_gaps[i]`` is the mean gap of item ``i + 1``; ``dimension_gaps`` the mean gap of each
    dimension's items; ``unweighted_score`` the mean of the dimension gaps; ``weighted_score`` the
    importance-weighted mean of the dimension gaps (``None`` without weights), with the weights
    normalised to sum to 1 in ``weights``.
    """

    n: int
    item_expectations: tuple[float, ...]
    item_perceptions: tuple[float, ...]
    item_gaps: tuple[float, ...]
    dimension_gaps: dict[str, float]
    unweighted_score: float
    weighted_score: float | None
    weights: dict[str, float] | None


def _as_matrix(values: Any, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=object)
    return (
        as_float_array(values, name, ndim=2)
        if arr.ndim == 2
        else as_float_array([values], name, ndim=2)
    )


def _check_dimensions(
    dimensions: Mapping[str, Iterable[int]], n_items: int
) -> dict[str, list[int]]:
    dims = {str(k): [int(i) for i in v] for k, v in dimensions.items()}
    if not dims:
        raise ValueError("dimensions is empty")
    seen: list[int] = []
    for name, items in dims.items():
        if not items:
            raise ValueError(f"dimension {name!r} has no items")
        seen.extend(items)
    if sorted(seen) != list(range(1, n_items + 1)):
        raise ValueError(
            f"dimensions must use each item 1..{n_items} exactly once (the data has {n_items} "
            f"item columns); got items {sorted(seen)}"
        )
    return dims


def servqual(
    expectations: Sequence[Any] | np.ndarray[Any, Any],
    perceptions: Sequence[Any] | np.ndarray[Any, Any],
    *,
    dimensions: Mapping[str, Iterable[int]] = SERVQUAL_22,
    weights: Mapping[str, float] | Sequence[float] | np.ndarray[Any, Any] | None = None,
    reverse: Iterable[int] = (),
    scale: int = 7,
) -> ServqualResult:
    """SERVQUAL gap analysis of expectation and perception ratings.

    ``expectations`` and ``perceptions`` are respondents x items (or one row) on a 1..``scale``
    scale, items in instrument order. ``reverse`` lists (1-based) negatively worded items, rescored
    as ``scale + 1 - x`` in both batteries (as in the 1988 instrument). ``weights`` gives the
    importance of each dimension: a mapping by name, one value per dimension in order, or one row
    per respondent (the 100-point allocation of Parasuraman et al. 1991); each respondent's weighted
    score is the weighted mean of his dimension gaps, and the result is their mean.

    References: Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988) "SERVQUAL: a multiple-item
    scale for measuring consumer perceptions of service quality", Journal of Retailing 64(1), 12-40.
    Parasuraman, A., Berry, L. L. & Zeithaml, V. A. (1991) "Refinement and reassessment of the
    SERVQUAL scale", Journal of Retailing 67(4), 420-450. Zeithaml, V. A., Parasuraman, A. & Berry,
    L. L. (1990) Delivering Quality Service, Free Press (unweighted and weighted scores).
    """
    e = _as_matrix(expectations, "expectations")
    p = _as_matrix(perceptions, "perceptions")
    if e.shape != p.shape:
        raise ValueError(
            f"expectations {e.shape} and perceptions {p.shape} must have the same shape"
        )
    scale = check_levels(scale, "scale", 2)
    for name, arr in (("expectations", e), ("perceptions", p)):
        if ((arr < 1) | (arr > scale)).any():
            raise ValueError(f"{name} has a rating outside the scale 1..{scale}")
    n, k = e.shape
    dims = _check_dimensions(dimensions, k)
    rev = sorted({int(i) for i in reverse})
    if any(not 1 <= i <= k for i in rev):
        raise ValueError(f"reverse items must be between 1 and {k}, got {rev}")
    if rev:
        cols = [i - 1 for i in rev]
        e = e.copy()
        p = p.copy()
        e[:, cols] = scale + 1 - e[:, cols]
        p[:, cols] = scale + 1 - p[:, cols]
    gaps = p - e
    # respondents x dimensions: each respondent's mean gap within each dimension
    dim_gaps = np.column_stack(
        [gaps[:, [i - 1 for i in items]].mean(axis=1) for items in dims.values()]
    )
    names = list(dims)
    weighted: float | None = None
    norm_weights: dict[str, float] | None = None
    if weights is not None:
        w = _weights_matrix(weights, names, n)
        w = w / w.sum(axis=1, keepdims=True)
        weighted = float((w * dim_gaps).sum(axis=1).mean())
        norm_weights = {name: float(v) for name, v in zip(names, w.mean(axis=0), strict=True)}
    return ServqualResult(
        n=n,
        item_expectations=tuple(float(v) for v in e.mean(axis=0)),
        item_perceptions=tuple(float(v) for v in p.mean(axis=0)),
        item_gaps=tuple(float(v) for v in gaps.mean(axis=0)),
        dimension_gaps={
            name: float(v) for name, v in zip(names, dim_gaps.mean(axis=0), strict=True)
        },
        unweighted_score=float(dim_gaps.mean(axis=1).mean()),
        weighted_score=weighted,
        weights=norm_weights,
    )


def _weights_matrix(
    weights: Mapping[str, float] | Sequence[float] | np.ndarray[Any, Any], names: list[str], n: int
) -> FloatArray:
    if isinstance(weights, Mapping):
        missing = [d for d in names if d not in weights]
        unknown = [d for d in weights if d not in names]
        if missing or unknown:
            raise ValueError(
                f"weights must name each dimension; missing {missing}, unknown {unknown}"
            )
        weights = [weights[d] for d in names]
    arr = np.asarray(weights, dtype=object)
    w = as_float_array(weights, "weights", ndim=arr.ndim if arr.ndim in (1, 2) else 1)
    if w.ndim == 1:
        w = np.tile(w, (n, 1))
    if w.shape != (n, len(names)):
        raise ValueError(
            f"weights must have one value per dimension ({len(names)}), or one row per respondent "
            f"({n} x {len(names)}); got shape {w.shape}"
        )
    if (w < 0).any():
        raise ValueError("weights must not be negative")
    if (w.sum(axis=1) == 0).any():
        raise ValueError("each respondent's weights must not all be zero")
    return w
