"""Feedback type: praise, complaint, suggestion, inquiry or other, with one flag each.

No labelled data exists for this in Chinese, so the type is a rule over two signals the rest of the
engine already has: P(negative) from the sentiment model and cue words (``lexicons/types_*.tsv``)
plus a question mark ending a clause. A text may carry several flags (a complaint that also
suggests something); the primary label follows the order that matters for handling: a clear
complaint first, then a suggestion, an inquiry, a mild complaint, praise, other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxloop.text.lexicon import Hit
from cxloop.text.result import FeedbackType

_QUESTION = re.compile(r"[?？](?:\s|$|[^?？])")
CLEAR_COMPLAINT = 0.7


def classify(
    text: str, hits: Sequence[Hit], p_negative: float, sentiment_label: str
) -> FeedbackType:
    cues = {key for hit in hits for key in hit.values}
    is_inquiry = "inquiry" in cues or bool(_QUESTION.search(text))
    is_suggestion = "suggestion" in cues
    is_complaint = p_negative >= 0.5 or ("complaint" in cues and p_negative >= 0.3)
    is_praise = sentiment_label == "positive" or ("praise" in cues and p_negative < 0.5)
    if is_complaint and (p_negative >= CLEAR_COMPLAINT or "complaint" in cues):
        label = "complaint"
    elif is_suggestion:
        label = "suggestion"
    elif is_inquiry:
        label = "inquiry"
    elif is_complaint:
        label = "complaint"
    elif is_praise:
        label = "praise"
    else:
        label = "other"
    return FeedbackType(label, is_complaint, is_suggestion, is_inquiry, is_praise)
