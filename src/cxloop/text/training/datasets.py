"""Readers for the copies of the public data sets in ``data/text`` (see scripts/text/copy_data.py).

Each reader returns plain lists so that training and evaluation need neither pandas nor the network.
"""

from __future__ import annotations

import csv
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

AIC_MAPPING: dict[str, str | None] = {
    "location_traffic_convenience": "accessibility",
    "location_distance_from_business_district": "accessibility",
    "location_easy_to_find": "accessibility",
    "service_wait_time": "timeliness",
    "service_waiters_attitude": "attitude",
    "service_parking_convenience": "facilities",
    "service_serving_speed": "timeliness",
    "price_level": "price",
    "price_cost_effective": "price",
    "price_discount": "price",
    "environment_decoration": "environment",
    "environment_noise": "environment",
    "environment_space": "environment",
    "environment_cleaness": "environment",
    "dish_portion": "quality",
    "dish_taste": "quality",
    "dish_look": "quality",
    "dish_recommendation": "quality",
    "others_overall_experience": None,
    "others_willing_to_consume_again": None,
}
"""ai_challenger_2018 restaurant aspects -> taxonomy keys (None: overall judgement, no aspect)."""

SMP_TO_EMOTION: dict[str, str | None] = {
    "angry": "anger",
    "sad": "disappointment",
    "fear": "anxiety",
    "happy": "gratitude",
    "surprise": None,
    "neural": None,
}
"""SMP2020-EWECT labels -> cxloop emotions (surprise and neutral carry no emotion of ours)."""


def data_dir(path: str | Path | None = None) -> Path:
    """``path``, else ``$CXLOOP_TEXT_DATA``, else ``data/text`` of the repository checkout."""
    if path is not None:
        return Path(path)
    env = os.environ.get("CXLOOP_TEXT_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[4] / "data" / "text"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} not found: run `python scripts/text/copy_data.py --source <data folder>` first"
        )
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


@dataclass(frozen=True)
class Labelled:
    texts: list[str]
    labels: list[str]
    groups: list[str]


def hotels(d: Path | None = None) -> Labelled:
    """ChnSentiCorp hotel reviews; labels ``negative``/``positive``; group ``hotel``."""
    rows = [r for r in _rows(data_dir(d) / "ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv.gz")]
    rows = [r for r in rows if (r["review"] or "").strip()]
    return Labelled(
        [r["review"] for r in rows],
        ["positive" if r["label"] == "1" else "negative" for r in rows],
        ["hotel"] * len(rows),
    )


def shopping(d: Path | None = None, *, drop_hotels: bool = True) -> Labelled:
    """online_shopping_10_cats; group = category. The 酒店 rows duplicate the hotel set: dropped."""
    texts, labels, groups = [], [], []
    seen: set[str] = set()
    for r in _rows(data_dir(d) / "online_shopping_10_cats/online_shopping_10_cats.csv.gz"):
        text = (r["review"] or "").replace("\ufeff", "").strip()
        if not text or (drop_hotels and r["cat"] == "酒店") or text in seen:
            continue
        seen.add(text)
        texts.append(text)
        labels.append("positive" if r["label"] == "1" else "negative")
        groups.append(r["cat"])
    return Labelled(texts, labels, groups)


def airline(d: Path | None = None) -> Labelled:
    """US airline tweets, 3 classes; group = airline. The words the public copy replaced by reason
    labels are restored (:func:`restore_label_words`): a model must learn "late", not "Late Flight"."""
    rows = list(
        _rows(data_dir(d) / "twitter_us_airline_sentiment/Tweets_united_southwest_delta.csv.gz")
    )
    return Labelled(
        [restore_label_words(r["text"]) for r in rows],
        [r["airline_sentiment"] for r in rows],
        [r["airline"] for r in rows],
    )


def weibo_emotions(d: Path | None = None) -> Labelled:
    """SMP2020-EWECT virus training set: 6 emotion labels as given (``neural`` = neutral)."""
    rows = [
        r for r in _rows(data_dir(d) / "smp2020_ewect_virus/virus_train.csv.gz") if r["content"]
    ]
    return Labelled([r["content"] for r in rows], [r["label"] for r in rows], ["weibo"] * len(rows))


WEIBO_SENTIMENT = {
    "neural": "neutral",
    "happy": "positive",
    "angry": "negative",
    "sad": "negative",
    "fear": "negative",
}
"""Weibo emotions read as sentiment; ``surprise`` (good or bad news alike) is left out."""


def weibo_sentiment(d: Path | None = None) -> Labelled:
    """The Weibo posts whose emotion says their sentiment (:data:`WEIBO_SENTIMENT`): the one
    Chinese set here with a neutral class, and statements rather than reviews."""
    w = weibo_emotions(d)
    keep = [i for i, lab in enumerate(w.labels) if lab in WEIBO_SENTIMENT]
    return Labelled(
        [w.texts[i] for i in keep],
        [WEIBO_SENTIMENT[w.labels[i]] for i in keep],
        ["weibo"] * len(keep),
    )


