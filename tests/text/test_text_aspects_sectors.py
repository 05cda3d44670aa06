"""Aspects of hospital, rail transit, property-management and airline feedback, regional
government apps and conduct: the 2026-12-04 sector words of the Chinese aspect lexicons.

The sentences are written for these tests, one per kind of complaint or praise a patient,
passenger, resident or traveller writes; each names the aspect the taxonomy (DESIGN.md) gives it
and the polarity a reader would. Before the sector blocks of ``aspects_zh.tsv`` /
``aspect_opinions_zh.tsv`` most of them found no aspect, the wrong one, or the wrong polarity
(地铁2号线早高峰太挤了 read accessibility from 地铁, a location word of reviews). A last group checks
that the words do not fire in restaurant and hotel language holding the same characters (黄牛肉,
房间隔音, 好看不好吃, 坐扶梯上三楼, 维护工作, 北京通州, 开车门).
"""

from __future__ import annotations

import pytest

from cxloop.text import Analyzer


def polarities(analyzer: Analyzer, text: str) -> dict[str, str]:
    return {a.key: a.polarity for a in analyzer.analyze(text).aspects}


def assert_judged(analyzer: Analyzer, text: str, keys: set[str], expected: str) -> None:
    got = polarities(analyzer, text)
    judged = {k: p for k, p in got.items() if k in keys}
    assert judged, f"none of {sorted(keys)} found in {text!r}: {got}"
    assert expected in judged.values(), f"{text!r}: {got}"


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        # waiting for a number, a report, a bed
        ("候诊区人太多，叫号也不准", {"environment"}, "negative"),
        ("化验单要等三天才出报告", {"timeliness"}, "negative"),
        # registering and tests: the process
        ("挂号排了两个小时，看病只用了五分钟", {"process"}, "negative"),
        # diagnosis, prescribing, injecting: competence
        ("明明是感冒却被误诊成肺炎", {"competence"}, "negative"),
        ("护士打错针了，还不承认", {"competence"}, "negative"),
        ("大夫问诊很仔细，耐心解释病情", {"competence"}, "positive"),
        ("主治医生医术高明，手术很成功", {"competence"}, "positive"),
        # fees: tests for the bill's sake, reimbursement
        ("一个小感冒就让做了一堆检查，纯属过度检查", {"price"}, "negative"),
        ("医保报销比例太低，自费部分太多", {"price"}, "negative"),
        # prescribing, the wards, the booking apps, the numbers that cannot be had
        ("医生开药开了一大堆，一次就花了一千多", {"competence"}, "negative"),
        ("病房明亮，窗外就是花园", {"environment"}, "positive"),
        ("医保电子凭证一直激活不了", {"digital"}, "negative"),
        ("号源一放出来就没了，根本挂不上", {"accessibility"}, "negative"),
        # touts and scalpers
        ("专家号被黄牛抢光了", {"conduct"}, "negative"),
        ("医院门口有医托拉病人去私人诊所", {"conduct"}, "negative"),
    ],
)
def test_hospital_feedback_finds_its_aspect_with_its_polarity(
    analyzer: Analyzer, text: str, keys: set[str], expected: str
) -> None:
    assert_judged(analyzer, text, keys, expected)


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        ("地铁2号线早高峰太挤了，建议增加班次", {"timeliness"}, "negative"),
        ("发车间隔太长，等一趟车要十几分钟", {"timeliness"}, "negative"),
        ("列车准点，车厢干净，乘坐很舒服", {"timeliness"}, "positive"),
        ("换乘通道太长了，要走很久", {"accessibility"}, "negative"),
        ("末班车太早了，加班回家都赶不上", {"accessibility"}, "negative"),
        ("闸机经常刷不了乘车码", {"facilities", "digital"}, "negative"),
        ("屏蔽门经常失灵，也没人修", {"facilities"}, "negative"),
        ("出站口的扶梯停了一个月了", {"facilities"}, "negative"),
        ("车厢里广播声音太小，听不清报站", {"communication"}, "negative"),
        ("安检排队排了好久，效率太低", {"process"}, "negative"),
        ("站务员主动帮老人提行李", {"attitude"}, "positive"),
        ("车门夹人了，吓死人", {"safety"}, "negative"),
    ],
)
def test_metro_feedback_finds_its_aspect_with_its_polarity(
    analyzer: Analyzer, text: str, keys: set[str], expected: str
) -> None:
    assert_judged(analyzer, text, keys, expected)


