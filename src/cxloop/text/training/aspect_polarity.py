"""The aspect polarity re-scorer: learned from labelled aspect polarities on top of the rules.

Why learn at all: the rules of :mod:`cxloop.text.aspects` read a window's structure (negation,
comparisons, scale nouns) but every sentiment word counts as a verdict, while labelled review data
calls 价格也很合理 or 交通方便 a mention rather than praise; which words judge how strongly is what a
small linear model over the rules' own reading learns from data, and no rule should. The model
sees, per detected aspect, the rules' verdict and evidence (:class:`~cxloop.text.aspects.
PolarityInput`), the window's character n-grams and the sentiment scores; it is trained on the
aspects the analyzer detects in the AI Challenger 2018 restaurant subset and their gold polarity.

Honest figures: :func:`cross_validated` retrains the re-scorer per fold of ROWS (a review's aspects
stay in one fold) and scores it and the rules on the same held-out rows; the model that
``cxloop text train --aspect-rescorer`` builds (:func:`fit_restaurant`) has seen every row and is
never used to measure itself. It is not bundled: it learns this data's labelling habits and reads
other domains worse (MODEL_CARD.md, ``scripts/text/rescorer_hotels.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cxloop.text.analyzer import MODEL_FILES, Analyzer
from cxloop.text.aspects import (
    POLARITY_FEATURES,
    POLARITY_MODEL_FILE,
    PolarityInput,
    PolarityModel,
    polarity_counts,
    polarity_extras,
)
from cxloop.text.linear import LinearTextModel
from cxloop.text.result import TextAnalysis
from cxloop.text.training import datasets
from cxloop.text.training.metrics import score

POLARITY_C = 1.0
"""Inverse regularisation of the re-scorer; chosen with cross-validation on the even rows only."""
LABELS = ["negative", "neutral", "positive"]
FOLDS = 5
SEED = 0
DATA_SOURCE = "ai_challenger_2018_fsauor subset (1,000 restaurant reviews, all rows)"
LICENCE = "AI Challenger 2018: non-commercial research or teaching only"


class _Recorder:
    """A re-scorer that keeps what the rules saw and changes nothing (to collect training inputs)."""

    def __init__(self) -> None:
        self.inputs: list[PolarityInput] = []

    def predict(self, inputs: Sequence[PolarityInput]) -> list[str]:
        self.inputs.extend(inputs)
        return [x.rule for x in inputs]


def readings(
    analyzer: Analyzer, texts: Sequence[str]
) -> tuple[list[TextAnalysis], list[list[PolarityInput]]]:
    """The analyses (polarity by the rules alone) and, per text, the rules' reading of each of its
    Chinese aspects, in the order of ``analysis.aspects``.

    The analyzer is run as shipped with a recorder in the re-scorer's place, so the inputs are
    exactly those the analyzer hands a re-scorer at prediction time.
    """
    recorder = _Recorder()
    saved = getattr(analyzer, "aspect_polarity_", None)
    analyzer.aspect_polarity_ = recorder
    try:
        results = analyzer.analyze_batch(list(texts))
    finally:
        analyzer.aspect_polarity_ = saved
    it = iter(recorder.inputs)
    out: list[list[PolarityInput]] = []
    for res in results:
        mine = []
        if res.language == "zh":
            for aspect in res.aspects:
                x = next(it)
                if x.key != aspect.key:
                    raise RuntimeError("re-scorer inputs out of step with the analyzer's aspects")
                mine.append(x)
        out.append(mine)
    return results, out


def labelled_examples(
    rows: Sequence[datasets.AspectRow], per_text: Sequence[Sequence[PolarityInput]]
) -> tuple[list[PolarityInput], list[str], np.ndarray]:
    """Detected aspects that the data labels: the rules' readings, gold polarity, row of each."""
    inputs: list[PolarityInput] = []
    gold: list[str] = []
    row_of: list[int] = []
    for i, (row, found) in enumerate(zip(rows, per_text, strict=True)):
        for x in found:
            if x.key in row.aspects:
                inputs.append(x)
                gold.append(row.aspects[x.key])
                row_of.append(i)
    return inputs, gold, np.asarray(row_of, dtype=int)


def restaurant_examples(
    data: Path | None = None, analyzer: Analyzer | None = None
) -> tuple[list[PolarityInput], list[str], np.ndarray]:
    """:func:`labelled_examples` of the restaurant subset."""
    rows = datasets.restaurant_aspects(data)
    _, per_text = readings(analyzer or Analyzer.load(), [r.text for r in rows])
    return labelled_examples(rows, per_text)


def fit_polarity(
    inputs: Sequence[PolarityInput],
    labels: Sequence[str],
    *,
    C: float = POLARITY_C,
    meta: dict[str, Any] | None = None,
) -> PolarityModel:
    """A 3-class logistic regression (multinomial) over the window n-grams and the extras, fitted
    on the aspects no window's words judge: the only ones :class:`PolarityModel` re-scores.

    No class weights: the target is accuracy on the natural mix of polarities.
    """
    mine = [i for i, x in enumerate(inputs) if not x.words_decide]
    if len({labels[i] for i in mine}) < 2:
        raise ValueError("the aspects left to the re-scorer need at least two polarities")
    chosen = [inputs[i] for i in mine]
    model = LinearTextModel("zh", C=C, class_weight=None)
    model.fit(
        ["".join(x.windows) for x in chosen],
        [labels[i] for i in mine],
        polarity_extras(chosen),
        counts=polarity_counts(model.featurizer(), chosen),
        meta={"features": POLARITY_FEATURES, "trained_on_aspects": len(mine), **(meta or {})},
    )
    return PolarityModel(model)


