"""Sentiment probabilities from the linear models (and, when configured, a local transformers model).

Why ``negative`` is decided by P(negative) >= 0.5 alone: the app and the CLI expose P(negative) as
``sentiment_score``, so a text is negative exactly when its score is at least one half. The Chinese
model is binary (review data has no neutral class); the not-negative mass is split into neutral and
positive by how much sentiment evidence the text carries (an uncertain text with no sentiment words
is neutral, ``请问几点开门``). The English model has a native neutral class (airline tweets).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from cxloop.text.linear import LinearTextModel, softmax

EXTRA_SCALE = 0.5
"""Scale of the lexicon columns fed to the sentiment models (training and prediction share it)."""


def lexicon_columns(masses: np.ndarray) -> np.ndarray:
    """(positive mass, negative mass) per text -> the model's two extra columns."""
    return (np.log1p(masses) * EXTRA_SCALE).astype(np.float32)


def from_lexicon(masses: np.ndarray) -> np.ndarray:
    """Probabilities for texts in neither model's language (emoji only, other scripts).

    Why not the English model: it was trained on English words; a text of emoji (😡😡😡) or in
    another script gives it nothing but the lexicon columns, whose weight it learned next to words.
    Here the lexicon masses speak alone: P(negative) = neg / (pos + neg + 1), P(positive) likewise,
    the rest neutral, so a text with no lexicon evidence is neutral.
    """
    pos, neg = masses[:, 0].astype(np.float64), masses[:, 1].astype(np.float64)
    total = pos + neg + 1.0
    return np.column_stack([neg / total, 1.0 / total, pos / total])