@pytest.mark.parametrize(
    "text",
    [
        "地铁2号线早高峰太挤了，建议增加班次",
        "地铁晚点了二十分钟，上班迟到了",
        "每天坐公交上班，车上太挤了",
        "地铁站的厕所太脏了",
    ],
)
def test_the_metro_itself_is_not_a_location(analyzer: Analyzer, text: str) -> None:
    """For a passenger 地铁 and 公交 are the service, not how a place is reached."""
    assert "accessibility" not in polarities(analyzer, text)


@pytest.mark.parametrize(
    "text",
    [
        "酒店离地铁近，去哪都方便",
        "就在地铁站旁边，很好找",
        "靠近地铁，出行方便",
        "交通方便，出门就是地铁",
        "店在公交车站附近，下车就到",
    ],
)
def test_being_near_the_metro_is_still_accessibility(analyzer: Analyzer, text: str) -> None:
    assert polarities(analyzer, text).get("accessibility") == "positive"


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        ("物业费年年涨，服务却越来越差", {"price"}, "negative"),
        ("报修了三次，维修师傅一直不来", {"process"}, "negative"),
        ("门禁卡经常失灵，进不了单元门", {"facilities"}, "negative"),
        ("暖气不热，屋里才十几度", {"facilities"}, "negative"),
        ("陌生人随便进出小区，保安也不管", {"safety"}, "negative"),
        ("楼上漏水，墙皮脱落，裂缝越来越大", {"quality"}, "negative"),
        ("广场舞天天扰民，投诉了也没用", {"environment"}, "negative"),
        ("楼道里堆满了杂物，保洁也不打扫", {"environment"}, "negative"),
        ("物业管家很负责，有事随叫随到", {"attitude"}, "positive"),
    ],
)
def test_property_feedback_finds_its_aspect_with_its_polarity(
    analyzer: Analyzer, text: str, keys: set[str], expected: str
) -> None:
    assert_judged(analyzer, text, keys, expected)


@pytest.mark.parametrize(
    ("text", "keys", "expected"),
    [
        ("航班准点起飞，提前到达", {"timeliness"}, "positive"),
        ("航空公司超售，把我拒载了", {"quality"}, "negative"),
        ("托运的行李箱被摔坏了，轮子都掉了", {"quality"}, "negative"),
        ("值机柜台只开了两个，排队排了一个小时", {"process"}, "negative"),
        ("退票要扣一大半的钱", {"process"}, "negative"),
        ("中转时间太短，差点没赶上航班", {"process"}, "negative"),
        ("登机口临时更换，广播也没说", {"communication"}, "negative"),
        ("座椅太窄，腿部空间很小", {"facilities"}, "negative"),
        ("地勤人员把我们晾在一边，没人管", {"attitude"}, "negative"),
    ],
)
def test_airline_feedback_finds_its_aspect_with_its_polarity(
    analyzer: Analyzer, text: str, keys: set[str], expected: str
) -> None:
    assert_judged(analyzer, text, keys, expected)


def test_check_in_is_not_worth(analyzer: Analyzer) -> None:
    """值机 (check-in) holds 值 of price (worth)."""
    assert "price" not in polarities(analyzer, "值机柜台只开了两个，排队排了一个小时")


