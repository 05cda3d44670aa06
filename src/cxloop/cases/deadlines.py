"""The SLA clock worker: breaches, escalations and auto-closing, driven by ``next_check_at``.

State-driven like the rest of the background work: due cases are found through the indexed
``next_check_at <= now`` and each is claimed with a compare-and-set UPDATE (and
``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two workers never handle the same case twice and a
crash before commit loses nothing (the claim rolls back with the work).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cxloop.cases import commands, effects, sla
from cxloop.cases.models import OPEN_STATUSES, CaseStatus, RecoveryCase
from cxloop.cases.workflow import CaseCommand, next_status

BATCH = 200
MAX_BATCHES = 50


def _claim(session: Session, case_id: int, seen: datetime, now: datetime) -> bool:
    """Compare-and-set: only the worker that still sees the same ``next_check_at`` wins."""
    result = session.execute(
        update(RecoveryCase)
        .where(RecoveryCase.id == case_id, RecoveryCase.next_check_at == seen)
        .values(next_check_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def _escalate(session: Session, case: RecoveryCase, now: datetime, clock: str) -> None:
    if case.is_escalated:
        return
    case.is_escalated = True
    effects.note_event(
        session,
        case,
        kind="escalated",
        actor_id=None,
        at=now,
        data={"reason": f"{clock}_breached", "notify": "unit_head", "unit_id": case.unit_id},
    )


def _handle(session: Session, case: RecoveryCase, now: datetime) -> None:
    cal = sla.calendar_for(session, organization_id=case.organization_id)
    settings = sla.settings_for(session, organization_id=case.organization_id)
    active = case.status in OPEN_STATUSES
    if (
        active
        and case.first_response_at is None
        and not case.is_first_response_breached
        and case.first_response_due_at is not None
        and case.first_response_due_at <= now
    ):
        case.is_first_response_breached = True
        effects.note_event(
            session,
            case,
            kind="sla_breached",
            actor_id=None,
            at=now,
            data={"clock": "first_response", "due_at": case.first_response_due_at.isoformat()},
        )
        _escalate(session, case, now, "first_response")
    if (
        active
        and case.status != CaseStatus.pending_customer
        and not case.is_resolution_breached
        and case.resolution_due_at is not None
        and case.resolution_due_at <= now
    ):
        case.is_resolution_breached = True
        effects.note_event(
            session,
            case,
            kind="sla_breached",
            actor_id=None,
            at=now,
            data={"clock": "resolution", "due_at": case.resolution_due_at.isoformat()},
        )
        _escalate(session, case, now, "resolution")
    closing = sla.auto_close_at(cal, case, settings.auto_close_days)
    if case.status == CaseStatus.resolved and closing is not None and closing <= now:
        ctx = effects.Ctx(
            session=session,
            case=case,
            actor=None,
            payload=None,
            now=now,
            cal=cal,
            settings=settings,
            to_status=next_status(case.status, CaseCommand.auto_close),
        )
        commands.run(ctx, CaseCommand.auto_close)
        return
    case.next_check_at = sla.next_check(cal, case, settings.auto_close_days)
    session.flush()


def check_deadlines(session: Session, *, now: datetime) -> int:
    """Handle every case whose next check is due; returns how many were handled.

    Running it twice at the same ``now`` handles nothing the second time: each breach is marked
    once and the next check moves past ``now``.
    """
    handled = 0
    is_pg = session.get_bind().dialect.name == "postgresql"
    for _ in range(MAX_BATCHES):
        stmt = (
            select(RecoveryCase.id, RecoveryCase.next_check_at)
            .where(RecoveryCase.next_check_at <= now)
            .order_by(RecoveryCase.next_check_at)
            .limit(BATCH)
        )
        if is_pg:
            stmt = stmt.with_for_update(skip_locked=True)
        due = session.execute(stmt).all()
        if not due:
            break
        for case_id, seen in due:
            if seen is None or not _claim(session, case_id, seen, now):
                continue
            case = session.scalar(
                select(RecoveryCase)
                .where(RecoveryCase.id == case_id)
                .execution_options(populate_existing=True)
            )
            if case is None:  # pragma: no cover - deleted meanwhile
                continue
            _handle(session, case, now)
            handled += 1
        if len(due) < BATCH:
            break
    return handled
