"""Rebuild the bundled models from the copies of the public data in ``data/text``.

``cxloop text train`` without ``--data`` calls :func:`build_bundled`. What each model saw is written
into ``manifest.json`` next to the weights (and summarised in ``MODEL_CARD.md``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from cxloop.text.analyzer import BUNDLED_DIR, MODEL_VERSION
from cxloop.text.linear import LinearTextModel
from cxloop.text.training import datasets
from cxloop.text.training.sentiment import fit_sentiment

SENTIMENT_ZH_C = 30.0
SENTIMENT_EN_C = 3.0
EMOTION_C = 3.0
HOTEL_WEIGHT = 5.0
"""Hotel reviews count 5x: service feedback (hotels, counters) is the target domain; the shopping
domains keep the decision threshold sane elsewhere."""


def build_bundled(
    output_dir: Path | None = None,
    data: Path | None = None,
    *,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train sentiment_zh, sentiment_en and emotion_zh; write them and ``manifest.json``."""
    out = Path(output_dir) if output_dir is not None else BUNDLED_DIR
    out.mkdir(parents=True, exist_ok=True)
    trained_on: dict[str, Any] = {}

    hotels = datasets.hotels(data)
    shopping = datasets.shopping(data, drop_hotels=True)
    texts = hotels.texts + shopping.texts
    labels = hotels.labels + shopping.labels
    log(
        f"sentiment_zh: {len(texts)} reviews (hotels {len(hotels.texts)}, shopping {len(shopping.texts)})"
    )
    weights = np.r_[np.full(len(hotels.texts), HOTEL_WEIGHT), np.ones(len(shopping.texts))]
    fit_sentiment(texts, labels, kind="zh", C=SENTIMENT_ZH_C, sample_weight=weights).save(
        out / "sentiment_zh.npz"
    )
    trained_on["sentiment_zh"] = {
        "data": [
            "ChnSentiCorp_htl_all (all rows)",
            "online_shopping_10_cats without 酒店 (deduplicated)",
        ],
        "rows": len(texts),
        "hotel_weight": HOTEL_WEIGHT,
        "labels": "negative / positive",
    }

    air = datasets.airline(data)
    log(f"sentiment_en: {len(air.texts)} tweets")
    fit_sentiment(air.texts, air.labels, kind="en", C=SENTIMENT_EN_C).save(out / "sentiment_en.npz")
    trained_on["sentiment_en"] = {
        "data": ["twitter_us_airline_sentiment (United, Southwest, Delta; all rows)"],
        "rows": len(air.texts),
        "labels": "negative / neutral / positive",
    }

    emo = datasets.weibo_emotions(data)
    log(f"emotion_zh: {len(emo.texts)} Weibo posts")
    LinearTextModel("zh", C=EMOTION_C).fit(emo.texts, emo.labels).save(out / "emotion_zh.npz")
    trained_on["emotion_zh"] = {
        "data": ["smp2020_ewect_virus training set (all rows)"],
        "rows": len(emo.texts),
        "labels": "happy / angry / sad / fear / surprise / neural",
    }

    manifest = {
        "version": MODEL_VERSION,
        "trained_on": trained_on,
        "aspects": "lexicon detection (lexicons/aspects_*.tsv); polarity from sentiment_* on windows",
        "licence_note": (
            "Trained on research-only / non-commercial data: see MODEL_CARD.md. "
            "Use `cxloop text train --data` to build a model from your own data."
        ),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest
