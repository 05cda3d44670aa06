"""Stratified folds with a fixed seed, shared by the measured targets and organisation training."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FOLDS = 5
SEED = 0


def stratified_folds(labels: Sequence[str], k: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """A fold number per row, classes spread evenly; rows are shuffled first (the hotel file is
    sorted by label)."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(labels), dtype=int)
    arr = np.asarray(labels)
    for lab in sorted(set(labels)):
        idx = np.flatnonzero(arr == lab)
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % k
    return fold
