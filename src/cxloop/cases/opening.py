"""Opening cases: by the organisation's rule for each ingested item, or by hand.

Ingestion calls ``open_case_for_feedback`` for every item, so a positive item costs no query
beyond the organisation (already in the session) and a negative one a handful of small ones.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, column, select, table
from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.accounts.service import Principal
from cxloop.cases import sla
from cxloop.cases.effects import note_event
from cxloop.cases.models import (
    OPEN_STATUSES,
    CaseEvent,
    CaseFeedback,
    CasePriority,
    CaseStatus,
    RecoveryCase,
)
from cxloop.cases.queries import case_for_feedback, get_case
from cxloop.cases.schemas import CaseCreate, CaseRead, EventRead, FeedbackSignal
from cxloop.cases.workflow import CaseCommand
from cxloop.core.clock import utcnow
from cxloop.core.errors import Conflict, Forbidden, ValidationFailed
from cxloop.core.worktime import add_working_minutes
from cxloop.org import service as org_service
from cxloop.text import mask_pii


def matches_rule(rule: Any, signal: FeedbackSignal) -> bool:
    """Whether the organisation's case rule says this item deserves a case."""
    if not rule.enabled:
        return False
    checks = (
        rule.rating_max is not None
        and signal.rating is not None
        and signal.rating <= rule.rating_max,
        rule.csat_max is not None and signal.csat is not None and signal.csat <= rule.csat_max,
        rule.nps_max is not None and signal.nps is not None and signal.nps <= rule.nps_max,
        rule.ces_min is not None and signal.ces is not None and signal.ces >= rule.ces_min,
        rule.negative_sentiment
        and signal.sentiment == "negative"
        and not (rule.top_box_overrides_text and is_top_box(signal)),
        rule.critical_urgency and signal.urgency == "critical",
    )
    return any(checks)


def is_top_box(signal: FeedbackSignal) -> bool:
    """The best answer the scale has: rating or csat 5 (非常满意), or an NPS promoter (9–10)."""
    return signal.rating == 5 or signal.csat == 5 or (signal.nps is not None and signal.nps >= 9)


def priority_for(signal: FeedbackSignal) -> str:
    """urgency critical -> urgent, high -> high; rating 1 or nps 0–2 -> high; else normal."""
    if signal.urgency == "critical":
        return CasePriority.urgent
    if signal.urgency == "high":
        return CasePriority.high
    if signal.rating == 1 or (signal.nps is not None and signal.nps <= 2):
        return CasePriority.high
    return CasePriority.normal


def _title(signal: FeedbackSignal) -> str:
    """The case's one-line label, from the feedback text with personal data masked: titles are
    shown in queues and dashboards to people who need not see a phone or ID number."""
    if signal.text and signal.text.strip():
        text = " ".join(mask_pii(signal.text).split())
        return text if len(text) <= 80 else text[:79] + "…"
    scores = [
        f"{name} {value}"
        for name, value in (("rating", signal.rating), ("csat", signal.csat), ("nps", signal.nps))
        if value is not None
    ]
    return f"{signal.channel}: {', '.join(scores) or signal.sentiment or 'negative'}"


def _create_case(
    session: Session,
    *,
    organization_id: int,
    title: str,
    priority: str,
    unit_id: int | None,
    service_id: int | None,
    customer_id: int | None,
    opened_at: datetime,
    actor_id: int | None,
    assignee_id: int | None,
    feedback_ids: list[int],
    data: dict[str, Any],
) -> tuple[RecoveryCase, CaseEvent]:
    cal = sla.calendar_for(session, organization_id=organization_id)
    settings = sla.settings_for(session, organization_id=organization_id)
    policy = sla.policy_for(session, organization_id=organization_id, priority=priority)
    case = RecoveryCase(
        organization_id=organization_id,
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        title=title[:200],
        status=CaseStatus.new,
        priority=priority,
        unit_id=unit_id,
        service_id=service_id,
        customer_id=customer_id,
        assignee_id=assignee_id,
        sla_policy_id=policy.id,
        opened_at=opened_at,
        first_response_due_at=add_working_minutes(cal, opened_at, policy.first_response_minutes),
        resolution_due_at=add_working_minutes(cal, opened_at, policy.resolution_minutes),
        is_first_response_breached=False,
        is_resolution_breached=False,
        paused_minutes=0,
        reopen_count=0,
        is_escalated=False,
    )
    session.add(case)
    session.flush()
    case.number = f"C{opened_at.astimezone(cal.zone).year}-{case.id:06d}"
    for feedback_id in feedback_ids:
        session.add(CaseFeedback(case_id=case.id, feedback_id=feedback_id))
    event = CaseEvent(
        case_id=case.id,
        kind="opened",
        command=CaseCommand.open,
        from_status=None,
        to_status=CaseStatus.new,
        actor_id=actor_id,
        at=opened_at,
        data={**data, "priority": priority, "sla_policy_id": policy.id},
    )
    session.add(event)
    case.next_check_at = sla.next_check(cal, case, settings.auto_close_days)
    session.flush()
    return case, event


