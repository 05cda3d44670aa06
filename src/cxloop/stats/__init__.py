"""Measurement methods for customer experience: satisfaction metrics with honest intervals, Kano,
SERVQUAL, importance-performance analysis, key drivers, Pareto, control charts and early warning.

A pure library: NumPy and SciPy only, nothing else from cxloop. Every function validates its input
(a ``ValueError`` names the problem) and returns a frozen dataclass with a JSON-ready ``to_dict()``.
Each method follows its published reference, cited in its docstring; ``docs/stats.md`` has the list.
"""

from cxloop.stats._alarm import CountAlarmResult, count_alarm
from cxloop.stats._charts import CusumResult, EwmaResult, cusum_chart, ewma_chart
from cxloop.stats._drivers import KeyDriversResult, key_drivers
from cxloop.stats._ipa import IPA_QUADRANTS, IpaPoint, IpaResult, ipa
from cxloop.stats._kano import KANO_ANSWERS, KANO_CATEGORIES, KANO_TABLE, KanoResult, kano
from cxloop.stats._pareto import ParetoResult, pareto
from cxloop.stats._proportions import (
    MeanResult,
    ProportionResult,
    TwoProportionResult,
    margin_of_error,
    mean_interval_from_moments,
    proportion_from_counts,
    sample_size,
    two_proportion_test,
    wilson_interval,
)
from cxloop.stats._reliability import CronbachResult, cronbach_alpha
from cxloop.stats._scores import (
    RATING_LABELS,
    CesResult,
    NpsDifferenceResult,
    NpsResult,
    RatingDistributionResult,
    ces,
    csat,
    nps,
    nps_difference,
    nps_from_counts,
    rating_distribution,
)
from cxloop.stats._servqual import SERVQUAL_22, ServqualResult, servqual

__all__ = [
    "IPA_QUADRANTS",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "RATING_LABELS",
    "SERVQUAL_22",
    "CesResult",
    "CountAlarmResult",
    "CronbachResult",
    "CusumResult",
    "EwmaResult",
    "IpaPoint",
    "IpaResult",
    "KanoResult",
    "KeyDriversResult",
    "MeanResult",
    "NpsDifferenceResult",
    "NpsResult",
    "ParetoResult",
    "ProportionResult",
    "RatingDistributionResult",
    "ServqualResult",
    "TwoProportionResult",
    "ces",
    "count_alarm",
    "cronbach_alpha",
    "csat",
    "cusum_chart",
    "ewma_chart",
    "ipa",
    "kano",
    "key_drivers",
    "margin_of_error",
    "mean_interval_from_moments",
    "nps",
    "nps_difference",
    "nps_from_counts",
    "pareto",
    "proportion_from_counts",
    "rating_distribution",
    "sample_size",
    "servqual",
    "two_proportion_test",
    "wilson_interval",
]
