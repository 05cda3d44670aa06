"""Emotion scores: a Chinese model trained on Weibo emotions, plus emotion words in both languages.

Mapping (written in the model card too): SMP2020-EWECT ``angry`` -> anger, ``sad`` ->
disappointment (disappointment/sadness), ``fear`` -> anxiety (anxiety/fear), ``happy`` -> gratitude
(gratitude/joy); ``surprise`` and ``neural`` (neutral) carry none of ours and only lower the others.
Disgust has no labelled data, so it comes from the lexicon alone, as do all English emotions.
A lexicon hit raises a score to at least ``1 - 0.5**hits`` scaled by 0.8, so one clear word
(``恶心``) is enough to show up while the model still decides between close calls.

The dominant emotion of a text read as a clear complaint (P(negative) >= :data:`NO_GRATITUDE_AT`)
is never gratitude. Why: thanks in a complaint is sarcasm or politeness ("thanks for nothing",
"thanks for losing my bag", 谢谢你们让我白跑一趟, "please fix it, thanks"), and an inbox that shows
such a customer as grateful misleads the handler. The gratitude score stays as the evidence it is;
only the dominant reading changes. Measured (model card): of the negative hotel reviews, 5.2% had
gratitude dominant and 3.2% after, of the negative airline tweets 6.8% and 4.1%, with each text's
sentiment from a model that never saw its domain; positive ones 17.1% -> 16.9% and 32.3% -> 31.9%.
On the Weibo posts, where the review-trained sentiment model reads many happy posts as negative,
the dominant emotion's macro-F1 moves 0.6339 -> 0.6292 (5-fold CV, ``emotion_dominant``); a bar of
0.8 costs 0.15 points there and fixes less (3.6%, 4.6%). A lower bar (0.5) fixed more complaints
(2.8%, 3.1%) but cost 2 points there; down-weighting every emotion by the sentiment
(a product of the two models) cost 0.2-5 points and was not kept.

The mirror rule (2026-12-04): in a text read as praise (P(negative) <= :data:`NO_MODEL_NEGATIVE_AT`)
a negative emotion is dominant only on an emotion word's evidence (很好，不过等了很久，有点生气), not on
the model's score alone. Why: the Weibo model reads short review praise as angry (还会再来的: anger
0.44), so 21.5% of the positive hotel reviews were shown angry, read with a sentiment model that never
saw hotels; 8.3% now (6.5% with a bar of 0.3, 10.3% with 0.1), while the negative ones shown angry
went 46.1% -> 44.4%. The cost is on Weibo, whose angry posts the review-trained sentiment model often
reads as praise: ``emotion_dominant`` 0.6322 -> 0.6208 (0.6063 with a bar of 0.3, 0.6300 with 0.1).
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
NO_GRATITUDE_AT = 0.7
"""P(negative) from which gratitude cannot be the dominant emotion: the clear-complaint level of
:mod:`cxloop.text.feedback_type` (``CLEAR_COMPLAINT``)."""
NO_MODEL_NEGATIVE_AT = 0.2
"""P(negative) up to which a negative emotion is dominant only on a word's evidence: the mirror of
:data:`NO_GRATITUDE_AT` (module docstring)."""
_GRATITUDE = EMOTIONS.index("gratitude")
_NEGATIVE = np.array([EMOTIONS.index(k) for k in EMOTIONS if k != "gratitude"])


def lexicon_scores(hits: Sequence[Hit], negated: Sequence[bool] | None = None) -> np.ndarray:
    """Scores from emotion-word hits, in :data:`EMOTIONS` order.

    A negated hit (``negated``, from :func:`cxloop.text.lexicon.negated`) does not count, except
    that negated joy is disappointment: 不开心 and "not happy" say the customer is let down, while
    "not angry" says nothing of what they do feel.
    """
    counts = np.zeros(len(EMOTIONS))
    for n, hit in enumerate(hits):
        keys = hit.values
        if negated is not None and negated[n]:
            keys = ("disappointment",) if "gratitude" in keys else ()
        for key in keys:
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


def combine_batch(
    model: np.ndarray, none: np.ndarray, lexicon: np.ndarray, p_negative: np.ndarray
) -> list[Emotions]:
    """Each text's emotions: the larger of model and lexicon per emotion (``model`` rows of zeros
    for texts the model does not read); ``none`` if nothing wins.

    ``none`` is each text's P(no emotion of ours); from ``p_negative`` >= :data:`NO_GRATITUDE_AT`
    on, gratitude does not compete for the dominant emotion (module docstring). One array pass for
    the batch: per-text NumPy calls on five numbers cost more than the model that produced them.
    """
    scores = np.maximum(model, lexicon)
    contenders = scores.copy()
    p_negative = np.asarray(p_negative)
    contenders[p_negative >= NO_GRATITUDE_AT, _GRATITUDE] = 0.0
    praise = p_negative <= NO_MODEL_NEGATIVE_AT
    contenders[np.ix_(praise, _NEGATIVE)] = lexicon[np.ix_(praise, _NEGATIVE)]
    best = contenders.argmax(axis=1)
    top = contenders[np.arange(len(best)), best]
    wins = (top >= DOMINANT_THRESHOLD) & (top >= none)
    return [
        Emotions(
            {k: round(v, 4) for k, v in zip(EMOTIONS, row, strict=True)},
            EMOTIONS[b] if won else "none",
        )
        for row, b, won in zip(scores.tolist(), best.tolist(), wins.tolist(), strict=True)
    ]