def _fresh_read(case: RecoveryCase, event: CaseEvent, feedback_ids: list[int]) -> CaseRead:
    """The read of a case just opened, built without querying its (known) children."""
    fields = {name: getattr(case, name) for name in CaseRead.model_fields if hasattr(case, name)}
    fields.update(feedback_ids=feedback_ids, events=[EventRead.model_validate(event)])
    return CaseRead.model_validate(fields)


def open_case_for_feedback(
    session: Session,
    *,
    organization_id: int,
    signal: FeedbackSignal,
    actor_id: int | None = None,
) -> CaseRead | None:
    """Open a case when the organisation's rule says so; None when the item is not negative enough.

    A second negative item from the same customer on the same unit and service, while a case of
    theirs is open, joins that case instead of opening another. Cheap for positive items (no query
    beyond the cached organisation) because ingestion calls it for every item.
    """
    settings = sla.settings_for(session, organization_id=organization_id)
    if not matches_rule(settings.rule, signal):
        return None
    linked = case_for_feedback(
        session, organization_id=organization_id, feedback_id=signal.feedback_id
    )
    if linked is not None:
        return get_case(session, organization_id=organization_id, case_id=linked.id)
    if signal.customer_id is not None:
        c = RecoveryCase
        existing = session.scalar(
            select(c)
            .where(
                c.organization_id == organization_id,
                c.customer_id == signal.customer_id,
                c.status.in_(list(OPEN_STATUSES)),
                c.unit_id.is_(None) if signal.unit_id is None else c.unit_id == signal.unit_id,
                c.service_id.is_(None)
                if signal.service_id is None
                else c.service_id == signal.service_id,
            )
            .order_by(c.opened_at.desc())
            .limit(1)
        )
        if existing is not None:
            session.add(CaseFeedback(case_id=existing.id, feedback_id=signal.feedback_id))
            note_event(
                session,
                existing,
                kind="feedback_attached",
                actor_id=actor_id,
                at=utcnow(),
                data={"feedback_id": signal.feedback_id, "channel": signal.channel},
            )
            session.flush()
            return get_case(session, organization_id=organization_id, case_id=existing.id)
    case, event = _create_case(
        session,
        organization_id=organization_id,
        title=_title(signal),
        priority=priority_for(signal),
        unit_id=signal.unit_id,
        service_id=signal.service_id,
        customer_id=signal.customer_id,
        opened_at=signal.received_at,
        actor_id=actor_id,
        assignee_id=None,
        feedback_ids=[signal.feedback_id],
        data={
            "feedback_id": signal.feedback_id,
            "channel": signal.channel,
            **({"staff_id": signal.staff_id} if signal.staff_id is not None else {}),
            "source": "rule",
        },
    )
    return _fresh_read(case, event, [signal.feedback_id])


_feedback = table("feedback", column("id", Integer), column("organization_id", Integer))


def open_case(
    session: Session,
    *,
    organization_id: int,
    actor: Principal,
    data: CaseCreate,
    now: datetime | None = None,
) -> CaseRead:
    """Open a case by hand, from feedback items or from scratch (a phone call, a letter)."""
    if actor.role == Role.analyst:
        raise Forbidden("case.forbidden", command="open")
    unit_id = service_id = None
    if data.unit:
        unit = org_service.find_unit_by_code(
            session, organization_id=organization_id, code=data.unit
        )
        if unit is None:
            raise ValidationFailed(
                "case.unknown_unit", details={"field": "unit"}, unit_code=data.unit
            )
        unit_id = unit.id
    if data.service:
        svc = org_service.find_service_by_code(
            session, organization_id=organization_id, code=data.service
        )
        if svc is None:
            raise ValidationFailed(
                "case.unknown_service", details={"field": "service"}, unit_code=data.service
            )
        service_id = svc.id
    ids = sorted(set(data.feedback_ids))
    if ids:
        # Read-only check of the tenant of the ids (the feedback domain offers no lookup yet).
        known = set(
            session.scalars(
                select(_feedback.c.id).where(
                    _feedback.c.id.in_(ids), _feedback.c.organization_id == organization_id
                )
            )
        )
        missing = [i for i in ids if i not in known]
        if missing:
            raise ValidationFailed(
                "case.unknown_feedback", details={"field": "feedback_ids", "ids": missing}
            )
        taken = list(
            session.scalars(
                select(CaseFeedback.feedback_id).where(CaseFeedback.feedback_id.in_(ids))
            )
        )
        if taken:
            raise Conflict("case.feedback_already_linked", details={"feedback_ids": taken})
    assignee_id = None
    if data.assignee:
        user = (
            accounts_service.find_user(session, actor.user_id)
            if data.assignee == "me"
            else accounts_service.find_user_by_username(session, data.assignee)
        )
        if user is None or user.organization_id != organization_id:
            raise ValidationFailed(
                "case.unknown_assignee", details={"field": "assignee"}, username=data.assignee
            )
        assignee_id = user.id
    case, event = _create_case(
        session,
        organization_id=organization_id,
        title=data.title or "",
        priority=data.priority,
        unit_id=unit_id if unit_id is not None else actor.unit_id,
        service_id=service_id,
        customer_id=data.customer_id,
        opened_at=now or utcnow(),
        actor_id=actor.user_id,
        assignee_id=assignee_id,
        feedback_ids=ids,
        data={"source": "manual", "feedback_ids": ids},
    )
    return _fresh_read(case, event, ids)
