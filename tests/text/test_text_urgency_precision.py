"""Urgency precision, 2026-12-03: ordinary sentences that held a critical cue, and the real reports
that must stay critical.

A critical level tells a hotline or a hospital that a life may be at risk, so a false one costs the
most expensive attention there is; a missed one is worse. Every case below was wrong before the
precision block (``urgency_{en,zh}.tsv`` and the typed rules of ``cxloop.text.urgency``), except
``STAY_CRITICAL`` and the burn guard, which were right before and guard the real reports next to the
new shadows and rules. Each sentence is written for the test: food, sports, idioms, products and hyperbole must not be critical;
accidents are harm, not self-harm; a warning of a hazard counts in a conditional clause.
"""

from __future__ import annotations

import pytest
from tests.text.rules_data import assert_urgency

from cxloop.text import analyze
from cxloop.text.urgency import Urgency, assess_urgency

# ordinary sentences that were critical (or raised) and are low now
ORDINARY = [
    # violence verbs with no person threatened, idioms and hyperbole
    "I'm going to kill some time at the airport",
    "gonna kill two birds with one stone",
    "I'll kill the lights",
    "We'll shoot you an email with the details",
    "I'll shoot you a DM",
    "kill them with kindness",
    "Can I bring a gun in my checked bag?",
    "can i bring a knife in my carry on",
    "shoot everyone an email please",
    # fire, smoke, explosions, sparks, collapses
    "my mouth is on fire, the wings are so spicy",
    "the wings set my mouth on fire, amazing",
    "the deal went down in flames",
    "an explosion of flavor in every bite",
    "the dessert was a flavor explosion",
    "I finally caved in and bought the upgrade",
    "I collapsed into bed after the flight",
    "Our guide was a real live wire, so funny",
    "We stayed in Sparks, Nevada",
    "a book by Nicholas Sparks",
    "the casino was filled with smoke from smokers",
    "he had smoke coming out of his ears",
    "it's all smoke and mirrors, full of smoke and mirrors",
    "we watched a movie on a Fire TV",
    "the carbon monoxide detector in the room was a nice touch",
    # self-harm words in ordinary use
    "Suicide Squad was on the in-flight movies",
    "the suicide wings at the bar are great",
    "that would be career suicide",
    "an overdose of sugar",
    "caffeine overdose on this red-eye",
    "I don't want to wake up the baby",
    "I dont want to wake up early tomorrow",
    "I'm cutting myself a slice of cake",
    "I'm cutting myself some slack",
    "I want to end it with this bank",
    "The city is not worth living in",
    "I'd throw myself under the bus for my team",
    "I want to die of embarrassment",
    # food, and a first stay
    "they burned my toast",
    "the steak was burned",
    "my third time here, loved it",
    # Chinese: hyperbole, business, metaphors, products, idioms, drills, stories
    "我今天不想活动，在房间休息",
    "带孩子玩跳楼机，太刺激了",
    "吸烟等于慢性自杀",
    "你不想活了吗？敢这么说",
    "烧烤冒烟很香",
    "这个香烧起来很好闻",
    "第一次见面就有触电的感觉",
    "我脑子短路了，订错了日期",
    "大脑短路，忘记带身份证",
    "他们组织了火灾演习",
    "电影里的主角最后自杀了，很感人",
]

# ordinary sentences that were critical and are no longer (a lower level may be right)
NOT_CRITICAL = [
    "my rates shoot up every year, terrible",
    "they will stab you in the back",
    "the late fees will kill you",
    "the heat will kill you",
    "they slap you with a late fee, ridiculous",
    "the collectors will come after you for the balance",
    "I'll hurt my back carrying this",
    "the smoke-filled casino was gross",
    "I take my life in my hands every time I ride your bus",
    "隔壁在电焊，冒火花，吵死了",
    "等了三个小时，想死的心都有了",
    "这价格让小店活不下去了",
    "喝这个牛奶等于喝农药",
    "轮胎漏气了，质量太差",
    "充气床垫漏气，差评",
    "床垫塌陷了，睡着不舒服",
    "键盘有塌陷感",
    "大堂里烟雾弥漫，全是抽烟的",
    "医生说要动刀子，做手术",
    "笑得想死",
    "这本书讲了一个关于自杀的故事",
]

# accidents: a harm (medium), not self-harm
ACCIDENTS = [
    "I slipped in the shower and hurt myself",
    "I hurt myself on the broken step",
    "I hurt myself lifting the suitcase off the belt",
    "I tripped over a cable and hurt myself",
    "my son hurt himself on the playground",
    "跑步扭伤了脚，酒店给了冰袋",
    "我不小心伤到自己了",
    "我在浴室滑倒，不小心伤害自己了",
]

# real reports that are critical now (they were low or a lower level before)
NOW_CRITICAL = [
    ("If this isn't fixed someone will get hurt", "safety.hazard"),
    ("If they don't fix the railing someone could die", "safety.hazard"),
    ("you could break your neck on those stairs", "safety.hazard"),
    ("不修的话迟早会出人命", "safety.hazard"),
    ("I'll punch the next agent I see", "violence.violence"),
    ("I'll hurt myself if you don't refund me", "self_harm.self_harm"),
    ("我想自残", "self_harm.self_harm"),
    ("我又自残了", "self_harm.self_harm"),
    ("我想伤害自己", "self_harm.self_harm"),
]

