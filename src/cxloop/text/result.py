"""The shapes an analysis returns: frozen dataclasses with ``to_dict()`` for a JSON column.

The raw text is deliberately not kept in a :class:`TextAnalysis`: the app stores the analysis next
to the feedback item, and only the masked text may travel further (exports, dashboards, logs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SENTIMENT_LABELS = ("negative", "neutral", "positive")
FEEDBACK_TYPES = ("complaint", "suggestion", "inquiry", "praise", "other")
EMOTIONS = ("anger", "disappointment", "anxiety", "disgust", "gratitude")
"""anger; disappointment = disappointment/sadness; anxiety = anxiety/fear; disgust;
gratitude = gratitude/joy."""
POLARITIES = ("negative", "neutral", "positive")
ASPECTS = (
    "timeliness",
    "attitude",
    "competence",
    "process",
    "communication",
    "environment",
    "facilities",
    "digital",
    "price",
    "quality",
    "safety",
    "accessibility",
    "conduct",
)
"""The aspect taxonomy (what went wrong, or right), in the order of DESIGN.md."""
NO_ASPECT = "none"
"""The aspect label of a text about no aspect of the taxonomy (a training or evaluation row)."""


@dataclass(frozen=True, slots=True)
class Sentiment:
    """``label`` plus probabilities over negative / neutral / positive (they sum to 1)."""

    label: str
    probabilities: dict[str, float]

    @property
    def negative_probability(self) -> float:
        """P(negative): the number the CLI writes as ``sentiment_score``."""
        return self.probabilities.get("negative", 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probabilities": dict(self.probabilities)}


@dataclass(frozen=True, slots=True)
class FeedbackType:
    """Primary type plus flags: a complaint that also suggests something has both flags set."""

    label: str
    is_complaint: bool
    is_suggestion: bool
    is_inquiry: bool
    is_praise: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "is_complaint": self.is_complaint,
            "is_suggestion": self.is_suggestion,
            "is_inquiry": self.is_inquiry,
            "is_praise": self.is_praise,
        }


@dataclass(frozen=True, slots=True)
class Emotions:
    """Scores in [0, 1] for each of :data:`EMOTIONS`; ``dominant`` is one of them or ``none``."""

    scores: dict[str, float]
    dominant: str

    def to_dict(self) -> dict[str, Any]:
        return {"scores": dict(self.scores), "dominant": self.dominant}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A matched word: ``text == original[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Aspect:
    """One taxonomy aspect the text talks about, with its own polarity and evidence spans."""

    key: str
    polarity: str
    negative_probability: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "polarity": self.polarity,
            "negative_probability": self.negative_probability,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """Everything :func:`cxloop.text.analyze` knows about one text."""

    language: str
    sentiment: Sentiment
    type: FeedbackType
    emotions: Emotions
    aspects: tuple[Aspect, ...]
    urgency: Any
    """A :class:`cxloop.text.urgency.Urgency` (level + reasons)."""
    pii: tuple[Any, ...]
    """:class:`cxloop.text.pii.PiiSpan` items (kind, start, end, text)."""
    masked_text: str
    model_version: str

    @property
    def aspect_keys(self) -> list[str]:
        return [a.key for a in self.aspects]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable dict (str, float, bool, lists and dicts only)."""
        return {
            "language": self.language,
            "sentiment": self.sentiment.to_dict(),
            "type": self.type.to_dict(),
            "emotions": self.emotions.to_dict(),
            "aspects": [a.to_dict() for a in self.aspects],
            "urgency": self.urgency.to_dict() if self.urgency is not None else None,
            "pii": [p.to_dict() for p in self.pii],
            "masked_text": self.masked_text,
            "model_version": self.model_version,
        }
