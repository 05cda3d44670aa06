"""Aspect polarity: aspect-specific opinion words, average words, and the vote over clauses."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxloop.text import ASPECTS, Analyzer
from cxloop.text import aspects as aspect_rules
from cxloop.text.lexicon import LEXICON_DIR, read_lexicon

TAXONOMY = set(ASPECTS)  # pinned to DESIGN.md by test_text_analyzer


def polarities(analyzer: Analyzer, text: str) -> dict[str, str]:
    return {a.key: a.polarity for a in analyzer.analyze(text).aspects}


@pytest.mark.parametrize(
    ("text", "key"),
    [("味道一般", "quality"), ("菜品中规中矩", "quality"), ("The food was average", "quality")],
)
def test_an_average_word_judges_the_aspect_neutral(analyzer: Analyzer, text: str, key: str) -> None:
    assert polarities(analyzer, text)[key] == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("价格有点贵", "negative"),
        ("价格不贵", "positive"),
        ("价格实惠", "positive"),
        ("the price was expensive", "negative"),
    ],
)
def test_price_words_judge_price_with_negation_applied(
    analyzer: Analyzer, text: str, expected: str
) -> None:
    assert polarities(analyzer, text)["price"] == expected


def test_an_opinion_word_of_another_aspect_does_not_judge_this_one(analyzer: Analyzer) -> None:
    got = polarities(analyzer, "环境很安静，菜一般")
    assert got["environment"] == "positive"
    assert got["quality"] == "neutral"


def test_aspect_opinion_words_keep_evidence_as_offsets_into_the_text(analyzer: Analyzer) -> None:
    text = "上菜很慢，价格也不便宜，环境还行"
    result = analyzer.analyze(text)
    assert {a.key for a in result.aspects} >= {"timeliness", "price", "environment"}
    for aspect in result.aspects:
        for ev in aspect.evidence:
            assert text[ev.start : ev.end] == ev.text
    got = {a.key: a.polarity for a in result.aspects}
    assert got["timeliness"] == "negative"
    assert got["price"] == "negative"
    assert got["environment"] == "neutral"


def test_an_organisation_adds_aspect_opinion_words_without_retraining(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    text = "手续很多"
    assert polarities(analyzer, text)["process"] != "negative"
    (tmp_path / "aspect_opinions_zh.tsv").write_text("process\t多\t-1.5\n", encoding="utf-8")
    own = Analyzer.load(extra_lexicon_dir=tmp_path)
    assert polarities(own, text)["process"] == "negative"


def test_the_majority_of_judging_clauses_decides_and_a_tie_falls_back_to_the_score() -> None:
    assert aspect_rules.polarity_from_votes([1, 1, -1, None], 0.9) == "positive"
    assert aspect_rules.polarity_from_votes([-1, 0, None], 0.1) == "negative"
    assert aspect_rules.polarity_from_votes([0, None], 0.1) == "neutral"
    assert aspect_rules.polarity_from_votes([1, -1], 0.9) == "negative"
    assert aspect_rules.polarity_from_votes([1, -1], 0.5) == "neutral"
    assert aspect_rules.polarity_from_votes([None], 0.1) == "positive"


def test_the_windows_words_are_not_overruled_by_the_window_score() -> None:
    assert aspect_rules.window_vote(-1.0, False, 0.05, specific=True) == -1
    assert aspect_rules.window_vote(-1.0, False, 0.05, specific=False) == -1
    assert aspect_rules.window_vote(0.5, False, 0.95, specific=False) == 1
    assert aspect_rules.window_vote(0.0, True, 0.9, specific=True) == 0
    assert aspect_rules.window_vote(0.0, False, 0.9) is None


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("没有排队", "timeliness", "positive"),
        ("肉和菜品没啥问题", "quality", "neutral"),
    ],
)
def test_a_negated_complaint_is_read_by_its_words_not_by_the_short_windows_score(
    analyzer: Analyzer, text: str, key: str, expected: str
) -> None:
    assert polarities(analyzer, text)[key] == expected


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("菜不好吃", "quality", "negative"),
        ("但也没想象中的那么好吃", "quality", "negative"),
        ("没想到这么好吃", "quality", "positive"),
        ("服务员的态度不得不赞", "attitude", "positive"),
        ("如果没有券也是很实惠", "price", "positive"),
        ("不像一般的火锅店那么吵，环境很安静", "environment", "positive"),
        ("不知道为什么这么好吃", "quality", "positive"),
    ],
)
def test_negation_reaches_what_it_negates_and_no_further(
    analyzer: Analyzer, text: str, key: str, expected: str
) -> None:
    assert polarities(analyzer, text)[key] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("这里性价比很高", "positive"), ("性价比还蛮高的", "positive"), ("价格偏高", "negative")],
)
def test_high_is_praise_for_value_for_money_and_a_complaint_for_the_price(
    analyzer: Analyzer, text: str, expected: str
) -> None:
    assert polarities(analyzer, text)["price"] == expected


def test_an_opinion_character_inside_a_compound_judges_nothing(analyzer: Analyzer) -> None:
    assert polarities(analyzer, "海鲜饼味道一般")["quality"] == "neutral"
    assert polarities(analyzer, "卫生间很小，环境一般")["environment"] == "neutral"


def test_grammar_words_and_someone_elses_recommendation_are_not_a_verdict(
    analyzer: Analyzer,
) -> None:
    assert polarities(analyzer, "服务员推荐了招牌菜，味道一般")["quality"] == "neutral"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("我觉得这家店的服务员的专业度真的有待提高", "attitude"),
        ("工作人员态度很好，就是办理速度有待提高", "timeliness"),
        ("希望服务员热情一点", "attitude"),
        ("窗口的工作人员不耐烦，希望耐心一点", "attitude"),
        ("味道不怎么样", "quality"),
        ("The service needs improvement", "attitude"),
    ],
)
def test_a_call_for_improvement_is_a_complaint(analyzer: Analyzer, text: str, key: str) -> None:
    assert polarities(analyzer, text)[key] == "negative"


def test_hearsay_and_expectation_cast_no_vote(analyzer: Analyzer) -> None:
    assert polarities(analyzer, "听说要排队很久，去的时候上菜很快")["timeliness"] == "positive"


def test_quite_acceptable_is_weak_praise_while_so_so_is_average(analyzer: Analyzer) -> None:
    assert polarities(analyzer, "上菜速度还可以")["timeliness"] == "positive"
    assert polarities(analyzer, "环境还行")["environment"] == "neutral"


def test_the_bundled_opinion_lexicon_names_only_taxonomy_aspects_and_valid_weights() -> None:
    rows = read_lexicon("aspect_opinions", [LEXICON_DIR])
    assert len(rows) > 100
    for row in rows:
        assert row[0] in TAXONOMY | {aspect_rules.ANY_ASPECT, aspect_rules.NO_ASPECT}, row
        if row[0] != aspect_rules.NO_ASPECT:
            assert -3.0 <= float(row[2]) <= 3.0, row


def test_a_question_in_the_a_not_a_form_is_no_verdict(analyzer: Analyzer) -> None:
    assert polarities(analyzer, "服务员问我们菜合不合口味，味道一般")["quality"] == "neutral"
    assert polarities(analyzer, "点菜的时候服务员爱理不理的")["attitude"] == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每次来都很多人排队", "neutral"),
        ("工作日中午去的没有排队", "positive"),
        ("排队要排很久", "negative"),
    ],
)
def test_a_queue_is_a_fact_and_its_length_the_complaint(
    analyzer: Analyzer, text: str, expected: str
) -> None:
    assert polarities(analyzer, text)["timeliness"] == expected


def test_the_clause_after_but_is_a_new_judgement(analyzer: Analyzer) -> None:
    got = polarities(analyzer, "服务员态度很差但价格很好")
    assert got["attitude"] == "negative"
    assert got["price"] == "positive"


def test_ordinary_before_a_noun_is_a_description_not_an_average_verdict(analyzer: Analyzer) -> None:
    assert polarities(analyzer, "这家比一般的店好吃")["quality"] == "positive"
    assert polarities(analyzer, "菜的味道很一般吧")["quality"] == "neutral"


def test_a_heading_is_judged_by_the_section_it_introduces(analyzer: Analyzer) -> None:
    got = polarities(analyzer, "服务：避开饭点去的，服务员有礼貌，上菜快。环境：有点吵，桌子很脏。")
    assert got["attitude"] == "positive"
    assert got["environment"] == "negative"
    assert polarities(analyzer, "【价格】人均80，性价比很高")["price"] == "positive"


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("医院挂号系统老是崩溃，排了三个小时才看上病", "negative"),
        ("等了五天还没有回复", "negative"),
        ("排队半个小时", "negative"),
        ("排队两天就办好了", "positive"),
        ("排队十分钟就办完了", "positive"),
        ("八月排队办证", "neutral"),
    ],
)
def test_how_long_the_wait_was_judges_timeliness(
    analyzer: Analyzer, text: str, polarity: str
) -> None:
    assert polarities(analyzer, text)["timeliness"] == polarity


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I was on hold for 45 minutes and then the agent hung up on me.", "attitude"),
        ("I was on hold for 45 minutes and then the agent hung up on me.", "communication"),
        ("The receptionist was rude and unhelpful when I asked about my bill.", "attitude"),
        ("The clerk was less than helpful and kept blaming the system.", "attitude"),
        ("I was bounced around between departments for a week.", "attitude"),
        ("Nobody called me back and I still have no update on my claim.", "communication"),
        ("There was a lack of communication about the closure.", "communication"),
        ("My train was delayed by two hours and I missed my connection.", "timeliness"),
        ("Still no refund after three weeks.", "price"),
        ("The bank lost my documents and nobody seems to care.", "quality"),
        ("My parcel arrived damaged and the box was soaked.", "quality"),
        ("They canceled my appointment without any notice.", "quality"),
        ("The hospital app keeps crashing when I try to book an appointment.", "digital"),
        ("Changing my appointment was a nightmare of paperwork and forms.", "process"),
        ("The seats were cramped and there was no legroom.", "facilities"),
    ],
)
def test_english_service_complaints_name_their_aspect_as_negative(
    analyzer: Analyzer, text: str, key: str
) -> None:
    assert polarities(analyzer, text).get(key) == "negative"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The nurse went above and beyond to make us comfortable.", "attitude"),
        ("The teller was patient and caring.", "attitude"),
        ("They refunded me within a day, brilliant service.", "price"),
        ("I got my refund quickly, thank you!", "price"),
        ("Check-in was quick and the staff were friendly.", "timeliness"),
    ],
)
def test_english_service_praise_names_its_aspect_as_positive(
    analyzer: Analyzer, text: str, key: str
) -> None:
    assert polarities(analyzer, text).get(key) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "We want to visit in late April, is the museum open late?",
        "They gave us a late checkout, lovely.",
        "So far the visit was lovely.",
    ],
)
def test_late_for_a_date_or_opening_hours_and_so_far_name_no_aspect(
    analyzer: Analyzer, text: str
) -> None:
    assert polarities(analyzer, text) == {}


def test_the_airline_tweets_get_back_the_words_their_reason_labels_replaced() -> None:
    from cxloop.text.training.datasets import restore_label_words

    tweet = "Cancelled Flightled, reFlight Booking Problems for Late Flightr, and still Late Flight"
    assert restore_label_words(tweet) == "cancelled, rebooking for later, and still late"
