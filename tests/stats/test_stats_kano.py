"""Kano: the evaluation table of Berger et al. (1993), the category rule and Better/Worse."""

from __future__ import annotations

from typing import Any

import pytest

from cxloop.stats import KANO_ANSWERS, kano

# Berger, C. et al. (1993) "Kano's methods for understanding customer-defined quality", Center for
# Quality of Management Journal 2(4), Table (evaluation table): functional answer by row,
# dysfunctional answer by column, in the order like, must-be, neutral, live-with, dislike.
BERGER_TABLE = {
    ("like", "like"): "Q", ("like", "must-be"): "A", ("like", "neutral"): "A",
    ("like", "live-with"): "A", ("like", "dislike"): "O",
    ("must-be", "like"): "R", ("must-be", "must-be"): "I", ("must-be", "neutral"): "I",
    ("must-be", "live-with"): "I", ("must-be", "dislike"): "M",
    ("neutral", "like"): "R", ("neutral", "must-be"): "I", ("neutral", "neutral"): "I",
    ("neutral", "live-with"): "I", ("neutral", "dislike"): "M",
    ("live-with", "like"): "R", ("live-with", "must-be"): "I", ("live-with", "neutral"): "I",
    ("live-with", "live-with"): "I", ("live-with", "dislike"): "M",
    ("dislike", "like"): "R", ("dislike", "must-be"): "R", ("dislike", "neutral"): "R",
    ("dislike", "live-with"): "R", ("dislike", "dislike"): "Q",
}  # fmt: skip


@pytest.mark.parametrize(("pair", "category"), sorted(BERGER_TABLE.items()))
def test_each_answer_pair_is_graded_by_the_evaluation_table(
    pair: tuple[str, str], category: str
) -> None:
    counts = kano([pair[0]], [pair[1]]).counts if category not in ("R", "Q") else None
    if counts is not None:
        assert counts[category] == 1 and sum(counts.values()) == 1
    else:
        # R and Q alone leave Better/Worse undefined; pair them with one indifferent answer.
        r = kano([pair[0], "neutral"], [pair[1], "neutral"])
        assert r.counts[category] == 1 and r.counts["I"] == 1


def test_chinese_english_and_numeric_answers_are_the_same_answers() -> None:
    chinese = kano(
        ["我喜欢", "理所当然", "无所谓", "能忍受"], ["我不喜欢", "我不喜欢", "能忍受", "理所当然"]
    )
    english = kano(
        ["like", "must-be", "neutral", "live-with"], ["dislike", "dislike", "live-with", "must-be"]
    )
    numeric = kano([1, 2, 3, 4], [5, 5, 4, 2])
    assert chinese == english == numeric
    assert chinese.counts == {"A": 0, "O": 1, "M": 1, "I": 2, "R": 0, "Q": 0}
    assert KANO_ANSWERS == ("like", "must-be", "neutral", "live-with", "dislike")


def test_better_and_worse_follow_the_published_formulas() -> None:
    # 6 A, 3 O, 8 M, 3 I: Better = (A + O)/(A + O + M + I) = 9/20, Worse = -(O + M)/20 = -11/20.
    f = ["like"] * 6 + ["like"] * 3 + ["must-be"] * 8 + ["neutral"] * 3
    d = ["neutral"] * 6 + ["dislike"] * 3 + ["dislike"] * 8 + ["neutral"] * 3
    r = kano(f, d)
    assert r.counts == {"A": 6, "O": 3, "M": 8, "I": 3, "R": 0, "Q": 0}
    assert (r.better, r.worse) == pytest.approx((0.45, -0.55))
    assert r.category == "M" == r.mode_category


def test_category_rule_prefers_a_o_m_when_they_outnumber_i_r_q() -> None:
    # Mode is I (8), but A + O + M = 12 > I + R + Q = 8: the grade is the largest of A, O, M.
    f = ["like"] * 5 + ["like"] * 4 + ["must-be"] * 3 + ["neutral"] * 8
    d = ["neutral"] * 5 + ["dislike"] * 4 + ["dislike"] * 3 + ["neutral"] * 8
    r = kano(f, d)
    assert r.mode_category == "I"
    assert r.category == "A"


