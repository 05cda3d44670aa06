"""The type a text gets when a person says what its sentiment is (``Analyzer.type_given``)."""

from __future__ import annotations

import pytest

from cxloop.text import analyze, load_model


@pytest.mark.parametrize(
    ("text", "sentiment", "expected"),
    [
        ("排队两个小时，工作人员态度很差，再也不来了", "positive", "praise"),
        ("排队两个小时，工作人员态度很差，再也不来了", "negative", "complaint"),
        (
            "The staff were friendly and the queue moved quickly. Thank you!",
            "negative",
            "complaint",
        ),
        # a short question stays a question whatever its sentiment: it still needs an answer
        ("请问几点开门？", "negative", "inquiry"),
        ("How do I top up my card?", "positive", "inquiry"),
        # neutral: only an explicit complaint cue makes a complaint
        ("我要投诉窗口工作人员", "neutral", "complaint"),
        ("等了三个小时", "neutral", "other"),
    ],
)
def test_the_type_follows_the_given_sentiment(text: str, sentiment: str, expected: str) -> None:
    assert load_model().type_given(text, sentiment).label == expected


def test_agreeing_with_a_clear_reading_gives_the_models_type() -> None:
    for text in (
        "排队两个小时，工作人员态度很差，再也不来了",
        "请问几点开门？",
        "服务很好，下次还来",
    ):
        reading = analyze(text)
        assert load_model().type_given(text, reading.sentiment.label).label == reading.type.label


def test_an_unknown_sentiment_is_refused() -> None:
    with pytest.raises(ValueError, match="sentiment must be one of"):
        load_model().type_given("服务很好", "great")
