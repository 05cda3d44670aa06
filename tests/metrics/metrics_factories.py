"""Small, explicit feedback sets for the metrics tests.

Rows go in through the ORM of the feedback domain with every value given by the test, so each
expected number can be computed by hand from the call sites.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from sqlalchemy.orm import Session

from cxloop.analysis.models import Analysis, FeedbackAspect
from cxloop.feedback.models import Feedback

_refs = count(1)

# 2026-10-15 10:00 in Shanghai: inside the October period of most tests.
MID_OCTOBER = datetime(2026, 10, 15, 2, 0, tzinfo=UTC)


def add_feedback(
    session: Session,
    *,
    organization_id: int,
    received_at: datetime = MID_OCTOBER,
    channel: str = "survey",
    unit_id: int | None = None,
    service_id: int | None = None,
    nps: int | None = None,
    csat: int | None = None,
    ces: int | None = None,
    rating: int | None = None,
    is_negative: bool = False,
    feedback_type: str | None = None,
    aspects: dict[str, str] | None = None,
) -> Feedback:
    """One item; ``feedback_type`` adds an analysis row, ``aspects`` maps aspect -> polarity."""
    item = Feedback(
        organization_id=organization_id,
        channel=channel,
        source_ref=f"metrics-test-{next(_refs)}",
        received_at=received_at,
        unit_id=unit_id,
        service_id=service_id,
        nps=nps,
        csat=csat,
        ces=ces,
        rating=rating,
        is_negative=is_negative,
        extra={},
    )
    session.add(item)
    session.flush()
    if feedback_type is not None:
        session.add(
            Analysis(
                feedback_id=item.id,
                model_version="test",
                sentiment="negative" if is_negative else "positive",
                sentiment_score=0.0,
                feedback_type=feedback_type,
                result={},
            )
        )
        item.analysed_at = received_at
        item.feedback_type = feedback_type  # denormalised, as the analysis path does
    for aspect, polarity in (aspects or {}).items():
        session.add(
            FeedbackAspect(
                feedback_id=item.id,
                organization_id=organization_id,
                aspect=aspect,
                polarity=polarity,
            )
        )
    session.flush()
    return item