def test_category_rule_picks_among_i_r_q_otherwise_and_breaks_ties_m_o_a_i() -> None:
    r = kano(["like", "neutral", "neutral"], ["neutral", "neutral", "neutral"])
    assert r.category == "I"
    tie = kano(["like", "like", "must-be", "must-be"], ["neutral", "dislike", "dislike", "dislike"])
    assert tie.counts["M"] == 2 and tie.counts["A"] == 1 and tie.counts["O"] == 1
    even = kano(["like", "must-be"], ["dislike", "dislike"])  # one O, one M
    assert even.category == "M"


@pytest.mark.parametrize(
    ("functional", "dysfunctional", "message"),
    [
        ([], [], "functional is empty"),
        (["like"], ["like", "dislike"], "must be paired"),
        (
            ["like", "love it"],
            ["dislike", "dislike"],
            r"functional\[1\] = 'love it' is not a Kano answer",
        ),
        (["like"], [6], r"dysfunctional\[0\] = 6 is not a Kano answer"),
        (["like"], [True], "not a Kano answer"),
        (["like", "dislike"], ["like", "like"], "Better and Worse are undefined"),
    ],
)
def test_unknown_answers_and_unusable_data_are_refused(
    functional: list[Any], dysfunctional: list[Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        kano(functional, dysfunctional)


# stp25kano (W. Peter, R package) README, "Evaluation" table: five attributes of a cleaning-products
# survey (simulated answers, n = 296 each) with counts of M, O, A, I, R, Q, the "max Category" (the
# mode), CS+ (Better) and CS- (Worse) printed to 3 decimals.
STP25KANO = [
    # attribute, (M, O, A, I, R, Q), max category, better, worse
    ("Service app", (95, 123, 45, 33, 0, 0), "O", 0.568, -0.736),
    ("Excellent service", (101, 54, 54, 81, 3, 3), "M", 0.372, -0.534),
    ("Hotline", (15, 24, 121, 124, 6, 6), "I", 0.511, -0.137),
    ("Loan machine", (65, 87, 93, 51, 0, 0), "A", 0.608, -0.514),
    ("Ready-to-use return", (9, 18, 83, 177, 6, 3), "I", 0.352, -0.094),
]
# One answer pair graded as each category by the evaluation table, in Chinese for good measure.
PAIR = {
    "M": ("理所当然", "我不喜欢"),
    "O": ("我喜欢", "我不喜欢"),
    "A": ("我喜欢", "无所谓"),
    "I": ("无所谓", "能忍受"),
    "R": ("我不喜欢", "我喜欢"),
    "Q": ("我喜欢", "我喜欢"),
}


@pytest.mark.parametrize(("name", "counts", "mode", "better", "worse"), STP25KANO)
def test_counts_better_and_worse_reproduce_the_stp25kano_example(
    name: str, counts: tuple[int, ...], mode: str, better: float, worse: float
) -> None:
    functional, dysfunctional = [], []
    for category, count in zip("MOAIRQ", counts, strict=True):
        functional += [PAIR[category][0]] * count
        dysfunctional += [PAIR[category][1]] * count
    r = kano(functional, dysfunctional)
    assert r.n == 296
    assert tuple(r.counts[c] for c in "MOAIRQ") == counts
    assert (round(r.better, 3), round(r.worse, 3)) == (better, worse)
    assert r.mode_category == mode
    # Hotline: I is the mode (124) but A + O + M = 160 > I + R + Q = 136, so the Berger rule
    # grades it A, as the README's M>O>A>I column does. (That column treats categories within 5
    # points as tied, so it grades Loan machine O; the published Berger rule keeps A.)
    assert r.category == {"Hotline": "A"}.get(name, mode)
