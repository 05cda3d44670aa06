"""Key drivers: relative weights and Shapley/LMG on R's mtcars and swiss data."""

from __future__ import annotations

import itertools
import math
import time
from typing import Any

import numpy as np
import pytest
from tests.stats.datasets import MTCARS, MTCARS_COLUMNS, MTCARS_GEAR, SWISS, SWISS_COLUMNS

from cxloop.stats import key_drivers


def _r2(x: np.ndarray, y: np.ndarray) -> float:
    """R² of an OLS fit with intercept, refitted on the raw data (the slow, obvious way)."""
    design = np.column_stack([np.ones(len(y)), x])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ beta
    return float(1 - resid @ resid / ((y - y.mean()) ** 2).sum())


def _lmg_by_orderings(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """LMG as Lindeman, Merenda & Gold define it: the R² gain of each predictor averaged over all
    p! orders of entry, each R² refitted by least squares on the raw data."""
    p = x.shape[1]
    cache: dict[frozenset[int], float] = {frozenset(): 0.0}

    def r2(s: frozenset[int]) -> float:
        if s not in cache:
            cache[s] = _r2(x[:, sorted(s)], y)
        return cache[s]

    total = np.zeros(p)
    for order in itertools.permutations(range(p)):
        entered: frozenset[int] = frozenset()
        for j in order:
            total[j] += r2(entered | {j}) - r2(entered)
            entered = entered | {j}
    return total / math.factorial(p)


def test_relative_weights_reproduce_the_rwa_documentation_on_mtcars() -> None:
    # rwa package (Chan), "regression methods" article: rwa_multiregress(mtcars, "mpg",
    # c("cyl", "disp", "hp", "wt")) prints Raw.RelWeight 0.2096904 0.1883043 0.1799590 0.2706812
    # and Rescaled.RelWeight 24.70914 22.18908 21.20570 31.89607.
    r = key_drivers(MTCARS[:, 1:], MTCARS[:, 0], feature_names=MTCARS_COLUMNS[1:])
    assert r.feature_names == ("cyl", "disp", "hp", "wt")
    assert r.raw == pytest.approx((0.2096904, 0.1883043, 0.1799590, 0.2706812), abs=5e-8)
    assert r.rescaled == pytest.approx((24.70914, 22.18908, 21.20570, 31.89607), abs=5e-6)
    assert sum(r.raw) == pytest.approx(r.r2)
    assert r.r2 == pytest.approx(_r2(MTCARS[:, 1:], MTCARS[:, 0]))
    assert all(c < 0 for c in r.correlations)  # every driver lowers mpg (rwa's Sign column)


def test_relative_weights_reproduce_the_rwa_readme_example_with_gear() -> None:
    # rwa package README and "introduction to rwa" vignette (martinctc.github.io/rwa):
    # rwa(mtcars, "mpg", c("cyl", "disp", "hp", "gear")) prints rsquare 0.7791896,
    # Raw.RelWeight 0.2284797 0.2221469 0.2321744 0.0963886, Rescaled.RelWeight
    # 29.32274 28.50999 29.79691 12.37037 and Sign - - - +.
    x = np.column_stack([MTCARS[:, 1:4], MTCARS_GEAR])
    r = key_drivers(x, MTCARS[:, 0], feature_names=("cyl", "disp", "hp", "gear"))
    assert r.r2 == pytest.approx(0.7791896, abs=5e-8)
    assert r.raw == pytest.approx((0.2284797, 0.2221469, 0.2321744, 0.0963886), abs=5e-8)
    assert r.rescaled == pytest.approx((29.32274, 28.50999, 29.79691, 12.37037), abs=5e-6)
    assert [c > 0 for c in r.correlations] == [False, False, False, True]


# relaimpo (Grömping 2006, JSS 17(1)): calc.relimp(lm(Fertility ~ ., swiss), type = "lmg") and
# the same with rela = TRUE, as printed by relaimpo 2.2 (values recorded to 13 digits in the
# independently written relaimpo comparison of a public survey-analysis test suite; the JSS paper's
# own table of this call could not be reached from here). R² = 0.706735001593.
RELAIMPO_SWISS_LMG = (0.0570912207681, 0.1711730289002, 0.2601346786244, 0.1055701503735,
                      0.1127659229265)  # fmt: skip
RELAIMPO_SWISS_LMG_RELA = (0.0807816517357, 0.2422025632160, 0.3680795178364, 0.1493772773891,
                           0.1595589898228)  # fmt: skip
# relaimpo lmg for rwa's mtcars model mpg ~ cyl + disp + hp + gear (same source).
RELAIMPO_MTCARS_GEAR_LMG = (0.2470520332352, 0.2434995947956, 0.2109128995443, 0.0777251114079)


def test_shapley_reproduces_relaimpo_lmg_on_swiss_raw_and_rescaled() -> None:
    r = key_drivers(SWISS[:, 1:], SWISS[:, 0], method="shapley", feature_names=SWISS_COLUMNS[1:])
    assert r.r2 == pytest.approx(0.706735001593, abs=1e-11)
    assert r.raw == pytest.approx(RELAIMPO_SWISS_LMG, abs=1e-12)
    assert tuple(v / 100 for v in r.rescaled) == pytest.approx(RELAIMPO_SWISS_LMG_RELA, abs=1e-12)
    assert r.feature_names[int(np.argmax(r.raw))] == "Education"


def test_shapley_reproduces_relaimpo_lmg_on_mtcars_with_gear() -> None:
    x = np.column_stack([MTCARS[:, 1:4], MTCARS_GEAR])
    r = key_drivers(x, MTCARS[:, 0], method="shapley")
    assert r.raw == pytest.approx(RELAIMPO_MTCARS_GEAR_LMG, abs=1e-12)
    # LMG and Johnson's weights are close but not equal (gear: 0.0777 against 0.0964).
    assert r.raw != pytest.approx(key_drivers(x, MTCARS[:, 0]).raw, abs=1e-3)


def test_relative_weights_match_johnsons_construction_from_the_raw_data() -> None:
    # Independent path: Johnson (2000) builds Z, the orthonormal matrix closest to the standardised
    # predictors, from their SVD (Z = U V'), regresses y on Z and on X on Z, and sums
    # squared products. Here from swiss's raw data, not from the correlation matrix.
    x, y = SWISS[:, 1:], SWISS[:, 0]
    xs = (x - x.mean(0)) / x.std(0, ddof=1)
    ys = (y - y.mean()) / y.std(ddof=1)
    u, _, vt = np.linalg.svd(xs, full_matrices=False)
    z = u @ vt * math.sqrt(len(y) - 1)
    beta = np.linalg.lstsq(z, ys, rcond=None)[0]
    lam = np.linalg.lstsq(z, xs, rcond=None)[0]  # regression of each X on Z
    expected = (lam.T**2) @ (beta**2)
    r = key_drivers(x, y)
    assert r.raw == pytest.approx(tuple(expected), rel=1e-9)
    assert sum(r.raw) == pytest.approx(0.7067350, abs=5e-7)  # lm(Fertility ~ ., swiss) R²
    # relativeImp's output on the same model (same source as RELAIMPO_SWISS_LMG above).
    assert r.raw == pytest.approx(
        (0.048416895812, 0.154708249806, 0.271964104646, 0.114680029948, 0.116965721381), abs=1e-12
    )


@pytest.mark.parametrize("data", ["swiss", "mtcars"])
def test_shapley_equals_lmg_by_brute_force_over_all_orderings(data: str) -> None:
    table = SWISS if data == "swiss" else MTCARS
    x, y = table[:, 1:], table[:, 0]
    r = key_drivers(x, y, method="shapley")
    assert r.raw == pytest.approx(tuple(_lmg_by_orderings(x, y)), rel=1e-9)
    assert sum(r.raw) == pytest.approx(r.r2, rel=1e-12)
    assert sum(r.rescaled) == pytest.approx(100.0)


def test_feature_names_default_and_can_come_from_columns() -> None:
    class Frame:
        columns = SWISS_COLUMNS[1:]

        def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
            return SWISS[:, 1:]

    r = key_drivers(Frame(), SWISS[:, 0])
    assert r.feature_names == SWISS_COLUMNS[1:]
    assert key_drivers(SWISS[:, 1:3], SWISS[:, 0]).feature_names == ("x1", "x2")


def test_shapley_for_fifteen_drivers_takes_well_under_a_second() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(5000, 15))
    x[:, 1] += x[:, 0]  # some collinearity
    y = x @ rng.normal(size=15) + rng.normal(size=5000)
    start = time.perf_counter()
    r = key_drivers(x, y, method="shapley")
    assert time.perf_counter() - start < 2.0
    assert len(r.raw) == 15
    assert sum(r.raw) == pytest.approx(r.r2, rel=1e-10)


