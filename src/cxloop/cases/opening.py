"""Opening cases: by the organisation's rule for each ingested item, or by hand.

Ingestion calls ``open_cases_for_feedback`` once for a whole batch: a positive item costs no query
beyond the organisation (already in the session), and the negative ones a fixed number of
statements together, not a handful each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, column, select, table
from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.accounts.service import Principal
from cxloop.cases import sla
from cxloop.cases.case_rows import (
    attached_event_row,
    fresh_read,
    insert_cases,
    insert_links_and_events,
    new_case_row,
    opened_event_row,
)
from cxloop.cases.models import (
    OPEN_STATUSES,
    CaseEvent,
    CaseFeedback,
    CasePriority,
    RecoveryCase,
)
from cxloop.cases.queries import to_reads
from cxloop.cases.schemas import CaseCreate, CaseRead, FeedbackSignal
from cxloop.core.clock import utcnow
from cxloop.core.errors import Conflict, Forbidden, ValidationFailed
from cxloop.core.worktime import WorkCalendar
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
        and (rule.inquiries_by_text or signal.feedback_type != "inquiry")
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


def open_case_for_feedback(
    session: Session,
    *,
    organization_id: int,
    signal: FeedbackSignal,
    actor_id: int | None = None,
) -> CaseRead | None:
    """Open (or join) a case for one item: ``open_cases_for_feedback`` of a batch of one."""
    return open_cases_for_feedback(
        session, organization_id=organization_id, signals=[signal], actor_id=actor_id
    )[0]


@dataclass
class _Step:
    """What one item of a batch does: "linked" (it already has a case), "joined" or "opened"."""

    kind: str
    signal: FeedbackSignal
    case: RecoveryCase | None = None
    via: _Step | None = None  # an earlier step of the batch whose case this one shares
    row: dict[str, Any] | None = None  # the new case's row, for "opened"
    event: CaseEvent | None = None


def open_cases_for_feedback(
    session: Session,
    *,
    organization_id: int,
    signals: Sequence[FeedbackSignal],
    actor_id: int | None = None,
) -> list[CaseRead | None]:
    """Open a case for each item the organisation's rule says deserves one; one result per signal.

    None for an item that is not negative enough; the case an item already belongs to; and a second
    negative item from the same customer on the same unit and service, while a case of theirs is
    open, joins that case instead of opening another (also when the first is earlier in the batch).
    Each result is the case as it stood after its own item, as if the items came one at a time.

    A fixed number of statements whatever the size of the batch: the links the items already have,
    the open cases of their customers, the new cases, their numbers, the new links, the new
    events, and (when items join or were linked) the full reads of those cases. No statement at
    all when no item is negative.
    """
    settings = sla.settings_for(session, organization_id=organization_id)
    chosen = {i: s for i, s in enumerate(signals) if matches_rule(settings.rule, s)}
    if not chosen:
        return [None] * len(signals)
    cal = sla.calendar_for(session, organization_id=organization_id)
    linked = _linked_cases(session, organization_id, [s.feedback_id for s in chosen.values()])
    open_cases = _open_cases(session, organization_id, [s.customer_id for s in chosen.values()])
    steps: dict[int, _Step] = {}
    by_feedback: dict[int, _Step] = {}  # feedback id -> the earlier step that gave it a case
    by_key: dict[_Key, _Step] = {}  # (customer, unit, service) -> the step that opened a case
    for index, signal in chosen.items():
        key = (signal.customer_id, signal.unit_id, signal.service_id)
        if signal.feedback_id in linked:
            step = _Step("linked", signal, case=linked[signal.feedback_id])
        elif signal.feedback_id in by_feedback:
            step = _Step("linked", signal, via=by_feedback[signal.feedback_id])
        elif signal.customer_id is not None and key in by_key:
            step = _Step("joined", signal, via=by_key[key])
        elif signal.customer_id is not None and key in open_cases:
            step = _Step("joined", signal, case=open_cases[key])
        else:
            step = _Step("opened", signal, row=_rule_case(session, organization_id, cal, signal))
            if signal.customer_id is not None:
                by_key[key] = step
        steps[index] = by_feedback[signal.feedback_id] = step

    opening = [step for step in steps.values() if step.row is not None]
    rows = [step.row for step in opening if step.row is not None]
    for step, case in zip(
        opening, insert_cases(session, rows, cal, settings.auto_close_days), strict=True
    ):
        step.case = case
    links: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for step in steps.values():  # in order: a step's ``via`` is always an earlier one
        if step.via is not None:
            step.case = step.via.case
        target = step.case
        assert target is not None
        if step.kind == "linked":
            continue
        links.append({"case_id": target.id, "feedback_id": step.signal.feedback_id})
        events.append(
            opened_event_row(target, actor_id=actor_id, data=_rule_data(step.signal))
            if step.kind == "opened"
            else attached_event_row(target, step.signal, actor_id)
        )
    adding = [step for step in steps.values() if step.kind != "linked"]
    for step, event in zip(adding, insert_links_and_events(session, links, events), strict=True):
        step.event = event
    return _results(session, steps, len(signals))


def _rule_case(
    session: Session, organization_id: int, cal: WorkCalendar, signal: FeedbackSignal
) -> dict[str, Any]:
    return new_case_row(
        session,
        organization_id=organization_id,
        cal=cal,
        title=_title(signal),
        priority=priority_for(signal),
        unit_id=signal.unit_id,
        service_id=signal.service_id,
        customer_id=signal.customer_id,
        opened_at=signal.received_at,
        assignee_id=None,
    )


def _rule_data(signal: FeedbackSignal) -> dict[str, Any]:
    return {
        "feedback_id": signal.feedback_id,
        "channel": signal.channel,
        **({"staff_id": signal.staff_id} if signal.staff_id is not None else {}),
        "source": "rule",
    }


def _linked_cases(
    session: Session, organization_id: int, feedback_ids: list[int]
) -> dict[int, RecoveryCase]:
    """feedback id -> the organisation's case it already belongs to."""
    rows = session.execute(
        select(CaseFeedback.feedback_id, RecoveryCase)
        .join(RecoveryCase, CaseFeedback.case_id == RecoveryCase.id)
        .where(
            CaseFeedback.feedback_id.in_(sorted(set(feedback_ids))),
            RecoveryCase.organization_id == organization_id,
        )
    )
    return {feedback_id: case for feedback_id, case in rows}


