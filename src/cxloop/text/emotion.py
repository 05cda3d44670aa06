"""Emotion scores: a Chinese model trained on Weibo emotions, plus emotion words in both languages.

Mapping (written in the model card too): SMP2020-EWECT ``angry`` -> anger, ``sad`` ->
disappointment (disappointment/sadness), ``fear`` -> anxiety (anxiety/fear), ``happy`` -> gratitude
(gratitude/joy); ``surprise`` and ``neural`` (neutral) carry none of ours and only lower the others.
Disgust has no labelled data, so it comes from the lexicon alone, as do all English emotions.
A lexicon hit raises a score to at least ``1 - 0.5**hits`` scaled by 0.8, so one clear word
(``恶心``) is enough to show up while the model still decides between close calls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cxloop.text.lexicon import Hit
from cxloop.text.result import EMOTIONS, Emotions

MODEL_TO_EMOTION = {
    "angry": "anger",
    "sad": "disappointment",
    "fear": "anxiety",
    "happy": "gratitude",
}
DOMINANT_THRESHOLD = 0.35


def lexicon_scores(hits: Sequence[Hit]) -> np.ndarray:
    """Scores from emotion-word hits, in :data:`EMOTIONS` order."""
    counts = np.zeros(len(EMOTIONS))
    for hit in hits:
        for key in hit.values:
            if key in EMOTIONS:
                counts[EMOTIONS.index(key)] += 1
    return 0.8 * (1.0 - 0.5**counts)


def model_scores(classes: Sequence[str], proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Model probabilities -> (scores in EMOTIONS order (n, 5), P(no emotion of ours) (n,))."""
    out = np.zeros((proba.shape[0], len(EMOTIONS)))
    none = np.zeros(proba.shape[0])
    for j, cls in enumerate(classes):
        key = MODEL_TO_EMOTION.get(cls)
        if key is None:
            none += proba[:, j]
        else:
            out[:, EMOTIONS.index(key)] = proba[:, j]
    return out, none


def combine(model: np.ndarray | None, none: float, lexicon: np.ndarray) -> Emotions:
    """One text's emotions: the larger of model and lexicon per emotion; ``none`` if nothing wins."""
    scores = lexicon if model is None else np.maximum(model, lexicon)
    best = int(np.argmax(scores))
    top = float(scores[best])
    dominant = EMOTIONS[best] if top >= DOMINANT_THRESHOLD and top >= none else "none"
    return Emotions(
        {k: round(float(v), 4) for k, v in zip(EMOTIONS, scores, strict=True)}, dominant
    )
