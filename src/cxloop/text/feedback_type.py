"""Feedback type: praise, complaint, suggestion, inquiry or other, with one flag each.

No labelled data exists for this in Chinese, so the type is a rule over two signals the rest of the
engine already has: P(negative) from the sentiment model and cue words (``lexicons/types_*.tsv``,
extensible by an organisation), plus the shape of a question: a clause ending in ？/?, a Chinese
clause ending in 吗/么, or an English sentence opening with a question word or an auxiliary ("how
do I", "can I", "is my card") — customers often type questions without the mark.

A text carries every flag that applies (a complaint that also suggests something has both). The
primary label is what a handler must do first:

1. a clear complaint (P(negative) >= 0.7, or a complaint cue with P(negative) >= 0.3): recover;
2. a short question or request (<= 100 characters: a query, not a narrative that contains a
   question) that is not itself a clear grievance (no complaint cue, P(negative) < 0.9): answer it — "why was I charged twice?" is a complaint, "how do I top up?"
   an inquiry, even though both read as negative to a sentiment model. A question mark alone does
   not make an inquiry of a positive text (rhetorical) or of a suggestion (能否增加车位？);
3. praise when the text is positive (a positive review that ends with one 建议 stays praise, its
   suggestion flag set);
4. a suggestion, then an inquiry, then a mild complaint, then praise from cues alone, else other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxloop.text.lexicon import Hit
from cxloop.text.result import FeedbackType

__all__ = ["CLEAR_COMPLAINT", "classify"]

CLEAR_COMPLAINT = 0.7
GRIEVANCE = 0.9
MAX_INQUIRY_LEN = 100

_QUESTION_MARK = re.compile(r"[?？](?:\s|$|[^?？])")
_ZH_PARTICLE = re.compile(r"[吗么][\s。.!！~～]*(?:$|[，,；;\n])")
_EN_OPENING = re.compile(
    r"(?:^|[.!?;:\n]\s*)(?:@\w+\s+)*(?:hi|hello|hey|please)?[,\s]*"
    r"(?:how|what|why|where|when|which|who|whom|whose|is|are|am|was|were|can|could|do|does|did|"
    r"will|would|should|shall|may|might|have|has|any)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A question by its shape: a question mark, 吗/么 ending a clause, or an English opening."""
    return bool(
        _QUESTION_MARK.search(text) or _ZH_PARTICLE.search(text) or _EN_OPENING.search(text)
    )


def classify(
    text: str, hits: Sequence[Hit], p_negative: float, sentiment_label: str
) -> FeedbackType:
    """The type of ``text`` from its type-lexicon ``hits`` and sentiment (rules in the docstring)."""
    cues = {key for hit in hits for key in hit.values}
    complaint_cue = "complaint" in cues
    is_inquiry = "inquiry" in cues or is_question(text)
    is_suggestion = "suggestion" in cues
    is_complaint = p_negative >= 0.5 or (complaint_cue and p_negative >= 0.3)
    is_praise = sentiment_label == "positive" or ("praise" in cues and p_negative < 0.5)
    if is_complaint and (complaint_cue or (p_negative >= CLEAR_COMPLAINT and not is_inquiry)):
        label = "complaint"
    elif (
        is_inquiry
        and not complaint_cue
        and p_negative < GRIEVANCE
        and len(text) <= MAX_INQUIRY_LEN
        and ("inquiry" in cues or not (is_suggestion or sentiment_label == "positive"))
    ):
        label = "inquiry"
    elif is_complaint and p_negative >= CLEAR_COMPLAINT:
        label = "complaint"
    elif sentiment_label == "positive":
        label = "praise"
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
