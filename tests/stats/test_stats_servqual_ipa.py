"""SERVQUAL gap scores and importance-performance analysis, checked by hand arithmetic."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cxloop.stats import SERVQUAL_22, ipa, servqual


def _two_respondents() -> tuple[np.ndarray, np.ndarray]:
    e = np.full((2, 22), 6.0)
    p = np.full((2, 22), 5.0)
    p[:, 4:9] = 3.0  # reliability items 5-9 well below expectations
    p[0, 0] = 7.0  # respondent 1 rates item 1 (tangibles) above expectation
    return e, p


def test_servqual_dimensions_are_those_of_parasuraman_et_al_1988() -> None:
    assert dict(SERVQUAL_22) == {
        "tangibles": (1, 2, 3, 4),
        "reliability": (5, 6, 7, 8, 9),
        "responsiveness": (10, 11, 12, 13),
        "assurance": (14, 15, 16, 17),
        "empathy": (18, 19, 20, 21, 22),
    }


def test_servqual_gaps_are_perception_minus_expectation() -> None:
    e, p = _two_respondents()
    r = servqual(e, p)
    assert r.n == 2
    assert r.item_gaps[0] == pytest.approx((1 + -1) / 2)  # (7 - 6 + 5 - 6) / 2
    assert r.item_gaps[4] == -3.0
    # tangibles: respondent 1 (1 - 1 - 1 - 1)/4 = -0.5, respondent 2 -1 -> mean -0.75
    assert r.dimension_gaps == pytest.approx(
        {
            "tangibles": -0.75,
            "reliability": -3.0,
            "responsiveness": -1.0,
            "assurance": -1.0,
            "empathy": -1.0,
        }
    )
    # unweighted SERVQUAL score: mean of the five dimension gaps = (-0.75 - 3 - 1 - 1 - 1) / 5
    assert r.unweighted_score == pytest.approx(-6.75 / 5)
    assert r.weighted_score is None


def test_servqual_weighted_score_uses_normalised_importance_points() -> None:
    e, p = _two_respondents()
    points = {
        "tangibles": 10,
        "reliability": 30,
        "responsiveness": 20,
        "assurance": 20,
        "empathy": 20,
    }
    r = servqual(e, p, weights=points)
    assert r.weights == pytest.approx(
        {
            "tangibles": 0.1,
            "reliability": 0.3,
            "responsiveness": 0.2,
            "assurance": 0.2,
            "empathy": 0.2,
        }
    )
    assert r.weighted_score == pytest.approx(0.1 * -0.75 + 0.3 * -3 + 0.6 * -1)
    per_respondent = np.array([[10, 30, 20, 20, 20], [20, 20, 20, 20, 20]])
    r2 = servqual(e, p, weights=per_respondent)
    # respondent 1: .1(-.5) + .3(-3) + .6(-1) = -1.55; respondent 2: .2(-1 - 3 - 1 - 1 - 1) = -1.4
    assert r2.weighted_score == pytest.approx((-1.55 - 1.4) / 2)


def test_servqual_reverse_scored_items_are_rescored_in_both_batteries() -> None:
    e = np.full((1, 22), 6.0)
    p = np.full((1, 22), 6.0)
    e[0, 9], p[0, 9] = 2.0, 3.0  # negatively worded item 10: 8 - x gives 6 and 5
    r = servqual(e, p, reverse=[10])
    assert r.item_gaps[9] == -1.0
    assert r.item_expectations[9] == 6.0


def test_servqual_accepts_a_custom_short_instrument() -> None:
    r = servqual([4, 5, 3], [5, 5, 2], dimensions={"staff": (1, 2), "place": (3,)}, scale=5)
    assert r.dimension_gaps == {"staff": 0.5, "place": -1.0}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"expectations": np.ones((2, 22)), "perceptions": np.ones((2, 21))}, "same shape"),
        (
            {"expectations": np.ones((2, 21)), "perceptions": np.ones((2, 21))},
            "each item 1..21 exactly once",
        ),
        (
            {"expectations": np.full((1, 22), 8.0), "perceptions": np.ones((1, 22))},
            "outside the scale 1..7",
        ),
        ({"expectations": np.full((1, 22), np.nan), "perceptions": np.ones((1, 22))}, "NaN"),
        (
            {"expectations": np.ones((1, 22)), "perceptions": np.ones((1, 22)), "weights": [1, 2]},
            "one value per dimension",
        ),
        (
            {
                "expectations": np.ones((1, 22)),
                "perceptions": np.ones((1, 22)),
                "weights": {"tangibles": 1},
            },
            "missing",
        ),
        (
            {"expectations": np.ones((1, 22)), "perceptions": np.ones((1, 22)), "reverse": [23]},
            "reverse items",
        ),
    ],
)
def test_servqual_refuses_bad_input(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        servqual(**kwargs)


def test_ipa_places_attributes_in_the_martilla_james_quadrants() -> None:
    r = ipa(
        [4.5, 4.2, 2.0, 2.5], [2.5, 4.4, 2.1, 4.6], labels=["wait", "staff", "parking", "decor"]
    )
    assert (r.importance_crosshair, r.performance_crosshair) == pytest.approx((3.3, 3.4))
    assert [(pt.label, pt.quadrant) for pt in r.points] == [
        ("wait", "concentrate_here"),
        ("staff", "keep_up_the_good_work"),
        ("parking", "low_priority"),
        ("decor", "possible_overkill"),
    ]
    assert r.quadrant_counts == {
        "concentrate_here": 1,
        "keep_up_the_good_work": 1,
        "low_priority": 1,
        "possible_overkill": 1,
    }


def test_ipa_scale_midpoint_crosshair_and_respondent_matrices() -> None:
    importance = np.array([[5, 2], [4, 2], [5, 3]])
    performance = np.array([[2, 4], [3, 5], [2, 4]])
    r = ipa(importance, performance, crosshair="scale_mid", scale=(1, 5))
    assert (r.importance_crosshair, r.performance_crosshair) == (3.0, 3.0)
    assert [pt.quadrant for pt in r.points] == ["concentrate_here", "possible_overkill"]
    assert r.points[0].importance == pytest.approx(14 / 3)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([1, 2], [1, 2, 3]), {}, "must match"),
        (([1, 2], [1, 2]), {"crosshair": "scale_mid"}, "needs scale"),
        (([1, 9], [1, 2]), {"crosshair": "scale_mid", "scale": (1, 5)}, "outside the scale"),
        (([1, 2], [1, 2]), {"crosshair": "median"}, "unknown crosshair"),
        (([3], [3]), {}, "at least 2 attributes"),
        (([1, 2], [1, 2]), {"labels": ["a"]}, "labels"),
    ],
)
def test_ipa_refuses_bad_input(args: tuple[Any, ...], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ipa(*args, **kwargs)
