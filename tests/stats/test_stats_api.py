"""The public surface of cxloop.stats: names, purity, frozen results that serialise to JSON."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from tests.stats.datasets import MONTGOMERY_9_1, SWISS

import cxloop.stats as stats

STATS_DIR = Path(stats.__file__).parent


def test_the_issue_names_are_exported():
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


def test_the_library_imports_nothing_else_from_cxloop():
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


def _every_result():
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
def test_every_result_is_frozen_and_serialises_to_plain_json(result):
    assert dataclasses.is_dataclass(result)
    first = dataclasses.fields(result)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, first, None)
    data = result.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
