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


def test_the_aspects_own_words_are_not_overruled_by_the_window_score() -> None:
    assert aspect_rules.window_vote(-1.0, False, 0.05, specific=True) == -1
    assert aspect_rules.window_vote(-1.0, False, 0.05, specific=False) == 1
    assert aspect_rules.window_vote(0.0, True, 0.9, specific=True) == 0
    assert aspect_rules.window_vote(0.0, False, 0.9) is None


def test_the_bundled_opinion_lexicon_names_only_taxonomy_aspects_and_valid_weights() -> None:
    rows = read_lexicon("aspect_opinions", [LEXICON_DIR])
    assert len(rows) > 100
    for row in rows:
        assert row[0] in TAXONOMY | {aspect_rules.ANY_ASPECT}, row
        assert -3.0 <= float(row[2]) <= 3.0, row
