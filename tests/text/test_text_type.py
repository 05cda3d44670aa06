"""Feedback type: the rules on their own, through the analyzer, and on real data nobody trained on."""

from __future__ import annotations

from collections import Counter

import pytest
from tests.text.rules_data import (
    airline_tweets,
    banking_queries,
    cfpb_narratives,
    hotel_reviews,
    sample,
    type_of,
)

from cxloop.text import analyze, analyze_batch
from cxloop.text.feedback_type import is_question


@pytest.mark.parametrize(
    ("text", "p_negative", "sentiment", "label", "flags"),
    [
        ("窗口工作人员态度恶劣，我要投诉", 0.95, "negative", "complaint", {"complaint"}),
        ("排队太久了，建议多开几个窗口", 0.8, "negative", "complaint", {"complaint", "suggestion"}),
        ("建议增设无障碍通道", 0.2, "neutral", "suggestion", {"suggestion"}),
        ("能否增加停车位？", 0.2, "neutral", "suggestion", {"suggestion", "inquiry"}),
        ("请问办理居住证需要带什么材料？", 0.2, "neutral", "inquiry", {"inquiry"}),
        ("社保卡在哪里补办", 0.3, "neutral", "inquiry", {"inquiry"}),
        ("这个可以网上办理吗", 0.1, "neutral", "inquiry", {"inquiry"}),
        ("感谢王师傅耐心讲解，点赞", 0.05, "positive", "praise", {"praise"}),
        (
            "房间很好，早餐丰富，希望能增加健身房",
            0.1,
            "positive",
            "praise",
            {"praise", "suggestion"},
        ),
        ("环境还行，这样的酒店还能要求什么呢？", 0.2, "positive", "praise", {"praise", "inquiry"}),
        ("收到", 0.2, "neutral", "other", set()),
        ("How do I top up my card", 0.6, "negative", "inquiry", {"inquiry", "complaint"}),
        ("can you tell me when the office opens?", 0.1, "neutral", "inquiry", {"inquiry"}),
        (
            "What should I do if my card is stolen?",
            0.5,
            "negative",
            "inquiry",
            {"inquiry", "complaint"},
        ),
        (
            "Why was I charged twice? This is a scam",
            0.95,
            "negative",
            "complaint",
            {"complaint", "inquiry"},
        ),
        ("You should add more flights to Denver", 0.3, "neutral", "suggestion", {"suggestion"}),
        ("Thanks for the great service!", 0.02, "positive", "praise", {"praise"}),
        ("Worst airline ever, lost my bag again", 0.97, "negative", "complaint", {"complaint"}),
    ],
)
def test_primary_type_and_flags_follow_the_handling_order(
    text: str, p_negative: float, sentiment: str, label: str, flags: set[str]
) -> None:
    assert type_of(text, p_negative, sentiment) == (label, flags)


@pytest.mark.parametrize(
    ("text", "p_negative", "sentiment"),
    [
        ("My card is due to expire", 0.24, "neutral"),
        ("The exchange rate was wrong", 0.15, "neutral"),
        ("my transfer hasn't arrived yet", 0.55, "negative"),
        ("I'm trying to top up but it fails", 0.85, "negative"),
        ("I can't log in to the app", 0.4, "neutral"),
        ("I am unable to transfer money", 0.48, "neutral"),
        ("I need a new card", 0.02, "neutral"),
        ("Please send me a new card", 0.02, "neutral"),
        ("Cancel my last transaction, please.", 0.54, "negative"),
        ("Could you please freeze my card?", 0.17, "neutral"),
        ("What is the refund procedure?", 0.51, "negative"),
        ("I still haven't received my parcel", 0.66, "negative"),
    ],
)
def test_a_support_request_without_a_question_is_an_inquiry(
    text: str, p_negative: float, sentiment: str
) -> None:
    assert type_of(text, p_negative, sentiment)[0] == "inquiry"


@pytest.mark.parametrize(
    ("text", "p_negative", "sentiment"),
    [
        ("why was my card declined?!", 0.7, "negative"),
        ("Is my flight delayed again?", 0.7, "negative"),
        ("ugh, my transfer is stuck, can you check", 0.6, "negative"),
        ("this is the third time you lost my money", 0.8, "negative"),
        ("you charged me twice and my refund still hasn't arrived", 0.75, "negative"),
        ("I'm fed up, I want to close my account", 0.6, "negative"),
    ],
)
def test_a_problem_report_that_is_a_grievance_stays_a_complaint(
    text: str, p_negative: float, sentiment: str
) -> None:
    label, flags = type_of(text, p_negative, sentiment)
    assert label == "complaint" and "complaint" in flags


def test_a_problem_report_is_flagged_as_both_complaint_and_inquiry() -> None:
    assert type_of("my transfer hasn't arrived yet", 0.55, "negative") == (
        "inquiry",
        {"inquiry", "complaint"},
    )


@pytest.mark.parametrize(
    ("text", "p_negative", "sentiment", "label"),
    [
        ("I want to thank the crew for a lovely flight", 0.02, "positive", "praise"),
        ("I just wanted to say thank you to Anna at the front desk", 0.01, "positive", "praise"),
        ("Could you add vegan meals on long flights", 0.03, "neutral", "suggestion"),
    ],
)
def test_thanks_and_suggestions_phrased_as_requests_keep_theirtype_of(
    text: str, p_negative: float, sentiment: str, label: str
) -> None:
    assert type_of(text, p_negative, sentiment)[0] == label


def test_a_long_narrative_that_reports_a_problem_stays_a_complaint() -> None:
    text = (
        "On March 3 the bank reported a late payment that never happened. The payment was made on "
        "time and the statement shows it was received, yet the bureau still lists it as pending."
    )
    assert len(text) > 100
    assert type_of(text, 0.4, "neutral")[0] == "complaint"


def test_the_analyzer_types_support_requests_as_inquiries() -> None:
    texts = [
        "My card is due to expire",
        "I would like to top up",
        "The exchange rate was wrong",
        "my transfer hasn't arrived yet",
        "I can't log in to the app",
    ]
    assert [r.type.label for r in analyze_batch(texts)] == ["inquiry"] * len(texts)


def test_a_question_is_recognised_by_its_shape_without_a_mark() -> None:
    assert is_question("这个可以网上办理吗")
    assert is_question("@united is my flight on time")
    assert is_question("hi, can I change my seat")
    assert not is_question("房间很干净，服务很好")
    assert not is_question("I love this airline")


def test_a_long_narrative_with_a_question_inside_stays_a_complaint() -> None:
    text = (
        "I have disputed these late payments three times and every time the bureau verified them "
        "without any investigation. Why is it still on my report? I want it removed now."
    )
    assert len(text) > 100
    assert type_of(text, 0.8, "negative")[0] == "complaint"


def test_the_analyzer_types_a_complaint_that_also_suggests_with_both_flags() -> None:
    result = analyze("等了两个小时都没人管，服务太差了，建议多开几个窗口")
    assert result.type.label == "complaint"
    assert result.type.is_complaint and result.type.is_suggestion


@pytest.mark.slow
def test_real_data_types_match_what_each_data_set_is() -> None:
    """Measured with the bundled models (the rules never saw these sets); the floors sit a few
    points under the figures recorded in bench/RESULTS.md so a regression fails loudly."""
    cases = [
        (sample(banking_queries(), 2000), "inquiry", 0.80),
        (cfpb_narratives(), "complaint", 0.85),
        (sample(hotel_reviews("1"), 2000), "praise", 0.95),
        # longer negative tweets that end by asking are inquiries (complaint flag set) since
        # 2026-12-03: 78.2% of held-out negative tweets are typed complaint (bench/RESULTS.md)
        (sample(airline_tweets("negative"), 2000), "complaint", 0.75),
    ]
    for texts, wanted, floor in cases:
        assert len(texts) >= 1000
        labels = Counter(r.type.label for r in analyze_batch(texts))
        assert labels[wanted] / len(texts) >= floor, (wanted, labels)


@pytest.mark.parametrize(
    ("text", "label", "flag"),
    [
        ("服务很好，但是等太久了", "praise", "is_complaint"),
        ("The staff were lovely but the wait was far too long", "praise", "is_complaint"),
        ("房间太脏了，不过前台态度还不错", "complaint", "is_praise"),
    ],
)
def test_mixed_feedback_keeps_its_label_and_flags_the_other_side(
    text: str, label: str, flag: str
) -> None:
    result = analyze(text).type
    assert result.label == label
    assert getattr(result, flag)


def test_aspect_flags_widen_only_praise_and_complaints() -> None:
    from cxloop.text.feedback_type import with_aspect_flags
    from cxloop.text.result import FeedbackType

    praise = FeedbackType("praise", False, False, False, True)
    inquiry = FeedbackType("inquiry", False, False, True, False)
    assert with_aspect_flags(praise, ["positive", "negative"]).is_complaint
    assert with_aspect_flags(praise, ["positive", "neutral"]) == praise
    assert with_aspect_flags(inquiry, ["negative"]) == inquiry  # a mention, not a verdict
