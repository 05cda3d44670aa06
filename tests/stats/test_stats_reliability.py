"""Cronbach's alpha and Feldt's interval."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy import stats as sps
from tests.stats.datasets import PINGOUIN_CRONBACH_ITEMS

from cxloop.stats import cronbach_alpha

# Six respondents x four 5-point items (a small made-up survey; the reference values below are
# computed independently, not typed in).
ITEMS = np.array(
    [
        [4, 5, 4, 4],
        [3, 3, 2, 3],
        [5, 5, 5, 4],
        [2, 3, 2, 2],
        [4, 4, 3, 4],
        [3, 2, 3, 3],
    ],
    dtype=float,
)


def _hoyt_alpha(x: np.ndarray) -> tuple[float, float]:
    """Hoyt (1941): alpha = 1 - MS_residual / MS_persons from the persons x items two-way ANOVA.
    Returns (alpha, F = MS_persons / MS_residual)."""
    n, k = x.shape
    grand = x.mean()
    ss_persons = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_items = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((x - grand) ** 2).sum()
    ms_persons = ss_persons / (n - 1)
    ms_resid = (ss_total - ss_persons - ss_items) / ((n - 1) * (k - 1))
    return 1 - ms_resid / ms_persons, ms_persons / ms_resid


def test_cronbach_alpha_reproduces_the_pingouin_documentation_example() -> None:
    # pingouin.cronbach_alpha docstring (checked there against R's psych::alpha):
    # pg.cronbach_alpha(data=pg.read_dataset("cronbach_alpha"), items="Items", scores="Scores",
    # subject="Subj") returns (0.591719, array([0.195, 0.84])), the interval by Feldt's method.
    r = cronbach_alpha(np.array(PINGOUIN_CRONBACH_ITEMS, dtype=float).T)
    assert (r.n, r.k) == (15, 10)
    assert r.alpha == pytest.approx(0.591719, abs=5e-7)
    assert (round(r.ci_low, 3), round(r.ci_high, 3)) == (0.195, 0.840)


def test_cronbach_alpha_equals_hoyts_anova_estimate() -> None:
    r = cronbach_alpha(ITEMS)
    alpha, _ = _hoyt_alpha(ITEMS)
    assert (r.n, r.k) == (6, 4)
    assert r.alpha == pytest.approx(alpha, rel=1e-12)
    # by hand: item variances 1.1, 1.4667, 1.3667, 0.6667 (sum 4.6); totals 17, 11, 19, 9, 15, 11
    # have variance 77.333/5 = 15.4667; alpha = 4/3 (1 - 4.6/15.4667) = 0.93678
    assert r.alpha == pytest.approx(4 / 3 * (1 - 4.6 / (232 / 15)), rel=1e-12)
    assert round(r.alpha, 5) == 0.93678


def test_feldt_interval_is_the_f_interval_of_the_anova_ratio() -> None:
    # Feldt (1965): (1 - alpha_pop)/(1 - alpha_hat) ~ F(n-1, (n-1)(k-1)); the limits are
    # 1 - F_crit / F_observed with F_observed = MS_persons / MS_residual = 1 / (1 - alpha).
    r = cronbach_alpha(ITEMS, confidence=0.90)
    _, f_obs = _hoyt_alpha(ITEMS)
    df1, df2 = 5, 15
    assert r.ci_low == pytest.approx(1 - sps.f.ppf(0.95, df1, df2) / f_obs, rel=1e-12)
    assert r.ci_high == pytest.approx(1 - sps.f.ppf(0.05, df1, df2) / f_obs, rel=1e-12)
    assert r.ci_low < r.alpha < r.ci_high <= 1


def test_perfectly_parallel_items_have_alpha_one() -> None:
    x = np.column_stack([np.arange(5.0)] * 3)
    assert cronbach_alpha(x).alpha == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (np.ones((5, 1)), "at least 2 items"),
        (np.ones((1, 3)), "at least 2"),
        (np.full((4, 3), 2.0), "same total score"),
        (np.array([[1.0, np.nan], [2, 3]]), r"NaN .* at position \(0, 1\)"),
        ([1, 2, 3], "2-D array"),
    ],
)
def test_bad_input_is_refused(items: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(items)
