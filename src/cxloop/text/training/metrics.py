"""Accuracy, macro-F1 and a confusion matrix as plain numbers (for reports and the CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float
    macro_f1: float
    labels: list[str]
    confusion: list[list[int]]
    """rows: true label, columns: predicted label, both in ``labels`` order."""

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "labels": self.labels,
            "confusion": self.confusion,
        }

    def markdown(self) -> str:
        head = "| true \\ predicted | " + " | ".join(self.labels) + " |"
        sep = "|---" * (len(self.labels) + 1) + "|"
        rows = [
            f"| {lab} | " + " | ".join(str(c) for c in row) + " |"
            for lab, row in zip(self.labels, self.confusion, strict=True)
        ]
        return "\n".join([head, sep, *rows])


def score(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    labels: Sequence[str] | None = None,
    *,
    f1_labels: Sequence[str] | None = None,
) -> Scores:
    """Accuracy, macro-F1 over ``labels`` (default: every label seen) and the confusion matrix.

    ``f1_labels`` restricts the macro average to those labels (the confusion matrix keeps all):
    an organisation that labels only negative and positive is scored on those two, so one text
    read as neutral costs a row of accuracy and recall, not a third of the macro-F1.
    """
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred differ in length")
    labs = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    index = {lab: i for i, lab in enumerate(labs)}
    cm = np.zeros((len(labs), len(labs)), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        if t in index and p in index:
            cm[index[t], index[p]] += 1
    n = len(y_true)
    acc = float(np.trace(cm) / n) if n else 0.0
    f1s = []
    for i in range(len(labs)):
        if f1_labels is not None and labs[i] not in f1_labels:
            continue
        tp = cm[i, i]
        fp = cm[:, i].sum() - tp
        fn = cm[i, :].sum() - tp
        denom = 2 * tp + fp + fn
        if denom:  # a label neither true nor predicted anywhere does not count
            f1s.append(2 * tp / denom)
    return Scores(
        n, round(acc, 4), round(float(np.mean(f1s)) if f1s else 0.0, 4), labs, cm.tolist()
    )


def micro_f1(
    true_sets: Sequence[set[str]], pred_sets: Sequence[set[str]]
) -> tuple[float, float, float]:
    """(precision, recall, F1) over all (item, label) pairs."""
    tp = sum(len(t & p) for t, p in zip(true_sets, pred_sets, strict=True))
    fp = sum(len(p - t) for t, p in zip(true_sets, pred_sets, strict=True))
    fn = sum(len(t - p) for t, p in zip(true_sets, pred_sets, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return round(prec, 4), round(rec, 4), round(f1, 4)