@dataclass(frozen=True)
class AspectRow:
    text: str
    aspects: dict[str, str]
    """taxonomy key -> polarity (positive / neutral / negative) for the aspects the text mentions."""


def aggregate_polarity(values: list[int]) -> str:
    """Sub-aspect labels (1, 0, -1) -> one polarity: the majority sign, a tie is neutral."""
    pos = sum(1 for v in values if v == 1)
    neg = sum(1 for v in values if v == -1)
    if neg > pos:
        return "negative"
    if pos > neg:
        return "positive"
    return "neutral"


def restaurant_aspects(d: Path | None = None) -> list[AspectRow]:
    """ai_challenger 2018 subset mapped onto the taxonomy with :data:`AIC_MAPPING`."""
    out = []
    for r in _rows(data_dir(d) / "ai_challenger_2018_fsauor/aic2018_fsauor_subset_train2.csv.gz"):
        per_key: dict[str, list[int]] = {}
        for col, key in AIC_MAPPING.items():
            v = int(r[col])
            if key is None or v == -2:
                continue
            per_key.setdefault(key, []).append(v)
        out.append(
            AspectRow(
                r["content"].strip().strip('"'),
                {k: aggregate_polarity(v) for k, v in per_key.items()},
            )
        )
    return out


def banking_queries(d: Path | None = None) -> list[str]:
    return [r["text"] for r in _rows(data_dir(d) / "banking77/train.csv.gz")]


def cfpb_narratives(d: Path | None = None) -> list[str]:
    rows = _rows(data_dir(d) / "cfpb_complaints_sample/complaints_sample.csv.gz")
    return [
        r["Consumer complaint narrative"]
        for r in rows
        if (r["Consumer complaint narrative"] or "").strip() not in ("", "nan")
    ]


NEGATIVEREASON_MAPPING: dict[str, str | None] = {
    "Late Flight": "timeliness",
    "longlines": "timeliness",
    "Flight Attendant Complaints": "attitude",
    "Customer Service Issue": "attitude",
    "Lost Luggage": "quality",
    "Damaged Luggage": "quality",
    "Cancelled Flight": "quality",
    "Flight Booking Problems": "process",
    "Bad Flight": None,
    "Can't Tell": None,
}
"""Airline tweets' ``negativereason`` -> taxonomy key (None: no single aspect, the tweet is left out).

Why these keys: delays and queues are waiting (timeliness). Flight attendants are judged on how they
treat people (attitude). "Customer Service Issue" mixes how staff treat a customer (unhelpful, rude,
refused to help, passed on: the taxonomy's 推诿) with whether they can be reached (on hold, no reply,
communication); on United's tweets, the only airline read, treatment words are the larger share, and
the label names the service people give, so attitude. Lost and damaged bags, and a cancelled flight,
are the core service not delivered, which the taxonomy files under quality ("lost or damaged items,
cancellation"): a cancellation is no slow service, and its rebooking is a consequence, not the
failure. "Flight Booking Problems" are mostly reservations, tickets and changes going wrong, fewer
than a third of United's mention the website or app, so process rather than digital. "Bad Flight"
(seat, food, cabin, turbulence...) and "Can't Tell" name no one aspect.
"""

_LABEL_IN_TEXT = (
    ("Flight Booking Problems", "booking"),
    ("Cancelled Flight", "cancel"),
    ("Late Flight", "late"),
)
"""The public copy of the tweets replaced three words, inside longer words too, by reason labels:
``Late Flightr`` is "later", ``Cancelled Flightled`` "cancelled", ``reFlight Booking Problems``
"rebooking". Undone, so that the labels' own words do not mark the tweets they label and "later",
"plate" or "unrelated" are not read as lateness."""


def restore_label_words(text: str) -> str:
    """The tweet's words before the reason labels were written into them (:data:`_LABEL_IN_TEXT`)."""
    for label, word in _LABEL_IN_TEXT:
        text = text.replace(label, word)
    return text


@dataclass(frozen=True)
class ReasonRow:
    text: str
    airline: str
    sentiment: str
    reason: str
    """``negativereason`` as given ('' for positive and neutral tweets)."""
    key: str | None
    """The reason's taxonomy key (:data:`NEGATIVEREASON_MAPPING`), None when it has none."""


def airline_reasons(d: Path | None = None) -> list[ReasonRow]:
    """US airline tweets with their negative reason mapped onto the taxonomy; words restored."""
    rows = _rows(data_dir(d) / "twitter_us_airline_sentiment/Tweets_united_southwest_delta.csv.gz")
    out = []
    for r in rows:
        reason = r["negativereason"] if r["airline_sentiment"] == "negative" else ""
        out.append(
            ReasonRow(
                restore_label_words(r["text"]),
                r["airline"],
                r["airline_sentiment"],
                reason,
                NEGATIVEREASON_MAPPING.get(reason),
            )
        )
    return out
