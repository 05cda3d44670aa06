"""Training the sentiment models: Chinese (reviews of many domains) and English (airline tweets).

Why several domains and a lexicon column: a character model trained on hotels alone ranks other
domains well but misplaces its threshold (0.53 accuracy cross-domain). Training on every available
review domain with balanced classes, and giving the model a negation-aware lexicon score as extra
columns, keeps the negative/not-negative decision steadier on a domain it never saw.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cxloop.text.lexicon import Lexicons, load_lexicons, sentiment_masses
from cxloop.text.linear import LinearTextModel
from cxloop.text.sentiment import lexicon_columns


def lexicon_features(texts: Sequence[str], lexicons: Lexicons | None = None) -> np.ndarray:
    lex = lexicons or load_lexicons()
    return lexicon_columns(sentiment_masses(texts, lex.sentiment))


def fit_sentiment(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    kind: str,
    C: float = 3.0,
    class_weight: str | None = "balanced",
    meta: dict[str, object] | None = None,
    lexicons: Lexicons | None = None,
    sample_weight: np.ndarray | None = None,
    nb_alpha: float | None = None,
) -> LinearTextModel:
    """A sentiment model over character/word n-grams plus the two lexicon columns.

    Two classes are fitted with liblinear (a few times faster than Newton steps on these sparse
    problems, which keeps the retraining in ``targets.py`` affordable); more classes need the
    multinomial loss of newton-cg.
    """
    solver = "liblinear" if len(set(labels)) == 2 else "newton-cg"
    model = LinearTextModel(kind, C=C, class_weight=class_weight, solver=solver, nb_alpha=nb_alpha)
    return model.fit(
        texts, labels, lexicon_features(texts, lexicons), sample_weight=sample_weight, meta=meta
    )


def negative_probability(model: LinearTextModel, texts: Sequence[str]) -> np.ndarray:
    proba = model.predict_proba(texts, lexicon_features(texts))
    return proba[:, list(model.classes_).index("negative")]
