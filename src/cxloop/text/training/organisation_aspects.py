"""Organisation aspect words, learned from people's aspect labels (``cxloop text train --data``).

Why words and not weights: aspect detection is lexicon evidence, so that every aspect points at the
words that triggered it, and an organisation extends it with its own vocabulary (不动产登记, 充电桩)
without retraining. What people's labels can teach is which of their words name an aspect: a word
that appears in at least ``MIN_SUPPORT`` training items labelled with an aspect, and in items with
that label at least ``MIN_PRECISION`` of the times it appears at all (a confidence bound, and at
least ``MIN_GAIN`` above the aspect's share of all items), becomes a lexicon row of the new model version (``lexicons/aspects_zh.tsv`` / ``aspects_en.tsv`` in its directory, plain files
that staff can read and edit). Words the lexicon already has are not learned again.

As for sentiment, a stratified 20% is held out (seed 0); the current and the new analyzer detect
aspects on it, and the new version is activated only when its micro-F1 is not lower (or when
forced). Labels are aspect keys of the taxonomy, several per item separated by ``;`` (what
``cxloop corrections export --field aspect`` writes, and what ``cxloop text evaluate --task
aspects`` reads).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from cxloop.text.analyzer import ACTIVE, LEXICON_SUBDIR, Analyzer
from cxloop.text.result import ASPECTS, NO_ASPECT
from cxloop.text.training.io import InputError, iter_records
from cxloop.text.training.metrics import micro_f1

MIN_SUPPORT = 3
"""Training items with the aspect that must hold a word before it is learned."""
MIN_PRECISION = 0.7
"""Share of the items holding a word that must carry the aspect, as a lower confidence bound
(Wilson, 90% two-sided): 7 of 7 items pass, 3 of 3 or 8 of 9 do not. Why a bound: with a handful
of items a word's share is mostly chance (大麦茶 in 4 of 4 reviews that mention waiting)."""
CONFIDENCE = 0.9
MIN_GAIN = 0.2
"""How far above the aspect's share of all training items that precision must be: where most items
carry an aspect (every restaurant review talks about the food), any common word (我们, 非常)
reaches 70% by chance and names nothing."""
MAX_TERMS_PER_ASPECT = 30
_SEPARATORS = re.compile(r"[;；,，|/\s]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_WORD = re.compile(r"[a-z][a-z'\-]{2,}")


def aspect_label_set(raw: Any) -> frozenset[str] | None:
    """The aspect keys of a label (``timeliness;attitude``; ``none`` for a text about no aspect,
    the empty set), or None if it is not one."""
    if raw is None:
        return None
    keys = frozenset(k for k in _SEPARATORS.split(str(raw).strip().lower()) if k)
    if keys == {NO_ASPECT}:
        return frozenset()
    return keys if keys and keys <= set(ASPECTS) else None


def read_aspect_labelled(
    path: Path, text_column: str, label_column: str
) -> tuple[list[str], list[frozenset[str]]] | None:
    """Texts and aspect label sets, or None when the first label is not an aspect label (the file
    then holds sentiment labels). A later label that is no aspect key is an error naming its line;
    rows of the same text are one item with the union of their labels."""
    texts: list[str] = []
    labels: list[frozenset[str]] = []
    for line, rec in iter_records(path, (text_column, label_column)):
        text = rec.get(text_column)
        if text is None or not str(text).strip():
            continue
        raw = rec.get(label_column)
        if raw is None or not str(raw).strip():
            continue  # an unlabelled row teaches no aspect words
        keys = aspect_label_set(raw)
        if keys is None:
            if not labels:
                return None
            raise InputError(
                path,
                f"label {rec.get(label_column)!r} is not a list of aspect keys "
                f"({', '.join(ASPECTS)})",
                line=line,
                column=label_column,
            )
        texts.append(str(text))
        labels.append(keys)
    if not labels:
        return None
    # one item per text: a file with a row per label (the same text twice) must not make a word
    # look shared between aspects
    merged: dict[str, frozenset[str]] = {}
    for text, keys in zip(texts, labels, strict=True):
        merged[text] = merged.get(text, frozenset()) | keys
    return list(merged), list(merged.values())


def candidate_words(text: str) -> set[str]:
    """Words of a text that could name an aspect: jieba words of two or more characters with a
    Chinese character, English words of three or more letters that are not function words."""
    import jieba

    low = text.lower()
    words = {w for w in jieba.lcut(low, HMM=False) if len(w) >= 2 and _CJK.search(w)}
    words |= {w for w in _EN_WORD.findall(low) if w not in ENGLISH_STOP_WORDS}
    return words


def learn_words(
    texts: Sequence[str], labels: Sequence[frozenset[str]], known: Container[str]
) -> dict[str, list[tuple[str, int, float]]]:
    """Per aspect key: (word, items with the key holding it, precision), best supported first."""
    holding: Counter[str] = Counter()
    with_key: dict[str, Counter[str]] = {k: Counter() for k in ASPECTS}
    for text, keys in zip(texts, labels, strict=True):
        words = candidate_words(text)
        holding.update(words)
        for k in keys:
            with_key[k].update(words)
    base = Counter(k for keys in labels for k in keys)
    learned: dict[str, list[tuple[str, int, float]]] = {}
    for key, counts in with_key.items():
        floor = max(MIN_PRECISION, base[key] / max(len(labels), 1) + MIN_GAIN)
        rows = [
            (w, n, n / holding[w])
            for w, n in counts.items()
            if n >= MIN_SUPPORT and w not in known and _share_at_least(n, holding[w]) >= floor
        ]
        rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
        if rows:
            learned[key] = rows[:MAX_TERMS_PER_ASPECT]
    return learned


def _share_at_least(k: int, n: int) -> float:
    """Lower Wilson bound of the share ``k / n`` at :data:`CONFIDENCE`."""
    from scipy.stats import binomtest

    return float(binomtest(k, n).proportion_ci(CONFIDENCE, method="wilson").low)


def write_learned(directory: Path, learned: dict[str, list[tuple[str, int, float]]]) -> int:
    """Append the learned rows to the version's own aspect lexicons; returns the rows written."""
    folder = directory / LEXICON_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for lang in ("zh", "en"):
        rows = [
            (key, w, support, precision)
            for key, words in learned.items()
            for w, support, precision in words
            if bool(_CJK.search(w)) == (lang == "zh")
        ]
        if not rows:
            continue
        path = folder / f"aspects_{lang}.tsv"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"# learned by cxloop text train from {directory.name}: key, word\n")
            for key, w, support, precision in rows:
                fh.write(f"# {w}: {support} items labelled {key}, precision {precision:.2f}\n")
                fh.write(f"{key}\t{w}\n")
                n += 1
    return n


def detection(
    analyzer: Analyzer, texts: Sequence[str], gold: Sequence[frozenset[str]]
) -> DetectionScores:
    found = [set(a.aspect_keys) for a in analyzer.analyze_batch(list(texts))]
    p, r, f1 = micro_f1([set(g) for g in gold], found)
    return DetectionScores(len(texts), p, r, f1)


@dataclass(frozen=True)
class DetectionScores:
    """Micro precision, recall and F1 of aspect detection on ``n`` held-out items."""

    n: int
    precision: float
    recall: float
    micro_f1: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AspectTrainReport:
    version: str
    directory: Path
    activated: bool
    reason: str
    current: DetectionScores
    candidate: DetectionScores
    rows: int
    learned: dict[str, list[tuple[str, int, float]]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": "aspects",
            "version": self.version,
            "activated": self.activated,
            "reason": self.reason,
            "rows": self.rows,
            "held_out": self.current.n,
            "current": self.current.to_dict(),
            "candidate": self.candidate.to_dict(),
            "learned": {k: [w for w, _, _ in v] for k, v in self.learned.items()},
        }

    def markdown(self) -> str:
        learned = [
            f"- {key}: " + ", ".join(f"{w} ({n}, {p:.2f})" for w, n, p in words)
            for key, words in self.learned.items()
        ] or ["- none (no word met the support and precision thresholds)"]
        return "\n".join(
            [
                f"# Evaluation of {self.version} (aspects)",
                "",
                f"{self.rows} labelled rows; {self.current.n} held out (stratified 20%, seed 0).",
                "",
                "| model | precision | recall | micro-F1 |",
                "|---|---|---|---|",
                f"| current | {self.current.precision:.4f} | {self.current.recall:.4f} | "
                f"{self.current.micro_f1:.4f} |",
                f"| candidate | {self.candidate.precision:.4f} | {self.candidate.recall:.4f} | "
                f"{self.candidate.micro_f1:.4f} |",
                "",
                f"Activated: {'yes' if self.activated else 'no'} ({self.reason}).",
                "",
                f"Words learned (items with the aspect, precision; at least {MIN_SUPPORT} items, "
                f"precision {MIN_PRECISION:.0%} at {CONFIDENCE:.0%} confidence and "
                f"{MIN_GAIN:.0%} above the aspect's share):",
                "",
                *learned,
                "",
            ]
        )


def train_organisation_aspects(
    data: Path,
    output_dir: Path,
    texts: list[str],
    labels: list[frozenset[str]],
    *,
    version: str,
    force: bool = False,
) -> AspectTrainReport:
    """Learn aspect words on 80%, compare detection on the held-out 20%, write, activate if not
    worse. ``version`` is the new directory's name (chosen by the caller, as for sentiment)."""
    from cxloop.text.training.organisation import activation, record, split

    train_idx, test_idx = split([";".join(sorted(k)) for k in labels])
    current = Analyzer.load(output_dir if (output_dir / ACTIVE).is_file() else None)
    learned = learn_words(
        [texts[i] for i in train_idx], [labels[i] for i in train_idx], current.lexicons_.aspects
    )
    target = current.save(
        output_dir / version,
        version=version,
        extra={
            "base_version": current.version,
            "trained_on_org_data": {
                "file": str(data),
                "rows": len(train_idx),
                "task": "aspects",
            },
        },
    )
    write_learned(target, learned)
    candidate = Analyzer.load(target)
    held_texts = [texts[i] for i in test_idx]
    held = [labels[i] for i in test_idx]
    cur, new = detection(current, held_texts, held), detection(candidate, held_texts, held)
    activated, reason = activation(new.micro_f1 >= cur.micro_f1, force, "micro-F1")
    report = AspectTrainReport(version, target, activated, reason, cur, new, len(texts), learned)
    record(report, output_dir)
    return report