@pytest.mark.parametrize(
    ("x", "y", "kwargs", "message"),
    [
        (SWISS[:, 1:2], SWISS[:, 0], {}, "2 to 15 drivers"),
        (np.ones((40, 16)), np.arange(40.0), {}, "2 to 15 drivers"),
        (SWISS[:4, 1:], SWISS[:4, 0], {}, "at least 7 are needed"),
        (SWISS[:, 1:], SWISS[:-1, 0], {}, "rows but y has"),
        (np.column_stack([SWISS[:, 1], np.ones(47)]), SWISS[:, 0], {}, "driver 'x2' is constant"),
        (SWISS[:, 1:], np.ones(47), {}, "y is constant"),
        (np.column_stack([SWISS[:, 1], 2 * SWISS[:, 1]]), SWISS[:, 0], {}, "perfectly collinear"),
        (SWISS[:, 1:], SWISS[:, 0], {"method": "pratt"}, "unknown method"),
        (np.where(SWISS[:, 1:] > 90, np.nan, SWISS[:, 1:]), SWISS[:, 0], {}, "NaN"),
        (SWISS[:, 1:], SWISS[:, 0], {"feature_names": ["a"]}, "feature_names"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(
    x: np.ndarray, y: np.ndarray, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        key_drivers(x, y, **kwargs)
