"""Unreserved praise in a domain the review model never saw is not read as a complaint.

The sentences are written for these tests in the words of a service hall; each was read negative by
the review-trained model alone (P(negative) 0.6-0.75). The counter-examples hold a reservation, a
negation, a question or a negative word, and must be read exactly as the model reads them.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxloop.text import Analyzer
from cxloop.text import sentiment as sentiment_rules
from cxloop.text.analyzer import _unreserved_praise
from cxloop.text.lexicon import load_lexicons, masses_from_hits, sentiment_hits


def praise_mask(texts: list[str]) -> list[bool]:
    lex = load_lexicons()
    hits = [sentiment_hits(t, lex.sentiment) for t in texts]
    masses = np.array([masses_from_hits(t, h) for t, h in zip(texts, hits, strict=True)])
    types = [lex.types.find(t) for t in texts]
    return [bool(x) for x in _unreserved_praise(texts, ["zh"] * len(texts), masses, hits, types)]


@pytest.mark.parametrize(
    "text",
    [
        "医生把检查结果解释得很清楚",  # P(negative) 0.79 from the model alone
        "客服电话一打就通，很快就处理了",  # 0.53
        "解释得很清楚，心里有底了",  # 0.64
    ],
)
def test_unreserved_praise_is_not_a_complaint(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert praise_mask([text]) == [True]
    assert result.sentiment.label == "positive"
    assert result.type.label == "praise"


@pytest.mark.parametrize(
    "text",
    [
        "服务很好，就是有点贵",  # a reservation
        "态度还可以，但是等了很久",  # a contrast
        "效率很高吗？",  # a question
        "不是很满意",  # a negation
        "服务很好，投诉电话却打不通",  # a negative word
        "希望效率再高一点",  # a wish is a reservation
    ],
)
def test_praise_with_a_reservation_is_left_to_the_model(text: str) -> None:
    assert praise_mask([text]) == [False]


def test_the_rule_moves_half_of_p_negative_to_positive_and_nothing_else() -> None:
    proba = np.array([[0.8, 0.05, 0.15], [0.8, 0.05, 0.15]])
    out = sentiment_rules.discount_unreserved_praise(proba, np.array([True, False]))
    assert np.allclose(out[0], [0.4, 0.05, 0.55])
    assert np.allclose(out[1], proba[1])
    assert np.allclose(out.sum(axis=1), 1.0)


def test_english_is_never_touched() -> None:
    lex = load_lexicons()
    text = "great staff, very helpful"
    hits = [sentiment_hits(text, lex.sentiment)]
    masses = np.array([masses_from_hits(text, hits[0])])
    assert not _unreserved_praise([text], ["en"], masses, hits, [lex.types.find(text)])[0]
