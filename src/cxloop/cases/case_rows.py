"""Rows of newly opened cases and their first events, written set-based.

Why a module of its own: the organisation's rule (``opening.open_cases_for_feedback``, a whole
ingested batch at once) and a person opening a case by hand (``opening.open_case``) build the same
rows, and both write them in a fixed number of statements whatever their number.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from cxloop.cases import sla
from cxloop.cases.models import CaseEvent, CaseFeedback, CaseStatus, RecoveryCase
from cxloop.cases.schemas import CaseRead, EventRead, FeedbackSignal
from cxloop.cases.workflow import CaseCommand
from cxloop.core.clock import utcnow
from cxloop.core.worktime import WorkCalendar, add_working_minutes


def new_case_row(
    session: Session,
    *,
    organization_id: int,
    cal: WorkCalendar,
    title: str,
    priority: str,
    unit_id: int | None,
    service_id: int | None,
    customer_id: int | None,
    opened_at: datetime,
    assignee_id: int | None,
) -> dict[str, Any]:
    """The row of a new case with its SLA due times; a unique temporary number until its id."""
    policy = sla.policy_for(session, organization_id=organization_id, priority=priority)
    return {
        "organization_id": organization_id,
        "number": f"tmp-{uuid.uuid4().hex[:24]}",
        "title": title[:200],
        "status": CaseStatus.new,
        "priority": priority,
        "unit_id": unit_id,
        "service_id": service_id,
        "customer_id": customer_id,
        "assignee_id": assignee_id,
        "sla_policy_id": policy.id,
        "opened_at": opened_at,
        "first_response_due_at": add_working_minutes(cal, opened_at, policy.first_response_minutes),
        "resolution_due_at": add_working_minutes(cal, opened_at, policy.resolution_minutes),
        "is_first_response_breached": False,
        "is_resolution_breached": False,
        "paused_minutes": 0,
        "reopen_count": 0,
        "is_escalated": False,
    }


# NULLs written, not left out: every row has the same columns, so all go in one batched statement.
_BATCHED: dict[str, Any] = {"execution_options": {"render_nulls": True}}


def insert_cases(
    session: Session, rows: list[dict[str, Any]], cal: WorkCalendar, auto_close_days: int
) -> list[RecoveryCase]:
    """The new cases, in the order of ``rows``, by one INSERT ... RETURNING per 1,000 rows; then
    each gets its number C<year>-<id:06d> and its next check (one executemany UPDATE)."""
    if not rows:
        return []
    # RETURNING rows need not come back in the order of the VALUES: the temporary number tells.
    inserted = session.scalars(insert(RecoveryCase).returning(RecoveryCase), rows, **_BATCHED)
    by_number = {case.number: case for case in inserted}
    cases = [by_number[row["number"]] for row in rows]
    for case in cases:
        case.number = f"C{case.opened_at.astimezone(cal.zone).year}-{case.id:06d}"
        case.next_check_at = sla.next_check(cal, case, auto_close_days)
    session.flush()
    return cases


def opened_event_row(
    case: RecoveryCase, *, actor_id: int | None, data: dict[str, Any]
) -> dict[str, Any]:
    """The row of the "opened" event of a new case."""
    return {
        "case_id": case.id,
        "kind": "opened",
        "command": CaseCommand.open,
        "from_status": None,
        "to_status": CaseStatus.new,
        "actor_id": actor_id,
        "at": case.opened_at,
        "data": {**data, "priority": case.priority, "sla_policy_id": case.sla_policy_id},
    }


def attached_event_row(
    case: RecoveryCase, signal: FeedbackSignal, actor_id: int | None
) -> dict[str, Any]:
    """The row of a "feedback_attached" event: a timeline fact, not a transition (as
    ``effects.note_event`` writes them)."""
    return {
        "case_id": case.id,
        "kind": "feedback_attached",
        "command": None,
        "from_status": case.status,
        "to_status": case.status,
        "actor_id": actor_id,
        "at": utcnow(),
        "data": {"feedback_id": signal.feedback_id, "channel": signal.channel},
    }


def insert_links_and_events(
    session: Session, links: list[dict[str, Any]], events: list[dict[str, Any]]
) -> list[CaseEvent]:
    """All feedback links (one executemany) and events (one INSERT ... RETURNING), events in the
    order of ``events``: each is told apart by its case, kind and feedback id."""
    if links:
        session.execute(insert(CaseFeedback), links, **_BATCHED)
    if not events:
        return []
    inserted = session.scalars(insert(CaseEvent).returning(CaseEvent), events, **_BATCHED)
    by_key = {(e.case_id, e.kind, e.data.get("feedback_id")): e for e in inserted}
    return [by_key[(e["case_id"], e["kind"], e["data"].get("feedback_id"))] for e in events]


def fresh_read(case: RecoveryCase, event: CaseEvent, feedback_ids: list[int]) -> CaseRead:
    """The read of a case just opened, built without querying its (known) children."""
    fields = {name: getattr(case, name) for name in CaseRead.model_fields if hasattr(case, name)}
    fields.update(feedback_ids=feedback_ids, events=[EventRead.model_validate(event)])
    return CaseRead.model_validate(fields)
