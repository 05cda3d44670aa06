"""Urgency in hotline, counter and hospital feedback: the 2026-12-04 Chinese cue blocks.

Sentences written for these tests, as residents, applicants and patients write them: counts of
visits, calls and chasing are repeated complaints, medication and treatment errors and illness from
the food are a person harmed, a hotline named in praise is no threat while going to one is, and a
condition about the repair reports the hazard it names; each kind has ordinary sentences with the
same words that must stay low.
"""

from __future__ import annotations

import pytest
from tests.text.rules_data import assert_urgency

from cxloop.text.urgency import assess_urgency


@pytest.mark.parametrize(
    "text",
    [
        "办事员让我明天再来，我已经来了三次了，太离谱",
        "为了一个章跑了四趟",
        "电话打了十几遍都没人接",
        "维修的事催了好几次，到现在也没人来",
        "这个问题我已经反映了三次了",
        "物业我联系了五次，没有任何回复",
    ],
)
def test_counted_visits_calls_and_chasing_are_a_repeat(text: str) -> None:
    assert_urgency(text, "medium", "repeat.repeat")


@pytest.mark.parametrize(
    "text",
    [
        "这家店去了三次了，每次都很好吃",
        "来了两次都很满意",
        "孩子打了三次针终于退烧了",
        "服务员跑了两次，态度很好",
        "跑了两趟才买到，值了",
        "问了几次路，路人都很热心",
    ],
)
def test_counts_in_ordinary_sentences_stay_low(text: str) -> None:
    assert assess_urgency(text).level == "low", text


@pytest.mark.parametrize(
    "text",
    [
        "药房发错药了，差点出事",
        "护士打错针，孩子吐了一晚上",
        "医生开错药，吃了三天才发现",
        "输错液了，幸好发现得早",
        "这是医疗事故，必须给个说法",
        "刹车失灵，险些出事",
    ],
)
def test_medication_and_treatment_errors_harm_a_person(text: str) -> None:
    urgency = assess_urgency(text)
    assert urgency.level in ("medium", "high"), (text, urgency)
    assert "harm.injury" in urgency.keys, (text, urgency)


def test_an_error_to_a_vulnerable_person_is_high() -> None:
    assert_urgency("护士给我家老人打错针了，太可怕了", "high", "harm.injury")


@pytest.mark.parametrize(
    "text",
    [
        "感谢12345热线，反映的问题第二天就解决了",
        "12345的接线员态度很好，耐心记录",
        "通过12345反映的问题已经办结，很满意",
        "市长热线回访很及时，点赞",
        "Thanks to the 12345 hotline for the quick fix",
    ],
)
def test_a_hotline_named_in_praise_is_no_threat(text: str) -> None:
    # a 12345 centre's own feedback names the hotline all the time
    assert assess_urgency(text).level == "low", text


@pytest.mark.parametrize(
    "text",
    [
        "我已经打了12345",
        "再不解决我就打12345",
        "12345打了三次都说转给街道",
        "实在不行只能找市长热线了",
        "已经投诉到12315了",
        "I called 12345 about it yesterday",
    ],
)
def test_going_to_a_hotline_is_a_threat_in_any_tone(text: str) -> None:
    assert_urgency(text, "high", "threat.hotline")


@pytest.mark.parametrize("text", ["打12345678转分机", "住12345号楼的业主", "快递单号打12345678901"])
def test_a_hotline_row_inside_a_longer_number_is_no_hotline(text: str) -> None:
    assert "threat.hotline" not in assess_urgency(text).keys


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("If nobody fixes the gas leak today I will call the fire brigade", "safety.gas"),
        ("If the gas leak isn't fixed by tonight I am calling the council", "safety.gas"),
        ("如果今天再不处理燃气泄漏，我就报警", "safety.gas"),
        ("If you don't send someone about the sparking socket, I'll complain", "safety.electric"),
    ],
)
def test_a_condition_about_the_fix_reports_the_hazard(text: str, key: str) -> None:
    # the condition is the repair; the leak or the sparking it names is there now
    assert_urgency(text, "critical", key)


@pytest.mark.parametrize(
    "text",
    [
        "如果燃气泄漏了怎么办",
        "万一漏电了没人修怎么办",
        "If there is a fire, where is the exit?",
        "I am worried about a fire in the kitchen",
        "万一装修的时候着火了怎么办",
    ],
)
def test_a_hazard_that_may_happen_is_still_a_worry(text: str) -> None:
    assert assess_urgency(text).level == "low", text


def test_illness_from_the_food_harms_and_a_child_makes_it_high() -> None:
    assert_urgency("We all got sick after eating the buffet", "medium", "harm.injury")
    assert_urgency("The food made my kids sick", "medium", "harm.injury")
    assert_urgency(
        "My 4 year old son got sick after eating at your restaurant", "high", "harm.injury"
    )
