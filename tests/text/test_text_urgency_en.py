"""English urgency, 2026-12-03 block: the wordings a hotline, a property manager, a hospital, an airline
or a metro operator expects raised, and the ordinary uses of the same words that must stay low.

Every raised case below was ``low`` (or the wrong level) before the block; each sentence is written for
the test. Real-data guards: banking77 queries (inquiries, no rule was fitted to their odd rows) stay
almost all low.
"""

from __future__ import annotations

import pytest
from tests.text.rules_data import airline_tweets, assert_urgency, banking_queries

from cxloop.text import analyze
from cxloop.text.urgency import Urgency, assess_urgency

CRITICAL = [
    # hazards, in the words they are reported with
    ("I'm worried about the gas smell in the stairwell, please send someone today.", "safety.gas"),
    ("The whole flat reeks of gas", "safety.gas"),
    ("The CO alarm went off twice last night", "safety.gas"),
    ("The socket sparked when I plugged in the kettle", "safety.electric"),
    ("The wires are exposed next to the lift", "safety.electric"),
    ("There is smoke from the outlet in room 12", "safety.electric"),
    ("The fire alarm is broken on our floor", "safety.fire"),
    ("The fire exit is blocked by bins", "safety.fire"),
    ("There is smoke on the train at platform 2", "safety.fire"),
    ("There's a burning plastic smell from the heater", "safety.fire"),
    ("The fire alarm has been going off all night and nobody came, useless", "safety.fire"),
    ("We were trapped in the train for an hour with no air", "safety.structure"),
    ("Bits of plaster falling from the ceiling in the hall", "safety.structure"),
    ("That staircase is a death trap", "safety.hazard"),
    # self-harm: inflections and the word orders a violence cue used to take over
    ("I'm going to kill myself", "self_harm.self_harm"),
    ("i will kill myself if this goes on", "self_harm.self_harm"),
    ("i feel like killing myself", "self_harm.self_harm"),
    ("i wanna die", "self_harm.self_harm"),
    ("I've been cutting myself again", "self_harm.self_harm"),
    ("I'm going to jump in front of a train", "self_harm.self_harm"),
    ("I cant go on living like this", "self_harm.self_harm"),
    # threats of violence
    ("I'll beat the crap out of your manager", "violence.violence"),
    ("I know where you live", "violence.violence"),
    ("next time I'll bring a gun", "violence.violence"),
]

HIGH = [
    # media
    ("If this isn't fixed by Friday I'm going to the newspapers.", "threat.media"),
    ("I'm taking this to the papers", "threat.media"),
    ("I'll be contacting the BBC", "threat.media"),
    ("Ur service is awful! @CNN", "threat.media"),
    # regulators and officials
    ("I'm reporting this to the CAA", "threat.hotline"),
    ("I will complain to Ofgem", "threat.hotline"),
    ("I've written to my local councillor", "threat.official"),
    ("I am contacting my state representative", "threat.official"),
    # police and legal
    ("I WILL SUE YOU", "threat.legal"),
    ("THANKS FOR NOTHING, I WILL SUE", "threat.legal"),
    ("I'll be pressing charges", "threat.police"),
    ("A policeman had to be called", "threat.police"),
    ("I have instructed a law firm", "threat.legal"),
    ("I'm sending a letter before action", "threat.legal"),
    # collective action
    ("We have started petitioning the council", "collective.collective"),
    ("The residents committee will write to you", "collective.collective"),
    ("My neighbours and I are sick of this terrible service", "collective.collective"),
    ("The whole building has been without water for days, terrible", "collective.collective"),
    # vulnerable people harmed or complaining again
    ("My elderly mother fell on the steps in the lobby", "vulnerable.elderly"),
    ("My 4 year old son was hit by a cart at the gate", "vulnerable.child"),
]

MEDIUM = [
    # repeats: a count of times with a verb of contacting
    (
        "I've complained three times about the water leak and nothing has been done.",
        "repeat.repeat",
    ),
    ("I've called 3 times about the boiler", "repeat.repeat"),
    ("3 times I've called customer services", "repeat.repeat"),
    ("I have emailed you twice about my refund", "repeat.repeat"),
    ("The engineer has been out four times", "repeat.repeat"),
    # repeats said without a count
    ("The heating still isnt fixed", "repeat.repeat"),
    ("nobody has done anything about the mould", "repeat.repeat"),
    ("no one ever calls back", "repeat.repeat"),
    ("no-one has responded to my emails", "repeat.repeat"),
    ("This has been going on for months", "repeat.repeat"),
    ("Your contractor keeps breaking the gate, terrible", "repeat.repeat"),
    ("This is the 4th time my bag was lost, awful", "repeat.repeat"),
    ("I already reported the broken lock", "repeat.repeat"),
    # harm
    ("My husband tripped and fell on the wet floor", "harm.injury"),
    ("My husband had to be taken to hospital", "harm.injury"),
    # vulnerable people in a negative text
    ("The hearing impaired passenger was ignored", "vulnerable.disabled"),
    ("My mum has dementia and nobody helped her", "vulnerable.elderly"),
    ("My service dog was refused, unacceptable", "vulnerable.disabled"),
]

