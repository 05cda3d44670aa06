"""Key-driver analysis: Johnson's relative weights and the Shapley (LMG) decomposition of R²."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from cxloop.stats._base import Result
from cxloop.stats._validation import FloatArray, as_float_array

MAX_PREDICTORS = 15


@dataclass(frozen=True)
class KeyDriversResult(Result):
    """How much of R² each driver accounts for.

    ``raw[j]`` is driver j's share of R² (the raw values sum to ``r2``); ``rescaled[j]`` is the same
    as a percentage of R² (they sum to 100). ``correlations[j]`` is the driver's correlation with the
    outcome (its sign tells the direction).
    """

    method: str
    n: int
    feature_names: tuple[str, ...]
    r2: float
    raw: tuple[float, ...]
    rescaled: tuple[float, ...]
    correlations: tuple[float, ...]


def _correlations(
    x: FloatArray, y: FloatArray, names: Sequence[str]
) -> tuple[FloatArray, FloatArray]:
    """(Rxx, rxy) from the data, refusing constant columns."""
    data = np.column_stack([x, y])
    centred = data - data.mean(axis=0)
    cov = centred.T @ centred
    var = np.diag(cov).copy()
    scale = np.abs(data).max(axis=0) ** 2 * data.shape[0]
    constant = var <= 1e-24 * np.maximum(scale, 1e-300)
    if constant[-1]:
        raise ValueError("y is constant: there is no variance to explain")
    if constant[:-1].any():
        j = int(np.flatnonzero(constant[:-1])[0])
        raise ValueError(f"driver {names[j]!r} is constant: it cannot explain anything")
    sd = np.sqrt(var)
    corr = cov / np.outer(sd, sd)
    p = x.shape[1]
    rxx = corr[:p, :p]
    np.fill_diagonal(rxx, 1.0)
    return rxx, corr[:p, p]


def relative_weights(rxx: FloatArray, rxy: FloatArray) -> FloatArray:
    """Johnson's (2000) relative weights from the predictor correlations and their validities.

    ``Rxx = Q diag(l) Q'``; ``L = Q diag(sqrt(l)) Q'`` relates the predictors to their closest
    orthogonal counterparts Z; ``beta = L^-1 rxy`` regresses y on Z; ``eps_j = sum_k L_jk^2 beta_k^2``.
    """
    evals, evecs = np.linalg.eigh(rxx)
    lam = (evecs * np.sqrt(evals)) @ evecs.T
    beta = np.linalg.solve(lam, rxy)
    out: FloatArray = (lam * lam) @ (beta * beta)
    return out


def subset_r2(rxx: FloatArray, rxy: FloatArray) -> FloatArray:
    """R² of every subset of predictors, indexed by bitmask (bit j set = predictor j included).

    Each ``R²(S) = r_S' R_SS^-1 r_S`` comes from the correlation matrix, never from the raw data;
    subsets of one size are solved together as a batch.
    """
    p = rxx.shape[0]
    masks = np.arange(1 << p)
    bits = ((masks[:, None] >> np.arange(p)) & 1).astype(bool)
    sizes = bits.sum(axis=1)
    r2 = np.zeros(1 << p)
    for k in range(1, p + 1):
        sel = np.flatnonzero(sizes == k)
        idx = np.nonzero(bits[sel])[1].reshape(sel.size, k)
        r_ss = rxx[idx[:, :, None], idx[:, None, :]]
        r_s = rxy[idx]
        sol = np.linalg.solve(r_ss, r_s[:, :, None])[:, :, 0]
        r2[sel] = (r_s * sol).sum(axis=1)
    return r2


def shapley_from_subsets(r2: FloatArray, p: int) -> FloatArray:
    """Shapley value of each predictor in the game ``v(S) = R²(S)`` (the LMG decomposition).

    ``phi_j = sum over S without j of |S|! (p - |S| - 1)! / p! * (R²(S + j) - R²(S))``.
    """
    masks = np.arange(1 << p)
    sizes = np.zeros(1 << p, dtype=np.int64)
    for j in range(p):
        sizes += (masks >> j) & 1
    weight = np.array(
        [math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)]
    )
    out = np.empty(p)
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        gains = r2[without | (1 << j)] - r2[without]
        out[j] = float((weight[sizes[without]] * gains).sum())
    return out


def key_drivers(
    X: Any,
    y: Sequence[float] | np.ndarray[Any, Any],
    *,
    method: Literal["relative_weights", "shapley"] = "relative_weights",
    feature_names: Sequence[str] | None = None,
) -> KeyDriversResult:
    """Decompose the R² of a linear regression of ``y`` on the drivers ``X`` (2 to 15 columns).

    ``method="relative_weights"`` is Johnson's (2000) relative weights; ``method="shapley"`` averages
    each driver's increase in R² over all orders of entry (Lindeman, Merenda & Gold 1980, the LMG
    metric; equal to the Shapley value of the R² game), computed from the 2^p subset R² values of the
    correlation matrix. Both sum to the full-model R².

    References: Johnson, J. W. (2000) "A heuristic method for estimating the relative weight of
    predictor variables in multiple regression", Multivariate Behavioral Research 35(1), 1-19.
    Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980) Introduction to Bivariate and Multivariate
    Analysis, Scott Foresman, p. 119 ff. Grömping, U. (2006) "Relative importance for linear
    regression in R: the package relaimpo", Journal of Statistical Software 17(1). Shapley, L. S.
    (1953) "A value for n-person games", Contributions to the Theory of Games II, 307-317.
    """
    if feature_names is None and hasattr(X, "columns"):
        feature_names = [str(c) for c in X.columns]
    x = as_float_array(X, "X", ndim=2)
    yy = as_float_array(y, "y")
    n, p = x.shape
    if yy.shape[0] != n:
        raise ValueError(f"X has {n} rows but y has {yy.shape[0]} values")
    if not 2 <= p <= MAX_PREDICTORS:
        raise ValueError(f"key_drivers handles 2 to {MAX_PREDICTORS} drivers, got {p}")
    if n < p + 2:
        raise ValueError(f"{n} observations for {p} drivers; at least {p + 2} are needed")
    names = (
        tuple(feature_names) if feature_names is not None else tuple(f"x{j + 1}" for j in range(p))
    )
    if len(names) != p:
        raise ValueError(f"feature_names has {len(names)} names for {p} drivers")
    if method not in ("relative_weights", "shapley"):
        raise ValueError(f"unknown method {method!r}; use 'relative_weights' or 'shapley'")
    rxx, rxy = _correlations(x, yy, names)
    if np.linalg.eigvalsh(rxx)[0] < 1e-10:
        raise ValueError(
            "the drivers are perfectly collinear (their correlation matrix is singular)"
        )
    r2 = float(rxy @ np.linalg.solve(rxx, rxy))
    if method == "relative_weights":
        raw = relative_weights(rxx, rxy)
    else:
        raw = shapley_from_subsets(subset_r2(rxx, rxy), p)
    if r2 <= 0.0:
        raise ValueError("R² is 0: the drivers explain none of y, so importances are undefined")
    return KeyDriversResult(
        method=method,
        n=n,
        feature_names=names,
        r2=r2,
        raw=tuple(float(v) for v in raw),
        rescaled=tuple(float(v) for v in 100.0 * raw / r2),
        correlations=tuple(float(v) for v in rxy),
    )
