"""Calibrating P(negative): Platt scaling folded into a binary model's weights, and its check.

Why fold it into the weights: a binary :class:`LinearTextModel` predicts through one difference of
two linear scores, so ``sigmoid(a * f + b)`` is again linear in the same features. Scaling the
weights by ``a`` and shifting the intercept by ``b`` gives calibrated probabilities with no extra
step (and no extra state) at prediction time.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cxloop.text.linear import LinearTextModel

BINS = 10


def fit_platt(scores: np.ndarray, is_positive: np.ndarray) -> tuple[float, float]:
    """(a, b) of ``P = sigmoid(a * score + b)`` by logistic regression on held-out scores."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=1e6, max_iter=1000)
    clf.fit(scores.reshape(-1, 1), is_positive.astype(int))
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])


def apply_platt(model: LinearTextModel, a: float, b: float, positive: str) -> LinearTextModel:
    """Rescale a two-class model in place so that its ``positive`` class gets ``sigmoid(a f + b)``.

    ``f`` is the model's logit of ``positive`` (score of ``positive`` minus the other's).
    """
    classes = list(model.classes_)
    if len(classes) != 2:
        raise ValueError("Platt scaling applies to two-class models only")
    j = classes.index(positive)
    model.coef_ = (model.coef_ * a).astype(np.float32)
    model.extra_coef_ = (model.extra_coef_ * a).astype(np.float32)
    shift = np.full(2, -b / 2, dtype=np.float32)
    shift[j] = b / 2
    model.intercept_ = (model.intercept_ * a + shift).astype(np.float32)
    model.meta_ = {**model.meta_, "platt": {"a": round(a, 6), "b": round(b, 6), "class": positive}}
    return model


def calibration_report(truth: np.ndarray, proba: np.ndarray, bins: int = BINS) -> dict[str, Any]:
    """Expected calibration error (equal-width bins), Brier score and the reliability table."""
    truth = truth.astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(proba, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    table = []
    for b in range(bins):
        mask = which == b
        if not mask.any():
            continue
        conf = float(proba[mask].mean())
        freq = float(truth[mask].mean())
        ece += mask.mean() * abs(conf - freq)
        table.append([round(conf, 3), round(freq, 3), int(mask.sum())])
    return {
        "ece": round(float(ece), 4),
        "brier": round(float(np.mean((proba - truth) ** 2)), 4),
        "reliability": table,
    }