# real reports next to the new shadows and rules: critical before and after, kept by the tests
STAY_CRITICAL = [
    ("I want to hurt myself", "self_harm.self_harm"),
    ("I've been hurting myself again", "self_harm.self_harm"),
    ("I hurt myself on purpose last night", "self_harm.self_harm"),
    ("I keep hurting myself, I can't stop", "self_harm.self_harm"),
    ("I want to die", "self_harm.self_harm"),
    ("I can't go on, I just want to end it all", "self_harm.self_harm"),
    ("看完这本书我想自杀", "self_harm.self_harm"),
    ("电影院里有人说要自杀，保安不管", "self_harm.self_harm"),
    ("我不想活了", "self_harm.self_harm"),
    ("再不解决我就去自杀", "self_harm.self_harm"),
    ("I will kill you", "violence.violence"),
    ("I'm going to kill the manager", "violence.violence"),
    ("If you cancel again I will kill someone", "violence.violence"),
    ("my husband will kill you when he hears this", "violence.violence"),
    ("我要砍死你们", "violence.violence"),
    ("the outlet is sparking", "safety.electric"),
    ("sparks came out of the socket", "safety.electric"),
    ("There's a live wire hanging from the ceiling", "safety.electric"),
    ("the building is on fire", "safety.fire"),
    ("There was an explosion in the kitchen", "safety.fire"),
    ("The hallway was filled with smoke", "safety.fire"),
    ("The ceiling collapsed in our room", "safety.structure"),
    ("The roof caved in and water poured in", "safety.structure"),
    ("the carbon monoxide alarm went off", "safety.gas"),
    ("I smell gas in the kitchen", "safety.gas"),
    ("厨房漏气了，一股味道", "safety.gas"),
    ("燃气灶漏气", "safety.gas"),
    ("楼道里浓烟滚滚", "safety.fire"),
    ("插座冒烟了", "safety.fire"),
    ("地面塌陷了一个大坑", "safety.structure"),
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_with_a_critical_word_stay_low(text: str) -> None:
    assert assess_urgency(text) == Urgency("low", "none")


@pytest.mark.parametrize("text", NOT_CRITICAL)
def test_hyperbole_products_and_ordinary_smoke_are_not_critical(text: str) -> None:
    assert assess_urgency(text).level != "critical"


@pytest.mark.parametrize("text", ACCIDENTS)
def test_an_accident_is_a_harm_not_self_harm(text: str) -> None:
    urgency = assess_urgency(text)
    assert (urgency.level, urgency.rule) == ("medium", "person_harmed")
    assert "harm.injury" in urgency.keys
    assert "self_harm.self_harm" not in urgency.keys


@pytest.mark.parametrize(("text", "key"), NOW_CRITICAL)
def test_warnings_threats_and_self_harm_said_plainly_are_critical(text: str, key: str) -> None:
    assert_urgency(text, "critical", key)


@pytest.mark.parametrize(("text", "key"), STAY_CRITICAL)
def test_real_reports_next_to_the_new_shadows_stay_critical(text: str, key: str) -> None:
    assert_urgency(text, "critical", key)


def test_an_accident_keeps_its_span_and_reads_as_harm() -> None:
    text = "I slipped in the shower and hurt myself"
    urgency = assess_urgency(text)
    assert urgency.keys == ["harm.injury", "harm.injury"]
    assert [r.text for r in urgency.reasons] == ["slipped", "hurt myself"]
    for reason in urgency.reasons:
        assert text[reason.start : reason.end] == reason.text


def test_a_burn_to_a_person_is_still_a_harm_burnt_food_is_low() -> None:
    assert assess_urgency("I burned my hand on the kettle in the room").keys == ["harm.injury"]
    assert assess_urgency("My daughter was burned by the hot water").level == "medium"
    assert assess_urgency("My baby burned her hand on the radiator").rule == "vulnerable_harmed"
    assert assess_urgency("The pizza was burnt and cold") == Urgency("low", "none")


def test_an_ordinal_repeat_counts_when_negative_or_when_it_counts_contacts() -> None:
    assert assess_urgency("my third time here, loved it").level == "low"
    assert assess_urgency("third time my flight was cancelled, awful").keys == ["repeat.repeat"]
    assert assess_urgency("This is the third time I have complained").level == "medium"


def test_a_hypothetical_hazard_is_still_a_worry_a_warning_is_not() -> None:
    assert assess_urgency("If there is a gas leak, who do I call?").level == "low"
    warning = assess_urgency("If this isn't fixed someone will get hurt")
    assert (warning.level, warning.rule) == ("critical", "safety_hazard")
    assert [r.text for r in warning.reasons] == ["someone will get hurt"]


@pytest.mark.parametrize(
    ("text", "level", "rule"),
    [
        ("I slipped in the shower and hurt myself", "medium", "person_harmed"),
        ("If this isn't fixed someone will get hurt", "critical", "safety_hazard"),
        ("We'll shoot you an email with the details", "low", "none"),
        ("我想自残", "critical", "self_harm"),
        ("轮胎漏气了，质量太差", "low", "none"),
    ],
)
def test_the_analyzer_reports_the_precision_rules(text: str, level: str, rule: str) -> None:
    result = analyze(text)
    assert result.urgency == assess_urgency(text)
    assert (result.urgency.level, result.urgency.rule) == (level, rule)
    assert result.to_dict()["urgency"]["level"] == level