_Key = tuple[int | None, int | None, int | None]


def _open_cases(
    session: Session, organization_id: int, customer_ids: list[int | None]
) -> dict[_Key, RecoveryCase]:
    """(customer, unit, service) -> the customer's latest open case there."""
    wanted = sorted({i for i in customer_ids if i is not None})
    if not wanted:
        return {}
    c = RecoveryCase
    rows = session.scalars(
        select(c)
        .where(
            c.organization_id == organization_id,
            c.customer_id.in_(wanted),
            c.status.in_(list(OPEN_STATUSES)),
        )
        .order_by(c.opened_at, c.id)
    )
    return {(case.customer_id, case.unit_id, case.service_id): case for case in rows}


def _results(session: Session, steps: dict[int, _Step], size: int) -> list[CaseRead | None]:
    """Each item's case as it stood after that item: later items' links and events left out."""
    known = {s.case.id: s.case for s in steps.values() if s.case is not None and s.kind != "opened"}
    reads = {read.id: read for read in to_reads(session, list(known.values()))}
    later_feedback: dict[int, set[int]] = {}
    later_events: dict[int, set[int]] = {}
    results: list[CaseRead | None] = [None] * size
    for index in sorted(steps, reverse=True):
        step = steps[index]
        assert step.case is not None
        case_id = step.case.id
        if step.kind == "opened":
            assert step.event is not None
            results[index] = fresh_read(step.case, step.event, [step.signal.feedback_id])
        else:
            read = reads[case_id]
            feedback = later_feedback.get(case_id, set())
            events = later_events.get(case_id, set())
            results[index] = read.model_copy(
                update={
                    "feedback_ids": [i for i in read.feedback_ids if i not in feedback],
                    "events": [e for e in read.events if e.id not in events],
                }
            )
        if step.event is not None:
            later_feedback.setdefault(case_id, set()).add(step.signal.feedback_id)
            later_events.setdefault(case_id, set()).add(step.event.id)
    return results


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
    cal = sla.calendar_for(session, organization_id=organization_id)
    settings = sla.settings_for(session, organization_id=organization_id)
    row = new_case_row(
        session,
        organization_id=organization_id,
        cal=cal,
        title=data.title or "",
        priority=data.priority,
        unit_id=unit_id if unit_id is not None else actor.unit_id,
        service_id=service_id,
        customer_id=data.customer_id,
        opened_at=now or utcnow(),
        assignee_id=assignee_id,
    )
    [case] = insert_cases(session, [row], cal, settings.auto_close_days)
    [event] = insert_links_and_events(
        session,
        [{"case_id": case.id, "feedback_id": i} for i in ids],
        [
            opened_event_row(
                case, actor_id=actor.user_id, data={"source": "manual", "feedback_ids": ids}
            )
        ],
    )
    return fresh_read(case, event, ids)
