"""Lexicon matching: the two-regex matcher finds exactly what one combined alternation finds.

The oracle is the matcher's first form (one regex, Chinese trie | ASCII trie with word
boundaries), run over real reviews and tweets and a few mixed texts (upper case inside mixed terms,
a letter whose lower case is longer, nested terms), for every bundled lexicon.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.text.rules_data import airline_tweets, hotel_reviews, sample

from cxloop.text.aspects import opinion_matcher
from cxloop.text.features import fold_apostrophes
from cxloop.text.lexicon import _ASCII, TermMatcher, _trie_pattern, load_lexicons
from cxloop.text.urgency import _rules

MIXED = [
    "用app办理社保卡很方便，but the WiFi was slow",
    "前台staff很nice，room很干净",
    "Great service!!! 服务很好 :) 下次还来",
    "the app keeps crashing, 客服也不理",
    "",
    "12345",
    "WIFI很慢，APP闪退，Wifi密码也不对",  # upper case inside mixed terms
    "İstanbul航班延误，服务很差",  # lower-casing changes the length: the regex path
    "ǅ服务好",  # a title-case letter
    "服务服务员态度态度很差很差劲",  # overlapping and nested terms
]


def _oracle(matcher: TermMatcher) -> re.Pattern[str]:
    terms = list(matcher._lookup)
    cjk = [t for t in terms if not _ASCII.match(t)]
    asc = [t for t in terms if _ASCII.match(t)]
    parts = []
    if cjk:
        parts.append(_trie_pattern(cjk))
    if asc:
        parts.append(r"(?<![A-Za-z0-9_])(?:" + _trie_pattern(asc) + r")(?![A-Za-z0-9_])")
    return re.compile("|".join(parts), re.IGNORECASE)


def _matcher(name: str) -> TermMatcher:
    if name == "aspect_opinions":
        return opinion_matcher()
    if name == "urgency":
        return _rules().matcher
    matcher: TermMatcher = getattr(load_lexicons(), name)
    return matcher


@pytest.mark.parametrize(
    "name", ["sentiment", "aspects", "types", "emotions", "aspect_opinions", "urgency"]
)
def test_the_matcher_finds_what_one_combined_alternation_finds(text_data: Path, name: str) -> None:
    matcher = _matcher(name)
    texts = (
        sample(hotel_reviews("0"), 300)
        + sample(hotel_reviews("1"), 300)
        + sample(airline_tweets("negative"), 150)
        + sample(airline_tweets("positive"), 150)
        + MIXED
    )
    oracle = _oracle(matcher)
    for text in texts:
        got = [(h.start, h.end, h.text) for h in matcher.find(text)]
        want = [
            (m.start(), m.end(), text[m.start() : m.end()])
            for m in oracle.finditer(fold_apostrophes(text))
        ]
        assert got == want, text


def test_english_words_match_only_as_whole_words_and_chinese_anywhere() -> None:
    m = TermMatcher({"app": ("digital",), "办理": ("process",)})
    hits = [(h.text, h.values) for h in m.find("happy with the App; 用app办理")]
    assert hits == [("App", ("digital",)), ("app", ("digital",)), ("办理", ("process",))]


def test_a_curly_apostrophe_matches_a_row_written_with_a_straight_one() -> None:
    m = TermMatcher({"won't": ("neg",), "doesn't work": ("problem",)})
    text = "it won\u2019t load and the app doesn\u2018t work"
    hits = [(h.start, h.end, h.text, h.values[0]) for h in m.find(text)]
    assert hits == [
        (3, 8, "won\u2019t", "neg"),
        (26, 38, "doesn\u2018t work", "problem"),
    ]
    assert all(text[h.start : h.end] == h.text for h in m.find(text))  # offsets into the original


def test_curly_and_straight_apostrophes_read_alike() -> None:
    from cxloop.text import analyze

    curly = analyze("why won\u2019t my card work, I\u2019m not happy")
    straight = analyze("why won't my card work, I'm not happy")
    assert curly.sentiment == straight.sentiment
    assert curly.emotions.dominant == straight.emotions.dominant == "disappointment"


def test_the_longest_term_wins_at_a_position() -> None:
    m = TermMatcher({"不满": ("a",), "不满意": ("b",), "not": ("n",), "not good": ("g",)})
    assert [h.values[0] for h in m.find("很不满意, not good")] == ["b", "g"]


def test_a_shadow_row_hides_an_aspect_word_inside_a_longer_word() -> None:
    from cxloop.text import analyze

    assert [a.key for a in analyze("值班人员态度很好").aspects] == ["attitude"]
    assert [a.key for a in analyze("价格不贵，很值").aspects] == ["price"]
    assert "-" not in load_lexicons().aspect_keys
