"""How the demo's generated rows reach the database: through the owning domains' services.

Feedback goes through the feedback domain's batch ingestion, the same path as the API and
``cxloop import``: it validates, analyses the texts with ``cxloop.text`` and opens cases by the
organisation's rule, so the demo shows what the product really does with such data.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cxloop.cases import service as cases_service
from cxloop.demo.generate import FeedbackSpec
from cxloop.demo.rhythm import IncidentSpec
from cxloop.feedback import service as feedback_service
from cxloop.feedback.schemas import CorrectionIn
from cxloop.incidents.models import Incident
from cxloop.org import service as org_service

BATCH = feedback_service.MAX_BATCH
CORRECTIONS_PER_ORG = 25


def ingest_feedback(
    session: Session, *, organization_id: int, specs: Sequence[FeedbackSpec]
) -> tuple[int, list[int | None]]:
    """Store the items in API-sized batches; returns how many were rejected (a demo bug if any)
    and the stored id of each spec (None where rejected)."""
    errors = 0
    ids: list[int | None] = []
    for start in range(0, len(specs), BATCH):
        report = feedback_service.ingest_items(
            session,
            organization_id=organization_id,
            items=[s.as_item() for s in specs[start : start + BATCH]],
            analyze=True,
        )
        errors += report.errors
        ids.extend(o.id for o in report.outcomes)
    session.flush()
    return errors, ids


def correct_misread(
    session: Session,
    *,
    organization_id: int,
    specs: Sequence[FeedbackSpec],
    ids: Sequence[int | None],
    user_id: int,
    limit: int = CORRECTIONS_PER_ORG,
) -> tuple[int, int]:
    """The analyst's morning: where the engine read a text against the way it was written, set
    the sentiment right (up to ``limit`` items, newest first); returns how many were corrected
    and how many cases those corrections opened (new cases, waiting in the queue).

    Through the feedback service like a person's correction from the detail page, so the demo
    shows the "set by" badges, the corrected counts and a corrections export to train on. Only a
    misread that matters is corrected: a positive text read as neutral is left as it is.
    """
    written = {
        fid: spec.text_polarity
        for spec, fid in zip(specs, ids, strict=True)
        if fid is not None and spec.text_polarity is not None
    }
    shown = feedback_service.sentiments_of(
        session, organization_id=organization_id, feedback_ids=sorted(written)
    )
    misread = [
        fid
        for fid in sorted(written, reverse=True)
        if shown.get(fid) is not None
        and shown[fid] != written[fid]
        and not (written[fid] == "positive" and shown[fid] == "neutral")
    ][:limit]
    opened = 0
    for fid in misread:
        before = cases_service.case_for_feedback(
            session, organization_id=organization_id, feedback_id=fid
        )
        correction = feedback_service.add_correction(
            session,
            organization_id=organization_id,
            feedback_id=fid,
            user_id=user_id,
            data=CorrectionIn(field="sentiment", value=str(written[fid])),
        )
        opened += before is None and correction.case is not None
    return len(misread), opened


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
