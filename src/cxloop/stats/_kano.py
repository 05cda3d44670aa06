"""Kano analysis of one feature: the evaluation table, the category and the Better/Worse coefficients."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cxloop.stats._base import Result

#: The five answers of the Kano questionnaire, in the order of the evaluation table.
KANO_ANSWERS: tuple[str, ...] = ("like", "must-be", "neutral", "live-with", "dislike")

#: The six categories: attractive, one-dimensional, must-be, indifferent, reverse, questionable.
KANO_CATEGORIES: tuple[str, ...] = ("A", "O", "M", "I", "R", "Q")

#: Berger et al. (1993) evaluation table: rows are the functional answer, columns the
#: dysfunctional answer, both in the order like, must-be, neutral, live-with, dislike.
KANO_TABLE: tuple[tuple[str, ...], ...] = (
    ("Q", "A", "A", "A", "O"),
    ("R", "I", "I", "I", "M"),
    ("R", "I", "I", "I", "M"),
    ("R", "I", "I", "I", "M"),
    ("R", "R", "R", "R", "Q"),
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "like": ("like", "i like it", "like it", "我喜欢", "喜欢", "非常喜欢"),
    "must-be": (
        "must-be",
        "must be",
        "must_be",
        "expect",
        "i expect it",
        "expect it",
        "理所当然",
        "理应如此",
        "必须这样",
        "必须的",
    ),
    "neutral": ("neutral", "i am neutral", "indifferent", "无所谓", "中立"),
    "live-with": (
        "live-with",
        "live with",
        "live_with",
        "i can live with it",
        "can live with it",
        "tolerate",
        "i can tolerate it",
        "能忍受",
        "可以忍受",
        "勉强接受",
    ),
    "dislike": ("dislike", "i dislike it", "dislike it", "我不喜欢", "不喜欢", "很不喜欢"),
}
_LOOKUP: dict[str, int] = {
    alias: KANO_ANSWERS.index(answer) for answer, aliases in _ALIASES.items() for alias in aliases
}

# When two categories are equally frequent, the one with the greater impact on satisfaction wins:
# M > O > A > I (Berger et al. 1993), then R and Q.
_TIE_ORDER: tuple[str, ...] = ("M", "O", "A", "I", "R", "Q")


@dataclass(frozen=True)
class KanoResult(Result):
    """The Kano classification of one feature.

    ``counts`` maps each category (A, O, M, I, R, Q) to the number of respondents. ``category`` uses
    the Berger et al. (1993) rule: if A + O + M > I + R + Q the feature is the most frequent of
    M, O, A, otherwise the most frequent of I, R, Q (ties broken M > O > A > I > R > Q).
    ``mode_category`` is the plain most frequent category. ``better`` = (A + O) / (A + O + M + I) and
    ``worse`` = -(O + M) / (A + O + M + I).
    """

    n: int
    counts: dict[str, int]
    category: str
    mode_category: str
    better: float
    worse: float


def _answer_index(value: Any, name: str, i: int) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name}[{i}] = {value!r} is not a Kano answer")
    if isinstance(value, numbers.Real):
        f = float(value)
        if f.is_integer() and 1 <= f <= 5:
            return int(f) - 1
    if isinstance(value, str):
        key = " ".join(value.strip().lower().split())
        if key in _LOOKUP:
            return _LOOKUP[key]
        if key.isdigit() and 1 <= int(key) <= 5:
            return int(key) - 1
    raise ValueError(
        f"{name}[{i}] = {value!r} is not a Kano answer; use 1-5 or like / must-be / neutral / "
        "live-with / dislike (我喜欢 / 理所当然 / 无所谓 / 能忍受 / 我不喜欢)"
    )


def _best(counts: dict[str, int], among: tuple[str, ...]) -> str:
    ordered = [c for c in _TIE_ORDER if c in among]
    return max(ordered, key=lambda c: (counts[c], -ordered.index(c)))


def kano(functional: Sequence[Any], dysfunctional: Sequence[Any]) -> KanoResult:
    """Classify one feature from its paired functional / dysfunctional answers.

    Each respondent answers "how do you feel if the feature is present?" (functional) and "... if it
    is absent?" (dysfunctional) on the five-point scale like / must-be / neutral / live-with /
    dislike (我喜欢 / 理所当然 / 无所谓 / 能忍受 / 我不喜欢, or 1-5 in that order). Each pair is
    graded by the evaluation table; call once per feature.

    References: Kano, N., Seraku, N., Takahashi, F. & Tsuji, S. (1984) "Attractive quality and
    must-be quality", Journal of the Japanese Society for Quality Control 14(2), 39-48.
    Berger, C. et al. (1993) "Kano's methods for understanding customer-defined quality", Center for
    Quality of Management Journal 2(4), 3-36 (evaluation table, the (A+O+M) vs (I+R+Q) rule, and the
    Better/Worse coefficients, attributed there to Timko).
    """
    f = list(functional)
    d = list(dysfunctional)
    if not f:
        raise ValueError("functional is empty")
    if len(f) != len(d):
        raise ValueError(
            f"functional has {len(f)} answers but dysfunctional has {len(d)}; they must be paired"
        )
    counts = dict.fromkeys(KANO_CATEGORIES, 0)
    for i, (fa, da) in enumerate(zip(f, d, strict=True)):
        counts[
            KANO_TABLE[_answer_index(fa, "functional", i)][_answer_index(da, "dysfunctional", i)]
        ] += 1
    aom = counts["A"] + counts["O"] + counts["M"]
    irq = counts["I"] + counts["R"] + counts["Q"]
    category = _best(counts, ("M", "O", "A")) if aom > irq else _best(counts, ("I", "R", "Q"))
    base = aom + counts["I"]
    if base == 0:
        raise ValueError(
            "every answer pair is reverse or questionable (no A, O, M or I), so Better and Worse "
            "are undefined; check the wording of the questions"
        )
    return KanoResult(
        n=len(f),
        counts=counts,
        category=category,
        mode_category=_best(counts, KANO_CATEGORIES),
        better=(counts["A"] + counts["O"]) / base,
        worse=-(counts["O"] + counts["M"]) / base,
    )
