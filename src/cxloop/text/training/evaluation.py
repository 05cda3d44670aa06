"""``cxloop text evaluate``: score the active model against a labelled file."""

from __future__ import annotations

from pathlib import Path

from cxloop.text.analyzer import Analyzer
from cxloop.text.result import ASPECTS, EMOTIONS, FEEDBACK_TYPES, NO_ASPECT
from cxloop.text.training.datasets import SMP_TO_EMOTION
from cxloop.text.training.io import InputError, iter_records
from cxloop.text.training.metrics import micro_f1, score
from cxloop.text.training.organisation import sentiment_label
from cxloop.text.training.organisation_aspects import aspect_label_set

BATCH = 2000


def _gold(task: str, raw: object, path: Path, line: int, column: str) -> str | set[str]:
    value = "" if raw is None else str(raw).strip()
    if task == "sentiment":
        label = sentiment_label(value)
        if label is None:
            raise InputError(
                path, f"{value!r} is not a sentiment label or 1-5 rating", line=line, column=column
            )
        return label
    if task == "aspects":
        keys = aspect_label_set(value) if value else frozenset()
        if keys is None:
            raise InputError(
                path,
                f"{value!r} is not a list of aspect keys ({', '.join(ASPECTS)}) or {NO_ASPECT}",
                line=line,
                column=column,
            )
        return set(keys)
    if task == "emotion":
        low = value.lower()
        if low in SMP_TO_EMOTION:
            return SMP_TO_EMOTION[low] or "none"
        if low in (*EMOTIONS, "none"):
            return low
        raise InputError(
            path,
            f"{value!r} is not an emotion ({', '.join(EMOTIONS)}, none)",
            line=line,
            column=column,
        )
    if value.lower() not in FEEDBACK_TYPES:
        raise InputError(
            path, f"{value!r} is not a type ({', '.join(FEEDBACK_TYPES)})", line=line, column=column
        )
    return value.lower()


def evaluate_file(
    analyzer: Analyzer, path: Path, text_column: str, label_column: str, task: str
) -> str:
    """A markdown report: n, accuracy, macro-F1 and the confusion matrix (per-key counts for aspects)."""
    texts: list[str] = []
    gold: list[str | set[str]] = []
    for line, rec in iter_records(Path(path), (text_column, label_column)):
        text = rec.get(text_column)
        if text is None or not str(text).strip():
            continue
        texts.append(str(text))
        gold.append(_gold(task, rec.get(label_column), Path(path), line, label_column))
    if not texts:
        raise InputError(Path(path), "no labelled rows")
    results = []
    for i in range(0, len(texts), BATCH):
        results.extend(analyzer.analyze_batch(texts[i : i + BATCH]))
    lines = [f"# {task} on {path} ({len(texts)} rows, model {analyzer.version})", ""]
    if task == "aspects":
        true_sets = [g if isinstance(g, set) else {g} for g in gold]
        pred_sets = [set(r.aspect_keys) for r in results]
        prec, recall, f1 = micro_f1(true_sets, pred_sets)
        exact = sum(t == p for t, p in zip(true_sets, pred_sets, strict=True)) / len(texts)
        keys = sorted(set().union(*true_sets, *pred_sets))
        per_key = []
        f1s = []
        for k in keys:
            tp = sum(k in t and k in p for t, p in zip(true_sets, pred_sets, strict=True))
            fp = sum(k not in t and k in p for t, p in zip(true_sets, pred_sets, strict=True))
            fn = sum(k in t and k not in p for t, p in zip(true_sets, pred_sets, strict=True))
            kf1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
            f1s.append(kf1)
            per_key.append(f"| {k} | {tp} | {fp} | {fn} | {kf1:.4f} |")
        macro = sum(f1s) / len(f1s) if f1s else 0.0
        lines += [
            f"accuracy (exact set): {exact:.4f}",
            f"macro-F1 (per key): {macro:.4f}",
            f"micro precision / recall / F1: {prec:.4f} / {recall:.4f} / {f1:.4f}",
            "",
            "| aspect | true positive | false positive | false negative | F1 |",
            "|---|---|---|---|---|",
            *per_key,
        ]
        return "\n".join(lines) + "\n"
    if task == "sentiment":
        pred = [r.sentiment.label for r in results]
        labels = ["negative", "neutral", "positive"]
    elif task == "emotion":
        pred = [r.emotions.dominant for r in results]
        labels = [*EMOTIONS, "none"]
    else:
        pred = [r.type.label for r in results]
        labels = list(FEEDBACK_TYPES)
    gold_str = [str(g) for g in gold]
    s = score(gold_str, pred, labels)
    lines += [f"accuracy: {s.accuracy:.4f}", f"macro-F1: {s.macro_f1:.4f}"]
    if task == "sentiment":
        b = score(
            ["negative" if g == "negative" else "not" for g in gold_str],
            ["negative" if p == "negative" else "not" for p in pred],
            ["negative", "not"],
        )
        lines.append(f"negative vs not: accuracy {b.accuracy:.4f}, macro-F1 {b.macro_f1:.4f}")
    lines += ["", s.markdown()]
    return "\n".join(lines) + "\n"
