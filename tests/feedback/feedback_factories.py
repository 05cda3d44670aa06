"""Helpers of the feedback tests: items posted through the real API, text-engine availability."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World

from cxloop.analysis.models import FeedbackAspect
from cxloop.feedback import service as feedback_service
from cxloop.feedback.models import Feedback
from cxloop.feedback.schemas import CorrectionIn, CorrectionRead


def post(client: TestClient, world: World, persona: str = "handler_li", **item: Any) -> Any:
    """Post one item (``channel`` defaults to qr_rating); asserts it was stored."""
    body = {"channel": "qr_rating"} | item
    response = client.post("/api/v1/feedback", json=body, headers=world.auth(persona))
    assert response.status_code in (200, 201), response.text
    return response.json()


def label(session: Session, feedback_id: int, *, sentiment: str, aspects: dict[str, str]) -> None:
    """Give a stored item a sentiment and aspects as an analysis would (for filter tests that
    must not depend on what the text engine happens to conclude)."""
    row = session.get(Feedback, feedback_id)
    assert row is not None
    row.sentiment = sentiment
    for aspect, polarity in aspects.items():
        session.add(
            FeedbackAspect(
                feedback_id=row.id,
                organization_id=row.organization_id,
                aspect=aspect,
                polarity=polarity,
            )
        )
    session.commit()


def correct(
    session: Session,
    world: World,
    feedback_id: int,
    data: CorrectionIn,
    persona: str = "analyst_chen",
) -> CorrectionRead:
    """A person's correction through the service, for tests that hold a session, not a client."""
    return feedback_service.add_correction(
        session,
        organization_id=world.org.id,
        feedback_id=feedback_id,
        user_id=world.users[persona].id,
        data=data,
    )
