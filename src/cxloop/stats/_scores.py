"""Survey scores: NPS (0-10), CSAT top boxes, CES (1-7) and the five-level 满意度 rating."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import stats as sps

from cxloop.stats._base import Result
from cxloop.stats._proportions import (
    MeanResult,
    ProportionResult,
    mean_interval_from_moments,
    proportion_from_counts,
)
from cxloop.stats._validation import (
    as_count,
    as_scores,
    check_confidence,
    check_levels,
    z_value,
)

NpsMethod = Literal["adjusted_wald", "wald"]


@dataclass(frozen=True)
class NpsResult(Result):
    """Net Promoter Score on the -100..100 scale with its standard error and intervals.

    ``se`` is the standard error of ``nps`` from the trinomial variance,
    ``100 * sqrt((p_P + p_D - (p_P - p_D)^2) / n)``. ``ci_low``/``ci_high`` are the interval of
    ``method``; both the Wald and the adjusted-Wald intervals are always given as well. Intervals are
    clipped to -100..100. The adjusted-Wald interval is centred on the adjusted estimate, so for a
    handful of answers it need not contain ``nps`` itself.
    """

    n: int
    promoters: int
    passives: int
    detractors: int
    promoter_share: float
    passive_share: float
    detractor_share: float
    nps: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str
    wald_ci: tuple[float, float]
    adjusted_wald_ci: tuple[float, float]


@dataclass(frozen=True)
class NpsDifferenceResult(Result):
    """NPS of a minus NPS of b (independent samples), with its interval and a two-sided z-test."""

    nps_a: float
    nps_b: float
    difference: float
    se: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    confidence: float
    method: str


@dataclass(frozen=True)
class CesResult(Result):
    """Customer Effort Score: the mean with its t-interval, and the share that agreed it was easy.

    ``agree`` counts the answers above the scale's neutral midpoint (5, 6 and 7 on the 1-7 scale).
    """

    scale: int
    n: int
    mean: MeanResult
    agree: ProportionResult
    agree_levels: tuple[int, ...]


@dataclass(frozen=True)
class RatingDistributionResult(Result):
    """Counts and shares of the five-level rating, and the 好差评 satisfaction rate.

    ``levels`` runs from 5 (非常满意) down to 1 (非常不满意). ``satisfaction`` is the share rated
    基本满意 or better (levels 3, 4 and 5) with its Wilson interval.
    """

    n: int
    levels: tuple[int, ...]
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    shares: tuple[float, ...]
    satisfaction: ProportionResult


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _trinomial(p_promoters: float, p_detractors: float, n: float, z: float) -> tuple[float, float]:
    """(estimate, half-width) for ``p_P - p_D`` from the trinomial variance, as fractions."""
    estimate = p_promoters - p_detractors
    variance = (p_promoters + p_detractors - estimate * estimate) / n
    return estimate, z * math.sqrt(max(variance, 0.0))


def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    confidence: float = 0.95,
    method: NpsMethod = "adjusted_wald",
) -> NpsResult:
    """NPS from the three counts (e.g. aggregated in SQL), with Wald and adjusted-Wald intervals.

    NPS = 100 (P - D) / n. Its variance is that of the mean of +1/0/-1 scores,
    ``(p_P + p_D - (p_P - p_D)^2) / n``; the Wald interval is ``NPS +/- z * se``. The adjusted-Wald
    interval adds 3/4 of a promoter, 3/4 of a detractor and 3 to n (so 3/2 of a passive) before
    applying the same formula; Rocks (2016) found it the best-covering of the methods compared.

    References: Reichheld, F. F. (2003) "The one number you need to grow", Harvard Business Review
    81(12), 46-54. Rocks, B. (2016) "Interval estimation for the 'net promoter score'", The American
    Statistician 70(4), 365-372. Sauro, J. & Lewis, J. R. (2016) Quantifying the User Experience,
    2nd ed., Morgan Kaufmann.
    """
    p = as_count(promoters, "promoters")
    q = as_count(passives, "passives")
    d = as_count(detractors, "detractors")
    n = p + q + d
    if n == 0:
        raise ValueError("no answers: promoters, passives and detractors are all 0")
    if method not in ("adjusted_wald", "wald"):
        raise ValueError(f"unknown NPS interval method {method!r}; use 'adjusted_wald' or 'wald'")
    z = z_value(confidence)
    estimate, half = _trinomial(p / n, d / n, n, z)
    wald = (_clip(100 * (estimate - half), -100, 100), _clip(100 * (estimate + half), -100, 100))
    n_adj = n + 3.0
    adj_estimate, adj_half = _trinomial((p + 0.75) / n_adj, (d + 0.75) / n_adj, n_adj, z)
    adjusted = (
        _clip(100 * (adj_estimate - adj_half), -100, 100),
        _clip(100 * (adj_estimate + adj_half), -100, 100),
    )
    chosen = adjusted if method == "adjusted_wald" else wald
    return NpsResult(
        n=n,
        promoters=p,
        passives=q,
        detractors=d,
        promoter_share=p / n,
        passive_share=q / n,
        detractor_share=d / n,
        nps=100 * estimate,
        se=100 * half / z,
        ci_low=chosen[0],
        ci_high=chosen[1],
        confidence=confidence,
        method=method,
        wald_ci=wald,
        adjusted_wald_ci=adjusted,
    )


def nps(
    scores: Sequence[float] | np.ndarray[Any, Any],
    *,
    confidence: float = 0.95,
    method: NpsMethod = "adjusted_wald",
) -> NpsResult:
    """NPS of 0-10 likelihood-to-recommend scores: promoters 9-10, passives 7-8, detractors 0-6.

    Counts the three groups and hands them to :func:`nps_from_counts` (one code path for raw scores
    and for counts from SQL).

    Reference: Reichheld, F. F. (2003) "The one number you need to grow", Harvard Business Review
    81(12), 46-54; intervals as in :func:`nps_from_counts` (Rocks 2016).
    """
    s = as_scores(scores, "scores", 0, 10)
    return nps_from_counts(
        int((s >= 9).sum()),
        int(((s >= 7) & (s <= 8)).sum()),
        int((s <= 6).sum()),
        confidence=confidence,
        method=method,
    )


def nps_difference(
    a: NpsResult | Sequence[float] | np.ndarray[Any, Any],
    b: NpsResult | Sequence[float] | np.ndarray[Any, Any],
    *,
    confidence: float = 0.95,
    method: NpsMethod = "adjusted_wald",
) -> NpsDifferenceResult:
    """Difference NPS(a) - NPS(b) of two independent samples, with interval and p-value.

    ``a`` and ``b`` are 0-10 scores or :class:`NpsResult` (e.g. from :func:`nps_from_counts`).
    The variance of the difference is the sum of the two trinomial variances; the interval is
    ``diff +/- z * se`` and the p-value is the two-sided normal test of ``diff = 0``. With
    ``method="adjusted_wald"`` both samples are adjusted first (3/4 promoter, 3/4 detractor, n + 3),
    which keeps the standard error positive even when both samples are all promoters.

    References: Rocks, B. (2016) "Interval estimation for the 'net promoter score'", The American
    Statistician 70(4), 365-372. Sauro, J. & Lewis, J. R. (2016) Quantifying the User Experience,
    2nd ed., chapter 5 (comparing two Net Promoter Scores).
    """
    check_confidence(confidence)
    if method not in ("adjusted_wald", "wald"):
        raise ValueError(f"unknown NPS interval method {method!r}; use 'adjusted_wald' or 'wald'")
    ra = a if isinstance(a, NpsResult) else nps(a, confidence=confidence)
    rb = b if isinstance(b, NpsResult) else nps(b, confidence=confidence)
    add, extra = (0.75, 3.0) if method == "adjusted_wald" else (0.0, 0.0)

    def parts(r: NpsResult) -> tuple[float, float]:
        m = r.n + extra
        pp, pd = (r.promoters + add) / m, (r.detractors + add) / m
        return pp - pd, (pp + pd - (pp - pd) ** 2) / m

    est_a, var_a = parts(ra)
    est_b, var_b = parts(rb)
    diff = est_a - est_b
    se = math.sqrt(max(var_a + var_b, 0.0))
    if se == 0.0:
        raise ValueError(
            "both samples have zero variance (each all promoters, all passives or all detractors); "
            "the Wald test is undefined, use method='adjusted_wald'"
        )
    z = z_value(confidence)
    stat = diff / se
    return NpsDifferenceResult(
        nps_a=ra.nps,
        nps_b=rb.nps,
        difference=100 * diff,
        se=100 * se,
        ci_low=_clip(100 * (diff - z * se), -200, 200),
        ci_high=_clip(100 * (diff + z * se), -200, 200),
        z=stat,
        p_value=float(2 * sps.norm.sf(abs(stat))),
        confidence=confidence,
        method=method,
    )


def csat(
    scores: Sequence[float] | np.ndarray[Any, Any],
    *,
    scale: int = 5,
    top_box: int = 2,
    confidence: float = 0.95,
) -> ProportionResult:
    """CSAT: the share of answers in the ``top_box`` highest levels of a 1..``scale`` rating.

    With the defaults (1-5, top two boxes) that is the share of 4s and 5s, with its Wilson interval.

    References: Hayes, B. E. (2008) Measuring Customer Satisfaction and Loyalty, 3rd ed., ASQ
    Quality Press (top-box scoring). Wilson, E. B. (1927), JASA 22, 209-212 (the interval).
    """
    scale = check_levels(scale, "scale", 2)
    top_box = check_levels(top_box, "top_box", 1, scale - 1)
    s = as_scores(scores, "scores", 1, scale)
    return proportion_from_counts(
        int((s > scale - top_box).sum()), int(s.size), confidence=confidence
    )


def ces(
    scores: Sequence[float] | np.ndarray[Any, Any],
    *,
    scale: int = 7,
    confidence: float = 0.95,
) -> CesResult:
    """Customer Effort Score on a 1..``scale`` agreement scale ("the company made it easy").

    Reports the mean with its t-interval (via :func:`mean_interval_from_moments`) and the share of
    answers above the neutral midpoint (5-7 on the CES 2.0 1-7 scale) with its Wilson interval.

    References: Dixon, M., Freeman, K. & Toman, N. (2010) "Stop trying to delight your customers",
    Harvard Business Review 88(7/8), 116-122. Dixon, M., Toman, N. & DeLisi, R. (2013) The Effortless
    Experience, Portfolio (CES 2.0, the 1-7 agreement scale).
    """
    scale = check_levels(scale, "scale", 2)
    s = as_scores(scores, "scores", 1, scale)
    if s.size < 2:
        raise ValueError(f"scores has {s.size} answer; a t-interval needs at least 2")
    total = float(s.sum())
    mean = mean_interval_from_moments(
        int(s.size), total, float((s * s).sum()), confidence=confidence
    )
    midpoint = (scale + 1) / 2
    agree_levels = tuple(v for v in range(1, scale + 1) if v > midpoint)
    agree = proportion_from_counts(int((s > midpoint).sum()), int(s.size), confidence=confidence)
    return CesResult(scale=scale, n=int(s.size), mean=mean, agree=agree, agree_levels=agree_levels)


RATING_LABELS: dict[int, tuple[str, ...]] = {
    5: ("非常满意", "very satisfied"),
    4: ("满意", "satisfied"),
    3: ("基本满意", "basically satisfied", "fairly satisfied"),
    2: ("不满意", "dissatisfied"),
    1: ("非常不满意", "very dissatisfied"),
}
_RATING_LOOKUP = {label: level for level, labels in RATING_LABELS.items() for label in labels}


def _rating_levels(scores: Any) -> np.ndarray[Any, Any]:
    values = list(scores) if not isinstance(scores, np.ndarray) else scores.tolist()
    if values and any(isinstance(v, str) for v in values):
        out = []
        for i, v in enumerate(values):
            key = v.strip().lower() if isinstance(v, str) else v
            if isinstance(key, str) and key in _RATING_LOOKUP:
                out.append(_RATING_LOOKUP[key])
            elif isinstance(key, str):
                raise ValueError(
                    f"scores[{i}] = {v!r} is not a level of the 非常满意…非常不满意 scale"
                )
            else:
                out.append(key)
        values = out
    return as_scores(values, "scores", 1, 5)


def rating_distribution(
    scores: Sequence[Any] | np.ndarray[Any, Any], *, confidence: float = 0.95
) -> RatingDistributionResult:
    """Distribution of the five-level rating and the 好差评 satisfaction rate.

    ``scores`` are 1-5 (5 = 非常满意 … 1 = 非常不满意) or the level names in Chinese or English.
    The satisfaction rate counts 非常满意, 满意 and 基本满意 over all answers (the rule of the
    government-service 好差评 system), with its Wilson interval.

    References: 国务院办公厅《关于建立政务服务"好差评"制度提高政务服务水平的意见》(国办发〔2019〕51号),
    the five-level scale; Wilson, E. B. (1927), JASA 22, 209-212 (the interval).
    """
    s = _rating_levels(scores)
    levels = (5, 4, 3, 2, 1)
    counts = tuple(int((s == v).sum()) for v in levels)
    n = int(s.size)
    satisfaction = proportion_from_counts(int((s >= 3).sum()), n, confidence=confidence)
    return RatingDistributionResult(
        n=n,
        levels=levels,
        labels=tuple(RATING_LABELS[v][0] for v in levels),
        counts=counts,
        shares=tuple(c / n for c in counts),
        satisfaction=satisfaction,
    )
