"""English aspects in service feedback: which aspect a word names and the polarity it is given.

Every case here was read wrongly before the sector words and rules of 2026-12-03 (lexicons README,
"English aspect words"): a negated opinion ("wasn't working"), an English word that means the opposite
in a complaint ("unbelievable", "packed"), a term too generic for its aspect (bare "cold" as the
temperature of a place, bare "leak" as safety), a missing thing ("no parking"). Polarities asserted
here are decided by the lexicon rows or the rules, not by the sentiment model's score, which may be
retrained at any time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxloop.text import Analyzer, analyze


def polarities(text: str, analyzer: Analyzer | None = None) -> dict[str, str]:
    result = analyzer.analyze(text) if analyzer is not None else analyze(text)
    return {a.key: a.polarity for a in result.aspects}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # crowding is the environment; a negated "working" is a broken facility
        (
            "The metro was packed and the air conditioning wasn't working.",
            {"environment": "negative", "facilities": "negative"},
        ),
        # cold food is quality, not the temperature of the place; "tiny ... for the price" is value
        (
            "The food was cold and the portion was tiny for the price.",
            {"quality": "negative", "price": "negative"},
        ),
        ("The coffee was cold.", {"quality": "negative"}),
        ("The shower was cold.", {"facilities": "negative"}),
        # a gas smell, exposed wires: safety, and a complaint by themselves
        (
            "I'm worried about the gas smell in the stairwell, please send someone today.",
            {"safety": "negative"},
        ),
        ("There are exposed wires in the hallway.", {"safety": "negative"}),
        # a water leak is maintenance, not safety
        (
            "I've complained three times about the water leak and nothing has been done.",
            {"facilities": "negative"},
        ),
        ("The roof is leaking again.", {"facilities": "negative"}),
        # what is missing or asked for is a complaint about it
        (
            "Please add more benches at the bus stop, the elderly have nowhere to sit.",
            {"facilities": "negative", "accessibility": "negative"},
        ),
        ("There is no parking for visitors.", {"facilities": "negative"}),
        ("No wifi in the ward.", {"facilities": "negative"}),
        ("The lift has been out of order for a week.", {"facilities": "negative"}),
        # hospital staff and what they did not do
        (
            "The doctor didn't even look at me, just wrote a prescription and left.",
            {"attitude": "negative"},
        ),
        ("The doctor misdiagnosed my son.", {"attitude": "negative", "competence": "negative"}),
        # English words that mean the opposite in a complaint
        ("Staff at the counter were unbelievable, so rude.", {"attitude": "negative"}),
        ("The train was packed.", {"environment": "negative"}),
        ("The corridor smells funny.", {"environment": "negative"}),
        # a cold person is attitude, not the room's temperature
        ("The receptionist was cold and dismissive.", {"attitude": "negative"}),
        # a security guard is staff; the word "security" no longer makes it a safety matter
        ("The security guard was rude to my mother.", {"attitude": "negative"}),
        # a repair of a broken thing is praise
        (
            "The engineer fixed the broken lift the same day.",
            {"quality": "positive", "facilities": "positive"},
        ),
        ("The lift works fine now.", {"facilities": "positive"}),
        # "no" before a judgement word is negation, not a missing thing
        ("No problems with the lift at all.", {"facilities": "positive"}),
    ],
)
def test_sector_feedback_gets_the_right_aspects_and_polarities(
    text: str, expected: dict[str, str]
) -> None:
    assert polarities(text) == expected


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("The room was small for the price.", "price", "negative"),
        ("The room was dirty for the price.", "price", "negative"),
        ("The hotel was great for the price.", "price", "positive"),  # right before, stays
    ],
)
def test_a_judgement_of_what_was_got_for_the_price_judges_the_price(
    text: str, key: str, expected: str
) -> None:
    assert polarities(text)[key] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The staff weren't rude.", {"attitude": "positive"}),
        ("The nurse wasn't very friendly.", {"attitude": "negative"}),
        ("The food was not bad.", {"quality": "positive"}),
        ("The bus was late again.", {"timeliness": "negative"}),
        ("The app is not working.", {"digital": "negative"}),
        ("There was no delay at all.", {"timeliness": "positive"}),
        ("Not enough staff at the counter.", {"attitude": "negative"}),
        (
            "My flight was delayed but the crew were lovely.",
            {"timeliness": "negative", "attitude": "positive"},
        ),
    ],
)
def test_readings_that_were_right_stay_right(text: str, expected: dict[str, str]) -> None:
    assert polarities(text) == expected


def test_a_bag_packed_is_no_crowding() -> None:
    assert "environment" not in polarities("I packed my bag and left.")


def test_a_mixed_hotel_review_keeps_its_readings() -> None:
    got = polarities("Great hotel, lovely staff, but the room was noisy at night.")
    assert got["attitude"] == "positive"
    assert got["environment"] == "negative"
    assert "safety" not in got


def test_a_negated_sentiment_phrase_over_an_opinion_word_keeps_its_negation(
    tmp_path: Path,
) -> None:
    """A sentiment phrase "not clean" (an organisation's, or a future bundled row) overlaps the
    environment opinion word "clean"; the opinion word replaces the phrase, and its negation with it
    used to be lost, which read the dirty room as praise."""
    (tmp_path / "sentiment_en.tsv").write_text("not clean\t-2\n", encoding="utf-8")
    own = Analyzer.load(extra_lexicon_dir=tmp_path)
    assert polarities("The lobby was not clean.", own)["environment"] == "negative"
    assert polarities("The lobby was clean.", own)["environment"] == "positive"


def test_an_organisation_term_is_missed_when_it_is_not_there(tmp_path: Path) -> None:
    """A missing thing is generated from the aspect words, an organisation's own included."""
    (tmp_path / "aspects_en.tsv").write_text("facilities\tbike rack\n", encoding="utf-8")
    own = Analyzer.load(extra_lexicon_dir=tmp_path)
    assert polarities("There is no bike rack at the station.", own) == {"facilities": "negative"}
    assert polarities("Not enough bike rack space here.", own)["facilities"] == "negative"


def test_chinese_aspects_do_not_take_english_sector_words() -> None:
    assert polarities("价格不贵，服务员很热情") == {"price": "positive", "attitude": "positive"}