def row_folds(n_rows: int, k: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """A fold per row, seeded shuffle: all aspects of a review fall in the same fold."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_rows)
    fold = np.zeros(n_rows, dtype=int)
    fold[order] = np.arange(n_rows) % k
    return fold


def cross_validated(
    inputs: Sequence[PolarityInput],
    gold: Sequence[str],
    row_of: np.ndarray,
    n_rows: int,
    *,
    C: float = POLARITY_C,
    log: Callable[[str], None] = print,
) -> tuple[dict[str, Any], list[str]]:
    """Rules vs re-scorer on the same held-out rows (figures per fold, pooled, on even and odd
    rows) and the re-scorer's out-of-fold polarity of every aspect.

    Each fold's re-scorer is trained on the other folds' aspects only. Even and odd rows are given
    apart because the rules were improved by reading errors of even rows only.
    """
    folds = row_folds(n_rows)[row_of]
    pred = np.empty(len(inputs), dtype=object)
    per_fold = []
    for k in range(FOLDS):
        train = np.flatnonzero(folds != k).tolist()
        test = np.flatnonzero(folds == k).tolist()
        model = fit_polarity([inputs[i] for i in train], [gold[i] for i in train], C=C)
        pred[test] = model.predict([inputs[i] for i in test])
        y = [gold[i] for i in test]
        rules = score(y, [inputs[i].rule for i in test], LABELS)
        learned = score(y, [str(pred[i]) for i in test], LABELS)
        per_fold.append(
            {
                "fold": k,
                "n": len(test),
                "rules": {"accuracy": rules.accuracy, "macro_f1": rules.macro_f1},
                "rescorer": {"accuracy": learned.accuracy, "macro_f1": learned.macro_f1},
            }
        )
        log(f"  polarity fold {k}: rules {rules.accuracy:.4f}, re-scorer {learned.accuracy:.4f}")
    predicted = [str(p) for p in pred]
    even = [i for i in range(len(inputs)) if row_of[i] % 2 == 0]
    odd = [i for i in range(len(inputs)) if row_of[i] % 2 == 1]
    scored = [i for i, x in enumerate(inputs) if not x.words_decide]

    def part(idx: list[int], labels: Sequence[str]) -> dict[str, Any]:
        s = score([gold[i] for i in idx], [labels[i] for i in idx], LABELS)
        return {"n": s.n, "accuracy": s.accuracy, "macro_f1": s.macro_f1}

    rules_all = [x.rule for x in inputs]
    figures = {
        "folds": FOLDS,
        "C": C,
        "per_fold": per_fold,
        "rescorer_pooled": score(gold, predicted, LABELS).to_dict(),
        "rules_pooled": score(gold, rules_all, LABELS).to_dict(),
        "even_rows": {"rules": part(even, rules_all), "rescorer": part(even, predicted)},
        "odd_rows": {"rules": part(odd, rules_all), "rescorer": part(odd, predicted)},
        "not_judged_by_words": {
            "rules": part(scored, rules_all),
            "rescorer": part(scored, predicted),
        },
    }
    return figures, predicted


def fit_restaurant(
    data: Path | None = None, analyzer: Analyzer | None = None
) -> tuple[PolarityModel, int]:
    """The re-scorer as ``cxloop text train --aspect-rescorer`` builds it: fitted on every labelled
    detected aspect of the restaurant subset."""
    inputs, gold, _ = restaurant_examples(data, analyzer)
    meta = {"data": DATA_SOURCE, "licence": LICENCE}
    model = fit_polarity(inputs, gold, meta=meta)
    return model, int(model.model.meta_["trained_on_aspects"])


def build(output_dir: Path, data: Path | None = None) -> dict[str, Any]:
    """Write the re-scorer into ``output_dir``; returns its entry for ``manifest.json``.

    The rules' readings are taken with the sentiment models already written to ``output_dir``
    (those the re-scorer will be used with; the bundled ones for any file missing there).
    """
    analyzer = Analyzer.load()
    analyzer.models_ = {
        **analyzer.models_,
        **{
            name: LinearTextModel.load(output_dir / f"{name}.npz")
            for name in MODEL_FILES
            if (output_dir / f"{name}.npz").is_file()
        },
    }
    model, n = fit_restaurant(data, analyzer)
    model.model.save(output_dir / POLARITY_MODEL_FILE)
    return {
        "data": [DATA_SOURCE],
        "rows": n,
        "unit": "detected aspects with a gold polarity that no window's words judge",
        "C": POLARITY_C,
        "features": POLARITY_FEATURES,
        "labels": "negative / neutral / positive",
        "licence": LICENCE,
    }
