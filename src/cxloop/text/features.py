"""Turning texts into sparse feature rows, identically at training and at prediction time.

Why hashing and characters: word segmentation (jieba) of every text costs more than the whole rest of
the analysis, while character 1-3-grams carry most of the signal for Chinese sentiment and need no
vocabulary to load. English uses word 1-2-grams plus character 2-4-grams within words. Features are
hashed into a fixed space (murmurhash, seed 0, as scikit-learn's ``HashingVectorizer``), weighted by
sublinear tf x idf and L2-normalised; the idf values travel with the model as plain arrays.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from cxloop.text.hashing import char_ngram_counts

N_FEATURES = 2**20
_MENTION_URL = re.compile(r"@\w+|https?://\S+|www\.\S+")
_CURLY = re.compile("[\u2018\u2019\u02bc]")
_STRAIGHT = str.maketrans("\u2018\u2019\u02bc", "'" * 3)


def fold_apostrophes(text: str) -> str:
    """Curly apostrophes (as phones type them) as the straight one, one character for one.

    Why: "won\u2019t" is "won't" to a reader; lexicon rows and the training tweets are mostly written
    with the straight one, and offsets into the original text must stay valid.
    """
    return text.translate(_STRAIGHT) if _CURLY.search(text) else text


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), BOM removed, curly apostrophes straightened, @handles and
    links dropped, lower case."""
    text = fold_apostrophes(unicodedata.normalize("NFKC", text.replace("\ufeff", "")))
    return _MENTION_URL.sub(" ", text).lower()


class Featurizer:
    """Hashes texts of one language into ``N_FEATURES`` columns; ``kind`` is ``zh`` or ``en``."""

    def __init__(self, kind: str, n_features: int = N_FEATURES) -> None:
        self.kind = kind
        self.n_features = n_features
        common: dict[str, Any] = {
            "n_features": n_features,
            "alternate_sign": False,
            "norm": None,
            "lowercase": False,
            "dtype": np.float32,
        }
        # zh: character 1-3-grams through cxloop.text.hashing, the same columns as
        # HashingVectorizer(analyzer="char", ngram_range=(1, 3)) at a third of the time.
        self._vecs: list[HashingVectorizer] = []
        if kind == "en":
            self._vecs = [
                HashingVectorizer(
                    analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b|[!?]", **common
                ),
                HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), **common),
            ]
        elif kind != "zh":
            raise ValueError(f"unknown featurizer kind {kind!r}")

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw hashed counts (before idf), one row per text."""
        norm = [normalise(t) for t in texts]
        if self.kind == "zh":
            return char_ngram_counts(norm, (1, 3), self.n_features)
        x = self._vecs[0].transform(norm)
        for v in self._vecs[1:]:
            x = x + v.transform(norm)
        return sp.csr_matrix(x, dtype=np.float32)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf (1 + log tf) times idf, rows L2-normalised; returns a new matrix."""
    x = sp.csr_matrix(counts, dtype=np.float32, copy=True)
    x.data = ((1.0 + np.log(x.data)) * idf[x.indices]).astype(np.float32)
    # row norms on the data array directly: scipy's multiply/sum/diags route built three matrices
    per_row = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), per_row)
    sq = np.bincount(rows, weights=np.square(x.data, dtype=np.float64), minlength=x.shape[0])
    scale = np.where(sq > 0, 1.0 / np.sqrt(np.maximum(sq, 1e-12)), 0.0).astype(np.float32)
    x.data *= np.repeat(scale, per_row)
    return x


def fit_idf(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed idf as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
