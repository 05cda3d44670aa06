"""Aspects of government service feedback (政务服务 好差评, 12345): the 2026-12-03 lexicon words.

The sentences are written for these tests (not taken from the demo templates), one per kind of
complaint or praise a service hall or hotline receives; each names the aspect the taxonomy
(DESIGN.md) gives it and the polarity a reader would. Before the government block of
``aspects_zh.tsv`` / ``aspect_opinions_zh.tsv`` most of them found no aspect, the wrong one, or the
wrong polarity. A second group checks that the words do not fire in review language that holds
the same characters (菠萝干等, 卡通, 半生不熟, 玩玩手机, 家门口).
"""

from __future__ import annotations

import pytest

from cxloop.text import Analyzer


def polarities(analyzer: Analyzer, text: str) -> dict[str, str]:
    return {a.key: a.polarity for a in analyzer.analyze(text).aspects}


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        # process: documents, repeated trips, odd proofs, rejections; the 一次办 reform as praise
        ("材料要求太多，跑了三趟才办完", {"process"}, "negative"),
        ("不动产登记要开一堆奇葩证明", {"process"}, "negative"),
        ("提交了三次都被驳回，每次说的理由都不一样", {"process"}, "negative"),
        ("一次就办好了，非常便捷", {"process", "timeliness"}, "positive"),
        ("审批流程简化了，材料也精简了", {"process"}, "positive"),
        # digital: the online hall that crashes, will not log in, cannot recognise a face
        ("网上办事系统老是闪退", {"digital"}, "negative"),
        ("小程序上实名认证一直失败", {"digital"}, "negative"),
        ("人脸识别老是识别不了，只能去窗口", {"digital"}, "negative"),
        ("营业执照网上办一直登不上去", {"digital"}, "negative"),
        ("手机上办理很方便，不用跑腿", {"digital"}, "positive"),
        # competence and communication: not knowing the business, answers that differ, no reply
        ("窗口人员业务不熟，解释不清", {"competence", "communication"}, "negative"),
        ("工作人员对政策一知半解，答非所问", {"competence"}, "negative"),
        ("答复口径不一，每个人说法都不同", {"competence"}, "negative"),
        ("反映的问题至今没下文", {"communication"}, "negative"),
        ("窗口把医保新政策解读得通俗易懂", {"communication"}, "positive"),
        # attitude and conduct: shirking, harshness, hanging up; favours, connections, idling
        ("工作人员推诿扯皮，让我找别的部门", {"attitude", "conduct"}, "negative"),
        ("接线员态度生硬，说两句就挂电话", {"attitude"}, "negative"),
        ("窗口人员态度蛮横，还呵斥群众", {"attitude"}, "negative"),
        ("帮办员全程陪同，不厌其烦", {"attitude"}, "positive"),
        ("有人托关系插队，窗口也不管", {"conduct"}, "negative"),
        ("税务局的工作人员索要好处费才给办", {"conduct"}, "negative"),
        ("工作人员上班玩手机，群众排着长队", {"conduct"}, "negative"),
        # timeliness: backlogs and overdue cases; same-day handling
        ("办事效率很高，当天就办结了", {"timeliness"}, "positive"),
        ("审批超期了也没人给个说法", {"timeliness"}, "negative"),
        ("午休时间窗口全关了，只能干等", {"timeliness", "accessibility"}, "negative"),
        # hall, devices, fees, outcome, access
        ("办事大厅人满为患，连个坐的地方都没有", {"environment"}, "negative"),
        ("自助机扫码不了，叫号屏也是黑的", {"facilities", "digital"}, "negative"),
        ("办证只收了工本费，收费很透明", {"price"}, "positive"),
        ("诉求得到解决，回访也很及时", {"quality"}, "positive"),
        ("有绿色通道，老年人优先办理，很贴心", {"accessibility"}, "positive"),
    ],
)
def test_government_feedback_finds_its_aspect_with_its_polarity(
    analyzer: Analyzer, text: str, keys: set[str], expected: str
) -> None:
    got = polarities(analyzer, text)
    judged = {k: p for k, p in got.items() if k in keys}
    assert judged, f"none of {sorted(keys)} found in {text!r}: {got}"
    assert expected in judged.values(), f"{text!r}: {got}"


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("门难进脸难看事难办", "attitude", "negative"),
        ("门难进脸难看事难办", "process", "negative"),
        ("诉求得到解决，回访也很及时", "communication", "positive"),
        ("审批流程简化了，办理时间缩短了一半", "timeliness", "positive"),
    ],
)
def test_one_sentence_judges_each_of_its_aspects(
    analyzer: Analyzer, text: str, key: str, expected: str
) -> None:
    assert polarities(analyzer, text).get(key) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("用一号肉将猕猴桃干、蜜枣、菠萝干等干果酿制其中", "timeliness"),  # 干等 of 菠萝干等
        ("店面设计的很卡通，让人心情舒畅", "digital"),  # 很卡 of 很卡通
        ("牛排半生不熟，不好吃", "competence"),  # 不熟 is the meat, not the staff
        ("第一次来这家店，服务员很热情", "process"),
        ("系统地介绍了每道菜的做法", "digital"),  # 系统地: systematically
        ("事实证明这家的菜确实好吃", "process"),  # 证明 of 事实证明
        ("玩玩手机等上菜，一会儿就好了", "conduct"),  # a guest passing time, not staff idling
        ("家门口的小店，味道不错", "accessibility"),
        ("去政务服务中心办社保卡，材料太多", "attitude"),  # 服务中心 is a building
    ],
)
def test_government_words_do_not_fire_in_review_language(
    analyzer: Analyzer, text: str, absent: str
) -> None:
    assert absent not in polarities(analyzer, text)


def test_government_hall_complaint_keeps_evidence_offsets(analyzer: Analyzer) -> None:
    text = "跑了好几次都没办成，窗口说法前后矛盾，热线也一直占线"
    result = analyzer.analyze(text)
    found = {a.key: a.polarity for a in result.aspects}
    assert found.get("process") == "negative"
    assert found.get("competence") == "negative"
    assert found.get("communication") == "negative"
    for aspect in result.aspects:
        for ev in aspect.evidence:
            assert text[ev.start : ev.end] == ev.text
