"""Background jobs of the feedback domain (run by ``cxloop.worker`` as ``feedback.analyze_pending``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cxloop.core.settings import Settings
from cxloop.feedback import service as feedback_service


def analyze_pending(session: Session, *, now: datetime, settings: Settings) -> int:
    """Analyse a chunk of items stored without analysis, with the process's text model (the one
    ingestion uses, so both paths give the same labels); the runner commits."""
    return feedback_service.analyze_pending(session, now=now, model_dir=settings.text_model)