ORDINARY = [
    "Stopped at the gas station on the way",
    "Please press the button to continue",
    "The papers were ready when I arrived",
    "I read the newspaper in the lounge, lovely",
    "According to the papers the line reopens Monday",
    "The BBC app is great",
    "Lovely food court and a squash court too",
    "I'm fired up for the trip",
    "you're on fire today, thanks for the upgrade",
    "They had a fire pit on the terrace",
    "We had a fire going in the fireplace",
    "Flying again next week!",
    "I go three times a week",
    "I fly with you three times a year, love it",
    "I was charged twice for the same transaction",
    "I tried three times to pay and then it worked",
    "This is my 3rd time staying here, loved it",
    "The whole building was beautiful",
    "My neighbours and I had a lovely stay",
    "They turned a blind eye to the rude man",
    "I need to pay my child support",
    "He signed a power of attorney for me",
    "The bankruptcy went through Bankruptcy Court years ago",
    "Thanks Sue at the gate, so helpful",
    "That comedian had us in stitches",
    "The seminar sparked my interest",
    "I'm worried it might catch fire one day, please check the wiring",
    "I'm afraid of a gas leak, can you test the boiler?",
    "Did I hurt your feelings?",
    "I am still waiting for my card to arrive",
    "I'll punch in the code tomorrow",
]


@pytest.mark.parametrize(("text", "key"), CRITICAL)
def test_hazards_self_harm_and_violence_in_everyday_wording_are_critical(
    text: str, key: str
) -> None:
    assert_urgency(text, "critical", key)


@pytest.mark.parametrize(("text", "key"), HIGH)
def test_media_regulators_legal_police_and_collective_wordings_are_high(
    text: str, key: str
) -> None:
    assert_urgency(text, "high", key)


@pytest.mark.parametrize(("text", "key"), MEDIUM)
def test_repeats_harm_and_vulnerable_people_are_medium(text: str, key: str) -> None:
    assert_urgency(text, "medium", key)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_uses_of_the_same_words_stay_low(text: str) -> None:
    assert assess_urgency(text) == Urgency("low", "none")


def test_a_self_harm_phrase_is_not_taken_for_a_threat_to_others() -> None:
    urgency = assess_urgency("I'm going to kill myself")
    assert (urgency.rule, urgency.keys) == ("self_harm", ["self_harm.self_harm"])
    assert [r.text for r in urgency.reasons] == ["going to kill myself"]


def test_a_count_is_a_repeat_only_with_a_verb_of_contacting_in_its_clause() -> None:
    assert assess_urgency("I've called 3 times, awful").keys == ["repeat.repeat"]
    assert assess_urgency("I called. The train runs 3 times an hour").level == "low"
    text = "I've complained three times about the water leak and nothing has been done."
    urgency = assess_urgency(text)
    assert [r.text for r in urgency.reasons] == ["three times", "nothing has been done"]
    for reason in urgency.reasons:
        assert text[reason.start : reason.end] == reason.text


def test_a_worry_about_a_present_hazard_counts_a_worry_about_a_possible_one_does_not() -> None:
    assert assess_urgency("I'm worried about the exposed wires").level == "critical"
    assert assess_urgency("I'm worried the wires could be exposed").level == "low"
    assert assess_urgency("If there is a gas leak, who do I call?").level == "low"


def test_a_capitalised_court_mid_sentence_is_a_place_a_shouted_one_a_threat() -> None:
    assert assess_urgency("We changed at Earls Court station").level == "low"
    assert assess_urgency("you will hear from my lawyer, SEE YOU IN COURT").level == "high"


@pytest.mark.parametrize(
    ("text", "level", "rule"),
    [
        ("If this isn't fixed by Friday I'm going to the newspapers.", "high", "escalation_threat"),
        (
            "I'm worried about the gas smell in the stairwell, please send someone today.",
            "critical",
            "safety_hazard",
        ),
        (
            "I've complained three times about the water leak and nothing has been done.",
            "medium",
            "repeated_complaint",
        ),
        ("My elderly mother fell on the steps in the lobby", "high", "vulnerable_harmed"),
        ("The papers were ready when I arrived", "low", "none"),
    ],
)
def test_the_analyzer_reports_the_new_cues(text: str, level: str, rule: str) -> None:
    result = analyze(text)
    assert result.urgency == assess_urgency(text)
    assert (result.urgency.level, result.urgency.rule) == (level, rule)
    assert result.to_dict()["urgency"]["level"] == level


def test_banking_queries_and_positive_tweets_stay_low() -> None:
    """Guard on real texts, odd rows (the even rows were read to find ordinary uses): measured
    0.26% of banking77 queries and 0.25% of positive tweets above low after the block."""
    queries = banking_queries()[1::2]
    tweets = airline_tweets("positive")[1::2]
    assert len(queries) > 4000 and len(tweets) > 700
    for texts, limit in ((queries, 0.01), (tweets, 0.01)):
        raised = [t for t in texts if assess_urgency(t).level != "low"]
        assert len(raised) / len(texts) <= limit, raised[:5]
    assert not [t for t in queries if assess_urgency(t).level == "critical"]
