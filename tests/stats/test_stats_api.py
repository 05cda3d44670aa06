"""The public surface of cxloop.stats: names, purity, frozen results that serialise to JSON."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from tests.stats.datasets import MONTGOMERY_9_1, SWISS

import cxloop.stats as stats
from cxloop.stats._base import Result

STATS_DIR = Path(stats.__file__).parent


def test_the_issue_names_are_exported() -> None:
    names = {
        "nps", "nps_difference", "nps_from_counts", "csat", "ces", "rating_distribution",
        "wilson_interval", "proportion_from_counts", "two_proportion_test",
        "mean_interval_from_moments", "kano", "servqual", "SERVQUAL_22", "ipa", "key_drivers",
        "pareto", "ewma_chart", "cusum_chart", "count_alarm", "cronbach_alpha",
        "margin_of_error", "sample_size", "NpsResult", "ProportionResult", "KanoResult",
    }  # fmt: skip
    assert names <= set(stats.__all__)
    assert all(hasattr(stats, n) for n in stats.__all__)
    assert sorted(set(stats.__all__)) == sorted(stats.__all__)


def test_the_library_imports_nothing_else_from_cxloop() -> None:
    for path in STATS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("cxloop")
            ):
                assert node.module.startswith("cxloop.stats"), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not any(
                    a.name.startswith("cxloop") and not a.name.startswith("cxloop.stats")
                    for a in node.names
                )


def _every_result() -> list[Result]:
    rng = np.random.default_rng(0)
    weekly = rng.poisson(10, size=(2, 52 * 4))
    return [
        stats.nps([10, 9, 3, 7, 8]),
        stats.nps_difference([10, 9, 3], [7, 8, 1]),
        stats.csat([5, 4, 2]),
        stats.ces([7, 5, 2, 6]),
        stats.rating_distribution([5, 4, 3, 1]),
        stats.proportion_from_counts(3, 10),
        stats.two_proportion_test(3, 10, 5, 12),
        stats.mean_interval_from_moments(4, 10.0, 30.0),
        stats.kano(["like", "must-be"], ["dislike", "dislike"]),
        stats.servqual(np.full((2, 22), 6.0), np.full((2, 22), 5.0), weights=[20] * 5),
        stats.ipa([4, 2, 3], [2, 4, 3]),
        stats.key_drivers(SWISS[:, 1:], SWISS[:, 0], method="shapley"),
        stats.pareto({"queue": 5, "rude": 3}),
        stats.ewma_chart(MONTGOMERY_9_1),
        stats.cusum_chart(MONTGOMERY_9_1),
        stats.count_alarm(weekly),
        stats.count_alarm(weekly[0], method="poisson"),
        stats.cronbach_alpha(rng.normal(size=(10, 3)) + rng.normal(size=(10, 1))),
    ]


@pytest.mark.parametrize("result", _every_result(), ids=lambda r: type(r).__name__)
def test_every_result_is_frozen_and_serialises_to_plain_json(result: Result) -> None:
    assert dataclasses.is_dataclass(result)
    first = dataclasses.fields(result)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, first, None)
    data = result.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data


# The signatures issue 4 names as the public contract: (positional parameters, keyword-only
# parameters with their defaults, and the choices of each string option).
NAN = float("nan")
CONTRACT: dict[str, tuple[tuple[str, ...], dict[str, Any], dict[str, tuple[str, ...]]]] = {
    "nps": (("scores",), {}, {}),
    "nps_difference": (("a", "b"), {}, {}),
    "csat": (("scores",), {"scale": 5, "top_box": 2}, {}),
    "ces": (("scores",), {"scale": 7}, {}),
    "rating_distribution": (("scores",), {}, {}),
    "wilson_interval": (("successes", "n"), {"confidence": 0.95, "continuity": False}, {}),
    "two_proportion_test": (("successes_a", "n_a", "successes_b", "n_b"), {}, {}),
    "kano": (("functional", "dysfunctional"), {}, {}),
    "servqual": (
        ("expectations", "perceptions"),
        {"dimensions": stats.SERVQUAL_22, "weights": None},
        {},
    ),
    "ipa": (("importance", "performance"), {"crosshair": "mean"}, {"crosshair": ("mean", "scale_mid")}),
    "key_drivers": (
        ("X", "y"),
        {"method": "relative_weights"},
        {"method": ("relative_weights", "shapley")},
    ),
    "pareto": (("counts",), {"threshold": 0.8}, {}),
    "ewma_chart": (("series",), {"lam": 0.2, "L": 3, "target": None, "sigma": None}, {}),
    "cusum_chart": (("series",), {"k": 0.5, "h": 5, "target": None, "sigma": None}, {}),
    "count_alarm": (("counts",), {"method": "farrington"}, {"method": ("farrington", "poisson")}),
    "cronbach_alpha": (("items",), {}, {}),
    "margin_of_error": (("p", "n"), {"population": None}, {}),
    "sample_size": (("margin",), {"p": 0.5, "confidence": 0.95, "population": None}, {}),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_each_issue_function_has_the_signature_of_the_contract(name: str) -> None:
    positional, keywords, choices = CONTRACT[name]
    fn = getattr(stats, name)
    assert name in stats.__all__
    params = inspect.signature(fn).parameters
    required = [
        p.name
        for p in params.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        and p.default is inspect.Parameter.empty
    ]
    assert tuple(required) == positional
    for key, default in keywords.items():
        assert params[key].kind is inspect.Parameter.KEYWORD_ONLY, (
            f"{name}: {key} is not keyword-only"
        )
        assert params[key].default == default
    hints = typing.get_type_hints(fn)
    for key, options in choices.items():
        assert typing.get_args(hints[key]) == options
    assert fn.__doc__ and "Reference" in fn.__doc__, f"{name} cites no reference"


def test_metrics_intervals_are_the_library_intervals() -> None:
    # The metrics summary and trend endpoints build every value through metrics.compute (via
    # metrics.service.feedback_metric); these must be the library's numbers, not a copy of them.
    from cxloop.metrics import compute

    m = compute.nps_metric(50, 30, 20)
    r = stats.nps_from_counts(50, 30, 20)
    assert (m["value"], m["n"], m["ci_low"], m["ci_high"]) == (r.nps, r.n, r.ci_low, r.ci_high)
    m = compute.proportion_metric(81, 263)
    p = stats.proportion_from_counts(81, 263)
    assert (m["value"], m["ci_low"], m["ci_high"]) == (p.proportion, p.ci_low, p.ci_high)
    m = compute.mean_metric(10, 51.0, 287.0)
    t = stats.mean_interval_from_moments(10, 51.0, 287.0)
    assert (m["value"], m["ci_low"], m["ci_high"]) == (t.mean, t.ci_low, t.ci_high)


# Every function against the bad inputs issue 4 lists: empty, NaN, outside the scale, an unknown
# Kano answer, too few observations. Each must raise a ValueError whose message names the problem.
E22 = np.ones((2, 22))
BAD_INPUT = [
    ("nps empty", lambda: stats.nps([]), "scores is empty"),
    ("nps NaN", lambda: stats.nps([9, NAN]), r"NaN .* position 1"),
    ("nps out of scale", lambda: stats.nps([9, -1]), "outside the scale 0..10"),
    ("nps_difference empty", lambda: stats.nps_difference([], [9]), "scores is empty"),
    ("nps_difference NaN", lambda: stats.nps_difference([9], [NAN]), "NaN"),
    ("csat empty", lambda: stats.csat([]), "scores is empty"),
    ("csat NaN", lambda: stats.csat([5, NAN]), "NaN"),
    ("csat out of scale", lambda: stats.csat([5, 7]), "outside the scale 1..5"),
    ("ces empty", lambda: stats.ces([]), "scores is empty"),
    ("ces NaN", lambda: stats.ces([5, NAN]), "NaN"),
    ("ces out of scale", lambda: stats.ces([5, 8]), "outside the scale 1..7"),
    ("ces too few", lambda: stats.ces([5]), "at least 2"),
    ("rating empty", lambda: stats.rating_distribution([]), "scores is empty"),
    ("rating NaN", lambda: stats.rating_distribution([5, NAN]), "NaN"),
    ("rating out of scale", lambda: stats.rating_distribution([0]), "outside the scale 1..5"),
    ("wilson no observations", lambda: stats.wilson_interval(0, 0), "n is 0"),
    ("wilson NaN", lambda: stats.wilson_interval(cast(Any, NAN), 3), "successes must be a whole number"),
    ("two proportions NaN", lambda: stats.two_proportion_test(1, 2, cast(Any, NAN), 3), "successes_b"),
    ("two proportions empty", lambda: stats.two_proportion_test(1, 0, 1, 3), "n_a is 0"),
    ("kano empty", lambda: stats.kano([], []), "functional is empty"),
    ("kano NaN", lambda: stats.kano([NAN], ["like"]), "not a Kano answer"),
    ("kano unknown answer", lambda: stats.kano(["like"], ["超喜欢"]), r"dysfunctional\[0\]"),
    ("servqual empty", lambda: stats.servqual([[]], [[]]), "expectations is empty"),
    ("servqual NaN", lambda: stats.servqual(E22, np.where(E22, NAN, 0)), "perceptions contains NaN"),
    ("servqual out of scale", lambda: stats.servqual(E22, 9 * E22), "outside the scale 1..7"),
    ("ipa empty", lambda: stats.ipa([], []), "importance is empty"),
    ("ipa NaN", lambda: stats.ipa([1, 2], [1, NAN]), "performance contains NaN"),
    ("ipa too few", lambda: stats.ipa([1], [1]), "at least 2 attributes"),
    ("key_drivers empty", lambda: stats.key_drivers([[]], []), "X is empty"),
    ("key_drivers NaN", lambda: stats.key_drivers(SWISS[:, 1:], np.r_[NAN, SWISS[1:, 0]]), "y contains NaN"),
    ("key_drivers too few", lambda: stats.key_drivers(SWISS[:5, 1:], SWISS[:5, 0]), "at least 7"),
    ("key_drivers one driver", lambda: stats.key_drivers(SWISS[:, 1:2], SWISS[:, 0]), "2 to 15"),
    ("pareto empty", lambda: stats.pareto([]), "counts is empty"),
    ("pareto NaN", lambda: stats.pareto([3, cast(Any, NAN)]), "NaN"),
    ("ewma empty", lambda: stats.ewma_chart([]), "series is empty"),
    ("ewma NaN", lambda: stats.ewma_chart([1.0, NAN]), "NaN"),
    ("ewma too few", lambda: stats.ewma_chart([1.0]), "at least 2"),
    ("cusum empty", lambda: stats.cusum_chart([]), "series is empty"),
    ("cusum NaN", lambda: stats.cusum_chart([1.0, NAN]), "NaN"),
    ("cusum too few", lambda: stats.cusum_chart([1.0]), "at least 2"),
    ("count_alarm empty", lambda: stats.count_alarm([]), "counts is empty"),
    ("count_alarm NaN", lambda: stats.count_alarm([1, NAN]), "NaN"),
    ("count_alarm too few", lambda: stats.count_alarm(np.ones(50)), "needs more than 159"),
    ("cronbach empty", lambda: stats.cronbach_alpha([[]]), "items is empty"),
    ("cronbach NaN", lambda: stats.cronbach_alpha([[1, 2], [NAN, 3]]), "NaN"),
    ("cronbach too few", lambda: stats.cronbach_alpha([[1, 2, 3]]), "at least 2"),
    ("margin NaN", lambda: stats.margin_of_error(NAN, 10), "p must be a proportion"),
    ("margin no observations", lambda: stats.margin_of_error(0.5, 0), "n is 0"),
    ("sample size NaN", lambda: stats.sample_size(NAN), "margin must be a positive"),
    ("sample size NaN p", lambda: stats.sample_size(0.05, p=NAN), "p must be strictly"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "message"), [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT]
)
def test_every_function_refuses_bad_input_with_a_message_naming_the_problem(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_the_bad_input_table_covers_every_issue_function() -> None:
    covered = {c[0].split()[0] for c in BAD_INPUT}
    short = {"rating": "rating_distribution", "wilson": "wilson_interval", "two": "two_proportion_test",
             "ewma": "ewma_chart", "cusum": "cusum_chart", "cronbach": "cronbach_alpha",
             "margin": "margin_of_error", "sample": "sample_size"}  # fmt: skip
    assert {short.get(c, c) for c in covered} == set(CONTRACT)
