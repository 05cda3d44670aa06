"""The analyzer: bundled (or organisation) models + lexicons, applied to texts in batches.

Why one batch pipeline: per-text Python overhead is what limits throughput, so every model runs once
per batch and language on a sparse matrix (features are hashed once per text and reused by the
sentiment and emotion models), and aspect polarities are one more batched call over short windows.
The single-text :func:`analyze` is ``analyze_batch([text])[0]``, so both give identical results.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from cxloop.text import aspects as _aspects
from cxloop.text import emotion as _emotion
from cxloop.text import feedback_type as _type
from cxloop.text import sentiment as _sentiment
from cxloop.text.features import Featurizer
from cxloop.text.language import detect_language, majority_language
from cxloop.text.lexicon import (
    Hit,
    is_negation,
    load_lexicons,
    masses_from_hits,
    negated,
)
from cxloop.text.lexicon import sentiment_hits as lexicon_sentiment_hits
from cxloop.text.linear import LinearTextModel, softmax
from cxloop.text.result import EMOTIONS, Aspect, Evidence, FeedbackType, Sentiment, TextAnalysis

MODEL_VERSION = "cxloop-text-2026.12.7"
BUNDLED_DIR = Path(__file__).parent / "models"
MODEL_FILES = ("sentiment_zh", "sentiment_en", "emotion_zh")
ACTIVE = "ACTIVE"
LEXICON_SUBDIR = "lexicons"
_P_NEGATIVE_GIVEN: dict[str, float] = {
    "negative": _type.CLEAR_COMPLAINT,
    "neutral": 0.3,
    "positive": 0.0,
}
"""P(negative) a person's sentiment label stands for when the type is read again (:meth:`Analyzer.type_given`)."""
"""Folder of a model directory holding lexicon files that extend the bundled ones (learned words)."""


def resolve_model_dir(path: str | Path) -> Path:
    """A model directory itself, or an organisation directory whose ``ACTIVE`` names a version."""
    p = Path(path)
    pointer = p / ACTIVE
    if pointer.is_file():
        version = pointer.read_text(encoding="utf-8").strip()
        target = p / version
        if not (target / "manifest.json").is_file():
            raise FileNotFoundError(f"{pointer}: active version {version!r} has no manifest.json")
        return target
    if not (p / "manifest.json").is_file():
        raise FileNotFoundError(f"{p}: not a cxloop text model directory (no manifest.json)")
    return p


