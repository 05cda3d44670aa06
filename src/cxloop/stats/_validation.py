"""Input checks shared by every function: each failure is a ``ValueError`` that names the problem."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def as_float_array(values: Any, name: str, *, ndim: int = 1, min_size: int = 1) -> FloatArray:
    """``values`` as a float array of ``ndim`` dimensions, finite, with at least ``min_size`` rows."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if arr.ndim != ndim:
        shape = "a 1-D sequence" if ndim == 1 else f"a {ndim}-D array"
        raise ValueError(f"{name} must be {shape}, got an array of shape {arr.shape}")
    if arr.shape[0] == 0 or arr.size == 0:
        raise ValueError(f"{name} is empty")
    if np.isnan(arr).any():
        raise ValueError(
            f"{name} contains NaN (missing values) at position {_where(np.isnan(arr))}"
        )
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name} contains an infinite value at position {_where(~np.isfinite(arr))}"
        )
    if arr.shape[0] < min_size:
        raise ValueError(f"{name} has {arr.shape[0]} observations; at least {min_size} are needed")
    return arr


def as_scores(values: Any, name: str, low: int, high: int) -> IntArray:
    """Whole-number scores on the scale ``low..high`` (inclusive) as an int array."""
    arr = as_float_array(values, name)
    frac = arr != np.round(arr)
    if frac.any():
        i = _first(frac)
        raise ValueError(f"{name}[{i}] = {arr.flat[i]!r} is not a whole-number score")
    out = (arr < low) | (arr > high)
    if out.any():
        i = _first(out)
        raise ValueError(f"{name}[{i}] = {arr.flat[i]:g} is outside the scale {low}..{high}")
    return arr.astype(np.int64)


def as_count(value: Any, name: str) -> int:
    """A non-negative whole number (a count)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer | float | np.floating):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    f = float(value)
    if math.isnan(f) or not math.isfinite(f) or f != math.floor(f):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if f < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return int(f)


def as_counts(values: Any, name: str, *, ndim: int = 1) -> IntArray:
    """An array of non-negative whole numbers."""
    arr = as_float_array(values, name, ndim=ndim)
    if (arr != np.round(arr)).any():
        raise ValueError(f"{name} must hold whole-number counts")
    if (arr < 0).any():
        raise ValueError(f"{name} must not hold negative counts")
    return arr.astype(np.int64)


def check_levels(value: Any, name: str, low: int, high: int | None = None) -> int:
    """A whole number of scale levels (or boxes) in ``low..high``; NumPy integers are accepted."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    v = int(value)
    if v < low or (high is not None and v > high):
        bounds = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bounds}, got {v}")
    return v


def check_confidence(confidence: float) -> float:
    """A confidence level strictly between 0 and 1."""
    c = float(confidence)
    if not 0.0 < c < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    return c


def check_positive(value: float, name: str) -> float:
    """A finite number greater than zero."""
    f = float(value)
    if not math.isfinite(f) or f <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return f


def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile for ``confidence`` (1.959964 for 0.95)."""
    return float(sps.norm.ppf(0.5 + check_confidence(confidence) / 2.0))


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask.ravel())[0])


def _where(mask: npt.NDArray[np.bool_]) -> str:
    """The first flagged position, as ``i`` for 1-D input and ``(row, column)`` for 2-D."""
    flat = _first(mask)
    if mask.ndim == 1:
        return str(flat)
    return str(tuple(int(i) for i in np.unravel_index(flat, mask.shape)))
