"""Internal consistency of a multi-item scale: Cronbach's alpha with Feldt's interval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats as sps

from cxloop.stats._base import Result
from cxloop.stats._validation import as_float_array, check_confidence


@dataclass(frozen=True)
class CronbachResult(Result):
    """Cronbach's alpha of ``k`` items answered by ``n`` respondents, with Feldt's interval."""

    n: int
    k: int
    alpha: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str = "feldt"


def cronbach_alpha(
    items: Sequence[Sequence[float]] | np.ndarray[Any, Any], *, confidence: float = 0.95
) -> CronbachResult:
    """Cronbach's alpha of a respondents x items matrix, and its confidence interval.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)``. The interval
    is Feldt's: with ``F`` the F(n - 1, (n - 1)(k - 1)) distribution,
    ``[1 - (1 - alpha) F^-1(1 - c/2), 1 - (1 - alpha) F^-1(c/2)]`` for ``c = 1 - confidence``.

    References: Cronbach, L. J. (1951) "Coefficient alpha and the internal structure of tests",
    Psychometrika 16(3), 297-334. Feldt, L. S. (1965) "The approximate sampling distribution of
    Kuder-Richardson reliability coefficient twenty", Psychometrika 30(3), 357-370. Feldt, L. S.,
    Woodruff, D. J. & Salih, F. A. (1987) "Statistical inference for coefficient alpha", Applied
    Psychological Measurement 11(1), 93-103.
    """
    x = as_float_array(items, "items", ndim=2)
    n, k = x.shape
    if k < 2:
        raise ValueError(f"items has {k} column; alpha needs at least 2 items")
    if n < 2:
        raise ValueError(f"items has {n} respondent; alpha needs at least 2")
    c = 1.0 - check_confidence(confidence)
    total_var = float(x.sum(axis=1).var(ddof=1))
    if total_var == 0.0:
        raise ValueError("every respondent has the same total score, so alpha is undefined")
    alpha = k / (k - 1) * (1.0 - float(x.var(axis=0, ddof=1).sum()) / total_var)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1.0 - (1.0 - alpha) * float(sps.f.ppf(1.0 - c / 2, df1, df2))
    high = 1.0 - (1.0 - alpha) * float(sps.f.ppf(c / 2, df1, df2))
    return CronbachResult(n=n, k=k, alpha=alpha, ci_low=low, ci_high=high, confidence=confidence)
