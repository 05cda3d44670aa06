"""Background jobs of the cases domain (run by ``cxloop.worker`` as ``cases.check_deadlines``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cxloop.cases import deadlines
from cxloop.core.settings import Settings


def check_deadlines(session: Session, *, now: datetime, settings: Settings) -> int:
    """SLA breaches, escalations and auto-close of cases whose next check is due."""
    return deadlines.check_deadlines(session, now=now)