class Analyzer:
    """Sentiment, type, emotions, aspects, urgency and personal data for feedback texts.

    ``Analyzer().fit(texts, labels)`` trains the sentiment model for the texts' language on top of
    the bundled models (scikit-learn style: ``fit`` returns ``self``, learned state ends in ``_``);
    ``Analyzer.load(path)`` reads a model directory (or an organisation directory with ``ACTIVE``).
    ``extra_lexicon_dir`` adds an organisation's words to the bundled lexicons without retraining.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        extra_lexicon_dir: str | Path | None = None,
        use_transformers: bool | None = None,
    ) -> None:
        self.model_dir = model_dir
        self.extra_lexicon_dir = extra_lexicon_dir
        self.use_transformers = use_transformers

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, **kwargs: Any) -> Analyzer:
        return cls(path, **kwargs)._load()

    def _load(self) -> Analyzer:
        """Read the models: the named directory's files, the bundled ones for anything missing."""
        bundled = BUNDLED_DIR
        directory = resolve_model_dir(self.model_dir) if self.model_dir is not None else bundled
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        models: dict[str, LinearTextModel] = {}
        for name in MODEL_FILES:
            own = directory / f"{name}.npz"
            path = own if own.is_file() else bundled / f"{name}.npz"
            if path.is_file():
                models[name] = LinearTextModel.load(path)
        # an organisation model directory may carry words learned from its people's labels
        own = directory / LEXICON_SUBDIR
        self.own_lexicon_dir_ = own if directory != bundled and own.is_dir() else None
        extra = tuple(
            str(d) for d in (self.own_lexicon_dir_, self.extra_lexicon_dir) if d is not None
        )
        self.lexicons_ = load_lexicons(extra)
        self.models_ = models
        self.aspect_polarity_: _aspects.PolarityRescorer | None = _aspects.load_polarity_model(
            directory
        )
        self.manifest_ = manifest
        self.version_ = str(manifest.get("version", MODEL_VERSION))
        return self

    def _ready(self) -> None:
        if not hasattr(self, "models_"):
            self._load()

    @property
    def version(self) -> str:
        self._ready()
        return self.version_

    # -- scikit-learn style sentiment -------------------------------------------------------------
    def fit(self, texts: Sequence[str], y: Sequence[str], *, lang: str | None = None) -> Analyzer:
        """Train the sentiment model of ``lang`` (detected from the texts when None) on ``y``.

        Labels are ``negative``/``neutral``/``positive``; the other bundled models stay.
        """
        from cxloop.text.training.sentiment import fit_sentiment

        self._ready()
        texts = list(texts)
        if lang is None:
            lang = majority_language(texts)
        model = fit_sentiment(texts, list(y), kind=lang, lexicons=self.lexicons_)
        self.models_ = {**self.models_, f"sentiment_{lang}": model}
        if lang == "zh":  # the re-scorer learned the old model's scores; as after save + load
            self.aspect_polarity_ = None
        return self

    def adapt(
        self,
        texts: Sequence[str],
        y: Sequence[str],
        *,
        unlabelled: Sequence[str] = (),
        lang: str | None = None,
    ) -> Analyzer:
        """Fine-tune the sentiment model of ``lang`` on ``texts`` / ``y`` and on the ``unlabelled``
        texts it reads confidently (:mod:`cxloop.text.training.adaptation`); unlike :meth:`fit` it
        keeps what the current model knows, which is what a few hundred labels need."""
        from cxloop.text.training.adaptation import adapt_sentiment

        self._ready()
        texts = list(texts)
        if lang is None:
            lang = majority_language([*texts, *unlabelled])
        key = f"sentiment_{lang}"
        result = adapt_sentiment(
            self.models_[key], texts, list(y), list(unlabelled), lexicons=self.lexicons_
        )
        self.models_ = {**self.models_, key: result.model}
        self.adaptation_ = result
        if lang == "zh":  # the re-scorer learned the old model's scores; as in fit
            self.aspect_polarity_ = None
        return self

    def predict_proba(self, texts: Sequence[str], *, lang: str | None = None) -> np.ndarray:
        """Sentiment probabilities, columns negative / neutral / positive."""
        texts = list(texts)
        langs = [lang or detect_language(t) for t in texts]
        hits, masses = self._lexicon_reading(texts)
        return self._sentiment(texts, langs, masses, sentiment_hits=hits)

    def _lexicon_reading(self, texts: list[str]) -> tuple[list[list[Hit]], np.ndarray]:
        """Each text's sentiment-lexicon hits and their (positive, negative) masses, shape (n, 2):
        the text is matched once, and the hits serve the masses, the message rules and emotions."""
        hits = [lexicon_sentiment_hits(t, self.lexicons_.sentiment) for t in texts]
        masses = np.asarray(
            [masses_from_hits(t, h) for t, h in zip(texts, hits, strict=True)], dtype=np.float32
        ).reshape(len(texts), 2)
        return hits, masses

    def predict(self, texts: Sequence[str], *, lang: str | None = None) -> np.ndarray:
        return _sentiment.labels_from_proba(self.predict_proba(texts, lang=lang))

    def save(self, path: str | Path, *, version: str, extra: dict[str, Any] | None = None) -> Path:
        """Write every model, the directory's own lexicon words and a manifest into ``path``
        (created); returns the directory."""
        self._ready()
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        for name, model in self.models_.items():
            model.save(out / f"{name}.npz")
        own = getattr(self, "own_lexicon_dir_", None)
        if own is not None and own.resolve() != (out / LEXICON_SUBDIR).resolve():
            shutil.copytree(own, out / LEXICON_SUBDIR, dirs_exist_ok=True)
        manifest = {**self.manifest_, "version": version, **(extra or {})}
        (out / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return out

    # -- analysis -------------------------------------------------------------------------------
    def _sentiment(
        self,
        texts: list[str],
        langs: list[str],
        masses: np.ndarray,
        zh_counts: sp.csr_matrix | None = None,
        type_hits: Sequence[list[Hit]] | None = None,
        *,
        questions: bool = True,
        sentiment_hits: Sequence[list[Hit]] | None = None,
    ) -> np.ndarray:
        """(n, 3) probabilities; one model call per language group, then the message rules: plain
        questions and unreserved praise discounted (:mod:`cxloop.text.sentiment`).

        ``zh_counts`` (hashed features of the Chinese texts, in order), ``type_hits`` (type-lexicon
        hits per text) are passed when already computed; ``sentiment_hits`` (:meth:`_lexicon_reading`)
        are needed by the message rules, which ``questions=False`` skips (aspect windows are clauses,
        not messages).
        """
        self._ready()
        proba = np.zeros((len(texts), 3))
        hf = _sentiment.transformers_model_path() if self.use_transformers is not False else None
        if hf is not None and texts:
            return _sentiment.transformers_proba(hf, texts)  # pragma: no cover - needs torch
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(langs):
            groups.setdefault(lang if lang in ("zh", "en") else "other", []).append(i)
        for lang, idx in groups.items():
            if lang == "other":
                proba[idx] = _sentiment.from_lexicon(masses[idx])
                continue
            model = self.models_.get(f"sentiment_{lang}")
            if model is None:
                proba[idx] = (0.0, 1.0, 0.0)
                continue
            extras = _sentiment.lexicon_columns(masses[idx])
            if lang == "zh" and zh_counts is not None:
                z = model.decision_from_counts(zh_counts, extras)
            else:
                z = model.decision_function([texts[i] for i in idx], extras)
            proba[idx], _ = _sentiment.three_way(model, z, masses[idx])
        if not questions:
            return proba
        if type_hits is None:
            type_hits = [self.lexicons_.types.find(t) for t in texts]
        plain = _plain_questions(texts, langs, masses, type_hits)
        proba = _sentiment.discount_plain_questions(proba, plain)
        assert sentiment_hits is not None, "the message rules read the sentiment hits"
        praise = _unreserved_praise(texts, langs, masses, sentiment_hits, type_hits)
        proba = _sentiment.discount_unreserved_praise(proba, praise)
        return _sentiment.raise_unmixed_complaints(proba, _unmixed_complaints(texts, langs, masses))

    def analyze(self, text: str, *, lang: str | None = None) -> TextAnalysis:
        return self.analyze_batch([text], lang=lang)[0]

    def analyze_batch(self, texts: Sequence[str], *, lang: str | None = None) -> list[TextAnalysis]:
        """Analyse many texts at once (the fast path); results keep the input order."""
        self._ready()
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not texts:
            return []
        lex = self.lexicons_
        langs = [lang if lang and lang != "auto" else detect_language(t) for t in texts]
        sentiment_hits, masses = self._lexicon_reading(texts)
        zh_texts = [t for t, lg in zip(texts, langs, strict=True) if lg == "zh"]
        zh_counts = Featurizer("zh").counts(zh_texts) if zh_texts else None
        type_hits = [lex.types.find(t) for t in texts]
        proba = self._sentiment(
            texts, langs, masses, zh_counts, type_hits, sentiment_hits=sentiment_hits
        )
        labels = _sentiment.labels_from_proba(proba)
        emotions = self._emotions(texts, langs, zh_counts, proba[:, 0], sentiment_hits)
        aspects = self._aspects(texts, langs, proba[:, 0], sentiment_hits)
        pii_and_urgency = _pii_urgency(texts, langs)
        out = []
        for i, text in enumerate(texts):
            probs = {
                k: round(float(v), 4)
                for k, v in zip(("negative", "neutral", "positive"), proba[i], strict=True)
            }
            type_ = _type.with_aspect_flags(
                _type.classify(text, type_hits[i], float(proba[i, 0]), str(labels[i])),
                [a.polarity for a in aspects[i]],
            )
            pii, masked, urgency = pii_and_urgency[i]
            out.append(
                TextAnalysis(
                    language=langs[i],
                    sentiment=Sentiment(str(labels[i]), probs),
                    type=type_,
                    emotions=emotions[i],
                    aspects=aspects[i],
                    urgency=urgency,
                    pii=pii,
                    masked_text=masked,
                    model_version=self.version_,
                )
            )
        return out

    def type_given(self, text: str, sentiment: str) -> FeedbackType:
        """The feedback type of ``text`` when its sentiment is ``sentiment`` (a person's label).

        Why: the type rule reads the sentiment (a complaint is negative, praise positive), so when a
        person corrects the sentiment the type has to follow, or the inbox keeps counting a praised
        service among the complaints. The label stands in for the model's P(negative): negative at
        the clear-complaint level (a short question stays an inquiry, its complaint flag set),
        neutral at the level where only a complaint or problem cue (投诉, "I want to complain",
        "charged twice") makes a complaint, positive at none.
        """
        self._ready()
        if sentiment not in _P_NEGATIVE_GIVEN:
            raise ValueError(f"sentiment must be one of {sorted(_P_NEGATIVE_GIVEN)}: {sentiment!r}")
        hits = self.lexicons_.types.find(text)
        return _type.classify(text, hits, _P_NEGATIVE_GIVEN[sentiment], sentiment)

    def _emotions(
        self,
        texts: list[str],
        langs: list[str],
        zh_counts: sp.csr_matrix | None,
        p_negative: np.ndarray,
        sentiment_hits: list[list[Hit]],
    ) -> list[Any]:
        """Emotions of each text: the Weibo model for Chinese texts (sharing the sentiment
        model's features), emotion words for all; ``p_negative`` keeps gratitude from being the
        dominant emotion of a clear complaint (:mod:`cxloop.text.emotion`); the negations among
        ``sentiment_hits`` cancel the emotion words they negate."""
        model = self.models_.get("emotion_zh")
        hits = [self.lexicons_.emotions.find(t) for t in texts]
        zh_idx = [i for i, lang in enumerate(langs) if lang == "zh"]
        scores = np.zeros((len(texts), len(EMOTIONS)))
        none_p = np.zeros(len(texts))
        if model is not None and zh_idx:
            assert zh_counts is not None  # zh_idx is not empty
            p = softmax(model.decision_from_counts(zh_counts))
            scores[zh_idx], none_p[zh_idx] = _emotion.model_scores(list(model.classes_), p)
        lexicon = np.zeros_like(scores)
        for i, found in enumerate(hits):
            if found:
                lexicon[i] = _emotion.lexicon_scores(
                    found, negated(texts[i], sentiment_hits[i], found)
                )
        return _emotion.combine_batch(scores, none_p, lexicon, p_negative)

    def _aspects(
        self,
        texts: list[str],
        langs: list[str],
        p_text: np.ndarray,
        sentiment_hits: list[list[Hit]],
    ) -> list[tuple[Aspect, ...]]:
        """Aspects with polarity: each distinct window of the batch is scored once, in one call.

        Window lexicon masses come from the text's own sentiment hits (matched once per text).
        """
        per_text = [_aspects.collect(t, self.lexicons_.aspects.find(t)) for t in texts]
        slot: dict[tuple[int, int, int], int] = {}
        windows: list[str] = []
        window_langs: list[str] = []
        masses: list[tuple[float, float]] = []
        for i, found in enumerate(per_text):
            for ev in found:
                for lo, hi in ev.windows:
                    if (i, lo, hi) in slot:
                        continue
                    slot[(i, lo, hi)] = len(windows)
                    windows.append(texts[i][lo:hi])
                    window_langs.append(langs[i])
                    inside = [h for h in sentiment_hits[i] if h.start >= lo and h.end <= hi]
                    masses.append(masses_from_hits(texts[i], inside, start=lo))
        if not windows:
            return [() for _ in texts]
        w_masses = np.asarray(masses, dtype=np.float32)
        w_neg = self._sentiment(windows, window_langs, w_masses, questions=False)[:, 0].tolist()
        opinions = _aspects.opinion_matcher(self.lexicons_.sources)
        out: list[tuple[Aspect, ...]] = []
        rescorer = getattr(self, "aspect_polarity_", None)
        rescore: list[tuple[int, int, _aspects.PolarityInput]] = []
        for i, found in enumerate(per_text):
            items: list[Aspect] = []
            own = _aspects.with_durations(opinions.find(texts[i]), texts[i]) if found else []
            for ev in found:
                idx = [slot[(i, lo, hi)] for lo, hi in ev.windows]
                judged = [
                    _aspects.window_judgement(
                        texts[i], lo, hi, ev.key, sentiment_hits[i], own, masses[j], ev.hits
                    )
                    for (lo, hi), j in zip(ev.windows, idx, strict=True)
                ]
                p_neg = _aspects.negative_probability(
                    sum(w_neg[j] for j in idx) / len(idx),
                    float(p_text[i]),
                    has_evidence=any(net != 0 for net, _, _ in judged),
                )
                votes = [
                    _aspects.window_vote(net, average, w_neg[j], specific=own_words)
                    for (net, average, own_words), j in zip(judged, idx, strict=True)
                ]
                rule = _aspects.polarity_from_votes(votes, p_neg)
                if rescorer is not None and langs[i] == "zh":
                    reading = _aspects.PolarityInput(
                        ev.key,
                        tuple(texts[i][lo:hi] for lo, hi in ev.windows),
                        tuple(judged),
                        tuple(masses[j] for j in idx),
                        tuple(w_neg[j] for j in idx),
                        float(p_text[i]),
                        rule,
                    )
                    rescore.append((i, len(items), reading))
                items.append(
                    Aspect(
                        key=ev.key,
                        polarity=rule,
                        negative_probability=round(p_neg, 4),
                        evidence=tuple(Evidence(h.start, h.end, h.text) for h in ev.hits),
                    )
                )
            out.append(tuple(items))
        if rescore and rescorer is not None:  # the learned re-scorer: one call, Chinese aspects
            new = rescorer.predict([r for _, _, r in rescore])
            for (i, k, _), pol in zip(rescore, new, strict=True):
                out[i] = (*out[i][:k], replace(out[i][k], polarity=pol), *out[i][k + 1 :])
        return out


def _plain_questions(
    texts: Sequence[str], langs: Sequence[str], masses: np.ndarray, type_hits: Sequence[list[Hit]]
) -> np.ndarray:
    """Short Chinese questions with no negative lexicon word and no complaint cue.

    Only Chinese: the English model learned from tweets, which have real neutral questions.
    """
    return np.asarray(
        [
            lang == "zh"
            and len(text) <= _type.MAX_INQUIRY_LEN
            and masses[i, 1] == 0
            and not any("complaint" in h.values for h in type_hits[i])
            and _type.is_question(text)
            for i, (text, lang) in enumerate(zip(texts, langs, strict=True))
        ],
        dtype=bool,
    ).reshape(len(texts))


def _unreserved_praise(
    texts: Sequence[str],
    langs: Sequence[str],
    masses: np.ndarray,
    sentiment_hits: Sequence[Sequence[Hit]],
    type_hits: Sequence[list[Hit]],
) -> np.ndarray:
    """Chinese texts of unreserved praise (:func:`cxloop.text.sentiment.discount_unreserved_praise`):
    positive lexicon mass of at least 1, no negative mass, no real negation (没想到 is none), no
    reservation word or question mark, no complaint cue."""
    out = np.zeros(len(texts), dtype=bool)
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        out[i] = (
            lang == "zh"
            and masses[i, 0] >= 1.0
            and masses[i, 1] == 0
            and not any(is_negation(text, h) for h in sentiment_hits[i])
            and not _sentiment.RESERVATION_ZH.search(text)
            and not any("complaint" in h.values for h in type_hits[i])
        )
    return out


def _unmixed_complaints(
    texts: Sequence[str], langs: Sequence[str], masses: np.ndarray
) -> np.ndarray:
    """English texts whose lexicon words are all negative, with no question
    (:func:`cxloop.text.sentiment.raise_unmixed_complaints`)."""
    out = np.zeros(len(texts), dtype=bool)
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        out[i] = (
            lang == "en"
            and masses[i, 1] >= _sentiment.UNMIXED_COMPLAINT_MASS
            and masses[i, 0] == 0
            and "?" not in text
        )
    return out


def _pii_urgency(texts: list[str], langs: list[str]) -> list[tuple[tuple[Any, ...], str, Any]]:
    """Personal data, masked text and urgency from :mod:`cxloop.text.pii` and ``.urgency``."""
    from cxloop.text.pii import find_pii, mask_pii
    from cxloop.text.urgency import assess_urgency

    out = []
    for text, lang in zip(texts, langs, strict=True):
        spans = find_pii(text)
        masked = mask_pii(text, spans)
        urgency = assess_urgency(text, lang=lang if lang in ("zh", "en") else None)
        out.append((tuple(spans), masked, urgency))
    return out


_DEFAULT: dict[str, Analyzer] = {}


def load_model(path: str | Path | None = None, **kwargs: Any) -> Analyzer:
    """The bundled analyzer (cached) or the one in ``path`` (a model or organisation directory)."""
    if path is None and not kwargs:
        if "default" not in _DEFAULT:
            _DEFAULT["default"] = Analyzer.load()
        return _DEFAULT["default"]
    return Analyzer.load(path, **kwargs)


def analyze(
    text: str, *, lang: str | None = None, analyzer: Analyzer | None = None
) -> TextAnalysis:
    """Analyse one text with ``analyzer`` or the bundled models."""
    return (analyzer or load_model()).analyze(text, lang=lang)


def analyze_batch(
    texts: Sequence[str], *, lang: str | None = None, analyzer: Analyzer | None = None
) -> list[TextAnalysis]:
    """Analyse many texts at once: the fast path (see the module docstring)."""
    return (analyzer or load_model()).analyze_batch(texts, lang=lang)
