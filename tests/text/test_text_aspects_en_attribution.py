"""English aspects: which aspect a clause's judging words judge (2026-12-03).

Every case in the first three tests was read wrongly before the attribution rules of
``cxloop.text.aspects`` (lexicons README, "English aspect words"): a clause judged every aspect it
named with words that judge another one (a wait judged the doctor's manner, a dirty room its
quality), with the feelings of someone the staff dealt with (an angry traveller), or with the praise
words of a request (would appreciate a quick resolution). Polarities asserted here are decided by
lexicon rows and rules: a neutral aspect is one the rules found judged by nobody's words, never the
sentiment model's score, which may be retrained at any time.
"""

from __future__ import annotations

import pytest

from cxloop.text import analyze


def polarities(text: str) -> dict[str, str]:
    return {a.key: a.polarity for a in analyze(text).aspects}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a length of waiting judges timeliness, not the staff the writer waited for
        (
            "Waited four hours to see a doctor.",
            {"timeliness": "negative", "attitude": "neutral"},
        ),
        (
            "We waited two hours for the receptionist to call us.",
            {"timeliness": "negative", "attitude": "neutral"},
        ),
        (
            "Queued for three hours at the counter before an officer saw us.",
            {"timeliness": "negative", "attitude": "neutral"},
        ),
        # another aspect's opinion word judges that aspect only
        ("The bus driver was late again.", {"attitude": "neutral", "timeliness": "negative"}),
        ("The nurse came quickly.", {"attitude": "neutral", "timeliness": "positive"}),
        # only for attitude: a staff noun is not judged by words about something else, while a room
        # or a bag still takes its clause's tone (the tweets' reasons count it so: reason read
        # negative 0.8426 -> 0.8117 when every aspect did this, 0.8266 with attitude only)
        ("The room was noisy.", {"quality": "negative", "environment": "negative"}),
        ("The room was clean.", {"quality": "positive", "environment": "positive"}),
        # a complaint by itself judges its own aspect, whatever else the clause says
        (
            "We waited two hours and then the clerk asked for a bribe.",
            {"timeliness": "negative", "attitude": "neutral", "conduct": "negative"},
        ),
    ],
)
def test_a_clause_judges_only_the_aspects_its_words_judge(
    text: str, expected: dict[str, str]
) -> None:
    assert polarities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the anger is the traveller's; the agent is praised
        ("The agent was great with an angry traveller.", {"attitude": "positive"}),
        (
            "Agent Ashley did an amazing job in the face of an angry traveler.",
            {"attitude": "positive"},
        ),
        # "elderly" describes the passenger, and "patient" judges the driver only
        (
            "The driver was patient with an elderly passenger.",
            {"attitude": "positive", "accessibility": "positive"},
        ),
    ],
)
def test_the_feelings_of_someone_the_staff_dealt_with_do_not_judge_the_service(
    text: str, expected: dict[str, str]
) -> None:
    assert polarities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a request asks for is not there yet: its praise words praise nothing
        (
            "My bag was stolen from the lobby and I would appreciate a quick resolution.",
            {"quality": "negative", "safety": "negative", "timeliness": "negative"},
        ),
        (
            "Would appreciate a quick response.",
            {"timeliness": "neutral", "communication": "neutral"},
        ),
        ("I hope the train won't be delayed again.", {"timeliness": "neutral"}),
        # "more helpful" asked for says the staff were not
        ("I hope the staff will be more helpful next time.", {"attitude": "negative"}),
        # a repair asked for says the thing is broken
        ("Please fix the lift.", {"facilities": "negative"}),
        ("The heating needs fixing.", {"facilities": "negative"}),
    ],
)
def test_a_request_does_not_praise_what_it_asks_for(text: str, expected: dict[str, str]) -> None:
    assert polarities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The doctor was rude.", {"attitude": "negative"}),
        ("The nurse was lovely.", {"attitude": "positive"}),
        (
            "Waited four hours and the doctor was rude.",
            {"timeliness": "negative", "attitude": "negative"},
        ),
        (
            "The receptionist was friendly and we waited two hours.",
            {"attitude": "positive", "timeliness": "negative"},
        ),
        (
            "My flight was delayed but the crew were lovely.",
            {"timeliness": "negative", "attitude": "positive"},
        ),
        ("The bus was late again.", {"timeliness": "negative"}),
        ("The hotel was great for the price.", {"price": "positive"}),
        # the writer's own feelings still judge ("I'm a frustrated customer")
        ("I'm a frustrated customer and the agent was rude.", {"attitude": "negative"}),
        ("The nurse was very kind to my anxious mother.", {"attitude": "positive"}),
        # "customer service" names no person
        ("They were rude to me and gave terrible customer service.", {"attitude": "negative"}),
        # a wish that reports the writer's verdict still praises
        ("I'd like to say the staff were brilliant.", {"attitude": "positive"}),
        ("Please thank the nurse, she was wonderful.", {"attitude": "positive"}),
        ("Please keep up the great service.", {"attitude": "positive"}),
        ("Please fix the broken heating.", {"facilities": "negative"}),
    ],
)
def test_readings_that_were_right_stay_right(text: str, expected: dict[str, str]) -> None:
    assert polarities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("服务员很热情，价格不贵", {"attitude": "positive", "price": "positive"}),
        ("服务员态度很好但是等了两个小时", {"attitude": "positive", "timeliness": "negative"}),
    ],
)
def test_chinese_aspects_keep_their_reading(text: str, expected: dict[str, str]) -> None:
    """The attribution rules are English only; Chinese windows are read as before."""
    assert polarities(text) == expected
