"""Shared effects of the case commands: the status and its event, first response, pauses.

``record_transition`` is the only place where ``case.status`` is assigned, and it always adds the
one timeline event of that transition to the same flush.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cxloop.accounts.service import Principal
from cxloop.cases import sla
from cxloop.cases.models import CaseEvent, RecoveryCase
from cxloop.core.worktime import WorkCalendar, add_working_minutes, working_minutes_between


@dataclass
class Ctx:
    session: Session
    case: RecoveryCase
    actor: Principal | None
    payload: Any
    now: datetime
    cal: WorkCalendar
    settings: sla.CaseSettings
    to_status: str


def record_transition(
    session: Session,
    case: RecoveryCase,
    *,
    command: str | None,
    kind: str,
    to_status: str,
    actor_id: int | None,
    at: datetime,
    data: dict[str, Any],
) -> CaseEvent:
    """Assign the status and append the timeline event: the only place ``case.status`` changes."""
    event = CaseEvent(
        case_id=case.id,
        kind=kind,
        command=command,
        from_status=case.status,
        to_status=to_status,
        actor_id=actor_id,
        at=at,
        data=data,
    )
    case.status = to_status
    session.add(event)
    return event


def note_event(
    session: Session,
    case: RecoveryCase,
    *,
    kind: str,
    actor_id: int | None,
    at: datetime,
    data: dict[str, Any],
) -> CaseEvent:
    """A timeline fact that is not a transition (SLA breach, attached feedback, action added)."""
    event = CaseEvent(
        case_id=case.id,
        kind=kind,
        command=None,
        from_status=case.status,
        to_status=case.status,
        actor_id=actor_id,
        at=at,
        data=data,
    )
    session.add(event)
    return event


def mark_first_response(ctx: Ctx) -> None:
    case = ctx.case
    if case.first_response_at is not None:
        return
    case.first_response_at = ctx.now
    case.first_response_working_minutes = working_minutes_between(ctx.cal, case.opened_at, ctx.now)
    if case.first_response_due_at is not None and ctx.now > case.first_response_due_at:
        case.is_first_response_breached = True


def close_pause(ctx: Ctx) -> int:
    """End a pending_customer pause: the resolution due time moves by the paused working time."""
    case = ctx.case
    if case.paused_at is None:
        return 0
    paused = working_minutes_between(ctx.cal, case.paused_at, ctx.now)
    case.paused_minutes = (case.paused_minutes or 0) + paused
    if case.resolution_due_at is not None and paused:
        case.resolution_due_at = add_working_minutes(ctx.cal, case.resolution_due_at, paused)
    case.paused_at = None
    return paused


def reopen_clock(ctx: Ctx) -> None:
    """Back to work: a fresh resolution deadline; past breaches stay on the record."""
    case = ctx.case
    policy = sla.policy_for(
        ctx.session, organization_id=case.organization_id, priority=case.priority
    )
    case.reopen_count = (case.reopen_count or 0) + 1
    case.resolved_at = None
    case.closed_at = None
    case.resolution_working_minutes = None
    case.resolution_due_at = add_working_minutes(ctx.cal, ctx.now, policy.resolution_minutes)