def three_way(
    model: LinearTextModel, z: np.ndarray, masses: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Decision values -> (probabilities (n, 3) in negative/neutral/positive order, labels)."""
    classes = list(model.classes_)
    p = softmax(z)
    n = p.shape[0]
    out = np.zeros((n, 3), dtype=np.float64)
    p_neg = p[:, classes.index("negative")]
    out[:, 0] = p_neg
    if "neutral" in classes:
        out[:, 1] = p[:, classes.index("neutral")]
        out[:, 2] = p[:, classes.index("positive")]
    else:
        p_pos = 1.0 - p_neg
        evidence = masses.sum(axis=1) > 0
        q = (1.0 - np.abs(p_pos - p_neg)) * np.where(evidence, 0.3, 0.9)
        out[:, 1] = p_pos * q
        out[:, 2] = p_pos * (1.0 - q)
    return out, _labels(out)


PLAIN_QUESTION_WEIGHT = 0.35
"""How much of the review model's P(negative) a plain question keeps (see :func:`discount_plain_questions`)."""
UNRESERVED_PRAISE_WEIGHT = 0.5
"""How much of P(negative) a Chinese text of unreserved praise keeps (:func:`discount_unreserved_praise`)."""
RESERVATION_ZH = re.compile(
    r"但|不过|可是|就是|只是|然而|可惜|遗憾|唯一|美中不足|除了|要是|如果|希望|建议|[?？]"
)
"""Words that take back or qualify praise (但是, 就是有点贵, 唯一不足, 希望, 要是), and a question mark:
a text holding one is not unreserved praise."""


def shift_negative(proba: np.ndarray, rows: np.ndarray, keep: float, to: int) -> np.ndarray:
    """Move the share ``1 - keep`` of P(negative) of ``rows`` to column ``to``; a new array."""
    out = proba.copy()
    if not rows.any():
        return out
    moved = out[rows, 0] * (1.0 - keep)
    out[rows, 0] -= moved
    out[rows, to] += moved
    return out


def discount_plain_questions(proba: np.ndarray, plain: np.ndarray) -> np.ndarray:
    """Move most of P(negative) of plain questions to neutral; returns a new array.

    Why: the Chinese model learned from reviews, where a question is nearly always rhetorical
    (被子不可能没换吧???, 这也叫五星?), so it reads 请问几点开门？ as a complaint (P 0.9). A short
    question that holds no negative word of the lexicon and no complaint cue asks for information;
    its review-model score is not evidence of a grievance. ``plain`` marks those rows; the caller
    decides them (it has the lexicon and type cues).
    """
    return shift_negative(proba, plain, PLAIN_QUESTION_WEIGHT, 1)


def discount_unreserved_praise(proba: np.ndarray, praise: np.ndarray) -> np.ndarray:
    """Move half of P(negative) of unreserved praise to positive; returns a new array.

    Why: the review model's n-grams carry the vocabulary of the domains it learned (免费, 退回, 一次,
    电话 lean negative in shopping reviews), so praise in the words of another domain can read as a
    complaint: 工作人员主动打电话告诉我进度 P(negative) 0.73. The lexicon's words travel across domains
    better. A Chinese text with positive words and no negative word, no negation, no reservation
    (:data:`RESERVATION_ZH`) and no complaint cue is praise whatever its other words; ``praise``
    marks those rows (the caller decides them). On review domains left out of training (mean of
    ten) accuracy moves 0.8821 -> 0.8830: the model already reads such reviews right (only 1.7% of
    them negative, against 3.2% labelled so), so the rule changes little there and corrects the
    domain it was not trained on (model card).
    """
    return shift_negative(proba, praise, UNRESERVED_PRAISE_WEIGHT, 2)


UNMIXED_COMPLAINT_SHARE = 0.5
"""Share of the not-negative probability an English unmixed complaint moves to negative
(:func:`raise_unmixed_complaints`)."""
UNMIXED_COMPLAINT_MASS = 1.5
"""Negative lexicon mass from which an English text with no positive word is an unmixed complaint."""


def raise_unmixed_complaints(proba: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Move :data:`UNMIXED_COMPLAINT_SHARE` of P(neutral) and P(positive) of ``rows`` to negative.

    Why: the English model learned from airline tweets, where the n-grams carry the complaint and
    the lexicon column weighs little, so a service complaint in other words reads neutral ("We found
    cockroaches in the kitchen" P(negative) 0.34, "Room was dirty and smelled of smoke" 0.48) even
    though its words travel: an English text whose lexicon words are all negative (mass at least
    :data:`UNMIXED_COMPLAINT_MASS`, read with negation), with no question, is a complaint whatever
    its other words. ``rows`` marks those rows (the caller decides them); measured in the model card.
    """
    out = proba.copy()
    if not rows.any():
        return out
    moved = out[rows, 1:] * UNMIXED_COMPLAINT_SHARE
    out[rows, 1:] -= moved
    out[rows, 0] += moved.sum(axis=1)
    return out


def _labels(proba: np.ndarray) -> np.ndarray:
    labels = np.where(proba[:, 2] >= proba[:, 1], "positive", "neutral")
    return np.where(proba[:, 0] >= 0.5, "negative", labels)


# -- optional local transformers backend -------------------------------------------------------
ENV_MODEL = "CXLOOP_TEXT_MODEL"


class TextModelError(RuntimeError):
    """The text models cannot be used as configured (a missing local model or optional package)."""


def transformers_model_path() -> str | None:
    """The local Hugging Face model directory named by ``CXLOOP_TEXT_MODEL``, or None when unset.

    A set variable that names no directory is an error rather than a silent fallback: an operator
    who configured a stronger model must not get the bundled one without noticing.
    """
    path = os.environ.get(ENV_MODEL)
    if not path:
        return None
    if not os.path.isdir(path):
        raise TextModelError(
            f"{ENV_MODEL}={path}: not a directory; it must name a local Hugging Face model "
            "(nothing is downloaded)"
        )
    return path


def label_to_polarity(label: str) -> str | None:
    """Map a Hugging Face label (``NEGATIVE``, ``LABEL_0``-style excluded, ``1 star``...) to ours."""
    low = label.lower()
    for key in ("neg", "pos", "neu"):
        if key in low:
            return {"neg": "negative", "pos": "positive", "neu": "neutral"}[key]
    digits = [c for c in low if c.isdigit()]
    if "star" in low and digits:
        stars = int(digits[0])
        return "negative" if stars <= 2 else ("neutral" if stars == 3 else "positive")
    return None


def scores_to_three_way(scores: Sequence[dict[str, Any]]) -> np.ndarray:
    """A pipeline's ``top_k=None`` output for one text -> negative/neutral/positive probabilities."""
    out = np.zeros(3)
    for item in scores:
        pol = label_to_polarity(str(item["label"]))
        if pol is not None:
            out[("negative", "neutral", "positive").index(pol)] += float(item["score"])
    total = out.sum()
    return out / total if total > 0 else np.array([0.0, 1.0, 0.0])


@lru_cache(maxsize=2)
def _pipeline(path: str) -> Any:  # pragma: no cover - needs torch
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local directory; never reach the hub
    try:
        from transformers import pipeline
    except ImportError as exc:
        raise TextModelError(
            f"{ENV_MODEL}={path} needs the optional packages: pip install 'cxloop[transformers]'"
        ) from exc
    return pipeline("text-classification", model=path, tokenizer=path, top_k=None, device=-1)


def transformers_proba(path: str, texts: Sequence[str]) -> np.ndarray:
    """Probabilities from a local model (never downloads: the path must be a directory)."""
    pipe = _pipeline(path)
    results = pipe(list(texts), truncation=True, batch_size=32)  # pragma: no cover - needs torch
    return np.vstack([scores_to_three_way(r) for r in results])  # pragma: no cover


def labels_from_proba(proba: np.ndarray) -> np.ndarray:
    return _labels(proba)
