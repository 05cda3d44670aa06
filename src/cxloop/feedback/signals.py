"""What the feedback domain tells the case rule about one item (:class:`FeedbackSignal`).

One builder for both moments the rule is asked: at ingestion, from the row about to be inserted
(a mapping), and after a person's correction or a later analysis, from the stored row. Two
hand-written copies of the field list drifted apart once a field was added to one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxloop.cases.schemas import FeedbackSignal
from cxloop.feedback.models import Feedback

__all__ = ["signal_for"]

_ITEM_FIELDS = (
    "unit_id",
    "service_id",
    "staff_id",
    "customer_id",
    "channel",
    "received_at",
    "rating",
    "csat",
    "nps",
    "ces",
    "text",
)


def signal_for(
    item: Feedback | Mapping[str, Any],
    *,
    feedback_id: int | None = None,
    sentiment: str | None,
    urgency: str | None,
    feedback_type: str | None,
) -> FeedbackSignal:
    """The item's fields with its (effective) text reading; ``feedback_id`` for a mapping."""
    if isinstance(item, Mapping):
        if feedback_id is None:
            raise ValueError("feedback_id is required for an item given as a mapping")
        fields = {name: item[name] for name in _ITEM_FIELDS}
    else:
        feedback_id = item.id
        fields = {name: getattr(item, name) for name in _ITEM_FIELDS}
    return FeedbackSignal(
        feedback_id=feedback_id,
        sentiment=sentiment,
        urgency=urgency,
        feedback_type=feedback_type,
        **fields,
    )
