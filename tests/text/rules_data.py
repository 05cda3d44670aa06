"""Real texts for the rule tests (urgency, personal data, feedback type), read from ``data/text``.

The files are public data sets copied into the repo with their provenance (``data/text/*/PROVENANCE.md``);
they are read, never trained on, so every figure measured on them is a fair check of the rules.
The hotel file is sorted by label, so samples are drawn with a seeded shuffle, never by slicing the head.
"""

from __future__ import annotations

import csv
import gzip
import random
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "text"


def _rows(relative: str) -> list[dict[str, str]]:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"real data missing: {path} (copy it from the shared data sets)")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sample(texts: list[str], n: int, *, seed: int = 20261201) -> list[str]:
    """``n`` texts drawn with a fixed seed (all of them when there are fewer)."""
    texts = [t for t in texts if t and t.strip()]
    rng = random.Random(seed)
    return rng.sample(texts, n) if len(texts) > n else texts


def hotel_reviews(label: str) -> list[str]:
    """ChnSentiCorp hotel reviews: ``label`` "1" positive, "0" negative."""
    rows = _rows("ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv.gz")
    return [r["review"] for r in rows if r["label"] == label and r["review"]]


def airline_tweets(sentiment: str) -> list[str]:
    rows = _rows("twitter_us_airline_sentiment/Tweets_united_southwest_delta.csv.gz")
    return [r["text"] for r in rows if r["airline_sentiment"] == sentiment]


def banking_queries() -> list[str]:
    return [r["text"] for r in _rows("banking77/train.csv.gz")]


def cfpb_narratives() -> list[str]:
    rows = _rows("cfpb_complaints_sample/complaints_sample.csv.gz")
    return [r["Consumer complaint narrative"] for r in rows if r["Consumer complaint narrative"]]


def type_of(text: str, p_negative: float, sentiment: str) -> tuple[str, set[str]]:
    """The type rule's primary label and flags for ``text`` at a fixed sentiment reading, so that
    the rule is tested apart from the model (a retrained model does not move these tests)."""
    from cxloop.text.feedback_type import classify
    from cxloop.text.lexicon import load_lexicons

    result = classify(text, load_lexicons().types.find(text), p_negative, sentiment)
    flags = {
        k for k in ("complaint", "suggestion", "inquiry", "praise") if getattr(result, f"is_{k}")
    }
    return result.label, flags


def assert_urgency(text: str, level: str, key: str) -> None:
    """``text`` is raised to ``level`` with ``key`` among its reasons (the urgency tests' check)."""
    from cxloop.text.urgency import assess_urgency

    urgency = assess_urgency(text)
    assert urgency.level == level, (text, urgency)
    assert key in urgency.keys, (text, urgency)
