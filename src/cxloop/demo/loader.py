"""How the demo's generated rows reach the database: through the owning domains' services.

Feedback goes through the feedback domain's batch ingestion, the same path as the API and
``cxloop import``: it validates, analyses the texts with ``cxloop.text`` and opens cases by the
organisation's rule, so the demo shows what the product really does with such data.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cxloop.demo.generate import FeedbackSpec
from cxloop.demo.rhythm import IncidentSpec
from cxloop.feedback import service as feedback_service
from cxloop.incidents.models import Incident
from cxloop.org import service as org_service

BATCH = feedback_service.MAX_BATCH


def ingest_feedback(
    session: Session, *, organization_id: int, specs: Sequence[FeedbackSpec]
) -> int:
    """Store the items in API-sized batches; returns how many were rejected (a demo bug if any)."""
    errors = 0
    for start in range(0, len(specs), BATCH):
        report = feedback_service.ingest_items(
            session,
            organization_id=organization_id,
            items=[s.as_item() for s in specs[start : start + BATCH]],
            analyze=True,
        )
        errors += report.errors
    session.flush()
    return errors


def record_incident(
    session: Session, *, organization_id: int, spec: IncidentSpec, affected: int
) -> None:
    """An ``incident`` row. The incidents domain has no service yet (only its table): when it
    gains one, this is the line to change."""
    unit = (
        org_service.find_unit_by_code(session, organization_id=organization_id, code=spec.unit)
        if spec.unit
        else None
    )
    session.add(
        Incident(
            organization_id=organization_id,
            unit_id=unit.id if unit else None,
            title=spec.title,
            kind=spec.kind,
            description=spec.description,
            started_at=spec.started_at,
            ended_at=spec.ended_at,
            affected_count=affected,
        )
    )
    session.flush()
