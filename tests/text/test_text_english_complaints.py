"""English service complaints outside airline tweets: an unmixed complaint reads negative.

The English model learned from airline tweets, where the n-grams carry the complaint and the
lexicon column weighs little, so hotel, hospital and council complaints in other words read
neutral or even positive (``sentiment.raise_unmixed_complaints``). The sentences are written for
this test; the controls are texts with any positive word, a question, or no negative word, which
the rule must leave to the model.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxloop.text import Analyzer
from cxloop.text.analyzer import _unmixed_complaints
from cxloop.text.lexicon import sentiment_masses


@pytest.mark.parametrize(
    "text",
    [
        "Room was dirty and smelled of smoke",
        "We found cockroaches in the kitchen",
        "No hot water in the morning",
        "The wifi kept dropping all night",
        "The receptionist kept us waiting while she chatted on the phone",
        "The toilets at the station were filthy",
    ],
)
def test_an_unmixed_english_complaint_reads_negative(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).sentiment.label == "negative", text


def test_the_rule_reads_only_unmixed_english_statements(analyzer: Analyzer) -> None:
    texts = [
        "We found cockroaches in the kitchen",  # negative words only: the rule applies
        "The room was dirty but the staff were lovely",  # a positive word: the model decides
        "Is the room dirty?",  # a question: the type rule answers it
        "no thanks",  # a polite refusal holds no sentiment word (shadow row)
        "I checked in at nine and went to my room",  # no sentiment word at all
        "房间很脏，还有蟑螂",  # Chinese: its own model and rules
    ]
    masses = sentiment_masses(texts, analyzer.lexicons_.sentiment)
    langs = [analyzer.analyze(t).language for t in texts]
    got = _unmixed_complaints(texts, langs, masses)
    assert got.tolist() == [True, False, False, False, False, False]
    assert np.all(masses[3] == 0)


@pytest.mark.parametrize(
    "text", ["no thanks", "No thank you, I'll sort it myself", "Not bad at all, thanks"]
)
def test_a_polite_refusal_or_a_negated_complaint_is_no_complaint(
    analyzer: Analyzer, text: str
) -> None:
    assert analyzer.analyze(text).sentiment.label != "negative", text


@pytest.mark.parametrize(
    ("text", "negative"),
    [
        ("I waited 45 minutes at the counter", True),
        ("It took forty-five minutes to get through", True),
        ("we waited 25 mins for a table", True),
        ("waited 5 minutes, no problem", False),  # a few minutes are no complaint by themselves
        ("the 20 minute walk to the beach", False),  # a length of time nobody waited
    ],
)
def test_twenty_minutes_or_more_waited_is_a_long_wait(text: str, negative: bool) -> None:
    from cxloop.text.lexicon import waiting_hits

    durations = [h for h in waiting_hits(text) if float(h.values[1]) < 0]
    assert bool(durations) == negative, (text, durations)