@pytest.mark.parametrize(
    "app",
    [
        "随申办",
        "粤省事",
        "浙里办",
        "穗好办",
        "渝快办",
        "苏服办",
        "皖事通",
        "闽政通",
        "鄂汇办",
        "赣服通",
        "爱山东",
        "蒙速办",
        "辽事通",
        "冀时办",
        "豫事办",
        "湘易办",
        "天府通办",
        "i深圳",
        "北京通",
        "个税APP",
        "国家政务服务平台",
    ],
)
def test_regional_government_apps_are_the_online_channel(analyzer: Analyzer, app: str) -> None:
    assert polarities(analyzer, f"{app}用起来挺顺手").get("digital") == "positive"
    assert polarities(analyzer, f"{app}今天一直打不开").get("digital") == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("号贩子在门口倒号", "negative"),
        ("黄牛倒卖专家号", "negative"),
        ("这个医生没有医德", "negative"),
        ("这位大夫医德高尚，让人敬佩", "positive"),
    ],
)
def test_conduct_words(analyzer: Analyzer, text: str, expected: str) -> None:
    assert polarities(analyzer, text).get("conduct") == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("点了一份黄牛肉，肉质很嫩", "conduct"),  # 黄牛 of 黄牛肉 (beef)
        ("房间隔音效果不好，晚上很吵", "timeliness"),  # 间隔 of 房间隔音
        ("排骨超正点，一定要试试", "timeliness"),  # 正点: Cantonese 'tasty'
        ("火焰虾好看不好吃", "competence"),  # 看不好 of 好看不好吃
        ("坐扶梯上三楼就到了，很好找", "facilities"),  # directions, not the escalator
        ("设备维护工作做得不错", "attitude"),  # 护工 of 维护工作
        ("北京通州的一家酒店，房间很大", "digital"),  # 北京通 of 北京通州
        ("我爱山东煎饼，每次都买", "digital"),  # 爱山东 of 我爱山东
        ("门童很热情，主动帮忙开车门", "facilities"),  # a guest's car door
        ("吃得满载而归，下次还来", "environment"),
        ("结账时索要发票，服务员很爽快", "conduct"),  # 索要 alone is asking
        ("酒店门口在修地铁，灰尘很大", "accessibility"),
        ("退房时服务员检查房间用了很久", "process"),  # 检查 alone is not a medical test
    ],
)
def test_sector_words_do_not_fire_in_review_language(
    analyzer: Analyzer, text: str, absent: str
) -> None:
    assert absent not in polarities(analyzer, text)


def test_hospital_complaint_keeps_evidence_offsets(analyzer: Analyzer) -> None:
    text = "挂号排了三个小时，医生问诊不到两分钟就开了一堆检查，检查费花了八百"
    result = analyzer.analyze(text)
    found = {a.key: a.polarity for a in result.aspects}
    assert found.get("process") == "negative"
    assert "competence" in found
    assert found.get("price") is not None
    for aspect in result.aspects:
        for ev in aspect.evidence:
            assert text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("窗口人员索要好处费", "negative"),  # 好 of 好处费 read as praise before 2026.12.5
        ("办证还得托关系走后门", "negative"),
        ("门口全是号贩子和医托", "negative"),
        ("医生医德高尚，医术高明", "positive"),
        ("这家的黄牛肉很好吃", "positive"),  # 黄牛肉 is beef, not a scalper
    ],
)
def test_sentence_sentiment_of_conduct_and_sector_words(
    analyzer: Analyzer, text: str, label: str
) -> None:
    assert analyzer.analyze(text).sentiment.label == label


@pytest.mark.parametrize("text", ["好评返红包，很划算", "商家发了个红包，挺好的", "给了五元红包券"])
def test_a_shop_red_packet_is_no_bribe(analyzer: Analyzer, text: str) -> None:
    assert "conduct" not in polarities(analyzer, text)


@pytest.mark.parametrize("text", ["医生收红包，太黑了", "手术前家属给医生红包", "办事还得塞红包"])
def test_a_red_packet_to_an_official_or_a_doctor_is_conduct(analyzer: Analyzer, text: str) -> None:
    assert polarities(analyzer, text).get("conduct") == "negative"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("社保卡补办要等一个月，能不能快一点", {"timeliness"}),  # a wait still to come
        ("护照还要等两周才能拿到", {"timeliness"}),
        ("打了三次电话，街道一直没人来", {"timeliness"}),
        ("几个部门转来转去，谁都不管", {"attitude"}),
        ("出租车司机故意绕路", {"conduct"}),
        ("司机拒绝打表，一口价一百", {"conduct"}),
        ("景区门口的三轮车宰客", {"conduct"}),
    ],
)
def test_hotline_waits_shirking_and_drivers_conduct(
    analyzer: Analyzer, text: str, keys: set[str]
) -> None:
    assert_judged(analyzer, text, keys, "negative")


@pytest.mark.parametrize(
    "text",
    [
        "快递取不出来，柜子一直报错",
        "快递员态度很差，把东西扔门口",
        "每次取快递都要走很远",
        "快递被偷了两次",
    ],
)
def test_a_parcel_fetched_or_stolen_is_no_delivery_speed(analyzer: Analyzer, text: str) -> None:
    assert "timeliness" not in polarities(analyzer, text)


def test_delivery_speed_is_still_timeliness(analyzer: Analyzer) -> None:
    assert polarities(analyzer, "快递很快，第二天就到了").get("timeliness") == "positive"
    assert polarities(analyzer, "快递太慢了，一个星期才到").get("timeliness") == "negative"
    assert polarities(analyzer, "快递被偷了两次").get("safety") == "negative"
