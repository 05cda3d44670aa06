"""cxloop.text: understand a feedback text offline, in Chinese and English, in under a millisecond.

    >>> from cxloop.text import analyze
    >>> a = analyze("排队两个小时，工作人员态度很差")
    >>> a.sentiment.label, [x.key for x in a.aspects]
    ('negative', ['timeliness', 'attitude'])

A pure library: it imports nothing else from cxloop (import-linter enforces it). See docs/text.md.
"""

from cxloop.text.analyzer import (
    MODEL_VERSION,
    Analyzer,
    analyze,
    analyze_batch,
    load_model,
)
from cxloop.text.language import detect_language
from cxloop.text.pii import PiiSpan, find_pii, mask_pii
from cxloop.text.result import (
    ASPECTS,
    EMOTIONS,
    FEEDBACK_TYPES,
    NO_ASPECT,
    SENTIMENT_LABELS,
    Aspect,
    Emotions,
    Evidence,
    FeedbackType,
    Sentiment,
    TextAnalysis,
)
from cxloop.text.sentiment import TextModelError
from cxloop.text.urgency import Urgency, assess_urgency

__all__ = [
    "ASPECTS",
    "EMOTIONS",
    "FEEDBACK_TYPES",
    "MODEL_VERSION",
    "NO_ASPECT",
    "SENTIMENT_LABELS",
    "Analyzer",
    "Aspect",
    "Emotions",
    "Evidence",
    "FeedbackType",
    "PiiSpan",
    "Sentiment",
    "TextAnalysis",
    "TextModelError",
    "Urgency",
    "analyze",
    "analyze_batch",
    "assess_urgency",
    "detect_language",
    "find_pii",
    "load_model",
    "mask_pii",
]
