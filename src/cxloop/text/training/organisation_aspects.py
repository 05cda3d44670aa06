"""Organisation aspect words, learned from people's aspect labels (``cxloop text train --data``).

Why words and not weights: aspect detection is lexicon evidence, so that every aspect points at the
words that triggered it, and an organisation extends it with its own vocabulary (不动产登记, 充电桩)
without retraining. What people's labels can teach is which of their words name an aspect: a word
that appears in at least ``MIN_SUPPORT`` training items labelled with an aspect, and in items with
that label at least ``MIN_PRECISION`` of the times it appears at all (a confidence bound, and at
least ``MIN_GAIN`` above the aspect's share of all items), becomes a lexicon row of the new model version (``lexicons/aspects_zh.tsv`` / ``aspects_en.tsv`` in its directory, plain files
that staff can read and edit). Words the lexicon already has are not learned again, nor words in
which it already finds the aspect (二号电梯 when 电梯 is a facilities row).

Candidates are jieba's words and, since 2026-12-04, runs of two or three of its tokens (丰/巢,
随/申办, 苏/康/码). Why: the words an organisation most needs to teach are its own names of things
(its parcel lockers, its app, its health code), and jieba's dictionary does not hold them, so
without runs they could never be learned. A run holding a function word (的, 了, 不) names
nothing and is not a candidate. Of nested candidates that pass, the set kept is the one a
matcher needs: a shorter word found almost only inside a longer one gives way to it (申办 only
inside 随申办), and a longer one whose shorter part is learned as well is redundant (丰巢柜 beside 丰巢).

As for sentiment, a stratified 20% is held out (seed 0); the current and the new analyzer detect
aspects on it, and the new version is activated only when its micro-F1 is not lower (or when
forced). Labels are aspect keys of the taxonomy, several per item separated by ``;`` (what
``cxloop corrections export --field aspect`` writes, and what ``cxloop text evaluate --task
aspects`` reads).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from cxloop.text.analyzer import ACTIVE, LEXICON_SUBDIR, Analyzer
from cxloop.text.lexicon import TermMatcher
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
MAX_RUN_CHARS = 5
"""Longest run of jieba tokens taken as a candidate: organisations' own names are short (丰巢,
随申办, 一网通办), and longer runs are phrases that match no other text."""
NESTED_SHARE = 0.9
_FUNCTION_TOKENS = frozenset(
    {
        *"的了着过地得是在和与及或也都就又还很太更最不没被把给让跟对从向吗呢吧啊呀哦嘛我你他她它这那有要会能说",
        *("没有", "我们", "你们", "他们", "这个", "那个", "一个"),
    }
)
"""Tokens a new-word run may not hold: grammar, pronouns and particles."""
_SEPARATORS = re.compile(r"[;；,，|/\s]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_WORD = re.compile(r"[a-z][a-z'\-]{2,}")
_EN_TOKEN = re.compile(r"[a-z0-9][a-z0-9'\-]*")


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
    Chinese character, runs of two or three jieba tokens (up to :data:`MAX_RUN_CHARS` characters)
    with no function word in them, and English words of three or more letters that are not
    function words, alone and with the next word when that is none either ("hive box")."""
    import jieba

    low = text.lower()
    tokens = jieba.lcut(low, HMM=False)
    words = {w for w in tokens if len(w) >= 2 and _CJK.search(w)}
    for i, first in enumerate(tokens):
        if not _CJK.fullmatch(first[0]) or first in _FUNCTION_TOKENS:
            continue
        run = first
        for token in tokens[i + 1 : i + 3]:
            if not _CJK.fullmatch(token[0]) or token in _FUNCTION_TOKENS:
                break
            run += token
            if len(run) > MAX_RUN_CHARS:
                break
            words.add(run)
    english = _EN_TOKEN.findall(low)
    for i, w in enumerate(english):
        if w in ENGLISH_STOP_WORDS or not _EN_WORD.fullmatch(w):
            continue
        words.add(w)
        after = english[i + 1] if i + 1 < len(english) else ""
        if _EN_WORD.fullmatch(after) and after not in ENGLISH_STOP_WORDS:
            words.add(f"{w} {after}")  # "hive box", "parking app"
    return words


def _inside(word: str, longer: str) -> bool:
    """Whether ``word`` is part of ``longer``: a substring in Chinese, whole words in English (app
    is not part of apple)."""
    if _CJK.search(word):
        return word in longer
    return f" {word} " in f" {longer} "


def learn_words(
    texts: Sequence[str], labels: Sequence[frozenset[str]], lexicon: TermMatcher
) -> dict[str, list[tuple[str, int, float]]]:
    """Per aspect key: (word, items with the key holding it, precision), best supported first.

    ``lexicon`` is the aspect lexicon the words would join. A word inside one of its terms in a text
    is not counted there (申办 in 随申办: the longer term matches first, so the word would only ever
    fire elsewhere), and a word in which it finds the aspect already teaches nothing."""
    holding: Counter[str] = Counter()
    with_key: dict[str, Counter[str]] = {k: Counter() for k in ASPECTS}
    for text, keys in zip(texts, labels, strict=True):
        terms = [hit.text.lower() for hit in lexicon.find(text)]
        words = {w for w in candidate_words(text) if not any(_inside(w, t) for t in terms)}
        holding.update(words)
        for k in keys:
            with_key[k].update(words)
    base = Counter(k for keys in labels for k in keys)
    found: dict[str, set[str]] = {}  # the aspect keys the lexicon finds in a word, once per word

    def finds(word: str) -> set[str]:
        if word not in found:
            found[word] = {k for hit in lexicon.find(word) for k in hit.values}
        return found[word]

    learned: dict[str, list[tuple[str, int, float]]] = {}
    for key, counts in with_key.items():
        floor = max(MIN_PRECISION, base[key] / max(len(labels), 1) + MIN_GAIN)
        rows = [
            (w, n, n / holding[w])
            for w, n in counts.items()
            if n >= MIN_SUPPORT
            and w not in lexicon
            and key not in finds(w)
            and _share_at_least(n, holding[w]) >= floor
        ]
        rows = _nested_kept(rows, holding)
        rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
        if rows:
            learned[key] = rows[:MAX_TERMS_PER_ASPECT]
    return learned


def _nested_kept(
    rows: list[tuple[str, int, float]], holding: Counter[str]
) -> list[tuple[str, int, float]]:
    """The rows a matcher needs of nested candidates (see the module's docstring): first a word
    that appears almost only inside a longer passing word (in :data:`NESTED_SHARE` of its items)
    gives way to it, then a word that contains a kept shorter one is dropped."""
    words = [w for w, _, _ in rows]
    inside = {
        w
        for w in words
        if any(w != o and _inside(w, o) and holding[o] >= NESTED_SHARE * holding[w] for o in words)
    }
    kept = [w for w in words if w not in inside]
    minimal = {w for w in kept if not any(o != w and _inside(o, w) for o in kept)}
    return [r for r in rows if r[0] in minimal]


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
